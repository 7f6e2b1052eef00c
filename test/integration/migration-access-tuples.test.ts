/**
 * Migration 0018 (access tuples) on a database that already holds grants and delegations, as an
 * installation upgraded from 0017 does: every existing row gets the tuple its trigger would have
 * written, so access_context reads the same rights as before the upgrade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateTo, migrateToLatest } from '@mandate/db/migrate';
import { seed } from '@mandate/server/seed/seed';
import { SEED_NOW } from '../support/database-urls.ts';

let database: Database;

beforeAll(async () => {
  database = await createDb({});
  await migrateTo(database.db, '2026-11-24-0017-access-context-lean');
  // The demo data written before the upgrade: the columns 0018 adds hold only their default.
  await seed(database.db, { now: SEED_NOW });
  await migrateToLatest(database.db);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('migration 0018 fills the access tuples of existing rows', () => {
  it('every grant: [app, actions, billing accounts, cost centres]', async () => {
    const { rows } = await sql<{ total: number; stale: number }>`
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE access_tuple::text IS DISTINCT FROM json_build_array(app, actions, billing_account_ids, cost_centre_ids)::text)::int AS stale
      FROM grants`.execute(database.db);
    expect(rows[0]!.total).toBeGreaterThan(0);
    expect(rows[0]!.stale).toBe(0);
  });

  it('every delegation: [id, customer, partner, rights, billing accounts, cost centres, end]', async () => {
    const { rows } = await sql<{ total: number; stale: number }>`
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE access_tuple::text IS DISTINCT FROM
          json_build_array(id, customer_id, partner_id, rights, billing_account_ids, cost_centre_ids, ends_at)::text)::int AS stale
      FROM delegations`.execute(database.db);
    expect(rows[0]!.total).toBeGreaterThan(0);
    expect(rows[0]!.stale).toBe(0);
  });
});
