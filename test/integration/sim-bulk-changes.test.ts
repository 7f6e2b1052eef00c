import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Problem } from '@mandate/contracts/common';
import type { BulkChange, BulkChangeItemResponse, WhatIfResult } from '@mandate/contracts/sim-orders';
import { runBulkChanges } from '@mandate/server/modules/sim-orders/bulk-changes.service';
import { monthCost } from '@mandate/server/modules/sim-orders/what-if.service';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * Bulk changes and the what-if through the HTTP API on the demo data (MOB-3, PFM-4): refused as a
 * whole when a SIM is out of scope or the catalogue refuses the change; applied by the job batch
 * by batch with a result per SIM, failures retryable; never twice, also when a worker stops
 * between batches or dies inside one; idempotent; the what-if's re-rating against its formula.
 */
let t: TestApp;
let owner: ApiClient;
let fleet: ApiClient;
let employee: ApiClient;
let manager: ApiClient;
let acme: string;

const db = () => t.database.db;
const problem = (res: { body: unknown }) => res.body as Problem;
const bulk = (suffix = '') => `/api/v1/customers/${acme}/sim-bulk-changes${suffix}`;
const deps = () => ({ db: db(), clock: t.clock, config: t.app.config, log: t.app.log });
const planId = async (code: string) => (await db().selectFrom('tariff_plans').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const optionId = async (code: string) => (await db().selectFrom('tariff_options').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const simsIn = async (costCentre: string | null) => {
  let q = db().selectFrom('sims as s').leftJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id').where('s.customer_id', '=', acme);
  if (costCentre) q = q.where('cc.name', '=', costCentre);
  return q.select(['s.id', 's.status', 's.tariff_plan_id as planId']).orderBy('s.id').execute();
};

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  [owner, fleet, employee, manager] = await Promise.all(
    ['owner@acme.test', 'fleet@acme.test', 'employee@acme.test', 'manager@acme.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient];
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  // A worker dies inside a batch when this switch is on: its transaction fails after it wrote the SIMs, orders and history.
  await sql`CREATE TABLE crash_switch (on_ boolean)`.execute(db());
  await sql`CREATE FUNCTION crash_if_switched() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF EXISTS (SELECT 1 FROM crash_switch) THEN RAISE EXCEPTION 'worker killed'; END IF; RETURN NULL; END $$`.execute(db());
  await sql`CREATE TRIGGER crash_bulk_items AFTER UPDATE ON sim_bulk_change_items FOR EACH STATEMENT EXECUTE FUNCTION crash_if_switched()`.execute(db());
});
afterAll(async () => t?.close());

describe('refused as a whole, nothing recorded', () => {
  it('a selection with one SIM out of the fleet manager\'s scope: 403 naming body.simIds; the AM and the employee may not at all', async () => {
    const sales = await simsIn('Sales');
    const [finance] = await simsIn('Finance');
    const body = { simIds: [...sales.map((s) => s.id), finance!.id], change: { kind: 'premium_barring', enabled: true } };
    const res = await fleet.post(bulk(), body);
    expect(res.status).toBe(403);
    expect(problem(res)).toMatchObject({ code: 'sims_out_of_scope', errors: [{ field: 'body.simIds' }] });
    expect(await db().selectFrom('sim_bulk_changes').select('id').execute()).toHaveLength(0);
    expect((await manager.post(bulk(), body)).status).toBe(403);
    expect((await employee.post(bulk(), { simIds: [sales[0]!.id], change: { kind: 'clir', enabled: true } })).status).toBe(403);
  });

  it('a withdrawn or unknown plan, an unacknowledged EU opt-out, a malformed selection: 422 or 400', async () => {
    const ids = (await simsIn('Sales')).map((s) => s.id);
    expect(problem(await owner.post(bulk(), { simIds: ids, change: { kind: 'plan', tariffPlanId: await planId('BM-CLASSIC') } })).code).toBe('plan_withdrawn');
    expect((await owner.post(bulk(), { simIds: ids, change: { kind: 'plan', tariffPlanId: randomUUID() } })).status).toBe(422);
    const eu = await owner.post(bulk(), { simIds: ids, change: { kind: 'eu_data_cutoff', optOut: true } });
    expect(problem(eu).errors?.[0]?.field).toBe('body.change.warningAcknowledged');
    expect((await owner.post(bulk(), { simIds: [], change: { kind: 'clir', enabled: true } })).status).toBe(400);
    expect((await owner.post(bulk(), { simIds: [ids[0], ids[0]], change: { kind: 'clir', enabled: true } })).status).toBe(400);
    expect((await owner.post(bulk(), { simIds: ['nope'], change: { kind: 'clir', enabled: true } })).status).toBe(400);
    const upper = await owner.post(bulk(), { simIds: [ids[0]!.toUpperCase()], change: { kind: 'clir', enabled: true } });
    expect(upper.status).toBe(400);
    expect(problem(upper).errors?.[0]?.field).toBe('body.simIds.0');
    // The documented most, a whole fleet of 50,000 ids (some 2 MB), is read and judged, not refused for its size.
    const fleetOf50k = await owner.post(bulk(), { simIds: Array.from({ length: 50_000 }, () => randomUUID()), change: { kind: 'clir', enabled: true } });
    expect(fleetOf50k.status, JSON.stringify(fleetOf50k.body).slice(0, 300)).toBe(403);
    expect(problem(fleetOf50k).errors?.[0]?.field).toBe('body.simIds');
    expect(await db().selectFrom('sim_bulk_changes').select('id').execute()).toHaveLength(0);
  });
});

describe('applied by the job, each SIM exactly once', () => {
  it('a plan change on the whole Acme fleet: stopped between batches, killed inside one, resumed; every SIM changed once, failures reported and retryable', async () => {
    const all = await simsIn(null);
    const target = await planId('BM-S');
    const key = randomUUID();
    const body = { simIds: all.map((s) => s.id), change: { kind: 'plan', tariffPlanId: target } };
    const created = await owner.post<BulkChange>(bulk(), body, { 'idempotency-key': key });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', total: all.length, pending: all.length, applied: 0, unchanged: 0, failed: 0 });
    const again = await owner.post<BulkChange>(bulk(), body, { 'idempotency-key': key });
    expect(again.body.id).toBe(created.body.id);
    expect(await db().selectFrom('sim_bulk_changes').select('id').execute()).toHaveLength(1);
    const id = created.body.id;

    // A worker that stops after one batch of 10.
    await runBulkChanges(deps(), { batchSize: 10, maxBatches: 1 });
    const midway = (await owner.get<BulkChange>(bulk(`/${id}`))).body;
    expect(midway).toMatchObject({ status: 'running', pending: all.length - 10 });
    // While its lease runs, no other worker takes it.
    expect(await runBulkChanges(deps(), { batchSize: 10 })).toBe(0);

    // The next worker dies inside its batch: nothing of that batch stays.
    const start = t.clock.now();
    t.clock.advance(61_000);
    await sql`INSERT INTO crash_switch VALUES (true)`.execute(db());
    await expect(runBulkChanges(deps(), { batchSize: 10 })).rejects.toThrow(/worker killed/);
    await sql`DELETE FROM crash_switch`.execute(db());
    expect((await owner.get<BulkChange>(bulk(`/${id}`))).body.pending).toBe(all.length - 10);

    // Once its lease has passed, a worker resumes and finishes.
    t.clock.advance(61_000);
    await runBulkChanges(deps(), { batchSize: 10 });
    t.clock.set(start);
    const done = (await owner.get<BulkChange>(bulk(`/${id}`))).body;
    // What refuses the change: a line deactivated or being ported out, an option the new plan does not allow.
    const fitsTarget = new Set((await db().selectFrom('tariff_option_plans').select('option_id').where('plan_id', '=', target).execute()).map((f) => f.option_id));
    const stranding = new Set((await db().selectFrom('sim_options').select(['sim_id', 'option_id']).where('customer_id', '=', acme).execute())
      .filter((o) => !fitsTarget.has(o.option_id)).map((o) => o.sim_id));
    const deactivated = all.filter((s) => s.status === 'deactivated' || s.status === 'port_out_pending' || (s.planId !== target && stranding.has(s.id)));
    // A SIM on the plan already is settled as unchanged: no order, no history.
    const unchanged = all.filter((s) => !deactivated.includes(s) && s.planId === target);
    const changed = all.filter((s) => !deactivated.includes(s) && s.planId !== target);
    expect(unchanged.length).toBeGreaterThan(0);
    expect(done).toMatchObject({ status: 'done', total: all.length, pending: 0, failed: deactivated.length, unchanged: unchanged.length, applied: changed.length });
    const settledUnchanged = await owner.get<BulkChangeItemResponse>(bulk(`/${id}/items?status=unchanged&limit=200`));
    expect(settledUnchanged.body.items.map((i) => [i.simId, i.orderId])).toEqual(expect.arrayContaining(unchanged.map((s) => [s.id, null])));
    expect(settledUnchanged.body.items).toHaveLength(unchanged.length);

    // Exactly one order per SIM that changed, and one history row for it.
    const orders = await db().selectFrom('sim_orders').select(['sim_id']).where('bulk_change_id', '=', id).execute();
    expect(orders.map((o) => o.sim_id).sort()).toEqual(changed.map((s) => s.id).sort());
    const history = await db().selectFrom('sim_changes as c').innerJoin('sim_orders as o', 'o.id', 'c.order_id')
      .select(['c.sim_id']).where('o.bulk_change_id', '=', id).execute();
    expect(history.map((h) => h.sim_id).sort()).toEqual(changed.map((s) => s.id).sort());
    const audit = await db().selectFrom('audit_log').select('target_id').where('action', '=', 'sim.plan').where('target_id', 'in', changed.map((s) => s.id)).execute();
    expect(audit).toHaveLength(changed.length);
    const after = await simsIn(null);
    expect(after.filter((s) => s.planId === target)).toHaveLength(all.length - deactivated.filter((s) => s.planId !== target).length);

    const failed = await owner.get<BulkChangeItemResponse>(bulk(`/${id}/items?status=failed&limit=100`));
    expect(failed.body.items.map((i) => i.simId).sort()).toEqual(deactivated.map((s) => s.id).sort());
    expect(failed.body.items.every((i) => i.reason !== null)).toBe(true);
    const codes = new Set(['sim_deactivated', 'sim_porting_out', 'options_incompatible']);
    expect(failed.body.items.filter((i) => !codes.has(i.code ?? '') || /^[a-z_]+\|/.test(i.reason ?? ''))).toEqual([]);

    expect(deactivated.length).toBeGreaterThan(2);
    // Retry: the port-out that was cancelled meanwhile is active again and now takes the change; the others never change twice.
    const portingOut = deactivated.find((s) => s.status === 'port_out_pending');
    if (portingOut) await db().updateTable('sims').set({ status: 'active' }).where('id', '=', portingOut.id).execute();
    const retried = await owner.post<BulkChange>(bulk(`/${id}/retry`));
    expect(retried.status).toBe(202);
    expect(await db().selectFrom('audit_log').select(['action', 'before', 'after']).where('target_id', '=', id).orderBy('id').execute()).toMatchObject([
      { action: 'sim.bulk_change' },
      { action: 'sim.bulk_change_retry', before: { failed: deactivated.length }, after: { retried: deactivated.length } },
    ]);
    await runBulkChanges(deps());
    const final = (await owner.get<BulkChange>(bulk(`/${id}`))).body;
    expect(final.failed).toBe(deactivated.length - (portingOut ? 1 : 0));
    expect(await db().selectFrom('sim_orders').select('id').where('bulk_change_id', '=', id).execute()).toHaveLength(all.length - final.failed - unchanged.length);
  });

  it('the fleet manager adds an option to his Sales SIMs: those whose plan it does not fit fail with the reason and its code', async () => {
    const sales = await simsIn('Sales');
    const sms = await optionId('SMS-500');
    const created = await fleet.post<BulkChange>(bulk(), { simIds: sales.map((s) => s.id), change: { kind: 'add_option', optionId: sms } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    await runBulkChanges(deps());
    const items = (await fleet.get<BulkChangeItemResponse>(bulk(`/${created.body.id}/items?limit=100`))).body.items;
    const fits = new Set((await db().selectFrom('tariff_option_plans').select('plan_id').where('option_id', '=', sms).execute()).map((f) => f.plan_id));
    const smsCode = 'SMS-500';
    for (const s of await simsIn('Sales')) {
      const item = items.find((i) => i.simId === s.id)!;
      const open = s.status !== 'deactivated' && s.status !== 'port_out_pending';
      const takes = Boolean(open && s.planId && fits.has(s.planId));
      expect(item.status, s.id).toBe(takes ? 'applied' : 'failed');
      // Each failure with the stable code of its reason, the reason itself as it was.
      const code = takes ? null : s.status === 'deactivated' ? 'sim_deactivated' : s.status === 'port_out_pending' ? 'sim_porting_out' : 'option_incompatible';
      expect(item.code, s.id).toBe(code);
      if (code === 'option_incompatible') expect(item.reason).toBe(`the option ${smsCode} cannot be added to the line's tariff plan`);
      if (code === null) expect(item.reason).toBeNull();
    }
    expect(items.filter((i) => i.code === 'option_incompatible').length).toBeGreaterThan(0);
    // An option their plan takes, twice: the second time every SIM that took it (or had it) is unchanged, with no new order.
    const intl = await optionId('INTL-100');
    const run = async () => {
      const created = await fleet.post<BulkChange>(bulk(), { simIds: sales.map((s) => s.id), change: { kind: 'add_option', optionId: intl } });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      await runBulkChanges(deps());
      return { change: (await fleet.get<BulkChange>(bulk(`/${created.body.id}`))).body, items: (await fleet.get<BulkChangeItemResponse>(bulk(`/${created.body.id}/items?limit=100`))).body.items };
    };
    const first = await run();
    const took = first.items.filter((i) => i.status !== 'failed').map((i) => i.simId).sort();
    expect(first.change.applied).toBeGreaterThan(0);
    const ordersBefore = (await db().selectFrom('sim_orders').select('id').execute()).length;
    const second = await run();
    expect(second.change).toMatchObject({ status: 'done', applied: 0, unchanged: took.length });
    expect(second.items.filter((i) => i.status === 'unchanged').map((i) => [i.simId, i.orderId]).sort()).toEqual(took.map((id) => [id, null]));
    expect(second.items.filter((i) => i.status === 'unchanged').every((i) => i.code === 'no_change' && i.reason === 'The SIM has this already.')).toBe(true);
    expect(await db().selectFrom('sim_orders').select('id').execute()).toHaveLength(ordersBefore);
    // The owner's bulk change is not the fleet manager's to see if it holds SIMs beyond his scope.
    const ownerBulk = (await db().selectFrom('sim_bulk_changes').select('id').where('created_by', '<>', (await db().selectFrom('users').select('id').where('email', '=', 'fleet@acme.test').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow()).id;
    expect((await fleet.get(bulk(`/${ownerBulk}`))).status).toBe(404);
    expect((await fleet.get(bulk(`/${created.body.id}`))).status).toBe(200);
  });
});

describe('for the next billing period', () => {
  it('a second bulk change of the plan for the next period replaces the first one\'s scheduled orders', async () => {
    const sims = (await simsIn('Sales')).filter((s) => s.status === 'active').slice(0, 3).map((s) => s.id);
    const schedule = async (code: string) => {
      const created = await fleet.post<BulkChange>(bulk(), { simIds: sims, change: { kind: 'plan', tariffPlanId: await planId(code), effective: 'next_period' } });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      await runBulkChanges(deps());
      return created.body.id;
    };
    const first = await schedule('BM-XS');
    const second = await schedule('BM-UNL');
    const ordersOf = (bulkId: string) => db().selectFrom('sim_orders').select(['sim_id', 'status', 'reason']).where('bulk_change_id', '=', bulkId).orderBy('sim_id').execute();
    expect((await ordersOf(first)).map((o) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await ordersOf(first))[0]!.reason).toMatch(/replaced/i);
    expect((await ordersOf(second)).map((o) => o.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
    // SEC-3: one audit row per SIM and scheduled order, the second naming the order it replaced.
    const orderIds = async (bulkId: string) => Object.fromEntries((await db().selectFrom('sim_orders').select(['sim_id', 'id'])
      .where('bulk_change_id', '=', bulkId).execute()).map((o) => [o.sim_id, o.id]));
    const [firstIds, secondIds] = [await orderIds(first), await orderIds(second)];
    const audit = await db().selectFrom('audit_log').select(['target_id', 'before', 'after']).where('action', '=', 'sim_order.schedule')
      .where('target_id', 'in', sims).orderBy('id').execute();
    expect(audit).toHaveLength(6);
    for (const simId of sims) {
      expect(audit.filter((a) => a.target_id === simId)).toMatchObject([
        { before: null, after: { orderId: firstIds[simId], bulkChangeId: first, status: 'scheduled' } },
        { before: { replacedOrderIds: [firstIds[simId]] }, after: { orderId: secondIds[simId], bulkChangeId: second } },
      ]);
    }
  });
});

describe('what-if: re-rating the last 3 months on a candidate plan', () => {
  it('the formula: monthly fee, what goes beyond the allowances at the plan\'s rates, international and roaming at standard price', () => {
    const plan = { id: 'p', fee: 1000, dataMb: 512, minutes: 120, sms: 50, dataRate: 2, voiceRate: 12, smsRate: 10 };
    // 600 MB (started MB of 614400 kB = 600), 130 minutes, 55 SMS, €3 roaming: 10.00 + 88×0.02 + 10×0.12 + 5×0.10 + 3.00
    expect(monthCost(plan, { dataKb: 600 * 1024, minutes: 130, sms: 55, otherCents: 300 }, { dataMb: 0, minutes: 0, sms: 0 })).toBe(1000 + 176 + 120 + 50 + 300);
    // An option's 5 GB covers the data; unlimited allowances cost nothing beyond the fee.
    expect(monthCost(plan, { dataKb: 600 * 1024, minutes: 0, sms: 0, otherCents: 0 }, { dataMb: 5120, minutes: 0, sms: 0 })).toBe(1000);
    expect(monthCost({ ...plan, dataMb: null, minutes: null, sms: null }, { dataKb: 1e9, minutes: 1e5, sms: 1e4, otherCents: 0 }, { dataMb: 0, minutes: 0, sms: 0 })).toBe(1000);
  });

  it('per SIM and in total, for the fleet manager\'s SIMs only', async () => {
    const sales = await simsIn('Sales');
    const res = await fleet.post<WhatIfResult>(`/api/v1/customers/${acme}/sims/what-if`, { simIds: sales.map((s) => s.id), tariffPlanId: await planId('BM-UNL') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.months).toHaveLength(3);
    expect(res.body.items).toHaveLength(sales.length);
    // Unlimited: 3 × €49 plus international calls and roaming, whatever the usage.
    for (const item of res.body.items) {
      expect(item.candidateCents).toBeGreaterThanOrEqual(3 * 4900);
      expect(item.differenceCents).toBe(item.candidateCents - item.currentCents);
    }
    expect(res.body.totals.differenceCents).toBe(res.body.items.reduce((t, i) => t + i.differenceCents, 0));
    const [finance] = await simsIn('Finance');
    expect((await fleet.post(`/api/v1/customers/${acme}/sims/what-if`, { simIds: [finance!.id], tariffPlanId: await planId('BM-UNL') })).status).toBe(403);
    expect((await fleet.post(`/api/v1/customers/${acme}/sims/what-if`, { simIds: [sales[0]!.id], tariffPlanId: randomUUID() })).status).toBe(422);
    // A withdrawn plan is no candidate: the bulk change would refuse it.
    const withdrawn = await fleet.post(`/api/v1/customers/${acme}/sims/what-if`, { simIds: [sales[0]!.id], tariffPlanId: await planId('BM-CLASSIC') });
    expect(withdrawn.status).toBe(422);
    expect(problem(withdrawn)).toMatchObject({ code: 'plan_withdrawn', errors: [{ field: 'body.tariffPlanId' }] });
  });
});

describe('the headers the API documents are the ones it honours', () => {
  const headersOf = (doc: OpenApi, path: string, method: 'post' | 'put') =>
    (doc.paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name).sort();
  type OpenApi = { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> } | undefined> | undefined> };

  it('a bulk change takes an Idempotency-Key but no If-Match (there is no single version to match); the device PUT only If-Match', async () => {
    const res = await fetch(`${t.url}/api/openapi.json`);
    const doc = (await res.json()) as OpenApi;
    expect(headersOf(doc, '/api/v1/customers/{customerId}/sim-bulk-changes', 'post')).toEqual(['idempotency-key']);
    expect(headersOf(doc, '/api/v1/customers/{customerId}/sims/{simId}/device', 'put')).toEqual(['if-match']);
    expect(headersOf(doc, '/api/v1/customers/{customerId}/sims/{simId}/orders', 'post')).toEqual(['idempotency-key', 'if-match']);
  });
});
