import { sql, type Kysely } from 'kysely';

/**
 * User administration (issue 3, ROLE-1..8):
 * - invitations: single-use, expiring links to set a password; only the sha256 of the token is stored;
 * - memberships.is_deputy: the AO's deputy (an AO or AM) who becomes primary AO when the primary leaves (ROLE-2);
 * - indexes that keep the user list of a 5,000-user customer instant (filters and sort keys of users.repo.ts).
 * One statement per call: PGlite's extended protocol takes a single statement at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE invitations (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id),
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      invited_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (customer_id, id),
      CHECK (expires_at > created_at)
    )`,
    sql`CREATE INDEX invitations_user_idx ON invitations (user_id)`,
    sql`ALTER TABLE memberships ADD COLUMN is_deputy boolean NOT NULL DEFAULT false`,
    sql`ALTER TABLE memberships ADD CONSTRAINT memberships_deputy_profile
      CHECK (NOT is_deputy OR (profile IN ('access_owner', 'access_manager') AND NOT is_primary))`,
    sql`CREATE UNIQUE INDEX memberships_one_deputy ON memberships (customer_id) WHERE is_deputy`,
    // The user list: filters and sort keys within one customer (users.repo.ts SORT_KEYS).
    sql`CREATE INDEX users_name_sort_idx ON users ((lower(last_name || ' ' || first_name)), id)`,
    sql`CREATE INDEX memberships_customer_profile_idx ON memberships (customer_id, profile, user_id)`,
    sql`CREATE INDEX memberships_customer_end_idx ON memberships (customer_id, employment_end)`,
    sql`CREATE INDEX memberships_customer_status_idx ON memberships (customer_id, status) WHERE status <> 'active'`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['memberships_customer_status_idx', 'memberships_customer_end_idx', 'memberships_customer_profile_idx', 'users_name_sort_idx', 'memberships_one_deputy']) {
    await sql`DROP INDEX IF EXISTS ${sql.id(index)}`.execute(db);
  }
  await sql`ALTER TABLE memberships DROP CONSTRAINT IF EXISTS memberships_deputy_profile`.execute(db);
  await sql`ALTER TABLE memberships DROP COLUMN IF EXISTS is_deputy`.execute(db);
  await sql`DROP TABLE IF EXISTS invitations`.execute(db);
}
