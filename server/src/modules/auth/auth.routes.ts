import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LoginBody, TokenResponse } from '@mandate/contracts/auth';
import { Problem } from '@mandate/contracts/common';
import { depsOf } from '../../lib/deps.ts';
import { HttpProblem, unauthorized } from '../../lib/problem.ts';
import type { AccessTokenPayload } from '../../types.ts';
import { login, logout, refresh, type AuthDeps, type Tokens } from './auth.service.ts';
import { refuseCrossSite } from './same-origin.ts';
import { countedThrottle, throttle, type Limiter } from './throttle.ts';

const REFRESH_COOKIE = 'mandate_refresh';
const COOKIE_PATH = '/api/v1/auth';

const problems = { 400: Problem, 401: Problem, 403: Problem, 429: Problem };

export default async function authRoutes(fastify: FastifyInstance) {
  // Only these routes read or set the refresh cookie: the parser runs for them alone.
  await fastify.register(cookie);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps: AuthDeps = { ...depsOf(app), signAccessToken: (payload) => app.jwt.sign(payload) };
  const { config } = app;

  function setRefreshCookie(reply: FastifyReply, tokens: Tokens) {
    reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: config.nodeEnv === 'production',
      // Relative, so a browser whose clock differs from ours keeps it exactly as long as the session lasts.
      maxAge: Math.max(0, Math.floor((tokens.refreshExpiresAt.getTime() - app.clock.now().getTime()) / 1000)),
    });
  }

  // Failed sign-ins are counted per client address and per account; a successful one counts
  // nothing, so an office behind one address is never locked out by its own people. Refreshing
  // (every page load of a signed-in tab) has its own budget of requests.
  const windowMs = config.loginWindowSeconds * 1000;
  const signInFailures = countedThrottle(app.db, app.clock, windowMs, 'failed sign-in attempts', [
    { max: config.loginMaxPerIp, key: (request) => `login-ip:${request.ip}` },
    { max: config.loginMaxPerAccount, key: (request) => `login-account:${String((request.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}` },
  ]);
  const refreshPerIp = app.createRateLimit({ max: config.refreshMaxPerIp, timeWindow: windowMs, keyGenerator: (request) => `refresh-ip:${request.ip}` }) as Limiter;
  const sameSiteOnly = refuseCrossSite(config.publicUrl ? new URL(config.publicUrl).origin : undefined);

  app.post('/api/v1/auth/login', {
    config: { public: true },
    preHandler: signInFailures.refuseWhenExceeded,
    schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: TokenResponse, ...problems } },
  }, async (request, reply) => {
    const tokens = await login(deps, request.body.email, request.body.password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null })
      .catch(async (error: unknown) => {
        if (error instanceof HttpProblem && (error.status === 401 || error.status === 403)) await signInFailures.count(request);
        throw error;
      });
    setRefreshCookie(reply, tokens);
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
  });

  app.post('/api/v1/auth/refresh', {
    config: { public: true },
    onRequest: sameSiteOnly,
    preHandler: throttle([refreshPerIp], 'token refreshes'),
    schema: { tags: ['auth'], summary: 'Rotate the refresh token (cookie) and get a new access token', response: { 200: TokenResponse, ...problems } },
  }, async (request, reply) => {
    const cookie = request.cookies[REFRESH_COOKIE];
    if (!cookie) throw unauthorized('missing_refresh_token', 'No refresh cookie: sign in again.');
    try {
      const tokens = await refresh(deps, cookie, request.ip);
      setRefreshCookie(reply, tokens);
      return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
    } catch (error) {
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      throw error;
    }
  });

  /** The session an access token names, expired or not (it may still be ended); nothing for an invalid one. */
  const sessionOf = (request: FastifyRequest): { sessionId?: string; userId?: string } => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return {};
    try {
      const payload = app.jwt.verify<AccessTokenPayload>(header.slice(7));
      return typeof payload.sid === 'string' && typeof payload.sub === 'string' ? { sessionId: payload.sid, userId: payload.sub } : {};
    } catch {
      // An invalid token ends nothing; the cookie may still name the session.
      return {};
    }
  };

  app.post('/api/v1/auth/logout', {
    config: { public: true },
    onRequest: sameSiteOnly,
    schema: { tags: ['auth'], summary: 'Sign out: ends the session at once', response: { 204: Type.Null(), ...problems } },
  }, async (request, reply) => {
    await logout(deps, { ...sessionOf(request), refreshToken: request.cookies[REFRESH_COOKIE] }, request.ip);
    reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
    return reply.code(204).send(null);
  });
}
