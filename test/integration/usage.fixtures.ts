import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { ensureMonthPartitions } from '@mandate/server/lib/partitions';
import { insertUsageEvents } from '@mandate/server/modules/billing-runs/billing-runs.repo';

/**
 * Billing data of the usage tests, on a billing account of their own ("ACME-T-USAGE"), so the
 * demo data of the seed never collides with it (the tests look for these rows by invoice number,
 * SIM and id). The finance persona's invoice and insight rights are widened to the account, like
 * an AO would. Clock of the tests: SEED_NOW + 1 h = 2026-11-02T10:00Z (Brussels: 2 November, CET):
 * the 6-month call-detail window starts on 2 May 2026 00:00 Brussels (1 May 22:00Z, CEST), the
 * 12-month billing window with periods ending on or after 2 November 2025.
 */
export interface UsageFixture {
  acme: string;
  account: string;
  /** The SIM of employee@acme.test (his own line) and another Acme SIM. */
  employeeSim: string;
  otherSim: string;
  /** Invoices by number. */
  invoices: Record<'sep' | 'may' | 'nov25' | 'sep25', string>;
  /** Call details of the September 2026 invoice, by what tests look for. */
  sepCalls: number;
  /** The usage event exactly at the 8-hour boundary test instant. */
  boundaryEventAt: Date;
}

export const RUN_ID = 'test-usage-run';

/** A new app on its own database, seeded with the billing demo data, plus this fixture: on PGlite on a busy machine this takes a while. */
export const SEEDED_APP_TIMEOUT_MS = 180_000;

type Db = Kysely<DB>;

async function invoice(db: Db, acme: string, account: string, number: string, start: string, end: string): Promise<string> {
  const period = await db.insertInto('billing_periods').values({
    customer_id: acme, billing_account_id: account, starts_on: start, ends_on: end, status: 'closed', closed_at: new Date(`${end}T23:00:00Z`), run_id: RUN_ID,
  }).returning('id').executeTakeFirstOrThrow();
  const issue = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const due = new Date(Date.parse(`${issue}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const row = await db.insertInto('invoices').values({
    customer_id: acme, billing_account_id: account, billing_period_id: period.id, number, issue_date: issue, due_date: due,
    period_start: start, period_end: end, amount_excl_vat_cents: 10_000, vat_cents: 2_100, amount_incl_vat_cents: 12_100, run_id: RUN_ID,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function usageFixture(db: Db): Promise<UsageFixture> {
  const acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const employee = (await db.selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
  const employeeSim = (await db.selectFrom('sims').select('id').where('customer_id', '=', acme).where('end_user_id', '=', employee).orderBy('msisdn').executeTakeFirstOrThrow()).id;
  const otherSim = (await db.selectFrom('sims').select('id').where('customer_id', '=', acme).where('id', '!=', employeeSim).where('end_user_id', 'is distinct from', employee)
    .orderBy('msisdn').executeTakeFirstOrThrow()).id;

  await db.insertInto('billing_runs').values({ id: RUN_ID, checksum: 'test' }).execute();
  const account = (await db.insertInto('billing_accounts').values({ customer_id: acme, number: 'ACME-T-USAGE', name: 'Usage tests', type: 'mobile' })
    .returning('id').executeTakeFirstOrThrow()).id;
  // finance@acme.test reads and exports invoices of every Acme account: this one too.
  const finance = await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .where('u.email', '=', 'finance@acme.test').where('m.customer_id', '=', acme).select('m.id').executeTakeFirstOrThrow();
  await db.updateTable('grants').set({ billing_account_ids: sql`billing_account_ids || ARRAY[${account}]::uuid[]` })
    .where('membership_id', '=', finance.id).where(sql<boolean>`cardinality(billing_account_ids) > 0`).execute();

  const invoices = {
    sep: await invoice(db, acme, account, 'INV-T-2609', '2026-09-01', '2026-09-30'),
    may: await invoice(db, acme, account, 'INV-T-2605', '2026-05-01', '2026-05-31'),
    nov25: await invoice(db, acme, account, 'INV-T-2511', '2025-11-01', '2025-11-30'),
    sep25: await invoice(db, acme, account, 'INV-T-2509', '2025-09-01', '2025-09-30'),
  };
  // October is billed too (closed): its usage events are no longer unbilled (INV-2).
  await db.insertInto('billing_periods').values({
    customer_id: acme, billing_account_id: account, starts_on: '2026-10-01', ends_on: '2026-10-31', status: 'closed', closed_at: new Date('2026-11-01T05:00:00Z'), run_id: RUN_ID,
  }).execute();
  await db.insertInto('billing_periods').values({ customer_id: acme, billing_account_id: account, starts_on: '2026-11-01', ends_on: '2026-11-30', status: 'open' }).execute();

  await db.insertInto('invoice_lines').values([
    { customer_id: acme, invoice_id: invoices.nov25, line_no: 1, sim_id: employeeSim, charge_type: 'subscription', description: 'Mobile 10 GB', amount_excl_vat_cents: 2_500 },
    { customer_id: acme, invoice_id: invoices.nov25, line_no: 2, sim_id: null, charge_type: 'discount', description: '=HYPERLINK("x")', amount_excl_vat_cents: -500 },
  ]).execute();

  await ensureMonthPartitions(db, 'call_details', ['2025-11-01', '2026-05-01', '2026-09-01']);
  for (const table of ['usage_events', 'sim_usage_months'] as const) await ensureMonthPartitions(db, table, ['2026-05-01', '2026-10-01', '2026-11-01']);
  await ensureMonthPartitions(db, 'usage_rollups', ['2025-09-01', '2026-09-01']);

  // September 2026: 40 calls over the month (two at the very same instant), both SIMs, every type, tricky destinations.
  const types = ['national_voice', 'international_voice', 'roaming', 'sms', 'data'] as const;
  const destinations = ['+32470999999', '=1+1', '0470123456', '@SUM(A1)', '-2+3', '+44201234567', 'a;b"c', '0032470111222'];
  const sep = Array.from({ length: 40 }, (_, i) => {
    const type = types[i % types.length]!;
    // Call 21 starts at the very instant call 20 does.
    const n = i === 21 ? 20 : i;
    const startedAt = new Date(Date.UTC(2026, 8, 1 + Math.floor(n * 0.7), 8, n % 3 === 0 ? 0 : n, 0));
    return {
      customer_id: acme, invoice_id: invoices.sep, billing_account_id: account, sim_id: i % 2 === 0 ? employeeSim : otherSim, cost_centre_id: null,
      started_at: startedAt, type, destination: type === 'data' ? null : destinations[i % destinations.length]!,
      duration_s: type === 'data' || type === 'sms' ? null : 30 + i, volume_kb: type === 'data' ? 1000 + i : null,
      standard_price_cents: 10 + i, billed_price_cents: 5 + i,
    };
  });
  await db.insertInto('call_details').values(sep).execute();

  // May 2026: around the 6-month boundary (2 May 00:00 Brussels = 1 May 22:00Z), and a call at the end of May.
  await db.insertInto('call_details').values([
    { at: '2026-05-01T21:59:59.999Z', dest: '+32470000101' },
    { at: '2026-05-01T22:00:00.000Z', dest: '+32470000102' },
    { at: '2026-05-20T12:00:00.000Z', dest: '+32470000103' },
  ].map(({ at, dest }) => ({
    customer_id: acme, invoice_id: invoices.may, billing_account_id: account, sim_id: otherSim, cost_centre_id: null, started_at: new Date(at),
    type: 'national_voice', destination: dest, duration_s: 60, volume_kb: null, standard_price_cents: 100, billed_price_cents: 80,
  }))).execute();
  // November 2025 (call details long gone, RET-1: this row must never show).
  await db.insertInto('call_details').values({
    customer_id: acme, invoice_id: invoices.nov25, billing_account_id: account, sim_id: otherSim, cost_centre_id: null, started_at: new Date('2025-11-10T10:00:00Z'),
    type: 'sms', destination: '+32470000199', duration_s: null, volume_kb: null, standard_price_cents: 10, billed_price_cents: 10,
  }).execute();

  // Usage events: a billed one (May, closed), both sides of the end of closed October (Brussels days), the 8-hour boundary one.
  const boundaryEventAt = new Date('2026-11-02T01:00:00.000Z');
  await insertUsageEvents(db, [
    { sim: otherSim, at: '2026-05-20T10:00:00Z', dest: '+32470000201' },
    { sim: otherSim, at: '2026-10-31T22:30:00Z', dest: '+32470000202' }, // 31 Oct 23:30 Brussels: closed October
    { sim: otherSim, at: '2026-10-31T23:30:00Z', dest: '+32470000203' }, // 1 Nov 00:30 Brussels: open
    { sim: employeeSim, at: '2026-11-01T08:00:00Z', dest: '+32470000204' },
    { sim: employeeSim, at: boundaryEventAt.toISOString(), dest: '+32470000205' },
  ].map(({ sim, at, dest }) => ({
    customer_id: acme, billing_account_id: account, sim_id: sim, cost_centre_id: null, occurred_at: new Date(at), type: 'national_voice',
    destination: dest, duration_s: 42, volume_kb: null, standard_price_cents: 25,
  })));

  // Roll-ups of the September 2026 invoice, and of the expired September 2025 one.
  await db.insertInto('usage_rollups').values([
    { customer_id: acme, month: '2026-09-01', billing_account_id: account, invoice_id: invoices.sep, sim_id: employeeSim, charge_type: 'national_voice', amount_cents: 1234, events: 3 },
    { customer_id: acme, month: '2026-09-01', billing_account_id: account, invoice_id: invoices.sep, sim_id: employeeSim, charge_type: 'subscription', amount_cents: 1500 },
    { customer_id: acme, month: '2026-09-01', billing_account_id: account, invoice_id: invoices.sep, sim_id: otherSim, charge_type: 'data', amount_cents: 500, events: 2 },
    { customer_id: acme, month: '2026-09-01', billing_account_id: account, invoice_id: invoices.sep, sim_id: null, charge_type: 'discount', amount_cents: -100 },
    { customer_id: acme, month: '2025-09-01', billing_account_id: account, invoice_id: invoices.sep25, sim_id: employeeSim, charge_type: 'subscription', amount_cents: 999 },
  ]).execute();

  return { acme, account, employeeSim, otherSim, invoices, sepCalls: sep.length, boundaryEventAt };
}
