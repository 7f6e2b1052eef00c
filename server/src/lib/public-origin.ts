import type { FastifyRequest } from 'fastify';

/**
 * Where the links in mails point: PUBLIC_URL, or outside production (where it may be unset) the
 * origin the request came to.
 */
export function publicOrigin(request: FastifyRequest): string {
  return request.server.config.publicUrl ?? `${request.protocol}://${request.host}`;
}
