import { sql, type Kysely } from 'kysely';

/**
 * The access core (SPEC §1–3, §11): customers and affiliates, users and memberships, grants,
 * cross-organisation delegations, billing accounts, cost centres, a minimal SIM table, sessions
 * and the append-only audit trail. Every tenant table leads with customer_id.
 * One statement per call: PGlite's extended protocol takes a single statement at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE customers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      enterprise_number text NOT NULL UNIQUE CHECK (enterprise_number ~ '^[01][0-9]{9}$'
        AND 97 - (substr(enterprise_number, 1, 8)::bigint % 97) = substr(enterprise_number, 9, 2)::int),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      street text NOT NULL DEFAULT '',
      postal_code text NOT NULL DEFAULT '',
      city text NOT NULL DEFAULT '',
      country text NOT NULL DEFAULT 'BE',
      contact_email text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'suspended', 'terminated')),
      no_access_owner boolean NOT NULL DEFAULT false,
      contract_start date,
      contract_end date,
      last_activity_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE TABLE customer_apps (
      customer_id uuid NOT NULL REFERENCES customers(id),
      app text NOT NULL CHECK (app IN ('user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery', 'orders')),
      activated_at timestamptz NOT NULL DEFAULT now(),
      deactivated_at timestamptz,
      PRIMARY KEY (customer_id, app)
    )`,
    sql`CREATE TABLE affiliate_links (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      affiliate_id uuid NOT NULL REFERENCES customers(id),
      basis text NOT NULL CHECK (basis IN ('de_jure_voting_rights', 'de_jure_directors', 'de_jure_statutes', 'de_facto_general_meetings')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'refused', 'ended')),
      reason text,
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      decided_by uuid,
      PRIMARY KEY (customer_id, affiliate_id),
      CHECK (customer_id <> affiliate_id)
    )`,
    sql`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
      first_name text NOT NULL DEFAULT '',
      last_name text NOT NULL DEFAULT '',
      phone text,
      language text NOT NULL DEFAULT 'en' CHECK (language IN ('nl', 'fr', 'en')),
      password_hash text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'suspended')),
      is_operator boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_login_at timestamptz
    )`,
    sql`CREATE UNIQUE INDEX users_email_key ON users (email)`,
    sql`CREATE TABLE memberships (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id),
      profile text NOT NULL CHECK (profile IN ('access_owner', 'access_manager', 'support_portal_user', 'service_user')),
      sub_profiles text[] NOT NULL DEFAULT '{}',
      is_primary boolean NOT NULL DEFAULT false,
      employment_basis text NOT NULL CHECK (employment_basis IN ('employment_fixed_term', 'employment_indefinite', 'civil_servant', 'management_contract')),
      employment_end date,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, user_id),
      CHECK (NOT is_primary OR profile = 'access_owner'),
      CHECK (sub_profiles <@ ARRAY['purchaser', 'incident_manager', 'financial_manager', 'fleet_manager']::text[])
    )`,
    sql`CREATE INDEX memberships_user_idx ON memberships (user_id)`,
    sql`CREATE UNIQUE INDEX memberships_one_primary_ao ON memberships (customer_id) WHERE is_primary`,
    sql`CREATE TABLE billing_accounts (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      number text NOT NULL UNIQUE,
      name text NOT NULL DEFAULT '',
      type text NOT NULL CHECK (type IN ('fix', 'mobile')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, id)
    )`,
    sql`CREATE TABLE cost_centres (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      code text NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, id),
      UNIQUE (customer_id, code)
    )`,
    sql`CREATE TABLE sims (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      msisdn text NOT NULL UNIQUE CHECK (msisdn ~ '^\\+32[0-9]{8,9}$'),
      iccid text NOT NULL UNIQUE,
      billing_account_id uuid NOT NULL,
      cost_centre_id uuid,
      end_user_id uuid REFERENCES users(id),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'suspended', 'terminated')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, id),
      FOREIGN KEY (customer_id, billing_account_id) REFERENCES billing_accounts (customer_id, id),
      FOREIGN KEY (customer_id, cost_centre_id) REFERENCES cost_centres (customer_id, id)
    )`,
    sql`CREATE INDEX sims_billing_account_idx ON sims (customer_id, billing_account_id)`,
    sql`CREATE INDEX sims_cost_centre_idx ON sims (customer_id, cost_centre_id)`,
    sql`CREATE INDEX sims_end_user_idx ON sims (end_user_id)`,
    // ROLE-6: a right is (app, actions, scope). Empty scope arrays mean the whole customer.
    sql`CREATE TABLE grants (
      customer_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      membership_id uuid NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
      app text NOT NULL CHECK (app IN ('user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery', 'orders')),
      actions text[] NOT NULL CHECK (cardinality(actions) > 0),
      billing_account_ids uuid[] NOT NULL DEFAULT '{}',
      cost_centre_ids uuid[] NOT NULL DEFAULT '{}',
      granted_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, id),
      UNIQUE (membership_id, app)
    )`,
    // DLG-2..4: the customer delegates rights on its data to a partner company.
    sql`CREATE TABLE delegations (
      customer_id uuid NOT NULL REFERENCES customers(id),
      id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      partner_id uuid NOT NULL REFERENCES customers(id),
      rights jsonb NOT NULL,
      billing_account_ids uuid[] NOT NULL DEFAULT '{}',
      cost_centre_ids uuid[] NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('pending_operator', 'pending_partner', 'active', 'refused', 'declined', 'revoked', 'ended', 'expired')),
      starts_at timestamptz NOT NULL DEFAULT now(),
      ends_at timestamptz NOT NULL,
      proposed_by uuid REFERENCES users(id),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (customer_id, id),
      CHECK (customer_id <> partner_id),
      CHECK (ends_at > starts_at)
    )`,
    sql`CREATE INDEX delegations_partner_idx ON delegations (partner_id, status)`,
    sql`CREATE TABLE delegation_users (
      customer_id uuid NOT NULL,
      delegation_id uuid NOT NULL REFERENCES delegations(id),
      user_id uuid NOT NULL REFERENCES users(id),
      assigned_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (delegation_id, user_id)
    )`,
    sql`CREATE INDEX delegation_users_user_idx ON delegation_users (user_id)`,
    sql`CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text,
      ip text,
      user_agent text
    )`,
    sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`,
    sql`CREATE TABLE refresh_tokens (
      token_hash text PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES sessions(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`,
    sql`CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`,
    // SEC-3 / RET-3: append-only audit trail.
    sql`CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid,
      customer_id uuid,
      delegation_id uuid,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text,
      before jsonb,
      after jsonb,
      ip text
    )`,
    sql`CREATE INDEX audit_log_customer_idx ON audit_log (customer_id, at DESC)`,
    sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END
    $$`,
    sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_log', 'refresh_tokens', 'sessions', 'delegation_users', 'delegations', 'grants', 'sims', 'cost_centres', 'billing_accounts', 'memberships', 'users', 'affiliate_links', 'customer_apps', 'customers']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
}
