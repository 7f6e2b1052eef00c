import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type {
  BillingAccountListResponse, BillingDocumentListResponse, CallCreditsResponse, InvoiceDetail, InvoiceListResponse, InvoiceSummary,
} from '@mandate/contracts/invoices';
import { availableUntil } from '@mandate/domain/retention';
import { pdfText } from '../support/pdf.ts';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { enterpriseNumber, invoiceTotal, loadRun, simsOf, tinyPdf, type InvoiceSpec } from './invoices.fixtures.ts';

/**
 * "My invoice online" (SPEC §4): the invoice list (filters, sort, keyset paging, totals), the
 * detail, the PDF, retention (RET-1, INV-3) at the exact boundary, INV-9 overdue amounts, other
 * documents (INV-8) and call credits (INV-1), each filtered in SQL by the ability.
 */
let t: TestApp;
let acme: string;
let noordzee: string;
const ids = new Map<string, string>();

/** The instant most tests run at: June 2027, after the fixture periods (January–July 2027). */
const T0 = new Date('2027-06-10T10:00:00Z');
const db = () => t.database.db;
const problem = (res: { body: unknown }) => res.body as Problem;

/** Signs in at the current clock (a token minted before a move of the clock may have expired). */
const as = (email: string) => signedIn(t.url, email);
const at = async (instant: Date, email = 'finance@acme.test') => {
  t.clock.set(instant);
  return as(email);
};
const inv = (number: string) => ids.get(number)!;
const invoices = (query = '', customer = acme) => `/api/v1/customers/${customer}/invoices${query}`;

/** Every page of the list, following nextCursor. */
async function walk(client: ApiClient, query: string, limit = 4): Promise<{ items: InvoiceSummary[]; pages: InvoiceListResponse[] }> {
  const items: InvoiceSummary[] = [];
  const pages: InvoiceListResponse[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: InvoiceListResponse } = await client.get<InvoiceListResponse>(
      invoices(`?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 100);
  return { items, pages };
}

const L = (account: string, month: string, amounts: number[], extra: Partial<InvoiceSpec> = {}): InvoiceSpec => ({
  account, month, number: `T-${account}-${month}`, lines: amounts.map((amount) => ({ amount })), ...extra,
});

beforeAll(async () => {
  // Tests sign in again after each move of the clock: more sign-ins than the default per-account budget.
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  t.clock.set(T0);
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  noordzee = (await db().selectFrom('customers').select('id').where('name', '=', 'Noordzee Bouw NV').executeTakeFirstOrThrow()).id;
  const [sim1, sim2] = await simsOf(t, 'ACME-0001');
  const noordzeeNumber = await enterpriseNumber(t, 'Noordzee Bouw NV');
  const loaded = await loadRun(t, {
    invoices: [
      // The list set: three accounts × four months; equal amounts so the sort needs its tie-breaker.
      L('ACME-0001', '2027-01', [10_000], { paidOn: '2027-02-10' }),
      L('ACME-0001', '2027-02', [20_000, 5_000], { paidOn: '2027-03-10' }),
      L('ACME-0001', '2027-03', [10_000], { paidOn: '2027-04-10' }),
      { ...L('ACME-0001', '2027-04', []), lines: [{ amount: 7_000, msisdn: sim1!, costCentre: 'CC01' }, { amount: 3_000, msisdn: sim2!, chargeType: 'option' }, { amount: 500, chargeType: 'one_off' }] },
      L('ACME-0002', '2027-01', [10_000], { paidOn: '2027-02-15' }),
      L('ACME-0002', '2027-02', [40_000]),
      L('ACME-0002', '2027-03', [10_000], { dueDate: '2027-06-30' }),
      L('ACME-0002', '2027-04', [2_500], { paidOn: '2027-05-20' }),
      L('ACME-0003', '2027-01', [60_000], { paidOn: '2027-02-20' }),
      L('ACME-0003', '2027-02', [10_000], { paidOn: '2027-03-20' }),
      L('ACME-0003', '2027-03', [15_000], { dueDate: '2027-07-15' }),
      L('ACME-0003', '2027-04', [15_000], { paidOn: '2027-05-25' }),
      // INV-9 by hand: €80.00 + 21 % = €96.80 due, fee the €60 minimum; €1,000.00 + 21 % = €1,210.00 due, fee 15 % = €181.50.
      L('ACME-0002', '2027-05', [8_000], { dueDate: '2027-06-05' }),
      L('ACME-0001', '2027-05', [100_000], { dueDate: '2027-06-05' }),
      // Retention: a mobile invoice, a fixed one with its PDF, a fixed one without.
      L('ACME-0001', '2027-06', [1_000], { paidOn: '2027-07-05' }),
      L('ACME-0003', '2027-06', [2_000], { paidOn: '2027-07-05', pdf: tinyPdf('shipped T-ACME-0003-2027-06') }),
      L('ACME-0003', '2027-07', [3_000], { paidOn: '2027-08-05' }),
      // Another customer's invoice.
      { ...L('NOOR-0001', '2027-01', [9_900]), customer: noordzeeNumber },
    ],
    documents: [
      { account: 'ACME-0001', kind: 'usage_report', title: 'Usage report May 2027', publishedAt: '2027-06-04T08:00:00Z', content: tinyPdf('usage report') },
      { account: 'ACME-0003', kind: 'notice', title: 'Tariff notice', publishedAt: '2027-05-03T08:00:00Z' },
    ],
    credits: [
      { msisdn: sim1!, month: '2027-05', granted: 1_000, used: 400 },
      { msisdn: sim2!, month: '2027-05', granted: 2_000, used: 2_000 },
    ],
    transfers: [{ from: sim2!, to: sim1!, amount: 300, at: '2027-05-15T12:00:00Z' }],
  });
  for (const [number, id] of loaded) ids.set(number, id);
  // On PGlite each file seeds its own database, demo billing data included: slower than a template clone.
}, 180_000);
afterAll(async () => t?.close());

describe('GET …/invoices: filters, sort, keyset paging and totals', () => {
  it('the whole list is what the database holds for Acme (demo data included), each invoice once, and totals count it all', async () => {
    const finance = await at(T0);
    const { items, pages } = await walk(finance, '');
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    // Billing data of periods ending on or after 10 June 2026; a fixed-service invoice's PDF issued on or after 10 June 2025.
    const visible = await db()
      .selectFrom('invoices as i')
      .innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
      .leftJoin('invoice_pdfs as p', 'p.invoice_id', 'i.id')
      .select('i.id')
      .where('i.customer_id', '=', acme)
      .where((eb) => eb.or([
        eb('i.period_end', '>=', '2026-06-10'),
        eb.and([eb('ba.type', '=', 'fix'), eb('i.issue_date', '>=', '2025-06-10'), eb('p.invoice_id', 'is not', null)]),
      ]))
      .execute();
    expect(items.map((i) => i.id).sort()).toEqual(visible.map((r) => r.id).sort());
    for (const page of pages) expect(page.totals.count).toBe(items.length);
    // The amounts are the 12 months' (RET-1): the fixed-service invoices kept as a PDF only are counted apart.
    const pdfOnly = items.filter((i) => i.pdfOnly);
    const billed = items.filter((i) => !i.pdfOnly);
    expect(pdfOnly.length).toBeGreaterThan(0);
    expect(pages[0]!.totals.pdfOnlyCount).toBe(pdfOnly.length);
    expect(pages[0]!.totals.amountInclVatCents).toBe(billed.reduce((s, i) => s + i.amountInclVatCents, 0));
    expect(pages[0]!.totals.amountExclVatCents).toBe(billed.reduce((s, i) => s + i.amountExclVatCents, 0));
    expect(pages[0]!.totals.owedCents).toBe(billed.reduce((s, i) => s + (i.owed?.totalCents ?? 0), 0));
    // Default order: newest invoice date first, the id breaking ties.
    const sorted = [...items].sort((a, b) => (a.issueDate === b.issueDate ? (a.id < b.id ? 1 : -1) : a.issueDate < b.issueDate ? 1 : -1));
    expect(items.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
  });

  it.each([
    ['issueDate:asc', (i: InvoiceSummary) => i.issueDate, false],
    ['issueDate:desc', (i: InvoiceSummary) => i.issueDate, true],
    ['amount:asc', (i: InvoiceSummary) => i.amountInclVatCents, false],
    ['amount:desc', (i: InvoiceSummary) => i.amountInclVatCents, true],
    ['dueDate:asc', (i: InvoiceSummary) => i.dueDate, false],
    ['dueDate:desc', (i: InvoiceSummary) => i.dueDate, true],
  ] as const)('sort %s: pages of 3 with no duplicates or gaps, in order (ties by id)', async (sort, key, desc) => {
    const finance = await at(T0);
    const all = (await walk(finance, '', 200)).items;
    const { items } = await walk(finance, `&sort=${sort}`, 3);
    expect(items.map((i) => i.id).sort()).toEqual(all.map((i) => i.id).sort());
    const cmp = (a: InvoiceSummary, b: InvoiceSummary) => {
      const [ka, kb] = [key(a), key(b)];
      const c = ka === kb ? (a.id < b.id ? -1 : 1) : ka < kb ? -1 : 1;
      return desc ? -c : c;
    };
    expect(items.map((i) => i.id)).toEqual([...all].sort(cmp).map((i) => i.id));
  });

  it('filters by account, period, status and amount; the totals are those of the whole filtered set', async () => {
    const finance = await at(T0);
    const all = (await walk(finance, '', 200)).items;
    const accounts = (await finance.get<BillingAccountListResponse>(`/api/v1/customers/${acme}/billing-accounts`)).body.items;
    const field = accounts.find((a) => a.number === 'ACME-0002')!;
    const cases: Array<[string, (i: InvoiceSummary) => boolean]> = [
      [`&billingAccountId=${field.id}`, (i) => i.billingAccount.id === field.id],
      ['&periodFrom=2027-02&periodTo=2027-03', (i) => i.periodStart >= '2027-02-01' && i.periodStart <= '2027-03-01'],
      ['&periodFrom=2027-04', (i) => i.periodStart >= '2027-04-01'],
      ['&status=paid', (i) => i.status === 'paid'],
      // Overdue: whatever is owed past its due date (INV-9), a disputed invoice's undisputed part included.
      ['&status=overdue', (i) => i.owed !== null],
      ['&status=open', (i) => i.status === 'open'],
      ['&minAmountCents=12100&maxAmountCents=18150', (i) => i.amountInclVatCents >= 12_100 && i.amountInclVatCents <= 18_150],
      [`&billingAccountId=${field.id}&status=overdue&sort=amount:desc`, (i) => i.billingAccount.id === field.id && i.owed !== null],
    ];
    for (const [query, keep] of cases) {
      const { items, pages } = await walk(finance, query, 2);
      const expected = all.filter(keep);
      expect(items.map((i) => i.id).sort(), query).toEqual(expected.map((i) => i.id).sort());
      const billed = expected.filter((i) => !i.pdfOnly);
      expect(pages[0]!.totals, query).toEqual({
        count: expected.length,
        pdfOnlyCount: expected.length - billed.length,
        amountExclVatCents: billed.reduce((s, i) => s + i.amountExclVatCents, 0),
        amountInclVatCents: billed.reduce((s, i) => s + i.amountInclVatCents, 0),
        owedCents: billed.reduce((s, i) => s + (i.owed?.totalCents ?? 0), 0),
      });
    }
    // The fixtures make every filter non-empty, so no case passes vacuously.
    expect(all.filter((i) => i.status === 'open').map((i) => i.number)).toEqual(expect.arrayContaining(['T-ACME-0002-2027-03', 'T-ACME-0003-2027-03']));
  });

  it('INV-9: an overdue invoice owes its amount plus 15 % (at least €60); the totals add what is owed', async () => {
    const finance = await at(T0);
    const res = await finance.get<InvoiceListResponse>(invoices('?periodFrom=2027-05&periodTo=2027-05&sort=amount:asc'));
    expect(res.status).toBe(200);
    const [small, large] = res.body.items;
    expect(small).toMatchObject({ number: 'T-ACME-0002-2027-05', status: 'overdue', amountInclVatCents: 9_680, owed: { amountDueCents: 9_680, lateFeeCents: 6_000, totalCents: 15_680 } });
    expect(large).toMatchObject({ number: 'T-ACME-0001-2027-05', status: 'overdue', amountInclVatCents: 121_000, owed: { amountDueCents: 121_000, lateFeeCents: 18_150, totalCents: 139_150 } });
    expect(res.body.totals).toEqual({ count: 2, pdfOnlyCount: 0, amountExclVatCents: 108_000, amountInclVatCents: 130_680, owedCents: 154_830 });
    // Before the due date nothing is owed yet: open, no fee.
    const before = await at(new Date('2027-06-05T12:00:00Z'));
    const early = await before.get<InvoiceListResponse>(invoices('?periodFrom=2027-05&periodTo=2027-05'));
    expect(early.body.items.map((i) => [i.status, i.owed])).toEqual([['open', null], ['open', null]]);
    expect(early.body.totals.owedCents).toBe(0);
  });

  it('bad input: reversed amount or period range, a cursor of another sort or list, a malformed id → 400 naming the field', async () => {
    const finance = await at(T0);
    const reversed = await finance.get(invoices('?minAmountCents=500&maxAmountCents=100'));
    expect(reversed.status).toBe(400);
    expect(problem(reversed).errors).toEqual([{ field: 'querystring.maxAmountCents', message: expect.any(String) }]);
    const periods = await finance.get(invoices('?periodFrom=2027-05&periodTo=2027-01'));
    expect(problem(periods).errors?.[0]?.field).toBe('querystring.periodTo');
    expect((await finance.get(invoices('?periodFrom=2027-13'))).status).toBe(400);
    expect((await finance.get(invoices('?status=late'))).status).toBe(400);
    expect((await finance.get(invoices('?sort=number:asc'))).status).toBe(400);
    const page = await finance.get<InvoiceListResponse>(invoices('?sort=amount:asc&limit=2'));
    const foreign = await finance.get(invoices(`?sort=issueDate:desc&cursor=${encodeURIComponent(page.body.nextCursor!)}`));
    expect(foreign.status).toBe(400);
    expect(problem(foreign).errors?.[0]?.field).toBe('querystring.cursor');
    // The same order with other filters: a cursor of another query, refused rather than going on with another list.
    const cursor = encodeURIComponent(page.body.nextCursor!);
    expect((await finance.get(invoices(`?sort=amount:asc&limit=3&cursor=${cursor}`))).status).toBe(200);
    for (const filter of ['status=paid', 'minAmountCents=0', 'periodFrom=2027-01']) {
      const other = await finance.get(invoices(`?sort=amount:asc&limit=2&${filter}&cursor=${cursor}`));
      expect(other.status, filter).toBe(400);
      expect(problem(other).errors?.[0]?.field).toBe('querystring.cursor');
    }
    expect((await finance.get(invoices('?cursor=not-a-cursor'))).status).toBe(400);
    const malformed = await finance.get(invoices('/not-a-uuid'));
    expect(malformed.status).toBe(400);
    expect(problem(malformed).errors?.[0]?.field).toBe('params.invoiceId');
  });
});

describe('who sees invoices (filtered in SQL by the ability)', () => {
  it('the AO and the financial manager see them; the AM (ROLE-3), a fleet manager and a Service User get 403; another customer 404', async () => {
    t.clock.set(T0);
    const [owner, manager, employee, fleet, noordzeeOwner, finance] = await Promise.all(
      ['owner@acme.test', 'manager@acme.test', 'employee@acme.test', 'fleet@acme.test', 'owner@noordzee.test', 'finance@acme.test'].map(as),
    );
    expect((await owner!.get(invoices())).status).toBe(200);
    expect((await finance!.get(invoices())).status).toBe(200);
    for (const client of [manager!, employee!, fleet!]) {
      expect((await client.get(invoices())).status).toBe(403);
      expect((await client.get(invoices(`/${inv('T-ACME-0001-2027-04')}`))).status).toBe(403);
    }
    expect((await noordzeeOwner!.get(invoices())).status).toBe(404);
    expect((await noordzeeOwner!.get(invoices(`/${inv('T-ACME-0001-2027-04')}`))).status).toBe(404);
    // Noordzee's invoice asked for through Acme: not found, not forbidden.
    const foreign = await finance!.get(invoices(`/${inv('T-NOOR-0001-2027-01')}`));
    expect(foreign.status).toBe(404);
    expect((await finance!.get(invoices(`/${inv('T-NOOR-0001-2027-01')}/pdf`))).status).toBe(404);
    expect((await noordzeeOwner!.get(invoices(`/${inv('T-NOOR-0001-2027-01')}`, noordzee))).status).toBe(200);
    const accounts = await finance!.get<BillingAccountListResponse>(`/api/v1/customers/${acme}/billing-accounts`);
    expect(accounts.body.items.map((a) => [a.number, a.type])).toEqual([['ACME-0001', 'mobile'], ['ACME-0002', 'mobile'], ['ACME-0003', 'fix']]);
    expect((await manager!.get(`/api/v1/customers/${acme}/billing-accounts`)).status).toBe(403);
  });
});

describe('GET …/invoices/{invoiceId} and its PDF', () => {
  it('gives the lines with msisdn and cost centre, grouped by SIM and by charge type', async () => {
    const finance = await at(T0);
    const [sim1, sim2] = await simsOf(t, 'ACME-0001');
    const res = await finance.get<InvoiceDetail>(invoices(`/${inv('T-ACME-0001-2027-04')}`));
    expect(res.status).toBe(200);
    const { incl } = invoiceTotal([{ amount: 7_000 }, { amount: 3_000 }, { amount: 500 }]);
    expect(res.body).toMatchObject({
      number: 'T-ACME-0001-2027-04', periodStart: '2027-04-01', periodEnd: '2027-04-30', issueDate: '2027-05-01', dueDate: '2027-05-31',
      amountExclVatCents: 10_500, amountInclVatCents: incl, status: 'overdue', pdfOnly: false, disputeDeadline: '2027-05-31',
      availableUntil: availableUntil('billing_data', '2027-04-30').toISOString(), billingAccount: { number: 'ACME-0001', type: 'mobile' },
    });
    expect(res.body.availableUntil).toBe('2028-04-30T22:00:00.000Z');
    const sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('code', '=', 'CC01').executeTakeFirstOrThrow()).id;
    expect(res.body.lines.map((l) => [l.lineNo, l.msisdn, l.chargeType, l.amountExclVatCents, l.costCentre?.name ?? null, l.disputed])).toEqual([
      [1, sim1, 'subscription', 7_000, 'Sales', false],
      [2, sim2, 'option', 3_000, expect.any(String), false],
      [3, null, 'one_off', 500, null, false],
    ]);
    expect(res.body.lines[0]!.costCentre).toEqual({ id: sales, name: 'Sales' });
    expect(res.body.bySim).toEqual([{ simId: expect.any(String), msisdn: sim1, totalCents: 7_000 }, { simId: expect.any(String), msisdn: sim2, totalCents: 3_000 }]);
    // The one-off of the account is on no SIM: with it, the groups add up to the invoice.
    expect(res.body.withoutSimCents).toBe(500);
    expect(res.body.byChargeType).toEqual([
      { chargeType: 'subscription', totalCents: 7_000 }, { chargeType: 'option', totalCents: 3_000 }, { chargeType: 'one_off', totalCents: 500 },
    ]);
    expect(res.body.disputes).toEqual([]);
  });

  it('generates a PDF when the run shipped none: attachment named after the number, with the lines and the INV-6 caveat', async () => {
    const finance = await at(T0);
    const res = await fetch(`${t.url}${invoices(`/${inv('T-ACME-0001-2027-04')}/pdf`)}`, { headers: { authorization: `Bearer ${finance.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="T-ACME-0001-2027-04.pdf"');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Invoice T-ACME-0001-2027-04');
    expect(text).toContain('The official invoice prevails over the figures shown in the portal.');
    expect(text).toContain('Subscriptions');
    // In the language the request asks for (the web sends the interface's).
    const french = await fetch(`${t.url}${invoices(`/${inv('T-ACME-0001-2027-04')}/pdf`)}`, { headers: { authorization: `Bearer ${finance.token}`, 'accept-language': 'fr-BE,fr;q=0.9,en;q=0.5' } });
    expect(french.headers.get('content-language')).toBe('fr');
    const frenchText = pdfText(Buffer.from(await french.arrayBuffer()));
    expect(frenchText).toContain('Facture T-ACME-0001-2027-04');
    expect(frenchText).toContain('La facture officielle prévaut sur les chiffres affichés dans le portail.');
    expect(frenchText).toContain('Abonnements');
    const dutch = await fetch(`${t.url}${invoices(`/${inv('T-ACME-0001-2027-04')}/pdf`)}`, { headers: { authorization: `Bearer ${finance.token}`, 'accept-language': 'nl' } });
    expect(pdfText(Buffer.from(await dutch.arrayBuffer()))).toContain('De officiële factuur heeft voorrang op de cijfers in het portaal.');
  });

  it('sends the shipped PDF as it came', async () => {
    const finance = await at(T0);
    const res = await fetch(`${t.url}${invoices(`/${inv('T-ACME-0003-2027-06')}/pdf`)}`, { headers: { authorization: `Bearer ${finance.token}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain('shipped T-ACME-0003-2027-06');
    // Written by the operator, in a language the portal does not know.
    expect(res.headers.get('content-language')).toBeNull();
  });
});

describe('retention (RET-1, INV-3) at the exact boundary', () => {
  it('a mobile invoice is there until the instant before its availableUntil and gone (404) from that instant', async () => {
    const end = availableUntil('billing_data', '2027-06-30');
    expect(end.toISOString()).toBe('2028-06-30T22:00:00.000Z'); // 00:00 Brussels on 1 July 2028
    const id = inv('T-ACME-0001-2027-06');
    const before = await at(new Date(end.getTime() - 1));
    expect((await before.get(invoices(`/${id}`))).status).toBe(200);
    expect((await walk(before, '&periodFrom=2027-06&periodTo=2027-06', 50)).items.map((i) => i.id)).toContain(id);
    const after = await at(end);
    expect((await after.get(invoices(`/${id}`))).status).toBe(404);
    expect((await after.get(invoices(`/${id}/pdf`))).status).toBe(404);
    expect((await walk(after, '&periodFrom=2027-06&periodTo=2027-06', 50)).items.map((i) => i.id)).not.toContain(id);
  });

  it('a fixed-service invoice stays as PDF only after 12 months (its PDF shipped or rendered at loading), and is gone after 24', async () => {
    const fixed = inv('T-ACME-0003-2027-06');
    const twelve = availableUntil('billing_data', '2027-06-30');
    const early = await at(new Date(twelve.getTime() - 1));
    expect((await early.get<InvoiceDetail>(invoices(`/${fixed}`))).body).toMatchObject({ pdfOnly: false, lines: [expect.anything()], availableUntil: twelve.toISOString() });

    const pdfOnly = await at(twelve);
    const detail = await pdfOnly.get<InvoiceDetail>(invoices(`/${fixed}`));
    const pdfEnd = availableUntil('fixed_invoice_pdf', '2027-07-01');
    expect(pdfEnd.toISOString()).toBe('2029-07-01T22:00:00.000Z');
    expect(detail.body).toMatchObject({ pdfOnly: true, lines: [], bySim: [], withoutSimCents: 0, byChargeType: [], availableUntil: pdfEnd.toISOString(), number: 'T-ACME-0003-2027-06' });
    const listed = (await walk(pdfOnly, '&periodFrom=2027-06&periodTo=2027-06', 50)).items.find((i) => i.id === fixed);
    expect(listed?.pdfOnly).toBe(true);
    expect((await pdfOnly.get(invoices(`/${fixed}/pdf`))).status).toBe(200);
    // Readable, so not "not found" when disputed: long past its dispute window.
    const late = await pdfOnly.post(invoices(`/${fixed}/disputes`), { reason: 'Too late', detailedInvoice: false });
    expect(late.status).toBe(422);
    expect(problem(late)).toMatchObject({ code: 'dispute_window_closed', errors: [{ field: 'params.invoiceId' }] });

    // The run shipped no PDF for the fixed invoice of July: one was rendered at loading, so it stays as its PDF too.
    const noPdf = inv('T-ACME-0003-2027-07');
    const julyEnd = availableUntil('billing_data', '2027-07-31');
    expect((await (await at(new Date(julyEnd.getTime() - 1))).get<InvoiceDetail>(invoices(`/${noPdf}`))).body).toMatchObject({ pdfOnly: false });
    const afterJuly = await at(julyEnd);
    expect((await afterJuly.get<InvoiceDetail>(invoices(`/${noPdf}`))).body).toMatchObject({ pdfOnly: true, lines: [] });
    expect((await afterJuly.get(invoices(`/${noPdf}/pdf`))).status).toBe(200);
    // While its lines are kept, the reader gets it in his language; then the one kept at loading, which says its own.
    const pdfIn = async (client: ApiClient, language: string) => {
      const res = await fetch(`${t.url}${invoices(`/${noPdf}/pdf`)}`, { headers: { authorization: `Bearer ${client.token}`, 'accept-language': language } });
      return { language: res.headers.get('content-language'), text: pdfText(Buffer.from(await res.arrayBuffer())) };
    };
    const french = await pdfIn(await at(new Date(julyEnd.getTime() - 1)), 'fr');
    expect(french.language).toBe('fr');
    expect(french.text).toContain('Facture T-ACME-0003-2027-07');
    // Its dates as a French reader writes them, not as the API does.
    expect(french.text).toMatch(/1er juillet 2027 au 31 juillet 2027/);
    expect(french.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const kept = await pdfIn(await at(julyEnd), 'fr');
    expect(kept.language).toBe('en');
    expect(kept.text).toContain('Invoice T-ACME-0003-2027-07');

    const lastMoment = await at(new Date(pdfEnd.getTime() - 1));
    expect((await lastMoment.get(invoices(`/${fixed}/pdf`))).status).toBe(200);
    const gone = await at(pdfEnd);
    expect((await gone.get(invoices(`/${fixed}`))).status).toBe(404);
    expect((await gone.get(invoices(`/${fixed}/pdf`))).status).toBe(404);
    expect((await walk(gone, '', 50)).items.map((i) => i.id)).not.toContain(fixed);
  });
});

describe('totals of invoices kept as PDF only', () => {
  it('an unpaid fixed-service invoice past its 12 months adds nothing to what is owed, as to the amounts (RET-1)', async () => {
    const pdfOnly = await at(availableUntil('billing_data', '2027-03-31'));
    const { items, pages } = await walk(pdfOnly, '&periodFrom=2027-03&periodTo=2027-03', 50);
    expect(items.map((i) => [i.number, i.pdfOnly])).toEqual([['T-ACME-0003-2027-03', true]]);
    expect(pages[0]!.totals).toMatchObject({ count: 1, pdfOnlyCount: 1, amountInclVatCents: 0, owedCents: 0 });
  });
});

describe('GET …/billing-documents (INV-8)', () => {
  it('shows the objection deadline (5 Belgian working days) and whether the document counts as accepted', async () => {
    const finance = await at(T0);
    const res = await finance.get<BillingDocumentListResponse>(`/api/v1/customers/${acme}/billing-documents`);
    expect(res.status).toBe(200);
    const report = res.body.items.find((d) => d.title === 'Usage report May 2027')!;
    // Friday 4 June 2027 → Friday 11 June 2027.
    expect(report).toMatchObject({ kind: 'usage_report', objectionDeadline: '2027-06-11', deemedAccepted: false, hasContent: true, billingAccount: { number: 'ACME-0001' } });
    const notice = res.body.items.find((d) => d.title === 'Tariff notice')!;
    // Monday 3 May 2027 → Tuesday 11 May: Ascension Day (Thursday 6 May) is no working day.
    expect(notice).toMatchObject({ objectionDeadline: '2027-05-11', deemedAccepted: true, hasContent: false });
    const content = await fetch(`${t.url}/api/v1/customers/${acme}/billing-documents/${report.id}/content`, { headers: { authorization: `Bearer ${finance.token}` } });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect((await finance.get(`/api/v1/customers/${acme}/billing-documents/${notice.id}/content`)).status).toBe(404);

    const lastDay = await at(new Date('2027-06-11T21:59:59.999Z'));
    expect((await lastDay.get<BillingDocumentListResponse>(`/api/v1/customers/${acme}/billing-documents`)).body.items.find((d) => d.id === report.id)?.deemedAccepted).toBe(false);
    const nextDay = await at(new Date('2027-06-11T22:00:00Z'));
    expect((await nextDay.get<BillingDocumentListResponse>(`/api/v1/customers/${acme}/billing-documents`)).body.items.find((d) => d.id === report.id)?.deemedAccepted).toBe(true);
    expect((await (await at(T0, 'manager@acme.test')).get(`/api/v1/customers/${acme}/billing-documents`)).status).toBe(403);
  });
});

describe('GET …/call-credits (INV-1)', () => {
  it('a month of credits and transfers; a Service User sees his own line only, and not the other SIM of a transfer', async () => {
    const [sim1, sim2] = await simsOf(t, 'ACME-0001');
    const finance = await at(T0);
    const all = await finance.get<CallCreditsResponse>(`/api/v1/customers/${acme}/call-credits?month=2027-05`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((c) => [c.msisdn, c.month, c.grantedCents, c.usedCents])).toEqual([[sim1, '2027-05', 1_000, 400], [sim2, '2027-05', 2_000, 2_000]]);
    expect(all.body.transfers).toEqual([expect.objectContaining({ fromMsisdn: sim2, toMsisdn: sim1, amountCents: 300, transferredAt: '2027-05-15T12:00:00.000Z' })]);
    const employee = await as('employee@acme.test');
    const own = await employee.get<CallCreditsResponse>(`/api/v1/customers/${acme}/call-credits?month=2027-05`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((c) => c.msisdn)).toEqual([sim1]);
    expect(own.body.transfers).toEqual([expect.objectContaining({ fromMsisdn: null, toMsisdn: sim1 })]);
    expect((await finance.get<CallCreditsResponse>(`/api/v1/customers/${acme}/call-credits?month=2027-04`)).body.items).toEqual([]);
    expect((await (await as('manager@acme.test')).get(`/api/v1/customers/${acme}/call-credits`)).status).toBe(403);
    expect((await finance.get(`/api/v1/customers/${acme}/call-credits?month=2027-5`)).status).toBe(400);
  });
});

// Last in the file: it adds invoices and disputes one.
describe('INV-9 with INV-7: what is overdue is what is owed', () => {
  it('an overdue invoice with one line disputed stays in the overdue filter with its undisputed part; a credit note past its due date owes nothing and is open', async () => {
    const loaded = await loadRun(t, {
      invoices: [
        { ...L('ACME-0003', '2027-05', [10_000, 5_000], { dueDate: '2027-06-05' }), number: 'T-SPLIT-2027-05' },
        { ...L('ACME-0002', '2027-06', []), number: 'T-CREDIT-2027-06', lines: [{ amount: -5_000, chargeType: 'discount' }], dueDate: '2027-07-10' },
      ],
    });
    const [split, credit] = [loaded.get('T-SPLIT-2027-05')!, loaded.get('T-CREDIT-2027-06')!];
    const finance = await at(T0);
    const disputed = await finance.post(invoices(`/${split}/disputes`), { reason: 'Charged twice', lineNos: [2], detailedInvoice: false });
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(201);

    const overdue = await walk(finance, '&periodFrom=2027-05&periodTo=2027-05&status=overdue');
    // €150.00 + 21 % = €181.50, of which line 2 (€60.50 with VAT) is disputed: €121.00 due, fee the €60 minimum.
    expect(overdue.items.find((i) => i.id === split)).toMatchObject({ status: 'disputed', owed: { amountDueCents: 12_100, lateFeeCents: 6_000, totalCents: 18_100 } });
    expect(overdue.pages[0]!.totals.owedCents).toBe(overdue.items.reduce((sum, i) => sum + i.owed!.totalCents, 0));
    expect((await walk(finance, '&status=disputed')).items.map((i) => i.id)).toContain(split);

    // After the credit note's due date: it owes nothing, so it is open and not among the overdue.
    const later = await at(new Date('2027-07-20T10:00:00Z'));
    expect((await walk(later, '&periodFrom=2027-06&periodTo=2027-06')).items.find((i) => i.id === credit)).toMatchObject({ status: 'open', owed: null });
    expect((await walk(later, '&status=overdue')).items.map((i) => i.id)).not.toContain(credit);
  });
});
