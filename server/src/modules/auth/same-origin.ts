import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../../lib/problem.ts';

const crossSite = () => new HttpProblem(403, 'cross_site_request', 'Forbidden', 'This request came from another site.');

/**
 * Defence in depth for the routes the refresh cookie authenticates (besides SameSite=Strict): a
 * browser says where a request comes from, and one from another site is refused. `Sec-Fetch-Site:
 * cross-site`, or an `Origin` that is neither the portal's (PUBLIC_URL) nor the host the request
 * was sent to, is 403. Without these headers (curl, scripts, older browsers) the request passes.
 */
export const refuseCrossSite = (portalOrigin: string | undefined) => async (request: FastifyRequest) => {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw crossSite();
  const origin = request.headers.origin;
  if (origin === undefined || origin === portalOrigin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    // `Origin: null` (a sandboxed frame, a redirect across sites) or garbage: not the portal.
    throw crossSite();
  }
  if (host !== request.host.toLowerCase()) throw crossSite();
};
