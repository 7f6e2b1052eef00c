import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Problem } from '@mandate/contracts/common';
import type { SimBillingResponse, SimCallDetailPage } from '@mandate/contracts/sim-billing';
import type { CallDetailItem, CallDetailPage } from '@mandate/contracts/usage';
import { ensureMonthPartitions } from '@mandate/server/lib/partitions';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { SEEDED_APP_TIMEOUT_MS } from './usage.fixtures.ts';

/**
 * PFM-3 on a SIM's own page: "billing of the last 12 months and call details of the last 6", from
 * the monthly roll-ups of closed periods (INV-2) and the billed call details, within RET-1's
 * windows, filtered in SQL by the Usage rules (a fleet manager his cost centre, a Service User his
 * own line, ROLE-5; an Access Manager nothing, ROLE-3). On the demo billing data of the seed, plus
 * a few rows of this file's own. Clock: SEED_NOW + 1 h = 2026-11-02T10:00Z (Brussels: 2 November):
 * billing data of periods ending on or after 2 November 2025, call details from 2 May 2026 00:00
 * Brussels (1 May 22:00Z, CEST).
 */
let t: TestApp;
let acme: string;
let sales: string;
/** The employee's own line (cost centre Sales): the fleet manager's scope too. */
let employeeSim: string;
/** A SIM outside Sales and not the employee's. */
let otherSim: string;
let openInvoice: string;
let owner: ApiClient;
let fleet: ApiClient;
let employee: ApiClient;
let manager: ApiClient;
let noordzee: ApiClient;

const NOW = new Date('2026-11-02T10:00:00Z');
const BILLING_CUTOFF = '2025-11-02';
const CALLS_FROM = new Date('2026-05-01T22:00:00.000Z');
/** Destinations of the boundary rows this file adds (no seed row calls them). */
const BEFORE_WINDOW = '+32470900001';
const AT_WINDOW = '+32470900002';
const TIED = ['+32470900003', '+32470900004'];

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  sales = (await db.selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
  const employeeId = (await db.selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
  const own = await db.selectFrom('sims').select(['id', 'billing_account_id', 'cost_centre_id']).where('customer_id', '=', acme).where('end_user_id', '=', employeeId)
    .orderBy('msisdn').executeTakeFirstOrThrow();
  employeeSim = own.id;
  expect(own.cost_centre_id).toBe(sales);
  otherSim = (await db.selectFrom('sims').select('id').where('customer_id', '=', acme)
    .where((eb) => eb.or([eb('cost_centre_id', 'is', null), eb('cost_centre_id', '!=', sales)]))
    .where('end_user_id', 'is distinct from', employeeId).orderBy('msisdn').executeTakeFirstOrThrow()).id;

  // The SIM's May 2026 invoice (closed, billed): the boundary rows belong to it.
  const may = await db.selectFrom('invoices').select('id').where('customer_id', '=', acme).where('billing_account_id', '=', own.billing_account_id)
    .where('period_start', '=', '2026-05-01').executeTakeFirstOrThrow();
  await ensureMonthPartitions(db, 'call_details', ['2026-05-01']);
  const call = (at: string, destination: string) => ({
    customer_id: acme, invoice_id: may.id, billing_account_id: own.billing_account_id, sim_id: employeeSim, cost_centre_id: sales, started_at: new Date(at),
    type: 'national_voice', destination, duration_s: 61, volume_kb: null, standard_price_cents: 30, billed_price_cents: 20,
  });
  await db.insertInto('call_details').values([
    call('2026-05-01T21:59:59.999Z', BEFORE_WINDOW),
    call('2026-05-01T22:00:00.000Z', AT_WINDOW),
    // Two calls at the very same instant: the id breaks the tie, and no page boundary loses one.
    call('2026-06-15T10:00:00.000Z', TIED[0]!),
    call('2026-06-15T10:00:00.000Z', TIED[1]!),
  ]).execute();

  // INV-2: roll-ups that say they belong to the open period (as a faulty run might) never show as billed.
  const open = await db.selectFrom('billing_periods').select('id').where('customer_id', '=', acme).where('billing_account_id', '=', own.billing_account_id)
    .where('status', '=', 'open').orderBy('starts_on', 'desc').executeTakeFirstOrThrow();
  await db.insertInto('billing_runs').values({ id: 'test-sim-billing-run', checksum: 'test' }).execute();
  openInvoice = (await db.insertInto('invoices').values({
    customer_id: acme, billing_account_id: own.billing_account_id, billing_period_id: open.id, number: 'INV-T-SIMBILL-OPEN', issue_date: '2026-11-02',
    due_date: '2026-12-02', period_start: '2026-11-01', period_end: '2026-11-30', amount_excl_vat_cents: 1000, vat_cents: 210, amount_incl_vat_cents: 1210,
    run_id: 'test-sim-billing-run',
  }).returning('id').executeTakeFirstOrThrow()).id;
  await ensureMonthPartitions(db, 'usage_rollups', ['2026-11-01']);
  await db.insertInto('usage_rollups').values({
    customer_id: acme, month: '2026-11-01', billing_account_id: own.billing_account_id, invoice_id: openInvoice, sim_id: employeeSim, cost_centre_id: sales,
    charge_type: 'subscription', amount_cents: 777,
  }).execute();

  // Signed in once at NOW (sign-in is throttled per account); a test that moves the clock far signs in again there.
  t.clock.set(NOW);
  [owner, fleet, employee, manager, noordzee] = await Promise.all(
    ['owner@acme.test', 'fleet@acme.test', 'employee@acme.test', 'manager@acme.test', 'owner@noordzee.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
}, SEEDED_APP_TIMEOUT_MS);
afterAll(async () => t?.close());

/** Signs in at the clock's current instant (a token from an earlier instant has expired by then). */
const as = (email: string) => signedIn(t.url, email);
const billingUrl = (simId: string, customerId = acme) => `/api/v1/customers/${customerId}/sims/${simId}/billing`;
const callsUrl = (simId: string, query = '') => `/api/v1/customers/${acme}/sims/${simId}/call-details${query}`;

/** What the roll-ups hold for a SIM per month and charge type, read plainly and filtered here: closed, within 12 months, the cost centres given. */
async function expectedBilling(simId: string, costCentres?: string[]): Promise<Map<string, Map<string, number>>> {
  const rows = await t.database.db.selectFrom('usage_rollups as r')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'r.customer_id').onRef('i.id', '=', 'r.invoice_id'))
    .innerJoin('billing_periods as bp', (j) => j.onRef('bp.customer_id', '=', 'i.customer_id').onRef('bp.id', '=', 'i.billing_period_id'))
    .where('r.customer_id', '=', acme).where('r.sim_id', '=', simId)
    .select([sql<string>`to_char(r.month, 'YYYY-MM')`.as('month'), 'r.charge_type', 'r.amount_cents', 'r.cost_centre_id', 'bp.status', sql<string>`to_char(i.period_end, 'YYYY-MM-DD')`.as('periodEnd')])
    .execute();
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.status !== 'closed' || r.periodEnd < BILLING_CUTOFF) continue;
    if (costCentres && !costCentres.includes(r.cost_centre_id ?? '')) continue;
    const month = out.get(r.month) ?? new Map<string, number>();
    month.set(r.charge_type, (month.get(r.charge_type) ?? 0) + Number(r.amount_cents));
    out.set(r.month, month);
  }
  return out;
}

function asMap(body: SimBillingResponse): Map<string, Map<string, number>> {
  return new Map(body.items.map((m) => [m.month, new Map(m.byChargeType.map((c) => [c.chargeType, c.amountCents]))]));
}

/** Every page of a SIM's call details, following nextCursor. */
async function walk(client: ApiClient, simId: string, query = '', limit = 7): Promise<{ items: CallDetailItem[]; pages: number }> {
  const items: CallDetailItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: SimCallDetailPage } = await client.get<SimCallDetailPage>(callsUrl(simId, `?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 500);
  return { items, pages };
}

const key = (i: CallDetailItem) => `${i.startedAt}|${String(i.id).padStart(15, '0')}`;

describe('billing of the last 12 months (PFM-3, INV-2, RET-1)', () => {
  it('the fleet manager sees the SIM\'s 12 closed months, each equal to the roll-up sums of his cost centre, newest first', async () => {
    t.clock.set(NOW);
    const res = await fleet.get<SimBillingResponse>(billingUrl(employeeSim));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const expected = await expectedBilling(employeeSim, [sales]);
    expect(asMap(res.body)).toEqual(expected);
    // Demo data: 14 closed months, of which the 12 of the window show (November 2025 to October 2026).
    expect(res.body.items.map((m) => m.month)).toEqual([
      '2026-10', '2026-09', '2026-08', '2026-07', '2026-06', '2026-05', '2026-04', '2026-03', '2026-02', '2026-01', '2025-12', '2025-11',
    ]);
    for (const m of res.body.items) {
      expect(m.totalCents).toBe(m.byChargeType.reduce((sum, c) => sum + c.amountCents, 0));
      expect(m.periodStart.slice(0, 7)).toBe(m.month);
      expect(m.periodEnd >= m.periodStart).toBe(true);
    }
    // Billing data of the period ending 30 November 2025 is shown through 30 November 2026 (gone at 1 December 00:00 Brussels).
    expect(res.body.items.at(-1)!.availableUntil).toBe('2026-11-30T23:00:00.000Z');
  });

  it('an open billing period is never shown as billed, even with roll-ups (INV-2)', async () => {
    t.clock.set(NOW);
    const res = await owner.get<SimBillingResponse>(billingUrl(employeeSim));
    expect(res.status).toBe(200);
    expect(res.body.items.map((m) => m.month)).not.toContain('2026-11');
    expect(asMap(res.body)).toEqual(await expectedBilling(employeeSim));
  });

  it('a month leaves at 00:00 Brussels after its period end plus 12 months', async () => {
    // 30 November 2026 23:00Z is 1 December 00:00 Brussels: November 2025 is gone.
    t.clock.set(new Date('2026-11-30T22:59:59.999Z'));
    expect((await (await as('owner@acme.test')).get<SimBillingResponse>(billingUrl(employeeSim))).body.items.at(-1)!.month).toBe('2025-11');
    t.clock.set(new Date('2026-11-30T23:00:00.000Z'));
    expect((await (await as('owner@acme.test')).get<SimBillingResponse>(billingUrl(employeeSim))).body.items.at(-1)!.month).toBe('2025-12');
    t.clock.set(NOW);
  });

  it('a Service User sees his own line\'s billing and gets 404 for another SIM (ROLE-5)', async () => {
    t.clock.set(NOW);
    const own = await employee.get<SimBillingResponse>(billingUrl(employeeSim));
    expect(own.status).toBe(200);
    expect(asMap(own.body)).toEqual(await expectedBilling(employeeSim));
    expect(own.body.items.length).toBe(12);
    expect((await employee.get(billingUrl(otherSim))).status).toBe(404);
  });
});

describe('call details of the last 6 months (PFM-3, RET-1)', () => {
  it('newest first, keyset pages without gaps or duplicates, the same as the database holds in the window', async () => {
    t.clock.set(NOW);
    const { items, pages } = await walk(fleet, employeeSim);
    const count = await t.database.db.selectFrom('call_details').where('customer_id', '=', acme).where('sim_id', '=', employeeSim)
      .where('started_at', '>=', CALLS_FROM).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(items.length).toBe(Number(count.n));
    expect(items.length).toBeGreaterThan(100);
    expect(pages).toBe(Math.ceil(items.length / 7));
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.map(key)).toEqual(items.map(key).sort().reverse());
    expect(items.every((i) => i.simId === employeeSim)).toBe(true);
    const tied = items.filter((i) => TIED.includes(i.destination ?? ''));
    expect(tied).toHaveLength(2);
    expect(tied[0]!.startedAt).toBe(tied[1]!.startedAt);
    // The same set in one page of 200 at most.
    const big = await walk(fleet, employeeSim, '', 200);
    expect(big.items.map((i) => i.id)).toEqual(items.map((i) => i.id));
  });

  it('filters by type and Brussels days, alone and together', async () => {
    t.clock.set(NOW);
    const all = (await walk(owner, employeeSim, '', 200)).items;
    const sms = (await walk(owner, employeeSim, '&type=sms')).items;
    expect(sms.length).toBeGreaterThan(0);
    expect(sms.map((i) => i.id)).toEqual(all.filter((i) => i.type === 'sms').map((i) => i.id));
    // 1 to 31 August 2026, Brussels days (CEST: 31 July 22:00Z to 31 August 22:00Z).
    const august = (await walk(owner, employeeSim, '&from=2026-08-01&to=2026-08-31')).items;
    const inAugust = all.filter((i) => i.startedAt >= '2026-07-31T22:00:00.000Z' && i.startedAt < '2026-08-31T22:00:00.000Z');
    expect(august.map((i) => i.id)).toEqual(inAugust.map((i) => i.id));
    expect(august.length).toBeGreaterThan(0);
    const both = (await walk(owner, employeeSim, '&type=national_voice&from=2026-08-01&to=2026-08-31')).items;
    expect(both.map((i) => i.id)).toEqual(inAugust.filter((i) => i.type === 'national_voice').map((i) => i.id));
  });

  it('the window starts at 00:00 Brussels of the day 6 months ago, to the millisecond', async () => {
    const boundary = async (client: ApiClient) => (await walk(client, employeeSim, '&from=2026-04-01&to=2026-05-02', 200)).items.map((i) => i.destination);
    t.clock.set(NOW);
    let shown = await boundary(owner);
    expect(shown).toContain(AT_WINDOW);
    expect(shown).not.toContain(BEFORE_WINDOW);
    const page = await owner.get<SimCallDetailPage>(callsUrl(employeeSim));
    // The calls of 2 May 2026 are shown through 2 November and gone at 3 November 00:00 Brussels.
    expect(page.body.availableUntil).toBe('2026-11-02T23:00:00.000Z');

    t.clock.set(new Date('2026-11-02T22:59:59.999Z'));
    shown = await boundary(await as('owner@acme.test'));
    expect(shown).toContain(AT_WINDOW);
    t.clock.set(new Date('2026-11-02T23:00:00.000Z'));
    shown = await boundary(await as('owner@acme.test'));
    expect(shown).not.toContain(AT_WINDOW);
    expect(shown).not.toContain(BEFORE_WINDOW);
    t.clock.set(NOW);
  });

  it('a Service User sees his own line\'s call details and gets 404 for another SIM (ROLE-5)', async () => {
    t.clock.set(NOW);
    const own = await walk(employee, employeeSim, '', 200);
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((i) => i.simId === employeeSim)).toBe(true);
    expect((await employee.get(callsUrl(otherSim))).status).toBe(404);
  });
});

describe('access', () => {
  it('the fleet manager gets 404 for a SIM outside his cost centre; an unknown SIM is 404', async () => {
    t.clock.set(NOW);
    expect((await fleet.get(billingUrl(otherSim))).status).toBe(404);
    expect((await fleet.get(callsUrl(otherSim))).status).toBe(404);
    expect((await fleet.get(billingUrl('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
  });

  it('an Access Manager is refused (403, ROLE-3); another customer\'s user finds nothing (404)', async () => {
    t.clock.set(NOW);
    for (const path of [billingUrl(employeeSim), callsUrl(employeeSim)]) {
      const res = await manager.get<Problem>(path);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await noordzee.get(billingUrl(employeeSim))).status).toBe(404);
    expect((await noordzee.get(callsUrl(employeeSim))).status).toBe(404);
  });

  it('the owner reads a SIM outside Sales too', async () => {
    t.clock.set(NOW);
    const res = await owner.get<SimBillingResponse>(billingUrl(otherSim));
    expect(res.status).toBe(200);
    expect(asMap(res.body)).toEqual(await expectedBilling(otherSim));
  });
});

describe('bad input', () => {
  it.each([
    ['?from=2026-02-30', 'querystring.from'],
    ['?to=yesterday', 'querystring.to'],
    ['?from=2026-09-15&to=2026-09-10', 'querystring.to'],
    ['?from=0000-01-01', 'querystring.from'],
    ['?type=video', 'querystring.type'],
    ['?limit=0', 'querystring.limit'],
    ['?limit=201', 'querystring.limit'],
    ['?cursor=not-a-cursor', 'querystring.cursor'],
    ['?sort=startedAt:asc', 'querystring.sort'],
  ])('%s → 400 naming %s', async (query, field) => {
    t.clock.set(NOW);
    const res = await owner.get<Problem>(callsUrl(employeeSim, query));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors?.map((e) => e.field)).toContain(field);
  });

  it('a malformed SIM id is 400 naming it', async () => {
    for (const path of [billingUrl('not-a-uuid'), callsUrl('not-a-uuid')]) {
      const res = await owner.get<Problem>(path);
      expect(res.status, path).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe('params.simId');
    }
  });

  it('a cursor of another filter, another SIM or another list is refused (400), not misread', async () => {
    t.clock.set(NOW);
    const first = await owner.get<SimCallDetailPage>(callsUrl(employeeSim, '?limit=5&type=sms'));
    const cursor = encodeURIComponent(first.body.nextCursor!);
    for (const [simId, query] of [[employeeSim, `?cursor=${cursor}`], [employeeSim, `?type=data&cursor=${cursor}`], [otherSim, `?type=sms&cursor=${cursor}`]] as const) {
      const res = await owner.get<Problem>(callsUrl(simId, query));
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe('querystring.cursor');
    }
    expect((await owner.get(callsUrl(employeeSim, `?limit=5&type=sms&cursor=${cursor}`))).status).toBe(200);

    // A cursor of an invoice's call details (same key shape, another list).
    const invoice = await t.database.db.selectFrom('call_details').select('invoice_id').where('customer_id', '=', acme).where('sim_id', '=', employeeSim)
      .where('started_at', '>=', CALLS_FROM).executeTakeFirstOrThrow();
    const invoicePage = await owner.get<CallDetailPage>(`/api/v1/customers/${acme}/invoices/${invoice.invoice_id}/call-details?limit=1&sort=startedAt:desc`);
    expect(invoicePage.body.nextCursor).toBeTruthy();
    const foreign = await owner.get<Problem>(callsUrl(employeeSim, `?cursor=${encodeURIComponent(invoicePage.body.nextCursor!)}`));
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors?.[0]?.field).toBe('querystring.cursor');
  });
});
