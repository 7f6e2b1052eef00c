import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LoginBody, TokenResponse } from '@mandate/contracts/auth';
import { Problem } from '@mandate/contracts/common';
import { HttpProblem, unauthorized } from '../../lib/problem.ts';
import { login, logout, refresh, type Tokens } from './auth.service.ts';

const REFRESH_COOKIE = 'mandate_refresh';
const COOKIE_PATH = '/api/v1/auth';

function setRefreshCookie(app: FastifyInstance, reply: FastifyReply, tokens: Tokens) {
  reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: app.config.nodeEnv === 'production',
    // Relative, so a browser whose clock differs from ours keeps it exactly as long as the session lasts.
    maxAge: Math.max(0, Math.floor((tokens.refreshExpiresAt.getTime() - app.clock.now().getTime()) / 1000)),
  });
}

const problems = { 400: Problem, 401: Problem, 403: Problem, 429: Problem };

export default async function authRoutes(fastify: FastifyInstance) {
  // Only these routes read or set the refresh cookie: the parser runs for them alone.
  await fastify.register(cookie);
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Login is throttled per client address and per account (both counted on every attempt).
  const window = app.config.loginWindowSeconds * 1000;
  const perIp = app.createRateLimit({ max: app.config.loginMaxPerIp, timeWindow: window });
  const perAccount = app.createRateLimit({
    max: app.config.loginMaxPerAccount,
    timeWindow: window,
    keyGenerator: (request) => `account:${String((request.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`,
  });
  const throttle = (limiters: Array<typeof perIp>) => async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limiter of limiters) {
      const result = await limiter(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', String(result.ttlInSeconds));
        throw new HttpProblem(429, 'too_many_requests', 'Too many requests', `Too many sign-in attempts. Try again in ${result.ttlInSeconds} seconds.`);
      }
    }
  };

  app.post('/api/v1/auth/login', {
    config: { public: true },
    preHandler: throttle([perIp, perAccount]),
    schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: TokenResponse, ...problems } },
  }, async (request, reply) => {
    const tokens = await login(app, request.body.email, request.body.password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    setRefreshCookie(app, reply, tokens);
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
  });

  app.post('/api/v1/auth/refresh', {
    config: { public: true },
    preHandler: throttle([perIp]),
    schema: { tags: ['auth'], summary: 'Rotate the refresh token (cookie) and get a new access token', response: { 200: TokenResponse, ...problems } },
  }, async (request, reply) => {
    const cookie = request.cookies[REFRESH_COOKIE];
    if (!cookie) throw unauthorized('missing_refresh_token', 'No refresh cookie: sign in again.');
    try {
      const tokens = await refresh(app, cookie, request.ip);
      setRefreshCookie(app, reply, tokens);
      return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn };
    } catch (error) {
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      throw error;
    }
  });

  app.post('/api/v1/auth/logout', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'Sign out: ends the session at once', response: { 204: Type.Null(), ...problems } },
  }, async (request, reply) => {
    let sessionId: string | undefined;
    let userId: string | undefined;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      try {
        const payload = app.verifiedTokens.payload(header.slice(7));
        sessionId = payload.sid;
        userId = payload.sub;
      } catch {
        // An invalid token ends nothing; the cookie may still name the session.
      }
    }
    await logout(app, { sessionId, userId, refreshToken: request.cookies[REFRESH_COOKIE] }, request.ip);
    reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
    return reply.code(204).send(null);
  });
}
