import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { ADMINISTRATOR_PROFILES, AFFILIATE_PROFILES } from '@mandate/authz/profile-access';
import { ACCESS_OWNER } from '@mandate/authz/profile-access';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { isActive, membershipGivesAccess } from '../../lib/access-sql.ts';

/** Keyset position after a page: the sort key and the id of its last row. */
type After = readonly [string, string] | undefined;

/**
 * Access reviews. The AccessReview subject's fields are those of an item: the customer
 * and the item's reviewer. An AO's rule ({customerId}) opens every review and item of the customer;
 * an AM's rule ({customerId, reviewerId}) only the items assigned to him and the reviews holding them.
 */
const ITEM_COLUMNS = { customerId: 'i.customer_id', reviewerId: 'i.reviewer_user_id' } as const;
/** For a review joined (left) with its items: an AO keeps reviews whatever their items. */
const REVIEW_COLUMNS = { customerId: 'r.customer_id', reviewerId: 'i.reviewer_user_id' } as const;

const NAME_KEY = sql<string>`lower(u.last_name || ' ' || u.first_name)`;

/** Reviews of the customer with their progress over the items the caller may read (filtered in SQL). */
function reviewsQuery(db: Kysely<DB>, ability: AppAbility, customerId: string) {
  return db
    .selectFrom('access_reviews as r')
    .innerJoin('users as s', 's.id', 'r.started_by')
    .leftJoin('access_review_items as i', (join) => join.onRef('i.review_id', '=', 'r.id').onRef('i.customer_id', '=', 'r.customer_id'))
    .where('r.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'read', 'AccessReview', REVIEW_COLUMNS))
    .groupBy(['r.customer_id', 'r.id', 's.id'])
    .select([
      'r.id', 'r.customer_id as customerId', 'r.status', sql<string>`r.deadline::text`.as('deadline'), 'r.profiles', 'r.started_at as startedAt',
      'r.closed_at as closedAt', 's.id as starterId', 's.first_name as starterFirstName', 's.last_name as starterLastName', 's.email as starterEmail',
      sql<number>`count(i.id)::int`.as('total'),
      sql<number>`(count(i.id) FILTER (WHERE i.decision <> 'pending'))::int`.as('decided'),
      sql<number>`(count(i.id) FILTER (WHERE i.decision = 'confirmed'))::int`.as('confirmed'),
      sql<number>`(count(i.id) FILTER (WHERE i.decision = 'removed'))::int`.as('removed'),
      sql<number>`(count(i.id) FILTER (WHERE i.decision = 'kept'))::int`.as('kept'),
    ]);
}
export type ReviewRow = NonNullable<Awaited<ReturnType<typeof findReview>>>;

/** Newest first, keyset on (started_at, id). */
export function listReviews(db: Kysely<DB>, ability: AppAbility, customerId: string, page: { limit: number; after: After }) {
  let q = reviewsQuery(db, ability, customerId);
  if (page.after) q = q.where(sql<boolean>`(r.started_at, r.id) < (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)`);
  return q.orderBy('r.started_at', 'desc').orderBy('r.id', 'desc').limit(page.limit + 1).execute();
}

/** One review as the caller may read it: out of scope (an AM with no item in it) → undefined. */
export function findReview(db: Kysely<DB>, ability: AppAbility, customerId: string, reviewId: string) {
  return reviewsQuery(db, ability, customerId).where('r.id', '=', reviewId).executeTakeFirst();
}

/** Items of a review, sorted by name, keyset on (name, id), with the user's current rights. */
export function listItems(
  db: Kysely<DB>, ability: AppAbility, customerId: string, reviewId: string,
  query: { limit: number; after?: After; decision?: string | undefined; reviewerId?: string | undefined; itemIds?: string[] },
) {
  let q = itemsQuery(db, customerId)
    .where('i.review_id', '=', reviewId)
    .where(whereAccessible(ability, 'read', 'AccessReview', ITEM_COLUMNS));
  if (query.decision) q = q.where('i.decision', '=', query.decision);
  if (query.reviewerId) q = q.where('i.reviewer_user_id', '=', query.reviewerId);
  if (query.itemIds) q = q.where('i.id', 'in', query.itemIds);
  if (query.after) q = q.where(sql<boolean>`(${NAME_KEY}, i.id) > (${query.after[0]}, ${query.after[1]}::uuid)`);
  return q.orderBy(NAME_KEY).orderBy('i.id').limit(query.limit + 1).execute();
}

function itemsQuery(db: Kysely<DB>, customerId: string) {
  return db
    .selectFrom('access_review_items as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('users as rv', 'rv.id', 'i.reviewer_user_id')
    .leftJoin('users as d', 'd.id', 'i.decided_by')
    .leftJoin('memberships as m', (join) => join.onRef('m.id', '=', 'i.membership_id').onRef('m.customer_id', '=', 'i.customer_id'))
    .where('i.customer_id', '=', customerId)
    .select((eb) => [
      'i.id', 'i.profile', 'i.decision', 'i.decided_at as decidedAt', 'i.membership_id as membershipId',
      'u.id as userId', 'u.first_name as firstName', 'u.last_name as lastName', 'u.email',
      'rv.id as reviewerId', 'rv.first_name as reviewerFirstName', 'rv.last_name as reviewerLastName', 'rv.email as reviewerEmail',
      'd.id as deciderId', 'd.first_name as deciderFirstName', 'd.last_name as deciderLastName', 'd.email as deciderEmail',
      'm.id as currentMembershipId', 'm.sub_profiles as subProfiles', NAME_KEY.as('sortKey'),
      jsonArrayFrom(
        eb.selectFrom('grants as g')
          .whereRef('g.membership_id', '=', 'i.membership_id')
          .select(['g.app', 'g.actions', sql<number>`cardinality(g.billing_account_ids)`.as('billingAccounts'), sql<number>`cardinality(g.cost_centre_ids)`.as('costCentres')])
          .orderBy('g.app'),
      ).as('rights'),
    ]);
}
export type ItemRow = Awaited<ReturnType<typeof listItems>>[number];

/** Items the caller may update, locked for the decision (with the review's status). */
export function lockItems(trx: Kysely<DB>, ability: AppAbility, customerId: string, reviewId: string, itemIds: string[]) {
  return trx
    .selectFrom('access_review_items as i')
    .innerJoin('access_reviews as r', (join) => join.onRef('r.id', '=', 'i.review_id').onRef('r.customer_id', '=', 'i.customer_id'))
    .where('i.customer_id', '=', customerId)
    .where('i.review_id', '=', reviewId)
    .where('i.id', 'in', itemIds)
    .where(whereAccessible(ability, 'update', 'AccessReview', ITEM_COLUMNS))
    .select(['i.id', 'i.user_id as userId', 'i.membership_id as membershipId', 'i.profile', 'i.decision', 'r.status as reviewStatus'])
    .forUpdate('i')
    .execute();
}

export async function setDecision(trx: Kysely<DB>, customerId: string, itemIds: string[], decision: 'confirmed' | 'removed' | 'kept', by: string | null, at: Date) {
  if (itemIds.length === 0) return;
  await trx.updateTable('access_review_items').set({ decision, decided_by: by, decided_at: at })
    .where('customer_id', '=', customerId).where('id', 'in', itemIds).execute();
}

/** The open review of the customer, if any (at most one: access_reviews_one_open). */
export function openReviewOf(trx: Kysely<DB>, customerId: string) {
  return trx.selectFrom('access_reviews').where('customer_id', '=', customerId).where('status', '=', 'open').select('id').executeTakeFirst();
}

/** The memberships under review: the given profiles, except the AO who starts it. Sorted by name. */
export function membersToReview(trx: Kysely<DB>, customerId: string, profiles: string[], exceptUserId: string) {
  return trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .where('m.profile', 'in', profiles)
    .where('m.user_id', '<>', exceptUserId)
    .select(['m.id as membershipId', 'm.user_id as userId', 'm.profile'])
    .orderBy(NAME_KEY).orderBy('u.id')
    .execute();
}

/**
 * Of `userIds`, the customer's administrators (the profiles that administer users by themselves)
 * whose membership gives access `today`: the possible reviewers, with their language and address.
 */
export function activeAdministrators(trx: Kysely<DB>, customerId: string, userIds: string[], today: string) {
  if (userIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .where('m.user_id', 'in', userIds)
    .where('m.profile', 'in', ADMINISTRATOR_PROFILES)
    .where(membershipGivesAccess('m', today))
    .where(isActive('u'))
    .select(['u.id as userId', 'm.profile', 'u.email', 'u.language', 'u.first_name as firstName'])
    .execute();
}

export function portalUser(trx: Kysely<DB>, userId: string) {
  return trx.selectFrom('users').where('id', '=', userId).select(['id as userId', 'email', 'language', 'first_name as firstName', 'status']).executeTakeFirstOrThrow();
}

export async function insertReview(
  trx: Kysely<DB>, r: { customerId: string; startedBy: string; startedAt: Date; deadline: string; profiles: string[] },
): Promise<string> {
  const row = await trx.insertInto('access_reviews')
    .values({ customer_id: r.customerId, started_by: r.startedBy, started_at: r.startedAt, deadline: r.deadline, profiles: r.profiles })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertItems(
  trx: Kysely<DB>, customerId: string, reviewId: string, items: Array<{ membershipId: string; userId: string; profile: string; reviewerId: string }>,
) {
  for (let i = 0; i < items.length; i += 500) {
    await trx.insertInto('access_review_items').values(items.slice(i, i + 500).map((it) => ({
      customer_id: customerId, review_id: reviewId, membership_id: it.membershipId, user_id: it.userId, profile: it.profile, reviewer_user_id: it.reviewerId,
    }))).execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Closing reviews past their deadline (no caller's ability: the system acts).

/** Open reviews whose deadline (a Brussels date, inclusive) lies before `today`. */
export function expiredReviews(db: Kysely<DB>, today: string) {
  return db.selectFrom('access_reviews').where('status', '=', 'open').where('deadline', '<', today)
    .select(['id', 'customer_id as customerId', 'started_by as startedBy', sql<string>`deadline::text`.as('deadline')])
    .orderBy('deadline').orderBy('id').execute();
}

/** A chunk of the review's undecided items, locked (a concurrent run skips them). */
export function lockPendingItems(trx: Kysely<DB>, customerId: string, reviewId: string, limit: number) {
  return trx.selectFrom('access_review_items as i')
    .where('i.customer_id', '=', customerId).where('i.review_id', '=', reviewId).where('i.decision', '=', 'pending')
    .select(['i.id', 'i.user_id as userId', 'i.membership_id as membershipId', 'i.profile'])
    .orderBy('i.id').limit(limit).forUpdate().skipLocked().execute();
}

export async function hasPendingItems(trx: Kysely<DB>, customerId: string, reviewId: string): Promise<boolean> {
  const row = await trx.selectFrom('access_review_items').where('customer_id', '=', customerId).where('review_id', '=', reviewId)
    .where('decision', '=', 'pending').select('id').limit(1).executeTakeFirst();
  return Boolean(row);
}

/** Closes the review once (false when it was closed meanwhile). */
export async function closeReview(trx: Kysely<DB>, customerId: string, reviewId: string, at: Date): Promise<boolean> {
  const res = await trx.updateTable('access_reviews').set({ status: 'closed', closed_at: at })
    .where('customer_id', '=', customerId).where('id', '=', reviewId).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function decisionCounts(trx: Kysely<DB>, customerId: string, reviewId: string) {
  return trx.selectFrom('access_review_items').where('customer_id', '=', customerId).where('review_id', '=', reviewId)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) FILTER (WHERE decision = 'confirmed'))::int`.as('confirmed'),
      sql<number>`(count(*) FILTER (WHERE decision = 'removed'))::int`.as('removed'),
      sql<number>`(count(*) FILTER (WHERE decision = 'kept'))::int`.as('kept'),
    ]).executeTakeFirstOrThrow();
}

/**
 * Is the starter still an Access Owner whose membership gives access `today`, of the customer or
 * of a customer that controls it (DLG-1)? He then gets the closing summary.
 */
export async function isActiveAccessOwner(trx: Kysely<DB>, customerId: string, userId: string, today: string): Promise<boolean> {
  const row = await trx.selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.user_id', '=', userId)
    .where(membershipGivesAccess('m', today))
    .where(isActive('u'))
    .where((eb) => eb.or([
      eb.and([eb('m.customer_id', '=', customerId), eb('m.profile', '=', ACCESS_OWNER)]),
      eb.and([
        eb('m.profile', 'in', AFFILIATE_PROFILES),
        eb('m.customer_id', 'in', eb.selectFrom('affiliate_links').where('affiliate_id', '=', customerId).where('status', '=', 'active').select('customer_id')),
      ]),
    ]))
    .select('m.id').executeTakeFirst();
  return Boolean(row);
}

export function customerNameOf(db: Kysely<DB>, customerId: string) {
  return db.selectFrom('customers').where('id', '=', customerId).select('name').executeTakeFirstOrThrow();
}
