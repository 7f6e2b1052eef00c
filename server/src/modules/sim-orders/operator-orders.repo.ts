import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

/** The kinds of order operator staff carry out (MOB-8). */
export const OPERATOR_KINDS = ['number_change', 'port_out'] as const;

/** The number changes and port-outs as the back office shows them: with the customer, the SIM's state and who asked and decided. */
function operatorOrdersView(db: Kysely<DB>) {
  return db
    .selectFrom('sim_orders as o')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'o.customer_id').onRef('s.id', '=', 'o.sim_id'))
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('users as cu', 'cu.id', 'o.created_by')
    .leftJoin('users as du', 'du.id', 'o.decided_by')
    .where('o.kind', 'in', [...OPERATOR_KINDS])
    .select([
      'o.id', 'o.customer_id as customerId', 'c.name as customerName', 'o.sim_id as simId', 's.msisdn', 's.status as simStatus', 's.blocked_at as simBlockedAt', 's.version as simVersion',
      'o.kind', 'o.request', 'o.status', 'o.effective_at as effectiveAt', 'o.created_at as createdAt',
      'o.created_by as createdById', 'cu.first_name as createdByFirstName', 'cu.last_name as createdByLastName',
      'cu.email as createdByEmail', 'cu.language as createdByLanguage',
      'o.decided_at as decidedAt', 'o.decided_by as decidedById', 'du.first_name as decidedByFirstName', 'du.last_name as decidedByLastName',
      'o.reason',
      sql<string>`to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('keyAt'),
    ]);
}
export type OperatorOrderRow = Awaited<ReturnType<ReturnType<typeof operatorOrdersView>['executeTakeFirstOrThrow']>>;

/** Every customer's number changes and port-outs, oldest first (a queue), keyset on (created_at, id). */
export function listOperatorOrders(
  db: Kysely<DB>,
  f: { kind?: string | undefined; status?: string | undefined; after?: readonly [string, string] | undefined; limit: number },
) {
  let q = operatorOrdersView(db);
  if (f.kind) q = q.where('o.kind', '=', f.kind);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where(sql<boolean>`(o.created_at, o.id) > (${at}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('o.created_at', 'asc').orderBy('o.id', 'asc').limit(f.limit + 1).execute();
}

/** One number change or port-out by its id, of any customer (undefined: 404). */
export function findOperatorOrder(db: Kysely<DB>, orderId: string) {
  return operatorOrdersView(db).where('o.id', '=', orderId).executeTakeFirst();
}

/** The status a SIM had before its port-out was asked (from the history the order wrote), to restore it when the port-out is rejected. */
export async function statusBeforePortOut(db: Kysely<DB>, customerId: string, simId: string, orderId: string): Promise<string | undefined> {
  const row = await db.selectFrom('sim_changes').select(sql<string | null>`before->>'status'`.as('status'))
    .where('customer_id', '=', customerId).where('sim_id', '=', simId).where('order_id', '=', orderId).where('kind', '=', 'status')
    .orderBy('at').executeTakeFirst();
  return row?.status ?? undefined;
}

/**
 * MOB-8: the SIM's new number; the caller checked it is free (the unique index settles a race).
 * Its usage billed or recorded so far keeps the number it had (a row without one reads the SIM's).
 */
export async function setMsisdn(trx: Kysely<DB>, customerId: string, simId: string, msisdn: string): Promise<void> {
  const former = trx.selectFrom('sims').select('msisdn').where('customer_id', '=', customerId).where('id', '=', simId);
  for (const table of ['invoice_lines', 'call_details', 'usage_events', 'usage_rollups'] as const) {
    await trx.updateTable(table).set({ msisdn: former })
      .where('customer_id', '=', customerId).where('sim_id', '=', simId).where('msisdn', 'is', null).execute();
  }
  await trx.updateTable('sims').set((eb) => ({ msisdn, version: eb('version', '+', 1) }))
    .where('customer_id', '=', customerId).where('id', '=', simId).execute();
}

/** The SIM's status, its version raised. */
export async function setSimStatus(
  trx: Kysely<DB>, customerId: string, simId: string, set: { status: string; blocked_at?: Date | null; suspended_until?: string | null },
): Promise<void> {
  await trx.updateTable('sims').set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('customer_id', '=', customerId).where('id', '=', simId).execute();
}

/** A customer's name and the end user of one of its SIMs, for a service number change; undefined when the SIM is not the customer's. */
export function findSimOfCustomer(db: Kysely<DB>, customerId: string, simId: string) {
  return db.selectFrom('sims as s').innerJoin('customers as c', 'c.id', 's.customer_id')
    .select(['s.id', 's.msisdn', 's.status', 'c.name as customerName'])
    .where('s.customer_id', '=', customerId).where('s.id', '=', simId).executeTakeFirst();
}

