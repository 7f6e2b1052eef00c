import { sql, type Kysely } from 'kysely';

/**
 * MOB-3 and DLG-2..4: an end user's request is approved or rejected by whoever manages the SIM,
 * who may be a partner's user acting through a delegation. The order keeps that delegation beside
 * the decider, as it keeps the asker's.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sim_orders ADD COLUMN decided_delegation_id uuid`.execute(db);
}

