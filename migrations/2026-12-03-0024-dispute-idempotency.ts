import { sql, type Kysely } from 'kysely';

/**
 * INV-7: opening a dispute accepts an `Idempotency-Key` (DESIGN.md API conventions), so a retried
 * request never opens a second dispute. The key is the opener's own (unique per customer and
 * user); the hash of the request it came with tells a retry (same answer) from a reuse (refused).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE disputes ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200)`,
    sql`ALTER TABLE disputes ADD COLUMN request_hash text`,
    sql`ALTER TABLE disputes ADD CONSTRAINT disputes_idempotency_hash_check CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))`,
    sql`CREATE UNIQUE INDEX disputes_idempotency_idx ON disputes (customer_id, opened_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS disputes_idempotency_idx`.execute(db);
  await sql`ALTER TABLE disputes DROP CONSTRAINT IF EXISTS disputes_idempotency_hash_check`.execute(db);
  await sql`ALTER TABLE disputes DROP COLUMN IF EXISTS request_hash`.execute(db);
  await sql`ALTER TABLE disputes DROP COLUMN IF EXISTS idempotency_key`.execute(db);
}
