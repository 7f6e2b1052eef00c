import { sql, type Kysely } from 'kysely';

/**
 * A customer's trail also shows what its members did for its affiliates (DLG-1), and any trail can
 * be filtered by actor: both read one customer's entries by one actor, newest first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX audit_log_customer_actor_idx ON audit_log (customer_id, actor_user_id, at DESC, id DESC)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS audit_log_customer_actor_idx`.execute(db);
}
