import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '@mandate/db/database.types';
import { canGrant, mayReview } from '@mandate/authz/can-grant';
import { ACCESS_OWNER } from '@mandate/authz/profile-access';
import { addDays, brusselsDate, isIsoDate } from '@mandate/domain/dates';
import type { Language, Profile } from '@mandate/domain/profiles';
import type { AccessReview, ReviewDetail, ReviewItem, ReviewItemsQuery, ReviewListQuery, StartReviewBody } from '@mandate/contracts/access-reviews';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { cursorTime, decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { HttpProblem, badRequest, forbidden, notFound, conflict } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import { accessOwnersOf } from '../delegations/delegations.repo.ts';
import { activeAccessOwners, findAccessibleUser, findUserRow } from '../users/users.repo.ts';
import { beginAccessOwnerChange, removeLockedMembership } from '../users/users.service.ts';
import {
  activeAdministrators, closeReview, customerNameOf, decisionCounts, expiredReviews, findReview, hasPendingItems, insertItems, insertReview,
  isActiveAccessOwner, listItems, listReviews, lockItems, lockPendingItems, membersToReview, openReviewOf, portalUser, setDecision,
  type ItemRow, type ReviewRow,
} from './access-reviews.repo.ts';
import { REVIEW_CLOSED_MAIL, REVIEW_STARTED_MAIL } from './access-reviews.mails.ts';

/**
 * Access reviews. The rules:
 * - Deadline: a Brussels calendar date, from tomorrow up to 90 days ahead; the review closes after
 *   that day ends in Brussels (closeExpiredReviews).
 * - One open review per customer at a time (409 review_open).
 * - Items: one per membership of the chosen profiles (default: Support Portal Users and Service
 *   Users; AOs and AMs when asked), suspended ones included (they still hold rights), except the
 *   AO who starts the review: nobody reviews himself.
 * - Reviewers: the customer's active administrators named in the body (default: the starting AO,
 *   who may also act as AO through an affiliate link, DLG-1). Items are dealt round-robin among the
 *   reviewers who may decide them (mayReview; for the starter, canGrant on his own access): never
 *   the user himself, and an AO's item only to an AO (ROLE-2); an item nobody else may take goes
 *   to the starting AO.
 * - Decisions: the item's reviewer or any AO (the ability: AO rule on the customer, AM rule on
 *   reviewerId). Confirm is idempotent; a confirmed item may still be removed while the review is
 *   open; a removed item is final. Remove = DELETE /users/{userId}: the membership goes with its
 *   grants, SIM links and open invitations (removeLockedMembership of the users module, so the
 *   last-AO rule and the deputy takeover hold), audited, effective on the user's next request.
 *   The remover needs the ability to delete the user and canGrant on his profile; nobody decides his
 *   own item (403).
 * - Closing removes every pending item the same way; the last active AO is never removed
 *   (decision `kept`). The starting AO gets a summary mail.
 */

export const MAX_DEADLINE_DAYS = 90;
export const DEFAULT_PROFILES: Profile[] = ['support_portal_user', 'service_user'];

/** Items handled per transaction when a review closes: a 5,000-user review does not hold its locks in one long transaction. */
const CLOSING_CHUNK = 200;

/** Reviews page newest first on (started_at, id); a review's items by name on (name, id). */
const REVIEW_KEYSET = keyset('access-reviews', 'timestamp', 'uuid');
const ITEM_KEYSET = keyset('access-review-items', 'text', 'uuid');

const person = (id: string, firstName: string, lastName: string, email: string) => ({ id, firstName, lastName, email });

export function toReview(r: ReviewRow): AccessReview {
  return {
    id: r.id, customerId: r.customerId, status: r.status as AccessReview['status'], deadline: r.deadline, profiles: r.profiles as Profile[],
    startedBy: person(r.starterId, r.starterFirstName, r.starterLastName, r.starterEmail),
    startedAt: new Date(r.startedAt).toISOString(), closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
    progress: { total: r.total, decided: r.decided, confirmed: r.confirmed, removed: r.removed, kept: r.kept },
  };
}

function toItem(i: ItemRow): ReviewItem {
  const rights = (i.rights ?? []) as Array<{ app: string; actions: string[]; billingAccounts: number; costCentres: number }>;
  return {
    id: i.id, user: person(i.userId, i.firstName, i.lastName, i.email), profile: i.profile as Profile,
    subProfiles: i.subProfiles ?? [],
    rights: rights.map((r) => ({ ...r, billingAccounts: Number(r.billingAccounts), costCentres: Number(r.costCentres) })) as ReviewItem['rights'],
    memberNow: i.currentMembershipId !== null,
    reviewer: person(i.reviewerId, i.reviewerFirstName, i.reviewerLastName, i.reviewerEmail),
    decision: i.decision as ReviewItem['decision'],
    decidedBy: i.deciderId ? person(i.deciderId, i.deciderFirstName ?? '', i.deciderLastName ?? '', i.deciderEmail ?? '') : null,
    decidedAt: i.decidedAt ? new Date(i.decidedAt).toISOString() : null,
  };
}

function audit(trx: Kysely<DB>, deps: Deps, actor: Actor | null, customerId: string, action: string, targetType: string, targetId: string, before: JsonValue, after: JsonValue) {
  const who = actor ? auditedBy(actor, customerId) : { actorUserId: null, customerId };
  return appendAudit(trx, { at: deps.clock.now(), ...who, action, targetType, targetId, before, after });
}

// ---------------------------------------------------------------------------------------------

/** The customer's reviews, newest first (an AM sees the ones holding items assigned to him). */
export async function listCustomerReviews(deps: Deps, actor: Actor, customerId: string, query: ReviewListQuery) {
  const { limit = 50 } = query;
  const rows = await listReviews(deps.db, actor.principal.ability, customerId, { limit, after: decodeCursor(REVIEW_KEYSET, query.cursor) });
  return toPage(rows, limit, REVIEW_KEYSET, (r) => [cursorTime(r.startedAt), r.id], toReview);
}

export async function getReview(deps: Deps, actor: Actor, customerId: string, reviewId: string, query: ReviewItemsQuery): Promise<ReviewDetail> {
  const { ability, userId } = actor.principal;
  const review = await findReview(deps.db, ability, customerId, reviewId);
  if (!review) throw notFound('access review');
  const limit = query.limit ?? 50;
  const rows = await listItems(deps.db, ability, customerId, reviewId, {
    limit, after: decodeCursor(ITEM_KEYSET, query.cursor), decision: query.decision, reviewerId: query.mine ? userId : undefined,
  });
  return { review: toReview(review), ...toPage(rows, limit, ITEM_KEYSET, (i) => [i.sortKey, i.id], toItem) };
}

/** A possible reviewer: who he is, where the mail goes, and which members' items he may decide. */
interface Reviewer {
  userId: string;
  email: string;
  language: string;
  firstName: string;
  decides: (memberProfile: Profile) => boolean;
}

/** The AO starts a review (see the decisions above). Mails each reviewer in his language, in the same transaction. */
export async function startReview(deps: Deps, actor: Actor, customerId: string, body: StartReviewBody): Promise<AccessReview> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  if (!isIsoDate(body.deadline)) throw badRequest('body.deadline', 'is not a calendar date (YYYY-MM-DD)', 'invalid_date');
  if (body.deadline <= today) throw badRequest('body.deadline', 'must be tomorrow or later', 'deadline_too_soon');
  if (body.deadline > addDays(today, MAX_DEADLINE_DAYS)) {
    throw badRequest('body.deadline', `may be at most ${MAX_DEADLINE_DAYS} days ahead (${addDays(today, MAX_DEADLINE_DAYS)})`, 'deadline_too_far');
  }
  const starterId = actor.principal.userId;
  const profiles = body.profiles ?? DEFAULT_PROFILES;
  const reviewerIds = body.reviewerIds ?? [starterId];

  const reviewId = await deps.db.transaction().execute(async (trx) => {
    // Reviewers: active administrators of the customer, each deciding the items his profile lets
    // him decide; the starter may be AO through a parent company (DLG-1), so his own access decides for him.
    const admins = await activeAdministrators(trx, customerId, reviewerIds, today);
    const byId = new Map<string, Reviewer>(admins.map((a) => [a.userId, { ...a, decides: (member) => mayReview(customerId, a.profile as Profile, member) }]));
    const starter: Reviewer = {
      ...(byId.get(starterId) ?? (await portalUser(trx, starterId))),
      decides: (member) => canGrant(actor.principal.context, { customerId, granteeProfile: member }).ok,
    };
    byId.set(starterId, starter);
    const missing = reviewerIds.findIndex((id) => !byId.has(id));
    if (missing >= 0) throw badRequest(`body.reviewerIds.${missing}`, 'is not an active Access Owner or Access Manager of this customer', 'not_a_reviewer');
    const reviewers = reviewerIds.map((id) => byId.get(id)!);

    if (await openReviewOf(trx, customerId)) throw conflict('review_open', 'This customer already has an open access review. Finish it first.');
    const members = await membersToReview(trx, customerId, profiles, starterId);
    if (members.length === 0) throw conflict('nothing_to_review', 'No user of the chosen profiles to review.');

    let turn = 0;
    const items = members.map((m) => {
      const eligible = reviewers.filter((r) => r.userId !== m.userId && r.decides(m.profile as Profile));
      const reviewer = eligible.length > 0 ? eligible[turn++ % eligible.length]! : starter;
      return { membershipId: m.membershipId, userId: m.userId, profile: m.profile, reviewerId: reviewer.userId };
    });

    let id: string;
    try {
      id = await insertReview(trx, { customerId, startedBy: starterId, startedAt: now, deadline: body.deadline, profiles });
    } catch (error) {
      // Two AOs starting at the same instant: the one-open-review index lets one win.
      if (isUniqueViolation(error)) throw conflict('review_open', 'This customer already has an open access review.');
      throw error;
    }
    await insertItems(trx, customerId, id, items);
    await audit(trx, deps, actor, customerId, 'access_review.start', 'AccessReview', id, null, {
      deadline: body.deadline, profiles, reviewerIds, items: items.length,
    });

    const { name: customer } = await customerNameOf(trx, customerId);
    const starterRow = await portalUser(trx, starterId);
    const counts = new Map<string, number>();
    for (const it of items) counts.set(it.reviewerId, (counts.get(it.reviewerId) ?? 0) + 1);
    for (const [reviewerId, count] of counts) {
      const r = byId.get(reviewerId)!;
      await enqueueMail(trx, {
        to: r.email, language: r.language as Language, customerId, message: REVIEW_STARTED_MAIL,
        params: {
          firstName: r.firstName, customer, starter: `${starterRow.firstName}`.trim() || starterRow.email, count: String(count), deadline: body.deadline,
          link: `${actor.origin}/customers/${customerId}/reviews/${id}`,
        },
      }, now);
    }
    return id;
  });
  const created = await findReview(deps.db, actor.principal.ability, customerId, reviewId);
  return toReview(created!);
}

/** Nobody decides on his own access (an AO may read his item in a review another AO started). */
const ownItem = () => forbidden('You do not decide on your own access in a review.');

async function itemsAfter(deps: Deps, actor: Actor, customerId: string, reviewId: string, itemIds: string[]): Promise<ReviewItem[]> {
  const rows = await listItems(deps.db, actor.principal.ability, customerId, reviewId, { limit: itemIds.length, itemIds });
  return rows.map(toItem);
}

/** Confirms items (single: 404 for an item the caller may not decide; bulk: 400 naming it). Idempotent. */
export async function confirmItems(deps: Deps, actor: Actor, customerId: string, reviewId: string, itemIds: string[], mode: 'single' | 'bulk'): Promise<ReviewItem[]> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const rows = await lockItems(trx, actor.principal.ability, customerId, reviewId, itemIds);
    const found = new Map(rows.map((r) => [r.id, r]));
    const missing = itemIds.findIndex((id) => !found.has(id));
    if (missing >= 0) {
      if (mode === 'single') throw notFound('review item');
      throw badRequest(`body.itemIds.${missing}`, 'is not an item of this review that you may decide', 'unknown_item');
    }
    if (rows.some((r) => r.reviewStatus !== 'open')) throw conflict('review_closed', 'This access review is closed.');
    if (rows.some((r) => r.userId === actor.principal.userId)) throw ownItem();
    const removedAt = itemIds.findIndex((id) => found.get(id)!.decision === 'removed' || found.get(id)!.decision === 'kept');
    if (removedAt >= 0) {
      throw new HttpProblem(409, 'already_decided', 'Conflict', 'This user was already removed; add him again if he needs access.',
        mode === 'bulk' ? [{ field: `body.itemIds.${removedAt}`, message: 'was already removed' }] : undefined);
    }
    const toConfirm = rows.filter((r) => r.decision === 'pending');
    await setDecision(trx, customerId, toConfirm.map((r) => r.id), 'confirmed', actor.principal.userId, now);
    for (const r of toConfirm) {
      await audit(trx, deps, actor, customerId, 'access_review.confirm', 'AccessReviewItem', r.id, { decision: 'pending' }, { decision: 'confirmed', reviewId, userId: r.userId });
    }
  });
  return itemsAfter(deps, actor, customerId, reviewId, itemIds);
}

/**
 * Removes the user's rights: his membership (with grants, SIM links, invitations) as DELETE /users/{userId}
 * does. 409 last_access_owner for the customer's last AO; 403 when the caller may not remove that profile.
 */
export async function removeItem(deps: Deps, actor: Actor, customerId: string, reviewId: string, itemId: string): Promise<ReviewItem> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const hadAccessOwners = await beginAccessOwnerChange(trx, deps, customerId);
    const [item] = await lockItems(trx, actor.principal.ability, customerId, reviewId, [itemId]);
    if (!item) throw notFound('review item');
    if (item.reviewStatus !== 'open') throw conflict('review_closed', 'This access review is closed.');
    if (item.userId === actor.principal.userId) throw ownItem();
    if (item.decision === 'removed') return;
    const member = await findUserRow(trx, customerId, item.userId, { forUpdate: true });
    if (member && member.membershipId === item.membershipId) {
      const deletable = await findAccessibleUser(trx, actor.principal.ability, 'delete', customerId, item.userId);
      if (!deletable || !canGrant(actor.principal.context, { customerId, granteeProfile: member.profile as Profile }).ok) {
        throw forbidden('You may not remove a user with this profile.');
      }
      await removeLockedMembership(trx, deps, actor, customerId, member, hadAccessOwners, { accessReviewId: reviewId });
    }
    await setDecision(trx, customerId, [item.id], 'removed', actor.principal.userId, now);
    await audit(trx, deps, actor, customerId, 'access_review.remove', 'AccessReviewItem', item.id, { decision: item.decision }, {
      decision: 'removed', reviewId, userId: item.userId, membershipRemoved: Boolean(member && member.membershipId === item.membershipId),
    });
  });
  const [after] = await itemsAfter(deps, actor, customerId, reviewId, [itemId]);
  return after!;
}

/**
 * After the deadline (the end of that day in Brussels), everything not confirmed is removed (as
 * DELETE /users/{userId}: membership, grants, SIM links, invitations) and the review closes, with a
 * summary mail to the AO who started it (or, when he no longer is one, to the customer's AOs). The
 * last active AO is never removed (ROLE-2): his item becomes `kept`. Idempotent: pending items move
 * to removed/kept in chunked transactions (FOR UPDATE SKIP LOCKED), and the review closes once; a
 * second run (or a second process) changes nothing. Returns the number of reviews closed.
 */
export async function closeExpiredReviews(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  let closed = 0;
  for (const review of await expiredReviews(deps.db, today)) {
    const { customerId, id: reviewId } = review;
    for (;;) {
      const handled = await deps.db.transaction().execute(async (trx) => {
        const hadAccessOwners = await beginAccessOwnerChange(trx, deps, customerId);
        const items = await lockPendingItems(trx, customerId, reviewId, CLOSING_CHUNK);
        for (const item of items) {
          const member = await findUserRow(trx, customerId, item.userId, { forUpdate: true });
          const stillThere = member && member.membershipId === item.membershipId;
          if (stillThere && member.profile === ACCESS_OWNER) {
            const owners = await activeAccessOwners(trx, customerId, today);
            if (owners.length === 1 && owners[0]!.userId === item.userId) {
              await setDecision(trx, customerId, [item.id], 'kept', null, now);
              await audit(trx, deps, null, customerId, 'access_review.keep_last_owner', 'AccessReviewItem', item.id,
                { decision: 'pending' }, { decision: 'kept', reviewId, userId: item.userId, reason: 'last_access_owner' });
              continue;
            }
          }
          if (stillThere) await removeLockedMembership(trx, deps, null, customerId, member, hadAccessOwners, { accessReviewId: reviewId, automatic: true });
          await setDecision(trx, customerId, [item.id], 'removed', null, now);
          await audit(trx, deps, null, customerId, 'access_review.auto_remove', 'AccessReviewItem', item.id,
            { decision: 'pending' }, { decision: 'removed', reviewId, userId: item.userId, membershipRemoved: Boolean(stillThere) });
        }
        return items.length;
      });
      if (handled < CLOSING_CHUNK) break;
    }
    await deps.db.transaction().execute(async (trx) => {
      // Another run may still hold a chunk (skipped above): close only when nothing is pending.
      if (await hasPendingItems(trx, customerId, reviewId)) return;
      if (!(await closeReview(trx, customerId, reviewId, now))) return;
      const counts = await decisionCounts(trx, customerId, reviewId);
      await audit(trx, deps, null, customerId, 'access_review.close', 'AccessReview', reviewId, { status: 'open' }, { status: 'closed', ...counts });
      const { name: customer } = await customerNameOf(trx, customerId);
      const starter = await portalUser(trx, review.startedBy);
      const recipients = (await isActiveAccessOwner(trx, customerId, review.startedBy, today))
        ? [{ email: starter.email, language: starter.language as Language }]
        : await accessOwnersOf(trx, [customerId], today);
      const params = { customer, deadline: review.deadline, total: String(counts.total), confirmed: String(counts.confirmed), removed: String(counts.removed), kept: String(counts.kept) };
      for (const r of recipients) await enqueueMail(trx, { to: r.email, language: r.language, message: REVIEW_CLOSED_MAIL, params, customerId }, now);
      closed++;
    });
  }
  return closed;
}
