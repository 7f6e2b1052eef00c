import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AccessContext, GrantRight } from '@mandate/authz/access-context';
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

interface AccessContextRow {
  epoch: number;
  userId: string;
  userStatus: string;
  isOperator: boolean;
  sessionValid: boolean;
  sessionExpiresAt: string;
  memberships: Array<Omit<AccessContext['memberships'][number], 'grants'> & { grants: GrantTuple[] }>;
  delegations: Array<AccessContext['delegations'][number] & { endsAt: string }>;
  nextDelegationStart: string | null;
}

/**
 * Everything the ability is built from, in one round trip through the `access_context` function
 * (migrations/2026-11-24-0002): the session, the user, his memberships that still give access
 * (active customer, active membership, employment not ended: ACC-5, ROLE-7), their grants and
 * affiliate links, and the delegations he exercises (active, within validity, and he still
 * belongs to the partner: DLG-3/4). Every list is ordered, so the same data gives the same rules.
 */
export async function loadPrincipal(db: Kysely<DB>, userId: string, sessionId: string, now: Date): Promise<SessionPrincipal | null> {
  const today = brusselsDate(now);
  const { rows } = await sql<{ ctx: AccessContextRow | null }>`
    SELECT access_context(${userId}::uuid, ${sessionId}::uuid, ${now}::timestamptz, ${today}::date) AS ctx`.execute(db);
  const row = rows[0]?.ctx;
  if (!row) return null;
  const bounds = [Date.parse(row.sessionExpiresAt), ...row.delegations.map((d) => Date.parse(d.endsAt))];
  if (row.nextDelegationStart) bounds.push(Date.parse(row.nextDelegationStart));
  return {
    userId: row.userId,
    sessionId,
    userStatus: row.userStatus,
    sessionValid: row.sessionValid,
    epoch: Number(row.epoch),
    today,
    validUntil: new Date(Math.min(...bounds)),
    context: {
      userId: row.userId,
      isOperator: row.isOperator,
      memberships: row.memberships.map((m) => ({
        ...m,
        grants: m.grants.map(([app, actions, billingAccountIds, costCentreIds]) => ({ app, actions, billingAccountIds, costCentreIds })),
      })),
      delegations: row.delegations.map(({ endsAt: _endsAt, ...d }) => d),
    },
  };
}

/** The current access epoch: it changes with every commit that can change somebody's access. */
export async function readAccessEpoch(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('access_epoch').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}
