import { sql, type Kysely } from 'kysely';

/**
 * ROLE-7: a person becomes a member of a customer only by accepting the invitation. Until then
 * his membership is `invited`, which gives no access (only an `active` membership does), whether
 * or not he already had a portal account. Until then, too, the customer sees the person as its
 * administrator described him (`invited_*`), never what an existing account holds.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE memberships DROP CONSTRAINT memberships_status_check`.execute(db);
  await sql`ALTER TABLE memberships ADD CONSTRAINT memberships_status_check CHECK (status IN ('invited', 'active', 'suspended'))`.execute(db);
  await sql`ALTER TABLE memberships ADD COLUMN invited_first_name text, ADD COLUMN invited_last_name text, ADD COLUMN invited_language text`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM grants WHERE membership_id IN (SELECT id FROM memberships WHERE status = 'invited')`.execute(db);
  await sql`DELETE FROM memberships WHERE status = 'invited'`.execute(db);
  await sql`ALTER TABLE memberships DROP COLUMN invited_first_name, DROP COLUMN invited_last_name, DROP COLUMN invited_language`.execute(db);
  await sql`ALTER TABLE memberships DROP CONSTRAINT memberships_status_check`.execute(db);
  await sql`ALTER TABLE memberships ADD CONSTRAINT memberships_status_check CHECK (status IN ('active', 'suspended'))`.execute(db);
}
