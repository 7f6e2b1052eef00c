import { sql, type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { Action } from '@mandate/authz/subjects';
import { BAND_LOW_DENOMINATOR, BAND_LOW_NUMERATOR, type UsageBand } from '@mandate/domain/usage-bands';
import { addMonths, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { holderAt } from '../usage/usage.repo.ts';

/** The columns the Sim subject's rule fields stand for in these queries. */
export const SIM_LIST_COLUMNS = {
  customerId: 's.customer_id', billingAccountId: 's.billing_account_id', costCentreId: 's.cost_centre_id', endUserId: 's.end_user_id',
} as const;

/** A timestamp as exact text (microseconds, UTC): a keyset position must not lose what a JS Date drops. */
const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type SimSortField = 'msisdn' | 'status' | 'plan' | 'costCentre' | 'billingAccount' | 'endUser' | 'initialTermEnd';

/**
 * The sort keys other than the msisdn, each followed by the msisdn (unique) in the keyset. Text keys
 * compare in byte order ("C") in ORDER BY and in the keyset condition alike, whatever the
 * database's collation; a missing value sorts as '' (first ascending), a missing end of term last.
 * Status and end of term have indexes of their own (sims_status_idx, sims_initial_term_idx).
 */
const SORT_KEYS: Record<Exclude<SimSortField, 'msisdn'>, RawBuilder<string>> = {
  status: sql<string>`(s.status COLLATE "C")`,
  plan: sql<string>`(coalesce(tp.name, '') COLLATE "C")`,
  costCentre: sql<string>`(coalesce(cc.name, '') COLLATE "C")`,
  billingAccount: sql<string>`(ba.number COLLATE "C")`,
  endUser: sql<string>`(coalesce(lower(u.last_name || ' ' || u.first_name), '') COLLATE "C")`,
  initialTermEnd: sql<string>`coalesce(s.initial_term_end, '9999-12-31'::date)`,
};

/** The cast of a keyset value for a sort key (text keys need none). */
const KEY_CAST: Partial<Record<SimSortField, RawBuilder<unknown>>> = { initialTermEnd: sql`::date` };

/**
 * The Brussels month's usage that counts against the allowance: from its first instant up to now.
 * `from` is the first instant of a Brussels month (the band filter reads that month's sums).
 */
export interface UsageWindow {
  from: Date;
  upTo: Date;
}

export interface SimListFilters {
  /** A LIKE pattern on the msisdn (already normalised: digits, '+' and '%' only). */
  msisdnLike?: string | undefined;
  /** A LIKE pattern on the end user's name, lower case (LIKE's special characters escaped). */
  nameLike?: string | undefined;
  unassigned?: boolean | undefined;
  /** Only the lines of this end user. */
  endUserId?: string | undefined;
  /** Only the SIMs the caller may also update (the picker that links a line to a user). */
  updatable?: boolean | undefined;
  status?: string | undefined;
  tariffPlanId?: string | undefined;
  optionId?: string | undefined;
  costCentreId?: string | undefined;
  billingAccountId?: string | undefined;
  usageBand?: { band: UsageBand; window: UsageWindow } | undefined;
  sort?: { field: SimSortField; desc: boolean } | undefined;
  /** Keyset: the msisdn of the last row of the previous page (msisdns are unique)… */
  after?: string | undefined;
  /** …and its sort key, unless sorting by msisdn. */
  afterKey?: string | undefined;
  limit: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelect = SelectQueryBuilder<any, any, any>;

/**
 * Usage events a closed billing period covers are billed (INV-2): the usage of the month against
 * the allowance reads only what no closed period of the event's account covers.
 */
function notInClosedPeriod(eb: AnyEb): Expression<SqlBool> {
  return eb.not(eb.exists(eb.selectFrom('billing_periods as bp')
    .select(sql`1`.as('one'))
    .whereRef('bp.customer_id', '=', 'ue.customer_id')
    .whereRef('bp.billing_account_id', '=', 'ue.billing_account_id')
    .where('bp.status', '=', 'closed')
    .where(sql<boolean>`(ue.occurred_at AT TIME ZONE 'Europe/Brussels')::date BETWEEN bp.starts_on AND bp.ends_on`)));
}

/**
 * INV-2 for a month's usage (`mu`: sums or events, with their billing account): billing periods
 * being calendar months (a CHECK of billing_periods), the account's period of the month covers
 * every event of the month, and once closed has billed them all.
 */
function notInClosedMonth(eb: AnyEb, customerId: string, month: string): Expression<SqlBool> {
  // NOT IN over a non-null column: PostgreSQL reads the closed accounts once (a hashed subplan),
  // not once per row.
  return eb('mu.billing_account_id', 'not in', eb.selectFrom('billing_periods as bp')
    .select('bp.billing_account_id')
    .where('bp.customer_id', '=', customerId)
    .where('bp.starts_on', '=', month)
    .where('bp.status', '=', 'closed'));
}

/**
 * The band condition of the month's data usage (usage-bands.ts states the same rule): the allowance
 * is the plan's plus what the SIM's options add, null (unlimited, or no plan) is under 80 %.
 * `du.kb` is the month's data in kB, `da.kb` the part of it after the window, and `ox.mb` the
 * options' extra data, each joined per SIM.
 */
function bandCondition(band: UsageBand): RawBuilder<boolean> {
  const used = sql`(coalesce(du.kb, 0) - coalesce(da.kb, 0))`;
  const allowanceKb = sql`((tp.data_mb + coalesce(ox.mb, 0))::bigint * 1024)`;
  const over = sql`(${used} > ${allowanceKb})`;
  const near = sql`(${used} > 0 AND ${used} * ${sql.lit(BAND_LOW_DENOMINATOR)} >= ${allowanceKb} * ${sql.lit(BAND_LOW_NUMERATOR)})`;
  switch (band) {
    case 'over100':
      return sql<boolean>`coalesce(${over}, false)`;
    case '80to100':
      return sql<boolean>`coalesce(NOT ${over} AND ${near}, false)`;
    case 'under80':
      return sql<boolean>`coalesce(NOT ${over} AND NOT ${near}, true)`;
  }
}

/** The list's filters without its order and page: what the export narrows by too. */
export type SimFilters = Omit<SimListFilters, 'sort' | 'after' | 'afterKey' | 'limit'>;

/**
 * A customer's SIMs that `action` on Sim reaches (read for the list, export for the file), filtered
 * in SQL by the same rules the ability checks (DESIGN.md §2) and by the list's filters; the caller
 * selects the columns and the order.
 */
function simsOf(db: Kysely<DB>, ability: AppAbility, action: Action, customerId: string, f: SimFilters) {
  let q = db
    .selectFrom('sims as s')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 's.customer_id').onRef('ba.id', '=', 's.billing_account_id'))
    .leftJoin('cost_centres as cc', (j) => j.onRef('cc.customer_id', '=', 's.customer_id').onRef('cc.id', '=', 's.cost_centre_id'))
    .leftJoin('users as u', 'u.id', 's.end_user_id')
    .leftJoin('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
    .where('s.customer_id', '=', customerId)
    .where(whereAccessible(ability, action, 'Sim', SIM_LIST_COLUMNS));
  if (f.usageBand) {
    const { band, window } = f.usageBand;
    const month = `${brusselsDate(window.from).slice(0, 7)}-01`;
    // The month's data per SIM of the scope: its sums per billing account, except those billed
    // (one row per SIM that used the network, unless it changed account in the month). The scope
    // is repeated inside, so that a fleet manager's few thousand SIMs are summed, not the fleet…
    const monthData = db
      .selectFrom('sim_usage_months as mu')
      .where('mu.customer_id', '=', customerId)
      .where('mu.month', '=', month)
      .where('mu.sim_id', 'in', db.selectFrom('sims as s').select('s.id')
        .where('s.customer_id', '=', customerId)
        .where(whereAccessible(ability, action, 'Sim', SIM_LIST_COLUMNS)))
      .where((eb) => notInClosedMonth(eb, customerId, month))
      .groupBy('mu.sim_id')
      .select(['mu.sim_id', sql<number>`sum(mu.data_kb)::bigint`.as('kb')]);
    // …less the month's events after `upTo`, which the sums hold too (none, unless events arrive
    // dated ahead: found in time order).
    const dataAhead = db
      .selectFrom('usage_events as mu')
      .where('mu.customer_id', '=', customerId)
      .where('mu.type', '=', 'data')
      .where('mu.occurred_at', '>', window.upTo)
      .where('mu.occurred_at', '<', brusselsStartOfDay(addMonths(month, 1)))
      .where((eb) => notInClosedMonth(eb, customerId, month))
      .groupBy('mu.sim_id')
      .select(['mu.sim_id', sql<number>`sum(mu.volume_kb)::bigint`.as('kb')]);
    const extraData = db
      .selectFrom('sim_options as so')
      .innerJoin('tariff_options as o', 'o.id', 'so.option_id')
      .where('so.customer_id', '=', customerId)
      .where('o.extra_data_mb', '>', 0)
      .groupBy('so.sim_id')
      .select(['so.sim_id', sql<number>`sum(o.extra_data_mb)`.as('mb')]);
    // Only a SIM that used data can be at 80 % or more: those bands start from the month's usage.
    q = q.$if(true, (qb) => (band === 'under80'
      ? qb.leftJoin(monthData.as('du'), 'du.sim_id', 's.id')
      : qb.innerJoin(monthData.as('du'), 'du.sim_id', 's.id'))
      .leftJoin(dataAhead.as('da'), 'da.sim_id', 's.id')
      .leftJoin(extraData.as('ox'), 'ox.sim_id', 's.id')
      .where(bandCondition(band)));
  }
  if (f.updatable) q = q.where(whereAccessible(ability, 'update', 'Sim', SIM_LIST_COLUMNS));
  if (f.msisdnLike) q = q.where(sql<boolean>`s.msisdn like ${f.msisdnLike}`);
  if (f.nameLike) {
    const like = f.nameLike;
    q = q.where((eb) => eb.or([
      eb(sql`lower(u.first_name || ' ' || u.last_name)`, 'like', like),
      eb(sql`lower(u.last_name || ' ' || u.first_name)`, 'like', like),
    ]));
  }
  if (f.unassigned === true) q = q.where('s.end_user_id', 'is', null);
  if (f.unassigned === false) q = q.where('s.end_user_id', 'is not', null);
  if (f.endUserId) q = q.where('s.end_user_id', '=', f.endUserId);
  if (f.status) q = q.where('s.status', '=', f.status);
  if (f.tariffPlanId) q = q.where('s.tariff_plan_id', '=', f.tariffPlanId);
  if (f.optionId) {
    const optionId = f.optionId;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('sim_options as so')
      .select(sql`1`.as('one'))
      .whereRef('so.customer_id', '=', 's.customer_id')
      .whereRef('so.sim_id', '=', 's.id')
      .where('so.option_id', '=', optionId)));
  }
  if (f.costCentreId) q = q.where('s.cost_centre_id', '=', f.costCentreId);
  if (f.billingAccountId) q = q.where('s.billing_account_id', '=', f.billingAccountId);
  return q;
}

interface SimKeyset {
  field: SimSortField;
  desc: boolean;
  after?: string | undefined;
  afterKey?: string | undefined;
}

/** The sort key of a field, undefined for the msisdn (its own key). */
const sortKeyOf = (field: SimSortField): RawBuilder<string> | undefined => (field === 'msisdn' ? undefined : SORT_KEYS[field]);

/** Orders on (sort key, msisdn) and starts after the keyset position, if any. */
function inKeysetOrder<Q extends AnySelect>(q: Q, k: SimKeyset): Q {
  const key = sortKeyOf(k.field);
  const op = sql.raw(k.desc ? '<' : '>');
  const dir = k.desc ? 'desc' : 'asc';
  let out: AnySelect = q;
  if (key === undefined) {
    if (k.after !== undefined) out = out.where(sql<boolean>`s.msisdn ${op} ${k.after}`);
    return (k.desc ? out.orderBy('s.msisdn', 'desc') : out.orderBy('s.msisdn')) as Q;
  }
  if (k.after !== undefined) {
    const cast = KEY_CAST[k.field] ?? sql``;
    out = out.where(sql<boolean>`(${key}, s.msisdn) ${op} (${k.afterKey ?? ''}${cast}, ${k.after})`);
  }
  return out.orderBy(key, dir).orderBy('s.msisdn', dir) as Q;
}

/**
 * A customer's SIMs in the chosen order, filtered in SQL by the same rules the ability checks
 * (DESIGN.md §2): an AO all, a fleet manager or delegate his scope, a Service User his own line.
 * Keyset on (sort key, msisdn); in msisdn order it walks sims_customer_msisdn_idx, or the index of
 * the billing account, cost centre, plan or status filter. `limit + 1` rows tell whether there is
 * a next page.
 *
 * The page is chosen first, from the SIMs' own columns and only the joins its filters and order
 * need (PostgreSQL drops the unused outer joins); only its rows are then joined to their names and
 * options, instead of every SIM in scope before the sort.
 */
export function listSims(db: Kysely<DB>, ability: AppAbility, customerId: string, f: SimListFilters) {
  const field = f.sort?.field ?? 'msisdn';
  const key = sortKeyOf(field);
  const desc = f.sort?.desc ?? false;
  const page = inKeysetOrder(
    simsOf(db, ability, 'read', customerId, f)
      .select(['s.id', 's.msisdn', (key === undefined ? sql<string | null>`null::text` : sql<string>`(${key})::text`).as('sortKey')]),
    { field, desc, after: f.after, afterKey: f.afterKey },
  ).limit(f.limit + 1);
  const dir = desc ? 'desc' : 'asc';
  return db
    .selectFrom(page.as('p'))
    .innerJoin('sims as s', (j) => j.on('s.customer_id', '=', customerId).onRef('s.id', '=', 'p.id'))
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 's.customer_id').onRef('ba.id', '=', 's.billing_account_id'))
    .leftJoin('cost_centres as cc', (j) => j.onRef('cc.customer_id', '=', 's.customer_id').onRef('cc.id', '=', 's.cost_centre_id'))
    .leftJoin('users as u', 'u.id', 's.end_user_id')
    .leftJoin('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
    .select((eb) => [
      's.id', 's.msisdn', 's.iccid', 's.status', 's.billing_account_id as billingAccountId', 'ba.number as billingAccountNumber',
      's.cost_centre_id as costCentreId', 'cc.name as costCentreName', 'u.id as endUserId', 'u.first_name as endUserFirstName',
      'u.last_name as endUserLastName', 'tp.id as planId', 'tp.code as planCode', 'tp.name as planName', 's.initial_term_end as initialTermEnd',
      's.blocked_at as blockedAt', 'p.sortKey',
      jsonArrayFrom(eb.selectFrom('sim_options as so')
        .innerJoin('tariff_options as o', 'o.id', 'so.option_id')
        .whereRef('so.customer_id', '=', 's.customer_id')
        .whereRef('so.sim_id', '=', 's.id')
        .select(['o.id', 'o.code', 'o.name'])
        .orderBy('o.code')).as('options'),
    ])
    .orderBy(sql`p."sortKey" COLLATE "C"`, dir)
    .orderBy('p.msisdn', dir)
    .execute();
}

/**
 * The cells of the fleet export as SQL over `simExportRows` (`oc` holds the SIM's option codes):
 * read back as the rows of a keyset batch, and written by COPY for a CSV. Flags are the words
 * true and false, so that both paths write the same text.
 */
export const SIM_EXPORT_SQL = {
  msisdn: 's.msisdn',
  iccid: 's.iccid',
  status: 's.status',
  endUser: "nullif(trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')), '')",
  costCentreCode: 'cc.code',
  costCentreName: 'cc.name',
  billingAccount: 'ba.number',
  tariffPlanCode: 'tp.code',
  tariffPlanName: 'tp.name',
  options: 'oc.codes',
  clir: "CASE WHEN s.clir THEN 'true' ELSE 'false' END",
  premiumBarring: "CASE WHEN s.premium_barring THEN 'true' ELSE 'false' END",
  euDataCutoffOptOut: "CASE WHEN s.eu_data_cutoff_opt_out THEN 'true' ELSE 'false' END",
  contractStart: 's.contract_start::text',
  initialTermEnd: 's.initial_term_end::text',
} as const;

export type SimExportRow = { [K in keyof typeof SIM_EXPORT_SQL]: string | null } & { msisdn: string; sortKey?: string };

export interface SimExportOrder {
  field: SimSortField;
  desc: boolean;
}

/** What `action` reaches of the fleet, filtered, with each SIM's option codes (one lateral aggregate per SIM). */
function exportedSims(db: Kysely<DB>, ability: AppAbility, customerId: string, f: SimFilters) {
  return simsOf(db, ability, 'export', customerId, f)
    .leftJoinLateral((eb) => eb
      .selectFrom('sim_options as so')
      .innerJoin('tariff_options as o', 'o.id', 'so.option_id')
      .whereRef('so.customer_id', '=', 's.customer_id')
      .whereRef('so.sim_id', '=', 's.id')
      .select(sql<string | null>`string_agg(o.code, ', ' ORDER BY o.code)`.as('codes'))
      .as('oc'), (join) => join.onTrue());
}

/** How many SIMs the export would hold, counted up to `cap`. */
export async function countExportedSims(db: Kysely<DB>, ability: AppAbility, customerId: string, f: SimFilters, cap: number): Promise<number> {
  const inner = simsOf(db, ability, 'export', customerId, f).select(sql`1`.as('one')).limit(cap);
  const row = await db.selectFrom(inner.as('c')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The exported SIMs as one ordered, limited query without columns (the COPY path selects them from SIM_EXPORT_SQL). */
export function simExportRows(db: Kysely<DB>, ability: AppAbility, customerId: string, f: SimFilters, order: SimExportOrder, limit: number): AnySelect {
  return inKeysetOrder(exportedSims(db, ability, customerId, f), order).limit(limit);
}

/** A keyset batch of the export: the cells, and the sort key of each row for the next batch. */
export function pageExportedSims(
  db: Kysely<DB>, ability: AppAbility, customerId: string, f: SimFilters, order: SimExportOrder,
  after: { msisdn: string; sortKey?: string | undefined } | undefined, limit: number,
): Promise<SimExportRow[]> {
  const key = sortKeyOf(order.field);
  const q = exportedSims(db, ability, customerId, f)
    .select(Object.entries(SIM_EXPORT_SQL).map(([name, expression]) => sql.raw<string | null>(expression).as(name)))
    .$if(key !== undefined, (qb) => qb.select(sql<string>`(${key})::text`.as('sortKey')));
  return inKeysetOrder(q, { ...order, after: after?.msisdn, afterKey: after?.sortKey }).limit(limit).execute() as Promise<SimExportRow[]>;
}

/** One SIM with its account, cost centre, end user and plan, if the ability lets the caller read it (else undefined: 404). */
export function findSim(db: Kysely<DB>, ability: AppAbility, customerId: string, simId: string) {
  return db
    .selectFrom('sims as s')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 's.customer_id').onRef('ba.id', '=', 's.billing_account_id'))
    .leftJoin('cost_centres as cc', (j) => j.onRef('cc.customer_id', '=', 's.customer_id').onRef('cc.id', '=', 's.cost_centre_id'))
    .leftJoin('users as u', 'u.id', 's.end_user_id')
    .leftJoin('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
    .where('s.customer_id', '=', customerId)
    .where('s.id', '=', simId)
    .where(whereAccessible(ability, 'read', 'Sim', SIM_LIST_COLUMNS))
    .select([
      's.id', 's.msisdn', 's.iccid', 's.status', 's.version', 's.clir', 's.premium_barring as premiumBarring',
      's.suspended_until as suspendedUntil', 's.blocked_at as blockedAt',
      's.eu_data_cutoff_opt_out as euDataCutoffOptOut', 's.contract_start as contractStart', 's.initial_term_end as initialTermEnd',
      's.billing_account_id as billingAccountId', 'ba.number as billingAccountNumber', 'ba.name as billingAccountName',
      's.cost_centre_id as costCentreId', 'cc.code as costCentreCode', 'cc.name as costCentreName',
      's.end_user_id as endUserId', 's.end_user_since as endUserSince', 'u.first_name as endUserFirstName', 'u.last_name as endUserLastName',
      'tp.id as planId', 'tp.code as planCode', 'tp.name as planName', 'tp.monthly_fee_cents as planMonthlyFeeCents',
      'tp.data_mb as planDataMb', 'tp.voice_minutes as planVoiceMinutes', 'tp.sms as planSms',
      'tp.data_rate_cents_per_mb as planDataRate', 'tp.voice_rate_cents_per_minute as planVoiceRate', 'tp.sms_rate_cents as planSmsRate',
      'tp.withdrawn_at as planWithdrawnAt', 'tp.last_switch_on as planLastSwitchOn',
    ])
    .executeTakeFirst();
}

/** The options of one SIM, in full, by code. */
export function findSimOptions(db: Kysely<DB>, customerId: string, simId: string) {
  return db
    .selectFrom('sim_options as so')
    .innerJoin('tariff_options as o', 'o.id', 'so.option_id')
    .where('so.customer_id', '=', customerId)
    .where('so.sim_id', '=', simId)
    .select([
      'o.id', 'o.code', 'o.name', 'o.kind', 'o.monthly_fee_cents as monthlyFeeCents', 'o.extra_data_mb as extraDataMb',
      'o.extra_voice_minutes as extraVoiceMinutes', 'o.extra_sms as extraSms', 'o.withdrawn_at as withdrawnAt', 'so.added_at as addedAt',
    ])
    .orderBy('o.code')
    .execute();
}

/** The device in a SIM now (none, or one: devices_current_idx). */
/** When the line's device was last marked BYOD (MOB-5), or null. */
export async function lastByodMarking(db: Kysely<DB>, customerId: string, simId: string): Promise<Date | null> {
  return (await lastByodMarkings(db, customerId, [simId])).get(simId) ?? null;
}

/** When each of these lines' device was last marked BYOD (MOB-5); lines never marked are left out. */
export async function lastByodMarkings(db: Kysely<DB>, customerId: string, simIds: string[]): Promise<Map<string, Date>> {
  if (simIds.length === 0) return new Map();
  const rows = await db.selectFrom('sim_changes')
    .where('customer_id', '=', customerId).where('sim_id', 'in', [...new Set(simIds)]).where('kind', '=', 'device')
    .where(sql<boolean>`after->>'ownership' = 'byod'`)
    .groupBy('sim_id')
    .select((eb) => ['sim_id as simId', eb.fn.max('at').as('at')])
    .execute();
  return new Map(rows.map((r) => [r.simId, new Date(r.at)]));
}

export function findCurrentDevice(db: Kysely<DB>, customerId: string, simId: string) {
  return db
    .selectFrom('devices')
    .where('customer_id', '=', customerId)
    .where('sim_id', '=', simId)
    .where('until', 'is', null)
    .select(['imei', 'make', 'model', 'ownership', 'since'])
    .executeTakeFirst();
}

/**
 * One SIM's usage in the window, by what its allowance counts: data in kB, calls by the started
 * minute (national and international; roaming has allowances of its own), text messages.
 */
export async function simUsage(db: Kysely<DB>, customerId: string, simId: string, window: UsageWindow) {
  const row = await db
    .selectFrom('usage_events as ue')
    .where('ue.customer_id', '=', customerId)
    .where('ue.sim_id', '=', simId)
    .where('ue.occurred_at', '>=', window.from)
    .where('ue.occurred_at', '<=', window.upTo)
    .where(notInClosedPeriod)
    .select([
      sql<string>`coalesce(sum(ue.volume_kb) FILTER (WHERE ue.type = 'data'), 0)`.as('dataKb'),
      sql<string>`coalesce(sum(ceil(ue.duration_s / 60.0)) FILTER (WHERE ue.type IN ('national_voice', 'international_voice')), 0)`.as('voiceMinutes'),
      sql<string>`count(*) FILTER (WHERE ue.type = 'sms')`.as('sms'),
    ])
    .executeTakeFirstOrThrow();
  return { dataKb: Number(row.dataKb), voiceMinutes: Number(row.voiceMinutes), sms: Number(row.sms) };
}

export interface SimChangeRow {
  id: string;
  keyAt: string;
  kind: string;
  actorId: string | null;
  actorFirstName: string | null;
  actorLastName: string | null;
  customerId: string;
  customerName: string;
  delegationId: string | null;
  partnerName: string | null;
  orderId: string | null;
  orderKind: string | null;
  deciderId: string | null;
  deciderFirstName: string | null;
  deciderLastName: string | null;
  decisionDelegationId: string | null;
  decisionPartnerName: string | null;
  before: unknown;
  after: unknown;
}

/** A SIM's change history, newest first, keyset on (at, id) along sim_changes_sim_idx, with who decided each change's order. */
export function listSimChanges(
  db: Kysely<DB>, ability: AppAbility, customerId: string, simId: string, page: { after?: readonly [string, string] | undefined; limit: number },
): Promise<SimChangeRow[]> {
  let q = db
    .selectFrom('sim_changes as sc')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'sc.customer_id').onRef('s.id', '=', 'sc.sim_id'))
    // ROLE-5: an end user reads the line's changes from the moment it became his, not his predecessor's.
    .where(whereAccessible(ability, 'read', 'Sim', { ...SIM_LIST_COLUMNS, endUserId: holderAt('s', sql.ref('sc.at')) }))
    .innerJoin('customers as c', 'c.id', 'sc.customer_id')
    .leftJoin('users as u', 'u.id', 'sc.actor_user_id')
    .leftJoin('delegations as d', (j) => j.onRef('d.id', '=', 'sc.delegation_id').onRef('d.customer_id', '=', 'sc.customer_id'))
    .leftJoin('customers as p', 'p.id', 'd.partner_id')
    .leftJoin('sim_orders as o', (j) => j.onRef('o.customer_id', '=', 'sc.customer_id').onRef('o.id', '=', 'sc.order_id'))
    .leftJoin('users as du', 'du.id', 'o.decided_by')
    .leftJoin('delegations as dd', (j) => j.onRef('dd.id', '=', 'o.decided_delegation_id').onRef('dd.customer_id', '=', 'sc.customer_id'))
    .leftJoin('customers as dp', 'dp.id', 'dd.partner_id')
    .where('sc.customer_id', '=', customerId)
    .where('sc.sim_id', '=', simId)
    .select([
      'sc.id', exactTime('sc.at').as('keyAt'), 'sc.kind', 'u.id as actorId', 'u.first_name as actorFirstName', 'u.last_name as actorLastName',
      'c.id as customerId', 'c.name as customerName', 'sc.delegation_id as delegationId', 'p.name as partnerName', 'sc.order_id as orderId',
      'o.kind as orderKind', 'o.decided_by as deciderId', 'du.first_name as deciderFirstName', 'du.last_name as deciderLastName',
      'o.decided_delegation_id as decisionDelegationId', 'dp.name as decisionPartnerName',
      'sc.before', 'sc.after',
    ]);
  if (page.after) {
    const [at, id] = page.after;
    q = q.where(sql<boolean>`(sc.at, sc.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('sc.at', 'desc').orderBy('sc.id', 'desc').limit(page.limit + 1).execute() as Promise<SimChangeRow[]>;
}
