import { sql, type Kysely } from 'kysely';

/**
 * ROLE-5: a Service User sees only his own usage. A line changes hands (a colleague leaves, the
 * number goes to a newcomer), and the call details, charges and usage recorded before that belong
 * to the previous holder. The SIM keeps when its current end user started using it; usage rules
 * that follow the end user reach only what happened since. NULL: the holder had it before any
 * record the portal keeps (lines linked before this column existed, or set by the operator's data).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sims ADD COLUMN end_user_since timestamptz`.execute(db);
  await sql`ALTER TABLE sims ADD CONSTRAINT sims_end_user_since_with_user CHECK (end_user_since IS NULL OR end_user_id IS NOT NULL)`.execute(db);
}
