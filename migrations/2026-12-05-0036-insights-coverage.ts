import { sql, type Kysely } from 'kysely';

/**
 * INS-1: Invoice Insights covers the billing accounts that existed when it was activated, and
 * later ones whose access request operator staff approved. Its figures already kept to them, but
 * an Insights right also opens the invoices and usage the figures are made of, and those did not:
 * a later account's invoices were readable through an Insights right alone. The access context
 * now carries the covered accounts with every membership and delegation holding an Insights right,
 * as it does for Fleet Manager (PFM-2), and the ability narrows such a right to them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
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
              'insightsCoverage', CASE WHEN EXISTS (SELECT FROM grants g WHERE g.membership_id = m.id AND g.app = 'insights')
                THEN app_covered_accounts(m.customer_id, 'insights') END,
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
              'insightsCoverage', CASE WHEN d.rights::jsonb @> '[{"app": "insights"}]'
                THEN app_covered_accounts(d.customer_id, 'insights') END,
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

/** Back to the access context of 2026-12-05-0033 (Fleet Manager coverage only). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
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
