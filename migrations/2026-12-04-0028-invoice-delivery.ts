import { sql, type Kysely } from 'kysely';

/**
 * Invoice delivery (EBL-1..7 and Peppol): one delivery setting per billing account (no row: paper),
 * the requests that wait for a confirmation (a GreenBill address until its link is followed, a
 * Zoomit invitation until the bank reports the customer's answer), and the delivery of every
 * invoice per channel, which is also the outbox its senders work from (unique per invoice and
 * channel: nothing is sent twice).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE invoice_delivery_settings (
      customer_id uuid NOT NULL,
      billing_account_id uuid NOT NULL,
      channel text NOT NULL DEFAULT 'paper' CHECK (channel IN ('paper', 'greenbill', 'zoomit', 'peppol')),
      email text,
      mobile text,
      notify text CHECK (notify IN ('email', 'sms', 'both')),
      iban text,
      bic text,
      peppol_id text,
      language text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'fr', 'en')),
      activated_at timestamptz,
      last_bounce_at timestamptz,
      last_bounce_reason text,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, billing_account_id),
      FOREIGN KEY (customer_id, billing_account_id) REFERENCES billing_accounts (customer_id, id),
      CHECK (channel <> 'greenbill' OR (email IS NOT NULL AND notify IS NOT NULL)),
      CHECK (channel <> 'greenbill' OR notify = 'email' OR mobile IS NOT NULL),
      CHECK (channel <> 'zoomit' OR (iban IS NOT NULL AND bic IS NOT NULL)),
      CHECK (channel <> 'peppol' OR peppol_id IS NOT NULL),
      CHECK ((channel = 'paper') = (activated_at IS NULL))
    )`,
    sql`CREATE TABLE invoice_delivery_requests (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      billing_account_id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('greenbill', 'zoomit')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled', 'accepted', 'refused')),
      email text,
      mobile text,
      notify text CHECK (notify IN ('email', 'sms', 'both')),
      iban text,
      bic text,
      covers_fixed_accounts boolean NOT NULL DEFAULT false,
      token_hash text UNIQUE,
      expires_at timestamptz,
      requested_by uuid REFERENCES users(id),
      delegation_id uuid,
      -- The language of the verification mail and of the announcements once active.
      language text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'fr', 'en')),
      created_at timestamptz NOT NULL,
      decided_at timestamptz,
      PRIMARY KEY (customer_id, id),
      UNIQUE (id),
      FOREIGN KEY (customer_id, billing_account_id) REFERENCES billing_accounts (customer_id, id),
      CHECK (channel <> 'greenbill' OR (email IS NOT NULL AND notify IS NOT NULL AND expires_at IS NOT NULL)),
      CHECK (channel <> 'zoomit' OR (iban IS NOT NULL AND bic IS NOT NULL)),
      CHECK ((status = 'pending') = (decided_at IS NULL))
    )`,
    // One request waits per account at a time: a second one is a change of the first (resend or cancel).
    sql`CREATE UNIQUE INDEX invoice_delivery_requests_pending_idx ON invoice_delivery_requests (customer_id, billing_account_id) WHERE status = 'pending'`,
    sql`CREATE TABLE invoice_deliveries (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      billing_account_id uuid NOT NULL,
      invoice_id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('paper', 'email', 'sms', 'zoomit', 'peppol')),
      recipient text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'sent', 'delivered', 'bounced', 'failed')),
      reason text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      mail_id uuid,
      document text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, id),
      UNIQUE (customer_id, invoice_id, channel),
      FOREIGN KEY (customer_id, invoice_id) REFERENCES invoices (customer_id, id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX invoice_deliveries_account_idx ON invoice_deliveries (customer_id, billing_account_id, created_at DESC, id DESC)`,
    sql`CREATE INDEX invoice_deliveries_due_idx ON invoice_deliveries (next_attempt_at) WHERE status = 'pending'`,
    sql`CREATE INDEX invoice_deliveries_mail_idx ON invoice_deliveries (mail_id) WHERE mail_id IS NOT NULL`,
    // What the development SMS gateway recorded (the development mailbox shows it; a real gateway keeps its own).
    sql`CREATE TABLE sms_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid REFERENCES customers(id),
      to_number text NOT NULL,
      kind text NOT NULL,
      body_text text NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    sql`CREATE INDEX sms_messages_created_idx ON sms_messages (created_at DESC, id DESC)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['sms_messages', 'invoice_deliveries', 'invoice_delivery_requests', 'invoice_delivery_settings']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
