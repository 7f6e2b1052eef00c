import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { App, Profile, SubProfile } from '@mandate/domain/profiles';
import type { GrantableAction } from '@mandate/authz/subjects';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { memberFirstName, memberLastName } from '../../lib/member-names.ts';

export interface GranteeRow {
  membershipId: string;
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  profile: Profile;
  subProfiles: SubProfile[];
  status: string;
}

/**
 * The grantee's membership at this customer (any status), or undefined when he is not a member
 * (a user of another company, a delegate: rights at a customer go only to its own members, ROLE-7).
 * `forUpdate` locks the membership for the rest of the transaction (a concurrent removal waits).
 */
export async function findGrantee(db: Kysely<DB>, customerId: string, userId: string, forUpdate = false): Promise<GranteeRow | undefined> {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .where('m.user_id', '=', userId)
    .select([
      'm.id as membershipId', 'u.id as userId', 'u.email', memberFirstName('m', 'u').as('firstName'), memberLastName('m', 'u').as('lastName'),
      'm.profile', 'm.sub_profiles as subProfiles', 'm.status',
    ]);
  if (forUpdate) q = q.forUpdate('m');
  return (await q.executeTakeFirst()) as GranteeRow | undefined;
}

export interface GrantRow {
  id: string;
  app: App;
  actions: GrantableAction[];
  billingAccountIds: string[];
  costCentreIds: string[];
  grantedById: string | null;
  grantedByName: string | null;
  createdAt: Date;
}

export async function listGrants(db: Kysely<DB>, customerId: string, membershipId: string): Promise<GrantRow[]> {
  const rows = await db
    .selectFrom('grants as g')
    .leftJoin('users as gb', 'gb.id', 'g.granted_by')
    .where('g.customer_id', '=', customerId)
    .where('g.membership_id', '=', membershipId)
    .select([
      'g.id', 'g.app', 'g.actions', 'g.billing_account_ids as billingAccountIds', 'g.cost_centre_ids as costCentreIds',
      'g.granted_by as grantedById', sql<string | null>`nullif(trim(gb.first_name || ' ' || gb.last_name), '')`.as('grantedByName'),
      'g.created_at as createdAt',
    ])
    .orderBy('g.app')
    .execute();
  return rows as GrantRow[];
}

export async function findGrant(db: Kysely<DB>, customerId: string, membershipId: string, app: App) {
  return db
    .selectFrom('grants')
    .where('customer_id', '=', customerId)
    .where('membership_id', '=', membershipId)
    .where('app', '=', app)
    .select(['id', 'app', 'actions', 'billing_account_ids as billingAccountIds', 'cost_centre_ids as costCentreIds'])
    .executeTakeFirst();
}

/** Create or replace the right for one app (UNIQUE(membership_id, app)). */
export async function upsertGrant(
  db: Kysely<DB>,
  g: { customerId: string; membershipId: string; app: App; actions: string[]; billingAccountIds: string[]; costCentreIds: string[]; grantedBy: string; now: Date },
) {
  return db
    .insertInto('grants')
    .values({
      customer_id: g.customerId, membership_id: g.membershipId, app: g.app, actions: g.actions,
      billing_account_ids: g.billingAccountIds, cost_centre_ids: g.costCentreIds, granted_by: g.grantedBy, created_at: g.now,
    })
    .onConflict((oc) => oc.columns(['membership_id', 'app']).doUpdateSet({
      actions: g.actions, billing_account_ids: g.billingAccountIds, cost_centre_ids: g.costCentreIds, granted_by: g.grantedBy, created_at: g.now,
    }))
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function deleteGrant(db: Kysely<DB>, customerId: string, membershipId: string, app: App) {
  await db.deleteFrom('grants').where('customer_id', '=', customerId).where('membership_id', '=', membershipId).where('app', '=', app).execute();
}

/** The ids among `ids` that are billing accounts (or cost centres) of this customer. */
export async function ownScopeIds(db: Kysely<DB>, customerId: string, kind: 'billing_accounts' | 'cost_centres', ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom(kind).where('customer_id', '=', customerId).where('id', 'in', ids).select('id').execute();
  return new Set(rows.map((r) => r.id));
}

/** The customer's active apps. */
export async function customerApps(db: Kysely<DB>, customerId: string): Promise<App[]> {
  const rows = await db
    .selectFrom('customer_apps')
    .where('customer_id', '=', customerId)
    .where('deactivated_at', 'is', null)
    .select('app')
    .orderBy('app')
    .execute();
  return rows.map((r) => r.app as App);
}

/**
 * The billing accounts and cost centres the user may pick a scope from, filtered in SQL by the
 * 'ScopeOption' rules (AO, AM: all of the customer's; a fleet manager: his own scope). A billing
 * account has no cost centre and a cost centre no billing account: those fields map to a NULL column,
 * so a cost-centre-scoped rule never lists billing accounts, and vice versa.
 */
export async function listScopeOptions(db: Kysely<DB>, ability: AppAbility, customerId: string) {
  const none = sql<string | null>`(SELECT NULL::uuid AS id)`.as('none');
  const [billingAccounts, costCentres] = await Promise.all([
    db
      .selectFrom(['billing_accounts as ba', none])
      .where('ba.customer_id', '=', customerId)
      .where(whereAccessible(ability, 'read', 'ScopeOption', { customerId: 'ba.customer_id', billingAccountId: 'ba.id', costCentreId: 'none.id' }))
      .select(['ba.id', 'ba.number', 'ba.name', 'ba.type'])
      .orderBy('ba.number')
      .execute(),
    db
      .selectFrom(['cost_centres as cc', none])
      .where('cc.customer_id', '=', customerId)
      .where(whereAccessible(ability, 'read', 'ScopeOption', { customerId: 'cc.customer_id', billingAccountId: 'none.id', costCentreId: 'cc.id' }))
      .select(['cc.id', 'cc.code', 'cc.name'])
      .orderBy('cc.code')
      .execute(),
  ]);
  return { billingAccounts, costCentres };
}
