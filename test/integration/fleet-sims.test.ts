import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Problem } from '@mandate/contracts/common';
import type { OperatorOrderListResponse } from '@mandate/contracts/operator-orders';
import type { TariffOptionListResponse, TariffPlanListResponse } from '@mandate/contracts/catalogue';
import type { SimDetail, SimHistoryResponse, SimListItem, SimListResponse, SimSort } from '@mandate/contracts/sims';
import { brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { isValidImei } from '@mandate/domain/imei';
import { usageBand, type UsageBand } from '@mandate/domain/usage-bands';
import { memorySource } from '@mandate/server/modules/billing-runs/billing-runs.format';
import { ingestBillingRun } from '@mandate/server/modules/billing-runs/billing-runs.service';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The fleet's first slice through the HTTP API on the seeded demo data: the SIM table's filters,
 * sort orders and keyset pages checked against what the database holds (PFM-1, PFM-4), one SIM
 * with plan, options, flags, contract dates, its device only when customer-owned (MOB-5) and this
 * month's usage against the allowance (MOB-2), its change history (MOB-3), the catalogue (MOB-11),
 * and the scope of each persona (ROLE-2..6, DLG-2..4): a SIM out of scope is not found.
 */
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
const problem = (res: { body: unknown }) => res.body as Problem;
const sims = (query = '', customer = acme) => `/api/v1/customers/${customer}/sims${query}`;
const sim = (id: string, suffix = '', customer = acme) => `/api/v1/customers/${customer}/sims/${id}${suffix}`;
const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

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

/** Every page of a list, following nextCursor. */
async function walk(client: ApiClient, query: string, limit = 200, customer = acme): Promise<{ items: SimListItem[]; pages: number }> {
  const items: SimListItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: SimListResponse } = await client.get<SimListResponse>(
      sims(`?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, customer),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}
const idsOf = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();

/** Acme's SIMs as the database holds them, with what the filters and sort orders look at. */
async function acmeSims() {
  return db()
    .selectFrom('sims as s')
    .innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id')
    .leftJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .leftJoin('users as u', 'u.id', 's.end_user_id')
    .leftJoin('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
    .where('s.customer_id', '=', acme)
    .select([
      's.id', 's.msisdn', 's.status', 's.tariff_plan_id as planId', 's.cost_centre_id as costCentreId', 's.billing_account_id as billingAccountId',
      's.initial_term_end as initialTermEnd', 'ba.number as accountNumber', 'cc.name as costCentreName', 'tp.name as planName', 'tp.data_mb as dataMb',
      'u.first_name as firstName', 'u.last_name as lastName',
    ])
    .execute();
}

/** The month's data (kB) per SIM, read here straight from usage_events: this Brussels month, up to now, no closed period. */
async function monthDataKb(): Promise<Map<string, number>> {
  const now = t.clock.now();
  const from = brusselsStartOfDay(`${brusselsDate(now).slice(0, 7)}-01`);
  const { rows } = await sql<{ sim_id: string; kb: string }>`SELECT ue.sim_id, sum(ue.volume_kb) AS kb FROM usage_events ue
    WHERE ue.customer_id = ${acme} AND ue.type = 'data' AND ue.occurred_at >= ${from} AND ue.occurred_at <= ${now}
      AND NOT EXISTS (SELECT 1 FROM billing_periods bp WHERE bp.customer_id = ue.customer_id AND bp.billing_account_id = ue.billing_account_id
        AND bp.status = 'closed' AND (ue.occurred_at AT TIME ZONE 'Europe/Brussels')::date BETWEEN bp.starts_on AND bp.ends_on)
    GROUP BY ue.sim_id`.execute(db());
  return new Map(rows.map((r) => [r.sim_id, Number(r.kb)]));
}

async function extraDataMb(): Promise<Map<string, number>> {
  const rows = await db().selectFrom('sim_options as so').innerJoin('tariff_options as o', 'o.id', 'so.option_id')
    .where('so.customer_id', '=', acme).select(['so.sim_id', 'o.extra_data_mb']).execute();
  const extra = new Map<string, number>();
  for (const r of rows) extra.set(r.sim_id, (extra.get(r.sim_id) ?? 0) + r.extra_data_mb);
  return extra;
}

describe('the seeded fleet (demo data)', () => {
  it('every demo SIM has a plan; plans, options and devices follow the catalogue and MOB-5', async () => {
    const all = await acmeSims();
    expect(all).toHaveLength(40);
    expect(all.every((s) => s.planId !== null)).toBe(true);
    expect(new Set(all.map((s) => s.status))).toEqual(new Set(['active', 'suspended', 'blocked', 'port_out_pending', 'deactivated']));
    // Every option fits its SIM's plan.
    const misfits = await db().selectFrom('sim_options as so').innerJoin('sims as s', 's.id', 'so.sim_id')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('tariff_option_plans as f').select('f.plan_id')
        .whereRef('f.plan_id', '=', 's.tariff_plan_id').whereRef('f.option_id', '=', 'so.option_id'))))
      .select('so.sim_id').execute();
    expect(misfits).toEqual([]);
    const devices = await db().selectFrom('devices').select(['imei', 'ownership']).execute();
    expect(devices.every((d) => d.imei !== null && isValidImei(d.imei))).toBe(true);
    expect(new Set(devices.map((d) => d.ownership))).toEqual(new Set(['customer', 'byod']));
  });

  it('a blocked demo line has its open block since it was blocked (MOB-6), a suspended one its end date (MOB-7)', async () => {
    const lines = await db().selectFrom('sims as s')
      .leftJoin('sim_blocks as b', (j) => j.onRef('b.customer_id', '=', 's.customer_id').onRef('b.sim_id', '=', 's.id').on('b.blocked_until', 'is', null))
      .where('s.status', 'in', ['blocked', 'suspended'])
      .select(['s.status', 's.blocked_at as blockedAt', 's.suspended_until as suspendedUntil', 'b.blocked_from as blockedFrom']).execute();
    const blocked = lines.filter((l) => l.status === 'blocked');
    const suspended = lines.filter((l) => l.status === 'suspended');
    expect(blocked.length).toBeGreaterThan(0);
    expect(suspended.length).toBeGreaterThan(0);
    for (const l of blocked) expect(l.blockedFrom !== null && l.blockedFrom.getTime() === l.blockedAt?.getTime()).toBe(true);
    for (const l of suspended) expect(l.suspendedUntil !== null && l.suspendedUntil > brusselsDate(t.clock.now())).toBe(true);
  });

  it('a demo line waiting for its port-out waits on a port-out in the operator\'s queue (MOB-8), named by its history', async () => {
    const waiting = await db().selectFrom('sims').select(['customer_id', 'id']).where('status', '=', 'port_out_pending').execute();
    expect(waiting.length).toBeGreaterThan(0);
    const operator = await signedIn(t.url, 'operator@mandate.test');
    const queue = (await operator.get<OperatorOrderListResponse>('/api/v1/operator/sim-orders?kind=port_out&limit=200')).body.items;
    for (const line of waiting) {
      const order = queue.find((o) => o.simId === line.id);
      expect(order, line.id).toMatchObject({ kind: 'port_out', status: 'requested', simStatus: 'port_out_pending' });
      const change = await db().selectFrom('sim_changes').select('order_id').where('sim_id', '=', line.id).where('kind', '=', 'status').executeTakeFirst();
      if (change) expect(change.order_id).toBe(order!.id);
    }
  });
});

describe('GET …/sims: filters against what the database holds', () => {
  it('status, tariff plan, option, cost centre and billing account', async () => {
    const all = await acmeSims();
    for (const status of ['active', 'suspended', 'blocked', 'port_out_pending', 'deactivated']) {
      const { items } = await walk(owner, `&status=${status}`);
      expect(idsOf(items), status).toEqual(idsOf(all.filter((s) => s.status === status)));
      expect(items.every((i) => i.status === status)).toBe(true);
    }
    for (const planId of new Set(all.map((s) => s.planId!))) {
      const { items } = await walk(owner, `&tariffPlanId=${planId}`);
      expect(idsOf(items)).toEqual(idsOf(all.filter((s) => s.planId === planId)));
      expect(items.every((i) => i.tariffPlan?.id === planId)).toBe(true);
    }
    const withOption = await db().selectFrom('sim_options').select(['sim_id', 'option_id']).where('customer_id', '=', acme).execute();
    const optionIds = new Set(withOption.map((o) => o.option_id));
    expect(optionIds.size).toBeGreaterThan(2);
    for (const optionId of optionIds) {
      const { items } = await walk(owner, `&optionId=${optionId}`);
      expect(idsOf(items)).toEqual(withOption.filter((o) => o.option_id === optionId).map((o) => o.sim_id).sort());
      expect(items.every((i) => i.options.some((o) => o.id === optionId))).toBe(true);
    }
    const { items: bySales } = await walk(owner, `&costCentreId=${sales}`);
    expect(idsOf(bySales)).toEqual(idsOf(all.filter((s) => s.costCentreId === sales)));
    const account = all[1]!.billingAccountId;
    expect(idsOf((await walk(owner, `&billingAccountId=${account}`)).items)).toEqual(idsOf(all.filter((s) => s.billingAccountId === account)));
    // Filters combine (and): active SIMs of one plan in Sales.
    const plan = all[0]!.planId!;
    expect(idsOf((await walk(owner, `&status=active&tariffPlanId=${plan}&costCentreId=${sales}`)).items))
      .toEqual(idsOf(all.filter((s) => s.status === 'active' && s.planId === plan && s.costCentreId === sales)));
  });

  it('the list item carries the plan, the options and the end of the initial term, and keeps the fields it had', async () => {
    const { items } = await walk(owner, '');
    const employeeId = await userId('employee@acme.test');
    const own = items.find((i) => i.endUser?.id === employeeId)!;
    expect(own).toMatchObject({ msisdn: '+32470000001', billingAccountNumber: 'ACME-0001', costCentreName: 'Sales', status: 'active' });
    expect(own.tariffPlan).toMatchObject({ code: 'BM-S', name: 'Business Mobile S' });
    expect(own.initialTermEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const options = await db().selectFrom('sim_options as so').innerJoin('tariff_options as o', 'o.id', 'so.option_id')
      .where('so.customer_id', '=', acme).select(['so.sim_id', 'o.code']).execute();
    for (const item of items) {
      expect(item.options.map((o) => o.code), item.msisdn).toEqual(options.filter((o) => o.sim_id === item.id).map((o) => o.code).sort());
    }
  });

  it('q searches the number as typed, or the end user\'s name when it holds a letter (any case, either name first)', async () => {
    expect((await owner.get<SimListResponse>(sims('?q=0470%2000%2000%2001'))).body.items.map((i) => i.msisdn)).toEqual(['+32470000001']);
    const byName = await owner.get<SimListResponse>(sims('?q=EMMA%20employee'));
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((i) => i.msisdn)).toEqual(['+32470000001']);
    expect((await owner.get<SimListResponse>(sims('?q=employee%20emma'))).body.items.map((i) => i.msisdn)).toEqual(['+32470000001']);
    const all = await acmeSims();
    const expected = all.filter((s) => `${s.firstName ?? ''} ${s.lastName ?? ''}`.toLowerCase().includes('an')).map((s) => s.id).sort();
    expect(expected.length).toBeGreaterThan(1);
    expect(idsOf((await walk(owner, '&q=an')).items)).toEqual(expected);
    // LIKE's wildcards are searched for as themselves.
    expect((await owner.get<SimListResponse>(sims('?q=a%25'))).body.items).toEqual([]);
    expect((await owner.get<SimListResponse>(sims('?q=_a'))).body.items).toEqual([]);
  });

  it('usageBand: this Brussels month\'s data against the plan\'s allowance plus the options\', as the database holds them', async () => {
    /** Every band as the list answers it, against the bands of the month's events as the database holds them. */
    const bandsAgree = async () => {
      const [all, used, extra] = await Promise.all([acmeSims(), monthDataKb(), extraDataMb()]);
      const expected = new Map<UsageBand, string[]>([['under80', []], ['80to100', []], ['over100', []]]);
      for (const s of all) {
        const allowanceKb = s.dataMb === null ? null : (s.dataMb + (extra.get(s.id) ?? 0)) * 1024;
        expected.get(usageBand(used.get(s.id) ?? 0, allowanceKb))!.push(s.id);
      }
      const seen: string[] = [];
      for (const [band, ids] of expected) {
        const { items } = await walk(owner, `&usageBand=${band}`, 7);
        expect(idsOf(items), band).toEqual(ids.sort());
        seen.push(...items.map((i) => i.id));
      }
      expect(seen.sort()).toEqual(idsOf(all));
      return expected;
    };
    const bandOf = (bands: Map<UsageBand, string[]>, simId: string) => [...bands].find(([, ids]) => ids.includes(simId))?.[0];

    // Early in the month the demo lines are all under 80 %. Usage arrives through ingestion, the one
    // way in: two lines then use more, one up to 90 %, one to 150 % of the allowance; a third line's
    // event dated an hour ahead does not count yet (the month up to now).
    const [all, used, extra] = await Promise.all([acmeSims(), monthDataKb(), extraDataMb()]);
    const limited = all.filter((s) => s.dataMb !== null && s.dataMb > 0 && !extra.has(s.id) && s.costCentreId === sales);
    const [near, over, ahead] = [limited[0]!, limited[1]!, limited[2]!];
    const before = await bandsAgree();
    expect([near, over, ahead].map((s) => bandOf(before, s.id))).toEqual(['under80', 'under80', 'under80']);
    const now = t.clock.now().getTime();
    const row = (s: typeof near, at: number, kb: number) => `${s.msisdn},${new Date(at).toISOString()},data,,,${kb},0,EUR`;
    const run = () => memorySource({ runId: 'fleet-sims-usage-band' }, { 'usage.csv': [
      'msisdn,occurred_at,type,destination,duration_s,volume_kb,standard_price_cents,currency',
      row(near, now - 1_800_000, Math.ceil(near.dataMb! * 1024 * 0.9) - (used.get(near.id) ?? 0)),
      row(over, now - 1_800_000, Math.ceil(over.dataMb! * 1024 * 1.5) - (used.get(over.id) ?? 0)),
      row(ahead, now + 3_600_000, ahead.dataMb! * 1024 * 2),
    ].map((r) => `${r}\n`).join('') });
    const ingestion = { db: db(), clock: t.clock, log: t.app.log };
    expect((await ingestBillingRun(ingestion, run())).status).toBe('loaded');
    const after = await bandsAgree();
    expect([near, over, ahead].map((s) => bandOf(after, s.id))).toEqual(['80to100', 'over100', 'under80']);
    // The same run again changes nothing.
    expect((await ingestBillingRun(ingestion, run())).status).toBe('already_loaded');
    expect(await bandsAgree()).toEqual(after);

    // INV-2: once the month's billing period of the 150 % line's account is closed, its usage is billed, no longer the month's.
    const period = await db().selectFrom('billing_periods').select('id').where('customer_id', '=', acme)
      .where('billing_account_id', '=', over.billingAccountId).where('starts_on', '=', `${brusselsDate(t.clock.now()).slice(0, 7)}-01`).executeTakeFirstOrThrow();
    await db().updateTable('billing_periods').set({ status: 'closed', closed_at: t.clock.now() }).where('id', '=', period.id).execute();
    try {
      expect(bandOf(await bandsAgree(), over.id)).toBe('under80');
    } finally {
      await db().updateTable('billing_periods').set({ status: 'open', closed_at: null }).where('id', '=', period.id).execute();
    }

    // The band narrows within the caller's scope: the fleet manager's under-80 list holds only Sales SIMs.
    const { items } = await walk(fleet, '&usageBand=under80');
    expect(idsOf(items)).toEqual(after.get('under80')!.filter((id) => all.find((s) => s.id === id)!.costCentreId === sales).sort());
  });
});

describe('GET …/sims: server-side sort with keyset pages', () => {
  const SORT_KEY: Record<string, (s: Awaited<ReturnType<typeof acmeSims>>[number]) => string> = {
    msisdn: () => '',
    status: (s) => s.status,
    plan: (s) => s.planName ?? '',
    costCentre: (s) => s.costCentreName ?? '',
    billingAccount: (s) => s.accountNumber,
    endUser: (s) => (s.lastName === null ? '' : `${s.lastName} ${s.firstName}`.toLowerCase()),
    initialTermEnd: (s) => s.initialTermEnd ?? '9999-12-31',
  };
  /** Byte order, as the database sorts the keys ("C"). */
  const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

  it.each(Object.keys(SORT_KEY).flatMap((field) => [`${field}:asc`, `${field}:desc`]))('%s: every page in order, no SIM twice or missing', async (sort) => {
    const [field, direction] = sort.split(':') as [string, 'asc' | 'desc'];
    const all = await acmeSims();
    const expected = [...all].sort((a, b) => {
      const order = byteCompare(SORT_KEY[field]!(a), SORT_KEY[field]!(b)) || byteCompare(a.msisdn, b.msisdn);
      return direction === 'asc' ? order : -order;
    }).map((s) => s.msisdn);
    const { items, pages } = await walk(owner, `&sort=${sort}`, 7);
    expect(pages).toBe(6);
    expect(items.map((i) => i.msisdn)).toEqual(expected);
  });

  it('sort and filters together, within the fleet manager\'s scope', async () => {
    const all = (await acmeSims()).filter((s) => s.costCentreId === sales && s.status === 'active');
    const expected = [...all].sort((a, b) => byteCompare(b.planName!, a.planName!) || byteCompare(b.msisdn, a.msisdn)).map((s) => s.msisdn);
    const { items } = await walk(fleet, '&sort=plan:desc&status=active', 3);
    expect(items.map((i) => i.msisdn)).toEqual(expected);
  });

  it('a cursor belongs to its sort order: another order refuses it (400 naming the cursor)', async () => {
    const first = await owner.get<SimListResponse>(sims('?limit=5&sort=plan:asc'));
    const cursor = first.body.nextCursor!;
    expect(cursor).toBeTruthy();
    for (const other of ['plan:desc', 'status:asc', 'msisdn:asc'] satisfies SimSort[]) {
      const res = await owner.get(sims(`?limit=5&sort=${other}&cursor=${encodeURIComponent(cursor)}`));
      expect(res.status, other).toBe(400);
      expect(problem(res).errors?.map((e) => e.field)).toContain('querystring.cursor');
    }
  });

  it('a cursor belongs to its filters too: the same order with another filter refuses it; another page size keeps it', async () => {
    const first = await owner.get<SimListResponse>(sims('?limit=5&sort=plan:asc&status=active'));
    const cursor = encodeURIComponent(first.body.nextCursor!);
    expect((await owner.get(sims(`?limit=7&sort=plan:asc&status=active&cursor=${cursor}`))).status).toBe(200);
    for (const other of ['status=suspended', '', 'status=active&q=0470']) {
      const res = await owner.get(sims(`?limit=5&sort=plan:asc&${other}&cursor=${cursor}`));
      expect(res.status, other).toBe(400);
      expect(problem(res).errors?.map((e) => e.field)).toContain('querystring.cursor');
    }
  });
});

describe('scope (ROLE-2..6, DLG-2..4): lists filtered in SQL, a SIM out of scope is not found', () => {
  it('the fleet manager sees only the Sales SIMs, with any filter or sort; another SIM is 404, detail and history alike', async () => {
    const all = await acmeSims();
    const salesIds = idsOf(all.filter((s) => s.costCentreId === sales));
    expect(salesIds).toHaveLength(14);
    for (const query of ['', '&sort=endUser:desc', '&sort=initialTermEnd:asc', `&costCentreId=${sales}`]) {
      expect(idsOf((await walk(fleet, query, 5)).items), query).toEqual(salesIds);
    }
    const outside = all.find((s) => s.costCentreId !== sales)!;
    expect((await fleet.get<SimListResponse>(sims(`?costCentreId=${outside.costCentreId}`))).body.items).toEqual([]);
    for (const path of [sim(outside.id), sim(outside.id, '/history')]) {
      const res = await fleet.get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await fleet.get(sim(salesIds[0]!))).status).toBe(200);
    // Brightwave's delegate has the same scope through the delegation.
    expect(idsOf((await walk(delegate, '')).items)).toEqual(salesIds);
    expect((await delegate.get(sim(outside.id))).status).toBe(404);
  });

  it('the Service User sees only his own line, in the list and one by one', async () => {
    const employeeId = await userId('employee@acme.test');
    const { items } = await walk(employee, '&sort=plan:asc');
    expect(items).toHaveLength(1);
    expect(items[0]!.endUser?.id).toBe(employeeId);
    expect((await employee.get(sim(items[0]!.id))).status).toBe(200);
    expect((await employee.get(sim(items[0]!.id, '/history'))).status).toBe(200);
    const other = (await acmeSims()).find((s) => s.id !== items[0]!.id)!;
    expect((await employee.get(sim(other.id))).status).toBe(404);
    expect((await employee.get(sim(other.id, '/history'))).status).toBe(404);
  });

  it('another customer\'s owner gets 404 for Acme; an Acme SIM asked under another customer is 404; AM and financial manager 403', async () => {
    const any = (await acmeSims())[0]!;
    for (const path of [sims(), sim(any.id), sim(any.id, '/history')]) expect((await noordzeeOwner.get(path)).status, path).toBe(404);
    const noordzeeSim = (await db().selectFrom('sims').select('id').where('customer_id', '=', noordzee).executeTakeFirstOrThrow()).id;
    expect((await owner.get(sim(noordzeeSim))).status).toBe(404);
    expect((await noordzeeOwner.get(sim(noordzeeSim, '', noordzee))).status).toBe(200);
    expect((await noordzeeOwner.get(sim(any.id, '', noordzee))).status).toBe(404);
    for (const client of [manager, finance]) {
      expect((await client.get(sim(any.id))).status).toBe(403);
      expect((await client.get(sim(any.id, '/history'))).status).toBe(403);
    }
    expect((await new ApiClient(t.url).get(sim(any.id))).status).toBe(401);
  });
});

describe('GET …/sims/{simId}: the subscription, device (MOB-5) and this month\'s usage (MOB-2)', () => {
  const deviceOf = (ownership: string) => db().selectFrom('devices').select(['sim_id', 'imei', 'make', 'model'])
    .where('customer_id', '=', acme).where('ownership', '=', ownership).where('until', 'is', null).orderBy('sim_id').executeTakeFirstOrThrow();

  it('plan, options, flags, contract dates and the version as ETag, as the database holds them', async () => {
    const row = await db().selectFrom('sims').selectAll().where('customer_id', '=', acme).where('msisdn', '=', '+32470000003').executeTakeFirstOrThrow();
    const res = await owner.get<SimDetail>(sim(row.id));
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${row.version}"`);
    const plan = await db().selectFrom('tariff_plans').selectAll().where('id', '=', row.tariff_plan_id!).executeTakeFirstOrThrow();
    expect(res.body).toMatchObject({
      id: row.id, msisdn: row.msisdn, iccid: row.iccid, status: row.status, version: row.version,
      clir: row.clir, premiumBarring: row.premium_barring, euDataCutoffOptOut: row.eu_data_cutoff_opt_out,
      contractStart: row.contract_start, initialTermEnd: row.initial_term_end,
      tariffPlan: { id: plan.id, code: plan.code, monthlyFeeCents: plan.monthly_fee_cents, allowances: { dataMb: plan.data_mb, voiceMinutes: plan.voice_minutes, sms: plan.sms } },
    });
    const options = await db().selectFrom('sim_options').select('option_id').where('customer_id', '=', acme).where('sim_id', '=', row.id).execute();
    expect(res.body.options.map((o) => o.id).sort()).toEqual(options.map((o) => o.option_id).sort());
  });

  it('a customer-owned device shows its IMEI, make and model; a BYOD device shows nothing but its marking', async () => {
    const own = await deviceOf('customer');
    const shown = await owner.get<SimDetail>(sim(own.sim_id));
    expect(shown.body.deviceOwnership).toBe('customer');
    expect(shown.body.device).toMatchObject({ imei: own.imei, make: own.make, model: own.model });
    const byod = await deviceOf('byod');
    const hidden = await owner.get<SimDetail>(sim(byod.sim_id));
    expect(hidden.status).toBe(200);
    expect(hidden.body.deviceOwnership).toBe('byod');
    expect(hidden.body.device).toBeNull();
    expect(JSON.stringify(hidden.body)).not.toContain(byod.imei);
    // Nor does the history of that line tell its IMEI.
    const history = await owner.get<SimHistoryResponse>(sim(byod.sim_id, '/history?limit=200'));
    expect(history.status).toBe(200);
    expect(history.body.items.some((i) => i.kind === 'device')).toBe(true);
    expect(JSON.stringify(history.body)).not.toContain(byod.imei);
  });

  it('this month\'s usage against the allowance: data, voice by the started minute, SMS; the band as the list filters', async () => {
    const [used, extra] = await Promise.all([monthDataKb(), extraDataMb()]);
    const simId = [...used.keys()].find((id) => (extra.get(id) ?? 0) === 0)!;
    const row = await db().selectFrom('sims as s').innerJoin('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
      .where('s.id', '=', simId).select(['tp.data_mb', 'tp.voice_minutes', 'tp.sms']).executeTakeFirstOrThrow();
    const now = t.clock.now();
    const from = brusselsStartOfDay(`${brusselsDate(now).slice(0, 7)}-01`);
    const events = await db().selectFrom('usage_events').select(['type', 'duration_s', 'volume_kb'])
      .where('customer_id', '=', acme).where('sim_id', '=', simId).where('occurred_at', '>=', from).where('occurred_at', '<=', now).execute();
    const minutes = events.filter((e) => e.type === 'national_voice' || e.type === 'international_voice').reduce((m, e) => m + Math.ceil(e.duration_s! / 60), 0);
    const res = await owner.get<SimDetail>(sim(simId));
    expect(res.body.usage).toMatchObject({
      month: brusselsDate(now).slice(0, 7),
      data: { used: Math.round((used.get(simId)! / 1024) * 10) / 10, allowance: row.data_mb, band: usageBand(used.get(simId)!, row.data_mb === null ? null : row.data_mb * 1024) },
      voice: { used: minutes, allowance: row.voice_minutes },
      sms: { used: events.filter((e) => e.type === 'sms').length, allowance: row.sms },
    });
    // The list puts the same SIM in the same band.
    const band = res.body.usage!.data.band;
    expect((await walk(owner, `&usageBand=${band}`)).items.some((i) => i.id === simId)).toBe(true);
  });
});

describe('GET …/sims/{simId}/history: MOB-3, newest first, keyset pages', () => {
  it('who, when, for which customer, through which delegation, before and after', async () => {
    const own = (await walk(employee, '')).items[0]!;
    const res = await owner.get<SimHistoryResponse>(sim(own.id, '/history'));
    expect(res.status).toBe(200);
    const stored = await db().selectFrom('sim_changes').select(['id', 'at', 'delegation_id']).where('customer_id', '=', acme).where('sim_id', '=', own.id)
      .orderBy('at', 'desc').orderBy('id', 'desc').execute();
    expect(stored.length).toBeGreaterThan(2);
    expect(res.body.items.map((i) => i.id)).toEqual(stored.map((s) => s.id));
    const viaDelegation = res.body.items.find((i) => i.delegation !== null)!;
    expect(viaDelegation).toMatchObject({
      kind: 'clir', actor: { name: 'Bart Brightwave' }, actingFor: { id: acme, name: 'Acme Belgium NV' }, delegation: { partnerName: 'Brightwave IT BV' },
    });
    expect(viaDelegation.after).toEqual({ clir: (await owner.get<SimDetail>(sim(own.id))).body.clir });
    const byOwner = res.body.items.find((i) => i.kind === 'premium_barring')!;
    expect(byOwner).toMatchObject({ actor: { name: 'Olivia Owner' }, delegation: null, before: { premiumBarring: false }, after: { premiumBarring: true } });
    // The device of this customer-owned line, and the one before it (IMEI history).
    const device = res.body.items.find((i) => i.kind === 'device')!;
    expect(device.after).toMatchObject({ ownership: 'customer', imei: expect.stringMatching(/^\d{15}$/) });
    expect(device.before).toMatchObject({ ownership: 'customer', imei: expect.stringMatching(/^\d{15}$/) });
  });

  it('walks page by page (limit 1) to the same entries; a bad cursor is a 400', async () => {
    const own = (await walk(employee, '')).items[0]!;
    const all = (await owner.get<SimHistoryResponse>(sim(own.id, '/history?limit=200'))).body.items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: SimHistoryResponse } = await employee.get<SimHistoryResponse>(
        sim(own.id, `/history?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 50);
    expect(seen).toEqual(all.map((i) => i.id));
    const ats = all.map((i) => i.at);
    expect(ats).toEqual([...ats].sort().reverse());
    const bad = await owner.get(sim(own.id, '/history?cursor=garbage'));
    expect(bad.status).toBe(400);
    expect(problem(bad).errors?.map((e) => e.field)).toContain('querystring.cursor');
  });
});

describe('the catalogue: any signed-in user (no customer data)', () => {
  it('tariff plans, a withdrawn one with its last switch date (MOB-11); an Access Manager reads them too', async () => {
    const res = await manager.get<TariffPlanListResponse>('/api/v1/catalogue/tariff-plans');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(await db().selectFrom('tariff_plans').select('id').execute().then((r) => r.length));
    expect(res.body.items.find((p) => p.code === 'BM-CLASSIC')).toMatchObject({ withdrawnAt: '2026-09-01', lastSwitchOn: '2027-02-28' });
    expect(res.body.items.find((p) => p.code === 'BM-UNL')).toMatchObject({ allowances: { dataMb: null, voiceMinutes: null, sms: null } });
    expect(res.body.items.filter((p) => p.withdrawnAt === null).length).toBeGreaterThanOrEqual(4);
    expect((await new ApiClient(t.url).get('/api/v1/catalogue/tariff-plans')).status).toBe(401);
  });

  it('tariff options, all or those that fit a plan, as tariff_option_plans says; an unknown plan is 404', async () => {
    const all = await employee.get<TariffOptionListResponse>('/api/v1/catalogue/tariff-options');
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(5);
    const plan = await db().selectFrom('tariff_plans').select('id').where('code', '=', 'BM-XS').executeTakeFirstOrThrow();
    const fits = await db().selectFrom('tariff_option_plans').select('option_id').where('plan_id', '=', plan.id).execute();
    const some = await employee.get<TariffOptionListResponse>(`/api/v1/catalogue/tariff-options?planId=${plan.id}`);
    expect(some.body.items.map((o) => o.id).sort()).toEqual(fits.map((f) => f.option_id).sort());
    expect(some.body.items.length).toBeLessThan(all.body.items.length);
    expect(some.body.items.every((o) => o.planIds.includes(plan.id))).toBe(true);
    expect((await employee.get('/api/v1/catalogue/tariff-options?planId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('bad input → 400 problem+json naming the field', () => {
  it.each([
    ['status=lost', 'querystring.status'],
    ['status=terminated', 'querystring.status'],
    ['tariffPlanId=basic', 'querystring.tariffPlanId'],
    ['optionId=1', 'querystring.optionId'],
    ['usageBand=50', 'querystring.usageBand'],
    ['usageBand=', 'querystring.usageBand'],
    ['sort=plan', 'querystring.sort'],
    ['sort=iccid:asc', 'querystring.sort'],
    ['sort=plan:up', 'querystring.sort'],
    ['q=%00', 'querystring.q'],
    ['q=' + '4'.repeat(31), 'querystring.q'],
    ['q=' + 'a'.repeat(61), 'querystring.q'],
    ['limit=0', 'querystring.limit'],
    ['unknown=1', 'querystring.unknown'],
    ['sort=plan:asc&cursor=' + Buffer.from(JSON.stringify(['sims:plan:asc', 'Business', 'not-a-number'])).toString('base64url'), 'querystring.cursor'],
    ['sort=initialTermEnd:asc&cursor=' + Buffer.from(JSON.stringify(['sims:initialTermEnd:asc', "'; DROP TABLE sims --", '+32470000001'])).toString('base64url'), 'querystring.cursor'],
  ])('GET …/sims?%s → %s', async (query, field) => {
    const res = await owner.get(sims(`?${query}`));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem(res).errors?.map((e) => e.field)).toContain(field);
  });

  it.each([
    ['/sims/not-a-uuid', 'params.simId'],
    ['/sims/{sim}/history?limit=1000', 'querystring.limit'],
    ['/sims/{sim}/history?sort=at:desc', 'querystring.sort'],
    ['/sims/{sim}?expand=all', 'querystring.expand'],
  ])('GET …%s → %s', async (path, field) => {
    const any = (await acmeSims())[0]!;
    const res = await owner.get(`/api/v1/customers/${acme}${path.replace('{sim}', any.id)}`);
    expect(res.status).toBe(400);
    expect(problem(res).errors?.map((e) => e.field)).toContain(field);
  });

  it('GET /catalogue/tariff-options?planId=x and /catalogue/tariff-plans?x=1 → 400', async () => {
    const bad = await owner.get('/api/v1/catalogue/tariff-options?planId=basic');
    expect(problem(bad).errors?.map((e) => e.field)).toContain('querystring.planId');
    const unknown = await owner.get('/api/v1/catalogue/tariff-plans?withdrawn=1');
    expect(problem(unknown).errors?.map((e) => e.field)).toContain('querystring.withdrawn');
  });
});
