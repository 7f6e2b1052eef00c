import { sql, type Kysely } from 'kysely';

/**
 * Billing data (SPEC §4, §5; names after TM Forum TMF678 Customer Bill and TMF677 Usage where
 * natural): billing periods, invoices and their lines, call details, unbilled usage events, call
 * credits, the monthly roll-ups Invoice Insights reads, disputes, other documents (INV-8), app
 * access requests (INS-1, PFM-2) and saved views.
 *
 * Every tenant table leads its keys with customer_id, so the data can be distributed by customer
 * later without a redesign. Call details, usage events and roll-ups are partitioned by month
 * (Brussels calendar months): partitions are created ahead by the scheduler and by ingestion, and
 * retention drops whole months. No default partition: a row for a month without a partition is an
 * ingestion error, never a row retention cannot find.
 *
 * Money is integer cents (bigint) in EUR. One statement per call (PGlite).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // One row per loaded billing run: a re-run of the same id changes nothing.
    sql`CREATE TABLE billing_runs (
      id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,100}$'),
      checksum text NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now(),
      loaded_by uuid REFERENCES users(id),
      counts jsonb NOT NULL DEFAULT '{}'
    )`,
    sql`CREATE TABLE billing_periods (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      billing_account_id uuid NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      closed_at timestamptz,
      run_id text REFERENCES billing_runs(id),
      PRIMARY KEY (customer_id, id),
      UNIQUE (customer_id, billing_account_id, starts_on),
      FOREIGN KEY (customer_id, billing_account_id) REFERENCES billing_accounts (customer_id, id),
      CHECK (ends_on >= starts_on),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    )`,
    // Status open / paid is stored; overdue (due date passed) and disputed (an open dispute) are read at query time.
    sql`CREATE TABLE invoices (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      billing_account_id uuid NOT NULL,
      billing_period_id uuid NOT NULL,
      number text NOT NULL CHECK (number ~ '^[A-Za-z0-9/_-]{1,40}$'),
      issue_date date NOT NULL,
      due_date date NOT NULL,
      period_start date NOT NULL,
      period_end date NOT NULL,
      amount_excl_vat_cents bigint NOT NULL,
      vat_cents bigint NOT NULL,
      amount_incl_vat_cents bigint NOT NULL,
      currency text NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
      payment_status text NOT NULL DEFAULT 'open' CHECK (payment_status IN ('open', 'paid')),
      paid_on date,
      run_id text NOT NULL REFERENCES billing_runs(id),
      PRIMARY KEY (customer_id, id),
      UNIQUE (customer_id, number),
      FOREIGN KEY (customer_id, billing_account_id) REFERENCES billing_accounts (customer_id, id),
      FOREIGN KEY (customer_id, billing_period_id) REFERENCES billing_periods (customer_id, id),
      CHECK (amount_incl_vat_cents = amount_excl_vat_cents + vat_cents),
      CHECK (due_date >= issue_date)
    )`,
    sql`CREATE INDEX invoices_customer_issue_idx ON invoices (customer_id, issue_date DESC, id DESC)`,
    sql`CREATE INDEX invoices_account_issue_idx ON invoices (customer_id, billing_account_id, issue_date DESC)`,
    // The PDF the billing run shipped (or none: the portal then generates one on download).
    sql`CREATE TABLE invoice_pdfs (
      customer_id uuid NOT NULL,
      invoice_id uuid NOT NULL,
      content bytea NOT NULL,
      sha256 text NOT NULL,
      PRIMARY KEY (customer_id, invoice_id),
      FOREIGN KEY (customer_id, invoice_id) REFERENCES invoices (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE TABLE invoice_lines (
      customer_id uuid NOT NULL,
      invoice_id uuid NOT NULL,
      line_no integer NOT NULL CHECK (line_no > 0),
      sim_id uuid,
      cost_centre_id uuid,
      charge_type text NOT NULL CHECK (charge_type IN ('subscription', 'option', 'national_voice', 'international_voice', 'roaming', 'sms', 'data', 'one_off', 'discount')),
      description text NOT NULL DEFAULT '',
      quantity integer NOT NULL DEFAULT 1,
      amount_excl_vat_cents bigint NOT NULL,
      vat_rate_bp integer NOT NULL DEFAULT 2100 CHECK (vat_rate_bp BETWEEN 0 AND 10000),
      PRIMARY KEY (customer_id, invoice_id, line_no),
      FOREIGN KEY (customer_id, invoice_id) REFERENCES invoices (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX invoice_lines_sim_idx ON invoice_lines (customer_id, sim_id)`,
    // Call details of billed periods (INV-1): called number or SMS recipient, never content.
    sql`CREATE SEQUENCE call_details_id_seq CACHE 1000`,
    sql`CREATE TABLE call_details (
      customer_id uuid NOT NULL,
      id bigint NOT NULL DEFAULT nextval('call_details_id_seq'),
      invoice_id uuid NOT NULL,
      billing_account_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      cost_centre_id uuid,
      started_at timestamptz NOT NULL,
      type text NOT NULL CHECK (type IN ('national_voice', 'international_voice', 'roaming', 'sms', 'data')),
      destination text,
      duration_s integer CHECK (duration_s >= 0),
      volume_kb bigint CHECK (volume_kb >= 0),
      standard_price_cents integer NOT NULL,
      billed_price_cents integer NOT NULL,
      PRIMARY KEY (customer_id, started_at, id)
    ) PARTITION BY RANGE (started_at)`,
    sql`CREATE INDEX call_details_invoice_idx ON call_details (customer_id, invoice_id, started_at, id)`,
    sql`CREATE INDEX call_details_sim_idx ON call_details (customer_id, sim_id, started_at)`,
    // Usage as it arrives, before its period is billed (INV-4: shown at standard prices after 8 hours).
    sql`CREATE SEQUENCE usage_events_id_seq CACHE 1000`,
    sql`CREATE TABLE usage_events (
      customer_id uuid NOT NULL,
      id bigint NOT NULL DEFAULT nextval('usage_events_id_seq'),
      billing_account_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      cost_centre_id uuid,
      occurred_at timestamptz NOT NULL,
      type text NOT NULL CHECK (type IN ('national_voice', 'international_voice', 'roaming', 'sms', 'data')),
      destination text,
      duration_s integer CHECK (duration_s >= 0),
      volume_kb bigint CHECK (volume_kb >= 0),
      standard_price_cents integer NOT NULL,
      PRIMARY KEY (customer_id, occurred_at, id)
    ) PARTITION BY RANGE (occurred_at)`,
    sql`CREATE INDEX usage_events_sim_idx ON usage_events (customer_id, sim_id, occurred_at)`,
    // Monthly roll-ups per billing account × SIM × charge type × cost centre, built when a period closes (INV-2).
    sql`CREATE TABLE usage_rollups (
      customer_id uuid NOT NULL,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      billing_account_id uuid NOT NULL,
      invoice_id uuid NOT NULL,
      sim_id uuid,
      cost_centre_id uuid,
      charge_type text NOT NULL,
      amount_cents bigint NOT NULL,
      events integer NOT NULL DEFAULT 0,
      duration_s bigint NOT NULL DEFAULT 0,
      volume_kb bigint NOT NULL DEFAULT 0
    ) PARTITION BY RANGE (month)`,
    sql`CREATE INDEX usage_rollups_month_idx ON usage_rollups (customer_id, month, billing_account_id)`,
    sql`CREATE INDEX usage_rollups_sim_idx ON usage_rollups (customer_id, sim_id, month)`,
    // INV-1: call credits per SIM and month, and transfers between SIMs.
    sql`CREATE TABLE call_credits (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      billing_account_id uuid NOT NULL,
      sim_id uuid NOT NULL,
      month date NOT NULL,
      granted_cents bigint NOT NULL CHECK (granted_cents >= 0),
      used_cents bigint NOT NULL DEFAULT 0 CHECK (used_cents >= 0),
      run_id text REFERENCES billing_runs(id),
      PRIMARY KEY (customer_id, id),
      UNIQUE (customer_id, sim_id, month)
    )`,
    sql`CREATE TABLE call_credit_transfers (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      from_sim_id uuid NOT NULL,
      to_sim_id uuid NOT NULL,
      billing_account_id uuid NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      transferred_at timestamptz NOT NULL,
      run_id text REFERENCES billing_runs(id),
      PRIMARY KEY (customer_id, id),
      CHECK (from_sim_id <> to_sim_id)
    )`,
    // INV-7: a dispute on an invoice, or on some of its lines.
    sql`CREATE TABLE disputes (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      invoice_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_review', 'accepted', 'rejected', 'withdrawn')),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      disputed_cents bigint NOT NULL CHECK (disputed_cents >= 0),
      detailed_invoice boolean NOT NULL DEFAULT false,
      opened_by uuid NOT NULL REFERENCES users(id),
      delegation_id uuid,
      opened_at timestamptz NOT NULL DEFAULT now(),
      answer text,
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, invoice_id) REFERENCES invoices (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX disputes_invoice_idx ON disputes (customer_id, invoice_id)`,
    sql`CREATE INDEX disputes_open_idx ON disputes (status, opened_at) WHERE status IN ('open', 'in_review')`,
    sql`CREATE TABLE dispute_lines (
      customer_id uuid NOT NULL,
      dispute_id uuid NOT NULL,
      invoice_id uuid NOT NULL,
      line_no integer NOT NULL,
      PRIMARY KEY (customer_id, dispute_id, line_no),
      FOREIGN KEY (customer_id, dispute_id) REFERENCES disputes (customer_id, id) ON DELETE CASCADE,
      FOREIGN KEY (customer_id, invoice_id, line_no) REFERENCES invoice_lines (customer_id, invoice_id, line_no) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX dispute_lines_line_idx ON dispute_lines (customer_id, invoice_id, line_no)`,
    sql`CREATE TABLE dispute_events (
      customer_id uuid NOT NULL,
      dispute_id uuid NOT NULL,
      seq integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL,
      actor_user_id uuid REFERENCES users(id),
      note text,
      PRIMARY KEY (customer_id, dispute_id, seq),
      FOREIGN KEY (customer_id, dispute_id) REFERENCES disputes (customer_id, id) ON DELETE CASCADE
    )`,
    // INV-8: documents and reports other than invoices, deemed accepted 5 working days after they appear.
    sql`CREATE TABLE billing_documents (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      billing_account_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('usage_report', 'statement', 'notice')),
      title text NOT NULL,
      published_at timestamptz NOT NULL,
      content bytea,
      run_id text REFERENCES billing_runs(id),
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, billing_account_id) REFERENCES billing_accounts (customer_id, id)
    )`,
    sql`CREATE INDEX billing_documents_published_idx ON billing_documents (customer_id, published_at DESC)`,
    // INS-1, PFM-2: a billing account created after the app's activation needs an approved request.
    sql`CREATE TABLE app_access_requests (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      app text NOT NULL CHECK (app IN ('insights', 'fleet-manager')),
      billing_account_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
      requested_by uuid NOT NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      reason text,
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, billing_account_id) REFERENCES billing_accounts (customer_id, id)
    )`,
    sql`CREATE UNIQUE INDEX app_access_requests_live_idx ON app_access_requests (customer_id, app, billing_account_id) WHERE status IN ('pending', 'approved')`,
    // Saved views (INS-3, PFM-4): a user's named filter set in one app.
    sql`CREATE TABLE saved_views (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      app text NOT NULL CHECK (app IN ('insights', 'fleet-manager', 'invoices')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      state jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, id),
      UNIQUE (customer_id, user_id, app, name)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'saved_views', 'app_access_requests', 'billing_documents', 'dispute_events', 'dispute_lines', 'disputes',
    'call_credit_transfers', 'call_credits', 'usage_rollups', 'usage_events', 'call_details', 'invoice_lines',
    'invoice_pdfs', 'invoices', 'billing_periods', 'billing_runs',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
  await sql`DROP SEQUENCE IF EXISTS usage_events_id_seq`.execute(db);
  await sql`DROP SEQUENCE IF EXISTS call_details_id_seq`.execute(db);
}
