import { sql, type Kysely } from 'kysely';

/**
 * Issue 3 (sims): the SIM picker of "Lines used" (GET /customers/{customerId}/sims) walks a
 * customer's SIMs in msisdn order with keyset pagination; this index keeps that instant on
 * 50,000 SIMs, and also serves the "unassigned only" filter. No access change: no epoch trigger.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX sims_customer_msisdn_idx ON sims (customer_id, msisdn)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS sims_customer_msisdn_idx`.execute(db);
}
