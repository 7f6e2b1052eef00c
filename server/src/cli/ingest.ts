import { parseArgs } from 'node:util';
import pino from 'pino';
import { migrateToLatest } from '@mandate/db/migrate';
import { systemClock } from '../lib/clock.ts';
import { directorySource } from '../modules/billing-runs/billing-runs.format.ts';
import { ingestBillingRun } from '../modules/billing-runs/billing-runs.service.ts';
import { databaseFromEnv } from './db-from-env.ts';

/**
 * `pnpm ingest <dir>`: loads the billing run in `dir` (docs/ingestion.md) into the database the
 * portal uses (DATABASE_URL, else the embedded one). Prints what was loaded, or the report of the
 * bad rows; exit code 0 when loaded or already loaded, 1 when refused, 2 on wrong usage.
 */
const { positionals } = parseArgs({ allowPositionals: true, options: {} });
if (positionals.length !== 1) {
  console.error('usage: pnpm ingest <run directory>   (a directory with manifest.json and the CSV files of one billing run)');
  process.exit(2);
}
const source = await directorySource(positionals[0]!).catch((error: unknown) => {
  console.error(`cannot read the run in ${positionals[0]}: ${(error as Error).message}`);
  process.exit(2);
});
const database = await databaseFromEnv();
let exitCode = 0;
try {
  await migrateToLatest(database.db);
  const started = performance.now();
  const result = await ingestBillingRun({ db: database.db, clock: systemClock, log: pino({ level: 'error' }) }, source);
  const seconds = (performance.now() - started) / 1000;
  if (result.status === 'refused') {
    exitCode = 1;
    console.error(`[${database.engine}] billing run ${result.runId} refused, nothing written (${result.errors.length} problem(s)${result.errors.length >= 100 ? ', the first 100' : ''}):`);
    for (const e of result.errors) console.error(`  ${e.file}:${e.line}${e.column ? ` column ${e.column}` : ''}: ${e.reason}`);
  } else if (result.status === 'already_loaded') {
    console.warn(`[${database.engine}] billing run ${result.runId} was already loaded at ${result.loadedAt.toISOString()}: nothing changed`);
  } else {
    console.warn(`[${database.engine}] billing run ${result.runId} loaded in ${seconds.toFixed(1)} s`);
    for (const [kind, n] of Object.entries(result.counts)) console.warn(`  ${kind}: ${n}`);
    const rows = result.counts.callDetails ?? 0;
    if (rows > 0) console.warn(`  (${Math.round(rows / seconds).toLocaleString('en')} call details per second)`);
  }
} finally {
  await database.close();
}
process.exit(exitCode);
