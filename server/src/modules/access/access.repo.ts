import { sql, type Kysely, type RawBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@mandate/db/database.types';
import type { AccessContext, DelegationContext, GrantRight, MembershipContext } from '@mandate/authz/access-context';
import { AFFILIATE_PROFILES } from '@mandate/authz/profile-access';
import type { App } from '@mandate/domain/profiles';
import { brusselsDate } from '@mandate/domain/dates';
import { delegationInForce, isActive, membershipGivesAccess } from '../../lib/access-sql.ts';

export interface LoadedAccess {
  user: { id: string; email: string; name: string; status: string };
  /** The session named is the user's, not revoked and not expired at `now` (false when none was named). */
  sessionOpen: boolean;
  context: AccessContext;
}

/** The apps a customer subscribed to and still has, sorted (the same data gives the same rules). */
const activeApps = (customerIdColumn: string): RawBuilder<App[]> =>
  sql<App[]>`coalesce((SELECT array_agg(ca.app ORDER BY ca.app) FROM customer_apps ca
    WHERE ca.customer_id = ${sql.ref(customerIdColumn)} AND ca.deactivated_at IS NULL), '{}')`;

/**
 * Everything the ability of `userId` is built from, as it stands at `now` (DESIGN.md §1, §4): the
 * user, the session when one is named, and what gives him access today —
 * - his memberships that give access (ROLE-7, ACC-5) at active customers, each with its grants
 *   and, for the AFFILIATE_PROFILES, the customer's active affiliates (DLG-1);
 * - the delegations in force assigned to him (DLG-2..4), while both customers are active and his
 *   own membership at the partner still gives access.
 * Each with the customer's active apps. One query; read per request by the gate and by "why can
 * this user see this?", so both follow the same rules. Null when there is no such user.
 */
export async function loadAccessContext(db: Kysely<DB>, userId: string, sessionId: string | null, now: Date): Promise<LoadedAccess | null> {
  const today = brusselsDate(now);
  const row = await db
    .selectFrom('users as u')
    .where('u.id', '=', userId)
    .select((eb) => [
      'u.id', 'u.email', 'u.status', 'u.is_operator as isOperator',
      sql<string>`trim(u.first_name || ' ' || u.last_name)`.as('name'),
      eb.exists(
        eb.selectFrom('sessions as s')
          .select('s.id')
          .where('s.id', '=', sessionId ?? sql<string>`NULL`) // none named: none is open
          .whereRef('s.user_id', '=', 'u.id')
          .where('s.revoked_at', 'is', null)
          .where('s.expires_at', '>', now),
      ).as('sessionOpen'),
      jsonArrayFrom(
        eb.selectFrom('memberships as m')
          .innerJoin('customers as c', 'c.id', 'm.customer_id')
          .whereRef('m.user_id', '=', 'u.id')
          .where(membershipGivesAccess('m', today))
          .where(isActive('c'))
          .select((m) => [
            'm.customer_id as customerId', 'm.profile', 'm.sub_profiles as subProfiles',
            activeApps('m.customer_id').as('apps'),
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
                .where('m.profile', 'in', AFFILIATE_PROFILES)
                .where(isActive('al'))
                .where(isActive('a'))
                .select(['al.affiliate_id as customerId', activeApps('al.affiliate_id').as('apps')])
                .orderBy('al.affiliate_id'),
            ).as('affiliates'),
          ])
          .orderBy('m.customer_id'),
      ).as('memberships'),
      jsonArrayFrom(
        eb.selectFrom('delegation_users as du')
          .innerJoin('delegations as d', 'd.id', 'du.delegation_id')
          .innerJoin('customers as c', 'c.id', 'd.customer_id')
          .innerJoin('customers as p', 'p.id', 'd.partner_id')
          .innerJoin('memberships as pm', (j) => j.onRef('pm.customer_id', '=', 'd.partner_id').onRef('pm.user_id', '=', 'du.user_id'))
          .whereRef('du.user_id', '=', 'u.id')
          .where(delegationInForce('d', now))
          .where(isActive('c'))
          .where(isActive('p'))
          .where(membershipGivesAccess('pm', today))
          .select([
            'd.id as delegationId', 'd.customer_id as customerId', 'd.partner_id as partnerId', 'd.rights',
            'd.billing_account_ids as billingAccountIds', 'd.cost_centre_ids as costCentreIds',
            activeApps('d.customer_id').as('apps'),
          ])
          .orderBy('d.id'),
      ).as('delegations'),
    ])
    .executeTakeFirst();
  if (!row) return null;
  return {
    user: { id: row.id, email: row.email, name: row.name, status: row.status },
    sessionOpen: Boolean(row.sessionOpen),
    context: {
      userId: row.id,
      isOperator: row.isOperator,
      memberships: row.memberships as Array<Omit<MembershipContext, 'grants'> & { grants: GrantRight[] }>,
      delegations: row.delegations as unknown as DelegationContext[],
    },
  };
}
