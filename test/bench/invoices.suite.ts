import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Database } from '@mandate/db/create-db';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { defineAbilityFor, type AppAbility } from '@mandate/authz/define-ability';
import { addMonths, brusselsDate } from '@mandate/domain/dates';
import { retentionStart } from '@mandate/domain/retention';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { memorySource } from '@mandate/server/modules/billing-runs/billing-runs.format';
import { ingestBillingRun, type IngestDeps } from '@mandate/server/modules/billing-runs/billing-runs.service';
import {
  billingAccountsFigure, changeFigure, chargeTypesFigure, costCentresFigure, monthlyFigure, topSimsFigure, type FigureFilters, type FigureSource,
} from '@mandate/server/modules/insights/insights.repo';
import { closedMonthRun, HEAVY_ACCOUNT, largeTopology, type LargeMonthPlan } from '@mandate/server/seed/billing-large';
import { DEMO_PASSWORD, SCALE_CUSTOMER_NUMBER } from '@mandate/server/seed/seed';
import { DEFAULT_MAINTENANCE_URL } from './bench-db.ts';
import { signIn, type HttpLoad, type HttpSummary } from './bench-http.ts';
import { LARGE_DATABASE, openLargeDatabase } from './bench-invoices-db.ts';
import { cpuDuring, download, getJson, rssMb, sampleRss, sampleStatements } from './bench-invoices-probes.ts';
import { runPaced } from './bench-paced.ts';
import { target, type TargetResult, type TimingRow } from './bench-report.ts';
import { summarize } from './bench-stats.ts';
import type { Suite } from './bench-suite.ts';

const SCALE_OWNER = 'scale-owner@megacorp.test';
const RATE = 300;
const PACED_SOCKETS = 64;
const PAGE = 50;
const DEPTH_PAGES = 10_000;
const EXPORT_ROWS = 1_000_000;
/** Call details per SIM of the fresh ingestion run (50,000 SIMs × 40 = 2 million rows); BENCH_INVOICES_INGEST_CALLS changes it. */
const INGEST_CALLS_PER_SIM = Number(process.env.BENCH_INVOICES_INGEST_CALLS || 40);
/** At most this many rows in each copy of the partition-drop comparison (BENCH_INVOICES_SCRATCH_ROWS; default: the whole month). */
const SCRATCH_ROWS = process.env.BENCH_INVOICES_SCRATCH_ROWS ? Number(process.env.BENCH_INVOICES_SCRATCH_ROWS) : null;
/** The month of the fresh ingestion run: older than anything the data set or the demo holds. */
const INGEST_MONTHS_BACK = 18;
const FIGURES = [
  ['monthly', monthlyFigure], ['charge-types', chargeTypesFigure], ['billing-accounts', billingAccountsFigure],
  ['cost-centres', costCentresFigure], ['top-sims', topSimsFigure], ['change', changeFigure],
] as const;

const notMeasured = (id: string, description: string, comparator: '≤' | '≥', limit: number, unit: '×' | 'ms', why: string): TargetResult =>
  target(id, description, Number.NaN, comparator, limit, unit, `NOT MEASURED: ${why}`, false);

const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as IngestDeps['log'];

const ms = (start: number) => performance.now() - start;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await fn();
  return [result, ms(t0)];
}

/** The rows of a figure, in a form comparable between the roll-ups and the raw data. */
const canonical = (rows: unknown) => JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));

/** Milliseconds to unlink a freshly written, synced file of `bytes` in the temp folder. */
async function unlinkTime(bytes: number): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mandate-unlink-'));
  const file = path.join(dir, 'blob');
  try {
    const chunk = Buffer.alloc(64 * 1024 * 1024);
    const out = createWriteStream(file);
    for (let written = 0; written < bytes; written += chunk.length) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    const handle = await open(file, 'r');
    await handle.sync();
    await handle.close();
    const t0 = performance.now();
    await unlink(file);
    return performance.now() - t0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** COPY of a partition's rows (final shape) out to a file and into an empty table, then its indexes: what ingestion cannot go below. */
async function ingestionFloor(large: Database, partition: string) {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'mandate-floor-')), 'rows.csv');
  try {
    await large.rawSession(async (session) => {
      const out = createWriteStream(file);
      await session.copyTo(`SELECT * FROM "${partition}"`, [], 'FORMAT csv', out);
      out.end();
      await finished(out);
    });
    const db = large.db;
    await sql`DROP TABLE IF EXISTS bench_scratch_floor`.execute(db);
    await sql`CREATE TABLE bench_scratch_floor (LIKE call_details INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(db);
    const t0 = performance.now();
    const rows = await large.rawSession((session) => session.copyFrom('bench_scratch_floor', 'FORMAT csv', createReadStream(file)));
    const copyMs = performance.now() - t0;
    const t1 = performance.now();
    await large.rawSession(async (session) => {
      await sql`SET maintenance_work_mem = '1GB'`.execute(session.db);
      await sql`ALTER TABLE bench_scratch_floor ADD PRIMARY KEY (customer_id, started_at, id)`.execute(session.db);
      await sql`CREATE INDEX ON bench_scratch_floor (customer_id, invoice_id, started_at, id)`.execute(session.db);
      await sql`CREATE INDEX ON bench_scratch_floor (customer_id, sim_id, started_at)`.execute(session.db);
      await sql`RESET maintenance_work_mem`.execute(session.db);
    });
    const indexMs = performance.now() - t1;
    await sql`DROP TABLE bench_scratch_floor`.execute(db);
    return { rows, copyMs, indexMs };
  } finally {
    await rm(path.dirname(file), { recursive: true, force: true });
  }
}

/**
 * Billing data at scale (docs/benchmarks.md): the invoice list and an invoice's call details at a
 * steady 300 req/s, a call-detail page 10,000 pages deep, the Insights figures against the same
 * figures computed from raw call details, a CSV export of a million rows (and the server's memory),
 * ingestion speed, and a month partition dropped against the same rows deleted. On a database of
 * ~33 million call details kept between runs (bench-invoices-db.ts).
 */
export const invoicesSuite: Suite = {
  name: 'invoices',
  description: 'invoices and call details at scale (kept database bench_mandate_invoices_large), insights, export, ingestion, partitions',
  watchdogMinutes: 180,
  async run({ overrides, log, startServer }) {
    const duration = overrides.duration ?? 10;
    const depthPairs = overrides.iterations ?? 200;
    const maintenanceUrl = process.env.BENCH_DATABASE_URL || DEFAULT_MAINTENANCE_URL;
    const large = await openLargeDatabase(maintenanceUrl, log);
    const { db } = large;
    const targets: TargetResult[] = [];
    const timings: TimingRow[] = [];
    const http: HttpSummary[] = [];
    const parameters: Record<string, string | number | boolean> = { database: LARGE_DATABASE, rate: RATE, secondsPerRun: duration, pacedSockets: PACED_SOCKETS };
    try {
      const now = new Date();
      const currentMonth = `${brusselsDate(now).slice(0, 7)}-01`;
      const latest = addMonths(currentMonth, -1);
      const stats = await sql<{ call_details: number; partitions: number; invoices: number; lines: number; usage: number }>`
        SELECT (SELECT coalesce(sum(c.reltuples), 0)::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'call_details') AS call_details,
               (SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'call_details')::int AS partitions,
               (SELECT count(*) FROM invoices)::int AS invoices,
               (SELECT coalesce(sum(c.reltuples), 0)::bigint FROM pg_class c WHERE c.relname = 'invoice_lines') AS lines,
               (SELECT coalesce(sum(c.reltuples), 0)::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'usage_events') AS usage`.execute(db);
      const s = stats.rows[0]!;
      const dbSize = await sql<{ size: string }>`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`.execute(db);
      Object.assign(parameters, {
        callDetailsApprox: Number(s.call_details), callDetailPartitions: s.partitions, invoices: s.invoices, invoiceLinesApprox: Number(s.lines),
        usageEventsApprox: Number(s.usage), databaseSize: dbSize.rows[0]!.size, buildSeconds: Number(large.buildSeconds.toFixed(1)),
        missingRuns: large.missingMonths.join(' ') || 'none',
      });
      if (large.loadedRuns.length > 0) {
        const rows = large.loadedRuns.reduce((t, r) => t + r.rows, 0);
        const seconds = large.loadedRuns.reduce((t, r) => t + r.seconds, 0);
        parameters.buildRowsPerSecond = Math.round(rows / seconds);
      }
      log(`data: ~${Number(s.call_details).toLocaleString('en-US')} call details in ${s.partitions} partitions, ${s.invoices} invoices, database ${dbSize.rows[0]!.size}`);

      const megacorp = await db.selectFrom('customers').select('id').where('enterprise_number', '=', SCALE_CUSTOMER_NUMBER).executeTakeFirstOrThrow();
      const invoiceOf = (account: string) => db.selectFrom('invoices as i').innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
        .select(['i.id', 'i.number']).where('i.customer_id', '=', megacorp.id).where('ba.number', '=', account).where('i.period_start', '=', latest).executeTakeFirst();
      const normal = await invoiceOf('MEGA-0003');
      const heavy = await invoiceOf(HEAVY_ACCOUNT);
      const base = (url: string) => `${url}/api/v1/customers/${megacorp.id}`;

      // --- HTTP: the app in a child process, on the large database.
      const env = { BENCH_APP_DATABASE_URL: large.url, NODE_ENV: 'production' };
      // A loaded machine can take longer than the harness's 60 s to start the app: one more try.
      const app = await startServer('app', './serve-app.ts', env).catch((error: unknown) => {
        log(`the app did not start (${String(error)}); trying once more`);
        return startServer('app', './serve-app.ts', env);
      });
      const bearer = await signIn(app.baseUrl, SCALE_OWNER, DEMO_PASSWORD);
      const api = base(app.baseUrl);

      // (1) The invoice list and one invoice's first call-detail page at a steady 300 req/s.
      const paced: Array<{ id: string; label: string; url: string }> = [{ id: 'invoice-list', label: 'invoice list limit=50', url: `${api}/invoices?limit=${PAGE}` }];
      if (normal) paced.push({ id: 'call-details-page-1', label: `call details of ${normal.number}, page 1`, url: `${api}/invoices/${normal.id}/call-details?limit=${PAGE}` });
      else targets.push(notMeasured('call-details-page-1-p97.5', `call-detail page 1 at ${RATE} req/s`, '≤', 50, 'ms', `no MEGA-0003 invoice for ${latest.slice(0, 7)} (data set incomplete)`));
      for (const p of paced) {
        const probe = await getJson(p.url, bearer);
        if (probe.status !== 200) {
          targets.push(notMeasured(`${p.id}-p97.5`, `GET ${p.label} at ${RATE} req/s, p97.5`, '≤', 50, 'ms', `answered ${probe.status}: ${JSON.stringify(probe.body).slice(0, 200)}`));
          continue;
        }
        const load: HttpLoad & { overallRate: number } = { label: p.label, url: p.url, headers: bearer, connections: PACED_SOCKETS, duration, overallRate: RATE };
        await runPaced(load, 2); // warm-up
        const { result: run, machineBusy, appCpuMs } = await cpuDuring(app.pid, () => runPaced(load));
        // Where the CPU went: the app's own time per request served, and how busy the whole machine
        // (app, PostgreSQL and this load generator on the same cores) was.
        const cpu = `app ${(appCpuMs / Math.max(1, run.requests)).toFixed(2)} ms CPU per request, machine ${(machineBusy * 100).toFixed(0)} % busy (${cpus().length} cores)`;
        log(`paced ${p.label}: ${run.reqPerSec.toFixed(0)} req/s, p97.5 ${run.latency.p97_5.toFixed(1)} ms; ${cpu}`);
        http.push(run);
        targets.push(target(`${p.id}-p97.5`, `GET …${new URL(p.url).pathname.replace(/^.*\/customers\/[^/]+/, '')}?limit=${PAGE} at a steady ${RATE} req/s (paced), p97.5`,
          run.latency.p97_5, '≤', 50, 'ms',
          `${run.dropped > 0 ? `OVERLOADED, ${run.dropped} dropped; ` : ''}p50 ${run.latency.p50.toFixed(1)}, p99 ${run.latency.p99.toFixed(1)} ms, ${run.non2xx} non-2xx, ${run.errors} errors; ${cpu}`,
          run.non2xx === 0 && run.errors === 0 && run.dropped === 0));
      }

      // (2) A page 10,000 pages deep vs page 1 (the heavy invoice holds over a million call details).
      const depthDescription = `call-detail page ${DEPTH_PAGES.toLocaleString('en-US')} (keyset cursor) vs page 1, ratio of medians`;
      if (!heavy) targets.push(notMeasured('call-details-depth-10000', depthDescription, '≤', 1.2, '×', `no ${HEAVY_ACCOUNT} invoice for ${latest.slice(0, 7)}`));
      else {
        const pageUrl = `${api}/invoices/${heavy.id}/call-details?limit=${PAGE}`;
        const first = await getJson<{ nextCursor?: string | null }>(pageUrl, bearer);
        const from = retentionStart('call_details', now);
        // The row just before page 10,000: its key is what the cursor of page 9,999 holds.
        const row = await sql<{ key_at: string; id: number }>`
          SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key_at, id FROM call_details
           WHERE customer_id = ${megacorp.id} AND invoice_id = ${heavy.id} AND started_at >= ${from}
           ORDER BY started_at, id OFFSET ${(DEPTH_PAGES - 1) * PAGE - 1} LIMIT 1`.execute(db);
        if (first.status !== 200 || !first.body.nextCursor || !row.rows[0]) {
          targets.push(notMeasured('call-details-depth-10000', depthDescription, '≤', 1.2, '×',
            first.status !== 200 ? `page 1 answered ${first.status}` : `the invoice has fewer than ${(DEPTH_PAGES * PAGE).toLocaleString('en-US')} call details`));
        } else {
          const [name] = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8')) as [string];
          const cursor = Buffer.from(JSON.stringify([name, row.rows[0].key_at, Number(row.rows[0].id)])).toString('base64url');
          const deepUrl = `${pageUrl}&cursor=${cursor}`;
          const deep = await getJson<{ items?: unknown[] }>(deepUrl, bearer);
          if (deep.status !== 200 || deep.body.items?.length !== PAGE) {
            targets.push(notMeasured('call-details-depth-10000', depthDescription, '≤', 1.2, '×', `the deep page answered ${deep.status} with ${deep.body.items?.length ?? 0} items`));
          } else {
            const shallow: number[] = [];
            const deepMs: number[] = [];
            for (let i = 0; i < 20 + depthPairs; i++) {
              const order = i % 2 === 0 ? [pageUrl, deepUrl] : [deepUrl, pageUrl];
              const a = await getJson(order[0]!, bearer);
              const b = await getJson(order[1]!, bearer);
              if (i < 20) continue;
              (order[0] === pageUrl ? shallow : deepMs).push(a.ms);
              (order[1] === pageUrl ? shallow : deepMs).push(b.ms);
            }
            const p1 = summarize(shallow);
            const pd = summarize(deepMs);
            timings.push({ label: `HTTP call details ${heavy.number} page 1`, ...p1 }, { label: `HTTP call details ${heavy.number} page ${DEPTH_PAGES}`, ...pd });
            targets.push(target('call-details-depth-10000', depthDescription, pd.p50 / p1.p50, '≤', 1.2, '×',
              `${pd.p50.toFixed(2)} / ${p1.p50.toFixed(2)} ms (p50; p97.5 ${pd.p97_5.toFixed(1)} / ${p1.p97_5.toFixed(1)}), ${depthPairs} interleaved pairs, one client`));
          }
        }
      }

      // (3) Insights: each figure over HTTP (roll-ups), and in process from the roll-ups vs from raw call details.
      const fromMonth = addMonths(latest, -4); // five months, all within the call details' 6-month window
      const owner = await db.selectFrom('users').select('id').where('email', '=', SCALE_OWNER).executeTakeFirstOrThrow();
      const session = await db.insertInto('sessions').values({ user_id: owner.id, expires_at: new Date(now.getTime() + 86_400_000) }).returning('id').executeTakeFirstOrThrow();
      const ability: AppAbility = defineAbilityFor((await loadAccessContext(db, owner.id, session.id, now))!.context);
      const filters: FigureFilters = { customerId: megacorp.id, fromMonth, toMonth: latest, callDetailsFrom: retentionStart('call_details', now) };
      parameters.insightsRange = `${fromMonth.slice(0, 7)}..${latest.slice(0, 7)}`;
      for (const [figure, fn] of FIGURES) {
        const url = `${api}/insights/${figure}?from=${fromMonth.slice(0, 7)}&to=${latest.slice(0, 7)}`;
        const probe = await getJson(url, bearer);
        const description = `GET …/insights/${figure} (roll-ups), p50 of 30 sequential requests`;
        if (probe.status !== 200) {
          targets.push(notMeasured(`insights-${figure}-http`, description, '≤', 100, 'ms', `answered ${probe.status}: ${JSON.stringify(probe.body).slice(0, 200)}`));
        } else {
          const times: number[] = [];
          for (let i = 0; i < 30; i++) times.push((await getJson(url, bearer)).ms);
          const t = summarize(times);
          timings.push({ label: `HTTP insights ${figure}`, ...t });
          targets.push(target(`insights-${figure}-http`, description, t.p50, '≤', 100, 'ms', `p97.5 ${t.p97_5.toFixed(1)}, max ${t.max.toFixed(1)} ms`));
        }
        const figureFn = fn as (d: Kysely<DB>, a: AppAbility, f: FigureFilters, s: FigureSource) => Promise<unknown>;
        const run = (source: FigureSource) => figureFn(db, ability, filters, source);
        const rollupTimes: number[] = [];
        let rollupRows: unknown;
        for (let i = 0; i < 12; i++) {
          const [rows, t] = await timed(() => run('rollups'));
          rollupRows = rows;
          if (i >= 2) rollupTimes.push(t);
        }
        log(`insights ${figure}: raw call details (one run, may take a while)`);
        const [rawRows, rawMs] = await timed(() => run('raw'));
        const r = summarize(rollupTimes);
        timings.push({ label: `insights ${figure} from roll-ups (in process)`, ...r }, { label: `insights ${figure} from raw call details (in process)`, ...summarize([rawMs]) });
        const same = canonical(rollupRows) === canonical(rawRows);
        targets.push(target(`insights-${figure}-vs-raw`, `insights ${figure}: raw call details vs roll-ups, in process, same run`, rawMs / r.p50, '≥', 50, '×',
          `${rawMs.toFixed(0)} / ${r.p50.toFixed(2)} ms; ${same ? 'same rows' : 'ROWS DIFFER between roll-ups and raw'}`));
      }

      // (4) A CSV export of 1,000,000 call details: rows/s and the server's RSS growth.
      const exportDescription = `CSV export of ${EXPORT_ROWS.toLocaleString('en-US')} call details (one invoice), rows/s`;
      const rssDescription = 'server RSS growth during that export';
      if (!heavy) {
        targets.push(notMeasured('export-1m-rows-per-s', exportDescription, '≥', 100_000, '×', 'no heavy invoice'));
      } else {
        // The largest `to` day keeping the export within 1,000,000 rows (the API refuses more).
        const days = await sql<{ day: string; n: number }>`
          SELECT (started_at AT TIME ZONE 'Europe/Brussels')::date::text AS day, count(*)::int AS n FROM call_details
           WHERE customer_id = ${megacorp.id} AND invoice_id = ${heavy.id} GROUP BY 1 ORDER BY 1`.execute(db);
        let cumulative = 0;
        let to = '';
        for (const d of days.rows) {
          if (cumulative + d.n > EXPORT_ROWS) break;
          cumulative += d.n;
          to = d.day;
        }
        const url = `${api}/invoices/${heavy.id}/call-details/export?format=csv&to=${to}`;
        await download(`${api}/invoices/${normal?.id ?? heavy.id}/call-details/export?format=csv&to=${latest.slice(0, 8)}01`, bearer); // warm-up: modules loaded
        const before = await rssMb(app.pid);
        const sampler = sampleRss(app.pid);
        const result = await download(url, bearer);
        const peak = Math.max(await sampler.stop(), before);
        const after = await rssMb(app.pid);
        if (result.status !== 200) {
          targets.push(notMeasured('export-1m-rows-per-s', exportDescription, '≥', 100_000, '×', `answered ${result.status}`));
        } else {
          const rows = result.rowCountHeader ?? cumulative;
          const rate = rows / (result.ms / 1000);
          timings.push({ label: `CSV export ${rows} rows (whole download)`, ...summarize([result.ms]) });
          // Unit '×' here means rows/s (the report knows ms and ×; the detail says what it is).
          targets.push(target('export-1m-rows-per-s', exportDescription, rate, '≥', 100_000, '×',
            `rows/s: ${rows.toLocaleString('en-US')} rows (X-Row-Count, to=${to}; ${result.lines.toLocaleString('en-US')} lines, ${(result.bytes / 1e6).toFixed(0)} MB) in ${(result.ms / 1000).toFixed(1)} s`));
          targets.push(target('export-1m-rss-growth-mb', rssDescription, peak - before, '≤', 64, '×',
            `MB: RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (sampled every 50 ms), ${after.toFixed(0)} MB after`));
        }
      }
      await app.stop();

      // (5) Ingestion: a fresh month of 50,000 SIMs × 40 call details into the loaded database.
      {
        const { accounts, sims } = await largeTopology(db);
        const month = addMonths(currentMonth, -INGEST_MONTHS_BACK);
        const runId = `bench-ingest-${Date.now()}`;
        const plan: LargeMonthPlan = { month, runId, callsPerSim: INGEST_CALLS_PER_SIM, heavyCalls: 0, paid: true };
        const megaAccounts = new Set(accounts.filter((a) => a.customerNumber === SCALE_CUSTOMER_NUMBER).map((a) => a.number));
        const run = closedMonthRun(plan, accounts, sims, { onlyAccounts: megaAccounts, seed: 4242 });
        log(`ingestion: a fresh run of ${run.callRows.toLocaleString('en-US')} call details (${month.slice(0, 7)}), sampling its statements`);
        const sampler = sampleStatements(large.url, LARGE_DATABASE);
        const [result, ingestMs] = await timed(() => ingestBillingRun({ db, clock: { now: () => now }, log: silentLog }, memorySource({ runId }, run.files)));
        const phases = await sampler.stop();
        const rate = run.callRows / (ingestMs / 1000);
        const top = phases.slice(0, 6).map((p) => `${p.seconds.toFixed(1)} s ${p.statement.slice(0, 50)}`).join(' | ');
        for (const p of phases.slice(0, 8)) timings.push({ label: `ingestion phase: ${p.statement.slice(0, 60)}`, ...summarize([p.seconds * 1000]) });
        targets.push(target('ingestion-rows-per-s', `ingestBillingRun: a fresh month of ${run.callRows.toLocaleString('en-US')} call details into the loaded database, call-detail rows/s`,
          result.status === 'loaded' ? rate : Number.NaN, '≥', 200_000, '×',
          `rows/s: ${result.status}, ${(ingestMs / 1000).toFixed(1)} s; by statement (sampled): ${top}`, result.status === 'loaded'));
        // The floor under any ingestion here: the run's call details, already in their final shape,
        // COPYed from a file into an empty table and given the partition's three indexes: no
        // checks, no look-ups, no roll-ups.
        if (result.status === 'loaded') {
          const floor = await ingestionFloor(large, `call_details_y${month.slice(0, 4)}m${month.slice(5, 7)}`);
          timings.push({ label: `ingestion floor: COPY ${floor.rows} rows in final shape from a file`, ...summarize([floor.copyMs]) },
            { label: 'ingestion floor: their three indexes', ...summarize([floor.indexMs]) });
          log(`ingestion floor: ${Math.round(floor.rows / ((floor.copyMs + floor.indexMs) / 1000)).toLocaleString('en-US')} rows/s (COPY ${(floor.copyMs / 1000).toFixed(1)} s + indexes ${(floor.indexMs / 1000).toFixed(1)} s)`);
          const last = targets[targets.length - 1]!;
          last.detail += `; floor (COPY of the same rows in final shape + their indexes, nothing else): ${Math.round(floor.rows / ((floor.copyMs + floor.indexMs) / 1000)).toLocaleString('en-US')} rows/s`;
        }
        // Leave the kept database as it was: the run's month partitions and rows go.
        await db.transaction().execute(async (tx) => {
          await sql`DROP TABLE IF EXISTS ${sql.table(`call_details_y${month.slice(0, 4)}m${month.slice(5, 7)}`)}`.execute(tx);
          await sql`DROP TABLE IF EXISTS ${sql.table(`usage_rollups_y${month.slice(0, 4)}m${month.slice(5, 7)}`)}`.execute(tx);
          await sql`DELETE FROM invoices WHERE run_id = ${runId}`.execute(tx);
          await sql`DELETE FROM billing_periods WHERE starts_on = ${month} AND customer_id = ${megacorp.id}`.execute(tx);
          await sql`DELETE FROM billing_runs WHERE id = ${runId}`.execute(tx);
        });
      }

      // (6) Retention: dropping a month partition vs deleting the same rows (two identical copies of one month).
      {
        // The largest month partition of call details.
        const largest = await sql<{ name: string }>`
          SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
           WHERE p.relname = 'call_details' ORDER BY c.reltuples DESC LIMIT 1`.execute(db);
        const source = largest.rows[0]?.name;
        if (!source) {
          targets.push(notMeasured('partition-drop-vs-delete', 'DROP of a month partition vs DELETE of the same rows', '≥', 100, '×', 'no call-detail partition'));
        } else {
          log(`partitions: two copies of ${source} (with its indexes), then DROP one and DELETE the other`);
          const copies = ['bench_scratch_drop', 'bench_scratch_delete'];
          for (const copy of copies) {
            await sql`DROP TABLE IF EXISTS ${sql.table(copy)}`.execute(db);
            await sql`CREATE TABLE ${sql.table(copy)} (LIKE call_details INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(db);
            await sql`INSERT INTO ${sql.table(copy)} SELECT * FROM ${sql.table(source)} ORDER BY started_at, id ${SCRATCH_ROWS ? sql`LIMIT ${SCRATCH_ROWS}` : sql``}`.execute(db);
            await sql`ALTER TABLE ${sql.table(copy)} ADD PRIMARY KEY (customer_id, started_at, id)`.execute(db);
            await sql`CREATE INDEX ON ${sql.table(copy)} (customer_id, invoice_id, started_at, id)`.execute(db);
            await sql`CREATE INDEX ON ${sql.table(copy)} (customer_id, sim_id, started_at)`.execute(db);
            await sql`ANALYZE ${sql.table(copy)}`.execute(db);
          }
          await sql`CHECKPOINT`.execute(db);
          const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(copies[1]!)}`.execute(db);
          const size = await sql<{ bytes: string }>`SELECT pg_total_relation_size(${copies[0]!}::regclass)::text AS bytes`.execute(db);
          const [, dropMs] = await timed(() => sql`DROP TABLE ${sql.table(copies[0]!)}`.execute(db));
          const [, deleteMs] = await timed(() => sql`DELETE FROM ${sql.table(copies[1]!)}`.execute(db));
          await sql`DROP TABLE ${sql.table(copies[1]!)}`.execute(db);
          // What the file system alone takes to delete as many bytes (freeing blocks; with online
          // discard each freed extent is trimmed before unlink returns).
          const unlinkMs = await unlinkTime(Number(size.rows[0]!.bytes));
          timings.push({ label: `DROP TABLE (one month, ${rows.rows[0]!.n} rows)`, ...summarize([dropMs]) }, { label: 'DELETE of the same rows', ...summarize([deleteMs]) },
            { label: `unlink of a ${(Number(size.rows[0]!.bytes) / 1e9).toFixed(1)} GB file in ${tmpdir()}`, ...summarize([unlinkMs]) });
          targets.push(target('partition-drop-vs-delete', `DROP of ${SCRATCH_ROWS ? 'part of ' : ''}one month of call details vs DELETE of the same ${rows.rows[0]!.n.toLocaleString('en-US')} rows (copies of ${source} with its indexes)`,
            deleteMs / dropMs, '≥', 100, '×', `${deleteMs.toFixed(0)} / ${dropMs.toFixed(1)} ms; deleting a file of the table's size (${(Number(size.rows[0]!.bytes) / 1e9).toFixed(1)} GB) takes ${unlinkMs.toFixed(0)} ms on its own`));
        }
      }
      return { parameters, http, timings, targets };
    } finally {
      await large.close();
    }
  },
};
