import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BILLING_RUN_FILES, type BillingRunFile, type BillingRunManifest } from '@mandate/contracts/billing-runs';

/**
 * The billing-run format (docs/ingestion.md): a manifest, CSV files with a header line naming
 * exactly these columns in this order, and binary files (invoice PDFs, documents). The types are
 * PostgreSQL's: COPY parses each value, so a value that is not of its type is reported with its
 * line and column by the database itself.
 */
export type ColumnType = 'text' | 'date' | 'timestamptz' | 'integer' | 'bigint';
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** An empty value is refused ('required'). */
  required: boolean;
}

const col = (name: string, type: ColumnType = 'text', required = true): ColumnSpec => ({ name, type, required });
const opt = (name: string, type: ColumnType = 'text'): ColumnSpec => col(name, type, false);

export const FILE_COLUMNS: Record<BillingRunFile, ColumnSpec[]> = {
  'periods.csv': [col('customer'), col('billing_account'), col('starts_on', 'date'), col('ends_on', 'date')],
  'invoices.csv': [
    col('customer'), col('billing_account'), col('number'), col('period_start', 'date'), col('period_end', 'date'),
    col('issue_date', 'date'), col('due_date', 'date'), col('amount_excl_vat_cents', 'bigint'), col('vat_cents', 'bigint'),
    col('amount_incl_vat_cents', 'bigint'), col('currency'), col('payment_status'), opt('paid_on', 'date'),
  ],
  'invoice_lines.csv': [
    col('invoice_number'), col('line_no', 'integer'), opt('msisdn'), opt('cost_centre'), col('charge_type'), opt('description'),
    opt('quantity', 'integer'), col('amount_excl_vat_cents', 'bigint'), opt('vat_rate_bp', 'integer'), col('currency'),
  ],
  'call_details.csv': [
    col('invoice_number'), col('msisdn'), col('started_at', 'timestamptz'), col('type'), opt('destination'), opt('duration_s', 'integer'),
    opt('volume_kb', 'bigint'), col('standard_price_cents', 'integer'), col('billed_price_cents', 'integer'), col('currency'),
  ],
  'usage.csv': [
    col('msisdn'), col('occurred_at', 'timestamptz'), col('type'), opt('destination'), opt('duration_s', 'integer'), opt('volume_kb', 'bigint'),
    col('standard_price_cents', 'integer'), col('currency'),
  ],
  'call_credits.csv': [col('msisdn'), col('month', 'date'), col('granted_cents', 'bigint'), col('used_cents', 'bigint'), col('currency')],
  'call_credit_transfers.csv': [col('from_msisdn'), col('to_msisdn'), col('amount_cents', 'bigint'), col('transferred_at', 'timestamptz'), col('currency')],
  'documents.csv': [col('customer'), col('billing_account'), col('kind'), col('title'), col('published_at', 'timestamptz'), opt('file')],
};

/** The staging table of a file (temporary, dropped at the end of the run's transaction). */
export const stagingTable = (file: BillingRunFile) => `stg_${file.replace(/\.csv$/, '')}`;

/** A file's bytes as they arrive (a sync iterable of chunks is fine too; never a bare string). */
export type RunStream = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** A binary file of the run: `pdfs/<invoice number>.pdf` or a document's file. */
export interface BinaryFile {
  path: string;
  content: Uint8Array;
}

/**
 * What ingestion reads: the manifest, each CSV file as a stream (so generators and benchmarks feed
 * rows without files), and the binary files. Each stream is read once.
 */
export interface BillingRunSource {
  manifest: BillingRunManifest;
  /** The file's bytes (CSV with its header line), or undefined when the run has no such file. */
  open(file: BillingRunFile): RunStream | undefined;
  binaries(): AsyncIterable<BinaryFile>;
}

/** The file name of an invoice's PDF: '/' (allowed in invoice numbers) is written %2F. */
export const pdfPath = (invoiceNumber: string) => `pdfs/${invoiceNumber.replaceAll('/', '%2F')}.pdf`;
export const invoiceNumberOfPdf = (file: string) => path.basename(file, '.pdf').replaceAll('%2F', '/');

const exists = (file: string) => stat(file).then(() => true, () => false);

/** A run in a directory: manifest.json, the CSV files present, pdfs/ and documents/. */
export async function directorySource(dir: string): Promise<BillingRunSource> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as BillingRunManifest;
  const present = new Set<BillingRunFile>();
  for (const file of BILLING_RUN_FILES) if (await exists(path.join(dir, file))) present.add(file);
  return {
    manifest,
    open: (file) => (present.has(file) ? createReadStream(path.join(dir, file)) : undefined),
    async *binaries() {
      // Any other file beside the run's (a misnamed CSV, notes) is handed over as well, so that the
      // run is refused naming it rather than loaded without it.
      for (const name of (await readdir(dir)).sort()) {
        if (name === 'manifest.json' || name === 'pdfs' || name === 'documents' || present.has(name as BillingRunFile)) continue;
        const file = path.join(dir, name);
        if ((await stat(file)).isFile()) yield { path: name, content: await readFile(file) };
      }
      for (const sub of ['pdfs', 'documents']) {
        const folder = path.join(dir, sub);
        if (!(await exists(folder))) continue;
        for (const name of (await readdir(folder)).sort()) yield { path: `${sub}/${name}`, content: await readFile(path.join(folder, name)) };
      }
    },
  };
}

/** A run held in memory (the operator upload, tests, the demo generator). */
export function memorySource(manifest: BillingRunManifest, files: Partial<Record<BillingRunFile, string | RunStream>>, binaries: BinaryFile[] = []): BillingRunSource {
  return {
    manifest,
    open: (file) => {
      const content = files[file];
      if (content === undefined) return undefined;
      return typeof content === 'string' ? [content] : content;
    },
    async *binaries() {
      yield* binaries;
    },
  };
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvRow = (values: ReadonlyArray<string | number | null | undefined>) => `${values.map(csvField).join(',')}\n`;

/** The header line of a file. */
export const csvHeader = (file: BillingRunFile) => csvRow(FILE_COLUMNS[file].map((c) => c.name));

const DAY = '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';
/** The only forms a date or an instant is read in: PostgreSQL alone would also read `07/01/2026` (month first), `July 20 2026` or `yesterday`. */
export const TEMPORAL_FORMS: Record<'date' | 'timestamptz', RegExp> = {
  date: new RegExp(`^${DAY}$`),
  timestamptz: new RegExp(`^${DAY}[T ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,6})?)?(?:Z|[+-](?:[01]\\d|2[0-3])(?::?[0-5]\\d)?)?$`),
};

/** A value in the wrong form, where it is: its line counts the header as line 1, as COPY does. */
export interface FormProblem {
  line: number;
  column: string;
  reason: string;
}

/**
 * Passes a CSV file through unchanged while reading its date and instant columns (RFC 4180 fields:
 * quotes, doubled quotes, line breaks inside quotes), and adds to `problems` each value in another
 * form than `TEMPORAL_FORMS`, up to `limit`. Empty values are left to the checks of required columns;
 * a value in the right form that is no real day (30 February) is refused by COPY itself.
 */
export function checkTemporalForms(file: BillingRunFile, stream: AsyncIterable<Uint8Array | string>, problems: FormProblem[], limit: number): AsyncIterable<Uint8Array | string> {
  const checked = new Map(FILE_COLUMNS[file].flatMap((c, i) => (c.type === 'date' || c.type === 'timestamptz' ? [[i, c] as const] : [])));
  if (checked.size === 0) return stream;
  const decoder = new TextDecoder();
  let line = 1;
  let recordLine = 1;
  let field = 0;
  let value = '';
  let quoted = false;
  let afterQuote = false;
  const endField = () => {
    const column = checked.get(field);
    if (column && recordLine > 1 && value !== '' && problems.length < limit) {
      const form = TEMPORAL_FORMS[column.type as 'date' | 'timestamptz'];
      if (!form.test(value)) {
        problems.push({ line: recordLine, column: column.name, reason: column.type === 'date' ? `"${value}" is not a date YYYY-MM-DD` : `"${value}" is not an ISO 8601 instant (YYYY-MM-DDThh:mm[:ss][Z or offset])` });
      }
    }
    field += 1;
    value = '';
  };
  const read = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          quoted = false;
          afterQuote = true;
        } else {
          if (c === '\n') line += 1;
          if (checked.has(field)) value += c;
        }
      } else if (c === '"') {
        // A doubled quote inside a quoted field, or the opening quote.
        if (afterQuote && checked.has(field)) value += '"';
        quoted = true;
        afterQuote = false;
      } else if (c === ',') {
        afterQuote = false;
        endField();
      } else if (c === '\n') {
        afterQuote = false;
        endField();
        field = 0;
        line += 1;
        recordLine = line;
      } else if (c !== '\r') {
        afterQuote = false;
        if (checked.has(field)) value += c;
      }
    }
  };
  return (async function* () {
    for await (const chunk of stream) {
      if (problems.length < limit) read(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      yield chunk;
    }
    if (problems.length < limit) {
      read(decoder.decode());
      if (value !== '' || field > 0) endField();
    }
  })();
}
