import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AccessContext, DelegationContext, GrantRight, MembershipContext } from '@mandate/authz/access-context';
import type { App } from '@mandate/domain/profiles';
import { brusselsDate } from '@mandate/domain/dates';

export interface SessionPrincipal {
  userId: string;
  sessionId: string;
  userStatus: string;
  sessionValid: boolean;
  context: AccessContext;
  /** The access epoch the context was read at (same snapshot). */
  epoch: number;
  /** The Brussels business date the context was read for (employment ends are by day, ROLE-7). */
  today: string;
  /** The context stays true until this instant at the latest (session end, a delegation's end or start). */
  validUntil: Date;
}

/** [app, actions, billingAccountIds, costCentreIds], as access_context() returns grants. */
type GrantTuple = [GrantRight['app'], GrantRight['actions'], string[], string[]];
/** [customerId, profile, subProfiles, apps, grants, affiliates as [customerId, apps] (an AO's only)]. */
type MembershipTuple = [string, MembershipContext['profile'], MembershipContext['subProfiles'], App[], GrantTuple[], Array<[string, App[]]>];
/** [[delegationId, customerId, partnerId, rights, billingAccountIds, costCentreIds, endsAt] (the row's access_tuple), the delegating customer's apps]. */
type DelegationTuple = [[string, string, string, DelegationContext['rights'], string[], string[], string], App[]];

interface AccessContextRow {
  epoch: number;
  userId: string;
  userStatus: string;
  isOperator: boolean;
  sessionValid: boolean;
  sessionExpiresAt: string;
  memberships: MembershipTuple[];
  delegations: DelegationTuple[];
  nextDelegationStart: string | null;
}

/**
 * Everything the ability is built from, in one round trip through the `access_context` function
 * (migrations 0002, 0017 and 0018): the session, the user, his memberships that still give access
 * (active customer, active membership, employment not ended: ACC-5, ROLE-7), their grants and
 * affiliate links, and the delegations he exercises (active, within validity, and he still
 * belongs to the partner: DLG-3/4). Every list is ordered, so the same data gives the same rules.
 *
 * The objects are built field by field (no spreads): this runs on every cache miss, and objects
 * copied with spread syntax were kept alive by V8 past the request (see server/src/runtime.ts).
 */
export async function loadPrincipal(db: Kysely<DB>, userId: string, sessionId: string, now: Date): Promise<SessionPrincipal | null> {
  const today = brusselsDate(now);
  const { rows } = await sql<{ ctx: AccessContextRow | null }>`
    SELECT access_context(${userId}::uuid, ${sessionId}::uuid, ${now}::timestamptz, ${today}::date) AS ctx`.execute(db);
  const row = rows[0]?.ctx;
  if (!row) return null;
  let validUntil = Date.parse(row.sessionExpiresAt);
  const delegations: DelegationContext[] = [];
  for (const [[delegationId, customerId, partnerId, rights, billingAccountIds, costCentreIds, endsAt], apps] of row.delegations) {
    validUntil = Math.min(validUntil, Date.parse(endsAt));
    delegations.push({ delegationId, customerId, partnerId, rights, billingAccountIds, costCentreIds, apps });
  }
  if (row.nextDelegationStart) validUntil = Math.min(validUntil, Date.parse(row.nextDelegationStart));
  const memberships: MembershipContext[] = [];
  for (const [customerId, profile, subProfiles, apps, grants, affiliates] of row.memberships) {
    memberships.push({
      customerId,
      profile,
      subProfiles,
      apps,
      grants: grants.map(([app, actions, billingAccountIds, costCentreIds]) => ({ app, actions, billingAccountIds, costCentreIds })),
      affiliates: affiliates.map(([id, affiliateApps]) => ({ customerId: id, apps: affiliateApps })),
    });
  }
  return {
    userId: row.userId,
    sessionId,
    userStatus: row.userStatus,
    sessionValid: row.sessionValid,
    epoch: Number(row.epoch),
    today,
    validUntil: new Date(validUntil),
    context: { userId: row.userId, isOperator: row.isOperator, memberships, delegations },
  };
}

/** The current access epoch: it changes with every commit that can change somebody's access. */
export async function readAccessEpoch(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('access_epoch').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}
