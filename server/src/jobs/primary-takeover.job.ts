import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { runPrimaryTakeovers } from '../modules/users/users.service.ts';

export interface PrimaryTakeoverJobOptions {
  /** How often the job runs (ms); 0: no timer (tests call runPrimaryTakeovers after moving the clock). */
  intervalMs: number;
}

/**
 * Issue 3 (sims/users-admin), ROLE-2 + ROLE-7: when the primary AO's employment end date has passed,
 * his deputy (else the longest-standing other AO) becomes the primary AO without a help-desk call.
 * runPrimaryTakeovers is idempotent and audited (user.deputy_takeover / user.primary_takeover); this
 * plugin runs it on an interval while the app is up (started onReady, stopped onClose).
 */
export default fp(async function primaryTakeoverJob(app: FastifyInstance, options: PrimaryTakeoverJobOptions) {
  if (!options.intervalMs) return;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      try {
        const settled = await runPrimaryTakeovers(app);
        if (settled > 0) app.log.info({ settled }, 'primary Access Owner takeovers');
      } catch (error) {
        app.log.error({ err: error }, 'primary takeover job failed');
      } finally {
        running = undefined;
      }
    })();
  };
  app.addHook('onReady', async () => {
    // Once at start (a process that was down over midnight catches up), then on the interval.
    tick();
    timer = setInterval(tick, options.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}, { name: 'primary-takeover-job' });
