import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { csvExportStream, section, type ExportColumn, type ExportDocument } from '@mandate/server/lib/export-stream';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

interface Row {
  at: Date;
  text: string | null;
  n: number | null;
  cents: number;
  day: string;
}

/** Values chosen for what the two writers could disagree on: formula signs, quoting, empty and null, signs and zero, both DST offsets. */
const ROWS: Row[] = [
  { at: new Date('2026-03-29T00:59:59.999Z'), text: '=1+1', n: 0, cents: 0, day: '2026-03-29' },
  { at: new Date('2026-03-29T01:00:00.000Z'), text: '+32470123456', n: -3, cents: -5, day: '2026-01-01' },
  { at: new Date('2026-10-25T00:30:00.000Z'), text: 'a;b"c', n: 1234567890123, cents: 123456, day: '2026-12-31' },
  { at: new Date('2026-10-25T01:30:00.000Z'), text: '', n: null, cents: -100, day: '2026-02-28' },
  { at: new Date('2026-07-01T12:00:00.000Z'), text: null, n: 7, cents: 7, day: '2026-07-01' },
  { at: new Date('2026-07-01T12:00:01.000Z'), text: '@SUM(A1)', n: 1, cents: 99, day: '2026-07-01' },
  { at: new Date('2026-07-01T12:00:02.000Z'), text: '-2+3', n: 1, cents: 100, day: '2026-07-01' },
  { at: new Date('2026-07-01T12:00:03.000Z'), text: '\tx', n: 1, cents: 1, day: '2026-07-01' },
  { at: new Date('2026-07-01T12:00:04.000Z'), text: 'plain text, with a comma', n: 1, cents: 1, day: '2026-07-01' },
];

/** A text of the test, the same in every language (what is compared here is the cells). */
const same = (text: string) => ({ en: text, nl: text, fr: text });

const COLUMNS: ReadonlyArray<ExportColumn<Row>> = [
  { header: 'at', meaning: same('an instant'), kind: 'instant', value: (r) => r.at, sql: 'v.at' },
  { header: 'text', meaning: same('a text'), kind: 'text', value: (r) => r.text, sql: 'v.text' },
  { header: 'n', meaning: same('a whole number'), kind: 'integer', value: (r) => r.n, sql: 'v.n' },
  { header: 'eur', meaning: same('an amount'), kind: 'money', value: (r) => r.cents, sql: 'v.cents' },
  { header: 'day', meaning: same('a date'), kind: 'date', value: (r) => r.day, sql: 'v.day' },
];

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('CSV exports: written by PostgreSQL (COPY) or row by row, the same bytes', () => {
  it('every kind of cell, both DST offsets, formula signs, quoting, empty and null', async () => {
    const db = t.database.db;
    const rows = () => db
      .selectFrom(sql<Row>`(SELECT * FROM jsonb_to_recordset(${JSON.stringify(ROWS)}::jsonb)
        AS x(at timestamptz, text text, n bigint, cents integer, day date))`.as('v'))
      .orderBy(sql`v.at`);
    const doc = (csvRows: boolean): ExportDocument => ({
      sections: [section<Row>({
        title: same('Values'), columns: COLUMNS,
        batches: async function* () { yield [...ROWS].sort((a, b) => a.at.getTime() - b.at.getTime()); },
        ...(csvRows ? { csvRows: rows } : {}),
      })],
    });
    const byCopy = await text(csvExportStream(doc(true), db));
    const byRow = await text(csvExportStream(doc(false), db));
    expect(byCopy).toBe(byRow);
    // Not two empty files: every row made it, with the Brussels offsets of both sides of the DST change.
    expect(byCopy.split('\r\n').filter((l) => /^\d{4}-/.test(l))).toHaveLength(ROWS.length);
    expect(byCopy).toContain('2026-03-29T01:59:59+01:00;\'=1+1;0;0.00;2026-03-29\r\n');
    expect(byCopy).toContain("2026-03-29T03:00:00+02:00;'+32470123456;-3;-0.05;2026-01-01\r\n");
    expect(byCopy).toContain('"a;b""c"');
  });
});
