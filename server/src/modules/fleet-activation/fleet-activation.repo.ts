import { sql, type Expression, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function requestsQuery(db: Kysely<DB>) {
  return db.selectFrom('app_activation_requests as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .leftJoin('users as ru', 'ru.id', 'r.requested_by')
    .leftJoin('users as du', 'du.id', 'r.decided_by')
    .select([
      'r.id', 'r.customer_id as customerId', 'c.name as customerName', 'r.status', 'r.sims', 'r.requested_at as requestedAt',
      'r.requested_by as requestedById', 'ru.first_name as requestedByFirstName', 'ru.last_name as requestedByLastName',
      'r.decided_at as decidedAt', 'r.decided_by as decidedById', 'du.first_name as decidedByFirstName', 'du.last_name as decidedByLastName',
      'r.reason', exactTime('r.requested_at').as('keyAt'),
    ])
    .where('r.app', '=', 'fleet-manager');
}
export type ActivationRequestRow = Awaited<ReturnType<ReturnType<typeof requestsQuery>['executeTakeFirstOrThrow']>>;

/** The SIMs of the customer `customer` (a uuid value or column) that count for PFM-1: those not deactivated. */
export const liveSimCount = (customer: Expression<string>) =>
  sql<number>`(SELECT count(*) FROM sims s WHERE s.customer_id = ${customer} AND s.status <> 'deactivated')::int`;

/** PFM-1: while Fleet Manager is active at the customer `customer`, its SIMs that count; NULL otherwise. */
export const fleetManagerSims = (customer: Expression<string>) => sql<number | null>`CASE WHEN EXISTS (SELECT 1 FROM customer_apps a
  WHERE a.customer_id = ${customer} AND a.app = 'fleet-manager' AND a.deactivated_at IS NULL) THEN ${liveSimCount(customer)} END`;

export async function countLiveSims(db: Kysely<DB>, customerId: string): Promise<number> {
  const row = await db.selectNoFrom(liveSimCount(sql.val(customerId)).as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Fleet Manager's activation at the customer (none, or ended: not active). */
export function findFleetApp(db: Kysely<DB>, customerId: string) {
  return db.selectFrom('customer_apps').select(['activated_at as activatedAt', 'deactivated_at as deactivatedAt'])
    .where('customer_id', '=', customerId).where('app', '=', 'fleet-manager').executeTakeFirst();
}

export function lastRequestOf(db: Kysely<DB>, customerId: string) {
  return requestsQuery(db).where('r.customer_id', '=', customerId).orderBy('r.requested_at', 'desc').orderBy('r.id', 'desc').executeTakeFirst();
}

export function findRequest(db: Kysely<DB>, id: string) {
  return requestsQuery(db).where('r.id', '=', id).executeTakeFirst();
}

export function pageRequests(db: Kysely<DB>, f: { status?: string | undefined; after?: readonly [string, string] | undefined; limit: number }) {
  let q = requestsQuery(db);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.after) q = q.where(sql<boolean>`(r.requested_at, r.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q.orderBy('r.requested_at', 'desc').orderBy('r.id', 'desc').limit(f.limit + 1).execute();
}

export async function insertRequest(trx: Kysely<DB>, r: { customerId: string; sims: number; at: Date; by: string }): Promise<string> {
  const row = await trx.insertInto('app_activation_requests').values({
    customer_id: r.customerId, app: 'fleet-manager', sims: r.sims, requested_at: r.at, requested_by: r.by,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Locks a pending request for its decision; undefined when it is not pending (any more). */
export function lockPendingRequest(trx: Kysely<DB>, id: string) {
  return trx.selectFrom('app_activation_requests').selectAll().where('id', '=', id).where('status', '=', 'pending').forUpdate().executeTakeFirst();
}

export async function decide(trx: Kysely<DB>, id: string, d: { status: string; at: Date; by: string; reason: string | null }): Promise<void> {
  await trx.updateTable('app_activation_requests').set({ status: d.status, decided_at: d.at, decided_by: d.by, reason: d.reason }).where('id', '=', id).execute();
}

/** The app is active from now (a new activation: PFM-2's coverage counts from it). */
export async function activate(trx: Kysely<DB>, customerId: string, at: Date): Promise<void> {
  await trx.insertInto('customer_apps').values({ customer_id: customerId, app: 'fleet-manager', activated_at: at, deactivated_at: null })
    .onConflict((oc) => oc.columns(['customer_id', 'app']).doUpdateSet({ activated_at: at, deactivated_at: null })).execute();
}

export async function deactivate(trx: Kysely<DB>, customerId: string, at: Date): Promise<boolean> {
  const rows = await trx.updateTable('customer_apps').set({ deactivated_at: at })
    .where('customer_id', '=', customerId).where('app', '=', 'fleet-manager').where('deactivated_at', 'is', null).executeTakeFirst();
  return Number(rows.numUpdatedRows) > 0;
}

export function customerExists(db: Kysely<DB>, customerId: string) {
  return db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
}
