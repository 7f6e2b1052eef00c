import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../lib/problem.ts';

/** Seconds a client is told to wait before it tries again. */
const RETRY_AFTER_SECONDS = 5;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer this route even when the server sheds load (liveness must not look like a dead process). */
    underPressureExempt?: boolean;
  }
}

/** How often the event-loop delay is measured (its mean over the interval is what is compared). */
const SAMPLE_INTERVAL_MS = 1000;

/**
 * Load shedding: once the event loop lags more than `maxEventLoopDelayMs` (mean over the last
 * second), new requests are answered 503 problem+json with Retry-After at once instead of waiting
 * in a queue whose answers would come after the client gave up. 0 turns it off.
 *
 * Starting blocks the loop (PGlite runs migrations on the main thread): the samples that cover
 * the start are not held against the first requests: shedding begins two samples after ready.
 */
export default fp(async function loadSheddingPlugin(app: FastifyInstance, options: { maxEventLoopDelayMs: number }) {
  if (options.maxEventLoopDelayMs <= 0) return;
  let armed = false;
  let arming: NodeJS.Timeout | undefined;
  // Two sample intervals in a row, each a timer of its own: when the loop was blocked, the first
  // fires with the sample that measured the block, and the second once that sample is replaced.
  const arm = (steps: number) => {
    arming = setTimeout(() => (steps > 1 ? arm(steps - 1) : (armed = true)), SAMPLE_INTERVAL_MS + 100);
    arming.unref();
  };
  app.addHook('onReady', async () => arm(2));
  app.addHook('onClose', async () => clearTimeout(arming));
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    sampleInterval: SAMPLE_INTERVAL_MS,
    retryAfter: RETRY_AFTER_SECONDS,
    pressureHandler: async (request, reply) => {
      if (!armed || request.routeOptions.config.underPressureExempt) return;
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new HttpProblem(503, 'overloaded', 'Service unavailable', 'The server is busy; try again in a few seconds.');
    },
  });
});
