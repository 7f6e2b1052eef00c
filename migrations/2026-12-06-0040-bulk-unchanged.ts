import { sql, type Kysely } from 'kysely';

/**
 * MOB-3: a bulk change settles a SIM that has what it asks already (effective now) as unchanged:
 * it gets no order and no history row, as the same change on that one SIM is refused (no_change).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sim_bulk_change_items DROP CONSTRAINT sim_bulk_change_items_status_check`.execute(db);
  await sql`ALTER TABLE sim_bulk_change_items ADD CONSTRAINT sim_bulk_change_items_status_check
    CHECK (status IN ('pending', 'applied', 'unchanged', 'failed'))`.execute(db);
}
