import { badRequest } from './problem.ts';

/** Opaque keyset cursor: the sort value and the id of the last row of a page. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'string')) return values;
  } catch {
    // fall through
  }
  throw badRequest('querystring.cursor', 'is not a cursor this list gave out');
}
