import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

/**
 * The ids among `ids` that are not billing accounts (or cost centres) of this customer: a scope or
 * a filter that names another customer's, or none at all. Empty when every id is the customer's.
 */
export async function foreignScopeIds(db: Kysely<DB>, customerId: string, table: 'billing_accounts' | 'cost_centres', ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const own = await db.selectFrom(table).select('id').where('customer_id', '=', customerId).where('id', 'in', [...ids]).execute();
  const known = new Set(own.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}
