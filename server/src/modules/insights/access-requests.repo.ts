import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';

/** Keyset position after a page: the request time (ISO) and the id of its last row. */
type After = readonly [string, string] | undefined;

/** Access requests (INS-1) with their customer, billing account and requester, newest first. */
function requestsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('app_access_requests as ar')
    .innerJoin('customers as c', 'c.id', 'ar.customer_id')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'ar.customer_id').onRef('ba.id', '=', 'ar.billing_account_id'))
    .innerJoin('users as u', 'u.id', 'ar.requested_by')
    .select([
      'ar.id', 'ar.customer_id as customerId', 'c.name as customerName', 'ar.app', 'ar.status', 'ar.requested_at as requestedAt',
      'ar.decided_at as decidedAt', 'ar.reason', 'ba.id as billingAccountId', 'ba.number as billingAccountNumber', 'ba.name as billingAccountName',
      'u.id as requesterId', 'u.first_name as requesterFirstName', 'u.last_name as requesterLastName',
    ]);
}
export type AccessRequestRow = Awaited<ReturnType<typeof findAccessRequest>> & object;

export interface AccessRequestFilters {
  status?: string | undefined;
  after?: After;
  limit: number;
}

function page<Q extends ReturnType<typeof requestsQuery>>(q: Q, f: AccessRequestFilters) {
  let out = q;
  if (f.status) out = out.where('ar.status', '=', f.status) as Q;
  if (f.after) out = out.where(sql<boolean>`(ar.requested_at, ar.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`) as Q;
  return out.orderBy('ar.requested_at', 'desc').orderBy('ar.id', 'desc').limit(f.limit + 1).execute();
}

/** The customer's access requests the caller may read (AccessRequest), filtered in SQL. */
export function listCustomerAccessRequests(db: Kysely<DB>, ability: AppAbility, customerId: string, f: AccessRequestFilters) {
  return page(
    requestsQuery(db).where('ar.customer_id', '=', customerId).where(whereAccessible(ability, 'read', 'AccessRequest', { customerId: 'ar.customer_id' })),
    f,
  );
}

/** Every customer's access requests: the operator's queue. */
export function listAllAccessRequests(db: Kysely<DB>, f: AccessRequestFilters) {
  return page(requestsQuery(db), f);
}

export function findAccessRequest(db: Kysely<DB>, id: string) {
  return requestsQuery(db).where('ar.id', '=', id).executeTakeFirst();
}

/** A billing account of the customer (undefined: none by that id). */
export function findBillingAccount(db: Kysely<DB>, customerId: string, billingAccountId: string) {
  return db
    .selectFrom('billing_accounts')
    .where('customer_id', '=', customerId)
    .where('id', '=', billingAccountId)
    .select(['id', 'number', 'name', 'type', 'created_at as createdAt'])
    .executeTakeFirst();
}

/** The live (pending or approved) request of an app for a billing account, if any. */
export function findLiveRequest(db: Kysely<DB>, customerId: string, app: string, billingAccountId: string) {
  return db
    .selectFrom('app_access_requests')
    .where('customer_id', '=', customerId)
    .where('app', '=', app)
    .where('billing_account_id', '=', billingAccountId)
    .where('status', 'in', ['pending', 'approved'])
    .select(['id', 'status'])
    .executeTakeFirst();
}

export async function insertAccessRequest(
  db: Kysely<DB>, r: { customerId: string; app: string; billingAccountId: string; requestedBy: string; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('app_access_requests')
    .values({ customer_id: r.customerId, app: r.app, billing_account_id: r.billingAccountId, requested_by: r.requestedBy, requested_at: r.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The request, locked for a decision (any customer: operator staff decide). */
export function lockAccessRequest(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('app_access_requests')
    .where('id', '=', id)
    .select(['id', 'customer_id as customerId', 'app', 'billing_account_id as billingAccountId', 'status', 'requested_by as requestedBy'])
    .forUpdate()
    .executeTakeFirst();
}

export async function decideAccessRequest(
  db: Kysely<DB>, d: { id: string; customerId: string; status: 'approved' | 'refused'; decidedBy: string; now: Date; reason: string | null },
): Promise<void> {
  await db
    .updateTable('app_access_requests')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.now, reason: d.reason })
    .where('customer_id', '=', d.customerId)
    .where('id', '=', d.id)
    .execute();
}

/** Who asked, to mail him the decision in his language. */
export function requesterOf(db: Kysely<DB>, userId: string) {
  return db.selectFrom('users').where('id', '=', userId).select(['email', 'language', 'status']).executeTakeFirst();
}

/** Whether `app` covers the billing account (INS-1, PFM-2; the rule is `app_covered_accounts()`). */
export async function isCovered(db: Kysely<DB>, customerId: string, app: string, billingAccountId: string): Promise<boolean> {
  const { rows } = await sql<{ covered: boolean }>`
    SELECT ${billingAccountId}::uuid = ANY (app_covered_accounts(${customerId}::uuid, ${app}::text)) AS covered`.execute(db);
  return rows[0]?.covered === true;
}
