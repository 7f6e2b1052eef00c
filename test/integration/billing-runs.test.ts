import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withVat } from '@mandate/domain/money';
import { addDays } from '@mandate/domain/dates';
import type { BillingRunLoaded, BillingRunRefused, BillingRunUpload } from '@mandate/contracts/billing-runs';
import { isFreeOrEmergencyNumber } from '@mandate/domain/free-numbers';
import { freeNumberSql } from '@mandate/server/modules/billing-runs/billing-runs.repo';
import { directorySource } from '@mandate/server/modules/billing-runs/billing-runs.format';
import { ingestBillingRun } from '@mandate/server/modules/billing-runs/billing-runs.service';
import { tinyPdf } from '@mandate/server/seed/billing-demo';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * Billing-run ingestion (docs/ingestion.md) through the operator endpoint: one transaction per
 * run (all or nothing), idempotent re-runs, the row checks with file/line/column, INV-5 (free and
 * emergency numbers dropped), INV-2 (invoices and roll-ups only for closed periods) and the
 * roll-ups equal to the raw data on the seeded demo run.
 */
let t: TestApp;
let operator: ApiClient;
let owner: ApiClient;
let sim1: string;
let sim2: string;
let otherCustomerSim: string;
const ACME = '0403170701';
const PATH = '/api/v1/operator/billing-runs';
const db = () => t.database.db;

beforeAll(async () => {
  t = await startTestApp();
  [operator, owner] = await Promise.all([signedIn(t.url, 'operator@mandate.test'), signedIn(t.url, 'owner@acme.test')]);
  const acmeSims = await db().selectFrom('sims as s').innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id')
    .select('s.msisdn').where('ba.number', '=', 'ACME-0001').orderBy('s.msisdn').limit(2).execute();
  [sim1, sim2] = acmeSims.map((s) => s.msisdn) as [string, string];
  otherCustomerSim = (await db().selectFrom('sims as s').innerJoin('customers as c', 'c.id', 's.customer_id')
    .select('s.msisdn').where('c.name', '=', 'Noordzee Bouw NV').limit(1).executeTakeFirstOrThrow()).msisdn;
}, 180_000); // a fresh PGlite (no template to clone) is migrated and seeded here
afterAll(async () => t?.close());

const H = {
  periods: 'customer,billing_account,starts_on,ends_on',
  invoices: 'customer,billing_account,number,period_start,period_end,issue_date,due_date,amount_excl_vat_cents,vat_cents,amount_incl_vat_cents,currency,payment_status,paid_on',
  lines: 'invoice_number,line_no,msisdn,cost_centre,charge_type,description,quantity,amount_excl_vat_cents,vat_rate_bp,currency',
  calls: 'invoice_number,msisdn,started_at,type,destination,duration_s,volume_kb,standard_price_cents,billed_price_cents,currency',
  usage: 'msisdn,occurred_at,type,destination,duration_s,volume_kb,standard_price_cents,currency',
  credits: 'msisdn,month,granted_cents,used_cents,currency',
  transfers: 'from_msisdn,to_msisdn,amount_cents,transferred_at,currency',
  documents: 'customer,billing_account,kind,title,published_at,file',
};
const csv = (header: string, rows: string[]) => `${header}\n${rows.map((r) => `${r}\n`).join('')}`;

/** A valid run closing ACME-0001's period of `month` (older than the demo's months), with usage in the open month. */
function validRun(runId: string, month = '2025-06', number = `T-${runId}`) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const rows = {
    periods: [`${ACME},ACME-0001,${month}-01,${end}`],
    invoices: [`${ACME},ACME-0001,${number},${month}-01,${end},${addDays(end, 1)},${addDays(end, 31)},4100,861,4961,EUR,paid,${addDays(end, 10)}`],
    lines: [
      `${number},1,${sim1},,subscription,Subscription,1,2500,2100,EUR`,
      `${number},2,${sim1},,national_voice,Calls,2,600,2100,EUR`,
      `${number},3,${sim2},CC02,sms,SMS,1,10,2100,EUR`,
      `${number},4,,,one_off,"Activation, fee",1,990,2100,EUR`,
    ],
    calls: [
      `${number},${sim1},${month}-03T10:00:00+02:00,national_voice,+32470111111,120,,300,300,EUR`,
      `${number},${sim1},${month}-04 10:00,national_voice,0470 11 11 12,65,,300,300,EUR`,
      `${number},${sim1},${month}-05T10:00:00Z,national_voice,112,300,,0,0,EUR`,
      `${number},${sim1},${month}-06T10:00:00Z,national_voice,0800 12 345,30,,0,0,EUR`,
      `${number},${sim1},${month}-07T10:00:00Z,national_voice,+32 800 55 123,30,,0,0,EUR`,
      `${number},${sim1},${month}-08T10:00:00Z,national_voice,1712,30,,0,0,EUR`,
      `${number},${sim2},${month}-09T10:00:00Z,sms,+32470111111,,,10,10,EUR`,
    ],
    usage: [
      `${sim1},2026-11-01T12:00:00Z,sms,+32470999999,,,10,EUR`,
      `${sim1},2026-11-01T13:00:00Z,national_voice,101,40,,0,EUR`,
    ],
    credits: [`${sim1},${month}-01,1000,200,EUR`],
    transfers: [`${sim1},${sim2},100,${month}-15T10:00:00Z,EUR`],
    documents: [`${ACME},ACME-0001,usage_report,Usage report ${month},${month}-20T10:00:00Z,documents/report.pdf`],
  };
  return {
    rows,
    body: (): BillingRunUpload => ({
      manifest: { runId },
      files: {
        'periods.csv': csv(H.periods, rows.periods), 'invoices.csv': csv(H.invoices, rows.invoices), 'invoice_lines.csv': csv(H.lines, rows.lines),
        'call_details.csv': csv(H.calls, rows.calls), 'usage.csv': csv(H.usage, rows.usage), 'call_credits.csv': csv(H.credits, rows.credits),
        'call_credit_transfers.csv': csv(H.transfers, rows.transfers), 'documents.csv': csv(H.documents, rows.documents),
      },
      binaries: {
        [`pdfs/${number}.pdf`]: tinyPdf([`Invoice ${number}`]).toString('base64'),
        'documents/report.pdf': tinyPdf(['Usage report']).toString('base64'),
      },
    }),
  };
}

const TABLES = ['billing_runs', 'billing_periods', 'invoices', 'invoice_pdfs', 'invoice_lines', 'call_details', 'usage_events', 'usage_rollups',
  'call_credits', 'call_credit_transfers', 'billing_documents', 'sim_usage_months'] as const;
async function tableCounts() {
  const counts = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) counts[table] = Number((await db().selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return counts;
}

const refused = async (body: BillingRunUpload) => {
  const res = await operator.post<BillingRunRefused>(PATH, body);
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return res.body.errors.map(({ file, line, column, reason }) => ({ file, line, column, reason }));
};

describe('POST /operator/billing-runs', () => {
  it('is for operator staff only', async () => {
    const res = await owner.post(PATH, validRun('owner-try').body());
    expect(res.status).toBe(403);
  });

  it('loads a run in one go: periods closed, invoices, lines, PDFs, call details, usage, credits, documents, roll-ups', async () => {
    const before = await tableCounts();
    const monthOfSim1 = async () => {
      const row = await db().selectFrom('sim_usage_months as m').innerJoin('sims as s', 's.id', 'm.sim_id').where('s.msisdn', '=', sim1).where('m.month', '=', '2026-11-01')
        .select(['m.data_kb', 'm.voice_minutes', 'm.sms']).executeTakeFirst();
      return { data_kb: Number(row?.data_kb ?? 0), voice_minutes: Number(row?.voice_minutes ?? 0), sms: Number(row?.sms ?? 0) };
    };
    const monthBefore = await monthOfSim1();
    const run = validRun('load-1');
    const res = await operator.post<BillingRunLoaded>(PATH, run.body());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ runId: 'load-1', status: 'loaded' });
    expect(res.body.counts).toMatchObject({
      periods: 1, periodsClosed: 1, invoices: 1, invoicePdfs: 1, invoiceLines: 4, callDetails: 3, callDetailsDropped: 4,
      usageEvents: 1, usageEventsDropped: 1, callCredits: 1, callCreditTransfers: 1, documents: 1,
    });
    const after = await tableCounts();
    expect(after.call_details - before.call_details).toBe(3);
    expect(after.billing_runs - before.billing_runs).toBe(1);
    const audit = await db().selectFrom('audit_log as a').innerJoin('users as u', 'u.id', 'a.actor_user_id')
      .select(['u.email', 'a.target_type']).where('a.action', '=', 'billing_run.load').where('a.target_id', '=', 'load-1').execute();
    expect(audit).toEqual([{ email: 'operator@mandate.test', target_type: 'billing_run' }]);

    const invoice = await db().selectFrom('invoices').selectAll().where('number', '=', 'T-load-1').executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({ amount_excl_vat_cents: 4100, vat_cents: 861, amount_incl_vat_cents: 4961, payment_status: 'paid', run_id: 'load-1' });
    const period = await db().selectFrom('billing_periods').selectAll().where('id', '=', invoice.billing_period_id).executeTakeFirstOrThrow();
    expect(period.status).toBe('closed');
    expect(period.closed_at).not.toBeNull();
    const pdf = await db().selectFrom('invoice_pdfs').select(['content', 'sha256']).where('invoice_id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(Buffer.from(pdf.content).subarray(0, 5).toString()).toBe('%PDF-');

    // The line without a cost centre takes the SIM's; the one naming CC02 keeps it.
    const lines = await db().selectFrom('invoice_lines as l').leftJoin('cost_centres as cc', 'cc.id', 'l.cost_centre_id')
      .select(['l.line_no', 'l.description', 'cc.code']).where('l.invoice_id', '=', invoice.id).orderBy('l.line_no').execute();
    expect(lines.map((l) => l.description)).toEqual(['Subscription', 'Calls', 'SMS', 'Activation, fee']);
    expect(lines[2]!.code).toBe('CC02');
    expect(lines[3]!.code).toBeNull();

    // INV-5: only the calls to ordinary numbers are kept.
    const calls = await db().selectFrom('call_details').select(['destination', 'duration_s', 'started_at']).where('invoice_id', '=', invoice.id).orderBy('started_at').execute();
    expect(calls.map((c) => c.destination)).toEqual(['+32470111111', '0470 11 11 12', '+32470111111']);
    // A time without an offset is Brussels time.
    expect(new Date(calls[1]!.started_at).toISOString()).toBe('2025-06-04T08:00:00.000Z');
    const usage = await db().selectFrom('usage_events as e').innerJoin('sims as s', 's.id', 'e.sim_id').select('e.destination')
      .where('s.msisdn', '=', sim1).where('e.occurred_at', 'in', [new Date('2026-11-01T12:00:00Z'), new Date('2026-11-01T13:00:00Z')]).execute();
    expect(usage.map((u) => u.destination)).toEqual(['+32470999999']);
    // The SIM's sums of November count the text message kept, not the dropped call (INV-5).
    expect(await monthOfSim1()).toEqual({ ...monthBefore, sms: monthBefore.sms + 1 });

    // INV-2: the roll-ups of the closed period equal its lines, and the usage counts its call details.
    const rollups = await db().selectFrom('usage_rollups').selectAll().where('invoice_id', '=', invoice.id).execute();
    expect(rollups.every((r) => r.month === '2025-06-01')).toBe(true);
    const byType = Object.fromEntries(rollups.map((r) => [`${r.charge_type}:${r.sim_id ? 'sim' : 'none'}`, r]));
    expect(byType['national_voice:sim']).toMatchObject({ amount_cents: 600, events: 2, duration_s: 185 });
    expect(byType['sms:sim']).toMatchObject({ amount_cents: 10, events: 1 });
    expect(byType['one_off:none']).toMatchObject({ amount_cents: 990, events: 0 });
    expect(rollups.reduce((s, r) => s + r.amount_cents, 0)).toBe(4100);

    // A month new to call_details becomes a partition with the parent's key and indexes.
    const { rows: partition } = await sql<{ parent: string | null; indexes: string[]; parentIndexes: number }>`
      SELECT (SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid)::text AS parent,
             (SELECT array_agg(regexp_replace(pg_get_indexdef(x.indexrelid), '^.* USING ', '') ORDER BY 1) FROM pg_index x WHERE x.indrelid = c.oid) AS indexes,
             (SELECT count(*)::int FROM pg_index x WHERE x.indrelid = 'call_details'::regclass) AS "parentIndexes"
        FROM pg_class c WHERE c.relname = 'call_details_y2025m06'`.execute(db());
    expect(partition[0]?.parent).toBe('call_details');
    expect(partition[0]?.indexes).toHaveLength(partition[0]!.parentIndexes);
    expect(partition[0]?.indexes).toEqual(expect.arrayContaining([
      'btree (customer_id, started_at, id)', 'btree (customer_id, invoice_id, started_at, id)', 'btree (customer_id, sim_id, started_at)',
    ]));
  });

  it('INS-1: the first billing data of a customer activates Invoice Insights, then and once', async () => {
    const acme = (await db().selectFrom('customers').where('enterprise_number', '=', ACME).select('id').executeTakeFirstOrThrow()).id;
    const insights = () => db().selectFrom('customer_apps').where('customer_id', '=', acme).where('app', '=', 'insights')
      .select(['activated_at', 'deactivated_at']).executeTakeFirst();
    // As if Acme had no billing data yet: no Insights.
    await db().deleteFrom('customer_apps').where('customer_id', '=', acme).where('app', '=', 'insights').execute();
    const first = t.clock.now();
    expect((await operator.post(PATH, validRun('activate-1', '2024-11').body())).status).toBe(201);
    expect(await insights()).toEqual({ activated_at: first, deactivated_at: null });
    // A later run keeps the activation it found.
    t.clock.advance(60_000);
    expect((await operator.post(PATH, validRun('activate-2', '2024-10').body())).status).toBe(201);
    expect(await insights()).toEqual({ activated_at: first, deactivated_at: null });
  });

  it('INV-3: a fixed-service invoice the run ships no PDF for gets one rendered, kept like a shipped one', async () => {
    const number = 'T-fixed-no-pdf';
    const body: BillingRunUpload = {
      manifest: { runId: 'fixed-no-pdf' },
      files: {
        'periods.csv': csv(H.periods, [`${ACME},ACME-0003,2024-09-01,2024-09-30`]),
        'invoices.csv': csv(H.invoices, [`${ACME},ACME-0003,${number},2024-09-01,2024-09-30,2024-10-01,2024-10-31,2450,515,2965,EUR,paid,2024-10-20`]),
        'invoice_lines.csv': csv(H.lines, [`${number},1,,,subscription,Business fixed line,1,2450,2100,EUR`]),
      },
    };
    const res = await operator.post<BillingRunLoaded>(PATH, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toMatchObject({ invoices: 1, invoicePdfs: 0, invoicePdfsRendered: 1 });
    const pdf = await db().selectFrom('invoice_pdfs as p').innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'p.customer_id').onRef('i.id', '=', 'p.invoice_id'))
      .where('i.number', '=', number).select(['p.content', 'p.sha256']).executeTakeFirstOrThrow();
    expect(Buffer.from(pdf.content).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    // A mobile invoice keeps no PDF of its own making: its billing data is all it has (RET-1).
    expect((await operator.post<BillingRunLoaded>(PATH, validRun('mobile-pdf', '2024-09').body())).body.counts).toMatchObject({ invoicePdfsRendered: 0 });
  });

  it('a re-run of a loaded run changes nothing and answers already_loaded', async () => {
    const run = validRun('rerun-1', '2025-05');
    expect((await operator.post(PATH, run.body())).status).toBe(201);
    const before = await tableCounts();
    const again = await operator.post<{ status: string; counts: Record<string, number> }>(PATH, run.body());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ runId: 'rerun-1', status: 'already_loaded' });
    expect(again.body.counts.invoices).toBe(1);
    expect(await tableCounts()).toEqual(before);
  });

  it('the same run id with other content is refused', async () => {
    const run = validRun('rerun-2', '2025-04');
    expect((await operator.post(PATH, run.body())).status).toBe(201);
    const before = await tableCounts();
    run.rows.lines[3] = `T-rerun-2,4,,,one_off,Activation fee (changed),1,990,2100,EUR`;
    expect(await refused(run.body())).toEqual([{ file: 'manifest.json', line: 0, column: 'runId', reason: 'this run id was loaded before with other content' }]);
    expect(await tableCounts()).toEqual(before);
  });

  it('all or nothing: a bad row in the last file leaves no row in any table', async () => {
    const before = await tableCounts();
    const run = validRun('atomic-1', '2025-03');
    run.rows.documents.push(`${ACME},ACME-0001,love_letter,Hello,2025-03-20T10:00:00Z,`);
    expect(await refused(run.body())).toEqual([{ file: 'documents.csv', line: 3, column: 'kind', reason: 'unknown kind of document' }]);
    expect(await tableCounts()).toEqual(before);
    expect(await db().selectFrom('billing_runs').select('id').where('id', '=', 'atomic-1').executeTakeFirst()).toBeUndefined();
    // The same run, corrected, then loads (the refusal left nothing behind, not even the run id).
    run.rows.documents.pop();
    expect((await operator.post(PATH, run.body())).status).toBe(201);
  });

  it('reports each bad row with its file, line, column and reason', async () => {
    const run = validRun('bad-1', '2025-02');
    const n = 'T-bad-1';
    run.rows.invoices[0] = `${ACME},ACME-0001,${n},2025-02-01,2025-02-28,2025-03-01,2025-03-31,4100,861,4961,USD,open,`;
    run.rows.calls = [
      `${n},+32499999990,2025-02-03T10:00:00Z,national_voice,+32470111111,120,,300,300,EUR`,
      `${n},${sim1},2025-02-03T11:00:00Z,national_voice,+32470111111,-5,,300,300,EUR`,
      `${n},${otherCustomerSim},2025-02-03T12:00:00Z,sms,+32470111111,,,10,10,EUR`,
      `${n},${sim1},2025-03-03T12:00:00Z,sms,+32470111111,,,10,10,EUR`,
      `${n},${sim1},2025-02-04T12:00:00Z,fax,+32470111111,,,10,10,EUR`,
    ];
    run.rows.lines.push(`${n},5,${sim1},,gift,Gift,1,0,2100,EUR`, `${n},1,${sim1},,one_off,Twice,1,0,2100,EUR`);
    run.rows.usage.push(`${sim1},2026-10-15T12:00:00Z,sms,+32470999999,,,10,EUR`);
    const errors = await refused(run.body());
    expect(errors).toEqual([
      { file: 'invoices.csv', line: 2, column: 'currency', reason: 'currency must be EUR' },
      { file: 'invoice_lines.csv', line: 2, column: 'line_no', reason: 'line number twice in this invoice' },
      { file: 'invoice_lines.csv', line: 6, column: 'charge_type', reason: 'unknown charge type' },
      { file: 'invoice_lines.csv', line: 7, column: 'line_no', reason: 'line number twice in this invoice' },
      { file: 'call_details.csv', line: 2, column: 'msisdn', reason: 'unknown SIM' },
      { file: 'call_details.csv', line: 3, column: 'duration_s', reason: 'negative duration' },
      { file: 'call_details.csv', line: 4, column: 'msisdn', reason: 'SIM of another customer' },
      { file: 'call_details.csv', line: 5, column: 'started_at', reason: 'outside the invoice\'s period' },
      { file: 'call_details.csv', line: 6, column: 'type', reason: 'unknown type' },
      { file: 'usage.csv', line: 4, column: 'occurred_at', reason: 'usage in a closed billing period' },
    ]);
  });

  it('a SIM is billed on its own billing account: a line or a call detail on another account\'s invoice is refused', async () => {
    const before = await tableCounts();
    const elsewhere = (await db().selectFrom('sims as s').innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id')
      .select('s.msisdn').where('ba.number', '=', 'ACME-0002').orderBy('s.msisdn').limit(1).executeTakeFirstOrThrow()).msisdn;
    const run = validRun('account-1', '2024-06');
    run.rows.lines[2] = run.rows.lines[2]!.replace(sim2, elsewhere);
    run.rows.calls[6] = run.rows.calls[6]!.replace(sim2, elsewhere);
    expect(await refused(run.body())).toEqual([
      { file: 'invoice_lines.csv', line: 4, column: 'msisdn', reason: 'SIM of another billing account than the invoice\'s' },
      { file: 'call_details.csv', line: 8, column: 'msisdn', reason: 'SIM of another billing account than the invoice\'s' },
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a file the run does not use: a PDF of no invoice in it, a file no document names', async () => {
    const before = await tableCounts();
    const run = validRun('stray-1', '2024-05');
    const body = run.body();
    body.binaries = { ...body.binaries, 'pdfs/T-other.pdf': tinyPdf(['?']).toString('base64'), 'extra/notes.txt': Buffer.from('hello').toString('base64') };
    expect(await refused(body)).toEqual([
      { file: 'extra/notes.txt', line: 0, column: null, reason: 'a file no invoice or document of this run names' },
      { file: 'pdfs/T-other.pdf', line: 0, column: null, reason: 'a PDF of an invoice that is not in this run' },
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it('an invoice PDF that is no PDF is refused; so is a file beside the run\'s in a run directory (the CLI)', async () => {
    const before = await tableCounts();
    const run = validRun('notpdf-1', '2024-04');
    const body = run.body();
    body.binaries = { ...body.binaries, 'pdfs/T-notpdf-1.pdf': Buffer.from('not a pdf').toString('base64') };
    expect(await refused(body)).toEqual([{ file: 'pdfs/T-notpdf-1.pdf', line: 0, column: null, reason: 'not a PDF file (a PDF starts with %PDF-)' }]);

    // The same run, valid, in a directory with a misnamed CSV beside its files.
    const dir = await mkdtemp(path.join(tmpdir(), 'mandate-run-'));
    try {
      const valid = validRun('stray-dir-1', '2024-03').body();
      await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(valid.manifest));
      for (const [name, content] of Object.entries(valid.files)) await writeFile(path.join(dir, name), content!);
      for (const [name, content] of Object.entries(valid.binaries ?? {})) {
        await mkdir(path.join(dir, path.dirname(name)), { recursive: true });
        await writeFile(path.join(dir, name), Buffer.from(content, 'base64'));
      }
      await writeFile(path.join(dir, 'Call_Details.CSV'), 'whatever\n');
      const result = await ingestBillingRun({ db: db(), clock: t.clock, log: t.app.log }, await directorySource(dir));
      expect(result).toMatchObject({ status: 'refused', errors: [{ file: 'Call_Details.CSV', line: 0, reason: 'a file no invoice or document of this run names' }] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses inconsistent totals and duplicate invoice numbers', async () => {
    const run = validRun('totals-1', '2025-01');
    run.rows.invoices[0] = `${ACME},ACME-0001,T-totals-1,2025-01-01,2025-01-31,2025-02-01,2025-03-03,4100,861,5000,EUR,open,`;
    expect((await refused(run.body()))[0]).toEqual({ file: 'invoices.csv', line: 2, column: 'amount_incl_vat_cents', reason: 'the amount incl. VAT is not the amount excl. VAT plus the VAT' });

    const sums = validRun('totals-2', '2025-01');
    sums.rows.invoices[0] = `${ACME},ACME-0001,T-totals-2,2025-01-01,2025-01-31,2025-02-01,2025-03-03,4000,840,4840,EUR,open,`;
    expect((await refused(sums.body()))[0]).toEqual({ file: 'invoices.csv', line: 2, column: 'amount_excl_vat_cents', reason: 'the invoice\'s lines sum to 4100 cents' });

    // INV-2: an invoice issued before its period is over (its last day included) bills a month still running.
    for (const issued of ['2025-01-31', '2024-12-20']) {
      const early = validRun('totals-1', '2025-01');
      early.rows.invoices[0] = `${ACME},ACME-0001,T-totals-1,2025-01-01,2025-01-31,${issued},2025-03-03,4100,861,4961,EUR,open,`;
      expect((await refused(early.body()))[0], issued).toEqual({
        file: 'invoices.csv', line: 2, column: 'issue_date', reason: 'issued before its period is over (INV-2: a period is billed once it has ended)',
      });
    }

    // The national_voice line of sim1 says 600 cents; without one of its calls the details sum to 300.
    const usage = validRun('totals-3', '2025-01');
    usage.rows.calls = usage.rows.calls.slice(1);
    expect(await refused(usage.body())).toEqual([{
      file: 'invoice_lines.csv', line: 3, column: 'amount_excl_vat_cents', reason: `the national_voice lines of ${sim1} sum to 600 cents, its call details to 300 cents`,
    }]);
    // A call of a type the invoice has no line of.
    const extra = validRun('totals-4', '2025-01');
    extra.rows.calls.push(`T-totals-4,${sim2},2025-01-09T10:00:00Z,data,,,2048,4,0,EUR`);
    expect(await refused(extra.body())).toEqual([{
      file: 'call_details.csv', line: 9, column: 'type', reason: `no invoice line of type data for ${sim2} on this invoice`,
    }]);

    // A number loaded before (by load-1), and twice in one run.
    const dup = validRun('dup-1', '2024-12', 'T-load-1');
    expect(await refused(dup.body())).toContainEqual({ file: 'invoices.csv', line: 2, column: 'number', reason: 'invoice number already loaded by another run' });
    const twice = validRun('dup-2', '2024-11');
    twice.rows.periods = [`${ACME},ACME-0001,2024-11-01,2024-11-30`, `${ACME},ACME-0002,2024-11-01,2024-11-30`];
    twice.rows.invoices = [
      `${ACME},ACME-0001,T-dup-2,2024-11-01,2024-11-30,2024-12-01,2024-12-31,4100,861,4961,EUR,open,`,
      `${ACME},ACME-0002,T-dup-2,2024-11-01,2024-11-30,2024-12-01,2024-12-31,4100,861,4961,EUR,open,`,
    ];
    const dupErrors = await refused(twice.body());
    expect(dupErrors).toContainEqual({ file: 'invoices.csv', line: 2, column: 'number', reason: 'invoice number twice in this run' });
    expect(dupErrors).toContainEqual({ file: 'invoices.csv', line: 3, column: 'number', reason: 'invoice number twice in this run' });
  });

  it('a value that is not of its column\'s type is reported by line and column; a wrong header by line 1', async () => {
    const run = validRun('types-1', '2024-10');
    run.rows.calls[1] = `T-types-1,${sim1},2024-10-04 10:00,national_voice,0470111112,sixty,,300,300,EUR`;
    const [error] = await refused(run.body());
    expect(error).toMatchObject({ file: 'call_details.csv', line: 3, column: 'duration_s' });
    expect(error!.reason).toContain('sixty');

    const header = validRun('types-2', '2024-10');
    const body = header.body();
    body.files['usage.csv'] = body.files['usage.csv']!.replace('occurred_at', 'when');
    const [headerError] = await refused(body);
    expect(headerError).toMatchObject({ file: 'usage.csv', line: 1 });
  });

  it('a date or an instant in another form than the documented ones is refused, not read as PostgreSQL would guess it', async () => {
    const before = await tableCounts();
    const fresh = () => validRun('forms-1', '2024-07');
    const run = fresh();
    const end = run.rows.invoices[0]!.split(',')[4]!;
    // Month first, a word, and a time that depends on when the run is loaded.
    run.rows.invoices[0] = run.rows.invoices[0]!.replace(`,${addDays(end, 1)},`, ',10/01/2024,');
    run.rows.calls[2] = run.rows.calls[2]!.replace('2024-07-05T10:00:00Z', 'yesterday');
    run.rows.usage[0] = run.rows.usage[0]!.replace('2026-11-01T12:00:00Z', 'now');
    // A quoted field with a comma and doubled quotes before the checked column does not shift it.
    run.rows.lines[3] = 'T-forms-1,4,,,one_off,"Activation, fee of ""2024-07-01""",1,990,2100,EUR';
    expect(await refused(run.body())).toEqual([{ file: 'invoices.csv', line: 2, column: 'issue_date', reason: '"10/01/2024" is not a date YYYY-MM-DD' }]);
    // Each file is read in turn: with the invoice right, the call detail's word is next, by its line.
    run.rows.invoices[0] = fresh().rows.invoices[0]!;
    expect(await refused(run.body())).toEqual([
      { file: 'call_details.csv', line: 4, column: 'started_at', reason: '"yesterday" is not an ISO 8601 instant (YYYY-MM-DDThh:mm[:ss][Z or offset])' },
    ]);
    run.rows.calls[2] = fresh().rows.calls[2]!;
    expect(await refused(run.body())).toMatchObject([{ file: 'usage.csv', line: 2, column: 'occurred_at' }]);
    expect(await tableCounts()).toEqual(before);
    // The documented forms load: with T or a space, with or without seconds and offset.
    run.rows.usage[0] = fresh().rows.usage[0]!.replace('2026-11-01T12:00:00Z', '2026-11-01T13:00+01');
    const loaded = await operator.post(PATH, run.body());
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(201);
  });

  it('an invoice needs its period in the run, and a closed period cannot be billed again', async () => {
    const run = validRun('period-1', '2024-09');
    run.rows.periods = [];
    run.rows.usage = [];
    expect(await refused(run.body())).toContainEqual({
      file: 'invoices.csv', line: 2, column: 'period_start', reason: 'the invoice\'s period is not in this run\'s periods.csv',
    });
    const closed = validRun('period-2', '2026-09');
    expect(await refused(closed.body())).toContainEqual({ file: 'periods.csv', line: 2, column: 'starts_on', reason: 'the period is already closed' });
  });

  it('the body is validated before anything runs (a bad run id is a 400)', async () => {
    const res = await operator.post(PATH, { manifest: { runId: 'no spaces' }, files: {} });
    expect(res.status).toBe(400);
  });
});

describe('INV-5 in SQL and in code agree', () => {
  it('drops the same numbers', async () => {
    const samples = ['112', '+32112', '0032 112', '100', '101', '110', '1712', '116000', '1207', '1307', '0800 12 345', '080012345', '+32800123456',
      '0808123456', '+32470000001', '0470000001', '1120', '17120', '+33112', '+4480012345', '', '0900123456', '+320800123456',
      // Any white space separates, as in code: tabs, line breaks, no-break and narrow spaces.
      '\t112', '112\n', '\u00a0112', '0800\u00a012 345', '1\u202f12', '+32\u2009112', '0\u3000800 123 45'];
    const { rows } = await sql<{ d: string; free: boolean }>`SELECT d, ${freeNumberSql('d')} AS free FROM unnest(${samples}::text[]) AS d`.execute(db());
    for (const row of rows) expect(row.free, row.d).toBe(isFreeOrEmergencyNumber(row.d));
    expect(rows.filter((r) => r.free).length).toBeGreaterThan(10);
    expect(rows.filter((r) => /[^\x21-\x7e]/.test(r.d) && !r.free)).toEqual([]);
  });
});

describe('the seeded demo run', () => {
  it('INV-5: no call detail or usage event to a free or emergency number', async () => {
    const { rows } = await sql<{ d: string }>`
      SELECT destination AS d FROM call_details WHERE ${freeNumberSql('destination')}
      UNION ALL SELECT destination FROM usage_events WHERE ${freeNumberSql('destination')}`.execute(db());
    expect(rows).toEqual([]);
    const demo = await db().selectFrom('billing_runs').select('counts').where('id', 'like', 'demo-%').executeTakeFirstOrThrow();
    expect((demo.counts as Record<string, number>).callDetailsDropped).toBeGreaterThan(0);
  });

  it('INV-2: invoices and roll-ups only for closed periods; usage events only in open ones', async () => {
    const openInvoices = await db().selectFrom('invoices as i').innerJoin('billing_periods as p', (j) => j.onRef('p.customer_id', '=', 'i.customer_id').onRef('p.id', '=', 'i.billing_period_id'))
      .select('i.number').where('p.status', '<>', 'closed').execute();
    expect(openInvoices).toEqual([]);
    const { rows: openRollups } = await sql`
      SELECT r.month FROM usage_rollups r JOIN billing_periods p ON p.customer_id = r.customer_id AND p.billing_account_id = r.billing_account_id AND p.starts_on = r.month
       WHERE p.status = 'open'`.execute(db());
    expect(openRollups).toEqual([]);
    const { rows: closedUsage } = await sql`
      SELECT e.id FROM usage_events e JOIN billing_periods p ON p.customer_id = e.customer_id AND p.billing_account_id = e.billing_account_id
         AND p.starts_on = date_trunc('month', e.occurred_at AT TIME ZONE 'Europe/Brussels')::date
       WHERE p.status = 'closed'`.execute(db());
    expect(closedUsage).toEqual([]);
  });

  it('each SIM\'s monthly usage sums equal its usage events, after every run of this file (loaded, refused, loaded again)', async () => {
    const { rows: diff } = await sql`
      WITH e AS (SELECT customer_id, date_trunc('month', occurred_at AT TIME ZONE 'Europe/Brussels')::date AS month, sim_id, billing_account_id,
                        coalesce(sum(volume_kb) FILTER (WHERE type = 'data'), 0) AS data_kb,
                        coalesce(sum(ceil(duration_s / 60.0)) FILTER (WHERE type IN ('national_voice', 'international_voice')), 0) AS voice_minutes,
                        count(*) FILTER (WHERE type = 'sms') AS sms
                   FROM usage_events GROUP BY 1, 2, 3, 4)
      SELECT * FROM e FULL JOIN sim_usage_months m USING (customer_id, month, sim_id, billing_account_id)
       WHERE e.data_kb IS DISTINCT FROM m.data_kb OR e.voice_minutes IS DISTINCT FROM m.voice_minutes OR e.sms IS DISTINCT FROM m.sms`.execute(db());
    expect(diff).toEqual([]);
    const { rows } = await sql<{ n: number; kb: string }>`SELECT count(*)::int AS n, sum(data_kb)::text AS kb FROM sim_usage_months`.execute(db());
    expect(rows[0]!.n).toBeGreaterThan(10);
    expect(Number(rows[0]!.kb)).toBeGreaterThan(0);
  });

  it('roll-ups equal the raw sums per month × account × charge type', async () => {
    const { rows: diff } = await sql`
      WITH r AS (SELECT month, billing_account_id, charge_type, sum(amount_cents) AS amount FROM usage_rollups GROUP BY 1, 2, 3),
           l AS (SELECT date_trunc('month', i.period_start)::date AS month, i.billing_account_id, l.charge_type, sum(l.amount_excl_vat_cents) AS amount
                   FROM invoice_lines l JOIN invoices i ON i.customer_id = l.customer_id AND i.id = l.invoice_id GROUP BY 1, 2, 3)
      SELECT * FROM r FULL JOIN l USING (month, billing_account_id, charge_type) WHERE r.amount IS DISTINCT FROM l.amount`.execute(db());
    expect(diff).toEqual([]);
    const { rows: usageDiff } = await sql`
      WITH r AS (SELECT invoice_id, sim_id, charge_type, sum(amount_cents) AS amount, sum(events) AS events, sum(duration_s) AS duration, sum(volume_kb) AS volume
                   FROM usage_rollups WHERE charge_type IN ('national_voice', 'international_voice', 'roaming', 'sms', 'data') GROUP BY 1, 2, 3),
           d AS (SELECT invoice_id, sim_id, type AS charge_type, sum(billed_price_cents) AS amount, count(*) AS events,
                        sum(coalesce(duration_s, 0)) AS duration, sum(coalesce(volume_kb, 0)) AS volume FROM call_details GROUP BY 1, 2, 3)
      SELECT * FROM r FULL JOIN d USING (invoice_id, sim_id, charge_type)
       WHERE r.amount IS DISTINCT FROM d.amount OR r.events IS DISTINCT FROM d.events OR r.duration IS DISTINCT FROM d.duration OR r.volume IS DISTINCT FROM d.volume`.execute(db());
    expect(usageDiff).toEqual([]);
    const count = await db().selectFrom('usage_rollups').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(1000);
  });

  it('has what the screens need: 14 closed months for each Acme account, PDFs for the fixed one, an overdue invoice, a dispute, documents', async () => {
    const acme = await db().selectFrom('invoices as i').innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
      .select(['ba.number', 'i.number as invoice', 'i.payment_status', 'i.due_date', 'i.issue_date', 'i.id']).where('ba.number', 'like', 'ACME-%').where('i.run_id', 'like', 'demo-%').orderBy('i.issue_date').execute();
    for (const account of ['ACME-0001', 'ACME-0002', 'ACME-0003']) expect(acme.filter((i) => i.number === account)).toHaveLength(14);
    expect(acme.filter((i) => i.payment_status === 'open' && i.due_date < '2026-11-02').map((i) => i.number)).toEqual(['ACME-0002']);
    const pdfs = await db().selectFrom('invoices as i').innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
      .leftJoin('invoice_pdfs as p', (j) => j.onRef('p.customer_id', '=', 'i.customer_id').onRef('p.invoice_id', '=', 'i.id'))
      .select(['ba.number', 'ba.type', sql<boolean>`p.invoice_id IS NOT NULL`.as('hasPdf')]).where('i.run_id', 'like', 'demo-%').execute();
    expect(pdfs.filter((p) => p.number === 'ACME-0003' && p.hasPdf)).toHaveLength(14);
    // Every fixed-service invoice has its PDF (shipped, or rendered at loading: INV-3); no mobile one has.
    expect(pdfs.filter((p) => p.type === 'fix' && !p.hasPdf)).toEqual([]);
    expect(pdfs.filter((p) => p.type === 'mobile' && p.hasPdf)).toEqual([]);
    const dispute = await db().selectFrom('disputes as d').innerJoin('invoices as i', 'i.id', 'd.invoice_id')
      .innerJoin('dispute_lines as dl', (j) => j.onRef('dl.customer_id', '=', 'd.customer_id').onRef('dl.dispute_id', '=', 'd.id'))
      .innerJoin('invoice_lines as l', (j) => j.onRef('l.customer_id', '=', 'dl.customer_id').onRef('l.invoice_id', '=', 'dl.invoice_id').onRef('l.line_no', '=', 'dl.line_no'))
      .select(['i.number', 'd.status', 'd.disputed_cents', 'l.amount_excl_vat_cents', 'l.vat_rate_bp']).executeTakeFirstOrThrow();
    expect(dispute).toMatchObject({ number: 'ACME-0001-202610', status: 'open' });
    // INV-7: a disputed line counts incl. VAT, as a dispute opened through the API does.
    expect(dispute.disputed_cents).toBe(withVat(dispute.amount_excl_vat_cents, dispute.vat_rate_bp).cents);
    expect(dispute.vat_rate_bp).toBeGreaterThan(0);
    const docs = await db().selectFrom('billing_documents').select('published_at').execute();
    expect(docs.length).toBeGreaterThanOrEqual(2);
    const recentUsage = await db().selectFrom('usage_events').select('id').where('occurred_at', '>', new Date('2026-11-02T01:00:00Z')).execute();
    expect(recentUsage.length).toBeGreaterThan(0);
  });
});
