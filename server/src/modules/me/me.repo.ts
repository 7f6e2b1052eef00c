import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

export function findUser(db: Kysely<DB>, userId: string) {
  return db.selectFrom('users').select(['id', 'email', 'first_name', 'last_name', 'language', 'is_operator']).where('id', '=', userId).executeTakeFirstOrThrow();
}

export function findCustomers(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('customers').select(['id', 'name', 'enterprise_number']).where('id', 'in', ids).orderBy('name').execute();
}

/** ROLE-8: the customer's Access Owners (primary first) or, when it has none, its Access Managers. */
export function findAdministrators(db: Kysely<DB>, customerId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.first_name as firstName', 'u.last_name as lastName', 'u.email', 'u.phone', 'm.profile', 'm.is_primary as isPrimary'])
    .where('m.customer_id', '=', customerId)
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([
      eb('m.profile', '=', 'access_owner'),
      eb.and([
        eb('m.profile', '=', 'access_manager'),
        eb.not(eb.exists(eb.selectFrom('memberships as o').innerJoin('users as ou', 'ou.id', 'o.user_id').select('o.id')
          .where('o.customer_id', '=', customerId).where('o.profile', '=', 'access_owner')
          .where('o.status', '=', 'active').where('ou.status', '=', 'active'))),
      ]),
    ]))
    .orderBy('m.is_primary', 'desc')
    .orderBy('u.last_name')
    .orderBy('u.first_name')
    .$narrowType<{ profile: 'access_owner' | 'access_manager' }>()
    .execute();
}
