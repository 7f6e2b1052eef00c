import { createHash, type Hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { rawSessionOf, type RawSession } from '@mandate/db/create-db';
import { BILLING_RUN_FILES, type BillingRunFile } from '@mandate/contracts/billing-runs';
import type { Language } from '@mandate/domain/profiles';
import { ensureMonthPartitions } from '../../lib/partitions.ts';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { checkBillShock } from '../bill-shock/bill-shock.service.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { renderInvoicePdf } from '../invoices/invoice-pdf.ts';
import { invoiceLines } from '../invoices/invoices.repo.ts';
import { checkTemporalForms, type BillingRunSource, type BinaryFile, type FormProblem, type RunStream } from './billing-runs.format.ts';
import {
  activateInsights, analyzeStaging, fixedInvoicesWithoutPdf, insertInvoicePdf, beginRun, claimRun, commitRun, rollbackRun, copyTarget, createStagingTables, finishRun, loadedRun, monthsWithoutPartition, runMonths, stageBinary,
  validateRun,
  writeRun, type RowProblem,
} from './billing-runs.repo.ts';

/**
 * INV-3: a fixed-service invoice stays available as its PDF for 24 months, after its billing data
 * has left the 12-month window. A run that ships no PDF for one gets it rendered here, in the run's
 * transaction, and kept like a shipped one; the number rendered is counted.
 */
/** The language of the PDF kept for after the lines have gone; until then, each reader gets his own. */
const KEPT_PDF_LANGUAGE: Language = 'en';

async function renderMissingFixedPdfs(db: Kysely<DB>, runId: string, now: Date): Promise<number> {
  const invoices = await fixedInvoicesWithoutPdf(db, runId);
  for (const invoice of invoices) {
    const lines = await invoiceLines(db, invoice.customerId, invoice.id);
    const pdf = await renderInvoicePdf({ ...invoice, account: { number: invoice.accountNumber, name: invoice.accountName }, lines }, now, KEPT_PDF_LANGUAGE);
    await insertInvoicePdf(db, invoice.customerId, invoice.id, pdf, createHash('sha256').update(pdf).digest('hex'), KEPT_PDF_LANGUAGE);
  }
  return invoices.length;
}

/** At most this many bad rows are reported; the run is refused at the first one anyway. */
export const MAX_REPORTED_ERRORS = 100;

export type IngestResult =
  /** `timings`: milliseconds per phase (copy, checks, each table), for benchmarks and the log. */
  | { status: 'loaded'; runId: string; counts: Record<string, number>; timings: Record<string, number> }
  | { status: 'already_loaded'; runId: string; loadedAt: Date; counts: Record<string, number> }
  | { status: 'refused'; runId: string; errors: RowProblem[] };

/** What ingestion uses of the service dependencies (the demo seed and the CLI have no config to give). */
export type IngestDeps = Pick<Deps, 'db' | 'clock' | 'log'>;

const RUN_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The checksum of a run: its id, every file (name and bytes, in a fixed order) and every binary file. */
class RunChecksum {
  private readonly hash: Hash = createHash('sha256');
  constructor(runId: string) {
    this.hash.update(`mandate-billing-run\n${runId}\n`);
  }
  file(name: string, stream: RunStream | undefined): AsyncIterable<Uint8Array | string> | undefined {
    this.hash.update(`\n--file ${name} ${stream === undefined ? 'absent' : 'present'}\n`);
    if (stream === undefined) return undefined;
    const hash = this.hash;
    return (async function* () {
      for await (const chunk of stream) {
        hash.update(chunk);
        yield chunk;
      }
    })();
  }
  binary(file: BinaryFile) {
    this.hash.update(`\n--binary ${file.path} ${file.content.byteLength}\n`);
    this.hash.update(file.content);
  }
  digest() {
    return this.hash.digest('hex');
  }
}

/** `COPY stg_x, line 3, column duration_s: "-"` → where the bad value is. */
function copyProblem(file: BillingRunFile, error: unknown): RowProblem {
  const e = error as { message?: string; where?: string };
  const where = /line (\d+)(?:, column (\w+))?/.exec(e.where ?? '') ?? /line (\d+)(?:, column (\w+))?/.exec(e.message ?? '');
  return { file, line: where ? Number(where[1]) : 0, column: where?.[2] ?? null, reason: e.message ?? String(error) };
}

async function binariesOf(source: BillingRunSource) {
  const all: BinaryFile[] = [];
  for await (const file of source.binaries()) all.push(file);
  return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Loads a billing run (docs/ingestion.md) in one transaction: COPY into staging tables, checks in
 * SQL, INSERT … SELECT into the real tables, closing periods and building their roll-ups (INV-2).
 * A run with a bad row is refused with the first 100 problems and writes nothing; a run id loaded
 * before answers `already_loaded` when its content is the same and is refused otherwise.
 */
export async function ingestBillingRun(
  deps: IngestDeps, source: BillingRunSource, options: { /** Who loads it from the portal (audited, SEC-3); none for the CLI and the seed. */ actor?: Actor } = {},
): Promise<IngestResult> {
  const { runId } = source.manifest;
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    return { status: 'refused', runId: typeof runId === 'string' ? runId : '(without a run id)', errors: [{ file: 'manifest.json', line: 0, column: 'runId', reason: 'a run id has 1 to 100 letters, digits, ., _ or -' }] };
  }
  const started = performance.now();
  const result = await rawSessionOf(deps.db)((session) => ingestOnSession(deps, session, source, options.actor ?? null));
  const ms = Math.round(performance.now() - started);
  if (result.status === 'loaded') deps.log.info({ runId, counts: result.counts, ms, timings: result.timings }, 'billing run loaded');
  // Bill-shock alerts are checked as usage arrives.
  if (result.status === 'loaded' && (result.counts.usageEvents ?? 0) > 0) await checkBillShock(deps, options.actor?.origin ?? null);
  else if (result.status === 'refused') deps.log.warn({ runId, errors: result.errors.length, first: result.errors[0], ms }, 'billing run refused');
  return result;
}

async function ingestOnSession(deps: IngestDeps, session: RawSession, source: BillingRunSource, actor: Actor | null): Promise<IngestResult> {
  const { db } = session;
  const { runId } = source.manifest;
  const now = deps.clock.now();
  const checksum = new RunChecksum(runId);
  const timings: Record<string, number> = {};
  let last = performance.now();
  const step = (label: string) => {
    const at = performance.now();
    timings[label] = Math.round(at - last);
    last = at;
  };
  await beginRun(db, session.engine);
  try {
    if (!(await claimRun(db, runId, actor?.principal.userId ?? null, now))) {
      const loaded = await loadedRun(db, runId);
      await rollbackRun(db);
      // Only the checksum is wanted now: read the files through it without loading them.
      for (const file of BILLING_RUN_FILES) {
        const stream = checksum.file(file, source.open(file));
        if (stream) for await (const chunk of stream) void chunk;
      }
      for (const binary of await binariesOf(source)) checksum.binary(binary);
      if (checksum.digest() === loaded.checksum) {
        return { status: 'already_loaded', runId, loadedAt: loaded.loaded_at, counts: loaded.counts as Record<string, number> };
      }
      return { status: 'refused', runId, errors: [{ file: 'manifest.json', line: 0, column: 'runId', reason: 'this run id was loaded before with other content' }] };
    }

    await createStagingTables(db);
    const staged: Partial<Record<BillingRunFile, number>> = {};
    step('begin');
    for (const file of BILLING_RUN_FILES) {
      const stream = checksum.file(file, source.open(file));
      if (!stream) continue;
      const { target, options } = copyTarget(file);
      const badForms: FormProblem[] = [];
      try {
        staged[file] = await session.copyFrom(target, options, checkTemporalForms(file, stream, badForms, MAX_REPORTED_ERRORS));
        step(`copy ${file}`);
      } catch (error) {
        if (!(error as { code?: string }).code) throw error; // not the database refusing a value: a broken source
        await rollbackRun(db);
        return { status: 'refused', runId, errors: [copyProblem(file, error)] };
      }
      if (badForms.length > 0) {
        await rollbackRun(db);
        return { status: 'refused', runId, errors: badForms.map((p) => ({ file, ...p })) };
      }
    }
    for (const binary of await binariesOf(source)) {
      checksum.binary(binary);
      await stageBinary(db, binary.path, binary.content);
    }
    await analyzeStaging(db, session.engine);
    step('analyze');

    const errors = await validateRun(db, MAX_REPORTED_ERRORS, step);
    if (errors.length > 0) {
      await rollbackRun(db);
      return { status: 'refused', runId, errors };
    }

    const { invoiceMonths, usageMonths } = await runMonths(db);
    const partitionDb = db as unknown as Kysely<unknown>;
    // PostgreSQL: a month new to call_details is loaded beside the table and attached (writeRun).
    const freshCallMonths = session.engine === 'postgres' ? await monthsWithoutPartition(db, 'call_details', invoiceMonths) : [];
    await ensureMonthPartitions(partitionDb, 'call_details', invoiceMonths.filter((m) => !freshCallMonths.includes(m)));
    await ensureMonthPartitions(partitionDb, 'usage_rollups', invoiceMonths);
    await ensureMonthPartitions(partitionDb, 'usage_events', usageMonths);
    await ensureMonthPartitions(partitionDb, 'sim_usage_months', usageMonths);
    step('partitions');

    const counts = await writeRun(db, runId, now, { callDetails: staged['call_details.csv'] ?? 0, usage: staged['usage.csv'] ?? 0 }, freshCallMonths, step);
    counts.invoicePdfsRendered = await renderMissingFixedPdfs(db, runId, now);
    step('invoicePdfsRendered');
    await activateInsights(db, runId, now);
    await finishRun(db, runId, checksum.digest(), counts);
    if (actor) {
      await appendAudit(db, { at: now, ...auditedBy(actor, null), action: 'billing_run.load', targetType: 'billing_run', targetId: runId, after: counts });
    }
    await commitRun(db);
    step('commit');
    return { status: 'loaded', runId, counts, timings };
  } catch (error) {
    await rollbackRun(db).catch(() => undefined);
    throw error;
  }
}
