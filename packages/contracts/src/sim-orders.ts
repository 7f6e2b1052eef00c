import { Type, type SchemaOptions, type Static, type TObject, type TSchema, type TUnion } from '@sinclair/typebox';
import { IsoDate, PageQuery, StoredDate, Uuid, page } from './common.ts';

/**
 * Changes of a SIM's subscription (MOB-3, MOB-6..10). Each is an order: recorded with who asked
 * it, for whom, through which delegation, applied against the SIM's version (If-Match) and at most
 * once per Idempotency-Key, effective now or on the first day of the next billing period.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** MOB-7: the last day of a suspension is at most this many days after today. */
export const MAX_SUSPENSION_DAYS = 366;

export const ORDER_EFFECTIVE = ['now', 'next_period'] as const;
export const OrderEffective = Type.Union(ORDER_EFFECTIVE.map((e) => Type.Literal(e)), {
  description: 'now (when left out), or on the first day of the next billing period (00:00 Europe/Brussels)',
});
export type OrderEffective = Static<typeof OrderEffective>;

const effective = { effective: Type.Optional(OrderEffective) };

/**
 * One of `members`, picked by its `kind`: the `discriminator` (OpenAPI's keyword, which the
 * server's Ajv applies) checks a body against the one kind it names, so a bad field is one error
 * about that field and an unknown kind one error naming `kind`, not an error for every kind.
 * `type` and `required` refuse what is not an object with a kind before a kind is picked.
 */
const byKind = <T extends TObject[]>(members: [...T], options: SchemaOptions = {}) =>
  Type.Unsafe<Static<TUnion<T>>>({ ...options, type: 'object', required: ['kind'], discriminator: { propertyName: 'kind' }, oneOf: members });

/** What an order changes, one kind at a time. */
const SIM_CHANGES = [
  Type.Object({ kind: Type.Literal('plan'), tariffPlanId: Uuid, ...effective }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('add_option'), optionId: Uuid, ...effective }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('remove_option'), optionId: Uuid, ...effective }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('clir'), enabled: Type.Boolean({ description: 'hide the caller id (free, any time)' }), ...effective }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('premium_barring'), enabled: Type.Boolean(), ...effective }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('eu_data_cutoff'),
      optOut: Type.Boolean({ description: 'true: no cut-off at €60 of EU mobile data a month (MOB-9)' }),
      warningAcknowledged: Type.Optional(Type.Boolean({ description: 'required (true) to opt out: the user saw the warning that EU data is then no longer cut off at €60' })),
      ...effective,
    },
    { additionalProperties: false },
  ),
] as const;
export const SimChange = byKind([...SIM_CHANGES], { description: 'plan, add_option, remove_option, clir, premium_barring or eu_data_cutoff' });
export type SimChange = Static<typeof SimChange>;

/** Changes of the line's status (MOB-6..8, MOB-10): always at once. */
const SIM_STATUS_CHANGES = [
  Type.Object({ kind: Type.Literal('block_lost_stolen'), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('reactivate') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('suspend'), until: { ...IsoDate, description: 'the last day of the suspension; fees keep running (MOB-7)' } }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('number_change'),
      desiredMsisdn: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a Belgian mobile number the customer would like (validated); left out: any free number' })),
      note: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('port_out'),
      recipientOperator: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
      acceptedCostCents: Type.Optional(Type.Integer({
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'MOB-8/MOB-10: a port-out ends the subscription, early within its initial term; the early-termination cost the user saw '
          + '(GET …/termination-quote) and confirmed. Refused (409) when it is no longer the cost; the cost is recorded with the order either way',
      })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('terminate'),
      // What JavaScript holds exactly, as the invoice amount filters: a larger number is a 400 naming it.
      acceptedCostCents: Type.Integer({
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: `the early-termination cost the user saw and confirmed (MOB-10), 0 to ${Number.MAX_SAFE_INTEGER}; refused (409) when it is no longer the cost`,
      }),
    },
    { additionalProperties: false },
  ),
] as const;
export const SimStatusChange = byKind([...SIM_STATUS_CHANGES]);
export type SimStatusChange = Static<typeof SimStatusChange>;

export const SimOrderBody = byKind([...SIM_CHANGES, ...SIM_STATUS_CHANGES]);
export type SimOrderBody = Static<typeof SimOrderBody>;

export const SIM_ORDER_KINDS = [
  'plan', 'add_option', 'remove_option', 'clir', 'premium_barring', 'eu_data_cutoff',
  'block_lost_stolen', 'reactivate', 'suspend', 'number_change', 'port_out', 'terminate',
] as const;
export type SimOrderKind = (typeof SIM_ORDER_KINDS)[number];

/**
 * applied: in force; scheduled: in force from effectiveAt; awaiting_approval: a self-service
 * request the fleet manager approves or rejects (MOB-4); requested: waits for the operator
 * (number change); rejected, cancelled, failed: never applied.
 */
export const SIM_ORDER_STATUSES = ['awaiting_approval', 'scheduled', 'requested', 'applied', 'rejected', 'cancelled', 'failed'] as const;
export const SimOrderStatus = Type.Union(SIM_ORDER_STATUSES.map((s) => Type.Literal(s)));
export type SimOrderStatus = Static<typeof SimOrderStatus>;

/** The orders their asker or the SIM's manager may still withdraw; one sent to the operator is the operator's to decide. */
export const CANCELLABLE_ORDER_STATUSES = ['scheduled', 'awaiting_approval'] as const satisfies readonly SimOrderStatus[];

/** Whether an order can still be cancelled: a scheduled change or a request awaiting approval, but not a number change the operator announced. */
export function isCancellable(order: { kind: string; status: string }): boolean {
  return (CANCELLABLE_ORDER_STATUSES as readonly string[]).includes(order.status) && order.kind !== 'number_change';
}

const Person = Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false });

export const SimOrder = Type.Object(
  {
    id: Uuid,
    simId: Uuid,
    msisdn: Type.String(),
    kind: Type.Union(SIM_ORDER_KINDS.map((k) => Type.Literal(k))),
    request: Type.Unknown({ description: 'the order as it was asked' }),
    status: SimOrderStatus,
    effective: OrderEffective,
    effectiveAt: Nullable(DateTime),
    createdAt: DateTime,
    createdBy: Nullable(Person),
    delegation: Nullable(Type.Object({ id: Uuid }, { additionalProperties: false })),
    decidedAt: Nullable(DateTime),
    decidedBy: Nullable(Person),
    decisionDelegation: Nullable(Type.Object({ id: Uuid }, { additionalProperties: false, description: 'the delegation whoever approved, rejected or cancelled it acted through (DLG-2..4)' })),
    reason: Nullable(Type.String({ description: 'why it was rejected, failed or replaced' })),
    bulkChangeId: Nullable(Uuid),
  },
  { additionalProperties: false },
);
export type SimOrder = Static<typeof SimOrder>;

export const SimOrderParams = Type.Object({ customerId: Uuid, orderId: Uuid }, { additionalProperties: false });
export type SimOrderParams = Static<typeof SimOrderParams>;

export const SimOrderListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(Type.Array(SimOrderStatus, { minItems: 1, maxItems: SIM_ORDER_STATUSES.length, uniqueItems: true, description: 'one status or several (repeat the parameter)' })),
    simId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type SimOrderListQuery = Static<typeof SimOrderListQuery>;

export const SimOrderListResponse = page(SimOrder);
export type SimOrderListResponse = Static<typeof SimOrderListResponse>;

export const RejectOrderBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) }, { additionalProperties: false });
export type RejectOrderBody = Static<typeof RejectOrderBody>;

const IfMatch = Type.String({ maxLength: 100, description: "the SIM's ETag; required (428 without, 412 when stale)" });
const IdempotencyKey = Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' });

export const OrderHeaders = Type.Object({ 'if-match': Type.Optional(IfMatch), 'idempotency-key': Type.Optional(IdempotencyKey) });

/** A bulk change has no single version to match: each SIM's change is checked by the job, and a retry is recognised by its key. */
export const BulkChangeHeaders = Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKey) });

/** Setting the device or the end user's self-service rights is idempotent by itself (PUT); only the SIM's version is matched. */
export const SimIfMatchHeaders = Type.Object({ 'if-match': Type.Optional(IfMatch) });

/** MOB-10: what ending the SIM's subscription now costs, with the figures it comes from. */
export const TerminationQuote = Type.Object(
  {
    simId: Uuid,
    asOf: StoredDate,
    initialTermEnd: Nullable(StoredDate),
    remainingMonths: Type.Integer({ minimum: 0, description: 'the billing periods after the current one up to the one in which the initial term ends' }),
    monthlyFeeCents: Type.Integer({ minimum: 0, description: "the plan's and options' monthly fees" }),
    remainingFeesCents: Type.Integer({ minimum: 0 }),
    closedInvoices: Type.Array(Type.Object(
      { invoiceId: Uuid, number: Type.String(), period: Type.String(), callAmountCents: Type.Integer() },
      { additionalProperties: false },
    ), { description: 'the last 3 closed invoices and the SIM\'s billed call amount on each (voice, SMS, data, roaming)' }),
    averageCallAmountCents: Type.Integer(),
    callCompensationCents: Type.Integer({ description: '50 % of the average × remaining months' }),
    perSimFeeCents: Type.Integer({ description: '€50 per SIM' }),
    totalCents: Type.Integer({ minimum: 0 }),
    currency: Type.Literal('EUR'),
  },
  { additionalProperties: false },
);
export type TerminationQuote = Static<typeof TerminationQuote>;

/** MOB-4: what the end user of a SIM may change himself. */
export const SelfServiceRights = Type.Object(
  {
    simId: Uuid,
    tariffPlanIds: Type.Array(Uuid, { maxItems: 100, description: 'plans he may switch between' }),
    optionIds: Type.Array(Uuid, { maxItems: 200, description: 'options he may add or remove' }),
    clir: Type.Boolean({ description: 'he may hide his caller id' }),
    requiresApproval: Type.Boolean({ description: 'his orders wait for the fleet manager\'s approval' }),
    grantedAt: Nullable(DateTime),
    grantedBy: Nullable(Person),
  },
  { additionalProperties: false },
);
export type SelfServiceRights = Static<typeof SelfServiceRights>;

export const SelfServiceRightsBody = Type.Object(
  {
    tariffPlanIds: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }),
    optionIds: Type.Array(Uuid, { maxItems: 200, uniqueItems: true }),
    clir: Type.Boolean(),
    requiresApproval: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SelfServiceRightsBody = Static<typeof SelfServiceRightsBody>;

/** A change on a selection of SIMs (up to the whole fleet), applied by a background job. */
export const BulkChangeBody = Type.Object(
  {
    simIds: Type.Array(Uuid, { minItems: 1, maxItems: 50000, uniqueItems: true }),
    change: SimChange,
  },
  { additionalProperties: false },
);
export type BulkChangeBody = Static<typeof BulkChangeBody>;

export const BULK_CHANGE_STATUSES = ['queued', 'running', 'done'] as const;
export const BulkChange = Type.Object(
  {
    id: Uuid,
    change: SimChange,
    status: Type.Union(BULK_CHANGE_STATUSES.map((s) => Type.Literal(s))),
    total: Type.Integer(),
    applied: Type.Integer({ description: 'SIMs changed (or scheduled for the next period)' }),
    unchanged: Type.Integer({ description: 'SIMs that had what the change asks already (effective now): no order, nothing in their history' }),
    failed: Type.Integer(),
    pending: Type.Integer(),
    createdAt: DateTime,
    createdBy: Nullable(Person),
    finishedAt: Nullable(DateTime),
  },
  { additionalProperties: false },
);
export type BulkChange = Static<typeof BulkChange>;

export const BulkChangeParams = Type.Object({ customerId: Uuid, bulkChangeId: Uuid }, { additionalProperties: false });
export type BulkChangeParams = Static<typeof BulkChangeParams>;

export const BULK_ITEM_STATUSES = ['pending', 'applied', 'unchanged', 'failed'] as const;
export const BulkChangeItemQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(Type.Union(BULK_ITEM_STATUSES.map((s) => Type.Literal(s)))) },
  { additionalProperties: false },
);
export type BulkChangeItemQuery = Static<typeof BulkChangeItemQuery>;

export const BulkChangeItem = Type.Object(
  {
    simId: Uuid,
    msisdn: Type.String(),
    status: Type.Union(BULK_ITEM_STATUSES.map((s) => Type.Literal(s))),
    orderId: Nullable(Uuid),
    reason: Nullable(Type.String({ description: 'why the SIM failed or is unchanged, as a sentence in English' })),
    code: Nullable(Type.String({
      description: 'the stable code of the reason, to say it in the user\'s language: for a failed SIM sim_deactivated, sim_porting_out, '
        + 'plan_unknown, plan_withdrawn, options_incompatible, option_unknown, option_withdrawn, option_incompatible or unknown_sim '
        + '(the codes of the same refusal of a single change); no_change for an unchanged one; null for an applied or pending one',
    })),
  },
  { additionalProperties: false },
);
export const BulkChangeItemResponse = page(BulkChangeItem);
export type BulkChangeItemResponse = Static<typeof BulkChangeItemResponse>;

/** What-if: each SIM's last 3 closed months of call details re-rated on a candidate plan. */
export const WhatIfBody = Type.Object(
  { simIds: Type.Array(Uuid, { minItems: 1, maxItems: 5000, uniqueItems: true }), tariffPlanId: Uuid },
  { additionalProperties: false },
);
export type WhatIfBody = Static<typeof WhatIfBody>;

export const WhatIfResult = Type.Object(
  {
    tariffPlanId: Uuid,
    months: Type.Array(Type.String(), { description: 'the calendar months re-rated, YYYY-MM' }),
    items: Type.Array(Type.Object(
      { simId: Uuid, msisdn: Type.String(), currentCents: Type.Integer(), candidateCents: Type.Integer(), differenceCents: Type.Integer() },
      { additionalProperties: false },
    )),
    totals: Type.Object({ currentCents: Type.Integer(), candidateCents: Type.Integer(), differenceCents: Type.Integer() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type WhatIfResult = Static<typeof WhatIfResult>;

/** MOB-5: how the customer marks the device in a SIM; its data (IMEI, make, model) only for its own devices. */
export const SimDeviceBody = Type.Object(
  {
    ownership: Type.Union([Type.Literal('customer'), Type.Literal('byod')], { description: "customer: the customer's own device; byod: the user's own (no device data kept)" }),
    imei: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '15 digits with a valid Luhn check digit; spaces, dots, slashes and dashes are ignored; required for a customer-owned device' })),
    make: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type SimDeviceBody = Static<typeof SimDeviceBody>;
