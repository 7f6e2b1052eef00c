import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';

/** The cheapest round trip that proves the database answers queries. */
export async function ping(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
