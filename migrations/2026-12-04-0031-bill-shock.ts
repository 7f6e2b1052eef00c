import { sql, type Kysely } from 'kysely';

/**
 * Bill-shock alerts: a spending threshold for this month's usage (roaming, or all of it) on one
 * SIM, or on every SIM of a cost centre, checked as usage arrives. A SIM that crosses it is
 * recorded once per month (the trigger), and whoever set the alert is mailed with one-click
 * remedies that still go through the normal order. Tenant keys lead with customer_id.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE bill_shock_alerts (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      sim_id uuid,
      cost_centre_id uuid,
      metric text NOT NULL CHECK (metric IN ('roaming', 'total')),
      threshold_cents integer NOT NULL CHECK (threshold_cents BETWEEN 1 AND 100000000),
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES users(id),
      PRIMARY KEY (customer_id, id),
      CHECK ((sim_id IS NULL) <> (cost_centre_id IS NULL)),
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE,
      FOREIGN KEY (customer_id, cost_centre_id) REFERENCES cost_centres (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX bill_shock_alerts_sim_idx ON bill_shock_alerts (customer_id, sim_id) WHERE sim_id IS NOT NULL`,
    sql`CREATE INDEX bill_shock_alerts_cost_centre_idx ON bill_shock_alerts (customer_id, cost_centre_id) WHERE cost_centre_id IS NOT NULL`,
    sql`CREATE TABLE bill_shock_triggers (
      customer_id uuid NOT NULL,
      alert_id uuid NOT NULL,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
      sim_id uuid NOT NULL,
      spend_cents integer NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, alert_id, month, sim_id),
      FOREIGN KEY (customer_id, alert_id) REFERENCES bill_shock_alerts (customer_id, id) ON DELETE CASCADE,
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS bill_shock_triggers`.execute(db);
  await sql`DROP TABLE IF EXISTS bill_shock_alerts`.execute(db);
}
