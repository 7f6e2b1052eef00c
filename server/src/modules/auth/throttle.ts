import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { Clock } from '../../lib/clock.ts';
import { HttpProblem } from '../../lib/problem.ts';
import { countHit, currentHits } from './rate-limit.repo.ts';

/** What `app.createRateLimit(…)` returns: counts the request and says whether it is over the limit. */
export type Limiter = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>;

/**
 * A hook that counts the request with each limiter in turn and answers 429 (problem+json, with
 * Retry-After) at the first one over its limit; `what` names what was attempted too often.
 */
export const throttle = (limiters: Limiter[], what: string) => async (request: FastifyRequest, reply: FastifyReply) => {
  for (const limiter of limiters) {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) throw tooMany(reply, what, result.ttlInSeconds);
  }
};

/** 429 problem+json; Retry-After says when to try again. */
function tooMany(reply: FastifyReply, what: string, retryAfterSeconds: number): HttpProblem {
  reply.header('retry-after', String(retryAfterSeconds));
  return new HttpProblem(429, 'too_many_requests', 'Too many requests', `Too many ${what}. Try again in ${retryAfterSeconds} seconds.`);
}

/**
 * A limit on what the route itself counts, under each key, in the same database counters as the
 * other throttles: sign-in counts its failures only (an office behind one address signs in as often
 * as its people need, guessing stops after `max` failures), a resent verification mail counts once
 * it is sent. @fastify/rate-limit counts every request it sees, before the answer is known.
 */
export function countedThrottle(db: Kysely<DB>, clock: Clock, windowMs: number, what: string, limits: Array<{ max: number; key: (request: FastifyRequest) => string }>) {
  return {
    /** A hook: 429 (problem+json, Retry-After) while a key has reached its limit. */
    refuseWhenExceeded: async (request: FastifyRequest, reply: FastifyReply) => {
      const now = clock.now();
      for (const limit of limits) {
        const count = await currentHits(db, limit.key(request), now);
        if (count && count.hits >= limit.max) throw tooMany(reply, what, Math.max(1, Math.ceil((count.resetsAt.getTime() - now.getTime()) / 1000)));
      }
    },
    /** Counts one under every key. */
    count: async (request: FastifyRequest) => {
      const now = clock.now();
      for (const limit of limits) await countHit(db, limit.key(request), windowMs, now);
    },
  };
}
