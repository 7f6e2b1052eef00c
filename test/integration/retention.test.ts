import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addDays, addMonths, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { availableUntil, retentionStart } from '@mandate/domain/retention';
import { depsOf, type Deps } from '@mandate/server/lib/deps';
import { monthNumber } from '@mandate/server/modules/insights/insights.repo';
import { ensureMonthPartitions, partitionMonths, partitionName, type PartitionedTable } from '@mandate/server/lib/partitions';
import { ensureUpcomingPartitions, purgeExpiredBillingData, type PurgeReport } from '@mandate/server/modules/retention/retention.service';
import { insertUsageEvents } from '@mandate/server/modules/billing-runs/billing-runs.repo';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { SEED_NOW } from '../support/database-urls.ts';

/**
 * RET-1, RET-2, INV-3: the scheduled purge removes expired billing data at the exact boundary of
 * each window and never earlier (the instant before it removes nothing; data one millisecond inside
 * the window stays), drops whole month partitions rather than deleting rows, keeps the PDF
 * invoices of fixed services 24 months, and is idempotent. The partitions-ahead job creates the
 * current Brussels month and the next two, once.
 *
 * The boundary fixtures lie in 2023, long before the seeded demo data: moving the clock to their
 * boundaries leaves the demo data in the future, so the counts are exact.
 */
let t: TestApp;
let deps: Deps;
let acme: string;
let mobile: string;
let fixed: string;
let simOf: Record<string, string>;
let owner: string;

const db = () => t.database.db;
const start = (day: IsoDate) => brusselsStartOfDay(day);
const lastDay = (month: IsoDate) => addDays(addMonths(month, 1), -1);
const TABLES: PartitionedTable[] = ['call_details', 'usage_events', 'usage_rollups', 'sim_usage_months'];

const JAN = '2023-01-01';
const FEB = '2023-02-01';
const MAR = '2023-03-01';

/** The instants the retention windows of a January 2023 record end (the domain's availableUntil). */
const BOUNDARY = {
  // Call details of January (the last one on the 31st): 6 months after the month's last day.
  callDetails: availableUntil('call_details', lastDay(JAN)),
  // Traffic data (usage events) of January: 12 months.
  trafficData: availableUntil('traffic_data', lastDay(JAN)),
  // Billing data of the January period (its last day): 12 months.
  billingData: availableUntil('billing_data', lastDay(JAN)),
  // The fixed-service PDF invoice of January, issued on 1 February: 24 months after its issue date.
  fixedPdf: availableUntil('fixed_invoice_pdf', FEB),
};

beforeAll(async () => {
  t = await startTestApp();
  deps = depsOf(t.app);
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const accounts = await db().selectFrom('billing_accounts').select(['id', 'number']).where('customer_id', '=', acme).execute();
  mobile = accounts.find((a) => a.number === 'ACME-0001')!.id;
  fixed = accounts.find((a) => a.number === 'ACME-0003')!.id;
  const sims = await db().selectFrom('sims').select('id').where('customer_id', '=', acme).orderBy('msisdn').limit(2).execute();
  simOf = { [mobile]: sims[0]!.id, [fixed]: sims[1]!.id };
  owner = (await db().selectFrom('users').select('id').where('email', '=', 'owner@acme.test').executeTakeFirstOrThrow()).id;
  await db().insertInto('billing_runs').values({ id: 'retention-fixture', checksum: 'x' }).execute();
  for (const month of [JAN, FEB, MAR]) {
    for (const account of [mobile, fixed]) await billedMonth(month, account);
  }
}, 300_000);
afterAll(async () => t?.close());

/**
 * One closed billing month of an account, as ingestion leaves it: period, invoice (issued on the
 * 1st of the next month) with two lines and a dispute, a shipped PDF for the fixed account, call
 * details and usage events at the first and the last millisecond of the month, a roll-up, a call
 * credit, credit transfers and an INV-8 document at both ends of the month.
 */
async function billedMonth(month: IsoDate, account: string) {
  const tag = `${month.slice(0, 7)}-${account === fixed ? 'F' : 'M'}`;
  const sim = simOf[account]!;
  const first = start(month);
  const last = new Date(start(addMonths(month, 1)).getTime() - 1);
  for (const table of TABLES) await ensureMonthPartitions(db(), table, [month]);
  const period = await db().insertInto('billing_periods').values({
    customer_id: acme, billing_account_id: account, starts_on: month, ends_on: lastDay(month), status: 'closed', closed_at: first, run_id: 'retention-fixture',
  }).returning('id').executeTakeFirstOrThrow();
  const issue = addMonths(month, 1);
  const invoice = await db().insertInto('invoices').values({
    customer_id: acme, billing_account_id: account, billing_period_id: period.id, number: `RET-${tag}`, issue_date: issue, due_date: addDays(issue, 30),
    period_start: month, period_end: lastDay(month), amount_excl_vat_cents: 1000, vat_cents: 210, amount_incl_vat_cents: 1210, run_id: 'retention-fixture',
  }).returning('id').executeTakeFirstOrThrow();
  await db().insertInto('invoice_lines').values([1, 2].map((line_no) => ({
    customer_id: acme, invoice_id: invoice.id, line_no, sim_id: sim, charge_type: 'national_voice', description: 'calls', amount_excl_vat_cents: 500,
  }))).execute();
  if (account === fixed) {
    await db().insertInto('invoice_pdfs').values({ customer_id: acme, invoice_id: invoice.id, content: new Uint8Array([37, 80, 68, 70]), sha256: 'x' }).execute();
  }
  const dispute = await db().insertInto('disputes').values({
    customer_id: acme, invoice_id: invoice.id, reason: 'too much', disputed_cents: 500, opened_by: owner, opened_at: first,
  }).returning('id').executeTakeFirstOrThrow();
  await db().insertInto('dispute_lines').values({ customer_id: acme, dispute_id: dispute.id, invoice_id: invoice.id, line_no: 1 }).execute();
  await db().insertInto('dispute_events').values({ customer_id: acme, dispute_id: dispute.id, seq: 1, at: first, status: 'open', actor_user_id: owner }).execute();
  const traffic = (at: Date) => ({
    customer_id: acme, billing_account_id: account, sim_id: sim, type: 'national_voice', destination: '+3225550000', duration_s: 60, standard_price_cents: 10,
    occurred_at: at,
  });
  for (const at of [first, last]) {
    const { occurred_at, ...row } = traffic(at);
    await db().insertInto('call_details').values({ ...row, started_at: occurred_at, invoice_id: invoice.id, billed_price_cents: 10 }).execute();
    await insertUsageEvents(db(), [traffic(at)]);
    await db().insertInto('call_credit_transfers').values({
      customer_id: acme, from_sim_id: sim, to_sim_id: simOf[account === fixed ? mobile : fixed]!, billing_account_id: account, amount_cents: 100, transferred_at: at,
    }).execute();
    await db().insertInto('billing_documents').values({ customer_id: acme, billing_account_id: account, kind: 'notice', title: tag, published_at: at }).execute();
  }
  await db().insertInto('usage_rollups').values({
    customer_id: acme, month, billing_account_id: account, invoice_id: invoice.id, sim_id: sim, charge_type: 'national_voice', amount_cents: 1000, events: 2,
  }).execute();
  await db().insertInto('call_credits').values({ customer_id: acme, billing_account_id: account, sim_id: sim, month, granted_cents: 500 }).execute();
}

/** Runs the purge with the clock at `at`. */
async function purgeAt(at: Date): Promise<PurgeReport> {
  t.clock.set(at);
  return purgeExpiredBillingData(deps);
}

const NOTHING: PurgeReport['deleted'] = {
  invoices: 0, invoiceLines: 0, disputes: 0, billingPeriods: 0, callCredits: 0, callCreditTransfers: 0, billingDocuments: 0,
};
const NO_PARTITIONS = { call_details: [], usage_events: [], usage_rollups: [], sim_usage_months: [] };

const rowsAt = async (table: 'call_details' | 'usage_events', column: 'started_at' | 'occurred_at') =>
  (await sql<{ at: Date }>`SELECT ${sql.ref(column)} AS at FROM ${sql.table(table)} WHERE customer_id = ${acme} AND ${sql.ref(column)} < ${start('2024-01-01')} ORDER BY 1`
    .execute(db())).rows.map((r) => new Date(r.at).toISOString());
/** Each SIM's monthly sums of the fixture's usage events (two one-minute calls a month on each account's SIM). */
const summedMonths = async () => (await db().selectFrom('sim_usage_months').select(['month', 'voice_minutes']).where('customer_id', '=', acme)
  .where('month', '<', '2024-01-01').orderBy('month').orderBy('sim_id').execute()).map((r) => `${r.month}:${r.voice_minutes}`);
const fixtureInvoices = async () => (await db().selectFrom('invoices as i')
  .leftJoin('invoice_pdfs as p', (j) => j.onRef('p.customer_id', '=', 'i.customer_id').onRef('p.invoice_id', '=', 'i.id'))
  .select(['i.number', 'p.sha256',
    sql<number>`(SELECT count(*)::int FROM invoice_lines l WHERE l.customer_id = i.customer_id AND l.invoice_id = i.id)`.as('lines'),
    sql<number>`(SELECT count(*)::int FROM disputes d WHERE d.customer_id = i.customer_id AND d.invoice_id = i.id)`.as('disputes')])
  .where('i.customer_id', '=', acme).where('i.number', 'like', 'RET-%').orderBy('i.number').execute())
  .map((i) => `${i.number} lines:${i.lines} disputes:${i.disputes}${i.sha256 ? ' pdf' : ''}`);
const regclass = async (name: string) => (await sql<{ r: string | null }>`SELECT to_regclass(${name})::text AS r`.execute(db())).rows[0]!.r;
const iso = (d: Date) => d.toISOString();
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe('retention purge at the exact boundaries', () => {
  it('the boundaries are where the domain puts them (Brussels midnight)', () => {
    expect(iso(BOUNDARY.callDetails)).toBe('2023-07-31T22:00:00.000Z');
    expect(iso(BOUNDARY.trafficData)).toBe('2024-01-31T23:00:00.000Z');
    expect(iso(BOUNDARY.billingData)).toBe('2024-01-31T23:00:00.000Z');
    expect(iso(BOUNDARY.fixedPdf)).toBe('2025-02-01T23:00:00.000Z');
  });

  it('call details (6 months): the instant before nothing goes; at the boundary January\'s partition is dropped, February\'s first millisecond stays', async () => {
    const before = await rowsAt('call_details', 'started_at');
    expect(before).toHaveLength(12);

    const early = await purgeAt(ms(BOUNDARY.callDetails, -1));
    expect(early.droppedPartitions).toEqual(NO_PARTITIONS);
    expect(early.deleted).toEqual(NOTHING);
    expect(await rowsAt('call_details', 'started_at')).toEqual(before);

    const report = await purgeAt(BOUNDARY.callDetails);
    expect(report.droppedPartitions).toEqual({ ...NO_PARTITIONS, call_details: [JAN] });
    expect(report.deleted).toEqual(NOTHING);
    // Dropped, not emptied: the partition is gone from the catalogue.
    expect(await partitionMonths(db(), 'call_details')).not.toContain(JAN);
    expect(await regclass(partitionName('call_details', JAN))).toBeNull();
    // The first call still in the window (00:00 Brussels on 1 February) is kept, and nothing else of February or March went.
    expect(retentionStart('call_details', BOUNDARY.callDetails)).toEqual(start(FEB));
    expect(await rowsAt('call_details', 'started_at')).toEqual(before.filter((at) => at >= iso(start(FEB))));
    expect((await rowsAt('call_details', 'started_at'))[0]).toBe(iso(start(FEB)));
    // The other kinds are untouched.
    expect(await rowsAt('usage_events', 'occurred_at')).toHaveLength(12);
    expect(await fixtureInvoices()).toHaveLength(6);

    // Idempotent: a second run at the same instant removes nothing.
    const again = await purgeAt(BOUNDARY.callDetails);
    expect(again.droppedPartitions).toEqual(NO_PARTITIONS);
    expect(again.deleted).toEqual(NOTHING);
  });

  it('the expired rows of the boundary month stay until their whole month can go (queries hide them)', async () => {
    // Mid-August: February's first calls are expired, its last ones not: the month stays whole.
    const report = await purgeAt(start('2023-08-15'));
    expect(report.droppedPartitions).toEqual(NO_PARTITIONS);
    expect(await rowsAt('call_details', 'started_at')).toHaveLength(8);
    const nextMonth = await purgeAt(start('2023-09-01'));
    expect(nextMonth.droppedPartitions.call_details).toEqual([FEB]);
    expect(await rowsAt('call_details', 'started_at')).toHaveLength(4);
    expect((await purgeAt(start('2023-10-01'))).droppedPartitions.call_details).toEqual([MAR]);
    expect(await rowsAt('call_details', 'started_at')).toEqual([]);
  });

  it('INV-8 documents go 12 months after the day they were published', async () => {
    const boundary = availableUntil('billing_data', start(JAN));
    expect(iso(boundary)).toBe('2024-01-01T23:00:00.000Z');
    expect((await purgeAt(ms(boundary, -1))).deleted).toEqual(NOTHING);
    expect((await purgeAt(boundary)).deleted).toEqual({ ...NOTHING, billingDocuments: 2 });
    const left = await db().selectFrom('billing_documents').select('published_at').where('customer_id', '=', acme)
      .where('published_at', '<', start('2024-01-01')).orderBy('published_at').execute();
    expect(left).toHaveLength(10);
    expect(iso(new Date(left[0]!.published_at))).toBe(iso(ms(start(FEB), -1)));
  });

  it('billing data and traffic data (12 months): before the boundary all stays; at it the January month goes, February stays whole', async () => {
    const early = await purgeAt(ms(BOUNDARY.billingData, -1));
    expect(early.droppedPartitions).toEqual(NO_PARTITIONS);
    expect(early.deleted).toEqual(NOTHING);
    expect(await fixtureInvoices()).toEqual([
      'RET-2023-01-F lines:2 disputes:1 pdf', 'RET-2023-01-M lines:2 disputes:1',
      'RET-2023-02-F lines:2 disputes:1 pdf', 'RET-2023-02-M lines:2 disputes:1',
      'RET-2023-03-F lines:2 disputes:1 pdf', 'RET-2023-03-M lines:2 disputes:1',
    ]);
    const events = await rowsAt('usage_events', 'occurred_at');
    expect(events).toHaveLength(12);
    expect(await summedMonths()).toEqual([JAN, JAN, FEB, FEB, MAR, MAR].map((m) => `${m}:2`));
    const disputeEvents = async () => Number((await db().selectFrom('dispute_events').select((eb) => eb.fn.countAll().as('n'))
      .where('customer_id', '=', acme).executeTakeFirstOrThrow()).n);
    const eventsBefore = await disputeEvents();

    const report = await purgeAt(BOUNDARY.billingData);
    expect(report.cutoffs).toMatchObject({ billingData: '2023-02-01', trafficData: '2023-02-01' });
    expect(report.droppedPartitions).toEqual({ call_details: [], usage_events: [JAN], usage_rollups: [JAN], sim_usage_months: [JAN] });
    expect(report.deleted).toEqual({
      // The mobile invoice of January; the fixed one keeps its header and PDF (INV-3) but loses its lines and dispute.
      invoices: 1, invoiceLines: 4, disputes: 2,
      // The mobile January period; the fixed one is still the kept invoice's period.
      billingPeriods: 1,
      callCredits: 2,
      // Both accounts' transfers of January (first and last millisecond), and the documents of 31 January.
      callCreditTransfers: 4, billingDocuments: 2,
    });
    expect(await fixtureInvoices()).toEqual([
      'RET-2023-01-F lines:0 disputes:0 pdf',
      'RET-2023-02-F lines:2 disputes:1 pdf', 'RET-2023-02-M lines:2 disputes:1',
      'RET-2023-03-F lines:2 disputes:1 pdf', 'RET-2023-03-M lines:2 disputes:1',
    ]);
    expect(await disputeEvents()).toBe(eventsBefore - 2);
    expect(await partitionMonths(db(), 'usage_events')).not.toContain(JAN);
    expect(await partitionMonths(db(), 'usage_rollups')).not.toContain(JAN);
    expect(await regclass(partitionName('usage_rollups', JAN))).toBeNull();
    expect(await rowsAt('usage_events', 'occurred_at')).toEqual(events.filter((at) => at >= iso(start(FEB))));
    expect((await rowsAt('usage_events', 'occurred_at'))[0]).toBe(iso(start(FEB)));
    // The per-SIM monthly sums of the usage events go with January's events.
    expect(await regclass(partitionName('sim_usage_months', JAN))).toBeNull();
    expect(await summedMonths()).toEqual([FEB, FEB, MAR, MAR].map((m) => `${m}:2`));
    const rollupMonths = (await db().selectFrom('usage_rollups').select('month').where('customer_id', '=', acme).where('month', '<', '2024-01-01').execute())
      .map((r) => r.month);
    expect(rollupMonths.sort()).toEqual([FEB, FEB, MAR, MAR]);
    // The per-SIM sums Insights reads lose January too: no element before February is left.
    const series = await sql<{ months: number[] }>`
      SELECT array_agg(array_lower(amounts, 1) + i::int - 1 ORDER BY i) AS months
        FROM usage_rollup_sim_series, unnest(amounts) WITH ORDINALITY u(v, i)
       WHERE customer_id = ${acme} AND v IS NOT NULL AND array_lower(amounts, 1) + i::int - 1 < month_number('2024-01-01')`.execute(db());
    expect(series.rows[0]!.months?.sort()).toEqual([monthNumber(FEB), monthNumber(FEB), monthNumber(MAR), monthNumber(MAR)]);
    const periods = await db().selectFrom('billing_periods').select(['starts_on', 'billing_account_id']).where('customer_id', '=', acme)
      .where('starts_on', '<', '2024-01-01').orderBy('starts_on').execute();
    expect(periods.filter((p) => p.starts_on === JAN)).toEqual([{ starts_on: JAN, billing_account_id: fixed }]);
    const credits = await db().selectFrom('call_credits').select('month').where('customer_id', '=', acme).where('month', '<', '2024-01-01').execute();
    expect(credits.map((c) => c.month).sort()).toEqual([FEB, FEB, MAR, MAR]);
    const transfers = await db().selectFrom('call_credit_transfers').select('transferred_at').where('customer_id', '=', acme)
      .where('transferred_at', '<', start('2024-01-01')).orderBy('transferred_at').execute();
    expect(transfers).toHaveLength(8);
    expect(iso(new Date(transfers[0]!.transferred_at))).toBe(iso(start(FEB)));
    const documents = await db().selectFrom('billing_documents').select('published_at').where('customer_id', '=', acme)
      .where('published_at', '<', start('2024-01-01')).orderBy('published_at').execute();
    expect(documents).toHaveLength(8);
    expect(iso(new Date(documents[0]!.published_at))).toBe(iso(start(FEB)));

    const again = await purgeAt(BOUNDARY.billingData);
    expect(again.droppedPartitions).toEqual(NO_PARTITIONS);
    expect(again.deleted).toEqual(NOTHING);
  });

  it('INV-3: the fixed-service PDF invoice stays (header and PDF) until 24 months after its issue date, then goes', async () => {
    // A year later the February and March billing months have long gone; January's fixed PDF invoice is still there.
    const year = await purgeAt(ms(BOUNDARY.fixedPdf, -1));
    expect(year.deleted).toMatchObject({ invoices: 2, billingPeriods: 2 });
    expect(await fixtureInvoices()).toEqual([
      'RET-2023-01-F lines:0 disputes:0 pdf', 'RET-2023-02-F lines:0 disputes:0 pdf', 'RET-2023-03-F lines:0 disputes:0 pdf',
    ]);
    // Idempotent one millisecond before its boundary.
    const again = await purgeAt(ms(BOUNDARY.fixedPdf, -1));
    expect(again.deleted).toEqual(NOTHING);

    const report = await purgeAt(BOUNDARY.fixedPdf);
    expect(report.cutoffs.fixedInvoicePdf).toBe(addDays(FEB, 1));
    expect(report.deleted).toEqual({ ...NOTHING, invoices: 1, billingPeriods: 1 });
    expect(await fixtureInvoices()).toEqual(['RET-2023-02-F lines:0 disputes:0 pdf', 'RET-2023-03-F lines:0 disputes:0 pdf']);
    const pdfs = await db().selectFrom('invoice_pdfs as p').innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'p.customer_id').onRef('i.id', '=', 'p.invoice_id'))
      .select('i.number').where('p.customer_id', '=', acme).where('i.number', 'like', 'RET-%').execute();
    expect(pdfs.map((p) => p.number).sort()).toEqual(['RET-2023-02-F', 'RET-2023-03-F']);
    expect((await purgeAt(BOUNDARY.fixedPdf)).deleted).toEqual(NOTHING);
  });
});

describe('the purge on the seeded demo data', () => {
  it('removes exactly what has expired at the clock and nothing still inside a window; a second run removes nothing', async () => {
    const now = new Date(SEED_NOW.getTime() + 3600_000);
    t.clock.set(now);
    const endOfMonth = (month: IsoDate) => ms(start(addMonths(month, 1)), -1);
    const count = async (table: PartitionedTable, month: IsoDate) =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(partitionName(table, month))}`.execute(db())).rows[0]!.n);
    const partitions = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await partitionMonths(db(), table)] as const)));
    const invoices = async () => (await db().selectFrom('invoices as i')
      .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
      .select(['i.id', 'i.period_end', 'i.issue_date', 'ba.type',
        sql<boolean>`EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.customer_id = i.customer_id AND p.invoice_id = i.id)`.as('pdf'),
        sql<number>`(SELECT count(*)::int FROM invoice_lines l WHERE l.customer_id = i.customer_id AND l.invoice_id = i.id)`.as('lines')])
      .orderBy('i.id').execute());
    // The Insights sums of the roll-ups (kept by triggers, which a DROP does not fire), per month.
    const totals = async () => Object.fromEntries((await sql<{ month: string; n: string; cents: string }>`
      SELECT to_char(month, 'YYYY-MM-DD') AS month, count(*) AS n, sum(amount_cents) AS cents FROM usage_rollup_totals GROUP BY month ORDER BY month`
      .execute(db())).rows.map((r) => [r.month, `${r.n}:${r.cents}`]));
    const retainedCalls = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM call_details WHERE started_at >= ${retentionStart('call_details', now)}`
      .execute(db())).rows[0]!.n);

    // The demo holds Acme's 14 closed months: some of them already past a window at the seed's clock.
    const before = await partitions();
    const invoicesBefore = await invoices();
    const callsBefore = await retainedCalls();
    const totalsBefore = await totals();
    expect(callsBefore).toBeGreaterThan(0);
    // The oracle, from the domain's availableUntil: a month goes when its last instant (or day) has expired.
    const droppable = {
      call_details: before.call_details!.filter((m) => availableUntil('call_details', endOfMonth(m)) <= now),
      usage_events: before.usage_events!.filter((m) => availableUntil('traffic_data', endOfMonth(m)) <= now),
      sim_usage_months: before.sim_usage_months!.filter((m) => availableUntil('traffic_data', endOfMonth(m)) <= now),
      usage_rollups: before.usage_rollups!.filter((m) => availableUntil('billing_data', lastDay(m)) <= now),
    };
    expect(droppable.call_details.length).toBeGreaterThan(0);
    expect(droppable.usage_rollups.length).toBeGreaterThan(0);
    const keptCounts = Object.fromEntries(await Promise.all(TABLES.flatMap((table) => before[table]!.filter((m) => !droppable[table].includes(m))
      .map(async (m) => [`${table}:${m}`, await count(table, m)] as const))));
    const billingExpired = (i: { period_end: string }) => availableUntil('billing_data', i.period_end) <= now;
    const pdfKept = (i: { type: string; pdf: boolean; issue_date: string }) => i.type === 'fix' && i.pdf && availableUntil('fixed_invoice_pdf', i.issue_date) > now;
    const expired = invoicesBefore.filter(billingExpired);
    expect(expired.filter((i) => !pdfKept(i)).length).toBeGreaterThan(0);
    expect(expired.filter(pdfKept).length).toBeGreaterThan(0);

    const report = await purgeExpiredBillingData(deps);
    expect(report.droppedPartitions).toEqual(droppable);
    expect(report.deleted.invoices).toBe(expired.filter((i) => !pdfKept(i)).length);
    expect(report.deleted.invoiceLines).toBe(expired.reduce((n, i) => n + i.lines, 0));
    const after = await partitions();
    for (const table of TABLES) expect(after[table]).toEqual(before[table]!.filter((m) => !droppable[table].includes(m)));
    // Nothing inside a window was touched: the months kept hold every row they held, every call still in its window is there.
    for (const [key, n] of Object.entries(keptCounts)) {
      const [table, month] = key.split(':') as [PartitionedTable, IsoDate];
      expect(await count(table, month), key).toBe(n);
    }
    expect(await retainedCalls()).toBe(callsBefore);
    expect(await totals()).toEqual(Object.fromEntries(Object.entries(totalsBefore).filter(([month]) => !droppable.usage_rollups.includes(month))));
    expect(Object.keys(totalsBefore).some((month) => droppable.usage_rollups.includes(month))).toBe(true);
    const invoicesAfter = await invoices();
    expect(invoicesAfter.map((i) => i.id)).toEqual(invoicesBefore.filter((i) => !billingExpired(i) || pdfKept(i)).map((i) => i.id));
    for (const i of invoicesAfter) {
      const was = invoicesBefore.find((b) => b.id === i.id)!;
      expect(i.lines, i.id).toBe(billingExpired(was) ? 0 : was.lines);
      expect(i.pdf, i.id).toBe(was.pdf);
    }

    const again = await purgeExpiredBillingData(deps);
    expect(again.droppedPartitions).toEqual(NO_PARTITIONS);
    expect(again.deleted).toEqual(NOTHING);
  });
});

describe('partitions ahead', () => {
  it('creates the partitions of the current Brussels month and the next two, exactly, once', async () => {
    // 23:30 UTC on 31 December is already January in Brussels.
    t.clock.set(new Date('2031-12-31T23:30:00Z'));
    const before = Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await partitionMonths(db(), table)] as const)));
    const months = ['2032-01-01', '2032-02-01', '2032-03-01'];
    const first = await ensureUpcomingPartitions(deps);
    expect(first.months).toEqual(months);
    expect(first.created).toEqual({ call_details: months, usage_events: months, usage_rollups: months, sim_usage_months: months });
    for (const table of TABLES) expect(await partitionMonths(db(), table)).toEqual([...before[table]!, ...months]);

    const second = await ensureUpcomingPartitions(deps);
    expect(second.created).toEqual(NO_PARTITIONS);
    for (const table of TABLES) expect(await partitionMonths(db(), table)).toEqual([...before[table]!, ...months]);

    // The bounds are Brussels months: 00:00 Brussels on 1 January 2032 lands in January's partition,
    // and April has no partition yet (a row for it is refused, not lost in a default partition).
    const row = { customer_id: acme, billing_account_id: mobile, sim_id: simOf[mobile]!, type: 'sms', standard_price_cents: 1 };
    const inserted = await sql<{ part: string }>`INSERT INTO usage_events (customer_id, billing_account_id, sim_id, type, standard_price_cents, occurred_at)
      VALUES (${row.customer_id}, ${row.billing_account_id}, ${row.sim_id}, ${row.type}, ${row.standard_price_cents}, ${start('2032-01-01')})
      RETURNING tableoid::regclass::text AS part`.execute(db());
    expect(inserted.rows[0]!.part).toBe(partitionName('usage_events', '2032-01-01'));
    await expect(db().insertInto('usage_events').values({ ...row, occurred_at: start('2032-04-01') }).execute()).rejects.toThrow(/partition/);
  });
});
