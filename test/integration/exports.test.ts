import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Problem } from '@mandate/contracts/common';
import type { CallDetailPage } from '@mandate/contracts/usage';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { SEEDED_APP_TIMEOUT_MS, usageFixture, type UsageFixture } from './usage.fixtures.ts';

/**
 * Streamed exports of billing data: an invoice's call details as CSV and XLSX, and everything that
 * leaves its retention window within 30 days (RET-1). Every export carries the caveat that the
 * official invoice prevails (INV-6) and a data dictionary; formula injection is neutralised in CSV;
 * X-Row-Count tells the rows up front; more rows than allowed is 422 export_too_large.
 */
const CAVEAT = 'The official invoice prevails over the figures in this export.';
const NOW = new Date('2026-11-02T10:00:00Z');

let t: TestApp;
let f: UsageFixture;
let owner: ApiClient;
let finance: ApiClient;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(NOW);
  f = await usageFixture(t.database.db);
  await fixedPdfs();
  [owner, finance] = await Promise.all(['owner@acme.test', 'finance@acme.test'].map((e) => signedIn(t.url, e))) as [ApiClient, ApiClient];
}, SEEDED_APP_TIMEOUT_MS);
afterAll(async () => t?.close());

const exportUrl = (invoiceId: string, query = '') => `/api/v1/customers/${f.acme}/invoices/${invoiceId}/call-details/export${query}`;
const expiringUrl = (query = '') => `/api/v1/customers/${f.acme}/exports/expiring${query}`;

/**
 * A fixed-service account with shipped PDFs around the 24-month window (INV-3): on 2 November
 * 2026 PDFs issued from 2 November 2024 are visible and those issued before 2 December 2024 leave
 * within 30 days.
 */
async function fixedPdfs(): Promise<void> {
  const { db } = t.database;
  const account = (await db.insertInto('billing_accounts').values({ customer_id: f.acme, number: 'ACME-T-FIX', name: 'Fixed PDFs', type: 'fix' })
    .returning('id').executeTakeFirstOrThrow()).id;
  for (const [number, start, end, issue] of [
    ['FIX-T-2409', '2024-09-01', '2024-09-30', '2024-11-01'],
    ['FIX-T-2410', '2024-10-01', '2024-10-31', '2024-11-02'],
    ['FIX-T-2411', '2024-11-01', '2024-11-30', '2024-12-02'],
  ] as const) {
    const period = await db.insertInto('billing_periods').values({
      customer_id: f.acme, billing_account_id: account, starts_on: start, ends_on: end, status: 'closed', closed_at: new Date(`${end}T23:00:00Z`), run_id: 'test-usage-run',
    }).returning('id').executeTakeFirstOrThrow();
    const invoice = await db.insertInto('invoices').values({
      customer_id: f.acme, billing_account_id: account, billing_period_id: period.id, number, issue_date: issue, due_date: issue,
      period_start: start, period_end: end, amount_excl_vat_cents: 1_000, vat_cents: 210, amount_incl_vat_cents: 1_210, run_id: 'test-usage-run',
    }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('invoice_pdfs').values({ customer_id: f.acme, invoice_id: invoice.id, content: Buffer.from('%PDF-1.4'), sha256: number }).execute();
  }
}

/** The raw bytes of a download. */
async function download(client: ApiClient, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(t.url + path, { headers: { authorization: `Bearer ${client.token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A `;`-separated CSV line into cells (quotes as RFC 4180). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { out.push(cell); cell = ''; } else cell += c;
  }
  out.push(cell);
  return out;
}

interface ParsedCsv {
  comments: string[];
  /** Sections by title ('' when there is one): header and rows. */
  sections: Map<string, { header: string[]; rows: string[][] }>;
}

function parseCsv(text: string): ParsedCsv {
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  const lines = text.slice(1).split('\r\n').slice(0, -1);
  const comments: string[] = [];
  const sections = new Map<string, { header: string[]; rows: string[][] }>();
  let title = '';
  let current: { header: string[]; rows: string[][] } | undefined;
  for (const line of lines) {
    if (/^# (Invoices|Invoice lines|Call details|Invoice PDFs)$/.test(line)) {
      title = line.slice(2);
      current = undefined;
    } else if (line.startsWith('# ')) {
      comments.push(line.slice(2));
    } else if (line === '') {
      current = undefined;
    } else if (current === undefined) {
      current = { header: cells(line), rows: [] };
      sections.set(title, current);
    } else {
      current.rows.push(cells(line));
    }
  }
  return { comments, sections };
}

describe('call details export', () => {
  it('CSV: caveat, data dictionary, header, every row once, X-Row-Count, formulas neutralised', async () => {
    const res = await download(owner, exportUrl(f.invoices.sep));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="call-details-INV-T-2609-2026-11-02.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const rowCount = Number(res.headers.get('x-row-count'));
    expect(rowCount).toBe(f.sepCalls);

    const csv = parseCsv(res.bytes.toString('utf8'));
    expect(csv.comments[0]).toBe(CAVEAT);
    const section = csv.sections.get('')!;
    expect(section.header).toEqual(['startedAt', 'msisdn', 'type', 'destination', 'durationS', 'volumeKb', 'standardPriceEur', 'billedPriceEur', 'callDetailId']);
    // The dictionary explains every column.
    for (const column of section.header) expect(csv.comments.some((c) => c.startsWith(`${column}: `)), column).toBe(true);
    expect(section.rows).toHaveLength(rowCount);
    expect(new Set(section.rows.map((r) => r[8])).size).toBe(rowCount);

    // The same rows as the API's list, in the same order.
    const list = await owner.get<CallDetailPage>(`/api/v1/customers/${f.acme}/invoices/${f.invoices.sep}/call-details?limit=200`);
    expect(section.rows.map((r) => Number(r[8]))).toEqual(list.body.items.map((i) => i.id));
    const first = list.body.items[0]!;
    // Brussels time with offset (1 September: CEST), euros with a point.
    expect(section.rows[0]!.slice(0, 3)).toEqual(['2026-09-01T10:00:00+02:00', `'${first.msisdn}`, 'national_voice']);
    expect(new Date(section.rows[0]![0]!).toISOString()).toBe(first.startedAt);
    expect(section.rows[0]!.slice(6, 8)).toEqual(['0.10', '0.05']);

    const destinations = new Set(section.rows.map((r) => r[3]));
    // Anything a spreadsheet could take for a formula gets an apostrophe, a phone number with + included (kept whole, as text).
    for (const raw of ['=1+1', '@SUM(A1)', '-2+3', '+32470999999', '+44201234567']) {
      expect(destinations.has(`'${raw}`), raw).toBe(true);
      expect(destinations.has(raw), raw).toBe(false);
    }
    expect(destinations.has('0470123456')).toBe(true);
    expect(destinations.has('a;b"c')).toBe(true);
    expect(res.bytes.toString('utf8')).toContain('"a;b""c"');
    // A data session has no destination.
    expect(section.rows.filter((r) => r[2] === 'data').every((r) => r[3] === '' && r[5] !== '')).toBe(true);
  });

  it('applies the filters and the order of the list', async () => {
    const res = await download(owner, exportUrl(f.invoices.sep, `?type=sms&simId=${f.employeeSim}&sort=startedAt:desc`));
    expect(res.status).toBe(200);
    const rows = parseCsv(res.bytes.toString('utf8')).sections.get('')!.rows;
    expect(Number(res.headers.get('x-row-count'))).toBe(rows.length);
    const list = await owner.get<CallDetailPage>(`/api/v1/customers/${f.acme}/invoices/${f.invoices.sep}/call-details?limit=200&type=sms&simId=${f.employeeSim}&sort=startedAt:desc`);
    expect(rows.map((r) => Number(r[8]))).toEqual(list.body.items.map((i) => i.id));
    expect(rows.length).toBeGreaterThan(0);
  });

  it.each([
    ['a destination prefix', '?destinationPrefix=047'],
    ['an international destination prefix', '?destinationPrefix=%2B44'],
    ['a day range and a type', '?from=2026-09-10&to=2026-09-20&type=national_voice'],
  ])('CSV and XLSX with %s hold the rows of the list', async (_label, query) => {
    const list = await owner.get<CallDetailPage>(`/api/v1/customers/${f.acme}/invoices/${f.invoices.sep}/call-details${query}&limit=200`);
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i) => i.id).sort((a, b) => a - b);
    expect(ids.length).toBeGreaterThan(0);
    const csv = await download(owner, exportUrl(f.invoices.sep, `${query}&format=csv`));
    expect(csv.status).toBe(200);
    const csvIds = parseCsv(csv.bytes.toString('utf8')).sections.get('')!.rows.map((r) => Number(r[8])).sort((a, b) => a - b);
    expect(csvIds).toEqual(ids);
    expect(Number(csv.headers.get('x-row-count'))).toBe(ids.length);
    const xlsx = await download(owner, exportUrl(f.invoices.sep, `${query}&format=xlsx`));
    expect(xlsx.status).toBe(200);
    expect(Number(xlsx.headers.get('x-row-count'))).toBe(ids.length);
    // The server is still there after both.
    expect((await owner.get('/api/v1/health')).status).toBe(200);
  });

  it('XLSX: a "Call details" sheet with the caveat and the rows, and a "Data dictionary" sheet; values unaltered', async () => {
    const res = await download(finance, exportUrl(f.invoices.sep, '?format=xlsx'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="call-details-INV-T-2609-2026-11-02.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Call details', 'Data dictionary']);
    const sheet = workbook.getWorksheet('Call details')!;
    expect(sheet.getCell('A1').value).toBe(CAVEAT);
    expect(sheet.getRow(3).values).toEqual([undefined, 'startedAt', 'msisdn', 'type', 'destination', 'durationS', 'volumeKb', 'standardPriceEur', 'billedPriceEur', 'callDetailId']);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => { if (n > 3) rows.push((row.values as unknown[]).slice(1)); });
    expect(rows).toHaveLength(Number(res.headers.get('x-row-count')));
    expect(rows).toHaveLength(f.sepCalls);
    expect(rows[0]!.slice(0, 3)).toEqual(['2026-09-01T10:00:00+02:00', expect.stringMatching(/^\+32/), 'national_voice']);
    expect(rows[0]![6]).toBe(0.1);
    // Euros shown with two decimals: 0.10.
    expect(sheet.getRow(4).getCell(7).numFmt).toBe('#,##0.00');
    expect(sheet.getRow(4).getCell(6).numFmt).toBeUndefined();
    // Typed cells: text stays text (never a formula), so nothing needs an apostrophe.
    const destinations = rows.map((r) => r[3]);
    expect(destinations).toContain('=1+1');
    expect(destinations).toContain('+32470999999');
    const dictionary = workbook.getWorksheet('Data dictionary')!;
    expect(dictionary.getCell('A1').value).toBe(CAVEAT);
    const explained: unknown[] = [];
    dictionary.eachRow((row, n) => { if (n > 4) explained.push(row.getCell(1).value); });
    expect(explained).toEqual(['startedAt', 'msisdn', 'type', 'destination', 'durationS', 'volumeKb', 'standardPriceEur', 'billedPriceEur', 'callDetailId']);
  });

  it('bad input and access: 400 naming the field, AM, employee and fleet manager 403, other customer 404, unreadable invoice 404', async () => {
    const bad = await owner.get(exportUrl(f.invoices.sep, '?format=pdf'));
    expect(bad.status).toBe(400);
    expect((bad.body as Problem).errors?.[0]?.field).toBe('querystring.format');
    const reversed = await owner.get(exportUrl(f.invoices.sep, '?from=2026-09-20&to=2026-09-01'));
    expect(reversed.status).toBe(400);
    expect((reversed.body as Problem).errors?.[0]?.field).toBe('querystring.to');
    const [manager, employee, fleet, noordzee] = await Promise.all(
      ['manager@acme.test', 'employee@acme.test', 'fleet@acme.test', 'owner@noordzee.test'].map((e) => signedIn(t.url, e)),
    ) as [ApiClient, ApiClient, ApiClient, ApiClient];
    expect((await manager.get(exportUrl(f.invoices.sep))).status).toBe(403);
    expect((await employee.get(exportUrl(f.invoices.sep))).status).toBe(403);
    // The fleet manager may export usage of his cost centre, but reads no invoice at all: 403, as for the list.
    expect((await fleet.get(exportUrl(f.invoices.sep))).status).toBe(403);
    expect((await noordzee.get(exportUrl(f.invoices.sep))).status).toBe(404);
    expect((await owner.get(exportUrl(f.invoices.sep25))).status).toBe(404);
  });
});

describe('expiring export (RET-1)', () => {
  it('CSV: invoices, lines and call details leaving their window within 30 days, and nothing else', async () => {
    const res = await download(owner, expiringUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="expiring-billing-data-2026-11-02.csv"');
    const text = res.bytes.toString('utf8');
    const csv = parseCsv(text);
    expect(csv.comments[0]).toBe(CAVEAT);
    expect([...csv.sections.keys()]).toEqual(['Invoices', 'Invoice lines', 'Call details', 'Invoice PDFs']);
    const total = [...csv.sections.values()].reduce((n, s) => n + s.rows.length, 0);
    expect(Number(res.headers.get('x-row-count'))).toBe(total);
    for (const [title, s] of csv.sections) {
      for (const column of s.header) expect(csv.comments.some((c) => c.startsWith(`${title} / ${column}: `)), `${title} / ${column}`).toBe(true);
    }

    const invoices = csv.sections.get('Invoices')!;
    const numbers = invoices.rows.map((r) => r[0]);
    // November 2025 (period ends 30 Nov 2025) leaves on 1 December 2026: within 30 days. September 2025 is gone, September 2026 stays.
    expect(numbers).toContain('INV-T-2511');
    expect(numbers).not.toContain('INV-T-2509');
    expect(numbers).not.toContain('INV-T-2609');
    const nov = invoices.rows.find((r) => r[0] === 'INV-T-2511')!;
    expect(nov.slice(1, 10)).toEqual(['ACME-T-USAGE', '2025-11-01', '2025-11-30', '2025-12-01', '2025-12-31', '100.00', '21.00', '121.00', 'open']);
    // The last day it is shown, as the screens say it.
    expect(nov[10]).toBe('2026-11-30');

    const lines = csv.sections.get('Invoice lines')!.rows.filter((r) => r[0] === 'INV-T-2511');
    expect(lines.map((r) => [r[1], r[3], r[4], r[6]])).toEqual([['1', 'subscription', 'Mobile 10 GB', '25.00'], ['2', 'discount', '\'=HYPERLINK("x")', '-5.00']]);

    const calls = csv.sections.get('Call details')!.rows;
    const mayCalls = calls.filter((r) => r[0] === 'INV-T-2605').map((r) => r[4]);
    // The call of 1 May (23:59:59.999 Brussels) is already gone; those of 2 and 20 May leave within 30 days.
    expect(mayCalls).toEqual(["'+32470000102", "'+32470000103"]);
    expect(calls.some((r) => r[0] === 'INV-T-2609')).toBe(false);
    expect(calls.some((r) => r[0] === 'INV-T-2511')).toBe(false);

    // INV-3: the PDF issued on 2 November 2024 leaves on 3 November 2026; the one of 1 November 2024
    // is gone; the one of 2 December 2024 stays beyond the 30 days.
    const pdfs = csv.sections.get('Invoice PDFs')!;
    expect(pdfs.rows.map((r) => r[0])).toEqual(['FIX-T-2410']);
    const [pdf] = pdfs.rows;
    expect(pdf!.slice(1, 3)).toEqual(['ACME-T-FIX', '2024-11-02']);
    expect(pdf![4]).toBe('2026-11-02');
    const downloaded = await download(owner, pdf![3]!);
    expect(downloaded.status).toBe(200);
    expect(downloaded.bytes.toString('latin1')).toBe('%PDF-1.4');

    // Narrowed in parts: to one billing account, and its call details to days.
    const account = async (number: string) => (await t.database.db.selectFrom('billing_accounts').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
    const fixOnly = parseCsv((await download(owner, expiringUrl(`?billingAccountId=${await account('ACME-T-FIX')}`))).bytes.toString('utf8'));
    expect(fixOnly.sections.get('Invoices')!.rows.map((r) => r[1])).not.toContain('ACME-T-USAGE');
    expect(fixOnly.sections.get('Invoice PDFs')!.rows.map((r) => r[0])).toEqual(['FIX-T-2410']);
    expect(fixOnly.sections.get('Call details')!.rows).toEqual([]);
    const usageAccount = await account('ACME-T-USAGE');
    const usageOnly = parseCsv((await download(owner, expiringUrl(`?billingAccountId=${usageAccount}`))).bytes.toString('utf8'));
    expect(usageOnly.sections.get('Invoice PDFs')!.rows).toEqual([]);
    expect(usageOnly.sections.get('Call details')!.rows.filter((r) => r[0] === 'INV-T-2605').map((r) => r[4])).toEqual(mayCalls);
    const secondOfMay = parseCsv((await download(owner, expiringUrl(`?billingAccountId=${usageAccount}&from=2026-05-02&to=2026-05-02`))).bytes.toString('utf8'));
    expect(secondOfMay.sections.get('Call details')!.rows.map((r) => r[4])).toEqual(["'+32470000102"]);
    const reversed = await owner.get<Problem>(expiringUrl('?from=2026-05-03&to=2026-05-02'));
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors?.[0]?.field).toBe('querystring.to');
  });

  it('XLSX: one sheet per part and the data dictionary, each with the caveat', async () => {
    const res = await download(finance, expiringUrl('?format=xlsx'));
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Invoices', 'Invoice lines', 'Call details', 'Invoice PDFs', 'Data dictionary']);
    let total = 0;
    for (const sheet of workbook.worksheets) {
      expect(sheet.getCell('A1').value, sheet.name).toBe(CAVEAT);
      if (sheet.name !== 'Data dictionary') sheet.eachRow((_row, n) => { if (n > 3) total++; });
    }
    expect(total).toBe(Number(res.headers.get('x-row-count')));
    const invoiceNumbers: unknown[] = [];
    workbook.getWorksheet('Invoices')!.eachRow((row, n) => { if (n > 3) invoiceNumbers.push(row.getCell(1).value); });
    expect(invoiceNumbers).toContain('INV-T-2511');
  });

  it('access: AM 403, employee 403, other customer 404', async () => {
    const [manager, employee, noordzee] = await Promise.all(
      ['manager@acme.test', 'employee@acme.test', 'owner@noordzee.test'].map((e) => signedIn(t.url, e)),
    ) as [ApiClient, ApiClient, ApiClient];
    expect((await manager.get(expiringUrl())).status).toBe(403);
    expect((await employee.get(expiringUrl())).status).toBe(403);
    expect((await noordzee.get(expiringUrl())).status).toBe(404);
    const bad = await owner.get(expiringUrl('?format=json'));
    expect(bad.status).toBe(400);
    expect((bad.body as Problem).errors?.[0]?.field).toBe('querystring.format');
  });
});

describe('export limit', () => {
  let small: TestApp;
  let smallFixture: UsageFixture;
  beforeAll(async () => {
    // EXPORT_MAX_ROWS, as the server's configuration takes it.
    small = await startTestApp({ config: { exportMaxRows: 10 } });
    small.clock.set(NOW);
    smallFixture = await usageFixture(small.database.db);
  }, SEEDED_APP_TIMEOUT_MS);
  afterAll(async () => small?.close());

  it('more rows than allowed: 422 export_too_large naming the filters to narrow it; a narrower export passes', async () => {
    const client = await signedIn(small.url, 'owner@acme.test');
    const path = `/api/v1/customers/${smallFixture.acme}/invoices/${smallFixture.invoices.sep}/call-details/export`;
    const res = await client.get<Problem>(`${path}?type=data`);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('x-row-count'))).toBe(8);
    const tooMany = await client.get<Problem>(`${path}?format=xlsx&simId=${smallFixture.employeeSim}`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(tooMany.body.code).toBe('export_too_large');
    expect(tooMany.body.errors?.map((e) => e.field)).toEqual(['querystring.type', 'querystring.from', 'querystring.to', 'querystring.destinationPrefix']);
    // Exactly at the limit is allowed: 1 to 7 September hold 10 calls, one more day 12.
    const atLimit = await client.get(`${path}?from=2026-09-01&to=2026-09-07`);
    expect(atLimit.status).toBe(200);
    expect(atLimit.headers.get('x-row-count')).toBe('10');
    const over = await client.get<Problem>(`${path}?from=2026-09-01&to=2026-09-08`);
    expect(over.status).toBe(422);
    expect(over.body.errors?.map((e) => e.field)).toEqual(['querystring.simId', 'querystring.type', 'querystring.destinationPrefix']);
    // The bulk export of expiring data has the same limit.
    const expiring = await client.get<Problem>(`/api/v1/customers/${smallFixture.acme}/exports/expiring`);
    expect(expiring.status === 200 ? Number(expiring.headers.get('x-row-count')) <= 10 : expiring.body.code === 'export_too_large').toBe(true);
    if (expiring.status === 422) expect(expiring.body.errors?.map((e) => e.field)).toEqual(['querystring.billingAccountId', 'querystring.from', 'querystring.to']);
  });
});
