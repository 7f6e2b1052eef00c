import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { ACCESS_OWNER } from '@mandate/authz/profile-access';
import type { MembershipStatus, UserListQuery } from '@mandate/contracts/users';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { membershipGivesAccess } from '../../lib/access-sql.ts';
import { memberFirstName, memberLastName } from '../../lib/member-names.ts';
import { recordHistory } from '../sim-orders/sim-changes.ts';

/** The columns the User subject's rule fields stand for in this query. */
export const USER_COLUMNS = { customerId: 'm.customer_id', userId: 'm.user_id' } as const;

/**
 * The names and language the customer sees: as its administrator described the person until he
 * accepts the invitation (ROLE-7: nothing of an existing account shows before he consents), then
 * his own.
 */
const FIRST_NAME = memberFirstName('m', 'u');
const LAST_NAME = memberLastName('m', 'u');
const LANGUAGE = sql<string>`coalesce(m.invited_language, u.language)`;
/** The membership's status, as the contracts name its values (a CHECK constraint keeps the column to them). */
const STATUS = sql<MembershipStatus>`m.status`;

/** The list's sort keys; each is text, so a page position is (sort key, user id). */
const SORT_KEYS = {
  name: null,
  email: sql<string>`u.email`,
  profile: sql<string>`m.profile`,
  employmentEnd: sql<string>`coalesce(m.employment_end::text, '9999-12-31')`,
} as const;

export type UserSortField = keyof typeof SORT_KEYS;

export interface UserListFilters extends Omit<UserListQuery, 'cursor' | 'limit' | 'sort'> {
  field: UserSortField;
  direction: 'asc' | 'desc';
  /** The (sort key, user id) of the last row of the previous page. */
  after?: readonly [string, string] | undefined;
  limit: number;
}

type Scope = ReturnType<typeof whereAccessible> | undefined;

/**
 * One half of the list: the members named by their own account, or those still named as the
 * invitation described them. Apart, each half sorts by plain columns, so the first reads the
 * account-name index (`users_name_sort_idx`) a page at a time instead of sorting every member.
 */
function userListHalf(db: Kysely<DB>, customerId: string, f: UserListFilters, scope: Scope, invited: boolean) {
  const first = invited ? sql<string>`m.invited_first_name` : sql<string>`u.first_name`;
  const last = invited ? sql<string>`m.invited_last_name` : sql<string>`u.last_name`;
  const key = SORT_KEYS[f.field] ?? sql<string>`lower(${last} || ' ' || ${first})`;
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .where('m.invited_last_name', invited ? 'is not' : 'is', null)
    .select([
      'u.id', 'm.id as membershipId', 'u.email', first.as('firstName'), last.as('lastName'), 'm.profile',
      'm.sub_profiles as subProfiles', 'm.is_primary as isPrimary', 'm.is_deputy as isDeputy', STATUS.as('status'), 'm.employment_basis as employmentBasis',
      'm.employment_end as employmentEnd', key.as('sortKey'),
    ]);
  if (scope) q = q.where(scope);
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([
      eb(sql`lower(${first} || ' ' || ${last})`, 'like', like),
      eb(sql`lower(${last} || ' ' || ${first})`, 'like', like),
      eb('u.email', 'like', like),
    ]));
  }
  if (f.profile) q = q.where('m.profile', '=', f.profile);
  if (f.status) q = q.where('m.status', '=', f.status);
  if (f.subProfile) q = q.where(sql<boolean>`m.sub_profiles @> ARRAY[${f.subProfile}]::text[]`);
  if (f.employmentEndBefore) q = q.where('m.employment_end', '<=', f.employmentEndBefore);
  if (f.after) {
    const [value, id] = f.after;
    q = q.where(f.direction === 'asc' ? sql<boolean>`(${key}, u.id) > (${value}, ${id}::uuid)` : sql<boolean>`(${key}, u.id) < (${value}, ${id}::uuid)`);
  }
  return q.orderBy(key, f.direction).orderBy('u.id', f.direction).limit(f.limit + 1);
}

/** The user list of one customer, a page of both halves merged in order; `scope` is the permission filter. */
function userListQuery(db: Kysely<DB>, customerId: string, f: UserListFilters, scope: Scope) {
  return db.selectFrom(userListHalf(db, customerId, f, scope, false).as('own')).selectAll()
    .unionAll(db.selectFrom(userListHalf(db, customerId, f, scope, true).as('invited')).selectAll())
    .orderBy('sortKey', f.direction).orderBy('id', f.direction).limit(f.limit + 1);
}

/**
 * The customer's users the ability lets the caller read, filtered in SQL by the same rules the
 * ability checks (DESIGN.md §2), with keyset pagination on (sort key, user id).
 */
export function listUsers(db: Kysely<DB>, ability: AppAbility, customerId: string, filters: UserListFilters) {
  return userListQuery(db, customerId, filters, whereAccessible(ability, 'read', 'User', USER_COLUMNS)).execute();
}

/** Every user of the customer, unscoped: for operator and system callers (and the permission filter's cost baseline). */
export function listAllUsers(db: Kysely<DB>, customerId: string, filters: UserListFilters) {
  return userListQuery(db, customerId, filters, undefined).execute();
}

// ---------------------------------------------------------------------------------------------
// One user of a customer (ROLE-1..8). Every function takes the db or a transaction.

const detailColumns = [
  'u.id', 'm.id as membershipId', 'u.email', FIRST_NAME.as('firstName'), LAST_NAME.as('lastName'), 'm.profile',
  'm.sub_profiles as subProfiles', 'm.is_primary as isPrimary', 'm.is_deputy as isDeputy', STATUS.as('status'),
  'm.employment_basis as employmentBasis', 'm.employment_end as employmentEnd', LANGUAGE.as('language'),
  // Until he accepts, the customer learns nothing about the person's own account (ROLE-7): not even whether it exists.
  sql<string>`CASE WHEN m.status = 'invited' THEN 'invited' ELSE u.status END`.as('accountStatus'),
  'm.created_at as createdAt',
] as const;

export type UserRow = Awaited<ReturnType<typeof findUserRow>>;

/** The user's membership at the customer, or undefined. No permission filter: callers decide (see findAccessibleUser). */
export function findUserRow(db: Kysely<DB>, customerId: string, userId: string, options: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .where('m.user_id', '=', userId)
    .select(detailColumns);
  if (options.forUpdate) q = q.forUpdate('m');
  return q.executeTakeFirst();
}

/** A single user as the ability lets `action` see him: out of scope → undefined (the route answers 404). */
export function findAccessibleUser(db: Kysely<DB>, ability: AppAbility, action: 'read' | 'update' | 'delete', customerId: string, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .where('m.user_id', '=', userId)
    .where(whereAccessible(ability, action, 'User', USER_COLUMNS))
    .select(detailColumns)
    .executeTakeFirst();
}

/**
 * ROLE-2 "always keeps at least one AO": locks every AO membership of the customer, in one order,
 * so two concurrent changes to its AOs run one after the other; the second then re-reads the count.
 */
export async function lockAccessOwners(trx: Kysely<DB>, customerId: string): Promise<void> {
  await trx
    .selectFrom('memberships')
    .where('customer_id', '=', customerId)
    .where('profile', '=', ACCESS_OWNER)
    .select('id')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The AO memberships that give access today (active, employment not ended: ROLE-7), primary first, then the longest-standing. */
export function activeAccessOwners(trx: Kysely<DB>, customerId: string, today: string) {
  return trx
    .selectFrom('memberships as m')
    .where('m.customer_id', '=', customerId)
    .where('m.profile', '=', ACCESS_OWNER)
    .where(membershipGivesAccess('m', today))
    .select(['m.id', 'm.user_id as userId', 'm.is_primary as isPrimary'])
    .orderBy('m.is_primary', 'desc')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
}

/** The deputy of the customer's primary AO, when his membership still gives access. */
export function activeDeputy(trx: Kysely<DB>, customerId: string, today: string) {
  return trx
    .selectFrom('memberships as m')
    .where('m.customer_id', '=', customerId)
    .where('m.is_deputy', '=', true)
    .where(membershipGivesAccess('m', today))
    .select(['m.id', 'm.user_id as userId', 'm.profile'])
    .executeTakeFirst();
}

/** The customers whose primary AO's membership no longer gives access on `today` (suspended, or employment ended: ROLE-7). */
export async function customersWithStalePrimary(db: Kysely<DB>, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .where('m.is_primary', '=', true)
    .where((eb) => eb.not(membershipGivesAccess('m', today)))
    .select('m.customer_id as customerId')
    .execute();
  return rows.map((r) => r.customerId);
}

export function findPortalUserByEmail(trx: Kysely<DB>, email: string) {
  return trx
    .selectFrom('users')
    .where('email', '=', email)
    .select(['id', 'email', 'first_name as firstName', 'last_name as lastName', 'language', 'status', 'password_hash as passwordHash'])
    .forUpdate()
    .executeTakeFirst();
}

export async function insertPortalUser(
  trx: Kysely<DB>,
  u: { email: string; firstName: string; lastName: string; language: string; createdAt: Date },
): Promise<string> {
  const row = await trx
    .insertInto('users')
    .values({ email: u.email, first_name: u.firstName, last_name: u.lastName, language: u.language, status: 'invited', password_hash: null, created_at: u.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMembership(
  trx: Kysely<DB>,
  m: {
    customerId: string; userId: string; profile: string; subProfiles: string[]; employmentBasis: string; employmentEnd: string | null;
    status: MembershipStatus; createdAt: Date;
    /** How the inviting administrator described the person (shown until he accepts). */
    invitedAs?: { firstName: string; lastName: string; language: string };
  },
): Promise<void> {
  await trx
    .insertInto('memberships')
    .values({
      customer_id: m.customerId, user_id: m.userId, profile: m.profile, sub_profiles: m.subProfiles,
      employment_basis: m.employmentBasis, employment_end: m.employmentEnd, status: m.status, created_at: m.createdAt,
      invited_first_name: m.invitedAs?.firstName ?? null, invited_last_name: m.invitedAs?.lastName ?? null, invited_language: m.invitedAs?.language ?? null,
    })
    .execute();
}

/** The membership the person accepted becomes active (only from `invited`: a removed one stays gone). */
export async function activateInvitedMembership(trx: Kysely<DB>, customerId: string, userId: string): Promise<boolean> {
  const rows = await trx.updateTable('memberships').set({ status: 'active', invited_first_name: null, invited_last_name: null, invited_language: null })
    .where('customer_id', '=', customerId).where('user_id', '=', userId).where('status', '=', 'invited')
    .returning('id').execute();
  return rows.length > 0;
}

/** The names and language an invitation not yet accepted shows (the person's account is his own). */
export async function updateInvitedAs(trx: Kysely<DB>, customerId: string, userId: string, changes: { invited_first_name?: string; invited_last_name?: string; invited_language?: string }) {
  if (Object.keys(changes).length === 0) return;
  await trx.updateTable('memberships').set(changes).where('customer_id', '=', customerId).where('user_id', '=', userId).where('status', '=', 'invited').execute();
}

export async function updatePortalUser(trx: Kysely<DB>, userId: string, changes: { first_name?: string; last_name?: string; language?: string }) {
  if (Object.keys(changes).length === 0) return;
  await trx.updateTable('users').set(changes).where('id', '=', userId).execute();
}

export async function updateMembership(
  trx: Kysely<DB>,
  customerId: string,
  userId: string,
  changes: { profile?: string; sub_profiles?: string[]; employment_basis?: string; employment_end?: string | null; status?: string; is_primary?: boolean; is_deputy?: boolean },
) {
  if (Object.keys(changes).length === 0) return;
  await trx.updateTable('memberships').set(changes).where('customer_id', '=', customerId).where('user_id', '=', userId).execute();
}

/** Clears the primary and deputy marks of the customer (before setting new ones: one of each per customer). */
export async function clearMark(trx: Kysely<DB>, customerId: string, mark: 'is_primary' | 'is_deputy') {
  await trx.updateTable('memberships').set({ [mark]: false }).where('customer_id', '=', customerId).where(mark, '=', true).execute();
}

export async function deleteMembership(trx: Kysely<DB>, customerId: string, userId: string) {
  await trx.deleteFrom('memberships').where('customer_id', '=', customerId).where('user_id', '=', userId).execute();
}

// ---------------------------------------------------------------------------------------------
// The SIMs a user uses (sims.end_user_id), as the ability lets the caller see and change them.

export const SIM_COLUMNS = { customerId: 's.customer_id', billingAccountId: 's.billing_account_id', costCentreId: 's.cost_centre_id', endUserId: 's.end_user_id' } as const;

export function listUserSims(db: Kysely<DB>, ability: AppAbility, customerId: string, userId: string) {
  return db
    .selectFrom('sims as s')
    .where('s.customer_id', '=', customerId)
    .where('s.end_user_id', '=', userId)
    .where(whereAccessible(ability, 'read', 'Sim', SIM_COLUMNS))
    .select(['s.id', 's.msisdn', 's.status', 's.billing_account_id as billingAccountId', 's.cost_centre_id as costCentreId'])
    .orderBy('s.msisdn')
    .execute();
}

/** Of `simIds`, the SIMs of this customer the caller may update (locked for the change). */
export function findUpdatableSims(trx: Kysely<DB>, ability: AppAbility, customerId: string, simIds: string[]) {
  if (simIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('sims as s')
    .where('s.customer_id', '=', customerId)
    .where('s.id', 'in', simIds)
    .where(whereAccessible(ability, 'update', 'Sim', SIM_COLUMNS))
    .select(['s.id', 's.msisdn', 's.end_user_id as endUserId'])
    .forUpdate()
    .execute();
}

/** The SIMs the user uses now that the caller may update (the ones a PUT may unlink). */
export function findUpdatableSimsOfUser(trx: Kysely<DB>, ability: AppAbility, customerId: string, userId: string) {
  return trx
    .selectFrom('sims as s')
    .where('s.customer_id', '=', customerId)
    .where('s.end_user_id', '=', userId)
    .where(whereAccessible(ability, 'update', 'Sim', SIM_COLUMNS))
    .select(['s.id', 's.msisdn'])
    .forUpdate()
    .execute();
}

/**
 * Gives the SIMs to `userId` from `now` (ROLE-5: the usage before it stays the previous holder's), or
 * to no one. The SIM's version moves on: its end user is part of what an If-Match guards.
 */
export async function setSimEndUser(trx: Kysely<DB>, customerId: string, simIds: string[], userId: string | null, now: Date) {
  if (simIds.length === 0) return;
  await trx.updateTable('sims')
    .set((eb) => ({ end_user_id: userId, end_user_since: userId === null ? null : now, version: eb('version', '+', 1) }))
    .where('customer_id', '=', customerId).where('id', 'in', simIds).execute();
}

/** A user who leaves the customer no longer uses its lines. */
export function unlinkAllSimsOfUser(trx: Kysely<DB>, customerId: string, userId: string) {
  return trx.updateTable('sims').set((eb) => ({ end_user_id: null, end_user_since: null, version: eb('version', '+', 1) }))
    .where('customer_id', '=', customerId).where('end_user_id', '=', userId)
    .returning('id').execute();
}

/** One line that changes hands: its end user before and after (null: no one). */
export interface EndUserChange {
  simId: string;
  from: string | null;
  to: string | null;
}

/**
 * MOB-3: the line's history says who held it before and after, with the holder's name as it was then
 * (the audit trail has the user-level entry). Names are read here, inside the transaction that moves the line.
 */
export async function recordEndUserChanges(
  trx: Kysely<DB>, meta: { customerId: string; at: Date; actorUserId: string | null; delegationId: string | null }, changes: readonly EndUserChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const ids = [...new Set(changes.flatMap((c) => [c.from, c.to]).filter((id): id is string => id !== null))];
  const rows = ids.length === 0 ? [] : await trx.selectFrom('users').where('id', 'in', ids).select(['id', 'first_name', 'last_name']).execute();
  const names = new Map(rows.map((r) => [r.id, [r.first_name, r.last_name].filter(Boolean).join(' ')]));
  const holder = (id: string | null) => ({ endUser: id === null ? null : { id, name: names.get(id) ?? '' } });
  await recordHistory(trx, meta, changes.map((c) => ({ simId: c.simId, orderId: null, kind: 'end_user', before: holder(c.from), after: holder(c.to) })));
}

export function customerName(db: Kysely<DB>, customerId: string) {
  return db.selectFrom('customers').where('id', '=', customerId).select(['name']).executeTakeFirstOrThrow();
}
