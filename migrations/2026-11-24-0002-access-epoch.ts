import { sql, type Kysely } from 'kysely';

/**
 * Revocation is immediate, yet the ability need not be rebuilt on every request (DESIGN.md §4):
 *
 * - `access_epoch` holds one number, bumped in the same transaction as any change that can change
 *   somebody's access (memberships, grants, affiliate links, delegations and their users, the
 *   customer's apps, a customer's or user's status, a session's revocation). The bump is a deferred
 *   constraint trigger: it takes the row lock at commit, after every other lock of the transaction,
 *   so it cannot take part in a deadlock; and once per transaction.
 * - `access_context(user, session, now, today)` returns the whole access context, with the epoch
 *   it was read at, in one round trip. It is PL/pgSQL with a forced generic plan, so PostgreSQL
 *   plans it once per connection (planning cost more than running it), and builds json rather
 *   than jsonb (a third cheaper for this many small objects).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE access_epoch (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL
    )`,
    sql`INSERT INTO access_epoch (id, version) VALUES (true, 1)`,
    sql`CREATE FUNCTION bump_access_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('mandate.access_epoch_bumped', true) IS DISTINCT FROM 'yes' THEN
          PERFORM set_config('mandate.access_epoch_bumped', 'yes', true);
          UPDATE access_epoch SET version = version + 1;
        END IF;
        RETURN NULL;
      END
    $$`,
    ...['memberships', 'grants', 'affiliate_links', 'delegations', 'delegation_users', 'customer_apps'].map(
      (table) => sql`CREATE CONSTRAINT TRIGGER ${sql.raw(`${table}_access_epoch`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_epoch()`,
    ),
    // Also what /me shows of the user and his customers (names, language), which is cached with the ability;
    // not the sign-in bookkeeping (last_login_at, last_activity_at).
    sql`CREATE CONSTRAINT TRIGGER users_access_epoch AFTER UPDATE OF status, is_operator, email, first_name, last_name, language ON users
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN ((OLD.status, OLD.is_operator, OLD.email, OLD.first_name, OLD.last_name, OLD.language)
        IS DISTINCT FROM (NEW.status, NEW.is_operator, NEW.email, NEW.first_name, NEW.last_name, NEW.language))
      EXECUTE FUNCTION bump_access_epoch()`,
    sql`CREATE CONSTRAINT TRIGGER customers_access_epoch AFTER UPDATE OF status, name, enterprise_number ON customers
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN ((OLD.status, OLD.name, OLD.enterprise_number) IS DISTINCT FROM (NEW.status, NEW.name, NEW.enterprise_number))
      EXECUTE FUNCTION bump_access_epoch()`,
    sql`CREATE CONSTRAINT TRIGGER sessions_access_epoch AFTER UPDATE OF revoked_at, expires_at ON sessions
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
      EXECUTE FUNCTION bump_access_epoch()`,
    // PL/pgSQL rather than SQL: a SQL function called per row is planned again on every call.
    sql`CREATE FUNCTION customer_active_apps(p_customer uuid) RETURNS json LANGUAGE plpgsql STABLE
      SET plan_cache_mode = force_generic_plan AS $$
      BEGIN
        RETURN (SELECT coalesce(json_agg(ca.app ORDER BY ca.app), '[]'::json)
          FROM customer_apps ca WHERE ca.customer_id = p_customer AND ca.deactivated_at IS NULL);
      END
    $$`,
    sql`CREATE FUNCTION access_context(p_user uuid, p_session uuid, p_now timestamptz, p_today date) RETURNS json
      LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
      BEGIN
        RETURN (
          SELECT json_build_object(
            'epoch', (SELECT e.version FROM access_epoch e),
            'userId', u.id,
            'userStatus', u.status,
            'isOperator', u.is_operator,
            'sessionValid', (s.revoked_at IS NULL AND s.expires_at > p_now),
            'sessionExpiresAt', s.expires_at,
            'memberships', coalesce((
              SELECT json_agg(json_build_object(
                'customerId', m.customer_id,
                'profile', m.profile,
                'subProfiles', to_json(m.sub_profiles),
                'apps', customer_active_apps(m.customer_id),
                -- Positional [app, actions, billing accounts, cost centres]: a user may hold many grants,
                -- and the keys repeated on each were most of the bytes parsed on a cache miss.
                'grants', coalesce((
                  SELECT json_agg(json_build_array(g.app, g.actions, g.billing_account_ids, g.cost_centre_ids) ORDER BY g.app)
                  FROM grants g WHERE g.membership_id = m.id), '[]'::json),
                'affiliates', CASE WHEN m.profile = 'access_owner' THEN coalesce((
                  SELECT json_agg(json_build_object('customerId', al.affiliate_id, 'apps', customer_active_apps(al.affiliate_id)) ORDER BY al.affiliate_id)
                  FROM affiliate_links al JOIN customers a ON a.id = al.affiliate_id
                  WHERE al.customer_id = m.customer_id AND al.status = 'active' AND a.status = 'active'), '[]'::json)
                  ELSE '[]'::json END
              ) ORDER BY m.customer_id)
              FROM memberships m JOIN customers c ON c.id = m.customer_id
              WHERE m.user_id = u.id AND m.status = 'active' AND c.status = 'active'
                AND (m.employment_end IS NULL OR m.employment_end >= p_today)), '[]'::json),
            'delegations', coalesce((
              SELECT json_agg(json_build_object(
                'delegationId', d.id, 'customerId', d.customer_id, 'partnerId', d.partner_id, 'rights', d.rights,
                'billingAccountIds', to_json(d.billing_account_ids), 'costCentreIds', to_json(d.cost_centre_ids),
                'apps', customer_active_apps(d.customer_id), 'endsAt', d.ends_at
              ) ORDER BY d.id)
              FROM delegation_users du
              JOIN delegations d ON d.id = du.delegation_id
              JOIN customers c ON c.id = d.customer_id
              JOIN customers p ON p.id = d.partner_id
              JOIN memberships pm ON pm.customer_id = d.partner_id AND pm.user_id = du.user_id
              WHERE du.user_id = u.id AND d.status = 'active' AND d.starts_at <= p_now AND d.ends_at > p_now
                AND c.status = 'active' AND p.status = 'active' AND pm.status = 'active'
                AND (pm.employment_end IS NULL OR pm.employment_end >= p_today)), '[]'::json),
            'nextDelegationStart', (
              SELECT min(d.starts_at) FROM delegation_users du JOIN delegations d ON d.id = du.delegation_id
              WHERE du.user_id = u.id AND d.status = 'active' AND d.starts_at > p_now)
          )
          FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = p_session AND s.user_id = p_user
        );
      END
    $$`,
  ];
  for (const statement of statements) await statement.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS access_context(uuid, uuid, timestamptz, date)`.execute(db);
  await sql`DROP FUNCTION IF EXISTS customer_active_apps(uuid)`.execute(db);
  for (const table of ['memberships', 'grants', 'affiliate_links', 'delegations', 'delegation_users', 'customer_apps', 'users', 'customers', 'sessions']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${table}_access_epoch`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS bump_access_epoch()`.execute(db);
  await sql`DROP TABLE IF EXISTS access_epoch`.execute(db);
}
