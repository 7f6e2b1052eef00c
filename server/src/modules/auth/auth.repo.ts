import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').select(['id', 'password_hash', 'status']).where('email', '=', email).executeTakeFirst();
}

export async function createSession(db: Kysely<DB>, s: { userId: string; expiresAt: Date; ip: string; userAgent: string | null; now: Date }) {
  const row = await db
    .insertInto('sessions')
    .values({ user_id: s.userId, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent, created_at: s.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('users').set({ last_login_at: s.now }).where('id', '=', s.userId).execute();
  // ACC-4 counts inactivity per customer: a sign-in of one of its users is activity.
  await db
    .updateTable('customers')
    .set({ last_activity_at: s.now })
    .where('id', 'in', (eb) => eb.selectFrom('memberships').select('customer_id').where('user_id', '=', s.userId).where('status', '=', 'active'))
    .execute();
  return row.id;
}

export async function insertRefreshToken(db: Kysely<DB>, t: { tokenHash: string; sessionId: string; expiresAt: Date; now: Date }) {
  await db.insertInto('refresh_tokens').values({ token_hash: t.tokenHash, session_id: t.sessionId, expires_at: t.expiresAt, created_at: t.now }).execute();
}

/** The refresh token with its session, locked so two concurrent refreshes cannot both rotate it. */
export function findRefreshTokenForUpdate(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens as t')
    .innerJoin('sessions as s', 's.id', 't.session_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['t.session_id as sessionId', 't.used_at as usedAt', 't.expires_at as expiresAt', 's.user_id as userId', 's.revoked_at as revokedAt', 's.expires_at as sessionExpiresAt', 'u.status as userStatus'])
    .where('t.token_hash', '=', tokenHash)
    .forUpdate('t')
    .executeTakeFirst();
}

export async function markRefreshTokenUsed(db: Kysely<DB>, tokenHash: string, now: Date) {
  await db.updateTable('refresh_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function revokeSession(db: Kysely<DB>, sessionId: string, reason: string, now: Date) {
  const res = await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
