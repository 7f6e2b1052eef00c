import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';

/** The columns the Sim subject's rule fields stand for in these queries. */
export const SIM_LIST_COLUMNS = {
  customerId: 's.customer_id', billingAccountId: 's.billing_account_id', costCentreId: 's.cost_centre_id', endUserId: 's.end_user_id',
} as const;

export interface SimListFilters {
  /** A LIKE pattern on the msisdn (already normalised: digits, '+' and '%' only). */
  msisdnLike?: string | undefined;
  unassigned?: boolean | undefined;
  /** Only the SIMs the caller may also update (the picker that links a line to a user). */
  updatable?: boolean | undefined;
  costCentreId?: string | undefined;
  billingAccountId?: string | undefined;
  /** Keyset: the msisdn of the last row of the previous page (msisdns are unique). */
  after?: string | undefined;
  limit: number;
}

/**
 * A customer's SIMs in msisdn order, filtered in SQL by the same rules the ability checks
 * (DESIGN.md §2): an AO all, a fleet manager or delegate his scope, a Service User his own line.
 * Walks sims_customer_msisdn_idx; `limit + 1` rows tell whether there is a next page.
 */
export function listSims(db: Kysely<DB>, ability: AppAbility, customerId: string, f: SimListFilters) {
  let q = db
    .selectFrom('sims as s')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 's.customer_id').onRef('ba.id', '=', 's.billing_account_id'))
    .leftJoin('cost_centres as cc', (j) => j.onRef('cc.customer_id', '=', 's.customer_id').onRef('cc.id', '=', 's.cost_centre_id'))
    .leftJoin('users as u', 'u.id', 's.end_user_id')
    .where('s.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'read', 'Sim', SIM_LIST_COLUMNS))
    .select([
      's.id', 's.msisdn', 's.iccid', 's.status', 's.billing_account_id as billingAccountId', 'ba.number as billingAccountNumber',
      's.cost_centre_id as costCentreId', 'cc.name as costCentreName', 'u.id as endUserId', 'u.first_name as endUserFirstName',
      'u.last_name as endUserLastName',
    ]);
  if (f.updatable) q = q.where(whereAccessible(ability, 'update', 'Sim', SIM_LIST_COLUMNS));
  if (f.msisdnLike) q = q.where(sql<boolean>`s.msisdn like ${f.msisdnLike}`);
  if (f.unassigned === true) q = q.where('s.end_user_id', 'is', null);
  if (f.unassigned === false) q = q.where('s.end_user_id', 'is not', null);
  if (f.costCentreId) q = q.where('s.cost_centre_id', '=', f.costCentreId);
  if (f.billingAccountId) q = q.where('s.billing_account_id', '=', f.billingAccountId);
  if (f.after !== undefined) q = q.where('s.msisdn', '>', f.after);
  return q.orderBy('s.msisdn').limit(f.limit + 1).execute();
}
