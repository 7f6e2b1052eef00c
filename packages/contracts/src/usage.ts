import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, PageQuery, StoredDate, Uuid, YearMonth } from './common.ts';

/**
 * Usage of an invoice and of the running period (SPEC §4, INV-1, INV-2, INV-4, RET-1): the call
 * details of an invoice (paged and as a streamed export), unbilled usage at standard prices, the
 * billed charges per SIM of a month, and the bulk export of what leaves its retention window soon.
 */

export const USAGE_TYPES = ['national_voice', 'international_voice', 'roaming', 'sms', 'data'] as const;
export type UsageType = (typeof USAGE_TYPES)[number];
export const UsageTypeSchema = Type.Union(USAGE_TYPES.map((t) => Type.Literal(t)), { description: 'national_voice | international_voice | roaming | sms | data' });

export const CHARGE_TYPES = ['subscription', 'option', 'national_voice', 'international_voice', 'roaming', 'sms', 'data', 'one_off', 'discount'] as const;
export const ChargeTypeSchema = Type.Union(CHARGE_TYPES.map((t) => Type.Literal(t)));

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const ExportFormatSchema = Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f)), { default: 'csv', description: 'csv (`;`-separated, UTF-8 with BOM) or xlsx' });

/** An instant as ISO 8601 (UTC). */
const Instant = Type.String({ format: 'date-time' });

export const InvoiceUsageParams = Type.Object({ customerId: Uuid, invoiceId: Uuid }, { additionalProperties: false });
export type InvoiceUsageParams = Static<typeof InvoiceUsageParams>;

/** The filters of an invoice's call details, shared by the page and the export. */
const CallDetailFilters = {
  simId: Type.Optional(Uuid),
  type: Type.Optional(UsageTypeSchema),
  from: Type.Optional({ ...IsoDate, description: 'first Brussels day of the calls (YYYY-MM-DD, 1900-01-01 to 2999-12-31)' }),
  to: Type.Optional({ ...IsoDate, description: 'last Brussels day of the calls (YYYY-MM-DD, 1900-01-01 to 2999-12-31), included' }),
  destinationPrefix: Type.Optional(Type.String({
    minLength: 1, maxLength: 20, pattern: '^\\+?[0-9]+$',
    description: 'the called number or SMS recipient starts with this, however it was recorded: digits, optionally after a leading +; '
      + '"+49", "0049" and "49" are the same country, and a single leading 0 is Belgian national ("047" finds +3247…, 003247… and 047…)',
  })),
  sort: Type.Optional(Type.Union([Type.Literal('startedAt:asc'), Type.Literal('startedAt:desc')], { default: 'startedAt:asc' })),
};

export const CallDetailQuery = Type.Object({ ...PageQuery, ...CallDetailFilters }, { additionalProperties: false });
export type CallDetailQuery = Static<typeof CallDetailQuery>;

export const CallDetailExportQuery = Type.Object({ format: Type.Optional(ExportFormatSchema), ...CallDetailFilters }, { additionalProperties: false });
export type CallDetailExportQuery = Static<typeof CallDetailExportQuery>;

export const CallDetailItem = Type.Object(
  {
    id: Type.Integer(),
    startedAt: Instant,
    simId: Uuid,
    msisdn: Type.String(),
    type: UsageTypeSchema,
    destination: Type.Union([Type.String(), Type.Null()], { description: 'called number or SMS recipient (never content); null for data' }),
    durationS: Type.Union([Type.Integer(), Type.Null()]),
    volumeKb: Type.Union([Type.Integer(), Type.Null()]),
    standardPriceCents: Type.Integer(),
    billedPriceCents: Type.Integer(),
  },
  { additionalProperties: false },
);
export type CallDetailItem = Static<typeof CallDetailItem>;

export const CallDetailPage = Type.Object(
  {
    items: Type.Array(CallDetailItem),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    availableUntil: {
      ...Instant,
      description: 'RET-1: when the oldest call details shown leave the 6-month window (later days follow day by day); '
        + 'in the past when the invoice\'s whole period has left it: when its last day\'s calls went',
    },
    keptFrom: Type.Union([IsoDate, Type.Null()], {
      description: 'RET-1: the first day of the invoice\'s period whose call details are still in the portal (later than the period\'s start when '
        + 'its first days have left the 6-month window); null when the whole period has left it',
    }),
  },
  { additionalProperties: false },
);
export type CallDetailPage = Static<typeof CallDetailPage>;

export const UnbilledQuery = Type.Object(
  {
    ...PageQuery,
    simId: Type.Optional(Uuid),
    msisdn: Type.Optional(Type.String({
      minLength: 1, maxLength: 40,
      description: 'the mobile number of one SIM card, Belgian national (0470 12 34 56) or E.164 (+32470123456); a number that is no valid phone number is 400. For users who may read usage but not list SIM cards',
    })),
    type: Type.Optional(UsageTypeSchema),
  },
  { additionalProperties: false },
);
export type UnbilledQuery = Static<typeof UnbilledQuery>;

export const UnbilledItem = Type.Object(
  {
    id: Type.Integer(),
    occurredAt: Instant,
    simId: Uuid,
    msisdn: Type.String(),
    type: UsageTypeSchema,
    destination: Type.Union([Type.String(), Type.Null()]),
    durationS: Type.Union([Type.Integer(), Type.Null()]),
    volumeKb: Type.Union([Type.Integer(), Type.Null()]),
    standardPriceCents: Type.Integer({ description: 'INV-4: at standard prices; the invoice may differ; 0 when not charged' }),
    notCharged: Type.Boolean({ description: 'MOB-6: used while the line was blocked after loss or theft: not charged' }),
  },
  { additionalProperties: false },
);
export type UnbilledItem = Static<typeof UnbilledItem>;

export const UnbilledPage = Type.Object(
  {
    items: Type.Array(UnbilledItem),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    visibleUntil: { ...Instant, description: 'INV-4: usage after this instant (less than 8 hours old) is not shown yet' },
  },
  { additionalProperties: false },
);
export type UnbilledPage = Static<typeof UnbilledPage>;

export const ChargesQuery = Type.Object(
  {
    ...PageQuery,
    month: { ...YearMonth, description: 'the billing month, YYYY-MM (1900-01 to 2999-12)' },
    simId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ChargesQuery = Static<typeof ChargesQuery>;

export const ChargeItem = Type.Object(
  {
    simId: Type.Union([Uuid, Type.Null()], { description: 'null: a charge of the billing account, not of one SIM' }),
    msisdn: Type.Union([Type.String(), Type.Null()]),
    month: StoredDate,
    chargeType: ChargeTypeSchema,
    amountCents: Type.Integer({ description: 'excluding VAT' }),
  },
  { additionalProperties: false },
);
export type ChargeItem = Static<typeof ChargeItem>;

export const ChargesResponse = Type.Object(
  { items: Type.Array(ChargeItem), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
export type ChargesResponse = Static<typeof ChargesResponse>;

/** The expiring export narrows, to stay within the rows one export may hold: by account, and its call details by day. */
export const ExpiringExportQuery = Type.Object(
  {
    format: Type.Optional(ExportFormatSchema),
    billingAccountId: Type.Optional({ ...Uuid, description: "only this billing account's invoices, lines, call details and PDFs" }),
    from: Type.Optional({ ...IsoDate, description: 'only the call details from this Brussels day (invoices, lines and PDFs are not narrowed by day)' }),
    to: Type.Optional({ ...IsoDate, description: 'only the call details up to this Brussels day, included' }),
  },
  { additionalProperties: false },
);
export type ExpiringExportQuery = Static<typeof ExpiringExportQuery>;

/** The body of a streamed export, for the API description. */
export const ExportFile = Type.String({
  description: 'text/csv; charset=utf-8 (BOM, `;`-separated, CRLF; `#` lines first: the caveat that the official invoice prevails and the data dictionary) or an XLSX workbook',
});
