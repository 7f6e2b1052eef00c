import { sql, type Kysely } from 'kysely';

/**
 * MOB-3: a bulk change settles a SIM that has what it asks already (effective now) as unchanged:
 * no order and no history row, where it was counted as applied with an order nothing backed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sim_bulk_change_items DROP CONSTRAINT sim_bulk_change_items_status_check`.execute(db);
  await sql`ALTER TABLE sim_bulk_change_items ADD CONSTRAINT sim_bulk_change_items_status_check
    CHECK (status IN ('pending', 'applied', 'unchanged', 'failed'))`.execute(db);
}
