import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../modules/audit/audit.repo.ts';
import { enqueueMail } from '../modules/mail/mail.repo.ts';
import { DELEGATION_MAILS } from '../modules/delegations/delegations.mails.ts';
import { accessOwnersOf, delegationsDueForReminder, delegationsToExpire, recordReminder } from '../modules/delegations/delegations.repo.ts';
import { lastDay } from '../modules/delegations/delegations.service.ts';
import { scheduleJob } from './schedule.ts';

const DAY = 86_400_000;

/**
 * Renewal reminders (issue 3, DLG-2): to the AOs of both companies, 30 and 7 days before a
 * delegation ends. Idempotent: each reminder is recorded (delegation_reminders) in the same
 * transaction as its mails, and a second run (or a second process) sends nothing again.
 * A delegation already within 7 days gets only the 7-day reminder. Returns the reminders sent.
 */
export async function sendDelegationReminders(app: FastifyInstance): Promise<number> {
  const now = app.clock.now();
  let sent = 0;
  for (const [kind, within, message] of [['7d', 7 * DAY, DELEGATION_MAILS.reminder7], ['30d', 30 * DAY, DELEGATION_MAILS.reminder30]] as const) {
    for (const d of await delegationsDueForReminder(app.db, now, within, kind)) {
      await app.db.transaction().execute(async (trx) => {
        const endsAt = new Date(d.endsAt);
        // Within 7 days the 30-day reminder is moot: record it as done without a mail.
        if (kind === '7d') await recordReminder(trx, { customerId: d.customerId, delegationId: d.id, kind: '30d', endsAt, now, mailed: false });
        if (!(await recordReminder(trx, { customerId: d.customerId, delegationId: d.id, kind, endsAt, now, mailed: true }))) return;
        const params = { customer: d.customerName, partner: d.partnerName, endDate: lastDay(endsAt) };
        for (const r of await accessOwnersOf(trx, [d.customerId, d.partnerId])) {
          await enqueueMail(trx, { to: r.email, language: r.language, message, params, customerId: r.customerId }, now);
        }
        sent++;
      });
    }
  }
  return sent;
}

/**
 * DLG-3: an open delegation whose end passed becomes `expired` (the access core already refuses it
 * by time; this records the state, audits it and tells both AOs). Returns how many expired.
 */
export async function expireDelegations(app: FastifyInstance): Promise<number> {
  const now = app.clock.now();
  let expired = 0;
  for (const d of await delegationsToExpire(app.db, now)) {
    await app.db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('delegations').set({ status: 'expired' })
        .where('id', '=', d.id).where('status', 'in', ['active', 'pending_operator', 'pending_partner']).where('ends_at', '<=', now)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      await appendAudit(trx, {
        at: now, actorUserId: null, customerId: d.customerId, delegationId: d.id, action: 'delegation.expire', targetType: 'delegation', targetId: d.id,
        before: { status: d.status }, after: { status: 'expired' },
      });
      const params = { customer: d.customerName, partner: d.partnerName, endDate: lastDay(d.endsAt) };
      for (const r of await accessOwnersOf(trx, [d.customerId, d.partnerId])) {
        await enqueueMail(trx, { to: r.email, language: r.language, message: DELEGATION_MAILS.expired, params, customerId: r.customerId }, now);
      }
      expired++;
    });
  }
  return expired;
}

export interface DelegationJobsOptions {
  /** How often both jobs run (ms); 0: no timer (tests call the functions after moving the clock). */
  intervalMs: number;
}

/** Runs expiry and reminders on an interval while the app is up. */
export default fp(async function delegationJobs(app: FastifyInstance, options: DelegationJobsOptions) {
  scheduleJob(app, {
    name: 'delegation jobs',
    intervalMs: options.intervalMs,
    run: async () => {
      await expireDelegations(app);
      await sendDelegationReminders(app);
    },
  });
}, { name: 'delegation-jobs' });
