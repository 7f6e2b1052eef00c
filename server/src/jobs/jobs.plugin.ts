import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../lib/deps.ts';
import { depsOf } from '../lib/deps.ts';
import { closeExpiredReviews } from '../modules/access-reviews/access-reviews.service.ts';
import { runDelegationJobs } from '../modules/delegations/delegations.service.ts';
import { sendPendingMail } from '../modules/mail/mail.service.ts';
import { sendDueDeliveries } from '../modules/invoice-delivery/invoice-delivery.sender.ts';
import { ensureUpcomingPartitions, eraseExpiredPersonalData, purgeExpiredBillingData } from '../modules/retention/retention.service.ts';
import { runPrimaryTakeovers } from '../modules/users/users.service.ts';
import { applyDueOrders } from '../modules/sim-orders/sim-orders.service.ts';
import { runBulkChanges } from '../modules/sim-orders/bulk-changes.service.ts';
import { scheduleJob, type ScheduledJob } from './schedule.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How often each job runs (ms); 0: never (tests call the job's service function after moving the clock). */
export interface JobIntervals {
  mailSender: number;
  deliverySender: number;
  delegations: number;
  accessReviews: number;
  primaryTakeover: number;
  partitionsAhead: number;
  retentionPurge: number;
  simOrders: number;
  bulkChanges: number;
}

/**
 * The intervals from the configuration. The mail sender runs only when SMTP is configured (without
 * it the mails wait in the outbox, the development mailbox). No timers under test, except a mail
 * sender a test configures on purpose.
 */
export function jobIntervals(config: Deps['config']): JobIntervals {
  const off = config.nodeEnv === 'test';
  return {
    mailSender: config.smtpUrl ? config.mailSendIntervalMs : 0,
    deliverySender: off ? 0 : config.deliverySendIntervalMs,
    delegations: off ? 0 : 10 * MINUTE,
    accessReviews: off ? 0 : 10 * MINUTE,
    primaryTakeover: off ? 0 : 60 * MINUTE,
    partitionsAhead: off ? 0 : DAY,
    retentionPurge: off ? 0 : DAY,
    simOrders: off ? 0 : 5 * MINUTE,
    bulkChanges: off ? 0 : 2000,
  };
}

/** Every scheduled job: thin, each one calls its module's service, which holds the rules and is idempotent. */
export function scheduledJobs(deps: Deps, intervals: JobIntervals = jobIntervals(deps.config)): ScheduledJob[] {
  return [
    // The outbox: mails written in the same transaction as the change they tell about.
    { name: 'mail sender', intervalMs: intervals.mailSender, run: async () => void (await sendPendingMail(deps)) },
    // EBL-3, EBL-6, Peppol: the invoices of a closed period go out on each account's channel.
    { name: 'invoice delivery sender', intervalMs: intervals.deliverySender, run: async () => void (await sendDueDeliveries(deps)) },
    // DLG-3: expiry of delegations, and renewal reminders 30 and 7 days before their end.
    { name: 'delegation jobs', intervalMs: intervals.delegations, run: () => runDelegationJobs(deps) },
    // Access reviews past their deadline: what is not confirmed is removed, the review closes.
    { name: 'access review job', intervalMs: intervals.accessReviews, run: async () => void (await closeExpiredReviews(deps)) },
    // ROLE-2/ROLE-7: the deputy takes over when the primary AO's employment ends; at start too, so
    // a process that was down catches up.
    {
      name: 'primary takeover job',
      intervalMs: intervals.primaryTakeover,
      runAtStart: true,
      run: async () => {
        const settled = await runPrimaryTakeovers(deps);
        if (settled > 0) deps.log.info({ settled }, 'primary Access Owner takeovers');
      },
    },
    // Month partitions of call details, usage and roll-ups: this Brussels month and the next two
    // exist before their rows arrive; at start too, so a process that was down catches up.
    { name: 'partitions ahead job', intervalMs: intervals.partitionsAhead, runAtStart: true, run: async () => void (await ensureUpcomingPartitions(deps)) },
    // RET-1, RET-2, INV-3: expired billing data and traffic data leave the database (whole month
    // partitions where partitioned); at start too, so a process that was down catches up.
    // RET-2: personal data 10 years after the end of the contract.
    {
      name: 'retention purge job',
      intervalMs: intervals.retentionPurge,
      runAtStart: true,
      run: async () => {
        await purgeExpiredBillingData(deps);
        await eraseExpiredPersonalData(deps);
      },
    },
    // MOB-3: SIM changes scheduled for the first day of the next billing period, and suspensions
    // that ended (MOB-7); at start too, so a process that was down catches up.
    { name: 'sim orders job', intervalMs: intervals.simOrders, runAtStart: true, run: async () => void (await applyDueOrders(deps)) },
    // Changes on a selection of SIMs, batch by batch; a bulk change a stopped process left half done
    // is taken up again once its lease has passed.
    { name: 'bulk changes job', intervalMs: intervals.bulkChanges, runAtStart: true, run: async () => void (await runBulkChanges(deps)) },
  ];
}

/** Runs every scheduled job on the one scheduler while the app is up (started on ready, stopped on close). */
export default fp(async function jobsPlugin(app: FastifyInstance) {
  const deps = depsOf(app);
  if (!app.config.smtpUrl) {
    app.addHook('onReady', async () => {
      app.log.info('SMTP_URL is not set: mails stay in the outbox (operator staff read them on the development mailbox, /mailbox)');
    });
  }
  for (const job of scheduledJobs(deps)) scheduleJob(app, job);
}, { name: 'jobs' });
