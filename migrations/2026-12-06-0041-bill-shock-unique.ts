import { sql, type Kysely } from 'kysely';

/**
 * A bill-shock alert is one per line or cost centre, metric and threshold: the same one twice
 * would only mail twice. Copies made before are dropped (the oldest stays), then the rule holds.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM bill_shock_alerts a USING bill_shock_alerts b
    WHERE a.customer_id = b.customer_id AND a.metric = b.metric AND a.threshold_cents = b.threshold_cents
      AND a.sim_id IS NOT DISTINCT FROM b.sim_id AND a.cost_centre_id IS NOT DISTINCT FROM b.cost_centre_id
      AND (a.created_at, a.id) > (b.created_at, b.id)`.execute(db);
  await sql`CREATE UNIQUE INDEX bill_shock_alerts_sim_unique ON bill_shock_alerts (customer_id, sim_id, metric, threshold_cents) WHERE sim_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX bill_shock_alerts_cost_centre_unique ON bill_shock_alerts (customer_id, cost_centre_id, metric, threshold_cents) WHERE cost_centre_id IS NOT NULL`.execute(db);
}
