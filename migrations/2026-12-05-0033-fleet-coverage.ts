import { sql, type Kysely } from 'kysely';

/**
 * PFM-2: Fleet Manager covers the mobile billing accounts that existed when it was activated, and
 * later ones whose access request operator staff approved (as Invoice Insights does, INS-1).
 * Whoever holds a Fleet Manager right sees its data only on those accounts, whatever the right's
 * scope says, so the access context now carries the covered accounts with every membership and
 * delegation that holds such a right (null otherwise: nothing to narrow, nothing to compute).
 * `app_covered_accounts()` says once what "covered" means.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  /*
   * The billing accounts `p_app` covers at `p_customer`, ordered: none while the app is not active;
   * else those created at or before its activation and those with an approved access request.
   * Fleet Manager manages the mobile fleet (PFM-1), so only mobile accounts count for it.
   */
  await sql`CREATE FUNCTION app_covered_accounts(p_customer uuid, p_app text) RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
      SELECT coalesce(array_agg(ba.id ORDER BY ba.id), '{}')
      FROM billing_accounts ba
      JOIN customer_apps ca ON ca.customer_id = ba.customer_id AND ca.app = p_app AND ca.deactivated_at IS NULL
      WHERE ba.customer_id = p_customer
        AND (p_app <> 'fleet-manager' OR ba.type = 'mobile')
        AND (ba.created_at <= ca.activated_at OR EXISTS (
          SELECT FROM app_access_requests ar
          WHERE ar.customer_id = ba.customer_id AND ar.billing_account_id = ba.id AND ar.app = p_app AND ar.status = 'approved'))
    $$`.execute(db);

  await sql`CREATE OR REPLACE FUNCTION access_context(p_user uuid, p_session uuid, p_now timestamptz, p_today date, p_affiliate_profiles text[])
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
              'fleetCoverage', CASE WHEN EXISTS (SELECT FROM grants g WHERE g.membership_id = m.id AND g.app = 'fleet-manager')
                THEN app_covered_accounts(m.customer_id, 'fleet-manager') END,
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
              'fleetCoverage', CASE WHEN d.rights::jsonb @> '[{"app": "fleet-manager"}]'
                THEN app_covered_accounts(d.customer_id, 'fleet-manager') END,
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

