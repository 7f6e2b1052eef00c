import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { runPrimaryTakeovers } from '../modules/users/users.service.ts';
import { scheduleJob } from './schedule.ts';

export interface PrimaryTakeoverJobOptions {
  /** How often the job runs (ms); 0: no timer (tests call runPrimaryTakeovers after moving the clock). */
  intervalMs: number;
}

/**
 * Issue 3 (sims/users-admin), ROLE-2 + ROLE-7: when the primary AO's employment end date has passed,
 * his deputy (else the longest-standing other AO) becomes the primary AO without a help-desk call.
 * runPrimaryTakeovers is idempotent and audited (user.deputy_takeover / user.primary_takeover); this
 * plugin runs it once at start, then on an interval while the app is up.
 */
export default fp(async function primaryTakeoverJob(app: FastifyInstance, options: PrimaryTakeoverJobOptions) {
  scheduleJob(app, {
    name: 'primary takeover job',
    intervalMs: options.intervalMs,
    runAtStart: true,
    run: async () => {
      const settled = await runPrimaryTakeovers(app);
      if (settled > 0) app.log.info({ settled }, 'primary Access Owner takeovers');
    },
  });
}, { name: 'primary-takeover-job' });
