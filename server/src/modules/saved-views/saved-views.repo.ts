import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

/** A user's saved views of one app within one customer (INS-3, PFM-4), by name. */
export function listViews(db: Kysely<DB>, customerId: string, userId: string, app: string) {
  return db
    .selectFrom('saved_views')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .where('app', '=', app)
    .select(['id', 'name', 'state', 'created_at as createdAt'])
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

/**
 * Serialises the view changes of one user within one customer and app until the transaction ends,
 * so the count checked before an insert still holds when it commits.
 */
export async function lockUserViews(db: Kysely<DB>, customerId: string, userId: string, app: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`saved_views:${customerId}:${userId}:${app}`}, 0))`.execute(db);
}

export async function countViews(db: Kysely<DB>, customerId: string, userId: string, app: string): Promise<number> {
  const row = await db
    .selectFrom('saved_views')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .where('app', '=', app)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export function findViewByName(db: Kysely<DB>, customerId: string, userId: string, app: string, name: string, exceptId?: string) {
  let query = db
    .selectFrom('saved_views')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .where('app', '=', app)
    // "Sales" and "sales" side by side in a list of names could not be told apart.
    .where(sql<string>`lower(name)`, '=', sql<string>`lower(${name})`)
    .select('id');
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return query.executeTakeFirst();
}

export function insertView(db: Kysely<DB>, v: { customerId: string; userId: string; app: string; name: string; state: unknown; now: Date }) {
  return db
    .insertInto('saved_views')
    .values({ customer_id: v.customerId, user_id: v.userId, app: v.app, name: v.name, state: JSON.stringify(v.state), created_at: v.now })
    .returning(['id', 'name', 'state', 'created_at as createdAt'])
    .executeTakeFirstOrThrow();
}

/** Deletes one of the user's own views; false when he has none by that id (another user's included). */
export async function deleteView(db: Kysely<DB>, customerId: string, userId: string, app: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('saved_views')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .where('app', '=', app)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Renames one of the user's own views or replaces what it keeps; undefined when he has none by that id. */
export function updateView(db: Kysely<DB>, customerId: string, userId: string, app: string, id: string, change: { name?: string; state?: unknown }) {
  return db
    .updateTable('saved_views')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.state !== undefined ? { state: JSON.stringify(change.state) } : {}),
    })
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .where('app', '=', app)
    .where('id', '=', id)
    .returning(['id', 'name', 'state', 'created_at as createdAt'])
    .executeTakeFirst();
}
