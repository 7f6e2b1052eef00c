import { sql, type Kysely } from 'kysely';

/**
 * Invoice Insights' figures (INS-3) sum the monthly roll-ups. At 50,000 SIMs a year of roll-ups is
 * some 3 million rows (a row per SIM × charge type × month), and no index makes a sum over all of
 * them fast: every figure would read them all. Two smaller sums of the same roll-ups, kept by
 * triggers in the very transaction that writes the roll-ups (so they never disagree, INV-2), answer
 * the figures instead:
 * - usage_rollup_totals: per month × billing account × cost centre × charge type (no SIM), a few
 *   thousand rows a month: cost per month, charge type, billing account and cost centre;
 * - usage_rollup_sim_totals: per month × billing account × cost centre × SIM, all charge types
 *   together: the SIMs that cost most and the SIMs that drove a month's change.
 * Statement-level triggers with transition tables: one aggregate per statement (an ingestion COPY
 * included), not one per row. Retention drops roll-up partitions without firing triggers, so every
 * query on these sums filters on the retained months too, and the retention job deletes their
 * expired months (purgeRollupTotals).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE usage_rollup_totals (
      customer_id uuid NOT NULL,
      month date NOT NULL,
      billing_account_id uuid NOT NULL,
      cost_centre_id uuid,
      charge_type text NOT NULL,
      amount_cents bigint NOT NULL
    )`,
    sql`CREATE UNIQUE INDEX usage_rollup_totals_key ON usage_rollup_totals
      (customer_id, month, billing_account_id, cost_centre_id, charge_type) NULLS NOT DISTINCT`,
    sql`CREATE TABLE usage_rollup_sim_totals (
      customer_id uuid NOT NULL,
      month date NOT NULL,
      billing_account_id uuid NOT NULL,
      cost_centre_id uuid,
      sim_id uuid NOT NULL,
      amount_cents bigint NOT NULL
    )`,
    // Covering (INCLUDE amount): the figures read it with index-only scans.
    sql`CREATE UNIQUE INDEX usage_rollup_sim_totals_key ON usage_rollup_sim_totals
      (customer_id, month, billing_account_id, cost_centre_id, sim_id) INCLUDE (amount_cents) NULLS NOT DISTINCT`,
    // In SIM order: the top SIMs sum each SIM's months as they come (no hash table of every SIM).
    sql`CREATE INDEX usage_rollup_sim_totals_sim_idx ON usage_rollup_sim_totals
      (customer_id, sim_id, month) INCLUDE (billing_account_id, cost_centre_id, amount_cents)`,
    sql`CREATE FUNCTION usage_rollup_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          INSERT INTO usage_rollup_totals AS t (customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, -sum(amount_cents)
              FROM old_rows GROUP BY customer_id, month, billing_account_id, cost_centre_id, charge_type
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, charge_type)
            DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
          INSERT INTO usage_rollup_sim_totals AS t (customer_id, month, billing_account_id, cost_centre_id, sim_id, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, sim_id, -sum(amount_cents)
              FROM old_rows WHERE sim_id IS NOT NULL GROUP BY customer_id, month, billing_account_id, cost_centre_id, sim_id
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, sim_id)
            DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          INSERT INTO usage_rollup_totals AS t (customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, sum(amount_cents)
              FROM new_rows GROUP BY customer_id, month, billing_account_id, cost_centre_id, charge_type
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, charge_type)
            DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
          INSERT INTO usage_rollup_sim_totals AS t (customer_id, month, billing_account_id, cost_centre_id, sim_id, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, sim_id, sum(amount_cents)
              FROM new_rows WHERE sim_id IS NOT NULL GROUP BY customer_id, month, billing_account_id, cost_centre_id, sim_id
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, sim_id)
            DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
        END IF;
        RETURN NULL;
      END
    $$`,
    sql`CREATE TRIGGER usage_rollups_totals_insert AFTER INSERT ON usage_rollups
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_totals_add()`,
    sql`CREATE TRIGGER usage_rollups_totals_update AFTER UPDATE ON usage_rollups
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_totals_add()`,
    sql`CREATE TRIGGER usage_rollups_totals_delete AFTER DELETE ON usage_rollups
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_totals_add()`,
    // Roll-ups written before this migration.
    sql`INSERT INTO usage_rollup_totals (customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents)
      SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, sum(amount_cents)
        FROM usage_rollups GROUP BY customer_id, month, billing_account_id, cost_centre_id, charge_type`,
    sql`INSERT INTO usage_rollup_sim_totals (customer_id, month, billing_account_id, cost_centre_id, sim_id, amount_cents)
      SELECT customer_id, month, billing_account_id, cost_centre_id, sim_id, sum(amount_cents)
        FROM usage_rollups WHERE sim_id IS NOT NULL GROUP BY customer_id, month, billing_account_id, cost_centre_id, sim_id`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['usage_rollups_totals_insert', 'usage_rollups_totals_update', 'usage_rollups_totals_delete']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(trigger)} ON usage_rollups`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS usage_rollup_totals_add()`.execute(db);
  await sql`DROP TABLE IF EXISTS usage_rollup_sim_totals`.execute(db);
  await sql`DROP TABLE IF EXISTS usage_rollup_totals`.execute(db);
}
