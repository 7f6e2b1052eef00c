import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Deps } from '../../lib/deps.ts';
import { countHit, deleteExpiredCounters } from './rate-limit.repo.ts';

/** One in this many counted requests also deletes the expired counters. */
const SWEEP_EVERY = 200;

/**
 * The @fastify/rate-limit store of every throttle: counters in PostgreSQL (or PGlite), shared by
 * all API processes, windows measured on the app's clock. Limiters tell their keys apart by a
 * prefix their key generator adds (`login-ip:`, `refresh-ip:`…).
 */
export function postgresRateLimitStore(deps: Pick<Deps, 'db' | 'clock' | 'log'>): FastifyRateLimitStoreCtor {
  let counted = 0;
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow?: number): void {
      const now = deps.clock.now();
      const windowMs = timeWindow ?? 60_000;
      countHit(deps.db, key, windowMs, now).then(
        ({ hits, resetsAt }) => callback(null, { current: hits, ttl: Math.max(0, resetsAt.getTime() - now.getTime()) }),
        (error: Error) => callback(error),
      );
      if (++counted % SWEEP_EVERY === 0) {
        deleteExpiredCounters(deps.db, now).catch((error: unknown) => deps.log.warn({ err: error }, 'could not delete expired rate-limit counters'));
      }
    }

    child(): FastifyRateLimitStore {
      return new PostgresRateLimitStore();
    }
  }
  return PostgresRateLimitStore;
}
