import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../../lib/problem.ts';

/** What `app.createRateLimit(…)` returns: counts the request and says whether it is over the limit. */
export type Limiter = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>;

/**
 * A hook that counts the request with each limiter in turn and answers 429 (problem+json, with
 * Retry-After) at the first one over its limit; `what` names what was attempted too often.
 */
export const throttle = (limiters: Limiter[], what: string) => async (request: FastifyRequest, reply: FastifyReply) => {
  for (const limiter of limiters) {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) {
      reply.header('retry-after', String(result.ttlInSeconds));
      throw new HttpProblem(429, 'too_many_requests', 'Too many requests', `Too many ${what}. Try again in ${result.ttlInSeconds} seconds.`);
    }
  }
};
