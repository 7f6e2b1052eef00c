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
