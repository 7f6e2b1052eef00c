import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PageQuery, StoredDate, Uuid, YearMonth, page, wholeList } from './common.ts';

/**
 * "My invoice online" (SPEC §4, INV-1..9): billing accounts, invoices and their lines, PDFs,
 * disputes (INV-7), other billing documents (INV-8) and call credits (INV-1). Money is integer
 * euro cents; dates are Brussels calendar days; instants are ISO 8601.
 */

const DateTime = Type.String({ format: 'date-time' });
const Cents = Type.Integer({ description: 'euro cents' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/**
 * An amount a client filters by: what JavaScript holds exactly. A larger one (PostgreSQL's bigint
 * ends at 2^63 − 1, which JavaScript cannot even write) is a 400 naming the filter, not a database error.
 */
const AmountFilter = (description: string) =>
  Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, description: `${description} (−${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER})` });

export const BillingAccountType = Type.Union([Type.Literal('mobile'), Type.Literal('fix')]);

export const BillingAccountRef = Type.Object(
  { id: Uuid, number: Type.String(), name: Type.String(), type: BillingAccountType },
  { additionalProperties: false },
);
export type BillingAccountRef = Static<typeof BillingAccountRef>;

export const BillingAccountListResponse = wholeList(BillingAccountRef);
export type BillingAccountListResponse = Static<typeof BillingAccountListResponse>;

export const InvoiceStatus = Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('overdue'), Type.Literal('disputed')]);
export type InvoiceStatus = Static<typeof InvoiceStatus>;

export const INVOICE_SORTS = ['issueDate:desc', 'issueDate:asc', 'amount:desc', 'amount:asc', 'dueDate:asc', 'dueDate:desc'] as const;
export type InvoiceSort = (typeof INVOICE_SORTS)[number];

export const InvoiceListQuery = Type.Object(
  {
    ...PageQuery,
    billingAccountId: Type.Optional(Uuid),
    periodFrom: Type.Optional({ ...YearMonth, description: 'invoices of billing periods starting in this month or later (YYYY-MM, 1900-01 to 2999-12)' }),
    periodTo: Type.Optional({ ...YearMonth, description: 'invoices of billing periods starting in this month or earlier (YYYY-MM, 1900-01 to 2999-12)' }),
    status: Type.Optional(InvoiceStatus),
    minAmountCents: Type.Optional(AmountFilter('at least this amount incl. VAT, in cents')),
    maxAmountCents: Type.Optional(AmountFilter('at most this amount incl. VAT, in cents')),
    sort: Type.Optional(Type.Union(INVOICE_SORTS.map((s) => Type.Literal(s)), { default: 'issueDate:desc' })),
  },
  { additionalProperties: false },
);
export type InvoiceListQuery = Static<typeof InvoiceListQuery>;

/** INV-9: what an overdue invoice costs now: the amount due (its undisputed part, INV-7) and the late-payment fee. */
export const InvoiceOwed = Type.Object(
  { amountDueCents: Cents, lateFeeCents: Cents, totalCents: Cents },
  { additionalProperties: false },
);

export const InvoiceSummary = Type.Object(
  {
    id: Uuid,
    number: Type.String(),
    billingAccount: BillingAccountRef,
    periodStart: StoredDate,
    periodEnd: StoredDate,
    issueDate: StoredDate,
    dueDate: StoredDate,
    amountExclVatCents: Cents,
    vatCents: Cents,
    amountInclVatCents: Cents,
    currency: Type.Literal('EUR'),
    status: InvoiceStatus,
    paidOn: Nullable(StoredDate),
    availableUntil: { ...DateTime, description: 'the instant what is shown of this invoice leaves the portal (INV-3, RET-1): its details, or its PDF when pdfOnly' },
    pdfOnly: Type.Boolean({ description: 'a fixed-service invoice past its 12 months: only its PDF remains, kept 24 months (INV-3)' }),
    disputeDeadline: { ...StoredDate, description: 'the last day a dispute may be filed (INV-7: 30 days after the invoice date)' },
    owed: Nullable(InvoiceOwed),
  },
  { additionalProperties: false },
);
export type InvoiceSummary = Static<typeof InvoiceSummary>;

export const InvoiceTotals = Type.Object(
  {
    count: Type.Integer(),
    pdfOnlyCount: Type.Integer({ description: 'how many of them are fixed-service invoices older than 12 months, kept as a PDF only (INV-3): they are not in the amounts' }),
    amountExclVatCents: { ...Cents, description: 'of the invoices within the 12 months of billing data (RET-1)' },
    amountInclVatCents: { ...Cents, description: 'of the invoices within the 12 months of billing data (RET-1)' },
    owedCents: { ...Cents, description: 'what the overdue invoices of the set cost now, late-payment fees included (INV-9)' },
  },
  { additionalProperties: false },
);

export const InvoiceListResponse = Type.Object(
  { items: Type.Array(InvoiceSummary), nextCursor: Nullable(Type.String()), totals: InvoiceTotals },
  { additionalProperties: false },
);
export type InvoiceListResponse = Static<typeof InvoiceListResponse>;

export const InvoiceParams = Type.Object({ customerId: Uuid, invoiceId: Uuid }, { additionalProperties: false });
export type InvoiceParams = Static<typeof InvoiceParams>;

export const ChargeType = Type.Union([
  Type.Literal('subscription'), Type.Literal('option'), Type.Literal('national_voice'), Type.Literal('international_voice'), Type.Literal('roaming'),
  Type.Literal('sms'), Type.Literal('data'), Type.Literal('one_off'), Type.Literal('discount'),
]);

export const InvoiceLine = Type.Object(
  {
    lineNo: Type.Integer(),
    simId: Nullable(Uuid),
    msisdn: Nullable(Type.String()),
    costCentre: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false })),
    chargeType: ChargeType,
    description: Type.String(),
    quantity: Type.Integer(),
    amountExclVatCents: Cents,
    vatRateBp: Type.Integer({ description: 'VAT rate in basis points (2100 = 21 %)' }),
    disputed: Type.Boolean({ description: 'in a dispute that is open, in review or accepted' }),
    disputable: Type.Boolean({ description: 'in no dispute but a withdrawn one (a rejected dispute was decided: its lines are not disputed again); the 30-day window is the invoice\'s disputeDeadline' }),
  },
  { additionalProperties: false },
);

export const DisputeStatus = Type.Union([
  Type.Literal('open'), Type.Literal('in_review'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('withdrawn'),
]);
export type DisputeStatus = Static<typeof DisputeStatus>;

export const DisputeEvent = Type.Object(
  { at: DateTime, status: DisputeStatus, by: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false })), note: Nullable(Type.String()) },
  { additionalProperties: false },
);

export const Dispute = Type.Object(
  {
    id: Uuid,
    invoiceId: Uuid,
    invoiceNumber: Type.String(),
    status: DisputeStatus,
    reason: Type.String(),
    disputedCents: { ...Cents, description: 'the disputed lines incl. VAT, or the whole invoice' },
    undisputedCents: { ...Cents, description: 'what stays due of the invoice: its amount less every standing dispute on it (INV-7)' },
    detailedInvoice: Type.Boolean({ description: 'a free detailed invoice was asked for (INV-7)' }),
    lineNos: Type.Array(Type.Integer(), { description: 'the disputed lines; empty: the whole invoice' }),
    lines: Type.Array(Type.Object({
      lineNo: Type.Integer(),
      msisdn: Nullable(Type.String({ description: 'the number the line was billed under; null for a line of no SIM, or once the invoice\'s lines have left the portal' })),
      description: Nullable(Type.String()),
    }, { additionalProperties: false }), { description: 'the disputed lines as the invoice shows them (lineNos, with what they are)' }),
    openedAt: DateTime,
    openedBy: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    answer: Nullable(Type.String()),
    events: Type.Array(DisputeEvent),
  },
  { additionalProperties: false },
);
export type Dispute = Static<typeof Dispute>;

export const InvoiceDetail = Type.Object(
  {
    ...InvoiceSummary.properties,
    undisputedCents: { ...Cents, description: 'what stays due: the amount incl. VAT less every standing dispute (INV-7); the whole amount when none stands' },
    lines: Type.Array(InvoiceLine),
    bySim: Type.Array(Type.Object({ simId: Uuid, msisdn: Type.String(), totalCents: { ...Cents, description: 'excl. VAT' } }, { additionalProperties: false })),
    withoutSimCents: { ...Cents, description: "excl. VAT: the lines of no one SIM (the account's or a fixed service's charges); with bySim, the invoice's total" },
    byChargeType: Type.Array(Type.Object({ chargeType: ChargeType, totalCents: { ...Cents, description: 'excl. VAT' } }, { additionalProperties: false })),
    disputes: Type.Array(Dispute),
  },
  { additionalProperties: false },
);
export type InvoiceDetail = Static<typeof InvoiceDetail>;

/** A file's bytes (the server sends a Buffer; OpenAPI reads a binary string). */
export const InvoicePdf = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' });

export const CreateDisputeBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
    lineNos: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'the lines disputed; absent: the whole invoice' })),
    detailedInvoice: Type.Boolean({ description: 'ask for a free detailed invoice (INV-7)' }),
  },
  { additionalProperties: false },
);
export type CreateDisputeBody = Static<typeof CreateDisputeBody>;

export const IdempotencyHeaders = Type.Object(
  { 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })) },
);

export const DisputeListQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(DisputeStatus), invoiceId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type DisputeListQuery = Static<typeof DisputeListQuery>;

export const DisputeListResponse = page(Dispute);
export type DisputeListResponse = Static<typeof DisputeListResponse>;

export const DisputeParams = Type.Object({ customerId: Uuid, disputeId: Uuid }, { additionalProperties: false });
export type DisputeParams = Static<typeof DisputeParams>;

export const OperatorDispute = Type.Object(
  { ...Dispute.properties, customer: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }) },
  { additionalProperties: false },
);
export type OperatorDispute = Static<typeof OperatorDispute>;

export const OperatorDisputeListQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(DisputeStatus) },
  { additionalProperties: false },
);
export type OperatorDisputeListQuery = Static<typeof OperatorDisputeListQuery>;

export const OperatorDisputeListResponse = page(OperatorDispute);
export type OperatorDisputeListResponse = Static<typeof OperatorDisputeListResponse>;

export const OperatorDisputeParams = Type.Object({ disputeId: Uuid }, { additionalProperties: false });

export const AnswerDisputeBody = Type.Object(
  {
    status: Type.Union([Type.Literal('in_review'), Type.Literal('accepted'), Type.Literal('rejected')]),
    answer: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export type AnswerDisputeBody = Static<typeof AnswerDisputeBody>;

export const BillingDocumentKind = Type.Union([Type.Literal('usage_report'), Type.Literal('statement'), Type.Literal('notice')]);

export const BillingDocument = Type.Object(
  {
    id: Uuid,
    billingAccount: BillingAccountRef,
    kind: BillingDocumentKind,
    title: Type.String(),
    publishedAt: DateTime,
    objectionDeadline: { ...StoredDate, description: 'the last day to object in writing (INV-8: 5 working days after it appeared)' },
    deemedAccepted: Type.Boolean({ description: 'the objection deadline has passed (INV-8)' }),
    hasContent: Type.Boolean(),
    availableUntil: DateTime,
  },
  { additionalProperties: false },
);
export type BillingDocument = Static<typeof BillingDocument>;

export const BillingDocumentListQuery = Type.Object(
  { ...PageQuery, billingAccountId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type BillingDocumentListQuery = Static<typeof BillingDocumentListQuery>;

export const BillingDocumentListResponse = page(BillingDocument);
export type BillingDocumentListResponse = Static<typeof BillingDocumentListResponse>;

export const BillingDocumentParams = Type.Object({ customerId: Uuid, documentId: Uuid }, { additionalProperties: false });

export const CallCreditsQuery = Type.Object(
  {
    ...PageQuery,
    billingAccountId: Type.Optional(Uuid),
    month: Type.Optional({ ...YearMonth, description: 'the month (YYYY-MM, 1900-01 to 2999-12); default: the current Brussels month' }),
  },
  { additionalProperties: false },
);
export type CallCreditsQuery = Static<typeof CallCreditsQuery>;

export const CallCredit = Type.Object(
  { simId: Uuid, msisdn: Type.String(), billingAccountId: Uuid, month: YearMonth, grantedCents: Cents, usedCents: Cents },
  { additionalProperties: false },
);

export const CallCreditTransfer = Type.Object(
  {
    id: Uuid,
    fromSimId: Nullable({ ...Uuid, description: 'null for a SIM outside what you may see' }),
    toSimId: Nullable({ ...Uuid, description: 'null for a SIM outside what you may see' }),
    amountCents: Cents, transferredAt: DateTime,
    fromMsisdn: Nullable(Type.String({ description: 'null for a SIM outside what you may see' })),
    toMsisdn: Nullable(Type.String({ description: 'null for a SIM outside what you may see' })),
  },
  { additionalProperties: false },
);

export const CallCreditsResponse = Type.Object(
  {
    items: Type.Array(CallCredit),
    nextCursor: Nullable(Type.String()),
    transfers: Type.Array(CallCreditTransfer, { description: "the month's transfers from or to a SIM of this page" }),
  },
  { additionalProperties: false },
);
export type CallCreditsResponse = Static<typeof CallCreditsResponse>;
