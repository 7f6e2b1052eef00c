import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { Profile } from '@mandate/domain/profiles';
import { isActive, membershipGivesAccess } from '../../lib/access-sql.ts';

export function findUser(db: Kysely<DB>, userId: string) {
  return db.selectFrom('users').select(['id', 'email', 'first_name', 'last_name', 'language', 'is_operator']).where('id', '=', userId).executeTakeFirstOrThrow();
}

export async function setLanguage(db: Kysely<DB>, userId: string, language: string): Promise<void> {
  await db.updateTable('users').set({ language }).where('id', '=', userId).execute();
}

export function findCustomers(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('customers').select(['id', 'name', 'enterprise_number']).where('id', 'in', ids).orderBy('name').execute();
}

/** The customer's active members holding one of `profiles` whose membership gives access today, primary first, then by name. */
export function listMembersWithProfiles<P extends Profile>(db: Kysely<DB>, customerId: string, profiles: readonly P[], today: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.first_name as firstName', 'u.last_name as lastName', 'u.email', 'u.phone', 'm.profile', 'm.is_primary as isPrimary'])
    .where('m.customer_id', '=', customerId)
    .where('m.profile', 'in', profiles)
    .where(membershipGivesAccess('m', today))
    .where(isActive('u'))
    .orderBy('m.is_primary', 'desc')
    .orderBy('u.last_name')
    .orderBy('u.first_name')
    .$narrowType<{ profile: P }>()
    .execute();
}
