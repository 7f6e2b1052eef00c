import { sql, type Kysely } from 'kysely';

/**
 * A bulk change's SIM keeps the stable code of its result (the refusal's code, or no_change) beside
 * the English reason, so the screens can say it in the user's language. Results kept before have none.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sim_bulk_change_items ADD COLUMN code text`.execute(db);
}
