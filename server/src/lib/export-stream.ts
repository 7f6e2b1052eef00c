import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { brusselsOffsetMs } from '@mandate/domain/dates';

/**
 * Streamed CSV and XLSX exports of billing data (the one place they are written). A document is a
 * list of sections (a table each), the INV-6 caveat and a data dictionary of every column. Rows
 * come from the caller in batches (keyset pages read from PostgreSQL) and are written as they come:
 * the next batch is fetched only once the consumer has taken the previous one, so memory stays flat
 * whatever the number of rows.
 *
 * CSV is spreadsheet-safe like lib/csv.ts: UTF-8 with BOM, `;`-separated (Belgian Excel), CRLF;
 * `#` lines before the header hold the caveat and the dictionary. Formula injection: every text
 * cell that starts with = + - @ tab or CR is written with a leading apostrophe, phone numbers
 * such as +32470123456 included (always, so no crafted value slips through a "looks like a
 * number" rule; the number stays readable and a spreadsheet keeps it as text rather than turning
 * it into 3.2E+10). Numbers, amounts and times are made here and never start with a formula sign
 * except a minus of a negative amount, which is a number to a spreadsheet, not a formula.
 * XLSX cells are typed (text cells are strings, never formulas), so they hold values unchanged.
 */

/** INV-6, on every export of billing data. */
export const INVOICE_CAVEAT = 'The official invoice prevails over the figures in this export.';

export type CellKind = 'text' | 'integer' | 'money' | 'instant' | 'date';
export type CellValue = string | number | Date | null | undefined;

export interface ExportColumn<Row> {
  /** The column's name in the header row (stable, machine-friendly). */
  header: string;
  /** What the column holds, for the data dictionary. */
  meaning: string;
  /** text: neutralised in CSV; integer: a whole number; money: integer cents written as euros (1234 → 12.34); instant: Brussels time, ISO 8601 with offset; date: YYYY-MM-DD. */
  kind: CellKind;
  value: (row: Row) => CellValue;
}

export interface ExportSection<Row = never> {
  /** The sheet name in XLSX and the section title in CSV (at most 31 characters). */
  title: string;
  columns: ReadonlyArray<ExportColumn<Row>>;
  /** The rows, batch after batch; pulled only as fast as the client reads. */
  batches: () => AsyncIterable<readonly Row[]>;
}

export interface ExportDocument {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sections: ReadonlyArray<ExportSection<any>>;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A defining section of a document, typed by its row. */
export const section = <Row>(s: ExportSection<Row>): ExportSection<Row> => s;

/** `1234` → `12.34`, `-5` → `-0.05`: euros with a point, exact (no floating point). */
export function centsToEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The Brussels offset of each UTC hour seen (it changes only on whole UTC hours): the per-row cost is one Map look-up. */
const offsetByHour = new Map<number, number>();

/** An instant as Brussels wall-clock time in ISO 8601 with its offset: 2026-10-05T14:03:07+02:00. */
export function brusselsIso(at: Date): string {
  const ms = at.getTime();
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = brusselsOffsetMs(new Date(hour * 3_600_000));
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const wall = new Date(ms + offset).toISOString().slice(0, 19);
  const h = Math.trunc(offset / 3_600_000);
  const m = Math.trunc((Math.abs(offset) % 3_600_000) / 60_000);
  return `${wall}${offset < 0 ? '-' : '+'}${String(Math.abs(h)).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A text cell that a spreadsheet could read as a formula gets a leading apostrophe (see above). */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const toDate = (value: string | number | Date): Date => (value instanceof Date ? value : new Date(value));

/** A cell as CSV text. */
function csvValue(kind: CellKind, value: CellValue): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'text':
      return neutralise(String(value));
    case 'integer':
      return String(value);
    case 'money':
      return centsToEuros(Number(value));
    case 'instant':
      return brusselsIso(toDate(value));
    case 'date':
      return String(value);
  }
}

/** A cell as an XLSX value: numbers stay numbers, amounts are euros, times Brussels ISO text. */
function xlsxValue(kind: CellKind, value: CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'text':
    case 'date':
      return String(value);
    case 'integer':
      return Number(value);
    case 'money':
      return Number(value) / 100;
    case 'instant':
      return brusselsIso(toDate(value));
  }
}

/** `#` lines must stay one cell of one line: no delimiter, quote or line break in the texts that go there. */
function commentLine(text: string): string {
  if (/[;"\r\n]/.test(text)) throw new Error(`export: a comment line may not hold ; " or a line break: ${text}`);
  return `# ${text}\r\n`;
}

const CSV_OPTIONS = { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n]/ } as const;

/** The data dictionary as (section, column, meaning) rows. */
function dictionary(doc: ExportDocument): Array<[string, string, string]> {
  return doc.sections.flatMap((s) => s.columns.map((c): [string, string, string] => [s.title, c.header, c.meaning]));
}

async function* csvChunks(doc: ExportDocument): AsyncGenerator<string> {
  const several = doc.sections.length > 1;
  let preamble = `\uFEFF${commentLine(INVOICE_CAVEAT)}${commentLine('Data dictionary (column: meaning). Amounts in euros excluding VAT with a point, times in Brussels time (ISO 8601 with offset).')}`;
  preamble += commentLine(`Text that starts with + - = or @ (phone numbers such as +32470123456 too) is written after an apostrophe ('), so that no spreadsheet takes it for a formula.`);
  for (const [title, header, meaning] of dictionary(doc)) preamble += commentLine(`${several ? `${title} / ` : ''}${header}: ${meaning}`);
  yield preamble;
  for (const s of doc.sections) {
    let head = several ? `\r\n${commentLine(s.title)}` : '';
    head += stringify([s.columns.map((c) => c.header)], CSV_OPTIONS);
    yield head;
    for await (const batch of s.batches()) {
      if (batch.length === 0) continue;
      yield stringify(batch.map((row) => s.columns.map((c) => csvValue(c.kind, c.value(row)))), CSV_OPTIONS);
    }
  }
}

/** The document as a CSV byte stream; the next batch is read only when the client has taken the last. */
export function csvExportStream(doc: ExportDocument): Readable {
  return Readable.from(csvChunks(doc), { objectMode: false, highWaterMark: 64 * 1024 });
}

/** Waits until `out` has room again (the client reads slower than rows come). */
async function roomIn(out: PassThrough): Promise<void> {
  // Let the zip deflate what was written, so the output's fill level is known.
  await yieldToLoop();
  while (!out.destroyed && (out.writableNeedDrain || out.readableLength > out.readableHighWaterMark)) {
    await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
}

async function writeWorkbook(doc: ExportDocument, out: PassThrough): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  for (const s of doc.sections) {
    const sheet = workbook.addWorksheet(s.title);
    sheet.addRow([INVOICE_CAVEAT]).commit();
    sheet.addRow([]).commit();
    sheet.addRow(s.columns.map((c) => c.header)).commit();
    for await (const batch of s.batches()) {
      if (out.destroyed) return;
      for (const row of batch) sheet.addRow(s.columns.map((c) => xlsxValue(c.kind, c.value(row)))).commit();
      await roomIn(out);
    }
    sheet.commit();
  }
  const dict = workbook.addWorksheet('Data dictionary');
  dict.addRow([INVOICE_CAVEAT]).commit();
  dict.addRow(['Amounts in euros excluding VAT; times in Brussels time (ISO 8601 with offset).']).commit();
  dict.addRow([]).commit();
  dict.addRow(doc.sections.length > 1 ? ['Sheet', 'Column', 'Meaning'] : ['Column', 'Meaning']).commit();
  for (const [title, header, meaning] of dictionary(doc)) dict.addRow(doc.sections.length > 1 ? [title, header, meaning] : [header, meaning]).commit();
  dict.commit();
  await workbook.commit();
}

/**
 * The document as an XLSX byte stream (exceljs' streaming writer): one sheet per section, each
 * starting with the caveat, then the data dictionary sheet. A failure while reading rows ends the
 * stream with that error (the client gets a cut download, never a file that looks complete).
 */
export function xlsxExportStream(doc: ExportDocument, onError: (error: unknown) => void): Readable {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  writeWorkbook(doc, out).catch((error: unknown) => {
    onError(error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}

/** A file name that is safe in Content-Disposition (letters, digits, dot, dash, underscore). */
export function attachment(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `attachment; filename="${safe}"`;
}
