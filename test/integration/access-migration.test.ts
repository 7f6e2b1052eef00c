/**
 * Migration 0019 (the access context read from the tables) on a database that already holds the
 * demo data, as an installation upgraded from 0018 does: every user's access context read by
 * loadAccessContext afterwards equals what the tuple-based `access_context()` answered before the
 * upgrade, and what only its cache and tuples needed is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AccessContext } from '@mandate/authz/access-context';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateTo, migrateToLatest } from '@mandate/db/migrate';
import { brusselsDate } from '@mandate/domain/dates';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { seed } from '@mandate/server/seed/seed';
import { SEED_NOW } from '../support/database-urls.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the positional tuples of migration 0018's access_context() */
function fromTuples(row: any): AccessContext {
  return {
    userId: row.userId,
    isOperator: row.isOperator,
    memberships: row.memberships.map(([customerId, profile, subProfiles, apps, grants, affiliates]: any[]) => ({
      customerId, profile, subProfiles, apps,
      grants: grants.map(([app, actions, billingAccountIds, costCentreIds]: any[]) => ({ app, actions, billingAccountIds, costCentreIds })),
      affiliates: affiliates.map(([id, affiliateApps]: any[]) => ({ customerId: id, apps: affiliateApps })),
    })),
    delegations: row.delegations.map(([[delegationId, customerId, partnerId, rights, billingAccountIds, costCentreIds], apps]: any[]) => ({
      delegationId, customerId, partnerId, rights, billingAccountIds, costCentreIds, apps,
    })),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * The context without what later migrations added to it: the Fleet Manager and Insights coverage
 * (0033, 0036) narrows those apps' rights, it gives no access of its own.
 */
function withoutCoverage(context: AccessContext | undefined): AccessContext | undefined {
  if (!context) return context;
  return {
    ...context,
    memberships: context.memberships.map(({ fleetCoverage: _f, insightsCoverage: _i, ...m }) => m),
    delegations: context.delegations.map(({ fleetCoverage: _f, insightsCoverage: _i, ...d }) => d),
  };
}

const NOW = new Date(SEED_NOW.getTime() + 3600_000);
let database: Database;
const before = new Map<string, { sessionId: string; context: AccessContext }>();

beforeAll(async () => {
  database = await createDb({});
  const db = database.db;
  await migrateTo(db, '2026-11-24-0018-access-tuples');
  await seed(db, { now: SEED_NOW, billing: false });
  const today = brusselsDate(NOW);
  for (const { id } of await db.selectFrom('users').select('id').execute()) {
    const session = await db.insertInto('sessions').values({ user_id: id, expires_at: new Date(NOW.getTime() + 86_400_000) }).returning('id').executeTakeFirstOrThrow();
    const { rows } = await sql<{ ctx: unknown }>`SELECT access_context(${id}::uuid, ${session.id}::uuid, ${NOW}::timestamptz, ${today}::date) AS ctx`.execute(db);
    before.set(id, { sessionId: session.id, context: fromTuples(rows[0]!.ctx) });
  }
  await migrateToLatest(db);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('migration 0019 keeps everyone\'s access as it was', () => {
  it('every seeded user: the same memberships, grants, affiliates and delegations', async () => {
    expect(before.size).toBeGreaterThan(40);
    const withRights = [...before.values()].filter((b) => b.context.memberships.some((m) => m.grants.length > 0 || m.affiliates.length > 0));
    expect(withRights.length).toBeGreaterThan(0);
    expect([...before.values()].some((b) => b.context.delegations.length > 0)).toBe(true);
    for (const [userId, { sessionId, context }] of before) {
      const loaded = await loadAccessContext(database.db, userId, sessionId, NOW);
      expect(loaded?.sessionOpen).toBe(true);
      expect(withoutCoverage(loaded?.context), userId).toEqual(context);
      // The coverage comes with every Fleet Manager or Insights right, and only with one.
      for (const m of loaded?.context.memberships ?? []) {
        expect(Array.isArray(m.fleetCoverage), userId).toBe(m.grants.some((g) => g.app === 'fleet-manager'));
        expect(Array.isArray(m.insightsCoverage), userId).toBe(m.grants.some((g) => g.app === 'insights'));
      }
    }
  });

  it('drops what only the access cache and the positional tuples needed; access_context() takes named fields now', async () => {
    const { rows: functions } = await sql<{ args: string }>`
      SELECT pg_get_function_identity_arguments(oid) AS args FROM pg_proc WHERE proname = 'access_context'`.execute(database.db);
    expect(functions).toEqual([{ args: 'p_user uuid, p_session uuid, p_now timestamp with time zone, p_today date, p_affiliate_profiles text[]' }]);
    const { rows } = await sql<{ name: string }>`
      SELECT proname AS name FROM pg_proc WHERE proname IN ('customer_active_apps', 'bump_access_epoch', 'sync_customer_active_apps',
        'customer_apps_changed', 'grants_access_tuple', 'delegations_access_tuple')
      UNION ALL SELECT table_name FROM information_schema.tables WHERE table_name = 'access_epoch'
      UNION ALL SELECT table_name || '.' || column_name FROM information_schema.columns
        WHERE (table_name, column_name) IN (('customers', 'active_apps'), ('grants', 'access_tuple'), ('delegations', 'access_tuple'))
      UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE ANY (ARRAY['%access_epoch', '%access_tuple', '%active_apps'])`.execute(database.db);
    expect(rows).toEqual([]);
  });
});
