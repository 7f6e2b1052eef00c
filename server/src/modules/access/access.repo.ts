import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@mandate/db/database.types';
import type { AccessContext } from '@mandate/authz/access-context';
import { brusselsDate } from '@mandate/domain/dates';

export interface SessionPrincipal {
  userId: string;
  sessionId: string;
  userStatus: string;
  sessionValid: boolean;
  context: AccessContext;
}

const activeApps = (db: Kysely<DB>, customerId: ReturnType<typeof sql.ref>) =>
  sql<string[]>`coalesce((SELECT array_agg(ca.app ORDER BY ca.app) FROM customer_apps ca
    WHERE ca.customer_id = ${customerId} AND ca.deactivated_at IS NULL), '{}')`;

/**
 * Everything the ability is built from, in one round trip (revocation is immediate, DESIGN.md §4):
 * the session, the user, his memberships that still give access (active customer, active
 * membership, employment not ended: ACC-5, ROLE-7), their grants and affiliate links, and the
 * delegations he exercises (active, within validity, and he still belongs to the partner: DLG-3/4).
 * Every list is ordered, so the same data always gives the same rules (and the same SQL).
 */
export async function loadPrincipal(db: Kysely<DB>, userId: string, sessionId: string, now: Date): Promise<SessionPrincipal | null> {
  const today = brusselsDate(now);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .where('s.id', '=', sessionId)
    .where('s.user_id', '=', userId)
    .select((eb) => [
      'u.id as userId',
      'u.status as userStatus',
      'u.is_operator as isOperator',
      eb.and([eb('s.revoked_at', 'is', null), eb('s.expires_at', '>', now)]).as('sessionValid'),
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .innerJoin('customers as c', 'c.id', 'm.customer_id')
          .whereRef('m.user_id', '=', 'u.id')
          .where('m.status', '=', 'active')
          .where('c.status', '=', 'active')
          .where((w) => w.or([w('m.employment_end', 'is', null), w('m.employment_end', '>=', today)]))
          .select((m) => [
            'm.customer_id as customerId',
            'm.profile',
            'm.sub_profiles as subProfiles',
            activeApps(db, sql.ref('m.customer_id')).as('apps'),
            jsonArrayFrom(
              m.selectFrom('grants as g')
                .whereRef('g.membership_id', '=', 'm.id')
                .select(['g.app', 'g.actions', 'g.billing_account_ids as billingAccountIds', 'g.cost_centre_ids as costCentreIds'])
                .orderBy('g.app'),
            ).as('grants'),
            jsonArrayFrom(
              m.selectFrom('affiliate_links as al')
                .innerJoin('customers as a', 'a.id', 'al.affiliate_id')
                .whereRef('al.customer_id', '=', 'm.customer_id')
                .where('al.status', '=', 'active')
                .where('a.status', '=', 'active')
                .where('m.profile', '=', 'access_owner')
                .select(['al.affiliate_id as customerId', activeApps(db, sql.ref('al.affiliate_id')).as('apps')])
                .orderBy('al.affiliate_id'),
            ).as('affiliates'),
          ])
          .orderBy('m.customer_id'),
      ).as('memberships'),
      jsonArrayFrom(
        eb
          .selectFrom('delegation_users as du')
          .innerJoin('delegations as d', 'd.id', 'du.delegation_id')
          .innerJoin('customers as c', 'c.id', 'd.customer_id')
          .innerJoin('customers as p', 'p.id', 'd.partner_id')
          .innerJoin('memberships as pm', (j) => j.onRef('pm.customer_id', '=', 'd.partner_id').onRef('pm.user_id', '=', 'du.user_id'))
          .whereRef('du.user_id', '=', 'u.id')
          .where('d.status', '=', 'active')
          .where('d.starts_at', '<=', now)
          .where('d.ends_at', '>', now)
          .where('c.status', '=', 'active')
          .where('p.status', '=', 'active')
          .where('pm.status', '=', 'active')
          .where((w) => w.or([w('pm.employment_end', 'is', null), w('pm.employment_end', '>=', today)]))
          .select([
            'd.id as delegationId',
            'd.customer_id as customerId',
            'd.partner_id as partnerId',
            'd.rights',
            'd.billing_account_ids as billingAccountIds',
            'd.cost_centre_ids as costCentreIds',
            activeApps(db, sql.ref('d.customer_id')).as('apps'),
          ])
          .orderBy('d.id'),
      ).as('delegations'),
    ])
    .executeTakeFirst();
  if (!row) return null;
  return {
    userId: row.userId,
    sessionId,
    userStatus: row.userStatus,
    sessionValid: Boolean(row.sessionValid),
    context: {
      userId: row.userId,
      isOperator: row.isOperator,
      memberships: row.memberships as unknown as AccessContext['memberships'],
      delegations: row.delegations as unknown as AccessContext['delegations'],
    },
  };
}
