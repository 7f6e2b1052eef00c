import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Problem } from '@mandate/contracts/common';
import type { ChargeItem, ChargesResponse, UnbilledItem, UnbilledPage } from '@mandate/contracts/usage';
import { formatMsisdn } from '@mandate/domain/msisdn';
import { insertUsageEvents } from '@mandate/server/modules/billing-runs/billing-runs.repo';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { SEEDED_APP_TIMEOUT_MS, usageFixture, type UsageFixture } from './usage.fixtures.ts';

/**
 * Unbilled usage (INV-2: never of a billed period; INV-4: at standard prices, at least 8 hours
 * old, to the millisecond) and the billed charges per SIM of a month from the roll-ups; both
 * filtered by the Usage rules: a Service User sees his own line only (ROLE-5), an Access Manager
 * nothing (ROLE-3).
 */
const NOW = new Date('2026-11-02T10:00:00Z');
const HOUR = 3_600_000;

let t: TestApp;
let f: UsageFixture;

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(NOW);
  f = await usageFixture(t.database.db);
}, SEEDED_APP_TIMEOUT_MS);
afterAll(async () => t?.close());

const unbilledUrl = (query = '') => `/api/v1/customers/${f.acme}/usage/unbilled${query}`;
const chargesUrl = (query: string) => `/api/v1/customers/${f.acme}/usage/charges${query}`;
/** Signs in at the clock's current instant (a token from an earlier instant may have expired). */
const as = (email: string) => signedIn(t.url, email);

async function walkUnbilled(client: ApiClient, query = '', limit = 50, customerId = f.acme): Promise<UnbilledItem[]> {
  const items: UnbilledItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url = `/api/v1/customers/${customerId}/usage/unbilled?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: { status: number; body: UnbilledPage } = await client.get<UnbilledPage>(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 200);
  return items;
}

describe('unbilled usage', () => {
  it('shows an event from exactly 8 hours after it, not a millisecond before (INV-4)', async () => {
    const boundary = f.boundaryEventAt.getTime() + 8 * HOUR;
    t.clock.set(new Date(boundary - 1));
    let employee = await as('employee@acme.test');
    const before = await employee.get<UnbilledPage>(unbilledUrl(`?simId=${f.employeeSim}&limit=200`));
    expect(before.body.visibleUntil).toBe(new Date(f.boundaryEventAt.getTime() - 1).toISOString());
    expect(before.body.items.map((i) => i.destination)).not.toContain('+32470000205');
    expect(before.body.items.map((i) => i.destination)).toContain('+32470000204');

    t.clock.set(new Date(boundary));
    employee = await as('employee@acme.test');
    const at = await employee.get<UnbilledPage>(unbilledUrl(`?simId=${f.employeeSim}&limit=200`));
    expect(at.body.visibleUntil).toBe(f.boundaryEventAt.toISOString());
    const event = at.body.items.find((i) => i.destination === '+32470000205');
    expect(event).toMatchObject({ occurredAt: f.boundaryEventAt.toISOString(), simId: f.employeeSim, type: 'national_voice', durationS: 42, standardPriceCents: 25 });
    expect(Object.keys(event!).sort()).toEqual(['destination', 'durationS', 'id', 'msisdn', 'notCharged', 'occurredAt', 'simId', 'standardPriceCents', 'type', 'volumeKb']);
    t.clock.set(NOW);
  });

  it('never shows usage of a closed period, by the Brussels day of the event (INV-2)', async () => {
    t.clock.set(NOW);
    const owner = await as('owner@acme.test');
    const destinations = (await walkUnbilled(owner, `&simId=${f.otherSim}`)).map((i) => i.destination);
    // 1 Nov 00:30 Brussels: the open November period.
    expect(destinations).toContain('+32470000203');
    // 31 Oct 23:30 Brussels (closed October) and May (closed, billed on INV-T-2605).
    expect(destinations).not.toContain('+32470000202');
    expect(destinations).not.toContain('+32470000201');
  });

  it('newest first, keyset pages without gaps or duplicates', async () => {
    t.clock.set(NOW);
    const owner = await as('owner@acme.test');
    const all = await walkUnbilled(owner, `&simId=${f.otherSim}`, 200);
    const paged = await walkUnbilled(owner, `&simId=${f.otherSim}`, 2);
    expect(all.length).toBeGreaterThan(2);
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    const order = all.map((i) => `${i.occurredAt}|${String(i.id).padStart(12, '0')}`);
    expect(order).toEqual([...order].sort().reverse());
    for (const item of all) expect(Date.parse(item.occurredAt)).toBeLessThanOrEqual(NOW.getTime() - 8 * HOUR);
    const types = await walkUnbilled(owner, '&type=data');
    expect(types.every((i) => i.type === 'data')).toBe(true);
  });

  it('a Service User sees only his own line; an AM 403; another customer 404; bad input 400', async () => {
    t.clock.set(NOW);
    const employee = await as('employee@acme.test');
    const mine = await walkUnbilled(employee);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.simId === f.employeeSim)).toBe(true);
    expect(mine.map((i) => i.destination)).toContain('+32470000204');
    expect(await walkUnbilled(employee, `&simId=${f.otherSim}`)).toEqual([]);

    expect((await (await as('manager@acme.test')).get(unbilledUrl())).status).toBe(403);
    expect((await (await as('owner@noordzee.test')).get(unbilledUrl())).status).toBe(404);
    const owner = await as('owner@acme.test');
    for (const [query, field] of [['?simId=x', 'querystring.simId'], ['?type=fax', 'querystring.type'], ['?cursor=abc', 'querystring.cursor'], ['?limit=500', 'querystring.limit']] as const) {
      const res = await owner.get<Problem>(unbilledUrl(query));
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe(field);
    }
  });
});

describe('unbilled usage by mobile number, for whoever may not list SIM cards', () => {
  const byNumber = (msisdn: string) => `&msisdn=${encodeURIComponent(msisdn)}`;
  const msisdnOf = async (simId: string) => (await t.database.db.selectFrom('sims').select('msisdn').where('id', '=', simId).executeTakeFirstOrThrow()).msisdn;

  it('finance narrows to one SIM card by its number, national or international: exactly that SIM\'s events', async () => {
    t.clock.set(NOW);
    const finance = await as('finance@acme.test');
    // The premise: he reads usage, not the list of SIM cards.
    expect((await finance.get(`/api/v1/customers/${f.acme}/sims`)).status).toBe(403);
    const everything = await walkUnbilled(finance, '', 200);
    expect(new Set(everything.map((i) => i.simId)).size).toBeGreaterThan(1);

    const msisdn = await msisdnOf(f.otherSim);
    const expected = everything.filter((i) => i.simId === f.otherSim).map((i) => i.id);
    expect(expected.length).toBeGreaterThan(2);
    const national = formatMsisdn(msisdn, 'national');
    expect(national).toMatch(/^0\d{3} \d{2} \d{2} \d{2}$/);
    for (const typed of [msisdn, national, national.replace(/ /g, ''), formatMsisdn(msisdn, 'international')]) {
      const items = await walkUnbilled(finance, byNumber(typed), 200);
      expect(items.map((i) => i.id), typed).toEqual(expected);
      expect(items.every((i) => i.simId === f.otherSim && i.msisdn === msisdn), typed).toBe(true);
    }
    // Keyset pages under the filter: the same rows, none twice.
    expect((await walkUnbilled(finance, byNumber(national), 2)).map((i) => i.id)).toEqual(expected);
    // With a type: both filters apply.
    const ofType = everything.filter((i) => i.simId === f.otherSim && i.type === 'national_voice').map((i) => i.id);
    expect(ofType.length).toBeGreaterThan(0);
    expect((await walkUnbilled(finance, `${byNumber(national)}&type=national_voice`, 200)).map((i) => i.id)).toEqual(ofType);
  });

  it('a number that is no phone number is 400 naming querystring.msisdn', async () => {
    const finance = await as('finance@acme.test');
    for (const typed of ['0470', '0470 12 34 56 78 90', 'abc', '+32470000001 ext. 5', '', ' ', '1'.repeat(41)]) {
      const res = await finance.get<Problem>(unbilledUrl(`?msisdn=${encodeURIComponent(typed)}`));
      expect(res.status, typed).toBe(400);
      expect(res.headers.get('content-type'), typed).toMatch(/^application\/problem\+json/);
      expect(res.body.errors?.map((e) => e.field), typed).toEqual(['querystring.msisdn']);
    }
  });

  it('a number outside his scope, of another customer or of no SIM card gives an empty list, never other data', async () => {
    t.clock.set(NOW);
    const db = t.database.db;
    // A line of an Acme account his rights do not name, with unbilled usage the owner sees.
    const account = (await db.insertInto('billing_accounts').values({ customer_id: f.acme, number: 'ACME-T-USAGE-OUT', name: 'Out of his scope', type: 'mobile' })
      .returning('id').executeTakeFirstOrThrow()).id;
    const outside = await db.insertInto('sims').values({ customer_id: f.acme, msisdn: '+32499887766', iccid: '8932990000099887766', billing_account_id: account })
      .returning(['id', 'msisdn']).executeTakeFirstOrThrow();
    // A line of Noordzee with unbilled usage of its own.
    const noordzee = (await db.selectFrom('customers').select('id').where('name', '=', 'Noordzee Bouw NV').executeTakeFirstOrThrow()).id;
    const foreign = await db.selectFrom('sims').select(['id', 'msisdn', 'billing_account_id']).where('customer_id', '=', noordzee).orderBy('msisdn').executeTakeFirstOrThrow();
    await insertUsageEvents(db, [
      { customer_id: f.acme, billing_account_id: account, sim_id: outside.id, occurred_at: new Date('2026-11-01T09:00:00Z'), destination: '+32470000301' },
      { customer_id: noordzee, billing_account_id: foreign.billing_account_id, sim_id: foreign.id, occurred_at: new Date('2026-11-01T09:00:00Z'), destination: '+32470000302' },
    ].map((e) => ({ ...e, cost_centre_id: null, type: 'national_voice', duration_s: 42, volume_kb: null, standard_price_cents: 25 })));

    // Both numbers have usage that someone may see…
    const owner = await as('owner@acme.test');
    expect((await walkUnbilled(owner, byNumber(formatMsisdn(outside.msisdn, 'national')))).map((i) => i.destination)).toEqual(['+32470000301']);
    const noordzeeOwner = await as('owner@noordzee.test');
    expect((await walkUnbilled(noordzeeOwner, byNumber(foreign.msisdn), 200, noordzee)).map((i) => i.destination)).toContain('+32470000302');

    // …but not he: each is an empty page, as a number of no SIM card is.
    const finance = await as('finance@acme.test');
    expect((await walkUnbilled(finance)).map((i) => i.simId)).not.toContain(outside.id);
    for (const typed of [outside.msisdn, formatMsisdn(outside.msisdn, 'national'), foreign.msisdn, formatMsisdn(foreign.msisdn, 'national'), '+32499000000']) {
      expect(await walkUnbilled(finance, byNumber(typed)), typed).toEqual([]);
    }
    // The Service User: another line's number shows nothing, his own his own usage.
    const employee = await as('employee@acme.test');
    expect(await walkUnbilled(employee, byNumber(await msisdnOf(f.otherSim)))).toEqual([]);
    const own = await walkUnbilled(employee, byNumber(await msisdnOf(f.employeeSim)));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((i) => i.simId === f.employeeSim)).toBe(true);
  });
});

describe('billed charges per SIM', () => {
  /** The sum of the roll-ups of a SIM, month and charge type, as stored. */
  async function rolledUp(simId: string | null, month: string, chargeType: string): Promise<number> {
    const row = await t.database.db.selectFrom('usage_rollups').where('customer_id', '=', f.acme).where('month', '=', month).where('charge_type', '=', chargeType)
      .where(simId === null ? sql<boolean>`sim_id IS NULL` : sql<boolean>`sim_id = ${simId}`)
      .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('total')).executeTakeFirstOrThrow();
    return Number(row.total);
  }

  async function walkCharges(client: ApiClient, query: string): Promise<ChargeItem[]> {
    const items: ChargeItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: ChargesResponse } = await client.get<ChargesResponse>(chargesUrl(`${query}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 500);
    return items;
  }

  it('a Service User gets his own line\'s charges of a month from the roll-ups, nothing else (ROLE-5)', async () => {
    t.clock.set(NOW);
    const employee = await as('employee@acme.test');
    const items = await walkCharges(employee, '?month=2026-09');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.simId === f.employeeSim && i.month === '2026-09-01')).toBe(true);
    const voice = items.find((i) => i.chargeType === 'national_voice')!;
    expect(voice.amountCents).toBe(await rolledUp(f.employeeSim, '2026-09-01', 'national_voice'));
    expect(voice.amountCents).toBeGreaterThanOrEqual(1234);
    expect(items.find((i) => i.chargeType === 'subscription')!.amountCents).toBe(await rolledUp(f.employeeSim, '2026-09-01', 'subscription'));
    expect(await walkCharges(employee, `?month=2026-09&simId=${f.otherSim}`)).toEqual([]);
  });

  it('the owner gets every SIM and the account\'s own charges; a month past the 12-month window is empty', async () => {
    t.clock.set(NOW);
    const owner = await as('owner@acme.test');
    const items = await walkCharges(owner, '?month=2026-09');
    // One row per (SIM, charge type), the account's own charges (no SIM) first, then by number and type.
    const keys = items.map((i) => [i.msisdn ?? '', i.chargeType] as const);
    expect(new Set(keys.map((k) => k.join('|'))).size).toBe(keys.length);
    const byKey = (a: readonly [string, string], b: readonly [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
    expect(keys).toEqual([...keys].sort(byKey));
    expect(items.find((i) => i.simId === f.otherSim && i.chargeType === 'data')?.amountCents).toBe(await rolledUp(f.otherSim, '2026-09-01', 'data'));
    expect(items.find((i) => i.simId === null && i.chargeType === 'discount')?.amountCents).toBe(await rolledUp(null, '2026-09-01', 'discount'));
    // September 2025 (period ended 30 Sep 2025) left the window on 1 October 2026.
    expect(await walkCharges(owner, '?month=2025-09')).toEqual([]);
  });

  it('access and bad input: AM 403, other customer 404, a month that is not YYYY-MM 400', async () => {
    t.clock.set(NOW);
    expect((await (await as('manager@acme.test')).get(chargesUrl('?month=2026-09'))).status).toBe(403);
    expect((await (await as('owner@noordzee.test')).get(chargesUrl('?month=2026-09'))).status).toBe(404);
    const owner = await as('owner@acme.test');
    for (const query of ['?month=2026-13', '?month=2026-9', '', '?month=2026-09-01']) {
      const res = await owner.get<Problem>(chargesUrl(query));
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0]?.field).toBe('querystring.month');
    }
  });
});
