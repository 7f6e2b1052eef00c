import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { SIM_LIST_COLUMNS } from '../sims/sims.repo.ts';

/** The SIMs among these that the caller may change, with their plan. */
export function updatableSims(db: Kysely<DB>, ability: AppAbility, customerId: string, simIds: readonly string[]) {
  return db.selectFrom('sims as s')
    .select(['s.id', 's.msisdn', 's.tariff_plan_id as planId'])
    .where('s.customer_id', '=', customerId).where('s.id', '=', sql<string>`ANY(${[...simIds]}::uuid[])`)
    .where(whereAccessible(ability, 'update', 'Sim', SIM_LIST_COLUMNS))
    .orderBy('s.msisdn')
    .execute();
}

/** Every plan with its fee, allowances and rates, and the day it is withdrawn (if it is). */
export function ratingPlans(db: Kysely<DB>) {
  return db.selectFrom('tariff_plans').select([
    'id', 'code', 'monthly_fee_cents as fee', 'data_mb as dataMb', 'voice_minutes as minutes', 'sms',
    'data_rate_cents_per_mb as dataRate', 'voice_rate_cents_per_minute as voiceRate', 'sms_rate_cents as smsRate',
    sql<string | null>`to_char(withdrawn_at, 'YYYY-MM-DD')`.as('withdrawnOn'),
  ]).execute();
}

/**
 * Each SIM's call details per Brussels month in [from, to): national data (kB), national voice in
 * started minutes, SMS, and international calls and roaming at their standard prices. Read by
 * the (customer, SIM, start) index of the month partitions.
 */
export async function monthlyUsage(db: Kysely<DB>, customerId: string, simIds: readonly string[], from: Date, to: Date) {
  const rows = await sql<{ simId: string; month: string; dataKb: string; minutes: string; sms: string; otherCents: string }>`
    SELECT sim_id AS "simId", to_char(started_at AT TIME ZONE 'Europe/Brussels', 'YYYY-MM') AS month,
           coalesce(sum(volume_kb) FILTER (WHERE type = 'data'), 0) AS "dataKb",
           coalesce(sum(ceil(duration_s / 60.0)) FILTER (WHERE type = 'national_voice'), 0) AS minutes,
           count(*) FILTER (WHERE type = 'sms') AS sms,
           coalesce(sum(standard_price_cents) FILTER (WHERE type IN ('international_voice', 'roaming')), 0) AS "otherCents"
      FROM call_details
     WHERE customer_id = ${customerId} AND sim_id = ANY(${[...simIds]}::uuid[]) AND started_at >= ${from} AND started_at < ${to}
     GROUP BY 1, 2`.execute(db);
  return rows.rows;
}

/** What the options of these SIMs add to the national allowances. */
export function optionExtras(db: Kysely<DB>, customerId: string, simIds: readonly string[]) {
  return db.selectFrom('sim_options as so').innerJoin('tariff_options as o', 'o.id', 'so.option_id')
    .select(['so.sim_id as simId', 'o.id', 'o.extra_data_mb as dataMb', 'o.extra_voice_minutes as minutes', 'o.extra_sms as sms'])
    .where('so.customer_id', '=', customerId).where('so.sim_id', '=', sql<string>`ANY(${[...simIds]}::uuid[])`).execute();
}

/** The options a plan allows. */
export function optionsOfPlan(db: Kysely<DB>, planId: string) {
  return db.selectFrom('tariff_option_plans').select('option_id').where('plan_id', '=', planId).execute();
}
