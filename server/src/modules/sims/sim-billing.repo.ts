import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { IsoDate } from '@mandate/domain/dates';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { callDetailColumns, exactTime, ROLLUP_COLUMNS, type CallDetailRow } from '../usage/usage.repo.ts';


export interface SimChargeRow {
  month: IsoDate;
  chargeType: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  amountCents: string | number;
}

/**
 * One SIM's billed charges per month and charge type, from the roll-ups of closed billing periods
 * (INV-2: the period must be closed, whatever else says so) whose invoice is still within its
 * 12-month window (RET-1), filtered by what the ability lets the caller read of Usage.
 */
export function simChargesByMonth(db: Kysely<DB>, ability: AppAbility, customerId: string, simId: string, billingCutoff: IsoDate): Promise<SimChargeRow[]> {
  return db
    .selectFrom('usage_rollups as r')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'r.customer_id').onRef('i.id', '=', 'r.invoice_id'))
    .innerJoin('billing_periods as bp', (j) => j.onRef('bp.customer_id', '=', 'i.customer_id').onRef('bp.id', '=', 'i.billing_period_id'))
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'r.customer_id').onRef('s.id', '=', 'r.sim_id'))
    .where('r.customer_id', '=', customerId)
    .where('r.sim_id', '=', simId)
    .where('bp.status', '=', 'closed')
    .where('i.period_end', '>=', billingCutoff)
    .where(whereAccessible(ability, 'read', 'Usage', ROLLUP_COLUMNS))
    .select([
      sql<IsoDate>`to_char(r.month, 'YYYY-MM-DD')`.as('month'),
      'r.charge_type as chargeType',
      sql<IsoDate>`to_char(min(i.period_start), 'YYYY-MM-DD')`.as('periodStart'),
      sql<IsoDate>`to_char(max(i.period_end), 'YYYY-MM-DD')`.as('periodEnd'),
      (eb) => eb.fn.sum<string | number>('r.amount_cents').as('amountCents'),
    ])
    .groupBy(['r.month', 'r.charge_type'])
    .orderBy('r.month', 'desc')
    .orderBy('r.charge_type')
    .execute();
}

export interface SimCallDetailFilters {
  /** RET-1 and the from-day together: the earliest start shown. */
  startsFrom: Date;
  /** The end of the to-day (exclusive), when given. */
  startsBefore?: Date | undefined;
  type?: string | undefined;
  /** (started_at, id) of the last row of the previous page. */
  after?: readonly [string, number] | undefined;
  limit: number;
}


/**
 * One SIM's billed call details, newest first, keyset on (started_at, id) along call_details_sim_idx
 * (customer_id, sim_id, started_at), filtered by what the ability lets the caller read of Usage (the
 * account and cost centre the call was billed on, the SIM's end user). Call details exist only for
 * invoiced, hence closed, periods (INV-2); `limit` is the number of rows to fetch.
 */
export function pageSimCallDetails(db: Kysely<DB>, ability: AppAbility, customerId: string, simId: string, f: SimCallDetailFilters): Promise<CallDetailRow[]> {
  let q = db
    .selectFrom('call_details as cd')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'cd.customer_id').onRef('s.id', '=', 'cd.sim_id'))
    .where('cd.customer_id', '=', customerId)
    .where('cd.sim_id', '=', simId)
    .where('cd.started_at', '>=', f.startsFrom)
    .where(whereAccessible(ability, 'read', 'Usage', callDetailColumns('s')));
  if (f.startsBefore) q = q.where('cd.started_at', '<', f.startsBefore);
  if (f.type) q = q.where('cd.type', '=', f.type);
  if (f.after) q = q.where(sql<boolean>`(cd.started_at, cd.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::bigint)`);
  return q
    .select([
      'cd.id', exactTime('cd.started_at').as('keyAt'), 'cd.sim_id as simId', sql<string>`coalesce(cd.msisdn, s.msisdn)`.as('msisdn'), 'cd.type', 'cd.destination', 'cd.duration_s as durationS',
      'cd.volume_kb as volumeKb', 'cd.standard_price_cents as standardPriceCents', 'cd.billed_price_cents as billedPriceCents',
    ])
    .orderBy('cd.started_at', 'desc')
    .orderBy('cd.id', 'desc')
    .limit(f.limit)
    .execute() as Promise<CallDetailRow[]>;
}
