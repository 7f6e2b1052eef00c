import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { memberName } from '../../lib/member-names.ts';

/** The columns the Audit subject's rule fields stand for in this query. */
export const AUDIT_COLUMNS = { customerId: 'a.customer_id' } as const;

export interface AuditFilter {
  /** Inclusive lower bound (instant). */
  fromAt?: Date | undefined;
  /** Exclusive upper bound (instant). */
  toAt?: Date | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  q?: string | undefined;
}

export interface AuditRow {
  id: string;
  /** `at` at the database's full (microsecond) precision, for the keyset cursor. */
  sortKey: string;
  at: Date;
  actorId: string | null;
  actorFirstName: string | null;
  actorLastName: string | null;
  actorEmail: string | null;
  customerId: string;
  customerName: string;
  delegationId: string | null;
  partnerName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * SEC-3: the customer's audit trail, newest first, keyset on (at, id), filtered in SQL by the same
 * rules the ability checks (DESIGN.md §2). `limit` rows at most. It holds the rows acted for
 * `customerId`, and (DLG-1: "the audit trail shows both") what its own members did for one of its
 * affiliates through the intra-group link: no delegation, and no membership of the affiliate itself.
 * Each row is still checked against the reader's right to read the audit of the customer it was
 * acted for.
 */
export function listAudit(
  db: Kysely<DB>,
  ability: AppAbility,
  customerId: string,
  filter: AuditFilter & { after?: readonly [string, number] | undefined; limit: number },
): Promise<AuditRow[]> {
  // Each part is read by its own keyset, then the two pages are merged: one OR across both would
  // sort every row of the customer. The customer's part walks its (customer_id, at, id) index; the
  // affiliates' part reads each affiliate's entries by each member (customer_id, actor_user_id, …).
  const own = filtered(db, ability, filter, db.selectFrom('audit_log as a').selectAll('a').where('a.customer_id', '=', customerId));
  const forAffiliates = filtered(db, ability, filter, db.selectFrom('audit_log as a').selectAll('a')
    .where('a.customer_id', 'in', db.selectFrom('affiliate_links as l').select('l.affiliate_id').where('l.customer_id', '=', customerId))
    .where('a.delegation_id', 'is', null)
    .where('a.actor_user_id', 'in', db.selectFrom('memberships as mine').select('mine.user_id').where('mine.customer_id', '=', customerId))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('memberships as theirs').select(sql`1`.as('one'))
      .whereRef('theirs.user_id', '=', 'a.actor_user_id').whereRef('theirs.customer_id', '=', 'a.customer_id')))));
  const both = db.selectFrom(own.as('own')).selectAll().unionAll(db.selectFrom(forAffiliates.as('aff')).selectAll());
  return db
    .selectFrom(both.as('a'))
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .leftJoin('users as actor', 'actor.id', 'a.actor_user_id')
    .leftJoin('delegations as d', 'd.id', 'a.delegation_id')
    .leftJoin('customers as p', 'p.id', 'd.partner_id')
    .select([
      sql<string>`a.id::text`.as('id'),
      sql<string>`to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('sortKey'),
      'a.at',
      'a.actor_user_id as actorId',
      'actor.first_name as actorFirstName',
      'actor.last_name as actorLastName',
      'actor.email as actorEmail',
      sql<string>`a.customer_id`.as('customerId'),
      'c.name as customerName',
      'a.delegation_id as delegationId',
      'p.name as partnerName',
      'a.action',
      'a.target_type as targetType',
      'a.target_id as targetId',
      'a.before',
      'a.after',
    ])
    .orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(filter.limit)
    .execute() as Promise<AuditRow[]>;
}

/** One part of a trail: the reader's rule, the filters and the keyset, newest first, `limit` rows. */
function filtered<Q extends SelectQueryBuilder<DB & { a: DB['audit_log'] }, 'a', Selectable<DB['audit_log']>>>(
  db: Kysely<DB>,
  ability: AppAbility,
  filter: AuditFilter & { after?: readonly [string, number] | undefined; limit: number },
  part: Q,
) {
  let q = part.where(whereAccessible(ability, 'read', 'Audit', AUDIT_COLUMNS));
  if (filter.fromAt) q = q.where('a.at', '>=', filter.fromAt);
  if (filter.toAt) q = q.where('a.at', '<', filter.toAt);
  if (filter.actorId) q = q.where('a.actor_user_id', '=', filter.actorId);
  if (filter.action) q = q.where('a.action', '=', filter.action);
  if (filter.targetType) q = q.where(sql`lower(a.target_type)`, '=', filter.targetType.toLowerCase());
  if (filter.q) {
    const like = likePattern(filter.q);
    const matching = db
      .selectFrom('users as s')
      .select(sql<string>`s.id::text`.as('id'))
      .where((eb) => eb.or([
        eb(sql`lower(s.first_name || ' ' || s.last_name)`, 'like', like),
        eb(sql`lower(s.last_name || ' ' || s.first_name)`, 'like', like),
        eb(sql`lower(s.email)`, 'like', like),
      ]));
    q = q.where((eb) => eb.or([
      eb(sql`a.actor_user_id::text`, 'in', matching),
      eb('a.target_id', 'in', matching),
      eb(sql`coalesce(a.after->>'userId', a.before->>'userId')`, 'in', matching),
      eb(sql`lower(a.action)`, 'like', like),
    ]));
  }
  if (filter.after) {
    const [at, id] = filter.after;
    q = q.where(sql<boolean>`(a.at, a.id) < (${at}::timestamptz, ${String(id)}::bigint)`);
  }
  return q.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(filter.limit);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * DLG-1: the company through which each actor acts for `customerId` as its affiliate: one where he
 * is a member that has an affiliate link to it, while he has no membership of `customerId` itself.
 */
export async function resolveAffiliateVia(db: Kysely<DB>, customerId: string, actorIds: string[]): Promise<Map<string, { id: string; name: string }>> {
  const ids = [...new Set(actorIds.filter((id) => UUID.test(id)))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('memberships as m')
    .innerJoin('affiliate_links as l', (j) => j.onRef('l.customer_id', '=', 'm.customer_id').on('l.affiliate_id', '=', customerId))
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .select(['m.user_id as userId', 'c.id', 'c.name'])
    .where('m.user_id', 'in', ids)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('memberships as own').select('own.id')
      .whereRef('own.user_id', '=', 'm.user_id').where('own.customer_id', '=', customerId))))
    .orderBy('c.name')
    .execute();
  const via = new Map<string, { id: string; name: string }>();
  for (const r of rows) if (!via.has(r.userId)) via.set(r.userId, { id: r.id, name: r.name });
  return via;
}

/** The ids of a page of entries' targets, by the table that names them. */
export interface TargetRefs {
  userIds: string[];
  customerIds: string[];
  delegationIds: string[];
  affiliateLinkIds: string[];
  simIds: string[];
  simOrderIds: string[];
  disputeIds: string[];
  billingAccountIds: string[];
  accessRequestIds: string[];
  costCentreIds: string[];
  tariffPlanIds: string[];
}

export type TargetLabels = { [K in keyof TargetRefs as K extends `${infer Kind}Ids` ? Kind : never]: Map<string, string> };

/** A billing account as its customer knows it: its number, and its name when it has one of its own. */
const accountName = (r: { number: string; name: string | null }) => (r.name && r.name !== r.number ? `${r.number} (${r.name})` : r.number);

/**
 * Names for the targets of a page of entries: users (memberships, grants), customers, delegations'
 * partners, affiliate links, SIMs and their orders (the mobile number), disputes (the invoice
 * number), billing accounts and access requests (the account number), cost centres, tariff plans.
 * The customer's own data is read only where it belongs to `customerId` (each table's
 * customer_id), so an id that points elsewhere stays unnamed; tariff plans are the operator's
 * catalogue, the same for every customer.
 */
export async function resolveTargetLabels(
  db: Kysely<DB>,
  /** The customer whose audit trail it is: its members are named as it knows them. */
  customerId: string,
  refs: TargetRefs,
): Promise<TargetLabels> {
  const only = (ids: string[]) => [...new Set(ids.filter((id) => UUID.test(id)))];
  // An export names up to 50,000 entries: look them up in chunks (a statement takes at most 65,535 parameters).
  const inChunks = async <R>(ids: string[], read: (chunk: string[]) => Promise<R[]>): Promise<R[]> => {
    const unique = only(ids);
    const parts = await Promise.all(Array.from({ length: Math.ceil(unique.length / 10_000) }, (_, i) => read(unique.slice(i * 10_000, (i + 1) * 10_000))));
    return parts.flat();
  };
  const [users, customers, delegations, links, sims, simOrders, disputes, accounts, accessRequests, centres, plans] = await Promise.all([
    inChunks(refs.userIds, (ids) => db.selectFrom('users as u')
      .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.customer_id', '=', customerId))
      .select(['u.id', memberName('m', 'u').as('name'), 'u.email']).where('u.id', 'in', ids).execute()),
    inChunks(refs.customerIds, (ids) => db.selectFrom('customers').select(['id', 'name']).where('id', 'in', ids).execute()),
    inChunks(refs.delegationIds, (ids) => db.selectFrom('delegations as d').innerJoin('customers as p', 'p.id', 'd.partner_id')
      .select(['d.id', 'p.name']).where('d.id', 'in', ids).execute()),
    inChunks(refs.affiliateLinkIds, (ids) => db.selectFrom('affiliate_links as l').innerJoin('customers as f', 'f.id', 'l.affiliate_id')
      .select(['l.id', 'f.name']).where('l.id', 'in', ids).execute()),
    inChunks(refs.simIds, (ids) => db.selectFrom('sims').select(['id', 'msisdn as name'])
      .where('customer_id', '=', customerId).where('id', 'in', ids).execute()),
    inChunks(refs.simOrderIds, (ids) => db.selectFrom('sim_orders as o')
      .innerJoin('sims as s', (j) => j.onRef('s.id', '=', 'o.sim_id').onRef('s.customer_id', '=', 'o.customer_id'))
      .select(['o.id', 's.msisdn as name']).where('o.customer_id', '=', customerId).where('o.id', 'in', ids).execute()),
    inChunks(refs.disputeIds, (ids) => db.selectFrom('disputes as d')
      .innerJoin('invoices as i', (j) => j.onRef('i.id', '=', 'd.invoice_id').onRef('i.customer_id', '=', 'd.customer_id'))
      .select(['d.id', 'i.number as name']).where('d.customer_id', '=', customerId).where('d.id', 'in', ids).execute()),
    inChunks(refs.billingAccountIds, (ids) => db.selectFrom('billing_accounts').select(['id', 'number', 'name'])
      .where('customer_id', '=', customerId).where('id', 'in', ids).execute()),
    inChunks(refs.accessRequestIds, (ids) => db.selectFrom('app_access_requests as r')
      .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.id', '=', 'r.billing_account_id').onRef('ba.customer_id', '=', 'r.customer_id'))
      .select(['r.id', 'ba.number', 'ba.name']).where('r.customer_id', '=', customerId).where('r.id', 'in', ids).execute()),
    inChunks(refs.costCentreIds, (ids) => db.selectFrom('cost_centres').select(['id', 'name'])
      .where('customer_id', '=', customerId).where('id', 'in', ids).execute()),
    inChunks(refs.tariffPlanIds, (ids) => db.selectFrom('tariff_plans').select(['id', 'name']).where('id', 'in', ids).execute()),
  ]);
  const named = (rows: Array<{ id: string; name: string }>) => new Map(rows.map((r) => [r.id, r.name]));
  return {
    user: new Map(users.map((u) => [u.id, u.name || u.email])),
    customer: named(customers),
    delegation: named(delegations),
    affiliateLink: named(links),
    sim: named(sims),
    simOrder: named(simOrders),
    dispute: named(disputes),
    billingAccount: new Map(accounts.map((a) => [a.id, accountName(a)])),
    accessRequest: new Map(accessRequests.map((a) => [a.id, accountName(a)])),
    costCentre: named(centres),
    tariffPlan: named(plans),
  };
}

/** Ids found inside the before/after values of a page of entries, by what they name. */
export interface ValueRefs {
  userIds: string[];
  customerIds: string[];
  billingAccountIds: string[];
  costCentreIds: string[];
  simIds: string[];
}

/**
 * Readable names for the ids inside before/after (SEC-3: an administrator reads names, not uuids).
 * Every lookup is bounded in SQL to what the customer whose trail it is may know, so an id that
 * points elsewhere stays unnamed instead of leaking another customer's data:
 * - billing accounts, cost centres and SIMs of the customer itself;
 * - users who are or were its members, chose its delegations' delegates, or act or are acted on in its trail;
 * - the customer, its partners (both ways) and its affiliate links (both ways).
 */
export async function resolveValueNames(db: Kysely<DB>, customerId: string, refs: ValueRefs): Promise<Map<string, string>> {
  const only = (ids: string[]) => [...new Set(ids.filter((id) => UUID.test(id)))].slice(0, 5_000);
  const users = only(refs.userIds);
  const customers = only(refs.customerIds);
  const accounts = only(refs.billingAccountIds);
  const centres = only(refs.costCentreIds);
  const sims = only(refs.simIds);
  const [u, c, ba, cc, s] = await Promise.all([
    users.length ? db.selectFrom('users as u')
      .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.customer_id', '=', customerId))
      .select(['u.id', memberName('m', 'u').as('name'), 'u.email'])
      .where('u.id', 'in', users)
      .where((eb) => eb.or([
        eb('m.user_id', 'is not', null),
        eb.exists(eb.selectFrom('delegation_users as du').select(sql`1`.as('one')).whereRef('du.user_id', '=', 'u.id').where('du.customer_id', '=', customerId)),
        eb.exists(eb.selectFrom('audit_log as a').select(sql`1`.as('one')).where('a.customer_id', '=', customerId)
          .where((x) => x.or([x('a.actor_user_id', '=', x.ref('u.id')), x('a.target_id', '=', sql<string>`u.id::text`)]))),
      ]))
      .execute() : [],
    customers.length ? db.selectFrom('customers as c').select(['c.id', 'c.name']).where('c.id', 'in', customers)
      .where((eb) => eb.or([
        eb('c.id', '=', customerId),
        eb.exists(eb.selectFrom('delegations as d').select(sql`1`.as('one')).where((x) => x.or([
          x.and([x('d.customer_id', '=', customerId), x('d.partner_id', '=', x.ref('c.id'))]),
          x.and([x('d.partner_id', '=', customerId), x('d.customer_id', '=', x.ref('c.id'))]),
        ]))),
        eb.exists(eb.selectFrom('affiliate_links as l').select(sql`1`.as('one')).where((x) => x.or([
          x.and([x('l.customer_id', '=', customerId), x('l.affiliate_id', '=', x.ref('c.id'))]),
          x.and([x('l.affiliate_id', '=', customerId), x('l.customer_id', '=', x.ref('c.id'))]),
        ]))),
      ]))
      .execute() : [],
    accounts.length ? db.selectFrom('billing_accounts').select(['id', 'number', 'name']).where('customer_id', '=', customerId).where('id', 'in', accounts).execute() : [],
    centres.length ? db.selectFrom('cost_centres').select(['id', 'code', 'name']).where('customer_id', '=', customerId).where('id', 'in', centres).execute() : [],
    sims.length ? db.selectFrom('sims').select(['id', 'msisdn']).where('customer_id', '=', customerId).where('id', 'in', sims).execute() : [],
  ]);
  return new Map<string, string>([
    ...u.map((r) => [r.id, r.name || r.email] as [string, string]),
    ...c.map((r) => [r.id, r.name] as [string, string]),
    ...ba.map((r) => [r.id, accountName(r)] as [string, string]),
    ...cc.map((r) => [r.id, r.name] as [string, string]),
    ...s.map((r) => [r.id, r.msisdn] as [string, string]),
  ]);
}
