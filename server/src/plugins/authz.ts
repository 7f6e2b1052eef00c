import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { subject } from '@casl/ability';
import { defineAbilityFor, mayWithinCustomer } from '@mandate/authz/define-ability';
import { loadAccessContext } from '../modules/access/access.repo.ts';
import { isUuid } from '@mandate/contracts/common';
import { badRequest, forbidden, notFound, unauthorized } from '../lib/problem.ts';
import type { AccessTokenPayload, Principal, RouteAuthz } from '../types.ts';

/**
 * Reads the bearer token, then the session, the user and the access context from the database and
 * builds the ability, on every request: nothing is trusted from the token but two ids, and nothing
 * is kept between requests, so a revocation holds from the very next request (DESIGN.md §4).
 */
export async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw unauthorized('missing_token', 'Send an access token: Authorization: Bearer <token>.');
  let payload: AccessTokenPayload;
  try {
    payload = app.jwt.verify<AccessTokenPayload>(header.slice(7));
  } catch {
    throw unauthorized('invalid_token', 'The access token is not valid.');
  }
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
    throw unauthorized('invalid_token', 'The access token is not valid.');
  }
  // Expiry against the injected clock (the JWT plugin leaves it to us), so tests can move time.
  const now = app.clock.now();
  if (payload.exp * 1000 <= now.getTime()) throw unauthorized('token_expired', 'The access token has expired; refresh it.');
  const loaded = await loadAccessContext(app.db, payload.sub, payload.sid, now);
  if (!loaded?.sessionOpen) throw unauthorized('session_ended', 'This session has ended. Sign in again.');
  if (loaded.user.status !== 'active') throw unauthorized('account_suspended', 'This account is suspended.');
  return { userId: loaded.user.id, sessionId: payload.sid, context: loaded.context, ability: defineAbilityFor(loaded.context) };
}

/**
 * The authorization gate (DESIGN.md §1): every API route declares `config.authz` or `config.public`,
 * and the app refuses to start otherwise. Per request: authenticate, build the ability from the
 * database, then 404 for a customer the user cannot act for, 403 for an action he may not take.
 */
export default fp(async function authzPlugin(app: FastifyInstance) {
  app.decorateRequest('principal', null);

  /** The gate of one guarded route: authenticate, then 404 for a customer he cannot act for, 403 for the action. */
  const guard = (authz: RouteAuthz) => async (request: FastifyRequest) => {
    const principal = await authenticate(app, request);
    request.principal = principal;
    const { ability } = principal;
    if (authz.customerParam) {
      const customerId = (request.params as Record<string, string | undefined>)[authz.customerParam];
      // The gate runs before the schema: a customer id that cannot be one is named as the schema would.
      if (customerId && !isUuid(customerId)) throw badRequest(`params.${authz.customerParam}`, 'must be a lowercase UUID');
      if (!customerId || !ability.can('act', subject('Customer', { id: customerId }))) throw notFound('customer');
      if (!mayWithinCustomer(ability, authz.action, authz.subject, customerId)) throw forbidden();
    } else if (!ability.can(authz.action, authz.subject)) {
      throw forbidden();
    }
  };

  // Every API route declares its rule or that it is public; the gate is attached to each guarded
  // route itself, so public routes (health, sign-in) run no authorization hook at all.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const config = route.config as { public?: boolean; authz?: RouteAuthz } | undefined;
    if (config?.public === true) return;
    if (!config?.authz) throw new Error(`Route ${String(route.method)} ${route.url} declares neither config.authz nor config.public`);
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [guard(config.authz), ...existing];
  });
});

/** The principal of a guarded route (set by the gate before the handler runs). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
