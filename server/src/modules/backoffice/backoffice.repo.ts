import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '@mandate/db/database.types';
import { fleetManagerSims } from '../fleet-activation/fleet-activation.repo.ts';

/** Keyset position after a page: the sort key and the id of its last row. */
type After = readonly [string, string] | undefined;

const likeOf = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const fleetSims = fleetManagerSims(sql.ref('c.id')).as('fleetManagerSims');

/** Customers by name, enterprise number or city (operator back office), keyset on (name, id). */
export function searchCustomers(db: Kysely<DB>, f: { q?: string | undefined; after: After; limit: number }) {
  let q = db.selectFrom('customers as c').select([
    'c.id', 'c.name', 'c.enterprise_number as enterpriseNumber', 'c.city', 'c.status', 'c.suspended_at as suspendedAt',
    'c.suspension_reason as suspensionReason', 'c.contract_end as contractEnd', fleetSims, sql<string>`lower(c.name)`.as('sortKey'),
  ]);
  if (f.q) {
    const like = likeOf(f.q);
    const digits = f.q.replace(/[^0-9]/g, '');
    q = q.where((eb) => eb.or([
      eb(sql`lower(c.name)`, 'like', like),
      eb(sql`lower(c.city)`, 'like', like),
      ...(digits.length >= 3 ? [eb('c.enterprise_number', 'like', `%${digits}%`)] : []),
    ]));
  }
  if (f.after) q = q.where(sql<boolean>`(lower(c.name), c.id) > (${f.after[0]}, ${f.after[1]}::uuid)`);
  return q.orderBy(sql`lower(c.name)`).orderBy('c.id').limit(f.limit + 1).execute();
}

/** Users by e-mail or name, with the customers they belong to, keyset on (e-mail, id). */
export function searchUsers(db: Kysely<DB>, f: { q?: string | undefined; after: After; limit: number }) {
  let q = db.selectFrom('users as u').select((eb) => [
    'u.id', 'u.email', 'u.first_name as firstName', 'u.last_name as lastName', 'u.status', 'u.is_operator as isOperator',
    'u.suspended_at as suspendedAt', 'u.suspension_reason as suspensionReason', 'u.email as sortKey',
    jsonArrayFrom(eb.selectFrom('memberships as m').innerJoin('customers as c', 'c.id', 'm.customer_id')
      .whereRef('m.user_id', '=', 'u.id').select(['c.id', 'c.name', 'm.profile']).orderBy('c.name').limit(20)).as('customers'),
  ]);
  if (f.q) {
    const like = likeOf(f.q);
    q = q.where((eb) => eb.or([
      eb('u.email', 'like', like),
      eb(sql`lower(u.first_name || ' ' || u.last_name)`, 'like', like),
      eb(sql`lower(u.last_name || ' ' || u.first_name)`, 'like', like),
    ]));
  }
  if (f.after) q = q.where(sql<boolean>`(u.email, u.id) > (${f.after[0]}, ${f.after[1]}::uuid)`);
  return q.orderBy('u.email').orderBy('u.id').limit(f.limit + 1).execute();
}

export function lockCustomer(trx: Kysely<DB>, id: string) {
  return trx.selectFrom('customers').where('id', '=', id).select(['id', 'name', 'status', 'contract_start as contractStart']).forUpdate().executeTakeFirst();
}

export async function setCustomerStatus(trx: Kysely<DB>, id: string, status: 'active' | 'suspended', at: Date | null, reason: string | null) {
  await trx.updateTable('customers').set({ status, suspended_at: at, suspension_reason: reason }).where('id', '=', id).execute();
}

/** RET-2: the contract ended on `contractEnd`; no member acts for the customer any more. */
export async function terminateCustomer(trx: Kysely<DB>, id: string, contractEnd: string): Promise<void> {
  await trx.updateTable('customers').set({ status: 'terminated', contract_end: contractEnd }).where('id', '=', id).execute();
}

export function lockUser(trx: Kysely<DB>, id: string) {
  return trx.selectFrom('users').where('id', '=', id).select(['id', 'email', 'language', 'status', 'is_operator']).forUpdate().executeTakeFirst();
}

export async function setUserStatus(trx: Kysely<DB>, id: string, status: 'active' | 'suspended', at: Date | null, reason: string | null) {
  await trx.updateTable('users').set({ status, suspended_at: at, suspension_reason: reason }).where('id', '=', id).execute();
}

export function findCustomerRow(db: Kysely<DB>, id: string) {
  return db.selectFrom('customers as c').where('c.id', '=', id).select([
    'c.id', 'c.name', 'c.enterprise_number as enterpriseNumber', 'c.city', 'c.status', 'c.suspended_at as suspendedAt',
    'c.suspension_reason as suspensionReason', 'c.contract_end as contractEnd', fleetSims,
  ]).executeTakeFirst();
}

export function findUserRow(db: Kysely<DB>, id: string) {
  return db.selectFrom('users as u').where('u.id', '=', id).select((eb) => [
    'u.id', 'u.email', 'u.first_name as firstName', 'u.last_name as lastName', 'u.status', 'u.is_operator as isOperator',
    'u.suspended_at as suspendedAt', 'u.suspension_reason as suspensionReason',
    jsonArrayFrom(eb.selectFrom('memberships as m').innerJoin('customers as c', 'c.id', 'm.customer_id')
      .whereRef('m.user_id', '=', 'u.id').select(['c.id', 'c.name', 'm.profile']).orderBy('c.name').limit(20)).as('customers'),
  ]).executeTakeFirst();
}
