import { sql, type Kysely } from 'kysely';

/**
 * PFM-1: Fleet Manager is activated on the customer's request only, when it has at least 30 SIMs;
 * operator staff decide the request, and may end the app at once when that no longer holds. One
 * live (pending) request per customer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE app_activation_requests (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      app text NOT NULL CHECK (app IN ('fleet-manager')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
      sims integer NOT NULL CHECK (sims >= 0),
      requested_at timestamptz NOT NULL,
      requested_by uuid REFERENCES users(id),
      decided_at timestamptz,
      decided_by uuid REFERENCES users(id),
      reason text,
      PRIMARY KEY (customer_id, id),
      CHECK ((status = 'pending') = (decided_at IS NULL))
    )`,
    sql`CREATE UNIQUE INDEX app_activation_requests_pending_idx ON app_activation_requests (customer_id, app) WHERE status = 'pending'`,
    sql`CREATE INDEX app_activation_requests_queue_idx ON app_activation_requests (status, requested_at DESC)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS app_activation_requests`.execute(db);
}
