import { createHash } from 'node:crypto';
import { FIRST_DAY, LAST_DAY } from '@mandate/contracts/common';
import { isIsoDate } from '@mandate/domain/dates';
import { badRequest } from './problem.ts';

/**
 * Keyset pagination (DESIGN.md, API conventions): a page is `{ items, nextCursor }`, and a cursor
 * holds the sort values and the id of the last row given out. Cursors come back from clients, so
 * every value is checked against the list's key shape before it reaches SQL: a cursor that does
 * not fit is a 400 naming `querystring.cursor`, never a database error.
 */

/** What one position of a keyset key holds. */
export type KeyPart = 'text' | 'uuid' | 'timestamp' | 'date' | 'integer' | 'msisdn';

type PartValue<P extends KeyPart> = P extends 'integer' ? number : string;
export type KeyValues<S extends readonly KeyPart[]> = { [I in keyof S]: S[I] extends KeyPart ? PartValue<S[I]> : never };

/** A list's keyset: a name (a cursor of one list or sort order is refused by another) and its shape. */
export interface Keyset<S extends readonly KeyPart[]> {
  name: string;
  shape: S;
}

export const keyset = <const S extends readonly KeyPart[]>(name: string, ...shape: S): Keyset<S> => ({ name, shape });

/** A short digest of what a list was asked for: a cursor of another invoice, filter or order is refused (400). */
export function queryFingerprint(parts: ReadonlyArray<unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

/**
 * The keyset of one query of a list: its name carries a digest of the filters and order asked for
 * (everything but the cursor and the page size), so a cursor given out for other filters is refused
 * with a 400 instead of silently going on with another list's rows.
 */
export function forQuery<S extends readonly KeyPart[]>(set: Keyset<S>, query: Readonly<Record<string, unknown>>): Keyset<S> {
  const asked = Object.entries(query).filter(([key, value]) => key !== 'cursor' && key !== 'limit' && value !== undefined);
  asked.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { name: `${set.name}:${queryFingerprint(asked)}`, shape: set.shape };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A stored mobile number: E.164, '+' and digits. */
const MSISDN = /^\+\d{4,15}$/;
/** An instant as cursorTime writes it (or PostgreSQL's text, microseconds and an offset). */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A real calendar day (not 2026-02-30) within the calendar the API accepts anywhere (years 1900 to
 * 2999, contracts' FIRST_DAY..LAST_DAY). Date.parse is no check: it rolls 2026-02-30 over to
 * March and takes year 0000, both of which PostgreSQL refuses.
 */
const isDay = (value: string): boolean => isIsoDate(value) && value >= FIRST_DAY && value <= LAST_DAY;

/**
 * The day a list sorts a missing date as, after every real one (users by employment end, SIMs by
 * the end of their initial term: `coalesce(…, '9999-12-31')` in their repos). It is in the cursors
 * those lists give out, so a date key takes it too.
 */
export const OPEN_END_DAY = '9999-12-31';

/** An instant on a real day at a real time of day (no 24:00, no 23:60), with a real UTC offset (under 15 hours), on a UTC day within the API's calendar. */
function isInstant(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m || !isDay(m[1]!)) return false;
  const [hour, minute, second, offsetHours, offsetMinutes] = [m[2], m[3], m[4], m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number];
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 14 && offsetMinutes <= 59 && isDay(new Date(value).toISOString().slice(0, 10));
}

function fits(part: KeyPart, value: unknown): boolean {
  switch (part) {
    case 'integer':
      return Number.isSafeInteger(value);
    case 'text':
      return typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'msisdn':
      return typeof value === 'string' && MSISDN.test(value);
    case 'date':
      return typeof value === 'string' && (isDay(value) || value === OPEN_END_DAY);
    case 'timestamp':
      return typeof value === 'string' && isInstant(value);
  }
}

export function encodeCursor<S extends readonly KeyPart[]>(set: Keyset<S>, values: KeyValues<S>): string {
  return Buffer.from(JSON.stringify([set.name, ...values])).toString('base64url');
}

/** The key values a cursor holds, checked against the keyset; undefined for the first page. */
export function decodeCursor<S extends readonly KeyPart[]>(set: Keyset<S>, cursor: string | undefined): KeyValues<S> | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    Array.isArray(decoded) &&
    decoded.length === set.shape.length + 1 &&
    decoded[0] === set.name &&
    set.shape.every((part, i) => fits(part, decoded[i + 1]))
  ) {
    return decoded.slice(1) as KeyValues<S>;
  }
  throw badRequest('querystring.cursor', 'is not a cursor this list gave out');
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only says there is a next page.
 * `keyOf` gives the key values of a row, in the keyset's order.
 */
export function toPage<Row, Item, S extends readonly KeyPart[]>(
  rows: readonly Row[],
  limit: number,
  set: Keyset<S>,
  keyOf: (row: Row) => KeyValues<S>,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(set, keyOf(last)) : null,
  };
}

/** A timestamp as a cursor value (PostgreSQL returns Date objects or text, by driver). */
export const cursorTime = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();
