import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { RouteAuthz } from '../types.ts';

/**
 * Answers that carry a token or what a signed-in user may see are never stored by a browser or a
 * proxy: every answer of a guarded route (config.authz) and of /api/v1/auth/… gets
 * `Cache-Control: no-store`, errors included, unless the route chose its own caching.
 */
export default fp(async function noStorePlugin(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.hasHeader('cache-control')) return payload;
    const config = request.routeOptions.config as { authz?: RouteAuthz } | undefined;
    if (config?.authz || request.url.startsWith('/api/v1/auth/')) reply.header('cache-control', 'no-store');
    return payload;
  });
});
