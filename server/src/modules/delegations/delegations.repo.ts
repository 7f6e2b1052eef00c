import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { ACCESS_OWNER } from '@mandate/authz/profile-access';
import type { Action } from '@mandate/authz/subjects';
import type { AffiliateStatus, DelegationStatus } from '@mandate/contracts/delegations';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { delegationInForce, isActive, membershipGivesAccess } from '../../lib/access-sql.ts';

/** The columns the Delegation subject's rule fields stand for (DESIGN.md §2). */
export const DELEGATION_COLUMNS = { customerId: 'd.customer_id', partnerId: 'd.partner_id' } as const;
export const AFFILIATE_COLUMNS = { customerId: 'al.customer_id' } as const;

export interface Recipient {
  customerId: string | null;
  email: string;
  language: 'nl' | 'fr' | 'en';
}

/** The Access Owners of these customers whose membership gives access `today` (the "relevant AOs" of a mail), primary first. */
export async function accessOwnersOf(db: Kysely<DB>, customerIds: string[], today: string): Promise<Recipient[]> {
  if (customerIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', 'in', customerIds)
    .where('m.profile', '=', ACCESS_OWNER)
    .where(membershipGivesAccess('m', today))
    .where(isActive('u'))
    .select(['m.customer_id as customerId', 'u.email', 'u.language'])
    .orderBy('m.customer_id').orderBy('m.is_primary', 'desc').orderBy('u.email')
    .execute();
  return rows.map((r) => ({ customerId: r.customerId, email: r.email, language: r.language as Recipient['language'] }));
}

/** Operator staff, who review the queues. */
export async function operatorStaff(db: Kysely<DB>): Promise<Recipient[]> {
  const rows = await db.selectFrom('users as u').where('u.is_operator', '=', true).where(isActive('u')).select(['u.email', 'u.language']).orderBy('u.email').execute();
  return rows.map((r) => ({ customerId: null, email: r.email, language: r.language as Recipient['language'] }));
}

export async function userRecipient(db: Kysely<DB>, userId: string): Promise<Recipient | undefined> {
  const row = await db.selectFrom('users').where('id', '=', userId).select(['email', 'language']).executeTakeFirst();
  return row ? { customerId: null, email: row.email, language: row.language as Recipient['language'] } : undefined;
}

export function findCustomerByNumber(db: Kysely<DB>, enterpriseNumber: string) {
  return db.selectFrom('customers').where('enterprise_number', '=', enterpriseNumber).select(['id', 'name', 'status', 'enterprise_number']).executeTakeFirst();
}

export function findCustomer(db: Kysely<DB>, id: string) {
  return db.selectFrom('customers').where('id', '=', id).select(['id', 'name', 'status', 'enterprise_number']).executeTakeFirst();
}

export async function subscribedApps(db: Kysely<DB>, customerId: string): Promise<string[]> {
  const rows = await db.selectFrom('customer_apps').where('customer_id', '=', customerId).where('deactivated_at', 'is', null).select('app').execute();
  return rows.map((r) => r.app);
}

/** The customer's billing accounts and cost centres a delegation's scope can name (filtered by the ability). */
export async function delegationScopeOptions(db: Kysely<DB>, ability: AppAbility, customerId: string) {
  const [billingAccounts, costCentres] = await Promise.all([
    db.selectFrom('billing_accounts as ba').where('ba.customer_id', '=', customerId)
      .where(whereAccessible(ability, 'read', 'BillingAccount', { customerId: 'ba.customer_id', billingAccountId: 'ba.id' }))
      .select(['ba.id', 'ba.number', 'ba.name', 'ba.type']).orderBy('ba.number').limit(1000).execute(),
    db.selectFrom('cost_centres as cc').where('cc.customer_id', '=', customerId)
      .where(whereAccessible(ability, 'read', 'CostCentre', { customerId: 'cc.customer_id', costCentreId: 'cc.id' }))
      .select(['cc.id', 'cc.code', 'cc.name']).orderBy('cc.code').limit(1000).execute(),
  ]);
  return { billingAccounts, costCentres };
}

function delegationQuery(db: Kysely<DB>) {
  return db
    .selectFrom('delegations as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .innerJoin('customers as p', 'p.id', 'd.partner_id')
    .select((eb) => [
      'd.id', 'd.customer_id as customerId', 'c.name as customerName', 'c.enterprise_number as customerEnterpriseNumber',
      'd.partner_id as partnerId', 'p.name as partnerName', 'p.enterprise_number as partnerEnterpriseNumber',
      'd.rights', 'd.billing_account_ids as billingAccountIds', 'd.cost_centre_ids as costCentreIds', 'd.status',
      'd.starts_at as startsAt', 'd.ends_at as endsAt', 'd.reason', 'd.decided_at as decidedAt', 'd.created_at as createdAt',
      timeKey('d.created_at').as('sortKey'),
      // The scope by name: only the delegating customer's own accounts and centres can be named in it.
      jsonArrayFrom(
        eb.selectFrom('billing_accounts as ba')
          .whereRef('ba.customer_id', '=', 'd.customer_id').where(sql<boolean>`ba.id = any(d.billing_account_ids)`)
          .select(['ba.id', 'ba.number', 'ba.name']).orderBy('ba.number'),
      ).as('billingAccounts'),
      jsonArrayFrom(
        eb.selectFrom('cost_centres as cc')
          .whereRef('cc.customer_id', '=', 'd.customer_id').where(sql<boolean>`cc.id = any(d.cost_centre_ids)`)
          .select(['cc.id', 'cc.code', 'cc.name']).orderBy('cc.code'),
      ).as('costCentres'),
      jsonArrayFrom(
        eb.selectFrom('delegation_users as du').innerJoin('users as u', 'u.id', 'du.user_id')
          .whereRef('du.delegation_id', '=', 'd.id')
          .select(['u.id as userId', 'u.first_name as firstName', 'u.last_name as lastName', 'u.email'])
          .orderBy('u.last_name').orderBy('u.first_name').orderBy('u.id'),
      ).as('users'),
    ]);
}
export type DelegationRow = Awaited<ReturnType<ReturnType<typeof delegationQuery>['executeTakeFirstOrThrow']>>;

/** Keyset position after a page: the sort key (a timestamp) and the id of its last row. */
export type After = readonly [string, string] | undefined;

/**
 * A timestamp as a cursor value, at the database's full (microsecond) precision: rows made in
 * the same millisecond keep their order from one page to the next.
 */
function timeKey(column: string) {
  return sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The customer's delegations the ability lets the user read, given (outgoing) or received (incoming),
 * newest first, keyset-paged on (created_at, id).
 */
export function listDelegations(
  db: Kysely<DB>, ability: AppAbility, customerId: string,
  f: { direction?: 'outgoing' | 'incoming' | undefined; status?: DelegationStatus | undefined; after: After; limit: number },
) {
  let q = delegationQuery(db).where(whereAccessible(ability, 'read', 'Delegation', DELEGATION_COLUMNS));
  if (f.direction === 'outgoing') q = q.where('d.customer_id', '=', customerId);
  else if (f.direction === 'incoming') q = q.where('d.partner_id', '=', customerId);
  else q = q.where((eb) => eb.or([eb('d.customer_id', '=', customerId), eb('d.partner_id', '=', customerId)]));
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.after) q = q.where(sql<boolean>`(d.created_at, d.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(f.limit + 1).execute();
}

/** Every delegation, for the operator's queue (the route's OperatorQueue gate decides who reads it), newest first. */
export function listDelegationsForOperator(
  db: Kysely<DB>,
  f: { status?: DelegationStatus | undefined; customerId?: string | undefined; partnerId?: string | undefined; after: After; limit: number },
) {
  let q = delegationQuery(db);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.customerId) q = q.where('d.customer_id', '=', f.customerId);
  if (f.partnerId) q = q.where('d.partner_id', '=', f.partnerId);
  if (f.after) q = q.where(sql<boolean>`(d.created_at, d.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(f.limit + 1).execute();
}

/** One delegation, only when the ability allows `action` on it and it is on the given side of `customerId`. */
export function findDelegation(
  db: Kysely<DB>, ability: AppAbility, action: Action, id: string, side: { customerId: string; as: 'customer' | 'partner' | 'either' },
) {
  let q = delegationQuery(db).where('d.id', '=', id).where(whereAccessible(ability, action, 'Delegation', DELEGATION_COLUMNS));
  if (side.as === 'customer') q = q.where('d.customer_id', '=', side.customerId);
  if (side.as === 'partner') q = q.where('d.partner_id', '=', side.customerId);
  if (side.as === 'either') q = q.where((eb) => eb.or([eb('d.customer_id', '=', side.customerId), eb('d.partner_id', '=', side.customerId)]));
  return q.executeTakeFirst();
}

/**
 * One delegation by id, whoever may see it: for the operator (whose route gate decides) and to
 * read back a delegation the caller has just changed.
 */
export function delegationById(db: Kysely<DB>, id: string) {
  return delegationQuery(db).where('d.id', '=', id).executeTakeFirst();
}

/** Locks the row for a transition (two decisions at the same moment: exactly one wins). */
export function lockDelegation(trx: Kysely<DB>, id: string) {
  return trx.selectFrom('delegations').where('id', '=', id).select(['id', 'customer_id', 'partner_id', 'status', 'ends_at']).forUpdate().executeTakeFirst();
}

export async function setDelegationStatus(
  trx: Kysely<DB>, id: string, from: readonly DelegationStatus[], to: DelegationStatus, fields: { decidedBy?: string | null; decidedAt?: Date; reason?: string | null },
): Promise<boolean> {
  const res = await trx.updateTable('delegations')
    .set({
      status: to,
      ...(fields.decidedBy !== undefined ? { decided_by: fields.decidedBy } : {}),
      ...(fields.decidedAt !== undefined ? { decided_at: fields.decidedAt } : {}),
      ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
    })
    .where('id', '=', id).where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertDelegation(trx: Kysely<DB>, d: {
  customerId: string; partnerId: string; rights: unknown; billingAccountIds: string[]; costCentreIds: string[];
  startsAt: Date; endsAt: Date; proposedBy: string; now: Date;
}): Promise<string> {
  const row = await trx.insertInto('delegations').values({
    customer_id: d.customerId, partner_id: d.partnerId, rights: JSON.stringify(d.rights), billing_account_ids: d.billingAccountIds,
    cost_centre_ids: d.costCentreIds, status: 'pending_operator', starts_at: d.startsAt, ends_at: d.endsAt, proposed_by: d.proposedBy, created_at: d.now,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The users of `partnerId` among `userIds` who may exercise a delegation (DLG-4): active members, employment not ended. */
export async function activePartnerMembers(db: Kysely<DB>, partnerId: string, userIds: string[], today: string): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', partnerId).where('m.user_id', 'in', userIds)
    .where(membershipGivesAccess('m', today)).where(isActive('u'))
    .select('m.user_id').execute();
  return rows.map((r) => r.user_id);
}

export async function delegationUserIds(db: Kysely<DB>, delegationId: string): Promise<string[]> {
  const rows = await db.selectFrom('delegation_users').where('delegation_id', '=', delegationId).select('user_id').orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

export async function replaceDelegationUsers(trx: Kysely<DB>, d: { id: string; customerId: string }, userIds: string[], by: string, now: Date) {
  await trx.deleteFrom('delegation_users').where('delegation_id', '=', d.id).execute();
  if (userIds.length > 0) {
    await trx.insertInto('delegation_users')
      .values(userIds.map((userId) => ({ customer_id: d.customerId, delegation_id: d.id, user_id: userId, assigned_by: by, created_at: now })))
      .execute();
  }
}

// ---- Affiliates (DLG-1, ACC-2) ------------------------------------------------------------------

function affiliateQuery(db: Kysely<DB>) {
  return db
    .selectFrom('affiliate_links as al')
    .innerJoin('customers as c', 'c.id', 'al.customer_id')
    .innerJoin('customers as a', 'a.id', 'al.affiliate_id')
    .select([
      'al.id', 'al.customer_id as customerId', 'c.name as customerName', 'c.enterprise_number as customerEnterpriseNumber',
      'al.affiliate_id as affiliateId', 'a.name as affiliateName', 'a.enterprise_number as affiliateEnterpriseNumber',
      'al.basis', 'al.status', 'al.reason', 'al.requested_at as requestedAt', 'al.decided_at as decidedAt',
      timeKey('al.requested_at').as('sortKey'),
    ]);
}
export type AffiliateRow = Awaited<ReturnType<ReturnType<typeof affiliateQuery>['executeTakeFirstOrThrow']>>;

/** The customer's affiliates the ability lets the user read, newest request first, keyset-paged on (requested_at, id). */
export function listAffiliates(db: Kysely<DB>, ability: AppAbility, customerId: string, f: { status?: AffiliateStatus | undefined; after: After; limit: number }) {
  let q = affiliateQuery(db).where(whereAccessible(ability, 'read', 'Affiliate', AFFILIATE_COLUMNS)).where('al.customer_id', '=', customerId);
  if (f.status) q = q.where('al.status', '=', f.status);
  if (f.after) q = q.where(sql<boolean>`(al.requested_at, al.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q.orderBy('al.requested_at', 'desc').orderBy('al.id', 'desc').limit(f.limit + 1).execute();
}

/** Every affiliate request and link, for the operator's queue (the route's OperatorQueue gate decides who reads it). */
export function listAffiliatesForOperator(db: Kysely<DB>, f: { status?: AffiliateStatus | undefined; after: After; limit: number }) {
  let q = affiliateQuery(db);
  if (f.status) q = q.where('al.status', '=', f.status);
  if (f.after) q = q.where(sql<boolean>`(al.requested_at, al.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return q.orderBy('al.requested_at', 'desc').orderBy('al.id', 'desc').limit(f.limit + 1).execute();
}

export function findAffiliate(db: Kysely<DB>, id: string) {
  return affiliateQuery(db).where('al.id', '=', id).executeTakeFirst();
}

/** The link between two companies in either direction (a request, an active link, a refused one…). */
export function linkBetween(db: Kysely<DB>, a: string, b: string) {
  return db.selectFrom('affiliate_links')
    .where((eb) => eb.or([eb.and([eb('customer_id', '=', a), eb('affiliate_id', '=', b)]), eb.and([eb('customer_id', '=', b), eb('affiliate_id', '=', a)])]))
    .select(['id', 'customer_id', 'affiliate_id', 'status']).forUpdate().execute();
}

export async function upsertAffiliateRequest(trx: Kysely<DB>, r: { customerId: string; affiliateId: string; basis: string; now: Date }): Promise<string> {
  const row = await trx.insertInto('affiliate_links')
    .values({ customer_id: r.customerId, affiliate_id: r.affiliateId, basis: r.basis, status: 'pending', requested_at: r.now })
    .onConflict((oc) => oc.columns(['customer_id', 'affiliate_id']).doUpdateSet({
      basis: r.basis, status: 'pending', requested_at: r.now, decided_at: null, decided_by: null, reason: null,
    }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function lockAffiliate(trx: Kysely<DB>, id: string) {
  return trx.selectFrom('affiliate_links').where('id', '=', id).select(['id', 'customer_id', 'affiliate_id', 'status', 'basis']).forUpdate().executeTakeFirst();
}

export async function decideAffiliate(trx: Kysely<DB>, id: string, to: 'active' | 'refused', by: string, at: Date, reason: string | null): Promise<boolean> {
  const res = await trx.updateTable('affiliate_links').set({ status: to, decided_by: by, decided_at: at, reason })
    .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// ---- Jobs: reminders and expiry (DLG-3) ---------------------------------------------------------

/** Delegations in force that end within `withinMs` and have no reminder of this kind for their current end. */
export function delegationsDueForReminder(db: Kysely<DB>, now: Date, withinMs: number, kind: '30d' | '7d') {
  return db.selectFrom('delegations as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .innerJoin('customers as p', 'p.id', 'd.partner_id')
    .where(delegationInForce('d', now))
    .where('d.ends_at', '<=', new Date(now.getTime() + withinMs))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('delegation_reminders as r')
      .whereRef('r.delegation_id', '=', 'd.id').whereRef('r.ends_at', '=', 'd.ends_at').where('r.kind', '=', kind).select(sql`1`.as('x')))))
    .select(['d.id', 'd.customer_id as customerId', 'd.partner_id as partnerId', 'd.ends_at as endsAt', 'c.name as customerName', 'p.name as partnerName'])
    .orderBy('d.ends_at').limit(500)
    .execute();
}

/** Records a reminder; false when another run recorded it first (the job is idempotent). */
export async function recordReminder(trx: Kysely<DB>, r: { customerId: string; delegationId: string; kind: '30d' | '7d'; endsAt: Date; now: Date; mailed: boolean }) {
  const rows = await trx.insertInto('delegation_reminders')
    .values({ customer_id: r.customerId, delegation_id: r.delegationId, kind: r.kind, ends_at: r.endsAt, sent_at: r.now, mailed: r.mailed })
    .onConflict((oc) => oc.doNothing()).returning('kind').execute();
  return rows.length === 1;
}

/** Delegations whose end passed while still open (DLG-3: `active` → `expired`; pending ones can no longer start). */
export function delegationsToExpire(db: Kysely<DB>, now: Date) {
  return db.selectFrom('delegations as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .innerJoin('customers as p', 'p.id', 'd.partner_id')
    .where('d.status', 'in', ['active', 'pending_operator', 'pending_partner'])
    .where('d.ends_at', '<=', now)
    .select(['d.id', 'd.customer_id as customerId', 'd.partner_id as partnerId', 'd.status', 'd.ends_at as endsAt', 'c.name as customerName', 'p.name as partnerName'])
    .orderBy('d.ends_at').limit(500)
    .execute();
}

/** An open delegation whose end passed becomes `expired`; false when another run (or a decision) changed it first. */
export async function markExpired(trx: Kysely<DB>, id: string, now: Date): Promise<boolean> {
  const res = await trx.updateTable('delegations').set({ status: 'expired' })
    .where('id', '=', id).where('status', 'in', ['active', 'pending_operator', 'pending_partner']).where('ends_at', '<=', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
