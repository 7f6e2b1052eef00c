import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

/** The operator's tariff plans, cheapest first (withdrawn ones included: their subscribers still hold them). */
export function listTariffPlans(db: Kysely<DB>) {
  return db
    .selectFrom('tariff_plans')
    .select([
      'id', 'code', 'name', 'monthly_fee_cents as monthlyFeeCents', 'data_mb as dataMb', 'voice_minutes as voiceMinutes', 'sms',
      'data_rate_cents_per_mb as dataRate', 'voice_rate_cents_per_minute as voiceRate', 'sms_rate_cents as smsRate',
      'withdrawn_at as withdrawnAt', 'last_switch_on as lastSwitchOn',
    ])
    .orderBy('monthly_fee_cents').orderBy('code')
    .execute();
}

export async function tariffPlanExists(db: Kysely<DB>, planId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('tariff_plans').select('id').where('id', '=', planId).executeTakeFirst());
}

/** The operator's options with the plans each fits, by kind and code; only those fitting `planId` when given. */
export function listTariffOptions(db: Kysely<DB>, planId: string | undefined) {
  let q = db
    .selectFrom('tariff_options as o')
    .select([
      'o.id', 'o.code', 'o.name', 'o.kind', 'o.monthly_fee_cents as monthlyFeeCents', 'o.extra_data_mb as extraDataMb',
      'o.extra_voice_minutes as extraVoiceMinutes', 'o.extra_sms as extraSms', 'o.withdrawn_at as withdrawnAt',
      sql<string[]>`coalesce((SELECT array_agg(op.plan_id ORDER BY op.plan_id) FROM tariff_option_plans op WHERE op.option_id = o.id), '{}')`.as('planIds'),
    ]);
  if (planId !== undefined) {
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('tariff_option_plans as fit')
      .select(sql`1`.as('one'))
      .whereRef('fit.option_id', '=', 'o.id')
      .where('fit.plan_id', '=', planId)));
  }
  return q.orderBy('o.kind').orderBy('o.code').execute();
}

/** A plan, locked for its withdrawal. */
export function lockPlan(trx: Kysely<DB>, planId: string) {
  return trx.selectFrom('tariff_plans').select(['id', 'code', 'name', 'withdrawn_at as withdrawnAt']).where('id', '=', planId).forUpdate().executeTakeFirst();
}

export async function withdrawPlan(trx: Kysely<DB>, planId: string, withdrawnAt: string, lastSwitchOn: string): Promise<void> {
  await trx.updateTable('tariff_plans').set({ withdrawn_at: withdrawnAt, last_switch_on: lastSwitchOn }).where('id', '=', planId).execute();
}

/**
 * MOB-11: the customers with lines on a plan (not deactivated), how many, and their active Access
 * Owners to tell, each in his language.
 */
export function affectedOwners(db: Kysely<DB>, planId: string) {
  return db.selectFrom('sims as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.customer_id', '=', 's.customer_id').on('m.profile', '=', 'access_owner').on('m.status', '=', 'active'))
    .innerJoin('users as u', (j) => j.onRef('u.id', '=', 'm.user_id').on('u.status', '=', 'active'))
    .where('s.tariff_plan_id', '=', planId).where('s.status', '<>', 'deactivated').where('c.status', '=', 'active')
    .groupBy(['c.id', 'c.name', 'u.id', 'u.email', 'u.language'])
    .select(['c.id as customerId', 'c.name as customerName', 'u.email', 'u.language', sql<string>`count(DISTINCT s.id)`.as('lines')])
    .execute();
}
