import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from './create-db.ts';

/**
 * COPY takes no bind parameters, so a compiled query's values are written into it as literals:
 * each must read back as the value it was, on the embedded engine as on PostgreSQL.
 */
let database: Database;
beforeAll(async () => {
  database = await createDb({});
});
afterAll(async () => database?.close());

async function copied(query: string, parameters: unknown[]): Promise<string> {
  const out = new PassThrough();
  const read = text(out);
  await database.rawSession((session) => session.copyTo(query, parameters, 'FORMAT csv', out));
  out.end();
  return read;
}

describe('values written into a COPY', () => {
  it('scalars and arrays, with quotes, backslashes, commas and braces, read back unchanged', async () => {
    const tricky = ['+44%', `it's`, 'a"b', 'back\\slash', 'x,y', '{z}', 'NULL', ''];
    const out = await copied('SELECT $1::text AS s, $2::int AS n, $3::text[] AS a, array_length($3::text[], 1) AS len, $3::text[] = $4::text[] AS same',
      [`it's`, 42, tricky, tricky]);
    const [s, n, , len, same] = out.trim().split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    expect([s, n, len, same]).toEqual([`it's`, '42', String(tricky.length), 't']);
    const elements = await copied('SELECT unnest($1::text[]) AS e', [tricky]);
    expect(elements.split('\n').slice(0, -1).map((line) => (line.startsWith('"') ? line.slice(1, -1).replaceAll('""', '"') : line)))
      .toEqual(tricky);
  });

  it('a null element stays null; a value with no literal is refused', async () => {
    expect((await copied('SELECT array_position($1::text[], NULL) AS p', [['a', null]])).trim()).toBe('2');
    await expect(copied('SELECT $1::text AS s', [{ an: 'object' }])).rejects.toThrow(/no literal/);
  });
});
