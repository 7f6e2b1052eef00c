import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { UserListQuery } from '@mandate/contracts/users';
import { whereAccessible } from '../../lib/accessible-by.ts';

/** The columns the User subject's rule fields stand for in this query. */
export const USER_COLUMNS = { customerId: 'm.customer_id', userId: 'm.user_id' } as const;

const SORT_KEYS = {
  name: sql<string>`lower(u.last_name || ' ' || u.first_name)`,
  email: sql<string>`u.email`,
  profile: sql<string>`m.profile`,
  employmentEnd: sql<string>`coalesce(m.employment_end::text, '9999-12-31')`,
} as const;

export interface UserListPage {
  rows: Array<{
    id: string; membershipId: string; email: string; firstName: string; lastName: string; profile: string;
    subProfiles: string[]; isPrimary: boolean; status: string; employmentBasis: string; employmentEnd: string | null; sortKey: string;
  }>;
}

/**
 * The customer's users, filtered in SQL by the same rules the ability checks (DESIGN.md §2),
 * with keyset pagination on (sort key, user id).
 */
export function listUsers(
  db: Kysely<DB>,
  ability: AppAbility | null,
  customerId: string,
  query: Omit<UserListQuery, 'cursor'> & { after?: [string, string] | undefined; limit: number },
) {
  const [field = 'name', direction = 'asc'] = (query.sort ?? 'name:asc').split(':') as [keyof typeof SORT_KEYS, 'asc' | 'desc'];
  const key = SORT_KEYS[field];
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .select([
      'u.id', 'm.id as membershipId', 'u.email', 'u.first_name as firstName', 'u.last_name as lastName', 'm.profile',
      'm.sub_profiles as subProfiles', 'm.is_primary as isPrimary', 'm.status', 'm.employment_basis as employmentBasis',
      'm.employment_end as employmentEnd', key.as('sortKey'),
    ]);
  // `null` only for the benchmark baseline: the same query without the permission filter.
  if (ability) q = q.where(whereAccessible(ability, 'read', 'User', USER_COLUMNS));
  if (query.q) {
    const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([
      eb(sql`lower(u.first_name || ' ' || u.last_name)`, 'like', like),
      eb(sql`lower(u.last_name || ' ' || u.first_name)`, 'like', like),
      eb('u.email', 'like', like),
    ]));
  }
  if (query.profile) q = q.where('m.profile', '=', query.profile);
  if (query.status) q = q.where('m.status', '=', query.status);
  if (query.after) {
    const [value, id] = query.after;
    q = q.where(direction === 'asc' ? sql<boolean>`(${key}, u.id) > (${value}, ${id}::uuid)` : sql<boolean>`(${key}, u.id) < (${value}, ${id}::uuid)`);
  }
  return q.orderBy(key, direction).orderBy('u.id', direction).limit(query.limit + 1).execute();
}
