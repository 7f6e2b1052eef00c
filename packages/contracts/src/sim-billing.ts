import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, PageQuery, StoredDate, Uuid } from './common.ts';
import { CallDetailItem, ChargeTypeSchema, UsageTypeSchema } from './usage.ts';

/**
 * One SIM card's billing (PFM-3, INS-2, RET-1): its billed charges per closed billing period of the
 * last 12 months, from the monthly roll-ups built at period close (INV-2), and its billed call
 * details of the last 6 months. Both are filtered by the Usage rules of the signed-in user on that
 * SIM (a fleet manager his scope, a Service User his own line, ROLE-5).
 */

/** An instant as ISO 8601 (UTC). */
const Instant = Type.String({ format: 'date-time' });

export const SimBillingParams = Type.Object({ customerId: Uuid, simId: Uuid }, { additionalProperties: false });
export type SimBillingParams = Static<typeof SimBillingParams>;

export const SimBillingQuery = Type.Object({}, { additionalProperties: false });
export type SimBillingQuery = Static<typeof SimBillingQuery>;

export const SimBillingCharge = Type.Object(
  { chargeType: ChargeTypeSchema, amountCents: Type.Integer({ description: 'excluding VAT' }) },
  { additionalProperties: false },
);
export type SimBillingCharge = Static<typeof SimBillingCharge>;

export const SimBillingMonth = Type.Object(
  {
    month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'the billing month, YYYY-MM' }),
    periodStart: { ...StoredDate, description: 'first day of the billing period (the earliest, when the SIM was billed on more than one account that month)' },
    periodEnd: { ...StoredDate, description: 'last day of the billing period (the latest, likewise)' },
    totalCents: Type.Integer({ description: 'excluding VAT: the sum of byChargeType' }),
    byChargeType: Type.Array(SimBillingCharge, { description: 'one entry per charge type billed that month, in the order of CHARGE_TYPES' }),
    availableUntil: { ...Instant, description: 'RET-1: the instant this month\'s billing data leaves the 12-month window' },
  },
  { additionalProperties: false },
);
export type SimBillingMonth = Static<typeof SimBillingMonth>;

export const SimBillingResponse = Type.Object(
  {
    items: Type.Array(SimBillingMonth, { description: 'closed billing periods only (INV-2), newest month first' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'always null: at most 12 months, one page' }),
  },
  { additionalProperties: false },
);
export type SimBillingResponse = Static<typeof SimBillingResponse>;

export const SimCallDetailQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(UsageTypeSchema),
    from: Type.Optional({ ...IsoDate, description: 'first Brussels day of the calls (YYYY-MM-DD, 1900-01-01 to 2999-12-31)' }),
    to: Type.Optional({ ...IsoDate, description: 'last Brussels day of the calls (YYYY-MM-DD, 1900-01-01 to 2999-12-31), included; not before from' }),
  },
  { additionalProperties: false },
);
export type SimCallDetailQuery = Static<typeof SimCallDetailQuery>;

export const SimCallDetailPage = Type.Object(
  {
    items: Type.Array(CallDetailItem, { description: 'newest first' }),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    availableUntil: { ...Instant, description: 'RET-1: when the oldest call details still shown leave the 6-month window (later days follow day by day)' },
  },
  { additionalProperties: false },
);
export type SimCallDetailPage = Static<typeof SimCallDetailPage>;
