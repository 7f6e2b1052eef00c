import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { AFFILIATE_PROFILES } from '@mandate/authz/profile-access';
import { delegationInForce, isActive } from '../../lib/access-sql.ts';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { memberFirstName, memberLastName, memberName } from '../../lib/member-names.ts';

/**
 * Whether the user has (or had) any relation to this customer: a membership (any status), a delegation
 * of this customer he was assigned to, or a membership of a parent company that reaches it (DLG-1).
 * Others are not this customer's business: their explanation answers 404.
 */
export async function isRelatedUser(db: Kysely<DB>, customerId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => eb.or([
      eb.exists(eb.selectFrom('memberships as m').select('m.id').where('m.customer_id', '=', customerId).where('m.user_id', '=', userId)),
      eb.exists(eb.selectFrom('delegation_users as du').innerJoin('delegations as d', 'd.id', 'du.delegation_id').select('du.user_id')
        .where('d.customer_id', '=', customerId).where('du.user_id', '=', userId)),
      eb.exists(eb.selectFrom('affiliate_links as al').innerJoin('memberships as m', 'm.customer_id', 'al.customer_id').select('m.id')
        .where('al.affiliate_id', '=', customerId).where('m.user_id', '=', userId).where('m.profile', 'in', AFFILIATE_PROFILES)),
    ]).as('related'))
    .executeTakeFirstOrThrow();
  return Boolean(row.related);
}

export type ExplainTarget =
  | { type: 'BillingAccount'; id: string; label: string; fields: { customerId: string; billingAccountId: string } }
  | { type: 'CostCentre'; id: string; label: string; fields: { customerId: string; costCentreId: string } }
  | { type: 'Sim'; id: string; label: string; fields: { customerId: string; billingAccountId: string; costCentreId: string | null; endUserId: string | null } };

export async function findBillingAccount(db: Kysely<DB>, customerId: string, id: string): Promise<ExplainTarget | undefined> {
  const r = await db.selectFrom('billing_accounts').where('customer_id', '=', customerId).where('id', '=', id).select(['id', 'number', 'name']).executeTakeFirst();
  return r && { type: 'BillingAccount', id: r.id, label: `${r.number} ${r.name}`.trim(), fields: { customerId, billingAccountId: r.id } };
}

export async function findCostCentre(db: Kysely<DB>, customerId: string, id: string): Promise<ExplainTarget | undefined> {
  const r = await db.selectFrom('cost_centres').where('customer_id', '=', customerId).where('id', '=', id).select(['id', 'code', 'name']).executeTakeFirst();
  return r && { type: 'CostCentre', id: r.id, label: `${r.code} ${r.name}`, fields: { customerId, costCentreId: r.id } };
}

export async function findSim(db: Kysely<DB>, customerId: string, by: { id: string } | { msisdn: string }): Promise<ExplainTarget | undefined> {
  let q = db.selectFrom('sims').where('customer_id', '=', customerId).select(['id', 'msisdn', 'billing_account_id', 'cost_centre_id', 'end_user_id']);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('msisdn', '=', by.msisdn);
  const r = await q.executeTakeFirst();
  return r && {
    type: 'Sim', id: r.id, label: r.msisdn,
    fields: { customerId, billingAccountId: r.billing_account_id, costCentreId: r.cost_centre_id, endUserId: r.end_user_id },
  };
}

export async function customerNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('customers').where('id', 'in', ids).select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface AccessExportRow {
  name: string;
  email: string;
  profile: string;
  subProfiles: string[];
  status: string;
  employmentBasis: string | null;
  employmentEnd: string | null;
  app: string | null;
  actions: string[];
  billingAccountIds: string[];
  costCentreIds: string[];
  via: string;
}

/**
 * One row per user × right of the customer: its members (filtered in SQL by the 'export' User rule)
 * with each of their grants (or one row without a right), the members of its parent companies that
 * reach it through an active affiliate link (DLG-1), and the users assigned to its delegations in
 * force, one row per delegated right.
 */
export async function listAccessExport(db: Kysely<DB>, ability: AppAbility, customerId: string, now: Date): Promise<AccessExportRow[]> {
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('grants as g', 'g.membership_id', 'm.id')
    .where('m.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'export', 'User', { customerId: 'm.customer_id', userId: 'm.user_id' }))
    .select([
      memberName('m', 'u').as('name'), 'u.email', 'm.profile', 'm.sub_profiles as subProfiles',
      sql<string>`CASE WHEN u.status <> 'active' THEN u.status ELSE m.status END`.as('status'),
      'm.employment_basis as employmentBasis', sql<string | null>`m.employment_end::text`.as('employmentEnd'),
      'g.app', 'g.actions', 'g.billing_account_ids as billingAccountIds', 'g.cost_centre_ids as costCentreIds',
    ])
    .orderBy(sql`lower(${memberLastName('m', 'u')} || ' ' || ${memberFirstName('m', 'u')})`).orderBy('u.email').orderBy('g.app')
    .execute();
  const affiliateOwners = await db
    .selectFrom('affiliate_links as al')
    .innerJoin('customers as parent', 'parent.id', 'al.customer_id')
    .innerJoin('memberships as m', 'm.customer_id', 'al.customer_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('al.affiliate_id', '=', customerId)
    .where(isActive('al'))
    .where('m.profile', 'in', AFFILIATE_PROFILES)
    .select([
      sql<string>`trim(u.first_name || ' ' || u.last_name)`.as('name'), 'u.email', 'm.profile', 'm.sub_profiles as subProfiles',
      sql<string>`CASE WHEN u.status <> 'active' THEN u.status ELSE m.status END`.as('status'),
      'm.employment_basis as employmentBasis', sql<string | null>`m.employment_end::text`.as('employmentEnd'), 'parent.name as parentName',
    ])
    .orderBy('parent.name').orderBy('u.email')
    .execute();
  const delegates = await db
    .selectFrom('delegation_users as du')
    .innerJoin('delegations as d', 'd.id', 'du.delegation_id')
    .innerJoin('customers as p', 'p.id', 'd.partner_id')
    .innerJoin('users as u', 'u.id', 'du.user_id')
    .leftJoin('memberships as pm', (j) => j.onRef('pm.customer_id', '=', 'd.partner_id').onRef('pm.user_id', '=', 'du.user_id'))
    .where('d.customer_id', '=', customerId)
    .where(delegationInForce('d', now))
    .select([
      sql<string>`trim(u.first_name || ' ' || u.last_name)`.as('name'), 'u.email', 'pm.profile', 'pm.sub_profiles as subProfiles',
      sql<string>`CASE WHEN u.status <> 'active' THEN u.status ELSE coalesce(pm.status, 'ended') END`.as('status'),
      'pm.employment_basis as employmentBasis', sql<string | null>`pm.employment_end::text`.as('employmentEnd'),
      'd.rights', 'd.billing_account_ids as billingAccountIds', 'd.cost_centre_ids as costCentreIds', 'p.name as partnerName',
    ])
    .orderBy('p.name').orderBy('u.email')
    .execute();

  const rows: AccessExportRow[] = members.map((r) => ({
    name: r.name, email: r.email, profile: r.profile, subProfiles: r.subProfiles, status: r.status,
    employmentBasis: r.employmentBasis, employmentEnd: r.employmentEnd, app: r.app, actions: r.actions ?? [],
    billingAccountIds: r.billingAccountIds ?? [], costCentreIds: r.costCentreIds ?? [], via: 'membership',
  }));
  for (const r of affiliateOwners) {
    rows.push({
      name: r.name, email: r.email, profile: r.profile, subProfiles: r.subProfiles, status: r.status, employmentBasis: r.employmentBasis,
      employmentEnd: r.employmentEnd, app: null, actions: [], billingAccountIds: [], costCentreIds: [], via: `affiliate: ${r.parentName}`,
    });
  }
  for (const r of delegates) {
    const rights = (typeof r.rights === 'string' ? JSON.parse(r.rights) : r.rights) as Array<{ app: string; actions: string[] }>;
    for (const right of rights) {
      rows.push({
        name: r.name, email: r.email, profile: r.profile ?? '', subProfiles: r.subProfiles ?? [], status: r.status,
        employmentBasis: r.employmentBasis, employmentEnd: r.employmentEnd, app: right.app, actions: right.actions,
        billingAccountIds: r.billingAccountIds, costCentreIds: r.costCentreIds, via: `delegation: ${r.partnerName}`,
      });
    }
  }
  return rows;
}

export async function scopeLabels(db: Kysely<DB>, customerId: string) {
  const [bas, ccs] = await Promise.all([
    db.selectFrom('billing_accounts').where('customer_id', '=', customerId).select(['id', 'number']).execute(),
    db.selectFrom('cost_centres').where('customer_id', '=', customerId).select(['id', 'code']).execute(),
  ]);
  return { billingAccounts: new Map(bas.map((b) => [b.id, b.number])), costCentres: new Map(ccs.map((c) => [c.id, c.code])) };
}
