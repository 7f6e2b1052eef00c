import { sql, type Kysely } from 'kysely';

/**
 * RET-2: personal data is kept at most 10 years after the end of the contract, and the audit trail
 * holds some (names in its before/after, IP addresses). The trail stays append-only for everyone
 * but the retention job erasing a customer's personal data, which says so in its transaction
 * (SET LOCAL mandate.erasure = 'personal_data'); updates and TRUNCATE stay refused.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('mandate.erasure', true) = 'personal_data' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
    END
  $$`.execute(db);
}
