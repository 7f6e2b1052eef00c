import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '@mandate/db/create-db';
import { testConfig, type Config } from '@mandate/server/config';
import { ManualClock } from '@mandate/server/lib/clock';
import jobsPlugin, { jobIntervals, scheduledJobs } from '@mandate/server/jobs/jobs.plugin';
import { createTestDatabase } from '../support/test-app.ts';
import { SEED_NOW } from '../support/database-urls.ts';
import { enqueueMail } from '@mandate/server/modules/mail/mail.repo';
import { outboxFor, startSmtpSink, type SmtpSink } from '../support/mail.ts';

/**
 * The scheduled jobs: all of them (the mail sender too) run on the one scheduler of jobs.plugin.ts,
 * each a thin call of its module's service; intervals come from the configuration; under test no
 * timer runs unless a test asks for one.
 */
let database: Database;
let sink: SmtpSink;
const DAY = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
  await database?.close();
});

/** A bare app with only what the jobs need (db, clock, config, log) and the jobs plugin. */
async function appWithJobs(config: Partial<Config>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.decorate('db', database.db);
  app.decorate('clock', new ManualClock(new Date(SEED_NOW.getTime() + 10 * DAY)));
  app.decorate('config', testConfig(config));
  await app.register(jobsPlugin);
  return app;
}

/** Noordzee's primary AO left two days ago and its AM is his deputy: the takeover job has work. */
async function stalePrimary() {
  const noordzee = (await database.db.selectFrom('customers').select('id').where('name', '=', 'Noordzee Bouw NV').executeTakeFirstOrThrow()).id;
  const userOf = async (email: string) => (await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const [owner, manager] = [await userOf('owner@noordzee.test'), await userOf('manager@noordzee.test')];
  await database.db.updateTable('memberships').set({ is_deputy: true }).where('customer_id', '=', noordzee).where('user_id', '=', manager).execute();
  const left = new Date(SEED_NOW.getTime() + 8 * DAY).toISOString().slice(0, 10);
  await database.db.updateTable('memberships').set({ employment_end: left }).where('customer_id', '=', noordzee).where('user_id', '=', owner).execute();
  return async () => (await database.db.selectFrom('memberships').select('is_primary').where('customer_id', '=', noordzee).where('user_id', '=', manager)
    .executeTakeFirstOrThrow()).is_primary;
}

describe('jobs on the one scheduler', () => {
  it('every job is there, the mail sender included; intervals from the configuration', () => {
    const dev = testConfig({ nodeEnv: 'development' });
    expect(scheduledJobs({ db: database.db, clock: new ManualClock(), config: dev, log: Fastify().log }).map((j) => j.name))
      .toEqual(['mail sender', 'invoice delivery sender', 'delegation jobs', 'access review job', 'primary takeover job', 'partitions ahead job', 'retention purge job', 'sim orders job', 'bulk changes job']);
    expect(jobIntervals(dev)).toMatchObject({ mailSender: 0, deliverySender: 0, delegations: 600_000, accessReviews: 600_000, primaryTakeover: 3_600_000, partitionsAhead: 86_400_000, retentionPurge: 86_400_000, simOrders: 300_000, bulkChanges: 2000 });
    expect(jobIntervals(testConfig({ nodeEnv: 'development', smtpUrl: sink.url, mailSendIntervalMs: 5000 })).mailSender).toBe(5000);
    // Under test: no timers, unless a test configures the mail sender on purpose.
    expect(jobIntervals(testConfig())).toEqual({ mailSender: 0, deliverySender: 0, delegations: 0, accessReviews: 0, primaryTakeover: 0, partitionsAhead: 0, retentionPurge: 0, simOrders: 0, bulkChanges: 0 });
    expect(jobIntervals(testConfig({ smtpUrl: sink.url, mailSendIntervalMs: 25 })).mailSender).toBe(25);
  });

  it('under test nothing runs by itself: the job waits for the test to call its service', async () => {
    const isPrimary = await stalePrimary();
    const app = await appWithJobs({ smtpUrl: sink.url });
    try {
      await app.ready();
      const to = `nobody-sends-${Date.now()}@jobs.test`;
      await database.db.transaction().execute((trx) => enqueueMail(trx, { to, language: 'en', message: { kind: 'test', subject: { en: 's', nl: 's', fr: 's' }, text: { en: 't', nl: 't', fr: 't' } } }, new Date()));
      await new Promise((r) => setTimeout(r, 300));
      expect(await isPrimary()).toBe(false);
      expect(await outboxFor(database.db, to)).toMatchObject([{ status: 'pending', attempts: 0 }]);
    } finally {
      await app.close();
    }
  });

  it('outside tests the plugin starts every job on ready (the primary takeover at once) and the mail sender on its interval; close stops them', async () => {
    const isPrimary = await stalePrimary();
    const app = await appWithJobs({ nodeEnv: 'development', smtpUrl: sink.url, mailSendIntervalMs: 25 });
    try {
      await app.ready();
      const to = `sent-by-the-scheduler-${Date.now()}@jobs.test`;
      await database.db.transaction().execute((trx) => enqueueMail(trx, { to, language: 'en', message: { kind: 'test', subject: { en: 'Scheduled', nl: 's', fr: 's' }, text: { en: 't', nl: 't', fr: 't' } } }, app.clock.now()));
      const mail = await sink.waitFor((m) => m.to.includes(to), 10_000);
      expect(mail.subject).toBe('Scheduled');
      for (let i = 0; i < 100 && !(await isPrimary()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await isPrimary()).toBe(true);
    } finally {
      await app.close();
    }
  });
});
