import { sql, type Kysely } from 'kysely';

/**
 * A mail may carry one file: GreenBill sends the invoice itself, as PDF, to the address the
 * customer confirmed (the invoice is "received in PDF format at his e-mail address").
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE mail_outbox ADD COLUMN attachment_name text, ADD COLUMN attachment bytea`.execute(db);
  await sql`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_attachment_whole CHECK ((attachment_name IS NULL) = (attachment IS NULL))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE mail_outbox DROP COLUMN attachment_name, DROP COLUMN attachment`.execute(db);
}
