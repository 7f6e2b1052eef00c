import { sql, type Kysely } from 'kysely';

/**
 * Fleet Manager and mobile-number management (PFM-1..4, MOB-1..11): the operator's catalogue of
 * tariff plans and options (not per customer: every customer picks from the same list), what each
 * SIM subscribes to (plan, options, CLIR, premium-number barring, the EU data cut-off opt-out of
 * MOB-9, the initial term of MOB-10) with a version for If-Match, the devices in the SIMs (MOB-5:
 * marked customer-owned or BYOD) and the change history of every SIM (MOB-3).
 *
 * SIM statuses follow the mobile terms: active, suspended (MOB-7), blocked after loss or theft
 * (MOB-6), port_out_pending (MOB-8) and deactivated. The former 'terminated' is 'deactivated'.
 *
 * Every tenant table leads its keys with customer_id. The list's filters and sort orders each have
 * an index that ends in the msisdn, the keyset's tie-breaker. One statement per call (PGlite).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Allowances: null is unlimited. Rates are what a unit beyond the allowance costs, in euro cents.
    sql`CREATE TABLE tariff_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{1,40}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      monthly_fee_cents integer NOT NULL CHECK (monthly_fee_cents >= 0),
      currency text NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
      data_mb integer CHECK (data_mb >= 0),
      voice_minutes integer CHECK (voice_minutes >= 0),
      sms integer CHECK (sms >= 0),
      data_rate_cents_per_mb integer NOT NULL DEFAULT 0 CHECK (data_rate_cents_per_mb >= 0),
      voice_rate_cents_per_minute integer NOT NULL DEFAULT 0 CHECK (voice_rate_cents_per_minute >= 0),
      sms_rate_cents integer NOT NULL DEFAULT 0 CHECK (sms_rate_cents >= 0),
      withdrawn_at date,
      -- MOB-11: a withdrawn plan says until when its subscribers can switch.
      last_switch_on date,
      CHECK ((withdrawn_at IS NULL) = (last_switch_on IS NULL)),
      CHECK (last_switch_on >= withdrawn_at)
    )`,
    sql`CREATE TABLE tariff_options (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{1,40}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      kind text NOT NULL CHECK (kind IN ('data', 'voice', 'sms', 'roaming')),
      monthly_fee_cents integer NOT NULL CHECK (monthly_fee_cents >= 0),
      currency text NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
      -- What the option adds to the plan's national allowances (a roaming option adds none).
      extra_data_mb integer NOT NULL DEFAULT 0 CHECK (extra_data_mb >= 0),
      extra_voice_minutes integer NOT NULL DEFAULT 0 CHECK (extra_voice_minutes >= 0),
      extra_sms integer NOT NULL DEFAULT 0 CHECK (extra_sms >= 0),
      withdrawn_at date
    )`,
    // Which options can be added to which plans.
    sql`CREATE TABLE tariff_option_plans (
      plan_id uuid NOT NULL REFERENCES tariff_plans(id) ON DELETE CASCADE,
      option_id uuid NOT NULL REFERENCES tariff_options(id) ON DELETE CASCADE,
      PRIMARY KEY (plan_id, option_id)
    )`,
    sql`CREATE INDEX tariff_option_plans_option_idx ON tariff_option_plans (option_id, plan_id)`,

    sql`ALTER TABLE sims DROP CONSTRAINT sims_status_check`,
    sql`UPDATE sims SET status = 'deactivated' WHERE status = 'terminated'`,
    sql`ALTER TABLE sims ADD CONSTRAINT sims_status_check CHECK (status IN ('active', 'suspended', 'blocked', 'port_out_pending', 'deactivated'))`,
    sql`ALTER TABLE sims
      ADD COLUMN tariff_plan_id uuid REFERENCES tariff_plans(id),
      ADD COLUMN clir boolean NOT NULL DEFAULT false,
      ADD COLUMN premium_barring boolean NOT NULL DEFAULT false,
      ADD COLUMN eu_data_cutoff_opt_out boolean NOT NULL DEFAULT false,
      ADD COLUMN contract_start date,
      ADD COLUMN initial_term_end date,
      ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0),
      ADD CONSTRAINT sims_initial_term_check CHECK (initial_term_end >= contract_start)`,
    // The list: default order (msisdn) within each filter, and the sort orders on the SIM's own columns.
    // The two-column indexes on billing account and cost centre are prefixes of the new ones.
    sql`DROP INDEX sims_billing_account_idx`,
    sql`DROP INDEX sims_cost_centre_idx`,
    sql`CREATE INDEX sims_billing_account_idx ON sims (customer_id, billing_account_id, msisdn)`,
    sql`CREATE INDEX sims_cost_centre_idx ON sims (customer_id, cost_centre_id, msisdn)`,
    sql`CREATE INDEX sims_plan_idx ON sims (customer_id, tariff_plan_id, msisdn)`,
    // Sort keys compare in byte order ("C") in ORDER BY and in the keyset condition alike.
    sql`CREATE INDEX sims_status_idx ON sims (customer_id, (status COLLATE "C"), msisdn)`,
    sql`CREATE INDEX sims_initial_term_idx ON sims (customer_id, (coalesce(initial_term_end, '9999-12-31'::date)), msisdn)`,

    sql`CREATE TABLE sim_options (
      customer_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      option_id uuid NOT NULL REFERENCES tariff_options(id),
      added_at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, sim_id, option_id),
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX sim_options_option_idx ON sim_options (customer_id, option_id, sim_id)`,

    // A device in a SIM from `since` until `until` (null: still in it). MOB-5: its data (IMEI, make,
    // model, IMEI and SIM history) is shown only when the customer marked it as its own.
    sql`CREATE TABLE devices (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      sim_id uuid NOT NULL,
      imei text NOT NULL CHECK (imei ~ '^[0-9]{15}$'),
      make text,
      model text,
      ownership text NOT NULL CHECK (ownership IN ('customer', 'byod')),
      since timestamptz NOT NULL,
      until timestamptz,
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE,
      CHECK (until >= since)
    )`,
    sql`CREATE UNIQUE INDEX devices_current_idx ON devices (customer_id, sim_id) WHERE until IS NULL`,
    sql`CREATE INDEX devices_sim_idx ON devices (customer_id, sim_id, since DESC)`,
    sql`CREATE INDEX devices_imei_idx ON devices (customer_id, imei, since DESC)`,

    // MOB-3: every change of a SIM's subscription, who made it, for whom, through which delegation.
    sql`CREATE TABLE sim_changes (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      sim_id uuid NOT NULL,
      at timestamptz NOT NULL,
      actor_user_id uuid REFERENCES users(id),
      delegation_id uuid,
      kind text NOT NULL CHECK (kind IN (
        'plan', 'options', 'clir', 'premium_barring', 'eu_data_cutoff', 'status', 'end_user', 'cost_centre', 'billing_account', 'device', 'contract', 'msisdn'
      )),
      before jsonb NOT NULL DEFAULT '{}',
      after jsonb NOT NULL DEFAULT '{}',
      order_id uuid,
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, sim_id) REFERENCES sims (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX sim_changes_sim_idx ON sim_changes (customer_id, sim_id, at DESC, id DESC)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`DROP TABLE IF EXISTS sim_changes`,
    sql`DROP TABLE IF EXISTS devices`,
    sql`DROP TABLE IF EXISTS sim_options`,
    sql`DROP INDEX IF EXISTS sims_initial_term_idx`,
    sql`DROP INDEX IF EXISTS sims_status_idx`,
    sql`DROP INDEX IF EXISTS sims_plan_idx`,
    sql`DROP INDEX IF EXISTS sims_cost_centre_idx`,
    sql`DROP INDEX IF EXISTS sims_billing_account_idx`,
    sql`CREATE INDEX sims_billing_account_idx ON sims (customer_id, billing_account_id)`,
    sql`CREATE INDEX sims_cost_centre_idx ON sims (customer_id, cost_centre_id)`,
    sql`ALTER TABLE sims DROP CONSTRAINT sims_initial_term_check, DROP COLUMN tariff_plan_id, DROP COLUMN clir, DROP COLUMN premium_barring,
      DROP COLUMN eu_data_cutoff_opt_out, DROP COLUMN contract_start, DROP COLUMN initial_term_end, DROP COLUMN version`,
    sql`ALTER TABLE sims DROP CONSTRAINT sims_status_check`,
    sql`UPDATE sims SET status = 'terminated' WHERE status = 'deactivated'`,
    sql`UPDATE sims SET status = 'suspended' WHERE status = 'port_out_pending'`,
    sql`ALTER TABLE sims ADD CONSTRAINT sims_status_check CHECK (status IN ('active', 'blocked', 'suspended', 'terminated'))`,
    sql`DROP TABLE IF EXISTS tariff_option_plans`,
    sql`DROP TABLE IF EXISTS tariff_options`,
    sql`DROP TABLE IF EXISTS tariff_plans`,
  ];
  for (const statement of statements) await statement.execute(db);
}
