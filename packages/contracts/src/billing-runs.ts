import { Type, type Static } from '@sinclair/typebox';

/**
 * Billing runs (docs/ingestion.md): the one way billing data enters the portal. A run is a
 * manifest and CSV files; the operator endpoint takes them as a JSON body of the files' texts
 * (binary files — invoice PDFs, documents — base64-encoded).
 */

/** The CSV files of a run, in the order they are loaded and reported. */
export const BILLING_RUN_FILES = [
  'periods.csv', 'invoices.csv', 'invoice_lines.csv', 'call_details.csv', 'usage.csv',
  'call_credits.csv', 'call_credit_transfers.csv', 'documents.csv',
] as const;
export type BillingRunFile = (typeof BILLING_RUN_FILES)[number];

export const RunId = Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}$', description: 'the run id; a re-run of a loaded id changes nothing' });

export const BillingRunManifest = Type.Object(
  { runId: RunId, createdAt: Type.Optional(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);
export type BillingRunManifest = Static<typeof BillingRunManifest>;

const csvText = Type.String({ maxLength: 200 * 1024 * 1024 });

export const BillingRunUpload = Type.Object(
  {
    manifest: BillingRunManifest,
    files: Type.Object(
      {
        'periods.csv': Type.Optional(csvText), 'invoices.csv': Type.Optional(csvText), 'invoice_lines.csv': Type.Optional(csvText),
        'call_details.csv': Type.Optional(csvText), 'usage.csv': Type.Optional(csvText), 'call_credits.csv': Type.Optional(csvText),
        'call_credit_transfers.csv': Type.Optional(csvText), 'documents.csv': Type.Optional(csvText),
      },
      { additionalProperties: false, description: 'the CSV texts, by file name (a missing file has no rows)' },
    ),
    binaries: Type.Optional(Type.Record(
      Type.String({ pattern: '^(pdfs|documents)/[A-Za-z0-9._%-]{1,120}$' }),
      Type.String({ contentEncoding: 'base64', pattern: '^[A-Za-z0-9+/=\\s]*$' }),
      { description: "binary files by path: 'pdfs/<invoice number>.pdf' and the documents' files, base64" },
    )),
  },
  { additionalProperties: false },
);
export type BillingRunUpload = Static<typeof BillingRunUpload>;

export const BillingRunCounts = Type.Record(Type.String(), Type.Integer(), { description: 'rows written per kind (and dropped by INV-5)' });
export type BillingRunCounts = Static<typeof BillingRunCounts>;

export const BillingRunLoaded = Type.Object(
  { runId: RunId, status: Type.Literal('loaded'), counts: BillingRunCounts },
  { additionalProperties: false },
);
export type BillingRunLoaded = Static<typeof BillingRunLoaded>;

export const BillingRunAlreadyLoaded = Type.Object(
  { runId: RunId, status: Type.Literal('already_loaded'), loadedAt: Type.String({ format: 'date-time' }), counts: BillingRunCounts },
  { additionalProperties: false },
);
export type BillingRunAlreadyLoaded = Static<typeof BillingRunAlreadyLoaded>;

/** One bad row (the first 100 are reported). `line` counts the header as line 1; 0 for the run as a whole. */
export const BillingRunError = Type.Object(
  {
    field: Type.String({ description: 'file:line:column' }),
    message: Type.String(),
    file: Type.String(),
    line: Type.Integer(),
    column: Type.Union([Type.String(), Type.Null()]),
    reason: Type.String(),
  },
  { additionalProperties: false },
);
export type BillingRunError = Static<typeof BillingRunError>;

/** 422: the run is refused and nothing of it was written. */
export const BillingRunRefused = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Array(BillingRunError),
  },
  { additionalProperties: false },
);
export type BillingRunRefused = Static<typeof BillingRunRefused>;
