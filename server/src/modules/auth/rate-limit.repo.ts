import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

/**
 * Counts one request under `key` in a fixed window of `windowMs` that starts with the key's first
 * request: one statement, so concurrent requests of several processes each get their own count.
 */
export async function countHit(db: Kysely<DB>, key: string, windowMs: number, now: Date): Promise<{ hits: number; resetsAt: Date }> {
  const row = await db
    .insertInto('rate_limit_counters')
    .values({ key, hits: 1, resets_at: new Date(now.getTime() + windowMs) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`CASE WHEN rate_limit_counters.resets_at <= ${now} THEN 1 ELSE rate_limit_counters.hits + 1 END`,
        resets_at: sql<Date>`CASE WHEN rate_limit_counters.resets_at <= ${now} THEN excluded.resets_at ELSE rate_limit_counters.resets_at END`,
      }),
    )
    .returning(['hits', 'resets_at'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, resetsAt: row.resets_at };
}

/** The count under `key` in its current window; null when it has none running. Counts nothing. */
export async function currentHits(db: Kysely<DB>, key: string, now: Date): Promise<{ hits: number; resetsAt: Date } | null> {
  const row = await db.selectFrom('rate_limit_counters').select(['hits', 'resets_at']).where('key', '=', key).where('resets_at', '>', now).executeTakeFirst();
  return row ? { hits: row.hits, resetsAt: row.resets_at } : null;
}

/** Forgets the counters whose window is over (they would be reset on their next request anyway). */
export async function deleteExpiredCounters(db: Kysely<DB>, now: Date): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('resets_at', '<=', now).execute();
}
