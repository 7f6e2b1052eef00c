import { once } from 'node:events';
import { PassThrough, Readable, Transform } from 'node:stream';
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { rawSessionOf } from '@mandate/db/create-db';
import { finished } from 'node:stream/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { brusselsOffsetMs } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import { DEFAULT_LANGUAGE, type Localized } from './language.ts';

/**
 * Streamed CSV and XLSX exports (the one place they are written). A document is a list of sections
 * (a table each), the INV-6 caveat when it holds billing data, and a data dictionary of every
 * column. Rows come from the caller in batches (keyset pages read from PostgreSQL) and are written
 * as they come: the next batch is fetched only once the consumer has taken the previous one, so
 * memory stays flat whatever the number of rows.
 *
 * CSV is spreadsheet-safe like lib/csv.ts: UTF-8 with BOM, `;`-separated (Belgian Excel), CRLF;
 * `#` lines before the header hold the caveat and the dictionary. Formula injection: every text
 * cell that starts with = + - @ tab or CR is written with a leading apostrophe, phone numbers
 * such as +32470123456 included (always, so no crafted value slips through a "looks like a
 * number" rule; the number stays readable and a spreadsheet keeps it as text rather than turning
 * it into 3.2E+10). Numbers, amounts and times are made here and never start with a formula sign
 * except a minus of a negative amount, which is a number to a spreadsheet, not a formula.
 * XLSX cells are typed (text cells are strings, never formulas), so they hold values unchanged.
 *
 * A section that gives its rows as one SQL query (`csvRows`, with each column's `sql`) is written
 * to CSV by PostgreSQL itself (COPY … TO STDOUT, cells formatted in SQL by `csvCell` to the same
 * text as here): a million call details leave at the speed of the connection, and nothing of them
 * is held in this process but the chunk on its way to the client.
 *
 * Languages: the human texts (the caveat, the dictionary with its heading and notes, section and
 * sheet titles) are written in the document's `language` (nl, fr or en; English by default), each
 * given in all three where it is defined (here, and next to each export's columns); the headers
 * of the columns stay the same machine names in every language, so that scripts can read them.
 */

/** INV-6, on every export of billing data. */
export const INVOICE_CAVEAT: Localized = {
  en: 'The official invoice prevails over the figures in this export.',
  nl: 'De officiële factuur heeft voorrang op de cijfers in deze export.',
  fr: 'La facture officielle prévaut sur les chiffres de cet export.',
};

/** The texts of the document itself (its own, not of a column), in each language. */
export const EXPORT_TEXTS = {
  dictionaryHeading: {
    en: 'Data dictionary (column: meaning).',
    nl: 'Gegevenswoordenboek (kolom: betekenis).',
    fr: 'Dictionnaire des données (colonne : signification).',
  },
  csvAmountsAndTimes: {
    en: 'Amounts in euros with a point, excluding VAT unless their column says otherwise. Times in Brussels time (ISO 8601 with offset).',
    nl: 'Bedragen in euro met een punt, excl. btw tenzij hun kolom anders zegt. Tijden in Brusselse tijd (ISO 8601 met verschil tot UTC).',
    fr: 'Montants en euros avec un point, hors TVA sauf si leur colonne dit autrement. Heures à l’heure de Bruxelles (ISO 8601 avec décalage horaire).',
  },
  xlsxAmountsAndTimes: {
    en: 'Amounts in euros, excluding VAT unless their column says otherwise; times in Brussels time (ISO 8601 with offset).',
    nl: 'Bedragen in euro, excl. btw tenzij hun kolom anders zegt; tijden in Brusselse tijd (ISO 8601 met verschil tot UTC).',
    fr: 'Montants en euros, hors TVA sauf si leur colonne dit autrement ; heures à l’heure de Bruxelles (ISO 8601 avec décalage horaire).',
  },
  dates: {
    en: 'Dates as YYYY-MM-DD.',
    nl: 'Datums als JJJJ-MM-DD.',
    fr: 'Dates au format AAAA-MM-JJ.',
  },
  formulaNote: {
    en: 'Text that starts with + - = or @ (phone numbers such as +32470123456 too) is written after an apostrophe (\'), so that no spreadsheet takes it for a formula.',
    nl: 'Tekst die begint met + - = of @ (ook gsm-nummers zoals +32470123456) staat achter een apostrof (\'), zodat geen rekenblad hem voor een formule houdt.',
    fr: 'Un texte qui commence par + - = ou @ (les numéros de GSM comme +32470123456 aussi) est précédé d’une apostrophe (\'), afin qu’aucun tableur ne le prenne pour une formule.',
  },
  dictionarySheet: { en: 'Data dictionary', nl: 'Gegevenswoordenboek', fr: 'Dictionnaire des données' },
  sheet: { en: 'Sheet', nl: 'Blad', fr: 'Feuille' },
  column: { en: 'Column', nl: 'Kolom', fr: 'Colonne' },
  meaning: { en: 'Meaning', nl: 'Betekenis', fr: 'Signification' },
} as const satisfies Record<string, Localized>;

export type CellKind = 'text' | 'integer' | 'money' | 'instant' | 'date';
export type CellValue = string | number | Date | null | undefined;

export interface ExportColumn<Row> {
  /** The column's name in the header row (stable, machine-friendly). */
  header: string;
  /** What the column holds, for the data dictionary, in each language. */
  meaning: Localized;
  /** text: neutralised in CSV; integer: a whole number; money: integer cents written as euros (1234 → 12.34); instant: Brussels time, ISO 8601 with offset; date: YYYY-MM-DD. */
  kind: CellKind;
  value: (row: Row) => CellValue;
  /** The column as an SQL expression over the section's `csvRows` query (needed there, ignored elsewhere). */
  sql?: string;
}

export interface ExportSection<Row = never> {
  /** The sheet name in XLSX and the section title in CSV, in each language (at most 31 characters, none of : \\ / ? * [ ]). */
  title: Localized;
  columns: ReadonlyArray<ExportColumn<Row>>;
  /** The rows, batch after batch; pulled only as fast as the client reads. */
  batches: () => AsyncIterable<readonly Row[]>;
  /**
   * The same rows as one ordered (and limited) query; every column then has its `sql`. With it,
   * the CSV of the section is written by COPY.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  csvRows?: () => SelectQueryBuilder<any, any, any>;
}

export interface ExportDocument {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sections: ReadonlyArray<ExportSection<any>>;
  /**
   * Whether the document holds billing data, and so carries the INV-6 caveat (the default). An
   * export of something else (the fleet's SIMs) would only mislead with it.
   */
  billingData?: boolean;
  /** The language of its human texts (the column headers stay as they are); English by default. */
  language?: Language;
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

/** A text of the document in its language. */
const say = (doc: ExportDocument, text: Localized): string => text[doc.language ?? DEFAULT_LANGUAGE];

/** The data dictionary as (section, column, meaning) rows. */
function dictionary(doc: ExportDocument): Array<[string, string, string]> {
  return doc.sections.flatMap((s) => s.columns.map((c): [string, string, string] => [say(doc, s.title), c.header, say(doc, c.meaning)]));
}

const carriesCaveat = (doc: ExportDocument): boolean => doc.billingData !== false;

/** Which kinds of cell the document holds: the format notes speak only of those. */
const holds = (doc: ExportDocument, ...kinds: CellKind[]): boolean => doc.sections.some((s) => s.columns.some((c) => kinds.includes(c.kind)));

/**
 * How amounts, times and dates are written. Billing data (amounts, instants) keeps the one note it
 * always had; a document without either names only what it holds.
 */
function formatNote(doc: ExportDocument, amountsAndTimes: Localized): string {
  if (carriesCaveat(doc) || holds(doc, 'money', 'instant')) return say(doc, amountsAndTimes);
  return holds(doc, 'date') ? say(doc, EXPORT_TEXTS.dates) : '';
}

function csvPreamble(doc: ExportDocument): string {
  const several = doc.sections.length > 1;
  const note = formatNote(doc, EXPORT_TEXTS.csvAmountsAndTimes);
  let preamble = `\uFEFF${carriesCaveat(doc) ? commentLine(say(doc, INVOICE_CAVEAT)) : ''}${commentLine(`${say(doc, EXPORT_TEXTS.dictionaryHeading)}${note ? ` ${note}` : ''}`)}`;
  preamble += commentLine(say(doc, EXPORT_TEXTS.formulaNote));
  for (const [title, header, meaning] of dictionary(doc)) preamble += commentLine(`${several ? `${title} / ` : ''}${header}: ${meaning}`);
  return preamble;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function csvSectionHead(doc: ExportDocument, s: ExportSection<any>): string {
  const head = doc.sections.length > 1 ? `\r\n${commentLine(say(doc, s.title))}` : '';
  return head + stringify([s.columns.map((c) => c.header)], CSV_OPTIONS);
}

async function* csvChunks(doc: ExportDocument): AsyncGenerator<string> {
  yield csvPreamble(doc);
  for (const s of doc.sections) {
    yield csvSectionHead(doc, s);
    for await (const batch of s.batches()) {
      if (batch.length === 0) continue;
      yield stringify(batch.map((row) => s.columns.map((c) => csvValue(c.kind, c.value(row)))), CSV_OPTIONS);
    }
  }
}

/**
 * A cell in SQL as `csvValue` writes it (the COPY path). Instants need the session's TimeZone to
 * be Europe/Brussels (TZH:TZM is its offset at that instant). An empty text is written as NULL:
 * COPY would quote it ("") where csv-stringify writes nothing.
 */
export function csvCell(kind: CellKind, expression: string): RawBuilder<string | null> {
  const e = sql.raw(expression);
  switch (kind) {
    case 'text':
      return sql`CASE WHEN ${e} ~ '^[-=+@\t\r]' THEN '''' || ${e} ELSE nullif(${e}, '') END`;
    case 'integer':
      return sql`(${e})::text`;
    case 'money':
      return sql`round((${e}) / 100.0, 2)::text`;
    case 'instant':
      return sql`to_char(${e}, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM')`;
    case 'date':
      return sql`(${e})::text`;
  }
}

/**
 * COPY writes LF line ends; the CSV here has CRLF (RFC 4180, and what Excel expects). Only the ends
 * of records change: a line break inside a quoted cell is the cell's own and stays as it is. A
 * doubled quote inside a cell flips the state twice, so counting quotes tells inside from outside.
 */
export function crlf(): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const parts: Buffer[] = [];
      let from = 0;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!;
        if (byte === QUOTE) quoted = !quoted;
        else if (byte === LF && !quoted) {
          parts.push(chunk.subarray(from, i), CRLF);
          from = i + 1;
        }
      }
      if (parts.length === 0) return done(null, chunk);
      parts.push(chunk.subarray(from));
      done(null, Buffer.concat(parts));
    },
  });
}
const QUOTE = 34;
const LF = 10;
const CRLF = Buffer.from('\r\n');

const COPY_CSV_OPTIONS = "FORMAT csv, DELIMITER ';'";

/** The document written by COPY, section by section, on one connection held until the end. */
function copyCsvStream(db: Kysely<DB>, doc: ExportDocument): Readable {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  let body: Transform | undefined;
  // The client went away (or the export failed): the COPY under way fails as cut off, and its
  // connection is given up, not reused. Destroyed without an error, a section's stream that no
  // COPY is reading yet has no 'error' to throw where nobody listens.
  out.once('close', () => body?.destroy());
  const run = rawSessionOf(db)(async (session) => {
    await sql`BEGIN READ ONLY`.execute(session.db);
    try {
      await sql`SET LOCAL TimeZone = 'Europe/Brussels'`.execute(session.db);
      out.write(csvPreamble(doc));
      for (const s of doc.sections) {
        if (out.destroyed) break;
        out.write(csvSectionHead(doc, s));
        const query = s.csvRows!().select(s.columns.map((c, i) => csvCell(c.kind, c.sql!).as(`c${i}`))).compile();
        body = crlf();
        body.pipe(out, { end: false });
        await session.copyTo(query.sql, query.parameters, COPY_CSV_OPTIONS, body);
        body.end();
        await finished(body);
      }
      await sql`COMMIT`.execute(session.db);
    } catch (error) {
      // PostgreSQL: the session gives the connection up (a COPY cut off mid-way leaves it out of
      // step). PGlite has one connection, which must not stay inside this transaction.
      if (session.engine === 'pglite') await sql`ROLLBACK`.execute(session.db);
      throw error;
    }
  });
  run.then(() => out.end(), (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/**
 * The document as a CSV byte stream. When every section gives its rows as SQL, PostgreSQL writes
 * them (COPY); otherwise they are written here, the next batch read only when the client has taken
 * the last.
 */
export function csvExportStream(doc: ExportDocument, db?: Kysely<DB>): Readable {
  if (db && doc.sections.every((s) => s.csvRows && s.columns.every((c) => c.sql))) return copyCsvStream(db, doc);
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
  // Styles only where there are euros to format: they double the time of a large workbook.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: holds(doc, 'money'), useSharedStrings: false });
  for (const s of doc.sections) {
    const sheet = workbook.addWorksheet(say(doc, s.title));
    // Euros read as euros: two decimals, whatever the amount (0.10, not 0.1).
    s.columns.forEach((c, n) => { if (c.kind === 'money') sheet.getColumn(n + 1).numFmt = '#,##0.00'; });
    if (carriesCaveat(doc)) {
      sheet.addRow([say(doc, INVOICE_CAVEAT)]).commit();
      sheet.addRow([]).commit();
    }
    sheet.addRow(s.columns.map((c) => c.header)).commit();
    for await (const batch of s.batches()) {
      if (out.destroyed) return;
      for (const row of batch) sheet.addRow(s.columns.map((c) => xlsxValue(c.kind, c.value(row)))).commit();
      await roomIn(out);
    }
    sheet.commit();
  }
  const dict = workbook.addWorksheet(say(doc, EXPORT_TEXTS.dictionarySheet));
  if (carriesCaveat(doc)) dict.addRow([say(doc, INVOICE_CAVEAT)]).commit();
  const note = formatNote(doc, EXPORT_TEXTS.xlsxAmountsAndTimes);
  if (note) dict.addRow([note]).commit();
  dict.addRow([]).commit();
  const [sheetWord, columnWord, meaningWord] = [EXPORT_TEXTS.sheet, EXPORT_TEXTS.column, EXPORT_TEXTS.meaning].map((w) => say(doc, w));
  dict.addRow(doc.sections.length > 1 ? [sheetWord, columnWord, meaningWord] : [columnWord, meaningWord]).commit();
  for (const [title, header, meaning] of dictionary(doc)) dict.addRow(doc.sections.length > 1 ? [title, header, meaning] : [header, meaning]).commit();
  dict.commit();
  await workbook.commit();
}

/**
 * The document as an XLSX byte stream (exceljs' streaming writer): one sheet per section, each
 * starting with the caveat (billing data) or else with its header row, then the data dictionary
 * sheet. A failure while reading rows ends the stream with that error (the client gets a cut
 * download, never a file that looks complete).
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
