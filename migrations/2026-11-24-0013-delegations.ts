import { sql, type Kysely } from 'kysely';

/**
 * Across organisations (issue 3, DLG-1..4) and the operator back office (ACC-5):
 * - delegation_reminders: which renewal reminder (30 or 7 days before the end) went out for a
 *   delegation, so the reminder job is idempotent (one row per delegation and kind);
 * - indexes for the operator's queues (pending affiliate requests, delegations by status) and the
 *   customer's outgoing delegations;
 * - the reason and time of an operator's suspension of a customer or a user (ACC-5).
 * One statement per call: PGlite's extended protocol takes a single statement at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE delegation_reminders (
      customer_id uuid NOT NULL REFERENCES customers(id),
      delegation_id uuid NOT NULL REFERENCES delegations(id),
      kind text NOT NULL CHECK (kind IN ('30d', '7d')),
      ends_at timestamptz NOT NULL,
      sent_at timestamptz NOT NULL,
      mailed boolean NOT NULL DEFAULT true,
      PRIMARY KEY (customer_id, delegation_id, kind, ends_at)
    )`,
    sql`CREATE INDEX delegations_status_idx ON delegations (status, created_at DESC, id)`,
    sql`CREATE INDEX delegations_active_end_idx ON delegations (ends_at) WHERE status = 'active'`,
    sql`CREATE INDEX affiliate_links_status_idx ON affiliate_links (status, requested_at DESC, id)`,
    sql`CREATE INDEX affiliate_links_affiliate_idx ON affiliate_links (affiliate_id)`,
    sql`ALTER TABLE customers ADD COLUMN suspended_at timestamptz`,
    sql`ALTER TABLE customers ADD COLUMN suspension_reason text`,
    sql`ALTER TABLE users ADD COLUMN suspended_at timestamptz`,
    sql`ALTER TABLE users ADD COLUMN suspension_reason text`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of [['users', 'suspension_reason'], ['users', 'suspended_at'], ['customers', 'suspension_reason'], ['customers', 'suspended_at']] as const) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN IF EXISTS ${sql.id(column)}`.execute(db);
  }
  for (const index of ['affiliate_links_affiliate_idx', 'affiliate_links_status_idx', 'delegations_active_end_idx', 'delegations_status_idx']) {
    await sql`DROP INDEX IF EXISTS ${sql.id(index)}`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS delegation_reminders`.execute(db);
}
