import pg from 'pg';
import { sql } from 'kysely';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import { LARGE_SCALE_SIMS, largeMonthPlans, seedBillingLarge, type LargeRunReport } from '@mandate/server/seed/billing-large';
import { seed } from '@mandate/server/seed/seed';
import { adminUrl, databaseUrl } from '../support/database-urls.ts';

/**
 * The `invoices` suite's database: tens of millions of rows take many minutes to load, so it is
 * kept between runs under a fixed name and only built when missing (or when a month of the data
 * set is missing: the loading goes on where it stopped). `BENCH_INVOICES_REBUILD=1` drops it first;
 * dropping it by hand (`DROP DATABASE bench_mandate_invoices_large`) frees its disk space.
 * `BENCH_INVOICES_NO_BUILD=1` measures whatever the database holds (loads nothing; targets whose
 * data is missing are reported as not measured). `BENCH_INVOICES_SIMS=<n>` (with
 * `BENCH_INVOICES_DATABASE=<name>`) makes a small copy of the data set, to try the suite quickly.
 */
export const LARGE_DATABASE = process.env.BENCH_INVOICES_DATABASE || 'bench_mandate_invoices_large';
const SIMS = Number(process.env.BENCH_INVOICES_SIMS || LARGE_SCALE_SIMS);

export interface LargeDatabase extends Database {
  name: string;
  url: string;
  /** The runs loaded by this call (none when the database was complete). */
  loadedRuns: LargeRunReport[];
  /** Runs of the data set not in the database (BENCH_INVOICES_NO_BUILD). */
  missingMonths: string[];
  buildSeconds: number;
}

async function admin<T>(maintenanceUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(maintenanceUrl) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function openLargeDatabase(maintenanceUrl: string, log: (message: string) => void): Promise<LargeDatabase> {
  const rebuild = process.env.BENCH_INVOICES_REBUILD === '1';
  const created = await admin(maintenanceUrl, async (client) => {
    if (rebuild) await client.query(`DROP DATABASE IF EXISTS "${LARGE_DATABASE}" WITH (FORCE)`);
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [LARGE_DATABASE]);
    if (rows.length > 0) return false;
    await client.query(`CREATE DATABASE "${LARGE_DATABASE}"`);
    return true;
  });
  const url = databaseUrl(maintenanceUrl, LARGE_DATABASE);
  const database = await createDb({ databaseUrl: url, poolSize: 4 });
  const started = Date.now();
  await migrateToLatest(database.db);
  const now = new Date();
  const missing = [];
  for (const plan of largeMonthPlans(now)) {
    const run = await database.db.selectFrom('billing_runs').select('id').where('id', '=', plan.runId).where('checksum', '<>', 'loading').executeTakeFirst();
    if (!run) missing.push(plan.runId);
  }
  let loadedRuns: LargeRunReport[] = [];
  if (process.env.BENCH_INVOICES_NO_BUILD === '1') {
    log(`using ${LARGE_DATABASE} as it is (BENCH_INVOICES_NO_BUILD=1; ${missing.length} month(s) of the data set missing: ${missing.join(', ') || 'none'})`);
  } else if (created || missing.length > 0) {
    log(`${created ? 'building' : 'completing'} ${LARGE_DATABASE} (${missing.length} month(s) to load; tens of millions of rows, many minutes)`);
    await seed(database.db, { scaleSims: SIMS });
    loadedRuns = (await seedBillingLarge(database.db, { now, log, otherSims: Math.min(1000, Math.ceil(SIMS / 50)) })).filter((r) => r.status === 'loaded');
    await sql`ANALYZE`.execute(database.db);
  } else {
    log(`reusing ${LARGE_DATABASE} (complete; BENCH_INVOICES_REBUILD=1 rebuilds it)`);
  }
  return { ...database, name: LARGE_DATABASE, url, loadedRuns, missingMonths: missing, buildSeconds: (Date.now() - started) / 1000 };
}
