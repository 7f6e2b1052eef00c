import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { SIM_LIST_COLUMNS } from '../sims/sims.repo.ts';

/** A bulk change with who placed it and the count of its SIMs by result. */
export function findBulkChange(db: Kysely<DB>, customerId: string, id: string) {
  return db.selectFrom('sim_bulk_changes as b').leftJoin('users as u', 'u.id', 'b.created_by')
    .select([
      'b.id', 'b.change', 'b.status', 'b.created_at as createdAt', 'b.finished_at as finishedAt', 'b.created_by as createdById',
      'u.first_name as firstName', 'u.last_name as lastName',
      (eb) => eb.selectFrom('sim_bulk_change_items as i').whereRef('i.customer_id', '=', 'b.customer_id').whereRef('i.bulk_change_id', '=', 'b.id')
        .select(sql<string>`json_build_object(
          'total', count(*), 'applied', count(*) FILTER (WHERE i.status = 'applied'), 'unchanged', count(*) FILTER (WHERE i.status = 'unchanged'),
          'failed', count(*) FILTER (WHERE i.status = 'failed'), 'pending', count(*) FILTER (WHERE i.status = 'pending'))`.as('counts'))
        .as('counts'),
    ])
    .where('b.customer_id', '=', customerId).where('b.id', '=', id)
    .executeTakeFirst();
}

/** How many SIMs of a bulk change the ability does not let the caller read. */
export async function countItemsNotReadable(db: Kysely<DB>, ability: AppAbility, customerId: string, id: string): Promise<number> {
  const row = await db.selectFrom('sim_bulk_change_items as i')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'i.customer_id').onRef('s.id', '=', 'i.sim_id'))
    .select(sql<string>`count(*)`.as('n'))
    .where('i.customer_id', '=', customerId).where('i.bulk_change_id', '=', id)
    .where((eb) => eb.not(whereAccessible(ability, 'read', 'Sim', SIM_LIST_COLUMNS)(eb)))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** How many of these SIMs exist at the customer and may be changed by the caller. */
export async function countUpdatable(db: Kysely<DB>, ability: AppAbility, customerId: string, simIds: readonly string[]): Promise<number> {
  const row = await db.selectFrom('sims as s').select(sql<string>`count(*)`.as('n'))
    .where('s.customer_id', '=', customerId).where('s.id', '=', sql<string>`ANY(${[...simIds]}::uuid[])`)
    .where(whereAccessible(ability, 'update', 'Sim', SIM_LIST_COLUMNS))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The SIMs of a new bulk change, pending, in one statement whatever their number. */
export async function insertItems(trx: Kysely<DB>, customerId: string, bulkChangeId: string, simIds: readonly string[]): Promise<void> {
  await sql`INSERT INTO sim_bulk_change_items (customer_id, bulk_change_id, sim_id)
    SELECT ${customerId}, ${bulkChangeId}, unnest(${[...simIds]}::uuid[])`.execute(trx);
}

export interface BulkRow {
  customer_id: string;
  id: string;
  change: unknown;
  created_by: string | null;
  delegation_id: string | null;
  ip: string | null;
}

/** Takes the oldest bulk change that is not done and that no live worker holds, until `leaseUntil`. */
export async function claimBulkChange(db: Kysely<DB>, now: Date, leaseUntil: Date): Promise<BulkRow | undefined> {
  const rows = await sql<BulkRow>`
    UPDATE sim_bulk_changes b SET status = 'running', lease_until = ${leaseUntil}
     WHERE (b.customer_id, b.id) = (
       SELECT customer_id, id FROM sim_bulk_changes
        WHERE status <> 'done' AND (lease_until IS NULL OR lease_until < ${now})
        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING b.customer_id, b.id, b.change, b.created_by, b.delegation_id, b.ip`.execute(db);
  return rows.rows[0];
}

/** The result of each SIM of a batch, in one statement. */
export async function recordItemResults(
  trx: Kysely<DB>, customerId: string, bulkChangeId: string,
  results: ReadonlyArray<{ simId: string; status: string; orderId: string | null; code: string | null; reason: string | null }>,
): Promise<void> {
  await sql`
    UPDATE sim_bulk_change_items i SET status = r.status, order_id = r.order_id, code = r.code, reason = r.reason
      FROM unnest(${results.map((r) => r.simId)}::uuid[], ${results.map((r) => r.status)}::text[], ${results.map((r) => r.orderId)}::uuid[],
                  ${results.map((r) => r.code)}::text[], ${results.map((r) => r.reason)}::text[]) AS r(sim_id, status, order_id, code, reason)
     WHERE i.customer_id = ${customerId} AND i.bulk_change_id = ${bulkChangeId} AND i.sim_id = r.sim_id`.execute(trx);
}
