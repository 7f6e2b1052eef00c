import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PageQuery, StoredDate, Uuid, YearMonth, page } from './common.ts';
import { TariffOption, TariffPlan, TariffPlanRef } from './catalogue.ts';
import { EXPORT_FORMATS } from './usage.ts';

/**
 * A customer's SIMs as the signed-in user may see them: the fleet table (PFM-1, PFM-4: search,
 * filters, server-side sort, keyset pagination), one SIM with its subscription, device and this
 * month's usage (MOB-2, MOB-5), and its change history (MOB-3).
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** MOB-6..8: blocked after loss or theft, suspended for a fixed period, a port-out under way, deactivated. */
export const SIM_STATUSES = ['active', 'suspended', 'blocked', 'port_out_pending', 'deactivated'] as const;
export const SimStatus = Type.Union(SIM_STATUSES.map((s) => Type.Literal(s)));
export type SimStatus = Static<typeof SimStatus>;

/** The share of this month's data allowance used (Europe/Brussels calendar month, usage not billed yet). */
export const SIM_USAGE_BANDS = ['under80', '80to100', 'over100'] as const;
export const SimUsageBand = Type.Union(SIM_USAGE_BANDS.map((b) => Type.Literal(b)));
export type SimUsageBand = Static<typeof SimUsageBand>;

export const SIM_SORTS = [
  'msisdn:asc', 'msisdn:desc', 'status:asc', 'status:desc', 'plan:asc', 'plan:desc', 'costCentre:asc', 'costCentre:desc',
  'billingAccount:asc', 'billingAccount:desc', 'endUser:asc', 'endUser:desc', 'initialTermEnd:asc', 'initialTermEnd:desc',
] as const;
export type SimSort = (typeof SIM_SORTS)[number];

/** What narrows the fleet table, shared by its pages and its export (PFM-4). */
const SimFilters = {
  q: Type.Optional(Type.String({
    maxLength: 60, pattern: '^[^\\u0000]*$',
    description: 'part of the mobile number (e.g. 0470 12 34 or +32470; spaces, dots, slashes and dashes are ignored), or, when it holds a letter, part of the end user\'s name',
  })),
  status: Type.Optional(SimStatus),
  tariffPlanId: Type.Optional(Uuid),
  optionId: Type.Optional({ ...Uuid, description: 'only SIMs with this option' }),
  costCentreId: Type.Optional(Uuid),
  billingAccountId: Type.Optional(Uuid),
  usageBand: Type.Optional({ ...SimUsageBand, description: "this month's data usage against the allowance: under 80 %, 80 to 100 %, over 100 % (an unlimited allowance is under 80 %)" }),
  unassigned: Type.Optional(Type.Boolean({ description: 'true: only SIMs without an end user; false: only SIMs with one' })),
  updatable: Type.Optional(Type.Boolean({ description: 'true: only SIMs the signed-in user may update (e.g. to link them to a user)' })),
  mine: Type.Optional(Type.Boolean({ description: 'true: only the lines whose end user is the signed-in user (his own lines)' })),
};

const SimSortSchema = Type.Union(SIM_SORTS.map((s) => Type.Literal(s)), { default: 'msisdn:asc' });

export const SimListQuery = Type.Object(
  {
    ...PageQuery,
    ...SimFilters,
    sort: Type.Optional(SimSortSchema),
  },
  { additionalProperties: false },
);
export type SimListQuery = Static<typeof SimListQuery>;

/** The fleet table as a file (PFM-4): the list's filters and sort, in CSV or XLSX. */
export const SimExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f)), { default: 'csv', description: 'csv (`;`-separated, UTF-8 with BOM) or xlsx' })),
    ...SimFilters,
    sort: Type.Optional(SimSortSchema),
  },
  { additionalProperties: false },
);
export type SimExportQuery = Static<typeof SimExportQuery>;

export const SimEndUser = Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false });

export const SimOptionRef = Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }, { additionalProperties: false });

export const SimListItem = Type.Object(
  {
    id: Uuid,
    msisdn: Type.String(),
    iccid: Type.String(),
    status: SimStatus,
    billingAccountId: Uuid,
    billingAccountNumber: Type.String(),
    costCentreId: Nullable(Uuid),
    costCentreName: Nullable(Type.String()),
    endUser: Nullable(SimEndUser),
    tariffPlan: Nullable(TariffPlanRef),
    options: Type.Array(SimOptionRef),
    initialTermEnd: Nullable(StoredDate),
    blockedAt: Nullable({ ...DateTime, description: 'MOB-6: when a loss or theft was reported, while the line is blocked (also during a port-out that waits)' }),
  },
  { additionalProperties: false },
);
export type SimListItem = Static<typeof SimListItem>;

export const SimListResponse = page(SimListItem);
export type SimListResponse = Static<typeof SimListResponse>;

export const SimParams = Type.Object({ customerId: Uuid, simId: Uuid }, { additionalProperties: false });
export type SimParams = Static<typeof SimParams>;

export const SimDetailQuery = Type.Object({}, { additionalProperties: false });

/** MOB-5: the device of a customer-owned line; a BYOD device shows no data. */
export const SimDevice = Type.Object(
  { imei: Type.String(), make: Nullable(Type.String()), model: Nullable(Type.String()), since: DateTime },
  { additionalProperties: false },
);

/** One kind of usage against its allowance (null: unlimited); the band as the list filters by it. */
const usageFigure = (unit: string) => Type.Object(
  {
    used: Type.Number({ minimum: 0, description: unit }),
    allowance: Nullable(Type.Number({ minimum: 0, description: `${unit}; null: unlimited` })),
    percent: Nullable(Type.Integer({ minimum: 0, description: 'rounded down; null when unlimited or the allowance is zero' })),
    band: SimUsageBand,
  },
  { additionalProperties: false },
);

export const SimUsage = Type.Object(
  {
    month: { ...YearMonth, description: 'the Europe/Brussels calendar month, YYYY-MM' },
    asOf: { ...DateTime, description: 'usage up to this instant (near real time, MOB-2); usage of a closed billing period is no longer counted here' },
    data: usageFigure('MB (1 MB = 1024 kB), to one decimal'),
    voice: usageFigure('minutes, each call counted by the started minute'),
    sms: usageFigure('text messages'),
  },
  { additionalProperties: false },
);
export type SimUsage = Static<typeof SimUsage>;

export const SimDetail = Type.Object(
  {
    id: Uuid,
    msisdn: Type.String(),
    iccid: Type.String(),
    status: SimStatus,
    suspendedUntil: Nullable({ ...StoredDate, description: 'MOB-7: the last day of the temporary suspension (status suspended, or blocked during one: reactivation returns the line to it)' }),
    blockedAt: Nullable({ ...DateTime, description: 'MOB-6: when the loss or theft was reported (status blocked); usage since is not charged' }),
    version: Type.Integer({ minimum: 1, description: 'also the ETag; a change sends it back in If-Match' }),
    billingAccount: Type.Object({ id: Uuid, number: Type.String(), name: Type.String() }, { additionalProperties: false }),
    costCentre: Nullable(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }, { additionalProperties: false })),
    endUser: Nullable(SimEndUser),
    tariffPlan: Nullable(TariffPlan),
    options: Type.Array(Type.Composite([Type.Omit(TariffOption, ['planIds']), Type.Object({ addedAt: DateTime })], { additionalProperties: false })),
    clir: Type.Boolean({ description: 'MOB-3: the caller id is hidden' }),
    premiumBarring: Type.Boolean({ description: 'MOB-3: calls to premium numbers are barred' }),
    euDataCutoffOptOut: Type.Boolean({ description: 'MOB-9: the customer opted out of the €60 monthly EU data cut-off' }),
    contractStart: Nullable(StoredDate),
    initialTermEnd: Nullable({ ...StoredDate, description: 'MOB-10: the end of the initial term' }),
    deviceOwnership: Nullable(Type.Union([Type.Literal('customer'), Type.Literal('byod')], { description: 'how the customer marked the device in this SIM (MOB-5)' })),
    device: Nullable(SimDevice),
    usage: Nullable(SimUsage),
  },
  { additionalProperties: false },
);
export type SimDetail = Static<typeof SimDetail>;

export const SIM_CHANGE_KINDS = [
  'plan', 'options', 'clir', 'premium_barring', 'eu_data_cutoff', 'status', 'end_user', 'cost_centre', 'billing_account', 'device', 'contract', 'msisdn',
] as const;
export const SimChangeKind = Type.Union(SIM_CHANGE_KINDS.map((k) => Type.Literal(k)));
export type SimChangeKind = Static<typeof SimChangeKind>;

export const SimHistoryQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type SimHistoryQuery = Static<typeof SimHistoryQuery>;

export const SimHistoryItem = Type.Object(
  {
    id: Uuid,
    at: DateTime,
    kind: SimChangeKind,
    actor: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false, description: 'null: the operator or a system job' })),
    actingFor: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false, description: 'the customer the change was made for' }),
    delegation: Nullable(Type.Object({ id: Uuid, partnerName: Nullable(Type.String()) }, { additionalProperties: false, description: 'the delegation the actor used (DLG-2..4)' })),
    orderId: Nullable(Uuid),
    approvedBy: Nullable(Type.Object(
      {
        id: Uuid,
        name: Type.String(),
        delegation: Nullable(Type.Object({ id: Uuid, partnerName: Nullable(Type.String()) }, { additionalProperties: false })),
      },
      { additionalProperties: false, description: "who approved the end user's request (MOB-4), and through which delegation; null when none was needed" },
    )),
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  { additionalProperties: false },
);
export type SimHistoryItem = Static<typeof SimHistoryItem>;

export const SimHistoryResponse = page(SimHistoryItem);
export type SimHistoryResponse = Static<typeof SimHistoryResponse>;
