import { sql, type Kysely } from 'kysely';

/**
 * Billed usage keeps the number it was billed under (INV-6: the portal's figures match the official
 * invoice). A row without one was billed under its SIM's present number; a number change (MOB-8)
 * writes the number that ends into its SIM's rows that have none, before the SIM takes the new one.
 * Adding a column without a default is a catalogue change, also on the partitions of call details.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['invoice_lines', 'call_details', 'usage_events', 'usage_rollups']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN msisdn text`.execute(db);
  }
}
