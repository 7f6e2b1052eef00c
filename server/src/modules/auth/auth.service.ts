import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { Deps } from '../../lib/deps.ts';
import type { AccessTokenPayload } from '../../types.ts';
import { verifyPassword } from '../../lib/passwords.ts';
import { HttpProblem, unauthorized } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import {
  createSession, findRefreshTokenForUpdate, findUserByEmail, insertRefreshToken, markRefreshTokenUsed, revokeSession,
} from './auth.repo.ts';

export interface Tokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** What the auth service uses: the usual dependencies and the signer of access tokens. */
export interface AuthDeps extends Deps {
  signAccessToken: (payload: AccessTokenPayload) => string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

function signAccessToken(deps: AuthDeps, userId: string, sessionId: string) {
  const iat = Math.floor(deps.clock.now().getTime() / 1000);
  const ttl = deps.config.accessTokenTtlSeconds;
  return { accessToken: deps.signAccessToken({ sub: userId, sid: sessionId, iat, exp: iat + ttl }), expiresIn: ttl };
}

async function issueRefreshToken(deps: AuthDeps, trx: Kysely<DB>, sessionId: string, sessionExpiresAt: Date) {
  const refreshToken = randomBytes(32).toString('base64url');
  await insertRefreshToken(trx, { tokenHash: sha256(refreshToken), sessionId, expiresAt: sessionExpiresAt, now: deps.clock.now() });
  return { refreshToken, refreshExpiresAt: sessionExpiresAt };
}

const invalidCredentials = () => new HttpProblem(401, 'invalid_credentials', 'Unauthorized', 'The e-mail address or the password is wrong.');

/** Same answer for an unknown e-mail and a wrong password; argon2 runs in both cases. */
export async function login(deps: AuthDeps, email: string, password: string, meta: { ip: string; userAgent: string | null }): Promise<Tokens> {
  const user = await findUserByEmail(deps.db, email.trim().toLowerCase());
  const ok = await verifyPassword(user?.password_hash, password);
  if (!user || !ok) throw invalidCredentials();
  if (user.status === 'suspended') throw new HttpProblem(403, 'account_suspended', 'Forbidden', 'This account is suspended. Contact your administrator.');
  if (user.status !== 'active') throw invalidCredentials();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlSeconds * 1000);
  return deps.db.transaction().execute(async (trx) => {
    const sessionId = await createSession(trx, { userId: user.id, expiresAt, ip: meta.ip, userAgent: meta.userAgent, now });
    await appendAudit(trx, { at: now, actorUserId: user.id, action: 'auth.login', targetType: 'session', targetId: sessionId, ip: meta.ip });
    return { ...signAccessToken(deps, user.id, sessionId), ...(await issueRefreshToken(deps, trx, sessionId, expiresAt)) };
  });
}

/**
 * A refresh token used again this soon after its first use is the same browser asking twice (a
 * reload while the page's first refresh was under way, two tabs opening at once), not a thief:
 * it gets tokens of its own in the same session. Later, a second use means the token leaked.
 */
const REFRESH_REUSE_GRACE_MS = 10_000;

/**
 * Rotates the refresh token. A token that was already used (after the grace above) means it
 * leaked: the whole session (the token family) is revoked and every token of it stops working.
 */
export async function refresh(deps: AuthDeps, refreshToken: string, ip: string): Promise<Tokens> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const token = await findRefreshTokenForUpdate(trx, sha256(refreshToken));
    if (!token) return { error: 'invalid_refresh_token' as const };
    const withinGrace = token.usedAt !== null && now.getTime() - new Date(token.usedAt).getTime() <= REFRESH_REUSE_GRACE_MS;
    if (token.usedAt && !withinGrace) {
      if (await revokeSession(trx, token.sessionId, 'refresh_token_reused', now)) {
        await appendAudit(trx, { at: now, actorUserId: token.userId, action: 'auth.refresh_token_reused', targetType: 'session', targetId: token.sessionId, ip });
      }
      return { error: 'refresh_token_reused' as const };
    }
    if (token.revokedAt || token.sessionExpiresAt <= now || token.expiresAt <= now) return { error: 'session_ended' as const };
    if (token.userStatus !== 'active') return { error: 'account_suspended' as const };
    if (!withinGrace) await markRefreshTokenUsed(trx, sha256(refreshToken), now);
    return { tokens: { ...signAccessToken(deps, token.userId, token.sessionId), ...(await issueRefreshToken(deps, trx, token.sessionId, token.sessionExpiresAt)) } };
  });
  if ('error' in outcome) throw unauthorized(outcome.error, 'Sign in again.');
  return outcome.tokens;
}

/** Ends the session named by the refresh cookie or by the access token; idempotent. */
export async function logout(deps: AuthDeps, by: { refreshToken?: string | undefined; sessionId?: string | undefined; userId?: string | undefined }, ip: string) {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    let sessionId = by.sessionId;
    let userId = by.userId ?? null;
    if (!sessionId && by.refreshToken) {
      const token = await findRefreshTokenForUpdate(trx, sha256(by.refreshToken));
      sessionId = token?.sessionId;
      userId = token?.userId ?? null;
    }
    if (sessionId && (await revokeSession(trx, sessionId, 'logout', now))) {
      await appendAudit(trx, { at: now, actorUserId: userId, action: 'auth.logout', targetType: 'session', targetId: sessionId, ip });
    }
  });
}
