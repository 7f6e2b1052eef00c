import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { availableUntil, retentionStart, UNBILLED_USAGE_DELAY_MS } from '@mandate/domain/retention';
import { ensureMonthPartitions } from '@mandate/server/lib/partitions';
import { insertUsageEvents } from '@mandate/server/modules/billing-runs/billing-runs.repo';
import { ApiClient, startTestApp, type ApiResponse, type TestApp } from '../support/test-app.ts';
import { SEED_NOW } from '../support/database-urls.ts';

/**
 * RET-1, RET-2, INV-3, INV-4 through the API: with the clock at the instant a record leaves its
 * window, nothing of it is reachable through any endpoint, export or Insights figure; one
 * millisecond before, it still is. No purge runs here: what is tested is the visibility every
 * query applies (the purge removes the data later, see retention.test.ts).
 *
 * The fixture is a billing month of its own, January 2027 (after the seeded demo data), on Acme's
 * mobile head-office account (ACME-0001) and fixed account (ACME-0003), with a SIM of its own; the
 * reads are narrowed to it (invoice numbers, the SIM, the month), so the demo data never interferes.
 */
let t: TestApp;
let acme: string;
let mobile: string;
let fixed: string;
let sim: string;
const ids = { mobileInvoice: '', fixedInvoice: '', dispute: '', document: '' };

const db = () => t.database.db;
const start = (day: IsoDate) => brusselsStartOfDay(day);
const lastDay = (month: IsoDate) => addDays(addMonths(month, 1), -1);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const api = (suffix: string) => `/api/v1/customers/${acme}${suffix}`;

const JAN = '2027-01-01';
const RUN = 'retention-endpoints';
const MOBILE_NUMBER = 'RETEP-2027-01-M';
const FIXED_NUMBER = 'RETEP-2027-01-F';
/** Call details of the mobile invoice: the first and the last millisecond of 10 January, and the first of the 11th. */
const CALLS = {
  first: start('2027-01-10'),
  last: ms(start('2027-01-11'), -1),
  next: start('2027-01-11'),
};
const DESTINATION = { first: '+3225551001', last: '+3225551002', next: '+3225551003' } as const;
/** A usage event of the open February period (unbilled). */
const EVENT_AT = new Date(start('2027-02-10').getTime() + 3_600_000);
const DOCUMENT_AT = start('2027-01-15');

const BOUNDARY = {
  // The call of the last millisecond of 10 January: 6 months, to 00:00 Brussels on 11 July.
  callDetails: availableUntil('call_details', CALLS.last),
  // Billing data of the January period (its last day): 12 months.
  billingData: availableUntil('billing_data', lastDay(JAN)),
  // The fixed-service PDF invoice issued on 1 February 2027: 24 months after its date.
  fixedPdf: availableUntil('fixed_invoice_pdf', addMonths(JAN, 1)),
  // The INV-8 document published on 15 January: 12 months after that day.
  document: availableUntil('billing_data', DOCUMENT_AT),
  // INV-4: the unbilled event shows 8 hours after it happened; traffic data at most 12 months (RET-2).
  unbilledFrom: new Date(EVENT_AT.getTime() + UNBILLED_USAGE_DELAY_MS),
  trafficData: availableUntil('traffic_data', EVENT_AT),
};

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 100_000, loginMaxPerIp: 100_000 } });
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const accounts = await db().selectFrom('billing_accounts').select(['id', 'number']).where('customer_id', '=', acme).execute();
  mobile = accounts.find((a) => a.number === 'ACME-0001')!.id;
  fixed = accounts.find((a) => a.number === 'ACME-0003')!.id;
  const owner = (await db().selectFrom('users').select('id').where('email', '=', 'owner@acme.test').executeTakeFirstOrThrow()).id;
  sim = (await db().insertInto('sims').values({ customer_id: acme, msisdn: '+32479990001', iccid: '8932990000000000001', billing_account_id: mobile })
    .returning('id').executeTakeFirstOrThrow()).id;
  await db().insertInto('billing_runs').values({ id: RUN, checksum: 'x' }).execute();
  for (const table of ['call_details', 'usage_events', 'usage_rollups', 'sim_usage_months'] as const) await ensureMonthPartitions(db(), table, [JAN, addMonths(JAN, 1)]);

  const billed = async (account: string, number: string) => {
    const period = await db().insertInto('billing_periods').values({
      customer_id: acme, billing_account_id: account, starts_on: JAN, ends_on: lastDay(JAN), status: 'closed', closed_at: start(addMonths(JAN, 1)), run_id: RUN,
    }).returning('id').executeTakeFirstOrThrow();
    const invoice = await db().insertInto('invoices').values({
      customer_id: acme, billing_account_id: account, billing_period_id: period.id, number, issue_date: addMonths(JAN, 1), due_date: addDays(addMonths(JAN, 1), 30),
      period_start: JAN, period_end: lastDay(JAN), amount_excl_vat_cents: 3000, vat_cents: 630, amount_incl_vat_cents: 3630, payment_status: 'paid',
      paid_on: addDays(addMonths(JAN, 1), 10), run_id: RUN,
    }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('invoice_lines').values([
      { customer_id: acme, invoice_id: invoice.id, line_no: 1, sim_id: sim, charge_type: 'subscription', description: 'plan', amount_excl_vat_cents: 2970 },
      { customer_id: acme, invoice_id: invoice.id, line_no: 2, sim_id: sim, charge_type: 'national_voice', description: 'calls', amount_excl_vat_cents: 30 },
    ]).execute();
    await db().insertInto('usage_rollups').values([
      { customer_id: acme, month: JAN, billing_account_id: account, invoice_id: invoice.id, sim_id: sim, charge_type: 'subscription', amount_cents: 2970 },
      { customer_id: acme, month: JAN, billing_account_id: account, invoice_id: invoice.id, sim_id: sim, charge_type: 'national_voice', amount_cents: 30, events: 3, duration_s: 180 },
    ]).execute();
    return invoice.id;
  };
  ids.mobileInvoice = await billed(mobile, MOBILE_NUMBER);
  ids.fixedInvoice = await billed(fixed, FIXED_NUMBER);
  await db().insertInto('invoice_pdfs').values({ customer_id: acme, invoice_id: ids.fixedInvoice, content: new TextEncoder().encode('%PDF-1.4 fixture'), sha256: 'x' }).execute();
  for (const key of ['first', 'last', 'next'] as const) {
    await db().insertInto('call_details').values({
      customer_id: acme, invoice_id: ids.mobileInvoice, billing_account_id: mobile, sim_id: sim, started_at: CALLS[key], type: 'national_voice',
      destination: DESTINATION[key], duration_s: 60, standard_price_cents: 10, billed_price_cents: 10,
    }).execute();
  }
  ids.dispute = (await db().insertInto('disputes').values({
    customer_id: acme, invoice_id: ids.mobileInvoice, status: 'rejected', reason: 'retention fixture', disputed_cents: 30, opened_by: owner, opened_at: start('2027-02-05'),
  }).returning('id').executeTakeFirstOrThrow()).id;
  await db().insertInto('call_credits').values({ customer_id: acme, billing_account_id: mobile, sim_id: sim, month: JAN, granted_cents: 500, used_cents: 100 }).execute();
  ids.document = (await db().insertInto('billing_documents').values({
    customer_id: acme, billing_account_id: mobile, kind: 'notice', title: 'Retention fixture notice', published_at: DOCUMENT_AT, content: new TextEncoder().encode('notice'),
  }).returning('id').executeTakeFirstOrThrow()).id;
  // February is still open: its usage is unbilled (INV-2, INV-4).
  await db().insertInto('billing_periods').values({ customer_id: acme, billing_account_id: mobile, starts_on: addMonths(JAN, 1), ends_on: lastDay(addMonths(JAN, 1)) }).execute();
  await insertUsageEvents(db(), [{
    customer_id: acme, billing_account_id: mobile, sim_id: sim, occurred_at: EVENT_AT, type: 'sms', destination: '+32470000999', standard_price_cents: 12,
  }]);
}, 300_000);
afterAll(async () => t?.close());

/** The AO (ROLE-2: all of Acme's data), signed in afresh at the clock's instant (sessions end with time). */
async function ownerAt(at: Date): Promise<ApiClient> {
  t.clock.set(at);
  const client = new ApiClient(t.url);
  const res = await client.login('owner@acme.test');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return client;
}

const ok = <T>(res: ApiResponse<T>, what: string): T => {
  expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 500)}`).toBe(200);
  return res.body;
};
const text = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));

interface Summary { id: string; number: string; pdfOnly: boolean }
async function listedNumbers(c: ApiClient): Promise<Map<string, Summary>> {
  const found = new Map<string, Summary>();
  for (const account of [mobile, fixed]) {
    const body = ok(await c.get<{ items: Summary[] }>(api(`/invoices?billingAccountId=${account}&periodFrom=2027-01&periodTo=2027-01&limit=100`)), 'invoice list');
    for (const i of body.items) if (i.number.startsWith('RETEP-')) found.set(i.number, i);
  }
  return found;
}

async function callDetails(c: ApiClient) {
  const res = await c.get<{ items: Array<{ destination: string }> }>(api(`/invoices/${ids.mobileInvoice}/call-details?limit=100`));
  return { status: res.status, destinations: res.status === 200 ? res.body.items.map((i) => i.destination).sort() : [] };
}

async function callDetailExport(c: ApiClient) {
  const res = await c.get(api(`/invoices/${ids.mobileInvoice}/call-details/export?format=csv`));
  const body = text(res.body);
  return {
    status: res.status, rowCount: res.headers.get('x-row-count'),
    destinations: Object.values(DESTINATION).filter((d) => body.includes(d.slice(1))).sort(),
  };
}

async function insightsMonthly(c: ApiClient) {
  const body = ok(await c.get<{ rows: Array<{ month: string; amountCents: number }> }>(
    api(`/insights/monthly?from=2027-01&to=2027-01&billingAccountId=${mobile}&billingAccountId=${fixed}`)), 'insights monthly');
  return body.rows.filter((r) => r.amountCents !== 0);
}

/** The other Insights figures over January 2027 of the fixture's accounts: the total they show, and the "change" figure's previous month (January, seen from February). */
async function otherFigures(c: ApiClient) {
  const accounts = `billingAccountId=${mobile}&billingAccountId=${fixed}`;
  const out: Record<string, number> = {};
  for (const figure of ['charge-types', 'billing-accounts', 'cost-centres', 'top-sims']) {
    const body = ok(await c.get<{ rows: Array<{ amountCents: number }> }>(api(`/insights/${figure}?from=2027-01&to=2027-01&${accounts}`)), figure);
    out[figure] = body.rows.reduce((n, r) => n + r.amountCents, 0);
  }
  // 2027-01 is the fixture's last closed month: the change figure compares it (INV-2: never an open one).
  const change = ok(await c.get<{ currentCents: number }>(api(`/insights/change?from=2027-01&to=2027-02&${accounts}`)), 'change');
  out.changeCurrent = change.currentCents;
  return out;
}

/** Operator staff's dispute queue (all customers) holds the fixture's dispute. */
async function operatorSeesDispute(at: Date) {
  t.clock.set(at);
  const operator = new ApiClient(t.url);
  expect((await operator.login('operator@mandate.test')).status).toBe(200);
  const items: Array<{ id: string }> = [];
  for (const status of ['rejected', undefined]) {
    const res = await operator.get<{ items: Array<{ id: string }> }>(`/api/v1/operator/disputes?limit=100${status ? `&status=${status}` : ''}`);
    items.push(...ok(res, 'operator disputes').items);
  }
  return items.some((d) => d.id === ids.dispute);
}

async function charges(c: ApiClient) {
  const res = await c.get<{ items: Array<{ simId: string | null }> }>(api(`/usage/charges?month=2027-01&simId=${sim}`));
  return res.status === 200 ? res.body.items.length : res.status === 404 ? 0 : -res.status;
}

async function expiringExport(c: ApiClient) {
  const res = await c.get(api('/exports/expiring?format=csv'));
  return { status: res.status, body: text(res.body) };
}

describe('nothing expired is reachable through the API (RET-1, RET-2, INV-3, INV-4)', () => {
  it('the boundaries are where the domain puts them', () => {
    expect(BOUNDARY.callDetails.toISOString()).toBe('2027-07-10T22:00:00.000Z');
    expect(BOUNDARY.billingData.toISOString()).toBe('2028-01-31T23:00:00.000Z');
    expect(BOUNDARY.fixedPdf.toISOString()).toBe('2029-02-01T23:00:00.000Z');
    expect(BOUNDARY.document.toISOString()).toBe('2028-01-15T23:00:00.000Z');
  });

  it('call details (6 months): list and export show the call the instant before its boundary, not at it', async () => {
    const before = await ownerAt(ms(BOUNDARY.callDetails, -1));
    expect(await callDetails(before)).toEqual({ status: 200, destinations: [DESTINATION.first, DESTINATION.last, DESTINATION.next] });
    const exportBefore = await callDetailExport(before);
    expect(exportBefore).toMatchObject({ status: 200, rowCount: '3' });
    expect(exportBefore.destinations).toEqual([DESTINATION.first, DESTINATION.last, DESTINATION.next]);

    expect((await before.get(api(`/invoices/${ids.mobileInvoice}/call-details/export?format=xlsx`))).headers.get('x-row-count')).toBe('3');
    // The export of what leaves its window in the next 30 days holds all three calls.
    const expiringBefore = await expiringExport(before);
    for (const d of Object.values(DESTINATION)) expect(expiringBefore.body, d).toContain(d.slice(1));

    const at = await ownerAt(BOUNDARY.callDetails);
    expect(await callDetails(at)).toEqual({ status: 200, destinations: [DESTINATION.next] });
    const exportAt = await callDetailExport(at);
    expect(exportAt).toMatchObject({ status: 200, rowCount: '1' });
    expect(exportAt.destinations).toEqual([DESTINATION.next]);
    expect((await at.get(api(`/invoices/${ids.mobileInvoice}/call-details/export?format=xlsx`))).headers.get('x-row-count')).toBe('1');
    const expiringAt = await expiringExport(at);
    expect(expiringAt.body).not.toContain(DESTINATION.first.slice(1));
    expect(expiringAt.body).not.toContain(DESTINATION.last.slice(1));
    expect(expiringAt.body).toContain(DESTINATION.next.slice(1));
  });

  it('unbilled usage: shown from 8 hours after the communication (INV-4), never past the traffic-data window (RET-2)', async () => {
    const unbilled = async (c: ApiClient) => ok(await c.get<{ items: Array<{ destination: string }> }>(api(`/usage/unbilled?simId=${sim}`)), 'unbilled').items.length;
    expect(await unbilled(await ownerAt(ms(BOUNDARY.unbilledFrom, -1)))).toBe(0);
    expect(await unbilled(await ownerAt(BOUNDARY.unbilledFrom))).toBe(1);
    expect(await unbilled(await ownerAt(ms(BOUNDARY.trafficData, -1)))).toBe(1);
    expect(await unbilled(await ownerAt(BOUNDARY.trafficData))).toBe(0);
  });

  it('INV-8 documents: listed and readable until 12 months after the day they appeared', async () => {
    const documents = async (c: ApiClient) => ok(await c.get<{ items: Array<{ id: string }> }>(api('/billing-documents?limit=100')), 'documents')
      .items.some((d) => d.id === ids.document);
    const before = await ownerAt(ms(BOUNDARY.document, -1));
    expect(await documents(before)).toBe(true);
    expect((await before.get(api(`/billing-documents/${ids.document}/content`))).status).toBe(200);
    const at = await ownerAt(BOUNDARY.document);
    expect(await documents(at)).toBe(false);
    expect((await at.get(api(`/billing-documents/${ids.document}/content`))).status).toBe(404);
  });

  it('billing data (12 months): invoices, lines, disputes, roll-ups, charges, call credits and the expiring export, before and at the boundary', async () => {
    const before = await ownerAt(ms(BOUNDARY.billingData, -1));
    const listed = await listedNumbers(before);
    expect([...listed.keys()].sort()).toEqual([FIXED_NUMBER, MOBILE_NUMBER]);
    expect(listed.get(FIXED_NUMBER)!.pdfOnly).toBe(false);
    const detail = ok(await before.get<{ lines: unknown[] }>(api(`/invoices/${ids.mobileInvoice}`)), 'invoice detail');
    expect(detail.lines).toHaveLength(2);
    expect(ok(await before.get<{ lines: unknown[] }>(api(`/invoices/${ids.fixedInvoice}`)), 'fixed invoice detail').lines).toHaveLength(2);
    expect((await before.get(api(`/disputes/${ids.dispute}`))).status).toBe(200);
    expect(await insightsMonthly(before)).toEqual([{ month: '2027-01', amountCents: 6000 }]);
    expect(await otherFigures(before)).toEqual({ 'charge-types': 6000, 'billing-accounts': 6000, 'cost-centres': 6000, 'top-sims': 6000, changeCurrent: 6000 });
    expect(await operatorSeesDispute(ms(BOUNDARY.billingData, -1))).toBe(true);
    expect(await charges(before)).toBeGreaterThan(0);
    const credits = ok(await before.get<{ items: unknown[] }>(api(`/call-credits?billingAccountId=${mobile}&month=2027-01`)), 'call credits');
    expect(credits.items).toHaveLength(1);
    // The export of what leaves the window in the next 30 days holds the mobile invoice.
    const expiring = await expiringExport(before);
    expect(expiring.status).toBe(200);
    expect(expiring.body).toContain(MOBILE_NUMBER);

    const at = await ownerAt(BOUNDARY.billingData);
    const after = await listedNumbers(at);
    // INV-3: the fixed-service invoice stays as its PDF only; the mobile one is gone.
    expect([...after.keys()]).toEqual([FIXED_NUMBER]);
    expect(after.get(FIXED_NUMBER)!.pdfOnly).toBe(true);
    expect((await at.get(api(`/invoices/${ids.mobileInvoice}`))).status).toBe(404);
    const fixedDetail = await at.get<{ lines: unknown[] }>(api(`/invoices/${ids.fixedInvoice}`));
    expect(fixedDetail.status).toBe(200);
    expect(fixedDetail.body.lines).toEqual([]);
    const pdf = await at.get(api(`/invoices/${ids.fixedInvoice}/pdf`));
    expect(pdf.status).toBe(200);
    expect(text(pdf.body)).toContain('%PDF-1.4 fixture');
    expect((await at.get(api(`/invoices/${ids.mobileInvoice}/pdf`))).status).toBe(404);
    expect([404, 200]).toContain((await at.get(api(`/invoices/${ids.mobileInvoice}/call-details`))).status);
    expect((await callDetails(at)).destinations).toEqual([]);
    expect((await callDetailExport(at)).destinations).toEqual([]);
    expect((await at.get(api(`/disputes/${ids.dispute}`))).status).toBe(404);
    const disputes = ok(await at.get<{ items: Array<{ id: string }> }>(api('/disputes?limit=100')), 'disputes');
    expect(disputes.items.map((d) => d.id)).not.toContain(ids.dispute);
    expect(await insightsMonthly(at)).toEqual([]);
    expect(await otherFigures(at)).toEqual({ 'charge-types': 0, 'billing-accounts': 0, 'cost-centres': 0, 'top-sims': 0, changeCurrent: 0 });
    expect(await operatorSeesDispute(BOUNDARY.billingData)).toBe(false);
    expect(await charges(at)).toBe(0);
    const creditsAt = await at.get<{ items: unknown[] }>(api(`/call-credits?billingAccountId=${mobile}&month=2027-01`));
    expect(creditsAt.status === 200 ? creditsAt.body.items : [], JSON.stringify(creditsAt.body)).toEqual([]);
    const expiringAt = await expiringExport(at);
    expect(expiringAt.body).not.toContain(MOBILE_NUMBER);
    for (const d of Object.values(DESTINATION)) expect(expiringAt.body).not.toContain(d.slice(1));
  });

  it('on the seeded demo data: the November 2025 invoices and the oldest call still shown leave at their boundaries', async () => {
    const seedClock = new Date(SEED_NOW.getTime() + 3600_000);
    // The oldest demo call still in its window at the seed's clock, and its invoice.
    const oldest = await db().selectFrom('call_details').select(['id', 'invoice_id', 'started_at']).where('customer_id', '=', acme)
      .where('started_at', '>=', retentionStart('call_details', seedClock)).orderBy('started_at').orderBy('id').executeTakeFirstOrThrow();
    const callBoundary = availableUntil('call_details', new Date(oldest.started_at));
    const callIds = async (c: ApiClient) => {
      const res = await c.get<{ items: Array<{ id: number }> }>(api(`/invoices/${oldest.invoice_id}/call-details?limit=100&sort=startedAt:asc`));
      return res.status === 200 ? res.body.items.map((i) => Number(i.id)) : [];
    };
    expect(await callIds(await ownerAt(ms(callBoundary, -1)))).toContain(Number(oldest.id));
    expect(await callIds(await ownerAt(callBoundary))).not.toContain(Number(oldest.id));

    // Acme's three November 2025 invoices (the fixed account's with its shipped PDF).
    const november = await db().selectFrom('invoices as i').innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
      .select(['i.id', 'i.number', 'ba.type']).where('i.customer_id', '=', acme).where('i.period_end', '=', '2025-11-30').orderBy('i.number').execute();
    expect(november).toHaveLength(3);
    const boundary = availableUntil('billing_data', '2025-11-30');
    const shown = async (c: ApiClient) => {
      const body = ok(await c.get<{ items: Array<{ id: string; pdfOnly: boolean }> }>(api('/invoices?periodFrom=2025-11&periodTo=2025-11&limit=100')), 'demo list');
      return body.items.filter((i) => november.some((n) => n.id === i.id)).map((i) => `${november.find((n) => n.id === i.id)!.type}${i.pdfOnly ? ' pdf only' : ''}`).sort();
    };
    const monthly = async (c: ApiClient) => ok(await c.get<{ rows: Array<{ month: string; amountCents: number }> }>(api('/insights/monthly?from=2025-11&to=2025-11')), 'demo insights')
      .rows.filter((r) => r.amountCents !== 0).map((r) => r.month);
    const before = await ownerAt(ms(boundary, -1));
    expect(await shown(before)).toEqual(['fix', 'mobile', 'mobile']);
    for (const i of november) expect((await before.get(api(`/invoices/${i.id}`))).status, i.number).toBe(200);
    expect(await monthly(before)).toEqual(['2025-11']);
    const at = await ownerAt(boundary);
    expect(await shown(at)).toEqual(['fix pdf only']);
    for (const i of november) expect((await at.get(api(`/invoices/${i.id}`))).status, i.number).toBe(i.type === 'fix' ? 200 : 404);
    expect(await monthly(at)).toEqual([]);
  });

  it('INV-3: the fixed-service PDF invoice until 24 months after its date, then nowhere', async () => {
    const before = await ownerAt(ms(BOUNDARY.fixedPdf, -1));
    expect([...(await listedNumbers(before)).keys()]).toEqual([FIXED_NUMBER]);
    expect((await before.get(api(`/invoices/${ids.fixedInvoice}/pdf`))).status).toBe(200);
    const at = await ownerAt(BOUNDARY.fixedPdf);
    expect([...(await listedNumbers(at)).keys()]).toEqual([]);
    expect((await at.get(api(`/invoices/${ids.fixedInvoice}`))).status).toBe(404);
    expect((await at.get(api(`/invoices/${ids.fixedInvoice}/pdf`))).status).toBe(404);
  });
});
