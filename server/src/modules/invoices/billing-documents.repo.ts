import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { whereAccessible } from '../../lib/accessible-by.ts';

/** Documents other than invoices (INV-8) are read with the invoices of their billing account. */
const DOCUMENT_COLUMNS = { customerId: 'bd.customer_id', billingAccountId: 'bd.billing_account_id' } as const;

/**
 * The documents the ability lets the principal read that have appeared (published by `now`) and
 * are still kept: like billing data (RET-1), until 12 months after the Brussels day they appeared
 * (`retainedFrom`, 00:00 Brussels of the cut-off day).
 */
function documents(db: Kysely<DB>, ability: AppAbility, customerId: string, now: Date, retainedFrom: Date) {
  return db
    .selectFrom('billing_documents as bd')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'bd.customer_id').onRef('ba.id', '=', 'bd.billing_account_id'))
    .where('bd.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'read', 'Invoice', DOCUMENT_COLUMNS))
    .where('bd.published_at', '<=', now)
    .where('bd.published_at', '>=', retainedFrom);
}

/** A keyset page, newest first; `limit + 1` rows. */
export function listDocuments(
  db: Kysely<DB>, ability: AppAbility, customerId: string, now: Date, retainedFrom: Date,
  p: { billingAccountId?: string | undefined; after?: readonly [string, string] | undefined; limit: number },
) {
  let q = documents(db, ability, customerId, now, retainedFrom);
  if (p.billingAccountId) q = q.where('bd.billing_account_id', '=', p.billingAccountId);
  const publishedMs = sql`date_trunc('milliseconds', bd.published_at)`;
  if (p.after) q = q.where(sql<boolean>`(${publishedMs}, bd.id) < (${p.after[0]}::timestamptz, ${p.after[1]}::uuid)`);
  return q
    .select([
      'bd.id', 'bd.kind', 'bd.title', 'bd.published_at as publishedAt', sql<boolean>`bd.content IS NOT NULL`.as('hasContent'),
      'ba.id as billingAccountId', 'ba.number as accountNumber', 'ba.name as accountName', 'ba.type as accountType',
    ])
    .orderBy(publishedMs, 'desc')
    .orderBy('bd.id', 'desc')
    .limit(p.limit + 1)
    .execute();
}

/** One document's content (undefined: not visible, or it has none). */
export async function documentContent(db: Kysely<DB>, ability: AppAbility, customerId: string, now: Date, retainedFrom: Date, documentId: string) {
  return documents(db, ability, customerId, now, retainedFrom)
    .where('bd.id', '=', documentId)
    .select(['bd.title', 'bd.content'])
    .executeTakeFirst();
}
