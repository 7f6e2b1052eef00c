import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Problem } from '@mandate/contracts/common';
import type { SimListItem, SimListResponse } from '@mandate/contracts/sims';
import { defineAbilityFor } from '@mandate/authz/define-ability';
import { SIM_SORTS } from '@mandate/contracts/sims';
import { brusselsDate } from '@mandate/domain/dates';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { pageExportedSims, type SimExportRow, type SimSortField } from '@mandate/server/modules/sims/sims.repo';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * The fleet table as a file (PFM-4) on the seeded demo data: the SIMs the signed-in user may
 * export (the AO all, the fleet manager his cost centre Sales), with the list's filters and order,
 * as CSV (COPY, formulas neutralised) and XLSX, with a data dictionary and no invoice caveat (a
 * list of SIMs is no billing data); who may not export gets 403, another customer 404, bad input a
 * 400 naming the field, too many rows a 422.
 */
const HEADER = [
  'msisdn', 'iccid', 'status', 'endUser', 'costCentreCode', 'costCentreName', 'billingAccount', 'tariffPlanCode', 'tariffPlanName',
  'options', 'clir', 'premiumBarring', 'euDataCutoffOptOut', 'contractStart', 'initialTermEnd',
];
const CAVEAT = 'The official invoice prevails over the figures in this export.';

let t: TestApp;
let owner: ApiClient;
let manager: ApiClient;
let finance: ApiClient;
let fleet: ApiClient;
let employee: ApiClient;
let delegate: ApiClient;
let noordzeeOwner: ApiClient;
let acme: string;
let noordzee: string;
let sales: string;

const db = () => t.database.db;
const exportUrl = (query = '', customer = acme) => `/api/v1/customers/${customer}/sims/export${query}`;

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  [owner, manager, finance, fleet, employee, delegate, noordzeeOwner] = await Promise.all(
    ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test', 'owner@noordzee.test']
      .map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
  const customer = async (name: string) => (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  acme = await customer('Acme Belgium NV');
  noordzee = await customer('Noordzee Bouw NV');
  sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

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

/** The `#` comment lines, the header and the rows of a one-section CSV export. */
function parseCsv(bytes: Buffer): { comments: string[]; header: string[]; rows: string[][] } {
  const text = bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  const lines = text.slice(1).split('\r\n').slice(0, -1);
  const comments = lines.filter((l) => l.startsWith('# ')).map((l) => l.slice(2));
  const [header, ...rows] = lines.filter((l) => !l.startsWith('# ')).map(cells);
  return { comments, header: header!, rows };
}

/** Every item of the list with the same query, following nextCursor. */
async function listed(client: ApiClient, query: string): Promise<SimListItem[]> {
  const items: SimListItem[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: SimListResponse } = await client.get<SimListResponse>(
      `/api/v1/customers/${acme}/sims?limit=200${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** Acme's SIMs with every exported field, as the database holds them. */
async function acmeSims() {
  const rows = await db()
    .selectFrom('sims as s')
    .innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id')
    .leftJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .leftJoin('users as u', 'u.id', 's.end_user_id')
    .leftJoin('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
    .where('s.customer_id', '=', acme)
    .select([
      's.id', 's.msisdn', 's.iccid', 's.status', 's.cost_centre_id as costCentreId', 'cc.code as ccCode', 'cc.name as ccName', 'ba.number as account',
      'u.first_name as firstName', 'u.last_name as lastName', 'tp.code as planCode', 'tp.name as planName', 's.clir', 's.premium_barring as premiumBarring',
      's.eu_data_cutoff_opt_out as optOut', 's.contract_start as contractStart', 's.initial_term_end as initialTermEnd',
    ])
    .orderBy('s.msisdn')
    .execute();
  const options = await db().selectFrom('sim_options as so').innerJoin('tariff_options as o', 'o.id', 'so.option_id')
    .where('so.customer_id', '=', acme).select(['so.sim_id as simId', 'o.code']).orderBy('o.code').execute();
  return rows.map((r) => ({ ...r, options: options.filter((o) => o.simId === r.id).map((o) => o.code) }));
}

/** A SIM as the export writes its cells (before the CSV's apostrophe). */
const expectedCells = (s: Awaited<ReturnType<typeof acmeSims>>[number]): string[] => [
  s.msisdn, s.iccid, s.status, `${s.firstName ?? ''} ${s.lastName ?? ''}`.trim(), s.ccCode ?? '', s.ccName ?? '', s.account, s.planCode ?? '', s.planName ?? '',
  s.options.join(', '), String(s.clir), String(s.premiumBarring), String(s.optOut), s.contractStart ?? '', s.initialTermEnd ?? '',
];
const csvText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

describe('the fleet export as CSV', () => {
  it("the fleet manager's file holds exactly his Sales SIMs, every field, a header and a data dictionary, and no invoice caveat", async () => {
    const res = await download(fleet, exportUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="sims-${brusselsDate(t.clock.now())}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csv = parseCsv(res.bytes);
    expect(csv.header).toEqual(HEADER);
    for (const column of HEADER) expect(csv.comments.some((c) => c.startsWith(`${column}: `)), column).toBe(true);
    expect(csv.comments).not.toContain(CAVEAT);
    expect(csv.comments.join('\n')).not.toMatch(/invoice prevails|euros excluding VAT/);

    const salesSims = (await acmeSims()).filter((s) => s.costCentreId === sales);
    expect(salesSims.length).toBeGreaterThan(3);
    expect(Number(res.headers.get('x-row-count'))).toBe(salesSims.length);
    // In msisdn order (the list's default), each cell as the database holds it; phone numbers after an apostrophe.
    expect(csv.rows).toEqual(salesSims.map((s) => expectedCells(s).map(csvText)));
    expect(csv.rows[0]![0]).toMatch(/^'\+32/);
    expect(csv.rows.some((r) => r[9]!.includes(', '))).toBe(true);
  });

  it('the AO exports the whole fleet; the filters and the order of the list apply', async () => {
    const all = await acmeSims();
    const whole = parseCsv((await download(owner, exportUrl())).bytes);
    expect(whole.rows.map((r) => r[0])).toEqual(all.map((s) => `'${s.msisdn}`));

    const option = all.find((s) => s.options.length > 0)!;
    const optionId = (await db().selectFrom('tariff_options').select('id').where('code', '=', option.options[0]!).executeTakeFirstOrThrow()).id;
    const account = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).where('number', '=', all[1]!.account).executeTakeFirstOrThrow()).id;
    for (const query of [
      `&costCentreId=${sales}`, '&status=active&sort=plan:desc', '&unassigned=true', '&unassigned=false&sort=endUser:asc', `&optionId=${optionId}`,
      `&billingAccountId=${account}&sort=initialTermEnd:desc`, '&q=0470%2000%2000%2001', '&q=emma', '&usageBand=under80&sort=costCentre:asc', '&sort=msisdn:desc',
      '&updatable=true', '&mine=true', '&mine=false&sort=status:asc',
    ]) {
      const res = await download(owner, exportUrl(`?format=csv${query}`));
      expect(res.status, query).toBe(200);
      const rows = parseCsv(res.bytes).rows;
      expect(Number(res.headers.get('x-row-count')), query).toBe(rows.length);
      expect(rows.map((r) => r[0]), query).toEqual((await listed(owner, query)).map((i) => `'${i.msisdn}`));
    }
    // A filter that matches nothing: the header and the dictionary, no rows.
    const none = await download(owner, exportUrl('?q=0499%20999%20999'));
    expect(none.headers.get('x-row-count')).toBe('0');
    expect(parseCsv(none.bytes)).toMatchObject({ header: HEADER, rows: [] });
  });

  it('a value a spreadsheet would take for a formula is written after an apostrophe', async () => {
    const employeeId = (await db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
    await db().updateTable('users').set({ first_name: '=HYPERLINK("http://x.test";"y")' }).where('id', '=', employeeId).execute();
    try {
      const rows = parseCsv((await download(fleet, exportUrl('?q=0470000001'))).bytes).rows;
      expect(rows).toHaveLength(1);
      expect(rows[0]![0]).toBe("'+32470000001");
      expect(rows[0]![3]).toBe(`'=HYPERLINK("http://x.test";"y") Employee`);
    } finally {
      await db().updateTable('users').set({ first_name: 'Emma' }).where('id', '=', employeeId).execute();
    }
  });
});

describe('the fleet export as XLSX', () => {
  it('opens with a "SIMs" sheet (header first, the same rows as the CSV, values unaltered) and a "Data dictionary" sheet', async () => {
    const res = await download(fleet, exportUrl('?format=xlsx&sort=endUser:desc'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="sims-${brusselsDate(t.clock.now())}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['SIMs', 'Data dictionary']);
    const sheet = workbook.getWorksheet('SIMs')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    const rows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(HEADER.map((_h, i) => { const v = row.getCell(i + 1).value; return v === null || v === undefined ? '' : String(v); }));
    });
    expect(rows).toHaveLength(Number(res.headers.get('x-row-count')));
    // The same rows, in the same order, as the CSV: there after an apostrophe, here as typed text.
    const csv = parseCsv((await download(fleet, exportUrl('?sort=endUser:desc'))).bytes);
    expect(rows.map((r) => r.map(csvText))).toEqual(csv.rows);
    expect(rows[0]![0]).toMatch(/^\+32/);
    const dictionary: string[] = [];
    workbook.getWorksheet('Data dictionary')!.eachRow((row) => dictionary.push(String(row.getCell(1).value)));
    expect(dictionary).toEqual(expect.arrayContaining(HEADER));
    expect(dictionary).not.toContain(CAVEAT);
  });
});

describe('keyset batches (the XLSX path)', () => {
  it('in every sort order, small batches walk the same rows, in the same order, as one batch', async () => {
    const ownerId = (await db().selectFrom('users').select('id').where('email', '=', 'owner@acme.test').executeTakeFirstOrThrow()).id;
    const ability = defineAbilityFor((await loadAccessContext(db(), ownerId, null, t.clock.now()))!.context);
    for (const sort of SIM_SORTS) {
      const [field, direction] = sort.split(':') as [SimSortField, string];
      const order = { field, desc: direction === 'desc' };
      const whole = await pageExportedSims(db(), ability, acme, {}, order, undefined, 1000);
      const walked: SimExportRow[] = [];
      let last: SimExportRow | undefined;
      for (let batch = await pageExportedSims(db(), ability, acme, {}, order, undefined, 7); batch.length > 0;
        batch = await pageExportedSims(db(), ability, acme, {}, order, { msisdn: last!.msisdn, sortKey: last!.sortKey }, 7)) {
        walked.push(...batch);
        last = batch.at(-1);
      }
      expect(walked.map((r) => r.msisdn), sort).toEqual(whole.map((r) => r.msisdn));
      expect(whole.map((r) => r.msisdn), sort).toEqual((await listed(owner, `&sort=${sort}`)).map((i) => i.msisdn));
    }
  });
});

describe('who may export', () => {
  it('the employee (a Service User), the AM, the financial manager and a delegate without the export right: 403', async () => {
    for (const client of [employee, manager, finance, delegate]) {
      const res = await client.get<Problem>(exportUrl());
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('another customer: 404 (both ways), the operator\'s staff too; without credentials: 401', async () => {
    const operator = await signedIn(t.url, 'operator@mandate.test');
    for (const [client, customer] of [[fleet, noordzee], [owner, noordzee], [noordzeeOwner, acme], [operator, acme]] as const) {
      const res = await client.get<Problem>(exportUrl('', customer));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await fetch(t.url + exportUrl())).status).toBe(401);
  });

  it('the static segment is not taken for a SIM id: one SIM is still served by its id', async () => {
    const any = (await acmeSims())[0]!;
    expect((await owner.get(`/api/v1/customers/${acme}/sims/${any.id}`)).status).toBe(200);
  });
});

describe('bad input → 400 problem+json naming the field', () => {
  it.each([
    ['format=pdf', 'querystring.format'],
    ['status=lost', 'querystring.status'],
    ['costCentreId=sales', 'querystring.costCentreId'],
    ['usageBand=50', 'querystring.usageBand'],
    ['sort=plan:up', 'querystring.sort'],
    ['q=' + '4'.repeat(31), 'querystring.q'],
    ['limit=10', 'querystring.limit'],
    ['mine=maybe', 'querystring.mine'],
  ])('GET …/sims/export?%s → %s', async (query, field) => {
    const res = await owner.get<Problem>(exportUrl(`?${query}`));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.errors?.map((e) => e.field)).toContain(field);
  });
});

describe('too many rows', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({ config: { exportMaxRows: 10 } });
  });
  afterAll(async () => small?.close());

  it('more SIMs than allowed: 422 export_too_large naming the filters to narrow it; a narrower export passes', async () => {
    const client = await signedIn(small.url, 'owner@acme.test');
    const tooMany = await client.get<Problem>(`/api/v1/customers/${acme}/sims/export?format=xlsx&status=active`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(tooMany.body.code).toBe('export_too_large');
    expect(tooMany.body.errors?.map((e) => e.field)).toEqual([
      'querystring.q', 'querystring.tariffPlanId', 'querystring.optionId', 'querystring.costCentreId', 'querystring.billingAccountId',
      'querystring.usageBand', 'querystring.unassigned',
    ]);
    const narrow = await client.get(`/api/v1/customers/${acme}/sims/export?q=0470000001`);
    expect(narrow.status).toBe(200);
    expect(narrow.headers.get('x-row-count')).toBe('1');
  });
});
