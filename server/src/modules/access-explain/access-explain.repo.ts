import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@mandate/db/database.types';
import type { AccessContext } from '@mandate/authz/access-context';
import type { AppAbility } from '@mandate/authz/define-ability';
import { brusselsDate } from '@mandate/domain/dates';
import { whereAccessible } from '../../lib/accessible-by.ts';

const activeApps = (customerId: ReturnType<typeof sql.ref>) =>
  sql<string[]>`coalesce((SELECT array_agg(ca.app ORDER BY ca.app) FROM customer_apps ca
    WHERE ca.customer_id = ${customerId} AND ca.deactivated_at IS NULL), '{}')`;

export interface LoadedAccessContext {
  user: { id: string; email: string; name: string; status: string };
  context: AccessContext;
}

/**
 * The access context of any user (not the signed-in one), for "why can this user see this?":
 * the same selection as the request path (access/access.repo.ts: active customer, active membership,
 * employment not ended, active affiliate links for AOs, delegations active within validity whose
 * user still belongs to the partner), without a session. Kept here so the explanation follows the
 * same rules; if those rules change, change both.
 */
export async function loadAccessContext(db: Kysely<DB>, userId: string, now: Date): Promise<LoadedAccessContext | null> {
  const today = brusselsDate(now);
  const row = await db
    .selectFrom('users as u')
    .where('u.id', '=', userId)
    .select((eb) => [
      'u.id as userId', 'u.email', 'u.status', 'u.is_operator as isOperator',
      sql<string>`trim(u.first_name || ' ' || u.last_name)`.as('name'),
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .innerJoin('customers as c', 'c.id', 'm.customer_id')
          .whereRef('m.user_id', '=', 'u.id')
          .where('m.status', '=', 'active')
          .where('c.status', '=', 'active')
          .where((w) => w.or([w('m.employment_end', 'is', null), w('m.employment_end', '>=', today)]))
          .select((m) => [
            'm.customer_id as customerId', 'm.profile', 'm.sub_profiles as subProfiles',
            activeApps(sql.ref('m.customer_id')).as('apps'),
            jsonArrayFrom(
              m.selectFrom('grants as g')
                .whereRef('g.membership_id', '=', 'm.id')
                .select(['g.app', 'g.actions', 'g.billing_account_ids as billingAccountIds', 'g.cost_centre_ids as costCentreIds'])
                .orderBy('g.app'),
            ).as('grants'),
            jsonArrayFrom(
              m.selectFrom('affiliate_links as al')
                .innerJoin('customers as a', 'a.id', 'al.affiliate_id')
                .whereRef('al.customer_id', '=', 'm.customer_id')
                .where('al.status', '=', 'active')
                .where('a.status', '=', 'active')
                .where('m.profile', '=', 'access_owner')
                .select(['al.affiliate_id as customerId', activeApps(sql.ref('al.affiliate_id')).as('apps')])
                .orderBy('al.affiliate_id'),
            ).as('affiliates'),
          ])
          .orderBy('m.customer_id'),
      ).as('memberships'),
      jsonArrayFrom(
        eb
          .selectFrom('delegation_users as du')
          .innerJoin('delegations as d', 'd.id', 'du.delegation_id')
          .innerJoin('customers as c', 'c.id', 'd.customer_id')
          .innerJoin('customers as p', 'p.id', 'd.partner_id')
          .innerJoin('memberships as pm', (j) => j.onRef('pm.customer_id', '=', 'd.partner_id').onRef('pm.user_id', '=', 'du.user_id'))
          .whereRef('du.user_id', '=', 'u.id')
          .where('d.status', '=', 'active')
          .where('d.starts_at', '<=', now)
          .where('d.ends_at', '>', now)
          .where('c.status', '=', 'active')
          .where('p.status', '=', 'active')
          .where('pm.status', '=', 'active')
          .where((w) => w.or([w('pm.employment_end', 'is', null), w('pm.employment_end', '>=', today)]))
          .select([
            'd.id as delegationId', 'd.customer_id as customerId', 'd.partner_id as partnerId', 'd.rights',
            'd.billing_account_ids as billingAccountIds', 'd.cost_centre_ids as costCentreIds',
            activeApps(sql.ref('d.customer_id')).as('apps'),
          ])
          .orderBy('d.id'),
      ).as('delegations'),
    ])
    .executeTakeFirst();
  if (!row) return null;
  return {
    user: { id: row.userId, email: row.email, name: row.name, status: row.status },
    context: {
      userId: row.userId,
      isOperator: row.isOperator,
      memberships: row.memberships as unknown as AccessContext['memberships'],
      delegations: row.delegations as unknown as AccessContext['delegations'],
    },
  };
}

/**
 * Whether the user has (or had) any relation to this customer: a membership (any status), a delegation
 * of this customer he was assigned to, or an AO membership of a customer linked to it as its affiliate.
 * Others are not this customer's business: their explanation answers 404.
 */
export async function isRelatedUser(db: Kysely<DB>, customerId: string, userId: string): Promise<boolean> {
  const row = await sql<{ related: boolean }>`SELECT
      EXISTS (SELECT 1 FROM memberships m WHERE m.customer_id = ${customerId} AND m.user_id = ${userId})
      OR EXISTS (SELECT 1 FROM delegation_users du JOIN delegations d ON d.id = du.delegation_id
                 WHERE d.customer_id = ${customerId} AND du.user_id = ${userId})
      OR EXISTS (SELECT 1 FROM affiliate_links al JOIN memberships m ON m.customer_id = al.customer_id
                 WHERE al.affiliate_id = ${customerId} AND m.user_id = ${userId} AND m.profile = 'access_owner') AS related`.execute(db);
  return Boolean(row.rows[0]?.related);
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

// ------------------------------------------------------------------------------------------------
// "Who has access" export
// ------------------------------------------------------------------------------------------------

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
 * with each of their grants (or one row without a right), the AOs of the customers it is an
 * affiliate of (DLG-1), and the users exercising its active delegations, one row per delegated right.
 */
export async function listAccessExport(db: Kysely<DB>, ability: AppAbility, customerId: string, now: Date): Promise<AccessExportRow[]> {
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('grants as g', 'g.membership_id', 'm.id')
    .where('m.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'export', 'User', { customerId: 'm.customer_id', userId: 'm.user_id' }))
    .select([
      sql<string>`trim(u.first_name || ' ' || u.last_name)`.as('name'), 'u.email', 'm.profile', 'm.sub_profiles as subProfiles',
      sql<string>`CASE WHEN u.status <> 'active' THEN u.status ELSE m.status END`.as('status'),
      'm.employment_basis as employmentBasis', sql<string | null>`m.employment_end::text`.as('employmentEnd'),
      'g.app', 'g.actions', 'g.billing_account_ids as billingAccountIds', 'g.cost_centre_ids as costCentreIds',
    ])
    .orderBy(sql`lower(u.last_name || ' ' || u.first_name)`).orderBy('u.email').orderBy('g.app')
    .execute();
  const affiliateOwners = await db
    .selectFrom('affiliate_links as al')
    .innerJoin('customers as parent', 'parent.id', 'al.customer_id')
    .innerJoin('memberships as m', 'm.customer_id', 'al.customer_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('al.affiliate_id', '=', customerId)
    .where('al.status', '=', 'active')
    .where('m.profile', '=', 'access_owner')
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
    .where('d.status', '=', 'active')
    .where('d.starts_at', '<=', now)
    .where('d.ends_at', '>', now)
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
