import { sql, type Kysely } from 'kysely';

/**
 * The access context is read by the server with ordinary queries on the tables themselves
 * (server/src/modules/access/access.repo.ts), per request and without a cache, so nothing derived
 * has to be kept in step with them any more:
 * - `access_context()` goes: the rules live in one readable query instead of a function and its copy;
 * - `access_epoch`, its triggers and their function go: no process keeps an ability between requests,
 *   so there is no version to compare with, and access-changing commits no longer queue on one row;
 * - `customers.active_apps` and `grants`/`delegations`.`access_tuple` go with the triggers that
 *   maintained them: customer_apps, grants and delegations are read as they are.
 * Forward only, like the schema.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION access_context(uuid, uuid, timestamptz, date)`.execute(db);

  for (const table of ['memberships', 'grants', 'affiliate_links', 'delegations', 'delegation_users', 'customer_apps', 'users', 'customers', 'sessions']) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_access_epoch`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION bump_access_epoch()`.execute(db);
  await sql`DROP TABLE access_epoch`.execute(db);

  await sql`DROP TRIGGER customer_apps_active_apps ON customer_apps`.execute(db);
  await sql`DROP FUNCTION customer_apps_changed()`.execute(db);
  await sql`DROP FUNCTION sync_customer_active_apps(uuid)`.execute(db);
  await sql`ALTER TABLE customers DROP COLUMN active_apps`.execute(db);

  await sql`DROP TRIGGER grants_access_tuple ON grants`.execute(db);
  await sql`DROP FUNCTION grants_access_tuple()`.execute(db);
  await sql`ALTER TABLE grants DROP COLUMN access_tuple`.execute(db);
  await sql`DROP TRIGGER delegations_access_tuple ON delegations`.execute(db);
  await sql`DROP FUNCTION delegations_access_tuple()`.execute(db);
  await sql`ALTER TABLE delegations DROP COLUMN access_tuple`.execute(db);
}
