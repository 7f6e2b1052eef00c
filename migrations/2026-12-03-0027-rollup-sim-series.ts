import { sql, type Kysely } from 'kysely';

/**
 * The per-SIM sums of Invoice Insights as one row per SIM × billing account × cost centre, its
 * monthly amounts in an array indexed by month number (year × 12 + month − 1; a PostgreSQL array
 * keeps that lower bound). The SIMs that cost most and those behind a month's change then read a
 * row per SIM instead of a row per SIM and month, and most SIMs, having one such row, need no
 * grouping: at 50,000 SIMs, grouping five months of per-month sums by SIM took 150–200 ms alone.
 * `shared` marks the SIMs with more than one row (another account or cost centre at some time),
 * the only ones a figure groups. Kept by the same statement triggers as usage_rollup_totals, in
 * the transaction that writes the roll-ups; replaces usage_rollup_sim_totals.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE FUNCTION month_number(d date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT (extract(year FROM d) * 12 + extract(month FROM d) - 1)::integer $$`,
    // a + b element by element (a missing element counts as nothing); either may be NULL.
    sql`CREATE FUNCTION rollup_amounts_add(a bigint[], b bigint[]) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE i integer;
      BEGIN
        IF b IS NULL THEN RETURN a; END IF;
        FOR i IN array_lower(b, 1) .. array_upper(b, 1) LOOP
          IF b[i] IS NOT NULL THEN a[i] := coalesce(a[i], 0) + b[i]; END IF;
        END LOOP;
        RETURN a;
      END $$`,
    // The array of amounts at month numbers (pairs of equal length, a month at most once).
    sql`CREATE FUNCTION rollup_amounts(months integer[], amounts bigint[]) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE r bigint[]; i integer;
      BEGIN
        FOR i IN 1 .. coalesce(array_length(months, 1), 0) LOOP r[months[i]] := amounts[i]; END LOOP;
        RETURN r;
      END $$`,
    // The elements from month number `first` on (NULL when none is left).
    sql`CREATE FUNCTION rollup_amounts_from(a bigint[], first integer) RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE r bigint[]; i integer;
      BEGIN
        FOR i IN greatest(array_lower(a, 1), first) .. coalesce(array_upper(a, 1), first - 1) LOOP
          IF a[i] IS NOT NULL THEN r[i] := a[i]; END IF;
        END LOOP;
        RETURN r;
      END $$`,
    sql`CREATE TABLE usage_rollup_sim_series (
      customer_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      billing_account_id uuid NOT NULL,
      cost_centre_id uuid,
      amounts bigint[] NOT NULL,
      shared boolean NOT NULL DEFAULT false
    )`,
    // By account first: a figure reads the series of the accounts it covers.
    sql`CREATE UNIQUE INDEX usage_rollup_sim_series_key ON usage_rollup_sim_series
      (customer_id, billing_account_id, cost_centre_id, sim_id) NULLS NOT DISTINCT`,
    // The few SIMs a figure groups.
    sql`CREATE INDEX usage_rollup_sim_series_shared_idx ON usage_rollup_sim_series (customer_id, sim_id) WHERE shared`,
    sql`CREATE OR REPLACE FUNCTION usage_rollup_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          INSERT INTO usage_rollup_totals AS t (customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, -sum(amount_cents)
              FROM old_rows GROUP BY customer_id, month, billing_account_id, cost_centre_id, charge_type
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, charge_type)
            DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
          INSERT INTO usage_rollup_sim_series AS t (customer_id, sim_id, billing_account_id, cost_centre_id, amounts)
            SELECT customer_id, sim_id, billing_account_id, cost_centre_id, rollup_amounts(array_agg(m), array_agg(amount))
              FROM (SELECT customer_id, sim_id, billing_account_id, cost_centre_id, month_number(month) AS m, (-sum(amount_cents))::bigint AS amount
                      FROM old_rows WHERE sim_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5) x
             GROUP BY customer_id, sim_id, billing_account_id, cost_centre_id
            ON CONFLICT (customer_id, billing_account_id, cost_centre_id, sim_id)
            DO UPDATE SET amounts = rollup_amounts_add(t.amounts, excluded.amounts);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          INSERT INTO usage_rollup_totals AS t (customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, sum(amount_cents)
              FROM new_rows GROUP BY customer_id, month, billing_account_id, cost_centre_id, charge_type
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, charge_type)
            DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
          INSERT INTO usage_rollup_sim_series AS t (customer_id, sim_id, billing_account_id, cost_centre_id, amounts)
            SELECT customer_id, sim_id, billing_account_id, cost_centre_id, rollup_amounts(array_agg(m), array_agg(amount))
              FROM (SELECT customer_id, sim_id, billing_account_id, cost_centre_id, month_number(month) AS m, sum(amount_cents)::bigint AS amount
                      FROM new_rows WHERE sim_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5) x
             GROUP BY customer_id, sim_id, billing_account_id, cost_centre_id
            ON CONFLICT (customer_id, billing_account_id, cost_centre_id, sim_id)
            DO UPDATE SET amounts = rollup_amounts_add(t.amounts, excluded.amounts);
          UPDATE usage_rollup_sim_series t SET shared = true
            FROM (SELECT s.customer_id, s.sim_id FROM usage_rollup_sim_series s
                   WHERE (s.customer_id, s.sim_id) IN (SELECT DISTINCT customer_id, sim_id FROM new_rows WHERE sim_id IS NOT NULL)
                   GROUP BY s.customer_id, s.sim_id HAVING count(*) > 1) m
           WHERE t.customer_id = m.customer_id AND t.sim_id = m.sim_id AND NOT t.shared;
        END IF;
        RETURN NULL;
      END
    $$`,
    // The sums kept so far.
    sql`INSERT INTO usage_rollup_sim_series (customer_id, sim_id, billing_account_id, cost_centre_id, amounts, shared)
      SELECT customer_id, sim_id, billing_account_id, cost_centre_id, rollup_amounts(array_agg(month_number(month)), array_agg(amount_cents)),
             count(*) OVER (PARTITION BY customer_id, sim_id) > 1
        FROM usage_rollup_sim_totals GROUP BY customer_id, sim_id, billing_account_id, cost_centre_id`,
    sql`DROP TABLE usage_rollup_sim_totals`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE usage_rollup_sim_totals (
      customer_id uuid NOT NULL, month date NOT NULL, billing_account_id uuid NOT NULL, cost_centre_id uuid, sim_id uuid NOT NULL, amount_cents bigint NOT NULL
    )`,
    sql`CREATE UNIQUE INDEX usage_rollup_sim_totals_key ON usage_rollup_sim_totals
      (customer_id, month, billing_account_id, cost_centre_id, sim_id) INCLUDE (amount_cents) NULLS NOT DISTINCT`,
    sql`CREATE INDEX usage_rollup_sim_totals_sim_idx ON usage_rollup_sim_totals
      (customer_id, sim_id, month) INCLUDE (billing_account_id, cost_centre_id, amount_cents)`,
    sql`INSERT INTO usage_rollup_sim_totals (customer_id, month, billing_account_id, cost_centre_id, sim_id, amount_cents)
      SELECT customer_id, month, billing_account_id, cost_centre_id, sim_id, sum(amount_cents)
        FROM usage_rollups WHERE sim_id IS NOT NULL GROUP BY customer_id, month, billing_account_id, cost_centre_id, sim_id`,
    sql`CREATE OR REPLACE FUNCTION usage_rollup_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          INSERT INTO usage_rollup_totals AS t (customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, -sum(amount_cents)
              FROM old_rows GROUP BY customer_id, month, billing_account_id, cost_centre_id, charge_type
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, charge_type) DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
          INSERT INTO usage_rollup_sim_totals AS t (customer_id, month, billing_account_id, cost_centre_id, sim_id, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, sim_id, -sum(amount_cents)
              FROM old_rows WHERE sim_id IS NOT NULL GROUP BY customer_id, month, billing_account_id, cost_centre_id, sim_id
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, sim_id) DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          INSERT INTO usage_rollup_totals AS t (customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, sum(amount_cents)
              FROM new_rows GROUP BY customer_id, month, billing_account_id, cost_centre_id, charge_type
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, charge_type) DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
          INSERT INTO usage_rollup_sim_totals AS t (customer_id, month, billing_account_id, cost_centre_id, sim_id, amount_cents)
            SELECT customer_id, month, billing_account_id, cost_centre_id, sim_id, sum(amount_cents)
              FROM new_rows WHERE sim_id IS NOT NULL GROUP BY customer_id, month, billing_account_id, cost_centre_id, sim_id
            ON CONFLICT (customer_id, month, billing_account_id, cost_centre_id, sim_id) DO UPDATE SET amount_cents = t.amount_cents + excluded.amount_cents;
        END IF;
        RETURN NULL;
      END
    $$`,
    sql`DROP TABLE usage_rollup_sim_series`,
    sql`DROP FUNCTION rollup_amounts_from(bigint[], integer)`,
    sql`DROP FUNCTION rollup_amounts(integer[], bigint[])`,
    sql`DROP FUNCTION rollup_amounts_add(bigint[], bigint[])`,
    sql`DROP FUNCTION month_number(date)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
