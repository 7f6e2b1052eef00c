import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargesResponse, UnbilledPage } from '@mandate/contracts/usage';
import type { SimBillingResponse, SimCallDetailPage } from '@mandate/contracts/sim-billing';
import type { SimDetail, SimHistoryResponse } from '@mandate/contracts/sims';
import type { SimOrder, SimOrderListResponse } from '@mandate/contracts/sim-orders';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { SEEDED_APP_TIMEOUT_MS, usageFixture, type UsageFixture } from './usage.fixtures.ts';

/**
 * ROLE-5 when a line changes hands: a Service User sees only his own usage, so the new holder of
 * a line sees what happened since he got it, never the previous holder's call details, charges,
 * unbilled usage or month's consumption, and the previous holder no longer sees the line. The
 * SIM keeps when its holder got it (end_user_since), set when the line is given to him.
 * Clock: 2026-11-02T10:00Z (the usage fixture's).
 */
const NOW = new Date('2026-11-02T10:00:00Z');

let t: TestApp;
let f: UsageFixture;
let owner: ApiClient;
let employee: ApiClient;
let colleague: ApiClient;
let colleagueId: string;
let colleagueSim: string;
let employeeMsisdn: string;
let employeeId: string;
let earlierOrder: string;

const simPath = (simId: string, rest = '') => `/api/v1/customers/${f.acme}/sims/${simId}${rest}`;

/** Every call detail of the SIM the client may read, all pages. */
async function callDetails(client: ApiClient, simId: string): Promise<string[]> {
  const out: string[] = [];
  let path: string | null = simPath(simId, '/call-details?limit=200');
  while (path) {
    const res: { status: number; body: SimCallDetailPage } = await client.get<SimCallDetailPage>(path as string);
    expect(res.status).toBe(200);
    out.push(...res.body.items.map((i) => i.startedAt));
    const next: string | null = res.body.nextCursor;
    path = next ? simPath(simId, `/call-details?limit=200&cursor=${encodeURIComponent(next)}`) : null;
  }
  return out;
}

async function unbilled(client: ApiClient, simId: string): Promise<string[]> {
  const res = await client.get<UnbilledPage>(`/api/v1/customers/${f.acme}/usage/unbilled?simId=${simId}&limit=200`);
  expect(res.status).toBe(200);
  return res.body.items.map((i) => i.occurredAt);
}

async function septemberCharges(client: ApiClient): Promise<number> {
  const res = await client.get<ChargesResponse>(`/api/v1/customers/${f.acme}/usage/charges?month=2026-09&limit=200`);
  expect(res.status).toBe(200);
  return res.body.items.filter((i) => i.msisdn === employeeMsisdn).length;
}

async function setSince(since: string | null): Promise<void> {
  await t.database.db.updateTable('sims').set({ end_user_since: since === null ? null : new Date(since) })
    .where('customer_id', '=', f.acme).where('id', '=', f.employeeSim).execute();
}

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set(NOW);
  f = await usageFixture(t.database.db);
  const { db } = t.database;
  // A colleague: a Service User of Acme who uses a line of his own.
  const row = await db.selectFrom('sims as s').innerJoin('users as u', 'u.id', 's.end_user_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').onRef('m.customer_id', '=', 's.customer_id'))
    .where('s.customer_id', '=', f.acme).where('m.profile', '=', 'service_user').where('u.email', '!=', 'employee@acme.test')
    .select(['u.id', 'u.email', 's.id as simId']).orderBy('u.email').executeTakeFirstOrThrow();
  colleagueId = row.id;
  colleagueSim = row.simId;
  const held = await db.selectFrom('sims').select(['msisdn', 'end_user_id']).where('id', '=', f.employeeSim).executeTakeFirstOrThrow();
  employeeMsisdn = held.msisdn;
  employeeId = held.end_user_id!;
  [owner, employee, colleague] = await Promise.all(['owner@acme.test', 'employee@acme.test', row.email].map((e) => signedIn(t.url, e))) as [ApiClient, ApiClient, ApiClient];
}, SEEDED_APP_TIMEOUT_MS);
afterAll(async () => t?.close());

describe('a line given to a colleague (ROLE-5)', () => {
  it('before: the holder sees his line\'s call details, September\'s charges and the unbilled usage', async () => {
    expect((await callDetails(employee, f.employeeSim)).some((at) => at.startsWith('2026-09-'))).toBe(true);
    expect(await septemberCharges(employee)).toBeGreaterThan(0);
    expect(await unbilled(employee, f.employeeSim)).toContain('2026-11-01T08:00:00.000Z');
    // A change of the line a minute before it changes hands.
    t.clock.set(new Date(NOW.getTime() - 60_000));
    const read = await owner.get<SimDetail>(simPath(f.employeeSim));
    const placed = await owner.post<SimOrder>(simPath(f.employeeSim, '/orders'), { kind: 'clir', enabled: !read.body.clir, effective: 'now' },
      { 'if-match': read.headers.get('etag')! });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    earlierOrder = placed.body.id;
    t.clock.set(NOW);
    expect((await employee.get(`/api/v1/customers/${f.acme}/sim-orders/${earlierOrder}`)).status).toBe(200);
  });

  it('given to the colleague now: he sees the line but none of what came before; the employee loses it', async () => {
    const versionBefore = (await owner.get(simPath(f.employeeSim))).headers.get('etag');
    const put = await owner.put(`/api/v1/customers/${f.acme}/users/${colleagueId}/sims`, { simIds: [colleagueSim, f.employeeSim] });
    expect(put.status).toBe(200);
    // MOB-3: the line's history names who held it before and after; its version moves on.
    const after = await owner.get(simPath(f.employeeSim));
    expect(after.headers.get('etag')).not.toBe(versionBefore);
    const history = await owner.get<SimHistoryResponse>(simPath(f.employeeSim, '/history'));
    expect(history.status).toBe(200);
    const [newest] = history.body.items;
    expect(newest).toMatchObject({ kind: 'end_user', at: NOW.toISOString(), actor: { name: expect.any(String) } });
    expect((newest!.before as { endUser: { id: string } }).endUser.id).toBe(employeeId);
    expect(newest!.after).toEqual({ endUser: { id: colleagueId, name: expect.any(String) } });
    const sim = await t.database.db.selectFrom('sims').select(['end_user_id', 'end_user_since']).where('id', '=', f.employeeSim).executeTakeFirstOrThrow();
    expect(sim).toEqual({ end_user_id: colleagueId, end_user_since: NOW });

    // The line's changes: his from the moment he got it, his predecessor's before that stay hidden.
    const earlier = history.body.items.filter((h) => h.at < NOW.toISOString());
    expect(earlier.length).toBeGreaterThan(0);
    const theirs = await colleague.get<SimHistoryResponse>(simPath(f.employeeSim, '/history'));
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((h) => h.id)).toEqual(history.body.items.filter((h) => h.at >= NOW.toISOString()).map((h) => h.id));

    // The orders of the line likewise: his predecessor's are not his to read.
    const orders = await colleague.get<SimOrderListResponse>(`/api/v1/customers/${f.acme}/sim-orders?simId=${f.employeeSim}&limit=200`);
    expect(orders.status).toBe(200);
    expect(orders.body.items.map((o) => o.id)).not.toContain(earlierOrder);
    expect((await colleague.get(`/api/v1/customers/${f.acme}/sim-orders/${earlierOrder}`)).status).toBe(404);
    expect((await owner.get(`/api/v1/customers/${f.acme}/sim-orders/${earlierOrder}`)).status).toBe(200);

    const detail = await colleague.get<SimDetail>(simPath(f.employeeSim));
    expect(detail.status).toBe(200);
    expect(detail.body.usage).not.toBeNull();
    expect([detail.body.usage!.data.used, detail.body.usage!.voice.used, detail.body.usage!.sms.used]).toEqual([0, 0, 0]);
    expect(await callDetails(colleague, f.employeeSim)).toEqual([]);
    expect(await unbilled(colleague, f.employeeSim)).toEqual([]);
    expect(await septemberCharges(colleague)).toBe(0);
    const billing = await colleague.get<SimBillingResponse>(simPath(f.employeeSim, '/billing'));
    expect(billing.status).toBe(200);
    expect(billing.body.items).toEqual([]);

    expect((await employee.get(simPath(f.employeeSim))).status).toBe(404);
    expect(await septemberCharges(employee)).toBe(0);
    // Those who read the line by its account or cost centre still see all of it.
    expect((await callDetails(owner, f.employeeSim)).some((at) => at.startsWith('2026-09-'))).toBe(true);
    expect(await septemberCharges(owner)).toBeGreaterThan(0);
  });

  it('held since 15 September: the calls from that day, the unbilled usage and the month\'s consumption, no month begun before', async () => {
    await setSince('2026-09-15T00:00:00Z');
    const all = await callDetails(owner, f.employeeSim);
    const mine = await callDetails(colleague, f.employeeSim);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toEqual(all.filter((at) => at >= '2026-09-15T00:00:00.000Z'));
    expect(mine.length).toBeLessThan(all.length);
    expect(await unbilled(colleague, f.employeeSim)).toEqual(await unbilled(owner, f.employeeSim));
    const detail = await colleague.get<SimDetail>(simPath(f.employeeSim));
    expect(detail.body.usage!.voice.used).toBeGreaterThan(0);
    // September began (1 September 00:00 Brussels) before he held the line: its charges are not his.
    expect(await septemberCharges(colleague)).toBe(0);
    const billing = await colleague.get<SimBillingResponse>(simPath(f.employeeSim, '/billing'));
    expect(billing.body.items.map((m) => m.month)).not.toContain('2026-09');
  });

  it('a month is his from the instant it begins in Brussels, not a millisecond later', async () => {
    await setSince('2026-08-31T22:00:00.000Z');
    expect(await septemberCharges(colleague)).toBeGreaterThan(0);
    expect((await colleague.get<SimBillingResponse>(simPath(f.employeeSim, '/billing'))).body.items.map((m) => m.month)).toContain('2026-09');
    await setSince('2026-08-31T22:00:00.001Z');
    expect(await septemberCharges(colleague)).toBe(0);
  });

  it('taken back from him: he sees nothing of it and its holder date goes', async () => {
    const put = await owner.put(`/api/v1/customers/${f.acme}/users/${colleagueId}/sims`, { simIds: [colleagueSim] });
    expect(put.status).toBe(200);
    const sim = await t.database.db.selectFrom('sims').select(['end_user_id', 'end_user_since']).where('id', '=', f.employeeSim).executeTakeFirstOrThrow();
    expect(sim).toEqual({ end_user_id: null, end_user_since: null });
    expect((await colleague.get(simPath(f.employeeSim))).status).toBe(404);
  });
});
