import { sql, type Kysely } from 'kysely';

/**
 * The access context is read per request and without a cache, straight from the tables, so nothing
 * derived has to be kept in step with them any more:
 * - `access_context()` is written anew as the one place the rules of "what gives this user access
 *   today" live (server/src/modules/access/access.repo.ts calls it for the gate and for "why can
 *   this user see this?"), with named fields instead of positional tuples. It is PL/pgSQL because
 *   PL/pgSQL keeps the plan of its query per connection: planning the joins took longer than
 *   running them, and this runs on every request;
 * - `membership_gives_access()` and `delegation_in_force()` say once what a valid membership and a
 *   delegation in force are; PostgreSQL inlines them, and every other query uses them too
 *   (server/src/lib/access-sql.ts);
 * - `access_epoch`, its triggers and their function go: no process keeps an ability between requests,
 *   so there is no version to compare with, and access-changing commits no longer queue on one row;
 * - `customers.active_apps` and `grants`/`delegations`.`access_tuple` go with the triggers that
 *   maintained them: customer_apps, grants and delegations are read as they are.
 * Forward only, like the schema.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION access_context(uuid, uuid, timestamptz, date)`.execute(db);

  for (const table of ['memberships', 'grants', 'affiliate_links', 'delegations', 'delegation_users', 'customer_apps', 'users', 'customers', 'sessions']) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_access_epoch`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION bump_access_epoch()`.execute(db);
  await sql`DROP TABLE access_epoch`.execute(db);

  await sql`DROP TRIGGER customer_apps_active_apps ON customer_apps`.execute(db);
  await sql`DROP FUNCTION customer_apps_changed()`.execute(db);
  await sql`DROP FUNCTION sync_customer_active_apps(uuid)`.execute(db);
  await sql`ALTER TABLE customers DROP COLUMN active_apps`.execute(db);

  await sql`DROP TRIGGER grants_access_tuple ON grants`.execute(db);
  await sql`DROP FUNCTION grants_access_tuple()`.execute(db);
  await sql`ALTER TABLE grants DROP COLUMN access_tuple`.execute(db);
  await sql`DROP TRIGGER delegations_access_tuple ON delegations`.execute(db);
  await sql`DROP FUNCTION delegations_access_tuple()`.execute(db);
  await sql`ALTER TABLE delegations DROP COLUMN access_tuple`.execute(db);

  // ROLE-7, ACC-5: an active membership whose employment has not ended on the Brussels date `p_today`.
  await sql`CREATE FUNCTION membership_gives_access(p_status text, p_employment_end date, p_today date) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT p_status = 'active' AND (p_employment_end IS NULL OR p_employment_end >= p_today) $$`.execute(db);
  // DLG-3: an active delegation within its validity at `p_now`.
  await sql`CREATE FUNCTION delegation_in_force(p_status text, p_starts_at timestamptz, p_ends_at timestamptz, p_now timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT p_status = 'active' AND p_starts_at <= p_now AND p_ends_at > p_now $$`.execute(db);

  /*
   * Everything the ability of `p_user` is built from, as it stands at `p_now`: the user; whether
   * `p_session` is his and open; his memberships that give access at active customers, with their
   * grants and, for the profiles in `p_affiliate_profiles`, the customer's active affiliates
   * (DLG-1); the delegations in force assigned to him while both customers are active and his own
   * membership at the partner still gives access (DLG-2..4). Each with the customer's active apps,
   * and every list ordered, so the same data gives the same rules. Null when there is no such user.
   */
  await sql`CREATE FUNCTION access_context(p_user uuid, p_session uuid, p_now timestamptz, p_today date, p_affiliate_profiles text[])
    RETURNS json LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
    BEGIN
      RETURN (
        SELECT json_build_object(
          'userId', u.id,
          'email', u.email,
          'name', trim(u.first_name || ' ' || u.last_name),
          'status', u.status,
          'isOperator', u.is_operator,
          'sessionOpen', EXISTS (
            SELECT FROM sessions s
            WHERE s.id = p_session AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > p_now),
          'memberships', coalesce((
            SELECT json_agg(json_build_object(
              'customerId', m.customer_id,
              'profile', m.profile,
              'subProfiles', m.sub_profiles,
              'apps', array(SELECT ca.app FROM customer_apps ca
                WHERE ca.customer_id = m.customer_id AND ca.deactivated_at IS NULL ORDER BY ca.app),
              'grants', coalesce((
                SELECT json_agg(json_build_object(
                  'app', g.app, 'actions', g.actions,
                  'billingAccountIds', g.billing_account_ids, 'costCentreIds', g.cost_centre_ids) ORDER BY g.app)
                FROM grants g WHERE g.membership_id = m.id), '[]'),
              'affiliates', coalesce((
                SELECT json_agg(json_build_object(
                  'customerId', al.affiliate_id,
                  'apps', array(SELECT ca.app FROM customer_apps ca
                    WHERE ca.customer_id = al.affiliate_id AND ca.deactivated_at IS NULL ORDER BY ca.app)) ORDER BY al.affiliate_id)
                FROM affiliate_links al JOIN customers a ON a.id = al.affiliate_id
                WHERE m.profile = ANY (p_affiliate_profiles) AND al.customer_id = m.customer_id
                  AND al.status = 'active' AND a.status = 'active'), '[]')
            ) ORDER BY m.customer_id)
            FROM memberships m JOIN customers c ON c.id = m.customer_id
            WHERE m.user_id = u.id AND membership_gives_access(m.status, m.employment_end, p_today) AND c.status = 'active'), '[]'),
          'delegations', coalesce((
            SELECT json_agg(json_build_object(
              'delegationId', d.id,
              'customerId', d.customer_id,
              'partnerId', d.partner_id,
              'rights', d.rights,
              'billingAccountIds', d.billing_account_ids,
              'costCentreIds', d.cost_centre_ids,
              'apps', array(SELECT ca.app FROM customer_apps ca
                WHERE ca.customer_id = d.customer_id AND ca.deactivated_at IS NULL ORDER BY ca.app)) ORDER BY d.id)
            FROM delegation_users du
            JOIN delegations d ON d.id = du.delegation_id
            JOIN customers c ON c.id = d.customer_id
            JOIN customers p ON p.id = d.partner_id
            JOIN memberships pm ON pm.customer_id = d.partner_id AND pm.user_id = du.user_id
            WHERE du.user_id = u.id AND delegation_in_force(d.status, d.starts_at, d.ends_at, p_now)
              AND c.status = 'active' AND p.status = 'active'
              AND membership_gives_access(pm.status, pm.employment_end, p_today)), '[]')
        )
        FROM users u WHERE u.id = p_user
      );
    END
    $$`.execute(db);
}
