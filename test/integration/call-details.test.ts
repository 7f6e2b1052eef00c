import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableUntil } from '@mandate/domain/retention';
import type { Problem } from '@mandate/contracts/common';
import type { CallDetailItem, CallDetailPage } from '@mandate/contracts/usage';
import { brusselsDate } from '@mandate/domain/dates';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { SEEDED_APP_TIMEOUT_MS, usageFixture, type UsageFixture } from './usage.fixtures.ts';

/**
 * "Call details of an invoice: filter (SIM, type, date range, destination prefix), sort, keyset
 * pagination" (INV-1), filtered in SQL by the Usage rules, within the 6-month window (RET-1) of an
 * invoice still within its 12-month one; bad input is a 400 naming the field.
 */
let t: TestApp;
let f: UsageFixture;
let owner: ApiClient;
let finance: ApiClient;
let manager: ApiClient;
let employee: ApiClient;
let fleet: ApiClient;
let noordzee: ApiClient;

beforeAll(async () => {
  t = await startTestApp();
  f = await usageFixture(t.database.db);
  [owner, finance, manager, employee, fleet, noordzee] = await Promise.all(
    ['owner@acme.test', 'finance@acme.test', 'manager@acme.test', 'employee@acme.test', 'fleet@acme.test', 'owner@noordzee.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
}, SEEDED_APP_TIMEOUT_MS);
afterAll(async () => t?.close());

const NOW = new Date('2026-11-02T10:00:00Z');
const url = (invoiceId: string, query = '') => `/api/v1/customers/${f.acme}/invoices/${invoiceId}/call-details${query}`;
const problem = (res: { body: unknown }) => res.body as Problem;

/** Every page of a call-detail list, following nextCursor. */
async function walk(client: ApiClient, invoiceId: string, query = '', limit = 7): Promise<{ items: CallDetailItem[]; pages: number }> {
  const items: CallDetailItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: CallDetailPage } = await client.get<CallDetailPage>(url(invoiceId, `?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}

const key = (i: CallDetailItem) => `${i.startedAt}|${String(i.id).padStart(12, '0')}`;

describe('paging', () => {
  it('walks every call detail of the invoice once, in (start, id) order, both ways', async () => {
    t.clock.set(NOW);
    const asc = await walk(owner, f.invoices.sep);
    expect(asc.items).toHaveLength(f.sepCalls);
    expect(new Set(asc.items.map((i) => i.id)).size).toBe(f.sepCalls);
    expect(asc.pages).toBe(Math.ceil(f.sepCalls / 7));
    expect(asc.items.map(key)).toEqual(asc.items.map(key).sort());
    // Two calls start at the same instant: the id breaks the tie, and no page boundary loses one.
    const starts = asc.items.map((i) => i.startedAt);
    expect(new Set(starts).size).toBe(f.sepCalls - 1);

    const desc = await walk(owner, f.invoices.sep, '&sort=startedAt:desc', 6);
    expect(desc.items.map((i) => i.id)).toEqual(asc.items.map((i) => i.id).reverse());

    const first = asc.items[0]!;
    expect(first).toMatchObject({ msisdn: expect.stringMatching(/^\+32/), type: 'national_voice', durationS: 30, standardPriceCents: 10, billedPriceCents: 5 });
    expect(Object.keys(first).sort()).toEqual(['billedPriceCents', 'destination', 'durationS', 'id', 'msisdn', 'simId', 'standardPriceCents', 'startedAt', 'type', 'volumeKb']);
  });

  it('finance (all accounts) sees the same set; the set shows when it starts leaving its window', async () => {
    t.clock.set(NOW);
    const res = await finance.get<CallDetailPage>(url(f.invoices.sep, '?limit=200'));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(f.sepCalls);
    // Calls of 1 September 2026 are shown through 1 March 2027 and gone at 2 March 00:00 Brussels.
    expect(res.body.availableUntil).toBe('2027-03-01T23:00:00.000Z');
  });
});

describe('filters', () => {
  it('by type, SIM, Brussels days and destination prefix, alone and together', async () => {
    t.clock.set(NOW);
    const all = (await walk(owner, f.invoices.sep, '', 200)).items;

    const sms = (await walk(owner, f.invoices.sep, '&type=sms')).items;
    expect(sms.length).toBeGreaterThan(0);
    expect(sms.map((i) => i.id)).toEqual(all.filter((i) => i.type === 'sms').map((i) => i.id));

    const mine = (await walk(owner, f.invoices.sep, `&simId=${f.employeeSim}`)).items;
    expect(mine.map((i) => i.id)).toEqual(all.filter((i) => i.simId === f.employeeSim).map((i) => i.id));
    expect(mine.length).toBe(f.sepCalls / 2);

    const days = (await walk(owner, f.invoices.sep, '&from=2026-09-10&to=2026-09-15')).items;
    const inDays = all.filter((i) => brusselsDate(new Date(i.startedAt)) >= '2026-09-10' && brusselsDate(new Date(i.startedAt)) <= '2026-09-15');
    expect(days.map((i) => i.id)).toEqual(inDays.map((i) => i.id));
    expect(days.length).toBeGreaterThan(2);

    // A prefix finds the destination however the network spelled it: "+32", "0032" and "32" are one country.
    const belgian = all.filter((i) => i.destination?.startsWith('+32') || i.destination?.startsWith('0032')).map((i) => i.id);
    expect(all.some((i) => i.destination?.startsWith('+32')) && all.some((i) => i.destination?.startsWith('0032'))).toBe(true);
    for (const prefix of ['+32', '0032', '32']) {
      const found = (await walk(owner, f.invoices.sep, `&destinationPrefix=${encodeURIComponent(prefix)}`)).items;
      expect(found.map((i) => i.id), prefix).toEqual(belgian);
    }
    // A national prefix: 0 stands for +32.
    const national = (await walk(owner, f.invoices.sep, '&destinationPrefix=047')).items;
    expect(national.map((i) => i.id)).toEqual(all.filter((i) => /^(\+32|0032|0)47/.test(i.destination ?? '')).map((i) => i.id));
    expect(national.length).toBeGreaterThan(0);

    const combined = (await walk(owner, f.invoices.sep, `&simId=${f.otherSim}&type=international_voice&sort=startedAt:desc`)).items;
    expect(combined.map((i) => i.id)).toEqual(all.filter((i) => i.simId === f.otherSim && i.type === 'international_voice').map((i) => i.id).reverse());
  });

  it.each([
    ['?destinationPrefix=32a', 'querystring.destinationPrefix'],
    ['?destinationPrefix=%25', 'querystring.destinationPrefix'],
    ['?destinationPrefix=3%2B2', 'querystring.destinationPrefix'],
    ['?from=2026-09-15&to=2026-09-10', 'querystring.to'],
    ['?from=2026-02-30', 'querystring.from'],
    ['?to=yesterday', 'querystring.to'],
    ['?type=video', 'querystring.type'],
    ['?simId=nope', 'querystring.simId'],
    ['?sort=amount:asc', 'querystring.sort'],
    ['?cursor=not-a-cursor', 'querystring.cursor'],
    ['?limit=0', 'querystring.limit'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await owner.get(url(f.invoices.sep, query));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(problem(res).errors?.map((e) => e.field)).toContain(field);
  });

  it('a cursor of another filter, order or invoice is refused (400), not misread', async () => {
    t.clock.set(NOW);
    const first = await owner.get<CallDetailPage>(url(f.invoices.sep, '?limit=5&type=sms'));
    const cursor = encodeURIComponent(first.body.nextCursor!);
    for (const query of [`?cursor=${cursor}`, `?type=sms&sort=startedAt:desc&cursor=${cursor}`, `?type=data&cursor=${cursor}`]) {
      const res = await owner.get(url(f.invoices.sep, query));
      expect(res.status, query).toBe(400);
      expect(problem(res).errors?.[0]?.field).toBe('querystring.cursor');
    }
    const other = await owner.get(url(f.invoices.may, `?type=sms&cursor=${cursor}`));
    expect(other.status).toBe(400);
    expect((await owner.get(url(f.invoices.sep, `?limit=5&type=sms&cursor=${cursor}`))).status).toBe(200);
  });

  it('a malformed invoice id is 400 naming it', async () => {
    const res = await owner.get(url('not-a-uuid'));
    expect(res.status).toBe(400);
    expect(problem(res).errors?.[0]?.field).toBe('params.invoiceId');
  });
});

describe('retention (RET-1)', () => {
  const mayDestinations = async () => (await walk(owner, f.invoices.may, '', 50)).items.map((i) => i.destination);
  /** Moves the clock and signs the owner in again (a token from before may have expired by then). */
  const at = async (instant: Date) => {
    t.clock.set(instant);
    owner = await signedIn(t.url, 'owner@acme.test');
  };

  it('call details vanish at 00:00 Brussels of the day they are 6 months old, to the millisecond', async () => {
    // 2 November (Brussels): calls from 2 May 00:00 Brussels (1 May 22:00Z) are shown, the one a millisecond earlier is gone.
    t.clock.set(NOW);
    expect(await mayDestinations()).toEqual(['+32470000102', '+32470000103']);
    const page = await owner.get<CallDetailPage>(url(f.invoices.may));
    expect(page.body.availableUntil).toBe('2026-11-02T23:00:00.000Z');
    // Its first day has left: what is kept starts on 2 May.
    expect(page.body.keptFrom).toBe('2026-05-02');

    await at(new Date('2026-11-02T22:59:59.999Z'));
    expect(await mayDestinations()).toEqual(['+32470000102', '+32470000103']);
    await at(new Date('2026-11-02T23:00:00.000Z'));
    expect(await mayDestinations()).toEqual(['+32470000103']);
    // A filter on earlier days does not bring them back.
    expect((await walk(owner, f.invoices.may, '&from=2026-05-01&to=2026-05-02')).items).toEqual([]);
    await at(NOW);
  });

  it('an invoice past its 12-month window is 404; a visible one shows none of its expired call details', async () => {
    t.clock.set(NOW);
    expect((await owner.get(url(f.invoices.sep25))).status).toBe(404);
    const nov = await owner.get<CallDetailPage>(url(f.invoices.nov25));
    expect(nov.status).toBe(200);
    expect(nov.body.items).toEqual([]);
    // They left when the calls of 30 November 2025 were 6 months old: a past instant, not tonight.
    expect(nov.body.availableUntil).toBe(availableUntil('call_details', '2025-11-30').toISOString());
    expect(Date.parse(nov.body.availableUntil)).toBeLessThan(NOW.getTime());
    expect(nov.body.keptFrom).toBeNull();
    const sep = await owner.get<CallDetailPage>(url(f.invoices.sep));
    expect(sep.body.keptFrom).toBe('2026-09-01');
  });
});

describe('access', () => {
  it('AM 403, employee and cost-centre fleet manager 403 (no invoices), other customer 404, unknown invoice 404', async () => {
    t.clock.set(NOW);
    expect((await manager.get(url(f.invoices.sep))).status).toBe(403);
    expect((await employee.get(url(f.invoices.sep))).status).toBe(403);
    expect((await fleet.get(url(f.invoices.sep))).status).toBe(403);
    expect((await noordzee.get(url(f.invoices.sep))).status).toBe(404);
    expect((await owner.get(url('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    const noordzeeId = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Noordzee Bouw NV').executeTakeFirstOrThrow()).id;
    expect((await noordzee.get(`/api/v1/customers/${noordzeeId}/invoices/${f.invoices.sep}/call-details`)).status).toBe(404);
  });

  it('a financial manager without the invoice\'s billing account gets 404', async () => {
    t.clock.set(NOW);
    const db = t.database.db;
    const grants = await db.selectFrom('grants as g').innerJoin('memberships as m', 'm.id', 'g.membership_id').innerJoin('users as u', 'u.id', 'm.user_id')
      .where('u.email', '=', 'finance@acme.test').select(['g.id', 'g.billing_account_ids']).execute();
    for (const g of grants) {
      await db.updateTable('grants').set({ billing_account_ids: g.billing_account_ids.filter((id) => id !== f.account) }).where('id', '=', g.id).execute();
    }
    try {
      expect((await finance.get(url(f.invoices.sep))).status).toBe(404);
    } finally {
      for (const g of grants) await db.updateTable('grants').set({ billing_account_ids: g.billing_account_ids }).where('id', '=', g.id).execute();
    }
    expect((await finance.get(url(f.invoices.sep))).status).toBe(200);
  });
});
