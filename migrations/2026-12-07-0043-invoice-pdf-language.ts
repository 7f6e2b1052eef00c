import { sql, type Kysely } from 'kysely';

/**
 * A fixed-service invoice's PDF the portal rendered at ingestion (kept 24 months, INV-3) says the
 * language it is written in; a PDF the billing run shipped has none. While the invoice's lines are
 * still retained, the portal renders it anew in the reader's language instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE invoice_pdfs ADD COLUMN language text CHECK (language IN ('nl', 'fr', 'en'))`.execute(db);
}
