import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AccessContext, DelegationContext, MembershipContext } from '@mandate/authz/access-context';
import { AFFILIATE_PROFILES } from '@mandate/authz/profile-access';
import { brusselsDate } from '@mandate/domain/dates';

export interface LoadedAccess {
  user: { id: string; email: string; name: string; status: string };
  /** The session named is the user's, not revoked and not expired at `now` (false when none was named). */
  sessionOpen: boolean;
  context: AccessContext;
}

/** What `access_context()` answers: named fields, in the shape of the access context. */
interface AccessContextRow {
  userId: string;
  email: string;
  name: string;
  status: string;
  isOperator: boolean;
  sessionOpen: boolean;
  memberships: MembershipContext[];
  delegations: DelegationContext[];
}

/**
 * Everything the ability of `userId` is built from, as it stands at `now` (DESIGN.md §1, §4): the
 * user, whether `sessionId` is his open session, his memberships that give access with their
 * grants and affiliates, and the delegations in force assigned to him. The rules are the SQL
 * function `access_context()` (migration 0019), one round trip with a plan PostgreSQL keeps; the
 * gate reads it on every request and "why can this user see this?" reads the same. Null when
 * there is no such user.
 */
export async function loadAccessContext(db: Kysely<DB>, userId: string, sessionId: string | null, now: Date): Promise<LoadedAccess | null> {
  const { rows } = await sql<{ ctx: AccessContextRow | null }>`
    SELECT access_context(${userId}::uuid, ${sessionId}::uuid, ${now}::timestamptz, ${brusselsDate(now)}::date, ${AFFILIATE_PROFILES}::text[]) AS ctx`
    .execute(db);
  const row = rows[0]?.ctx;
  if (!row) return null;
  return {
    user: { id: row.userId, email: row.email, name: row.name, status: row.status },
    sessionOpen: row.sessionOpen,
    context: { userId: row.userId, isOperator: row.isOperator, memberships: row.memberships, delegations: row.delegations },
  };
}
