import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { SIM_LIST_COLUMNS } from '../sims/sims.repo.ts';

/** A timestamp as exact text (microseconds, UTC), for keyset positions. */
const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The alerts the caller may manage: on a SIM he may change, or on a cost centre all of whose SIMs
 * he may change (a threshold there reaches every one of them).
 */
export function listAlerts(
  db: Kysely<DB>, ability: AppAbility, customerId: string,
  f: { simId?: string | undefined; alertId?: string | undefined; after?: readonly [string, string] | undefined; limit: number },
) {
  let q = db.selectFrom('bill_shock_alerts as a')
    .leftJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'a.customer_id').onRef('s.id', '=', 'a.sim_id'))
    .leftJoin('cost_centres as cc', (j) => j.onRef('cc.customer_id', '=', 'a.customer_id').onRef('cc.id', '=', 'a.cost_centre_id'))
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .select([
      'a.id', 'a.sim_id as simId', 's.msisdn', 'a.cost_centre_id as costCentreId', 'cc.name as costCentreName', 'a.metric',
      'a.threshold_cents as thresholdCents', 'a.created_at as createdAt', 'a.created_by as createdById', 'u.first_name as firstName',
      'u.last_name as lastName', exactTime('a.created_at').as('keyAt'),
      (eb) => eb.selectFrom('bill_shock_triggers as t').innerJoin('sims as ts', (j) => j.onRef('ts.customer_id', '=', 't.customer_id').onRef('ts.id', '=', 't.sim_id'))
        .whereRef('t.customer_id', '=', 'a.customer_id').whereRef('t.alert_id', '=', 'a.id')
        .select(sql<string>`json_build_object('at', t.at, 'simId', t.sim_id, 'msisdn', ts.msisdn, 'spendCents', t.spend_cents)`.as('last'))
        .orderBy('t.at', 'desc').limit(1).as('lastTriggered'),
    ])
    .where('a.customer_id', '=', customerId)
    .where((eb) => eb.or([
      eb.and([eb('a.sim_id', 'is not', null), whereAccessible(ability, 'update', 'Sim', SIM_LIST_COLUMNS)(eb)]),
      eb.and([
        eb('a.cost_centre_id', 'is not', null),
        eb.not(eb.exists(eb.selectFrom('sims as s').select(sql`1`.as('one'))
          .whereRef('s.customer_id', '=', 'a.customer_id').whereRef('s.cost_centre_id', '=', 'a.cost_centre_id')
          .where((inner) => inner.not(whereAccessible(ability, 'update', 'Sim', SIM_LIST_COLUMNS)(inner))))),
      ]),
    ]));
  if (f.simId) q = q.where('a.sim_id', '=', f.simId);
  if (f.alertId) q = q.where('a.id', '=', f.alertId);
  if (f.after) q = q.where(sql<boolean>`(a.created_at, a.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(f.limit + 1).execute();
}

/** Whether every SIM of the cost centre (and at least one) may be changed by the caller. */
export async function costCentreFullyUpdatable(db: Kysely<DB>, ability: AppAbility, customerId: string, costCentreId: string): Promise<boolean> {
  const row = await db.selectFrom('cost_centres as cc')
    .select([
      (eb) => eb.selectFrom('sims as s').select(sql<string>`count(*)`.as('n')).whereRef('s.customer_id', '=', 'cc.customer_id').whereRef('s.cost_centre_id', '=', 'cc.id').as('total'),
      (eb) => eb.selectFrom('sims as s').select(sql<string>`count(*)`.as('n')).whereRef('s.customer_id', '=', 'cc.customer_id').whereRef('s.cost_centre_id', '=', 'cc.id')
        .where(whereAccessible(ability, 'update', 'Sim', SIM_LIST_COLUMNS)).as('updatable'),
    ])
    .where('cc.customer_id', '=', customerId).where('cc.id', '=', costCentreId)
    .executeTakeFirst();
  return row !== undefined && Number(row.total) > 0 && Number(row.total) === Number(row.updatable);
}

export async function insertAlert(
  db: Kysely<DB>, a: { customerId: string; simId: string | null; costCentreId: string | null; metric: string; thresholdCents: number; createdAt: Date; createdBy: string },
): Promise<string> {
  const row = await db.insertInto('bill_shock_alerts').values({
    customer_id: a.customerId, sim_id: a.simId, cost_centre_id: a.costCentreId, metric: a.metric, threshold_cents: a.thresholdCents,
    created_at: a.createdAt, created_by: a.createdBy,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteAlert(db: Kysely<DB>, customerId: string, id: string): Promise<void> {
  await db.deleteFrom('bill_shock_alerts').where('customer_id', '=', customerId).where('id', '=', id).execute();
}

/** A SIM newly over an alert's threshold this month (recorded now; a SIM over it already this month is not repeated). */
export interface NewTrigger {
  customerId: string;
  alertId: string;
  createdBy: string | null;
  metric: string;
  thresholdCents: number;
  simId: string;
  msisdn: string;
  tariffPlanId: string | null;
  spendCents: number;
  /** The part of this month's usage that is roaming (for a roaming alert, all of it). */
  roamingCents: number;
}

/**
 * Records, for the customers given, every SIM whose usage this month (from `monthStart`, standard
 * prices) is over one of its alerts' thresholds and was not yet this month; answers those.
 */
export async function recordNewTriggers(db: Kysely<DB>, customerIds: readonly string[], monthStart: Date, month: string, now: Date): Promise<NewTrigger[]> {
  if (customerIds.length === 0) return [];
  const rows = await sql<NewTrigger>`
    WITH targets AS (
      SELECT a.customer_id, a.id AS alert_id, a.created_by, a.metric, a.threshold_cents, s.id AS sim_id, s.msisdn, s.tariff_plan_id
        FROM bill_shock_alerts a
        JOIN sims s ON s.customer_id = a.customer_id AND (s.id = a.sim_id OR s.cost_centre_id = a.cost_centre_id)
       WHERE a.customer_id = ANY(${[...customerIds]}::uuid[]) AND s.status NOT IN ('deactivated', 'port_out_pending')
    ), spend AS (
      SELECT t.*, coalesce(u.spend_cents, 0) AS spend_cents, coalesce(u.roaming_cents, 0) AS roaming_cents
        FROM targets t CROSS JOIN LATERAL (
          SELECT sum(e.standard_price_cents) FILTER (WHERE t.metric = 'total' OR e.type = 'roaming') AS spend_cents,
                 sum(e.standard_price_cents) FILTER (WHERE e.type = 'roaming') AS roaming_cents
            FROM usage_events e
           WHERE e.customer_id = t.customer_id AND e.sim_id = t.sim_id AND e.occurred_at >= ${monthStart}
             -- MOB-6: usage while the line was blocked after loss or theft is not charged.
             AND NOT EXISTS (SELECT 1 FROM sim_blocks b WHERE b.customer_id = e.customer_id AND b.sim_id = e.sim_id
                              AND b.blocked_from <= e.occurred_at AND (b.blocked_until IS NULL OR b.blocked_until > e.occurred_at))) u
    ), fresh AS (
      INSERT INTO bill_shock_triggers (customer_id, alert_id, month, sim_id, spend_cents, at)
      SELECT customer_id, alert_id, ${month}, sim_id, spend_cents, ${now} FROM spend WHERE spend_cents > threshold_cents
      ON CONFLICT DO NOTHING
      RETURNING customer_id, alert_id, sim_id, spend_cents
    )
    SELECT f.customer_id AS "customerId", f.alert_id AS "alertId", s.created_by AS "createdBy", s.metric, s.threshold_cents AS "thresholdCents",
           f.sim_id AS "simId", s.msisdn, s.tariff_plan_id AS "tariffPlanId", f.spend_cents AS "spendCents", s.roaming_cents AS "roamingCents"
      FROM fresh f JOIN spend s ON s.alert_id = f.alert_id AND s.sim_id = f.sim_id`.execute(db);
  return rows.rows.map((r) => ({ ...r, spendCents: Number(r.spendCents), thresholdCents: Number(r.thresholdCents), roamingCents: Number(r.roamingCents) }));
}

/** The roaming options that fit a SIM's plan and that it does not hold yet, cheapest first (the remedies a bill-shock mail offers). */
export function roamingOptionsFor(db: Kysely<DB>, customerId: string, simId: string, planId: string) {
  return db.selectFrom('tariff_options as o').innerJoin('tariff_option_plans as op', 'op.option_id', 'o.id')
    .select(['o.id', 'o.code', 'o.name', 'o.monthly_fee_cents as feeCents'])
    .where('op.plan_id', '=', planId).where('o.kind', '=', 'roaming').where('o.withdrawn_at', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('sim_options as so').select('so.option_id')
      .where('so.customer_id', '=', customerId).where('so.sim_id', '=', simId).whereRef('so.option_id', '=', 'o.id'))))
    .orderBy('o.monthly_fee_cents').execute();
}

/** The user an alert mails: address, language, whether he is still active. */
export function alertRecipient(db: Kysely<DB>, userId: string) {
  return db.selectFrom('users').select(['id', 'email', 'language', 'status', 'first_name as firstName']).where('id', '=', userId).executeTakeFirst();
}

/** The customers that have set an alert (the few whose usage is checked). */
export async function customersWithAlerts(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('bill_shock_alerts').select('customer_id').distinct().execute()).map((r) => r.customer_id);
}
