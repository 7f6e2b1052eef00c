import { sql, type Kysely } from 'kysely';
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
 * rules the ability checks (DESIGN.md §2): rows acted for `customerId` only. `limit` rows at most.
 */
export function listAudit(
  db: Kysely<DB>,
  ability: AppAbility,
  customerId: string,
  filter: AuditFilter & { after?: readonly [string, number] | undefined; limit: number },
): Promise<AuditRow[]> {
  let q = db
    .selectFrom('audit_log as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .leftJoin('users as actor', 'actor.id', 'a.actor_user_id')
    .leftJoin('delegations as d', 'd.id', 'a.delegation_id')
    .leftJoin('customers as p', 'p.id', 'd.partner_id')
    .where('a.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'read', 'Audit', AUDIT_COLUMNS))
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
    ]);
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
  return q.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(filter.limit).execute() as Promise<AuditRow[]>;
}

/** Names for the targets of a page of entries: users (memberships, grants), customers, delegations' partners, affiliate links. */
export async function resolveTargetLabels(
  db: Kysely<DB>,
  /** The customer whose audit trail it is: its members are named as it knows them. */
  customerId: string,
  refs: { userIds: string[]; customerIds: string[]; delegationIds: string[]; affiliateLinkIds: string[] },
): Promise<{ users: Map<string, string>; customers: Map<string, string>; delegations: Map<string, string>; affiliateLinks: Map<string, string> }> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const only = (ids: string[]) => [...new Set(ids.filter((id) => uuid.test(id)))];
  const [userIds, customerIds, delegationIds, linkIds] = [only(refs.userIds), only(refs.customerIds), only(refs.delegationIds), only(refs.affiliateLinkIds)];
  // An export names up to 50,000 entries: look the users up in chunks (a statement takes at most 65,535 parameters).
  const chunks = (ids: string[]) => Array.from({ length: Math.ceil(ids.length / 10_000) }, (_, i) => ids.slice(i * 10_000, (i + 1) * 10_000));
  const [users, customers, delegations, links] = await Promise.all([
    Promise.all(chunks(userIds).map((ids) => db.selectFrom('users as u')
      .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.customer_id', '=', customerId))
      .select(['u.id', memberName('m', 'u').as('name'), 'u.email']).where('u.id', 'in', ids).execute()))
      .then((parts) => parts.flat()),
    customerIds.length ? db.selectFrom('customers').select(['id', 'name']).where('id', 'in', customerIds).execute() : [],
    delegationIds.length
      ? db.selectFrom('delegations as d').innerJoin('customers as p', 'p.id', 'd.partner_id').select(['d.id', 'p.name']).where('d.id', 'in', delegationIds).execute()
      : [],
    linkIds.length
      ? db.selectFrom('affiliate_links as l').innerJoin('customers as f', 'f.id', 'l.affiliate_id').select(['l.id', 'f.name']).where('l.id', 'in', linkIds).execute()
      : [],
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.name || u.email])),
    customers: new Map(customers.map((c) => [c.id, c.name])),
    delegations: new Map(delegations.map((d) => [d.id, d.name])),
    affiliateLinks: new Map(links.map((l) => [l.id, l.name])),
  };
}
