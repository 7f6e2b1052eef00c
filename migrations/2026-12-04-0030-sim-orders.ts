import { sql, type Kysely } from 'kysely';

/**
 * Changes of a SIM's subscription as orders (MOB-3, MOB-6..10): each recorded with who asked it,
 * for whom, through which delegation; at most once per Idempotency-Key (the key is the asker's
 * own, the request's hash tells a retry from a reuse); in force now, or scheduled for the first
 * day of the next billing period. What an end user may change himself (MOB-4) and the changes on
 * a selection of SIMs, applied by a background job item by item (a killed job resumes where its
 * last committed batch ended, so no change is applied twice).
 *
 * Every tenant table leads its keys with customer_id. One statement per call (PGlite).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // MOB-5: a BYOD device is only a marking; no IMEI is kept for it.
    sql`ALTER TABLE devices ALTER COLUMN imei DROP NOT NULL`,
    // MOB-6: when the line was blocked (usage after it is not charged); MOB-7: until when it is suspended.
    sql`ALTER TABLE sims ADD COLUMN blocked_at timestamptz, ADD COLUMN suspended_until date`,
    // MOB-6: every period a line was blocked after loss or theft; usage within one is not charged.
    sql`CREATE TABLE sim_blocks (
      customer_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      blocked_from timestamptz NOT NULL,
      blocked_until timestamptz,
      PRIMARY KEY (customer_id, sim_id, blocked_from),
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE,
      CHECK (blocked_until >= blocked_from)
    )`,

    sql`CREATE TABLE sim_bulk_changes (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      change jsonb NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES users(id),
      delegation_id uuid,
      ip text,
      idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      request_hash text,
      -- A worker holds the job until lease_until; a worker that died lets it go when it passes.
      lease_until timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (customer_id, id),
      CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
    )`,
    sql`CREATE UNIQUE INDEX sim_bulk_changes_idempotency_idx ON sim_bulk_changes (customer_id, created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    sql`CREATE INDEX sim_bulk_changes_open_idx ON sim_bulk_changes (created_at) WHERE status <> 'done'`,

    sql`CREATE TABLE sim_bulk_change_items (
      customer_id uuid NOT NULL,
      bulk_change_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'failed')),
      order_id uuid,
      reason text,
      PRIMARY KEY (customer_id, bulk_change_id, sim_id),
      FOREIGN KEY (customer_id, bulk_change_id) REFERENCES sim_bulk_changes (customer_id, id) ON DELETE CASCADE,
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX sim_bulk_change_items_pending_idx ON sim_bulk_change_items (customer_id, bulk_change_id, sim_id) WHERE status = 'pending'`,

    sql`CREATE TABLE sim_orders (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      sim_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN (
        'plan', 'add_option', 'remove_option', 'clir', 'premium_barring', 'eu_data_cutoff',
        'block_lost_stolen', 'reactivate', 'suspend', 'number_change', 'port_out', 'terminate'
      )),
      request jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('awaiting_approval', 'scheduled', 'requested', 'applied', 'rejected', 'cancelled', 'failed')),
      effective text NOT NULL DEFAULT 'now' CHECK (effective IN ('now', 'next_period')),
      effective_at timestamptz,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES users(id),
      delegation_id uuid,
      decided_at timestamptz,
      decided_by uuid REFERENCES users(id),
      reason text,
      bulk_change_id uuid,
      idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
      request_hash text,
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE,
      CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
    )`,
    sql`CREATE UNIQUE INDEX sim_orders_idempotency_idx ON sim_orders (customer_id, created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    sql`CREATE INDEX sim_orders_sim_idx ON sim_orders (customer_id, sim_id, created_at DESC, id DESC)`,
    sql`CREATE INDEX sim_orders_status_idx ON sim_orders (customer_id, status, created_at DESC, id DESC)`,
    sql`CREATE INDEX sim_orders_due_idx ON sim_orders (effective_at) WHERE status = 'scheduled'`,

    // MOB-4: what the end user of a SIM may change himself, set by whoever may update the SIM.
    sql`CREATE TABLE sim_self_service (
      customer_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      tariff_plan_ids uuid[] NOT NULL DEFAULT '{}',
      option_ids uuid[] NOT NULL DEFAULT '{}',
      clir boolean NOT NULL DEFAULT false,
      requires_approval boolean NOT NULL DEFAULT true,
      granted_at timestamptz NOT NULL,
      granted_by uuid REFERENCES users(id),
      PRIMARY KEY (customer_id, sim_id),
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`DROP TABLE IF EXISTS sim_self_service`,
    sql`DROP TABLE IF EXISTS sim_orders`,
    sql`DROP TABLE IF EXISTS sim_bulk_change_items`,
    sql`DROP TABLE IF EXISTS sim_bulk_changes`,
    sql`DROP TABLE IF EXISTS sim_blocks`,
    sql`ALTER TABLE sims DROP COLUMN IF EXISTS suspended_until, DROP COLUMN IF EXISTS blocked_at`,
    sql`DELETE FROM devices WHERE imei IS NULL`,
    sql`ALTER TABLE devices ALTER COLUMN imei SET NOT NULL`,
  ];
  for (const statement of statements) await statement.execute(db);
}
