import { sql, type Kysely } from 'kysely';

/**
 * The audit view (issue 3, SEC-3): a customer's trail is read newest first with keyset pagination
 * on (at, id); this index serves exactly that order (and the actor filter keeps to it).
 * One statement per call: PGlite's extended protocol takes a single statement at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX audit_log_customer_keyset_idx ON audit_log (customer_id, at DESC, id DESC)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS audit_log_customer_keyset_idx`.execute(db);
}
