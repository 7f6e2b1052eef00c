import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { SIM_LIST_COLUMNS } from '../sims/sims.repo.ts';

/** The app whose coverage, requests and views these are. */
export const INSIGHTS_APP = 'insights';

/** The columns the Insight subject's rule fields stand for in the figure queries. */
export const INSIGHT_COLUMNS = { customerId: 'r.customer_id', billingAccountId: 'r.billing_account_id', costCentreId: 'r.cost_centre_id' } as const;

/** The usage charge types: their amounts are the billed prices of call details (the rest are invoice lines only). */
const USAGE_TYPES = ['national_voice', 'international_voice', 'roaming', 'sms', 'data'] as const;

/** What a figure reads: one row per month × billing account × SIM × cost centre × charge type, as the roll-ups hold it. */
interface SourceRow {
  customer_id: string;
  month: string;
  billing_account_id: string;
  sim_id: string | null;
  cost_centre_id: string | null;
  charge_type: string;
  amount_cents: number;
}
type SourceDb = DB & { r: SourceRow };
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type SourceQuery = SelectQueryBuilder<SourceDb, 'r', {}>;

/**
 * Where a figure's rows come from: `rollups` (what the API serves: the monthly roll-ups built when
 * a period closes) or `raw` (the same rows computed from call details and invoice lines, for the
 * benchmark's comparison only; never served).
 */
export type FigureSource = 'rollups' | 'raw';

export interface FigureFilters {
  customerId: string;
  /** First and last month (first days, YYYY-MM-01), both included, already cut to the retention window. */
  fromMonth: string;
  toMonth: string;
  billingAccountIds?: readonly string[] | undefined;
  costCentreIds?: readonly string[] | undefined;
  chargeTypes?: readonly string[] | undefined;
  /** Raw source only: the first instant of call details still retained (RET-1, 6 months). */
  callDetailsFrom?: Date;
  /** The billing accounts the app covers (INS-1), when the caller has read them (coveredAccountIds); else a sub-select. */
  coveredAccountIds?: readonly string[] | undefined;
}

/** The apps that cover only some billing accounts: those existing at activation, and later ones by access request (INS-1, PFM-2). */
export type CoveringApp = 'insights' | 'fleet-manager';

/**
 * INS-1, PFM-2: the billing accounts `app` covers for `customerId` (rows of `id`): those that
 * existed when the app was activated, and later ones whose access request operator staff
 * approved; Fleet Manager's mobile ones only. None while the app is not active. The rule is the
 * SQL function `app_covered_accounts()`, which the access context reads too (migration 0033).
 */
export function coveredAccountIds(db: Kysely<DB>, customerId: string, app: CoveringApp = INSIGHTS_APP) {
  return db.selectNoFrom(sql<string>`unnest(app_covered_accounts(${customerId}::uuid, ${app}::text))`.as('id'));
}

/** INV-2: the first day of the latest month with a closed billing period among `accountIds`, or null. */
export async function latestClosedMonth(db: Kysely<DB>, customerId: string, accountIds: readonly string[]): Promise<string | null> {
  if (accountIds.length === 0) return null;
  const row = await db.selectFrom('billing_periods')
    .select((eb) => eb.fn.max('starts_on').as('month'))
    .where('customer_id', '=', customerId)
    .where('status', '=', 'closed')
    .where('billing_account_id', 'in', accountIds)
    .executeTakeFirst();
  return row?.month ?? null;
}

/**
 * Which rows a figure reads. From the roll-ups, the smallest sum that can answer it: `totals` (no
 * SIM; migration 0026) or the roll-ups themselves (per SIM and charge type: per-SIM figures
 * filtered by charge type). Per-SIM figures without that filter read the per-SIM series instead
 * (migration 0027, `simSeries`).
 */
type Grain = 'totals' | 'rollups';
const GRAIN_TABLES = { totals: 'usage_rollup_totals', rollups: 'usage_rollups' } as const;

/** The rows of the figure's customer at `grain`, or the same rows computed from the raw data. */
function sourceOf(db: Kysely<DB>, source: FigureSource, grain: Grain, f: FigureFilters): SourceQuery {
  if (source === 'rollups') return db.selectFrom(`${GRAIN_TABLES[grain]} as r`) as unknown as SourceQuery;
  // A period's usage charges are its call details' billed prices; the other charge types are its invoice lines.
  const usage = db
    .selectFrom('call_details as cd')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'cd.customer_id').onRef('i.id', '=', 'cd.invoice_id'))
    .where('cd.customer_id', '=', f.customerId)
    .where('cd.started_at', '>=', f.callDetailsFrom ?? new Date(0))
    .where('i.period_start', '>=', f.fromMonth)
    .where('i.period_start', '<=', f.toMonth)
    .select([
      'cd.customer_id', sql<string>`i.period_start`.as('month'), 'cd.billing_account_id', sql<string | null>`cd.sim_id`.as('sim_id'), 'cd.cost_centre_id',
      sql<string>`cd.type`.as('charge_type'), sql<number>`cd.billed_price_cents::bigint`.as('amount_cents'),
    ]);
  const lines = db
    .selectFrom('invoice_lines as il')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'il.customer_id').onRef('i.id', '=', 'il.invoice_id'))
    .where('il.customer_id', '=', f.customerId)
    .where('il.charge_type', 'not in', USAGE_TYPES)
    .where('i.period_start', '>=', f.fromMonth)
    .where('i.period_start', '<=', f.toMonth)
    .select([
      'il.customer_id', sql<string>`i.period_start`.as('month'), 'i.billing_account_id', 'il.sim_id', 'il.cost_centre_id', 'il.charge_type',
      sql<number>`il.amount_excl_vat_cents`.as('amount_cents'),
    ]);
  return db.selectFrom(usage.unionAll(lines).as('r')) as unknown as SourceQuery;
}

/**
 * The figure's scope on rows of `r` (a figure source or the per-SIM series): the ability
 * (Insight, by billing account and cost centre), the app's coverage (INS-1) and the user's
 * billing-account and cost-centre filters.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function scoped<Q extends SelectQueryBuilder<any, any, any>>(q: Q, db: Kysely<DB>, ability: AppAbility, f: FigureFilters): Q {
  let r = q.where(whereAccessible(ability, 'read', 'Insight', INSIGHT_COLUMNS));
  // The covered accounts as a list when the caller read them first: the planner then knows how
  // many there are (a sub-select is estimated at one row and joined account by account).
  if (f.coveredAccountIds === undefined) r = r.where('r.billing_account_id', 'in', coveredAccountIds(db, f.customerId));
  else if (f.coveredAccountIds.length > 0) r = r.where('r.billing_account_id', 'in', f.coveredAccountIds);
  else r = r.where(sql<boolean>`false`);
  if (f.billingAccountIds?.length) r = r.where('r.billing_account_id', 'in', f.billingAccountIds);
  if (f.costCentreIds?.length) r = r.where('r.cost_centre_id', 'in', f.costCentreIds);
  return r as Q;
}

/** The rows a figure sums, filtered in SQL: the customer, the months (already within the retention window) and its scope. */
function figureRows(db: Kysely<DB>, ability: AppAbility, source: FigureSource, grain: Grain, f: FigureFilters) {
  let q = scoped(sourceOf(db, source, grain, f)
    .where('r.customer_id', '=', f.customerId)
    .where('r.month', '>=', f.fromMonth)
    .where('r.month', '<=', f.toMonth), db, ability, f);
  if (f.chargeTypes?.length) q = q.where('r.charge_type', 'in', f.chargeTypes);
  return q;
}

/** A month (YYYY-MM-01) as the index of its amount in a per-SIM series: year × 12 + month − 1. */
export function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** Month numbers from `from` to `to` (both YYYY-MM-01), included. */
function monthNumbers(from: string, to: string): number[] {
  const numbers: number[] = [];
  for (let n = monthNumber(from); n <= monthNumber(to); n++) numbers.push(n);
  return numbers;
}

/** The sum of a series' amounts over `months` (0 for none). */
const seriesSum = (months: number[]) =>
  months.length === 0 ? sql<number>`0::bigint` : sql<number>`(${sql.join(months.map((m) => sql`coalesce(r.amounts[${sql.lit(m)}], 0)`), sql` + `)})`;

/** Whether a series has an amount in any of `months` (so a SIM without charges then is left out, as the roll-ups would). */
const seriesPresent = (months: number[]) => sql<boolean>`(${sql.join(months.map((m) => sql`r.amounts[${sql.lit(m)}] IS NOT NULL`), sql` OR `)})`;

/** The per-SIM series of the figure's customer with an amount in `months`, in the figure's scope. */
function seriesRows(db: Kysely<DB>, ability: AppAbility, f: FigureFilters, months: number[]) {
  return scoped(db.selectFrom('usage_rollup_sim_series as r').where('r.customer_id', '=', f.customerId).where(seriesPresent(months)), db, ability, f);
}

/**
 * The `limit` SIMs with the largest `rank` over the per-SIM series (the columns are given for one
 * series and summed for a SIM with several). Most SIMs have one series: they are ranked as they
 * are, without grouping; only the few `shared` ones are summed by SIM, then both are ranked
 * together. Exact: a SIM of one series is in the overall top only if it is in the top of those.
 */
function topSimsOfSeries<C extends Record<string, RawBuilder<number>>>(
  db: Kysely<DB>, ability: AppAbility, f: FigureFilters, months: number[], columns: C, rank: (c: C) => RawBuilder<number>, limit: number,
) {
  const names = Object.keys(columns);
  const single = seriesRows(db, ability, f, months)
    .where('r.shared', '=', false)
    .select([sql<string>`r.sim_id`.as('simId'), ...names.map((n) => columns[n]!.as(n)), rank(columns).as('rank')])
    .orderBy('rank', 'desc').orderBy('r.sim_id').limit(limit);
  const summed = Object.fromEntries(names.map((n) => [n, sql<number>`sum(${columns[n]!})::bigint`])) as unknown as C;
  const shared = seriesRows(db, ability, f, months)
    .where('r.shared', '=', true)
    .select([sql<string>`r.sim_id`.as('simId'), ...names.map((n) => summed[n]!.as(n)), rank(summed).as('rank')])
    .groupBy('r.sim_id');
  return db
    .selectFrom(db.selectFrom(single.as('s')).selectAll().unionAll(db.selectFrom(shared.as('g')).selectAll()).as('a'))
    .leftJoin('sims as sim', (j) => j.on('sim.customer_id', '=', f.customerId).onRef('sim.id', '=', sql.ref('a.simId')))
    .orderBy(sql`a.rank`, 'desc').orderBy(sql`a."simId"`)
    .limit(limit);
}

const AMOUNT = sql<number>`coalesce(sum(r.amount_cents), 0)::bigint`;

/** Cost per month. */
export function monthlyFigure(db: Kysely<DB>, ability: AppAbility, f: FigureFilters, source: FigureSource = 'rollups') {
  return figureRows(db, ability, source, 'totals', f)
    .select([sql<string>`r.month::text`.as('month'), AMOUNT.as('amountCents')])
    .groupBy('r.month')
    .orderBy('r.month')
    .execute();
}

/** Cost per charge type, largest first. */
export function chargeTypesFigure(db: Kysely<DB>, ability: AppAbility, f: FigureFilters, source: FigureSource = 'rollups') {
  return figureRows(db, ability, source, 'totals', f)
    .select(['r.charge_type as chargeType', AMOUNT.as('amountCents')])
    .groupBy('r.charge_type')
    .orderBy('amountCents', 'desc')
    .orderBy('r.charge_type')
    .execute();
}

/** Cost per billing account, largest first. */
export function billingAccountsFigure(db: Kysely<DB>, ability: AppAbility, f: FigureFilters, source: FigureSource = 'rollups') {
  const sums = figureRows(db, ability, source, 'totals', f)
    .select(['r.billing_account_id as billingAccountId', AMOUNT.as('amountCents')])
    .groupBy('r.billing_account_id');
  return db
    .selectFrom(sums.as('a'))
    .innerJoin('billing_accounts as ba', (j) => j.on('ba.customer_id', '=', f.customerId).onRef('ba.id', '=', 'a.billingAccountId'))
    .select(['a.billingAccountId', 'ba.number', 'ba.name', 'a.amountCents'])
    .orderBy('a.amountCents', 'desc')
    .orderBy('ba.number')
    .execute();
}

/** Cost per cost centre (null: charges without one), largest first. */
export function costCentresFigure(db: Kysely<DB>, ability: AppAbility, f: FigureFilters, source: FigureSource = 'rollups') {
  const sums = figureRows(db, ability, source, 'totals', f)
    .select(['r.cost_centre_id as costCentreId', AMOUNT.as('amountCents')])
    .groupBy('r.cost_centre_id');
  return db
    .selectFrom(sums.as('a'))
    .leftJoin('cost_centres as cc', (j) => j.on('cc.customer_id', '=', f.customerId).onRef('cc.id', '=', 'a.costCentreId'))
    .select(['a.costCentreId', 'cc.code', 'cc.name', 'a.amountCents'])
    .orderBy('a.amountCents', 'desc')
    .orderBy('cc.code')
    .execute();
}

export const TOP_SIMS = 10;

/** The SIMs that cost most (charges of a SIM only; account-level charges have none), with their number. */
export async function topSimsFigure(db: Kysely<DB>, ability: AppAbility, f: FigureFilters, source: FigureSource = 'rollups') {
  if (source === 'rollups' && !f.chargeTypes?.length) {
    const months = monthNumbers(f.fromMonth, f.toMonth);
    const rows = await topSimsOfSeries(db, ability, f, months, { amountCents: seriesSum(months) }, (c) => c.amountCents, TOP_SIMS)
      .select([sql<string>`a."simId"`.as('simId'), 'sim.msisdn', sql<number>`a."amountCents"`.as('amountCents')])
      .execute();
    return rows.map((r) => ({ simId: r.simId, msisdn: r.msisdn, amountCents: Number(r.amountCents) }));
  }
  const sums = figureRows(db, ability, source, 'rollups', f)
    .where('r.sim_id', 'is not', null)
    .select([sql<string>`r.sim_id`.as('simId'), AMOUNT.as('amountCents')])
    .groupBy('r.sim_id')
    .orderBy('amountCents', 'desc')
    .orderBy('r.sim_id')
    .limit(TOP_SIMS);
  return db
    .selectFrom(sums.as('a'))
    .leftJoin('sims as s', (j) => j.on('s.customer_id', '=', f.customerId).onRef('s.id', '=', 'a.simId'))
    .select(['a.simId', 's.msisdn', 'a.amountCents'])
    .orderBy('a.amountCents', 'desc')
    .orderBy('a.simId')
    .execute();
}

export const CHANGE_DRIVERS = 5;

export interface ChangeRow {
  dimension: 'total' | 'chargeType' | 'costCentre' | 'sim';
  key: string | null;
  label: string | null;
  currentCents: number;
  previousCents: number;
}

/**
 * Month-on-month change: the totals of `toMonth` and of the month before it (`fromMonth`, or none
 * when fromMonth = toMonth), and the largest changes by charge type, cost centre and SIM (at most
 * CHANGE_DRIVERS of each, by absolute change). `dimension` 'total' is the row with both totals.
 */
export async function changeFigure(db: Kysely<DB>, ability: AppAbility, f: FigureFilters, source: FigureSource = 'rollups'): Promise<ChangeRow[]> {
  const current = sql<number>`coalesce(sum(r.amount_cents) FILTER (WHERE r.month = ${f.toMonth}::date), 0)::bigint`;
  const previous = sql<number>`coalesce(sum(r.amount_cents) FILTER (WHERE r.month < ${f.toMonth}::date), 0)::bigint`;
  // Totals, per charge type and per cost centre in one pass (grouping sets).
  const groups = figureRows(db, ability, source, 'totals', f)
    .select([
      sql<number>`grouping(r.charge_type, r.cost_centre_id)`.as('g'),
      'r.charge_type as chargeType', 'r.cost_centre_id as costCentreId', current.as('currentCents'), previous.as('previousCents'),
    ])
    .groupBy(sql`GROUPING SETS ((), (r.charge_type), (r.cost_centre_id))`);
  const byGroup = db
    .selectFrom(groups.as('a'))
    .leftJoin('cost_centres as cc', (j) => j.on('cc.customer_id', '=', f.customerId).onRef('cc.id', '=', 'a.costCentreId'))
    .select(['a.g', 'a.chargeType', 'a.costCentreId', 'cc.name as costCentreName', 'a.currentCents', 'a.previousCents'])
    .execute();
  const delta = sql<number>`abs(${current} - ${previous})`;
  let bySim: Promise<Array<{ simId: string; msisdn: string | null; currentCents: number; previousCents: number }>>;
  if (source === 'rollups' && !f.chargeTypes?.length) {
    const toNumber = monthNumber(f.toMonth);
    const months = monthNumbers(f.fromMonth, f.toMonth);
    const columns = { currentCents: seriesSum([toNumber]), previousCents: seriesSum(months.filter((m) => m < toNumber)) };
    bySim = topSimsOfSeries(db, ability, f, months, columns, (c) => sql<number>`abs(${c.currentCents} - ${c.previousCents})`, CHANGE_DRIVERS)
      .select([sql<string>`a."simId"`.as('simId'), 'sim.msisdn', sql<number>`a."currentCents"`.as('currentCents'), sql<number>`a."previousCents"`.as('previousCents')])
      .execute();
  } else {
    const simSums = figureRows(db, ability, source, 'rollups', f)
      .where('r.sim_id', 'is not', null)
      .select([sql<string>`r.sim_id`.as('simId'), current.as('currentCents'), previous.as('previousCents'), delta.as('delta')])
      .groupBy('r.sim_id')
      .orderBy('delta', 'desc')
      .orderBy('r.sim_id')
      .limit(CHANGE_DRIVERS);
    bySim = db
      .selectFrom(simSums.as('a'))
      .leftJoin('sims as s', (j) => j.on('s.customer_id', '=', f.customerId).onRef('s.id', '=', 'a.simId'))
      .select(['a.simId', 's.msisdn', 'a.currentCents', 'a.previousCents'])
      .orderBy('a.delta', 'desc')
      .orderBy('a.simId')
      .execute();
  }
  const [groupRows, simRows] = await Promise.all([byGroup, bySim]);
  const change = (r: { currentCents: number; previousCents: number }) => Math.abs(r.currentCents - r.previousCents);
  const largest = (rows: ChangeRow[]) =>
    rows.sort((a, b) => change(b) - change(a) || String(a.key ?? '~').localeCompare(String(b.key ?? '~'))).slice(0, CHANGE_DRIVERS);
  // grouping(): a bit per column left out of the set — 3: the total, 1: per charge type, 2: per cost centre.
  const total = groupRows.filter((r) => r.g === 3).map((r): ChangeRow => ({ dimension: 'total', key: null, label: null, currentCents: r.currentCents, previousCents: r.previousCents }));
  const types = groupRows.filter((r) => r.g === 1)
    .map((r): ChangeRow => ({ dimension: 'chargeType', key: r.chargeType, label: r.chargeType, currentCents: r.currentCents, previousCents: r.previousCents }));
  const centres = groupRows.filter((r) => r.g === 2)
    .map((r): ChangeRow => ({ dimension: 'costCentre', key: r.costCentreId, label: r.costCentreName, currentCents: r.currentCents, previousCents: r.previousCents }));
  const sims = simRows.map((r): ChangeRow => ({ dimension: 'sim', key: r.simId, label: r.msisdn, currentCents: r.currentCents, previousCents: r.previousCents }));
  return [...total, ...largest(types), ...largest(centres), ...sims];
}

/**
 * Deletes the sums of roll-ups of months before `firstRetainedMonth` (retention drops the roll-ups'
 * partitions, which fires no trigger): their rows, and their elements of the per-SIM series.
 */
export async function purgeRollupTotals(db: Kysely<DB>, firstRetainedMonth: string): Promise<void> {
  await db.deleteFrom('usage_rollup_totals').where('month', '<', firstRetainedMonth).execute();
  const first = monthNumber(firstRetainedMonth);
  await db.deleteFrom('usage_rollup_sim_series').where(sql<boolean>`rollup_amounts_from(amounts, ${sql.lit(first)}) IS NULL`).execute();
  await db.updateTable('usage_rollup_sim_series')
    .set({ amounts: sql`rollup_amounts_from(amounts, ${sql.lit(first)})` })
    .where(sql<boolean>`array_lower(amounts, 1) < ${sql.lit(first)}`)
    .execute();
}

// ---- The raw equivalents (benchmark only: INS-3 figures are always served from roll-ups) --------

/** Cost per month computed from call details (and the non-usage invoice lines): the roll-ups' raw equivalent. */
export const monthlyFromCallDetails = (db: Kysely<DB>, ability: AppAbility, f: FigureFilters) => monthlyFigure(db, ability, f, 'raw');
export const chargeTypesFromCallDetails = (db: Kysely<DB>, ability: AppAbility, f: FigureFilters) => chargeTypesFigure(db, ability, f, 'raw');
export const billingAccountsFromCallDetails = (db: Kysely<DB>, ability: AppAbility, f: FigureFilters) => billingAccountsFigure(db, ability, f, 'raw');
export const costCentresFromCallDetails = (db: Kysely<DB>, ability: AppAbility, f: FigureFilters) => costCentresFigure(db, ability, f, 'raw');
export const topSimsFromCallDetails = (db: Kysely<DB>, ability: AppAbility, f: FigureFilters) => topSimsFigure(db, ability, f, 'raw');
export const changeFromCallDetails = (db: Kysely<DB>, ability: AppAbility, f: FigureFilters) => changeFigure(db, ability, f, 'raw');

// ---- Coverage (INS-1) ---------------------------------------------------------------------------

/** When `app` was activated for the customer (undefined: not active). */
export async function appActivation(db: Kysely<DB>, customerId: string, app: CoveringApp = INSIGHTS_APP): Promise<Date | undefined> {
  const row = await db
    .selectFrom('customer_apps')
    .where('customer_id', '=', customerId)
    .where('app', '=', app)
    .where('deactivated_at', 'is', null)
    .select('activated_at')
    .executeTakeFirst();
  return row?.activated_at;
}

/**
 * The customer's billing accounts the caller may read (Fleet Manager: the mobile ones, read as such or
 * through a SIM in them), whether
 * `app` covers each, and its latest access request for it (a live one first).
 */
export function coverageRows(db: Kysely<DB>, ability: AppAbility, customerId: string, app: CoveringApp = INSIGHTS_APP) {
  let accounts = db.selectFrom('billing_accounts as ba');
  if (app === 'fleet-manager') accounts = accounts.where('ba.type', '=', 'mobile');
  return accounts
    .leftJoinLateral(
      (eb) => eb.selectFrom('app_access_requests as ar')
        .whereRef('ar.customer_id', '=', 'ba.customer_id')
        .whereRef('ar.billing_account_id', '=', 'ba.id')
        .where('ar.app', '=', app)
        .select(['ar.id', 'ar.status'])
        .orderBy(sql`ar.status IN ('pending', 'approved')`, 'desc')
        .orderBy('ar.requested_at', 'desc')
        .limit(1)
        .as('req'),
      (j) => j.onTrue(),
    )
    .where('ba.customer_id', '=', customerId)
    .where((eb) => {
      const readable = whereAccessible(ability, 'read', 'BillingAccount', { customerId: 'ba.customer_id', billingAccountId: 'ba.id' })(eb);
      if (app !== 'fleet-manager') return readable;
      // A fleet manager scoped to cost centres reads no account as such, only the SIMs in them.
      return eb.or([readable, eb.exists(eb.selectFrom('sims as s').select(sql`1`.as('one'))
        .whereRef('s.customer_id', '=', 'ba.customer_id').whereRef('s.billing_account_id', '=', 'ba.id')
        .where(whereAccessible(ability, 'read', 'Sim', SIM_LIST_COLUMNS)))]);
    })
    .select((eb) => [
      'ba.id', 'ba.number', 'ba.name', 'req.id as requestId', 'req.status as requestStatus',
      eb('ba.id', 'in', coveredAccountIds(db, customerId, app)).as('covered'),
    ])
    .orderBy('ba.number')
    .execute();
}
