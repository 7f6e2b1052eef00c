import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { brusselsDate } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import { appendAudit } from '../modules/audit/audit.repo.ts';
import { enqueueMail } from '../modules/mail/mail.repo.ts';
import { accessOwnersOf } from '../modules/delegations/delegations.repo.ts';
import { activeAccessOwners, findUserRow } from '../modules/users/users.repo.ts';
import { beginAccessOwnerChange, removeLockedMembership } from '../modules/users/users.service.ts';
import {
  closeReview, customerNameOf, decisionCounts, expiredReviews, hasPendingItems, isActiveAccessOwner, lockPendingItems, portalUser, setDecision,
} from '../modules/access-reviews/access-reviews.repo.ts';
import { REVIEW_CLOSED_MAIL } from '../modules/access-reviews/access-reviews.mails.ts';
import { scheduleJob } from './schedule.ts';

/** Items handled per transaction: a 5,000-user review does not hold its locks in one long transaction. */
const CHUNK = 200;

/**
 * Issue 3 — access reviews: after the deadline (the end of that day in Brussels), everything not
 * confirmed is removed (as DELETE /users/{userId}: membership, grants, SIM links, invitations) and
 * the review closes, with a summary mail to the AO who started it (or, when he no longer is one, to
 * the customer's AOs). The last active AO is never removed (ROLE-2): his item becomes `kept`.
 * Idempotent: pending items move to removed/kept in chunked transactions (FOR UPDATE SKIP LOCKED),
 * and the review closes once; a second run (or a second process) changes nothing.
 * Returns the number of reviews closed.
 */
export async function closeExpiredReviews(app: FastifyInstance): Promise<number> {
  const now = app.clock.now();
  const today = brusselsDate(now);
  let closed = 0;
  for (const review of await expiredReviews(app.db, today)) {
    const { customerId, id: reviewId } = review;
    for (;;) {
      const handled = await app.db.transaction().execute(async (trx) => {
        const hadAccessOwners = await beginAccessOwnerChange(trx, app, customerId);
        const items = await lockPendingItems(trx, customerId, reviewId, CHUNK);
        for (const item of items) {
          const member = await findUserRow(trx, customerId, item.userId, { forUpdate: true });
          const stillThere = member && member.membershipId === item.membershipId;
          if (stillThere && member.profile === 'access_owner') {
            const owners = await activeAccessOwners(trx, customerId, today);
            if (owners.length === 1 && owners[0]!.userId === item.userId) {
              await setDecision(trx, customerId, [item.id], 'kept', null, now);
              await appendAudit(trx, {
                at: now, actorUserId: null, customerId, action: 'access_review.keep_last_owner', targetType: 'AccessReviewItem', targetId: item.id,
                before: { decision: 'pending' }, after: { decision: 'kept', reviewId, userId: item.userId, reason: 'last_access_owner' },
              });
              continue;
            }
          }
          if (stillThere) await removeLockedMembership(trx, app, null, customerId, member, hadAccessOwners, { accessReviewId: reviewId, automatic: true });
          await setDecision(trx, customerId, [item.id], 'removed', null, now);
          await appendAudit(trx, {
            at: now, actorUserId: null, customerId, action: 'access_review.auto_remove', targetType: 'AccessReviewItem', targetId: item.id,
            before: { decision: 'pending' }, after: { decision: 'removed', reviewId, userId: item.userId, membershipRemoved: Boolean(stillThere) },
          });
        }
        return items.length;
      });
      if (handled < CHUNK) break;
    }
    await app.db.transaction().execute(async (trx) => {
      // Another run may still hold a chunk (skipped above): close only when nothing is pending.
      if (await hasPendingItems(trx, customerId, reviewId)) return;
      if (!(await closeReview(trx, customerId, reviewId, now))) return;
      const counts = await decisionCounts(trx, customerId, reviewId);
      await appendAudit(trx, {
        at: now, actorUserId: null, customerId, action: 'access_review.close', targetType: 'AccessReview', targetId: reviewId,
        before: { status: 'open' }, after: { status: 'closed', ...counts },
      });
      const { name: customer } = await customerNameOf(trx, customerId);
      const starter = await portalUser(trx, review.startedBy);
      const recipients = (await isActiveAccessOwner(trx, customerId, review.startedBy, today))
        ? [{ email: starter.email, language: starter.language as Language }]
        : await accessOwnersOf(trx, [customerId]);
      const params = { customer, deadline: review.deadline, total: String(counts.total), confirmed: String(counts.confirmed), removed: String(counts.removed), kept: String(counts.kept) };
      for (const r of recipients) await enqueueMail(trx, { to: r.email, language: r.language, message: REVIEW_CLOSED_MAIL, params, customerId }, now);
      closed++;
    });
  }
  return closed;
}

export interface AccessReviewJobOptions {
  /** How often the job runs (ms); 0: no timer (tests call closeExpiredReviews after moving the clock). */
  intervalMs: number;
}

/** Runs closeExpiredReviews on an interval while the app is up. */
export default fp(async function accessReviewJob(app: FastifyInstance, options: AccessReviewJobOptions) {
  scheduleJob(app, { name: 'access review job', intervalMs: options.intervalMs, run: async () => void (await closeExpiredReviews(app)) });
}, { name: 'access-review-job' });
