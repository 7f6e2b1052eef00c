import { sql, type Kysely } from 'kysely';

/**
 * Request counters of the throttles (sign-in per address and per account, token refresh,
 * invitation links) in the database every API process shares, so that a limit holds however many
 * processes answer: one row per key and fixed window, reset in place when its window is over.
 * Expired rows are deleted as the throttle goes; nothing else reads them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE rate_limit_counters (
      key text PRIMARY KEY,
      hits integer NOT NULL,
      resets_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX rate_limit_counters_resets_at_idx ON rate_limit_counters (resets_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE rate_limit_counters`.execute(db);
}
