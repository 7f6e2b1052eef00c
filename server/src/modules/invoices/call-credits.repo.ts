import { sql, type Expression, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { brusselsMonthStart, holderAt } from '../usage/usage.repo.ts';

/**
 * Call credits are usage of a line (INV-1): the Usage rule fields, read from the credit and its SIM;
 * the end user the one who held the line at `at` (ROLE-5).
 */
const creditColumns = (sim: string, row: string, at: Expression<unknown>) => ({
  customerId: `${row}.customer_id`, billingAccountId: `${row}.billing_account_id`, costCentreId: `${sim}.cost_centre_id`, endUserId: holderAt(sim, at),
});

/** A month's call credits of the SIMs the principal may read usage of, by msisdn; `limit + 1` rows. */
export function listCredits(
  db: Kysely<DB>, ability: AppAbility, customerId: string,
  p: { month: string; billingAccountId?: string | undefined; after?: string | undefined; limit: number },
) {
  let q = db
    .selectFrom('call_credits as cc')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'cc.customer_id').onRef('s.id', '=', 'cc.sim_id'))
    .where('cc.customer_id', '=', customerId)
    .where('cc.month', '=', p.month)
    .where(whereAccessible(ability, 'read', 'Usage', creditColumns('s', 'cc', brusselsMonthStart('cc.month'))));
  if (p.billingAccountId) q = q.where('cc.billing_account_id', '=', p.billingAccountId);
  if (p.after) q = q.where('s.msisdn', '>', p.after);
  return q
    .select(['cc.sim_id as simId', 's.msisdn', 'cc.billing_account_id as billingAccountId', 'cc.month', 'cc.granted_cents as grantedCents', 'cc.used_cents as usedCents'])
    .orderBy('s.msisdn')
    .limit(p.limit + 1)
    .execute();
}

/** The transfers within [from, to) from or to one of `simIds`; the other SIM (id and number) only where the principal may read its usage. */
export function listTransfers(db: Kysely<DB>, ability: AppAbility, customerId: string, simIds: readonly string[], from: Date, to: Date) {
  if (simIds.length === 0) return Promise.resolve([]);
  const readsFrom = whereAccessible(ability, 'read', 'Usage', creditColumns('fs', 'fs', sql.ref('t.transferred_at')));
  const readsTo = whereAccessible(ability, 'read', 'Usage', creditColumns('ts', 'ts', sql.ref('t.transferred_at')));
  return db
    .selectFrom('call_credit_transfers as t')
    .innerJoin('sims as fs', (j) => j.onRef('fs.customer_id', '=', 't.customer_id').onRef('fs.id', '=', 't.from_sim_id'))
    .innerJoin('sims as ts', (j) => j.onRef('ts.customer_id', '=', 't.customer_id').onRef('ts.id', '=', 't.to_sim_id'))
    .where('t.customer_id', '=', customerId)
    .where('t.transferred_at', '>=', from)
    .where('t.transferred_at', '<', to)
    .where((eb) => eb.or([eb('t.from_sim_id', 'in', [...simIds]), eb('t.to_sim_id', 'in', [...simIds])]))
    .select([
      't.id',
      (eb) => eb.case().when(readsFrom(eb)).then(eb.ref('t.from_sim_id')).else(null).end().as('fromSimId'),
      (eb) => eb.case().when(readsTo(eb)).then(eb.ref('t.to_sim_id')).else(null).end().as('toSimId'),
      (eb) => eb.case().when(readsFrom(eb)).then(eb.ref('fs.msisdn')).else(null).end().as('fromMsisdn'),
      (eb) => eb.case().when(readsTo(eb)).then(eb.ref('ts.msisdn')).else(null).end().as('toMsisdn'),
      't.amount_cents as amountCents', 't.transferred_at as transferredAt',
    ])
    .orderBy('t.transferred_at')
    .orderBy(sql`t.id`)
    .execute();
}
