/**
 * Mandate's benchmark harness: `pnpm bench [suite] [options]`.
 *
 * Runs on the native PostgreSQL server (never PGlite) in a database of its own, recreated on each
 * run and dropped at the end. Servers under test run in child processes; autocannon runs here.
 * Targets are reported (PASS/FAIL), not asserted: the exit code is 0 unless the harness fails.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startChildServer, type ChildServer } from './bench-child.ts';
import { createBenchDatabase, DEFAULT_MAINTENANCE_URL, type BenchDatabase } from './bench-db.ts';
import { formatReport, type SuiteReport } from './bench-report.ts';
import type { Suite, SuiteContext } from './bench-suite.ts';
import { foundationSuite } from './foundation.suite.ts';
import { usersSuite } from './users.suite.ts';
import { invoicesSuite } from './invoices.suite.ts';
import { fleetSuite } from './fleet.suite.ts';

const SUITES: Record<string, Suite> = Object.fromEntries([foundationSuite, usersSuite, invoicesSuite, fleetSuite].map((s) => [s.name, s]));
/** No run may outlive this, whatever hangs. */
const WATCHDOG_MS = 10 * 60_000;

const HELP = `Usage: pnpm bench [suite] [options]

Suites:
${Object.values(SUITES).map((s) => `  ${s.name.padEnd(12)} ${s.description}`).join('\n')}
  (default: foundation)

Options:
  --json               print the report as JSON on stdout (instead of the tables)
  --out <file>         also write the JSON report to <file>
  --pairs <n>          pairs of server processes per HTTP comparison (foundation; suite default)
  --rounds <n>         interleaved rounds per HTTP comparison, per pair of processes (suite default)
  --duration <s>       seconds per HTTP run (suite default)
  --connections <n>    autocannon connections (suite default)
  --iterations <n>     iterations of the in-process measurements (suite default)
  --keep-db            keep the bench database at the end (for inspection)
  -h, --help           this text

Environment:
  BENCH_DATABASE_URL   maintenance connection (default ${DEFAULT_MAINTENANCE_URL});
                       the suite creates and drops its own database bench_mandate_<suite> there.
  BENCH_FLEET_WEB_DIST fleet: a built web bundle to serve (default: the suite builds one into
                       /tmp/fleet-bench-dist under flock /tmp/web-build.lock)
  BENCH_FLEET_SCROLL_SECONDS
                       fleet: how long the browser may scroll the fleet table (default 150)
  BENCH_FLEET_SIMS     fleet: a smaller fleet, to try the suite quickly (targets are for 50,000)
  BENCH_FLEET_ONLY=web fleet: seed, then measure only the web table's scroll
`;

class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer (got "${raw}")`);
  return n;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        pairs: { type: 'string' },
        rounds: { type: 'string' },
        duration: { type: 'string' },
        connections: { type: 'string' },
        iterations: { type: 'string' },
        'keep-db': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (positionals.length > 1) throw new UsageError(`one suite at a time (got ${positionals.join(', ')})`);
  const suiteName = positionals[0] ?? 'foundation';
  const suite = SUITES[suiteName];
  if (!suite) throw new UsageError(`unknown suite "${suiteName}"; known: ${Object.keys(SUITES).join(', ')}`);
  const overrides = {
    pairs: positiveInt('pairs', values.pairs),
    rounds: positiveInt('rounds', values.rounds),
    duration: positiveInt('duration', values.duration),
    connections: positiveInt('connections', values.connections),
    iterations: positiveInt('iterations', values.iterations),
  };

  const started = Date.now();
  const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadAtStart = loadAverage();
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);
  const children: ChildServer[] = [];
  let database: BenchDatabase | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () => (cleaning ??= (async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
    if (database && !values['keep-db']) await database.drop().catch((error: unknown) => log(`could not drop ${database!.name}: ${String(error)}`));
    else if (database) {
      await database.close();
      log(`kept database ${database.name}`);
    }
  })());
  const abort = (code: number, why: string) => {
    log(why);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort(130, 'interrupted: cleaning up'));
  process.once('SIGTERM', () => abort(143, 'terminated: cleaning up'));
  const watchdogMs = suite.watchdogMinutes ? suite.watchdogMinutes * 60_000 : WATCHDOG_MS;
  const watchdog = setTimeout(() => abort(1, `watchdog: the run took longer than ${watchdogMs / 60_000} min`), watchdogMs);
  watchdog.unref();

  try {
    const maintenanceUrl = process.env.BENCH_DATABASE_URL || DEFAULT_MAINTENANCE_URL;
    const name = `bench_mandate_${suite.name}`;
    log(`suite ${suite.name}: creating database ${name}`);
    database = await createBenchDatabase(maintenanceUrl, name);
    const context: SuiteContext = {
      db: database.db,
      databaseUrl: database.url,
      overrides,
      log,
      startServer: async (serverName, script, env) => {
        const child = await startChildServer(serverName, script, env);
        children.push(child);
        log(`${serverName} listening on ${child.baseUrl} (pid ${child.pid})`);
        return child;
      },
    };
    const startedAt = new Date(started).toISOString();
    const result = await suite.run(context);
    const report: SuiteReport = {
      suite: suite.name,
      startedAt,
      durationSeconds: (Date.now() - started) / 1000,
      environment: {
        node: process.version,
        postgres: database.serverVersion,
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
        platform: `${os.platform()} ${os.release()}`,
        commit: gitCommit(),
        // Other work on the machine shows here (1, 5, 15 min); the ratios are interleaved against it.
        'load average at start': loadAtStart,
        'load average at end': loadAverage(),
      },
      ...result,
    };
    if (values.out) {
      await writeFile(path.resolve(values.out), `${JSON.stringify(report, null, 2)}\n`);
      log(`wrote ${path.resolve(values.out)}`);
    }
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message} (see pnpm bench --help)\n`);
      process.exit(2);
    }
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
