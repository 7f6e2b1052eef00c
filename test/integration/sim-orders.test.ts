import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Problem } from '@mandate/contracts/common';
import type { SelfServiceRights, SimOrder, SimOrderListResponse, TerminationQuote } from '@mandate/contracts/sim-orders';
import type { SimDetail, SimHistoryResponse } from '@mandate/contracts/sims';
import { addMonths, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { earlyTerminationCost } from '@mandate/domain/termination';
import { applyDueOrders } from '@mandate/server/modules/sim-orders/sim-orders.service';
import { memorySource } from '@mandate/server/modules/billing-runs/billing-runs.format';
import { ingestBillingRun } from '@mandate/server/modules/billing-runs/billing-runs.service';
import type { ApiClient } from '../support/test-app.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Orders on SIMs through the HTTP API on the seeded demo data (MOB-3, MOB-4, MOB-6..10): each
 * change recorded in the history and the audit trail, If-Match on the SIM's version (428, 412,
 * one winner of two), Idempotency-Key (once; 422 on reuse), now or next billing period, the
 * catalogue's rules, the line's status changes, the early-termination cost, self-service within
 * its rights and with approval, and the scope of each persona (a SIM out of scope is not found).
 */
let t: TestApp;
let owner: ApiClient;
let manager: ApiClient;
let finance: ApiClient;
let fleet: ApiClient;
let employee: ApiClient;
let delegate: ApiClient;
let acme: string;

const db = () => t.database.db;
const problem = (res: { body: unknown }) => res.body as Problem;
const sim = (id: string, suffix = '') => `/api/v1/customers/${acme}/sims/${id}${suffix}`;
const orders = (suffix = '') => `/api/v1/customers/${acme}/sim-orders${suffix}`;
const planId = async (code: string) => (await db().selectFrom('tariff_plans').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const optionId = async (code: string) => (await db().selectFrom('tariff_options').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  [owner, manager, finance, fleet, employee, delegate] = await Promise.all(
    ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

/** Acme's SIMs of a cost centre and status, with no options (so any plan change fits), not the employee's own. */
async function simsOf(costCentre: string, status = 'active', withoutOptions = true) {
  const employeeId = (await db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
  let q = db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
    .where('s.customer_id', '=', acme).where('cc.name', '=', costCentre).where('s.status', '=', status)
    .where((eb) => eb.or([eb('s.end_user_id', 'is', null), eb('s.end_user_id', '<>', employeeId)]));
  if (withoutOptions) q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('sim_options as so').select('so.option_id').whereRef('so.sim_id', '=', 's.id'))));
  return (await q.select(['s.id', 's.msisdn']).orderBy('s.msisdn').execute());
}

let spare: Array<{ id: string; msisdn: string }> | undefined;
/**
 * An active Sales SIM no other test touched, without options (so any plan fits): the demo has
 * too few in Sales, so Operations and then Finance lines are moved to Sales as they are needed (this file's own database).
 */
async function freshSalesSim(): Promise<string> {
  // Finance lines last, and from the end of the list: tests take the first Finance line as one out of the fleet manager's scope.
  spare ??= [...await simsOf('Sales', 'active', false), ...await simsOf('Operations', 'active', false), ...(await simsOf('Finance', 'active', false)).slice(-8).reverse()];
  const next = spare.shift();
  if (!next) throw new Error('no spare active SIM left in the demo data');
  const sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
  // A known state (Sales, BM-S, no option), so that no test's order is a no-op by the luck of the draw.
  await db().updateTable('sims').set({ cost_centre_id: sales, tariff_plan_id: await planId('BM-S') }).where('id', '=', next.id).execute();
  await db().deleteFrom('sim_options').where('sim_id', '=', next.id).execute();
  return next.id;
}

/** The scheduler's run at that instant (scheduled orders due, suspensions ended); the clock goes back after it. */
async function runJobAt(instant: Date): Promise<void> {
  const back = t.clock.now();
  t.clock.set(instant);
  try {
    await applyDueOrders({ db: db(), clock: t.clock, config: t.app.config, log: t.app.log });
  } finally {
    t.clock.set(back);
  }
}

async function etag(client: ApiClient, simId: string): Promise<string> {
  const res = await client.get<SimDetail>(sim(simId));
  expect(res.status).toBe(200);
  return res.headers.get('etag')!;
}

/** PUT …/self-service on the SIM's version as the client reads it now. */
async function putRights(client: ApiClient, simId: string, body: unknown) {
  return client.request<SelfServiceRights>('PUT', sim(simId, '/self-service'), body, { 'if-match': await etag(client, simId) });
}

function order(client: ApiClient, simId: string, body: unknown, headers: Record<string, string>) {
  return client.post<SimOrder>(sim(simId, '/orders'), body, headers);
}

const historyOf = async (simId: string) => (await db().selectFrom('sim_changes').selectAll().where('sim_id', '=', simId).orderBy('at', 'desc').execute());

describe('a plan change as an order', () => {
  it('the fleet manager changes a Sales SIM\'s plan now: applied, version raised, in the history and the audit trail, who and for whom', async () => {
    const id = await freshSalesSim();
    const before = await fleet.get<SimDetail>(sim(id));
    const target = await planId(before.body.tariffPlan?.code === 'BM-UNL' ? 'BM-M' : 'BM-UNL');
    const res = await order(fleet, id, { kind: 'plan', tariffPlanId: target }, { 'if-match': before.headers.get('etag')! });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'plan', status: 'applied', effective: 'now', simId: id, createdBy: { name: 'Florian Fleet' } });
    expect(res.headers.get('etag')).toBe(`"${before.body.version + 1}"`);

    const after = await fleet.get<SimDetail>(sim(id));
    expect(after.body.tariffPlan?.id).toBe(target);
    const history = await fleet.get<SimHistoryResponse>(sim(id, '/history'));
    expect(history.body.items[0]).toMatchObject({
      kind: 'plan', orderId: res.body.id, actor: { name: 'Florian Fleet' }, actingFor: { id: acme },
      before: { tariffPlan: { id: before.body.tariffPlan!.id } }, after: { tariffPlan: { id: target } },
    });
    const audit = await db().selectFrom('audit_log').selectAll().where('target_id', '=', id).where('action', '=', 'sim.plan').execute();
    expect(audit).toHaveLength(1);
  });

  it('an order for what the line has already is 422 no_change naming the field; nothing is recorded', async () => {
    const id = await freshSalesSim();
    const current = (await fleet.get<SimDetail>(sim(id))).body;
    const historyBefore = (await historyOf(id)).length;
    const cases: Array<[unknown, string]> = [
      [{ kind: 'plan', tariffPlanId: current.tariffPlan!.id }, 'body.tariffPlanId'],
      [{ kind: 'remove_option', optionId: await optionId('DATA-5G') }, 'body.optionId'],
      [{ kind: 'clir', enabled: current.clir }, 'body.enabled'],
      [{ kind: 'premium_barring', enabled: current.premiumBarring }, 'body.enabled'],
    ];
    for (const [body, field] of cases) {
      const res = await order(fleet, id, body, { 'if-match': await etag(fleet, id) });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(problem(res)).toMatchObject({ code: 'no_change', errors: [{ field }] });
    }
    expect((await fleet.get<SimDetail>(sim(id))).body.version).toBe(current.version);
    expect(await db().selectFrom('sim_orders').select('id').where('sim_id', '=', id).execute()).toEqual([]);
    expect(await historyOf(id)).toHaveLength(historyBefore);
  });

  it('Brightwave\'s delegate changes a Sales SIM through the delegation, which the history names', async () => {
    const id = await freshSalesSim();
    const res = await order(delegate, id, { kind: 'clir', enabled: true }, { 'if-match': await etag(delegate, id) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.delegation).not.toBeNull();
    const [change] = await historyOf(id);
    expect(change).toMatchObject({ kind: 'clir', delegation_id: res.body.delegation!.id, order_id: res.body.id });
  });

  it('without If-Match 428, with a stale one 412; nothing changes', async () => {
    const id = await freshSalesSim();
    const before = await historyOf(id);
    const missing = await order(fleet, id, { kind: 'premium_barring', enabled: true }, {});
    expect(missing.status).toBe(428);
    expect(problem(missing).errors?.[0]?.field).toBe('headers.if-match');
    expect(problem(missing).title).toBe('Precondition required');
    const stale = await order(fleet, id, { kind: 'premium_barring', enabled: true }, { 'if-match': '"999"' });
    expect(stale.status).toBe(412);
    // If-Match compares strongly: the current version as a weak tag does not match.
    const current = await etag(fleet, id);
    expect((await order(fleet, id, { kind: 'premium_barring', enabled: true }, { 'if-match': `W/${current}` })).status).toBe(412);
    expect(await historyOf(id)).toHaveLength(before.length);
  });

  it('If-Match may list several tags; the current one anywhere in the list matches', async () => {
    const id = await freshSalesSim();
    const current = await etag(fleet, id);
    const res = await order(fleet, id, { kind: 'clir', enabled: !(await fleet.get<SimDetail>(sim(id))).body.clir }, { 'if-match': `"998", W/"997", ${current}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('two fleet managers change the same SIM on the same version: exactly one 412', async () => {
    const id = await freshSalesSim();
    const tag = await etag(fleet, id);
    const [a, b] = await Promise.all([
      order(fleet, id, { kind: 'plan', tariffPlanId: await planId('BM-M') }, { 'if-match': tag }),
      order(owner, id, { kind: 'plan', tariffPlanId: await planId('BM-XS') }, { 'if-match': tag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 412]);
    expect((await historyOf(id)).filter((c) => c.kind === 'plan' && c.order_id !== null)).toHaveLength(1);
  });

  it('the same Idempotency-Key twice applies once and answers the same order; with another body 422', async () => {
    const id = await freshSalesSim();
    const key = randomUUID();
    const body = { kind: 'add_option', optionId: await optionId('ROAM-DAY') };
    const tag = await etag(fleet, id);
    const first = await order(fleet, id, body, { 'if-match': tag, 'idempotency-key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await order(fleet, id, body, { 'if-match': tag, 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await historyOf(id)).filter((c) => c.order_id === first.body.id)).toHaveLength(1);
    expect(await db().selectFrom('sim_orders').select('id').where('sim_id', '=', id).execute()).toHaveLength(1);

    const reused = await order(fleet, id, { ...body, optionId: await optionId('ROAM-WORLD') }, { 'if-match': tag, 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(problem(reused).code).toBe('idempotency_key_reused');
  });

  it('retries with the same Idempotency-Key sent at once all answer the one order (none gets 412)', async () => {
    const id = await freshSalesSim();
    const key = randomUUID();
    const body = { kind: 'add_option', optionId: await optionId('ROAM-DAY') };
    const tag = await etag(fleet, id);
    const answers = await Promise.all([1, 2, 3, 4].map(() => order(fleet, id, body, { 'if-match': tag, 'idempotency-key': key })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await db().selectFrom('sim_orders').select('id').where('sim_id', '=', id).execute()).toHaveLength(1);
    expect((await historyOf(id)).filter((c) => c.order_id === answers[0]!.body.id)).toHaveLength(1);
  });

  it('effective next billing period: scheduled for its first day, the SIM unchanged until the job makes it', async () => {
    const id = await freshSalesSim();
    const current = (await fleet.get<SimDetail>(sim(id))).body.tariffPlan?.code;
    const target = await planId(current === 'BM-XS' ? 'BM-S' : 'BM-XS');
    const res = await order(fleet, id, { kind: 'plan', tariffPlanId: target, effective: 'next_period' }, { 'if-match': await etag(fleet, id) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe('scheduled');
    const at = new Date(res.body.effectiveAt!);
    expect(brusselsDate(at).endsWith('-01')).toBe(true);
    expect(at.getTime()).toBe(brusselsStartOfDay(brusselsDate(at)).getTime());
    expect(at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect((await fleet.get<SimDetail>(sim(id))).body.tariffPlan?.id).not.toBe(target);

    const pending = await fleet.get<SimOrderListResponse>(orders(`?simId=${id}&status=scheduled`));
    expect(pending.body.items.map((o) => o.id)).toEqual([res.body.id]);

    await runJobAt(t.clock.now());
    expect((await fleet.get<SimDetail>(sim(id))).body.tariffPlan?.id).not.toBe(target);
    await runJobAt(new Date(at.getTime() + 1000));
    expect((await fleet.get<SimDetail>(sim(id))).body.tariffPlan?.id).toBe(target);
    expect((await fleet.get<SimOrder>(orders(`/${res.body.id}`))).body.status).toBe('applied');
    expect((await historyOf(id))[0]).toMatchObject({ kind: 'plan', order_id: res.body.id });
  });

  it('a scheduled change is cancelled by the fleet manager and never made', async () => {
    const id = await freshSalesSim();
    const res = await order(fleet, id, { kind: 'premium_barring', enabled: true, effective: 'next_period' }, { 'if-match': await etag(fleet, id) });
    const whileScheduled = await etag(fleet, id);
    // The action takes no body: one that says something is refused, and the order stays scheduled.
    for (const [body, field] of [[{ status: 'applied' }, 'body.status'], [[1, 2], 'body'], [null, 'body'], [true, 'body'], [7, 'body']] as const) {
      const refused = await fleet.post<{ errors: unknown }>(orders(`/${res.body.id}/cancel`), body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    expect((await fleet.get<SimOrder>(orders(`/${res.body.id}`))).body.status).toBe('scheduled');
    const cancelled = await fleet.post<SimOrder>(orders(`/${res.body.id}/cancel`), {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    // What the line will be changed again: a change on the version read while it was scheduled is stale.
    expect(await etag(fleet, id)).not.toBe(whileScheduled);
    expect((await order(fleet, id, { kind: 'clir', enabled: true }, { 'if-match': whileScheduled })).status).toBe(412);
    expect((await fleet.post(orders(`/${res.body.id}/cancel`))).status).toBe(409);
    // SEC-3: scheduling and cancelling change the SIM's state, so both are in the audit trail.
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_user_id', 'before', 'after'])
      .where('target_id', '=', id).where('action', 'like', 'sim_order.%').orderBy('id').execute();
    expect(audit).toMatchObject([
      { action: 'sim_order.schedule', actor_user_id: res.body.createdBy!.id, before: null,
        after: { orderId: res.body.id, status: 'scheduled', kind: 'premium_barring', effectiveAt: res.body.effectiveAt } },
      { action: 'sim_order.cancel', actor_user_id: res.body.createdBy!.id, before: { orderId: res.body.id, status: 'scheduled' }, after: { orderId: res.body.id, status: 'cancelled' } },
    ]);
  });

  it('a later change of the same setting for the next period replaces the scheduled one; other settings stay scheduled', async () => {
    const id = await freshSalesSim();
    const next = (body: Record<string, unknown>) => async () => order(fleet, id, { ...body, effective: 'next_period' }, { 'if-match': await etag(fleet, id) });
    const first = await next({ kind: 'plan', tariffPlanId: await planId('BM-XS') })();
    const barring = await next({ kind: 'premium_barring', enabled: true })();
    const second = await next({ kind: 'plan', tariffPlanId: await planId('BM-M') })();
    expect([first.status, barring.status, second.status]).toEqual([201, 201, 201]);

    const replaced = (await fleet.get<SimOrder>(orders(`/${first.body.id}`))).body;
    expect(replaced).toMatchObject({ status: 'cancelled', decidedBy: { name: 'Florian Fleet' } });
    expect(replaced.reason).toMatch(/replaced/i);
    const scheduling = await db().selectFrom('audit_log').select(['before', 'after'])
      .where('target_id', '=', id).where('action', '=', 'sim_order.schedule').orderBy('id').execute();
    expect(scheduling).toMatchObject([
      { before: null, after: { orderId: first.body.id } },
      { before: null, after: { orderId: barring.body.id } },
      { before: { replacedOrderIds: [first.body.id] }, after: { orderId: second.body.id } },
    ]);
    const pending = await fleet.get<SimOrderListResponse>(orders(`?simId=${id}&status=scheduled`));
    expect(pending.body.items.map((o) => o.id).sort()).toEqual([barring.body.id, second.body.id].sort());
    // Several statuses at once: the parameter repeated.
    const both = await fleet.get<SimOrderListResponse>(orders(`?simId=${id}&status=scheduled&status=cancelled`));
    expect(both.body.items.map((o) => o.id).sort()).toEqual([first.body.id, barring.body.id, second.body.id].sort());
    expect((await fleet.get(orders('?status=scheduled&status=bogus'))).status).toBe(400);

    await runJobAt(new Date(new Date(second.body.effectiveAt!).getTime() + 1000));
    expect((await fleet.get<SimDetail>(sim(id))).body.tariffPlan?.code).toBe('BM-M');
    const made = (await historyOf(id)).map((c) => c.order_id);
    expect(made).toContain(second.body.id);
    expect(made).not.toContain(first.body.id);
  });
});

describe('a change made at once after one scheduled for the next period', () => {
  it('replaces the scheduled change of the same setting, which would undo it on its day; other settings stay scheduled', async () => {
    const id = await freshSalesSim();
    const [scheduledPlan, nowPlan] = ['BM-XS', 'BM-M'];
    const scheduled = await order(fleet, id, { kind: 'plan', tariffPlanId: await planId(scheduledPlan!), effective: 'next_period' }, { 'if-match': await etag(fleet, id) });
    const barring = await order(fleet, id, { kind: 'premium_barring', enabled: true, effective: 'next_period' }, { 'if-match': await etag(fleet, id) });
    const now = await order(fleet, id, { kind: 'plan', tariffPlanId: await planId(nowPlan!) }, { 'if-match': await etag(fleet, id) });
    expect([scheduled.status, barring.status, now.status]).toEqual([201, 201, 201]);

    const replaced = (await fleet.get<SimOrder>(orders(`/${scheduled.body.id}`))).body;
    expect(replaced).toMatchObject({ status: 'cancelled', decidedBy: { name: 'Florian Fleet' }, reason: expect.stringMatching(/at once/) });
    expect((await fleet.get<SimOrder>(orders(`/${barring.body.id}`))).body.status).toBe('scheduled');
    const cancelled = await db().selectFrom('audit_log').select(['before', 'after'])
      .where('target_id', '=', id).where('action', '=', 'sim_order.cancel').execute();
    expect(cancelled).toMatchObject([{ before: { orderId: scheduled.body.id, status: 'scheduled' }, after: { orderId: scheduled.body.id, status: 'cancelled', replacedBy: now.body.id } }]);

    await runJobAt(new Date(new Date(barring.body.effectiveAt!).getTime() + 1000));
    expect((await fleet.get<SimDetail>(sim(id))).body).toMatchObject({ tariffPlan: { code: nowPlan }, premiumBarring: true });
  });
});

describe('the catalogue\'s rules and bad input: a clear problem, nothing changed', () => {
  it('a plan not in the catalogue, a withdrawn plan, an option that does not fit the plan: 422 naming the field', async () => {
    const id = await freshSalesSim();
    const tag = await etag(fleet, id);
    const unknown = await order(fleet, id, { kind: 'plan', tariffPlanId: randomUUID() }, { 'if-match': tag });
    expect(unknown.status).toBe(422);
    expect(problem(unknown).errors?.[0]?.field).toBe('body.tariffPlanId');
    const withdrawn = await order(fleet, id, { kind: 'plan', tariffPlanId: await planId('BM-CLASSIC') }, { 'if-match': tag });
    expect(withdrawn.status).toBe(422);
    expect(problem(withdrawn).code).toBe('plan_withdrawn');

    // SMS-500 fits only BM-XS and BM-CLASSIC: move the SIM to BM-M first.
    const moved = await order(fleet, id, { kind: 'plan', tariffPlanId: await planId('BM-M') }, { 'if-match': tag });
    expect(moved.status).toBe(201);
    const misfit = await order(fleet, id, { kind: 'add_option', optionId: await optionId('SMS-500') }, { 'if-match': moved.headers.get('etag')! });
    expect(misfit.status).toBe(422);
    expect(problem(misfit)).toMatchObject({ code: 'option_incompatible', errors: [{ field: 'body.optionId' }] });
    expect((await fleet.get<SimDetail>(sim(id))).body.options).toEqual([]);
  });

  it('a plan withdrawn from the first day of the next period: switching to it now is allowed, scheduling it for that day is 422', async () => {
    const id = await freshSalesSim();
    const nextMonth = addMonths(`${brusselsDate(t.clock.now()).slice(0, 7)}-01`, 1);
    const { id: leaving } = await db().insertInto('tariff_plans').values({
      code: 'BM-LEAVING', name: 'Leaving soon', monthly_fee_cents: 1500, withdrawn_at: nextMonth, last_switch_on: addMonths(nextMonth, 2),
    }).returning('id').executeTakeFirstOrThrow();
    const scheduled = await order(fleet, id, { kind: 'plan', tariffPlanId: leaving, effective: 'next_period' }, { 'if-match': await etag(fleet, id) });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(422);
    expect(problem(scheduled)).toMatchObject({ code: 'plan_withdrawn', errors: [{ field: 'body.tariffPlanId' }] });
    const now = await order(fleet, id, { kind: 'plan', tariffPlanId: leaving }, { 'if-match': await etag(fleet, id) });
    expect(now.status, JSON.stringify(now.body)).toBe(201);
    const [other] = await simsOf('Sales');
    const bulkNext = await fleet.post(`/api/v1/customers/${acme}/sim-bulk-changes`, { simIds: [other!.id], change: { kind: 'plan', tariffPlanId: leaving, effective: 'next_period' } });
    expect(bulkNext.status).toBe(422);
    expect(problem(bulkNext).code).toBe('plan_withdrawn');
  });

  it('a malformed body or id: 400, never a 500', async () => {
    const id = await freshSalesSim();
    const tag = await etag(fleet, id);
    expect((await order(fleet, id, { kind: 'plan' }, { 'if-match': tag })).status).toBe(400);
    expect((await order(fleet, id, { kind: 'teleport' }, { 'if-match': tag })).status).toBe(400);
    expect((await order(fleet, id, { kind: 'plan', tariffPlanId: 'x' }, { 'if-match': tag })).status).toBe(400);
    expect((await order(fleet, 'not-a-uuid', { kind: 'clir', enabled: true }, { 'if-match': tag })).status).toBe(400);
    // An id in capitals is the same UUID to PostgreSQL but not to the server's own bookkeeping: refused, naming it.
    const upper = await order(fleet, id.toUpperCase(), { kind: 'clir', enabled: true }, { 'if-match': tag });
    expect(upper.status).toBe(400);
    expect(problem(upper).errors?.[0]).toMatchObject({ field: 'params.simId', message: expect.stringMatching(/lowercase/) });
    const upperPlan = await order(fleet, id, { kind: 'plan', tariffPlanId: (await planId('BM-M')).toUpperCase() }, { 'if-match': tag });
    expect(problem(upperPlan).errors?.[0]?.field).toBe('body.tariffPlanId');
    expect((await fleet.get(orders('?cursor=garbage'))).status).toBe(400);
    expect((await fleet.get<SimDetail>(sim(id))).body.version).toBe(Number(tag.replace(/"/g, '')));
  });

  it('MOB-9: opting out of the EU data cut-off needs the warning acknowledged', async () => {
    const id = await freshSalesSim();
    const tag = await etag(fleet, id);
    const unwarned = await order(fleet, id, { kind: 'eu_data_cutoff', optOut: true }, { 'if-match': tag });
    expect(unwarned.status).toBe(422);
    expect(problem(unwarned).errors?.[0]?.field).toBe('body.warningAcknowledged');
    const warned = await order(fleet, id, { kind: 'eu_data_cutoff', optOut: true, warningAcknowledged: true }, { 'if-match': tag });
    expect(warned.status).toBe(201);
    expect((await fleet.get<SimDetail>(sim(id))).body.euDataCutoffOptOut).toBe(true);
  });
});

describe('scope: a SIM out of scope is not found, a user without the right is refused', () => {
  it('the fleet manager cannot touch a Finance SIM (404); the AM and the financial manager may change no SIM (403)', async () => {
    const [finSim] = await simsOf('Finance', 'active', false);
    const tag = `"1"`;
    expect((await order(fleet, finSim!.id, { kind: 'clir', enabled: true }, { 'if-match': tag })).status).toBe(404);
    expect((await order(delegate, finSim!.id, { kind: 'clir', enabled: true }, { 'if-match': tag })).status).toBe(404);
    expect((await order(manager, finSim!.id, { kind: 'clir', enabled: true }, { 'if-match': tag })).status).toBe(403);
    expect((await order(finance, finSim!.id, { kind: 'clir', enabled: true }, { 'if-match': tag })).status).toBe(403);
    expect((await fleet.get(sim(finSim!.id, '/termination-quote'))).status).toBe(404);
  });

  it('the orders list holds only orders of SIMs in scope', async () => {
    const [finSim] = await simsOf('Finance');
    const placed = await order(owner, finSim!.id, { kind: 'premium_barring', enabled: true }, { 'if-match': await etag(owner, finSim!.id) });
    expect(placed.status).toBe(201);
    const mine = await fleet.get<SimOrderListResponse>(orders('?limit=100'));
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((o) => o.id)).not.toContain(placed.body.id);
    expect((await fleet.get(orders(`/${placed.body.id}`))).status).toBe(404);
    expect((await owner.get<SimOrder>(orders(`/${placed.body.id}`))).status).toBe(200);
    expect((await manager.get(orders())).status).toBe(403);
  });
});

describe('the line: lost or stolen, suspension, port-out, termination', () => {
  it('MOB-6: blocked at once, reactivated on request; both in the history', async () => {
    const id = await freshSalesSim();
    const blocked = await order(fleet, id, { kind: 'block_lost_stolen', note: 'phone stolen on the train' }, { 'if-match': await etag(fleet, id) });
    expect(blocked.status, JSON.stringify(blocked.body)).toBe(201);
    expect((await fleet.get<SimDetail>(sim(id))).body).toMatchObject({ status: 'blocked', blockedAt: t.clock.now().toISOString(), suspendedUntil: null });
    const row = await db().selectFrom('sims').select(['blocked_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.blocked_at).toEqual(t.clock.now());
    const again = await order(fleet, id, { kind: 'block_lost_stolen' }, { 'if-match': blocked.headers.get('etag')! });
    expect(again.status).toBe(409);
    expect(problem(again)).toMatchObject({ code: 'sim_status', detail: 'This cannot be done while the line is blocked after a loss or theft.' });
    const reactivated = await order(fleet, id, { kind: 'reactivate' }, { 'if-match': blocked.headers.get('etag')! });
    expect(reactivated.status).toBe(201);
    expect((await fleet.get<SimDetail>(sim(id))).body).toMatchObject({ status: 'active', blockedAt: null });
    expect((await historyOf(id)).filter((c) => c.kind === 'status').map((c) => (c.after as { status: string }).status).sort()).toEqual(['active', 'blocked']);
  });

  it('MOB-7: suspended until a date, active again after it', async () => {
    const id = await freshSalesSim();
    const today = brusselsDate(t.clock.now());
    const until = new Date(Date.parse(`${today}T12:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const tooLong = await order(fleet, id, { kind: 'suspend', until: '2099-01-01' }, { 'if-match': await etag(fleet, id) });
    expect(tooLong.status).toBe(422);
    expect(problem(tooLong).errors?.[0]?.field).toBe('body.until');
    const res = await order(fleet, id, { kind: 'suspend', until }, { 'if-match': await etag(fleet, id) });
    expect(res.status).toBe(201);
    expect((await fleet.get<SimDetail>(sim(id))).body).toMatchObject({ status: 'suspended', suspendedUntil: until, blockedAt: null });
    await runJobAt(new Date(t.clock.now().getTime() + 5 * 86_400_000));
    expect((await fleet.get<SimDetail>(sim(id))).body).toMatchObject({ status: 'active', suspendedUntil: null });
  });

  it('MOB-6 with MOB-7: a suspended line reported lost returns to its suspension when reactivated, to active once it has ended', async () => {
    const today = brusselsDate(t.clock.now());
    const until = new Date(Date.parse(`${today}T12:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const suspendThenBlock = async (): Promise<string> => {
      const id = await freshSalesSim();
      expect((await order(fleet, id, { kind: 'suspend', until }, { 'if-match': await etag(fleet, id) })).status).toBe(201);
      expect((await order(fleet, id, { kind: 'block_lost_stolen' }, { 'if-match': await etag(fleet, id) })).status).toBe(201);
      expect((await fleet.get<SimDetail>(sim(id))).body).toMatchObject({ status: 'blocked', suspendedUntil: until });
      return id;
    };

    const during = await suspendThenBlock();
    expect((await order(fleet, during, { kind: 'reactivate' }, { 'if-match': await etag(fleet, during) })).status).toBe(201);
    expect((await fleet.get<SimDetail>(sim(during))).body).toMatchObject({ status: 'suspended', suspendedUntil: until, blockedAt: null });
    expect((await historyOf(during)).filter((c) => c.kind === 'status').map((c) => c.after))
      .toContainEqual({ status: 'suspended', until });

    const after = await suspendThenBlock();
    await runJobAt(new Date(t.clock.now().getTime() + 5 * 86_400_000));
    expect((await fleet.get<SimDetail>(sim(after))).body).toMatchObject({ status: 'blocked', suspendedUntil: null });
    expect((await order(fleet, after, { kind: 'reactivate' }, { 'if-match': await etag(fleet, after) })).status).toBe(201);
    expect((await fleet.get<SimDetail>(sim(after))).body).toMatchObject({ status: 'active', suspendedUntil: null, blockedAt: null });
  });

  it('MOB-8: a port-out ends the subscription; a deactivated number cannot be ported out', async () => {
    const id = await freshSalesSim();
    // After its initial term the line leaves at no cost, and the history names none.
    await db().updateTable('sims').set({ contract_start: '2018-02-01', initial_term_end: '2020-01-31' }).where('id', '=', id).execute();
    const res = await order(fleet, id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' }, { 'if-match': await etag(fleet, id) });
    expect(res.status).toBe(201);
    expect((await fleet.get<SimDetail>(sim(id))).body.status).toBe('port_out_pending');
    expect((await historyOf(id))[0]!.after).toEqual({ status: 'port_out_pending', recipientOperator: 'Other Mobile NV' });
    const gone = await db().selectFrom('sims').select('id').where('customer_id', '=', acme).where('status', '=', 'deactivated').executeTakeFirstOrThrow();
    const refused = await order(owner, gone.id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' }, { 'if-match': await etag(owner, gone.id) });
    expect(refused.status).toBe(409);
    expect(problem(refused).code).toBe('sim_status');
    const change = await order(owner, gone.id, { kind: 'clir', enabled: true }, { 'if-match': await etag(owner, gone.id) });
    expect(change.status).toBe(409);
    // Nor are its end user's rights or its device: 409 naming the line, its version unchanged.
    const tag = await etag(owner, gone.id);
    const rights = await owner.request('PUT', sim(gone.id, '/self-service'), { tariffPlanIds: [], optionIds: [], clir: true, requiresApproval: false }, { 'if-match': tag });
    const device = await owner.request('PUT', sim(gone.id, '/device'), { ownership: 'byod' }, { 'if-match': tag });
    for (const res of [rights, device]) {
      if (res.status === 409) expect(problem(res)).toMatchObject({ code: 'sim_deactivated', errors: [{ field: 'params.simId' }] });
      else expect(res.status, JSON.stringify(res.body)).toBe(409);
    }
    expect(await etag(owner, gone.id)).toBe(tag);
  });

  it('MOB-10: the quote shows the figures from the terms; a termination at another cost is refused, at the quoted one it ends the line', async () => {
    const id = await freshSalesSim();
    const today = brusselsDate(t.clock.now());
    const termEnd = `${Number(today.slice(0, 4)) + 1}-06-30`;
    await db().updateTable('sims').set({ initial_term_end: termEnd }).where('id', '=', id).execute();
    const quote = await fleet.get<TerminationQuote>(sim(id, '/termination-quote'));
    expect(quote.status).toBe(200);
    const detail = (await fleet.get<SimDetail>(sim(id))).body;
    const expected = earlyTerminationCost({
      today, initialTermEnd: termEnd, monthlyFeeCents: detail.tariffPlan!.monthlyFeeCents, callAmountsCents: quote.body.closedInvoices.map((i) => i.callAmountCents),
    });
    expect(quote.body).toMatchObject({ ...expected, monthlyFeeCents: detail.tariffPlan!.monthlyFeeCents, initialTermEnd: termEnd, perSimFeeCents: 5000 });
    expect(quote.body.remainingMonths).toBe(18 - Number(today.slice(5, 7)));
    expect(quote.body.closedInvoices.length).toBeLessThanOrEqual(3);
    expect(quote.body.totalCents).toBe(quote.body.remainingFeesCents + quote.body.callCompensationCents + 5000);
    // The billed call amounts are the SIM's voice, SMS, data and roaming lines on those invoices.
    for (const invoice of quote.body.closedInvoices) {
      const lines = await db().selectFrom('invoice_lines').select(['amount_excl_vat_cents as amount', 'charge_type as type'])
        .where('invoice_id', '=', invoice.invoiceId).where('sim_id', '=', id).execute();
      const calls = lines.filter((l) => ['national_voice', 'international_voice', 'roaming', 'sms', 'data'].includes(l.type)).reduce((s, l) => s + Number(l.amount), 0);
      expect(invoice.callAmountCents).toBe(calls);
    }

    const tag = await etag(fleet, id);
    const wrong = await order(fleet, id, { kind: 'terminate', acceptedCostCents: quote.body.totalCents - 1 }, { 'if-match': tag });
    expect(wrong.status).toBe(409);
    expect(problem(wrong).code).toBe('termination_cost_changed');
    const done = await order(fleet, id, { kind: 'terminate', acceptedCostCents: quote.body.totalCents }, { 'if-match': tag });
    expect(done.status).toBe(201);
    expect((await fleet.get<SimDetail>(sim(id))).body.status).toBe('deactivated');
    expect((await historyOf(id))[0]).toMatchObject({ kind: 'status', after: { status: 'deactivated', earlyTerminationCostCents: quote.body.totalCents } });
    // An ended line has no subscription left to quote.
    const after = await fleet.get(sim(id, '/termination-quote'));
    expect(after.status).toBe(409);
    expect(problem(after).code).toBe('sim_status');
  });

  it('MOB-8 with MOB-10: a port-out within the initial term costs what ending it costs; a confirmed cost must be the current one', async () => {
    const id = await freshSalesSim();
    const termEnd = `${Number(brusselsDate(t.clock.now()).slice(0, 4)) + 1}-06-30`;
    await db().updateTable('sims').set({ initial_term_end: termEnd }).where('id', '=', id).execute();
    const quote = (await fleet.get<TerminationQuote>(sim(id, '/termination-quote'))).body;
    expect(quote.totalCents).toBeGreaterThan(5000);
    const tag = await etag(fleet, id);
    const wrong = await order(fleet, id, { kind: 'port_out', recipientOperator: 'Other Mobile NV', acceptedCostCents: quote.totalCents + 1 }, { 'if-match': tag });
    expect(wrong.status).toBe(409);
    expect(problem(wrong)).toMatchObject({ code: 'termination_cost_changed', errors: [{ field: 'body.acceptedCostCents' }] });
    expect((await fleet.get<SimDetail>(sim(id))).body.status).toBe('active');
    const done = await order(fleet, id, { kind: 'port_out', recipientOperator: 'Other Mobile NV', acceptedCostCents: quote.totalCents }, { 'if-match': tag });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect((await historyOf(id))[0]).toMatchObject({ kind: 'status', after: { status: 'port_out_pending', earlyTerminationCostCents: quote.totalCents } });
  });
});

describe('self-service (MOB-4, ROLE-5)', () => {
  const employeeSim = async () => (await db().selectFrom('sims as s').innerJoin('users as u', 'u.id', 's.end_user_id')
    .where('u.email', '=', 'employee@acme.test').select('s.id').executeTakeFirstOrThrow()).id;

  it('the employee adds an option his rights allow; a plan outside them, another line and a block are refused', async () => {
    const id = await employeeSim();
    const rights = await employee.get<SelfServiceRights>(sim(id, '/self-service'));
    expect(rights.status).toBe(200);
    expect(rights.body.requiresApproval).toBe(false);
    const detail = (await employee.get<SimDetail>(sim(id))).body;
    const allowed = rights.body.optionIds.find((o) => !detail.options.some((h) => h.id === o) && o !== undefined);
    const fits = await db().selectFrom('tariff_option_plans').select('option_id').where('plan_id', '=', detail.tariffPlan!.id).execute();
    const option = rights.body.optionIds.find((o) => fits.some((f) => f.option_id === o) && !detail.options.some((h) => h.id === o)) ?? allowed!;
    const added = await order(employee, id, { kind: 'add_option', optionId: option }, { 'if-match': await etag(employee, id) });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.status).toBe('applied');

    const unl = await planId('BM-UNL');
    expect(rights.body.tariffPlanIds).not.toContain(unl);
    const plan = await order(employee, id, { kind: 'plan', tariffPlanId: unl }, { 'if-match': await etag(employee, id) });
    expect(plan.status).toBe(403);
    expect(problem(plan)).toMatchObject({ code: 'outside_self_service', errors: [{ field: 'body.tariffPlanId' }] });
    const block = await order(employee, id, { kind: 'block_lost_stolen' }, { 'if-match': await etag(employee, id) });
    expect(block.status).toBe(403);
    expect((await putRights(employee, id, { tariffPlanIds: [unl], optionIds: [], clir: true, requiresApproval: false })).status).toBe(403);
    expect((await employee.get(sim(id, '/termination-quote'))).status).toBe(403);
    const [other] = await simsOf('Sales');
    expect((await order(employee, other!.id, { kind: 'clir', enabled: true }, { 'if-match': '"1"' })).status).toBe(404);
  });

  it('an end user replaces his own change scheduled for the next period, never one his manager scheduled: 409 change_scheduled, it stands', async () => {
    const id = await employeeSim();
    const clir = (await employee.get<SimDetail>(sim(id))).body.clir;
    const next = (client: ApiClient, enabled: boolean) => async () => order(client, id, { kind: 'clir', enabled, effective: 'next_period' }, { 'if-match': await etag(client, id) });
    const own = await next(employee, !clir)();
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const ownAgain = await next(employee, !clir)();
    expect(ownAgain.status, JSON.stringify(ownAgain.body)).toBe(201);
    expect((await fleet.get<SimOrder>(orders(`/${own.body.id}`))).body.status).toBe('cancelled');
    const managers = await next(fleet, clir)();
    expect(managers.status, JSON.stringify(managers.body)).toBe(201);
    expect((await fleet.get<SimOrder>(orders(`/${ownAgain.body.id}`))).body.status).toBe('cancelled');

    const refused = await next(employee, !clir)();
    expect(refused.status).toBe(409);
    expect(problem(refused)).toMatchObject({ code: 'change_scheduled', errors: [{ field: 'body.effective' }] });
    expect((await employee.post(orders(`/${managers.body.id}/cancel`))).status).toBe(403);
    const scheduled = await fleet.get<SimOrderListResponse>(orders(`?simId=${id}&status=scheduled`));
    expect(scheduled.body.items.map((o) => o.id)).toEqual([managers.body.id]);
    expect((await fleet.post(orders(`/${managers.body.id}/cancel`))).status).toBe(200);
  });

  it('with approval required the request waits (202), the fleet manager approves it and it takes effect; a rejected one never does', async () => {
    const id = await employeeSim();
    const rights = (await fleet.get<SelfServiceRights>(sim(id, '/self-service'))).body;
    const put = await putRights(fleet, id, { tariffPlanIds: rights.tariffPlanIds, optionIds: rights.optionIds, clir: true, requiresApproval: true });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ requiresApproval: true, grantedBy: { name: 'Florian Fleet' } });

    const clir = (await employee.get<SimDetail>(sim(id))).body.clir;
    const asked = await order(employee, id, { kind: 'clir', enabled: !clir }, { 'if-match': await etag(employee, id) });
    expect(asked.status).toBe(202);
    expect(asked.body.status).toBe('awaiting_approval');
    expect((await employee.get<SimDetail>(sim(id))).body.clir).toBe(clir);
    const waiting = await fleet.get<SimOrderListResponse>(orders('?status=awaiting_approval'));
    expect(waiting.body.items.map((o) => o.id)).toContain(asked.body.id);
    expect((await employee.post(orders(`/${asked.body.id}/approve`))).status).toBe(403);
    const approved = await fleet.post<SimOrder>(orders(`/${asked.body.id}/approve`));
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'applied', decidedBy: { name: 'Florian Fleet' }, decisionDelegation: null });
    expect((await employee.get<SimDetail>(sim(id))).body.clir).toBe(!clir);
    // The test's clock stands still: find the change by its order, not by its place in time.
    expect((await historyOf(id)).filter((c) => c.order_id === asked.body.id)).toMatchObject([{ kind: 'clir', actor_user_id: asked.body.createdBy!.id }]);
    // MOB-3: the history names who asked and who approved.
    const history = (await fleet.get<SimHistoryResponse>(sim(id, '/history'))).body.items;
    expect(history.find((h) => h.orderId === asked.body.id)).toMatchObject({ actor: { id: asked.body.createdBy!.id }, approvedBy: { name: 'Florian Fleet', delegation: null } });
    expect(history.filter((h) => h.orderId !== asked.body.id && h.approvedBy !== null)).toEqual([]);

    const second = await order(employee, id, { kind: 'clir', enabled: clir }, { 'if-match': await etag(employee, id) });
    // Brightwave's delegate manages Sales lines too: his decision names the delegation he acted through.
    const rejected = await delegate.post<SimOrder>(orders(`/${second.body.id}/reject`), { reason: 'Keep your number visible to customers.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Keep your number visible to customers.', decisionDelegation: { id: expect.any(String) } });
    const decisions = await db().selectFrom('audit_log').select(['action', 'actor_user_id', 'delegation_id', 'after'])
      .where('customer_id', '=', acme).where('target_id', '=', id).where('action', 'in', ['sim_order.request', 'sim_order.approve', 'sim_order.reject'])
      .orderBy('id').execute();
    expect(decisions).toMatchObject([
      { action: 'sim_order.request', actor_user_id: asked.body.createdBy!.id, delegation_id: null, after: { orderId: asked.body.id, status: 'awaiting_approval', request: { kind: 'clir' } } },
      { action: 'sim_order.approve', actor_user_id: approved.body.decidedBy!.id, delegation_id: null, after: { orderId: asked.body.id, status: 'applied' } },
      { action: 'sim_order.request', actor_user_id: second.body.createdBy!.id, after: { orderId: second.body.id, status: 'awaiting_approval' } },
      { action: 'sim_order.reject', actor_user_id: rejected.body.decidedBy!.id, delegation_id: rejected.body.decisionDelegation!.id, after: { orderId: second.body.id, status: 'rejected' } },
    ]);
    expect(rejected.body.decidedBy!.id).not.toBe(approved.body.decidedBy!.id);
    expect((await fleet.post(orders(`/${second.body.id}/approve`))).status).toBe(409);
    expect((await employee.get<SimDetail>(sim(id))).body.clir).toBe(!clir);
  });

  it('a request made meanwhile by another is not approved as if it changed something: 409 no_change, it still waits', async () => {
    const id = await employeeSim();
    const rights = (await fleet.get<SelfServiceRights>(sim(id, '/self-service'))).body;
    expect((await putRights(fleet, id, { tariffPlanIds: rights.tariffPlanIds, optionIds: rights.optionIds, clir: true, requiresApproval: true })).status).toBe(200);
    const clir = (await employee.get<SimDetail>(sim(id))).body.clir;
    const again = await order(employee, id, { kind: 'clir', enabled: !clir }, { 'if-match': await etag(employee, id) });
    expect(again.status).toBe(202);
    // The fleet manager makes the change himself meanwhile.
    expect((await order(fleet, id, { kind: 'clir', enabled: !clir }, { 'if-match': await etag(fleet, id) })).status).toBe(201);
    const audits = async () => (await db().selectFrom('audit_log').select('id').where('customer_id', '=', acme).where('action', '=', 'sim_order.approve').execute()).length;
    const auditsBefore = await audits();
    const noop = await fleet.post(orders(`/${again.body.id}/approve`));
    expect(noop.status, JSON.stringify(noop.body)).toBe(409);
    expect(problem(noop)).toMatchObject({ code: 'no_change', errors: [{ field: 'body.enabled' }] });
    expect((await fleet.get<SimOrder>(orders(`/${again.body.id}`))).body.status).toBe('awaiting_approval');
    expect(await audits()).toBe(auditsBefore);
    // The fleet manager rejects it instead; the line keeps what he made.
    expect((await fleet.post(orders(`/${again.body.id}/reject`), { reason: 'Done already.' })).status).toBe(200);
    expect((await employee.get<SimDetail>(sim(id))).body.clir).toBe(!clir);
  });

  it('his later request of the same setting replaces his request still waiting; the manager decides on the latest only', async () => {
    const id = await employeeSim();
    const rights = (await fleet.get<SelfServiceRights>(sim(id, '/self-service'))).body;
    expect((await putRights(fleet, id, { tariffPlanIds: rights.tariffPlanIds, optionIds: rights.optionIds, clir: true, requiresApproval: true })).status).toBe(200);
    const clir = (await employee.get<SimDetail>(sim(id))).body.clir;
    const first = await order(employee, id, { kind: 'clir', enabled: !clir }, { 'if-match': await etag(employee, id) });
    const again = await order(employee, id, { kind: 'clir', enabled: !clir }, { 'if-match': await etag(employee, id) });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect((await fleet.get<SimOrder>(orders(`/${first.body.id}`))).body).toMatchObject({ status: 'cancelled', reason: expect.stringMatching(/later request/) });
    const waiting = await fleet.get<SimOrderListResponse>(orders(`?simId=${id}&status=awaiting_approval`));
    expect(waiting.body.items.map((o) => o.id)).toEqual([again.body.id]);
    const requests = await db().selectFrom('audit_log').select(['before', 'after']).where('target_id', '=', id).where('action', '=', 'sim_order.request').orderBy('id').execute();
    expect(requests.slice(-2)).toMatchObject([{ before: null, after: { orderId: first.body.id } }, { before: { replacedOrderIds: [first.body.id] }, after: { orderId: again.body.id } }]);
    expect((await fleet.post(orders(`/${again.body.id}/approve`))).status).toBe(200);
    expect((await employee.get<SimDetail>(sim(id))).body.clir).toBe(!clir);
  });

  it("self-service rights change on the SIM's version: 428 without If-Match, 412 when stale, nothing given; the same rights again change no version", async () => {
    const id = await employeeSim();
    const read = await fleet.get<SelfServiceRights>(sim(id, '/self-service'));
    const tag = await etag(fleet, id);
    expect(read.headers.get('etag')).toBe(tag);
    const wanted = { tariffPlanIds: read.body.tariffPlanIds, optionIds: read.body.optionIds, clir: !read.body.clir, requiresApproval: read.body.requiresApproval };
    const missing = await fleet.put(sim(id, '/self-service'), wanted);
    expect(missing.status).toBe(428);
    expect(problem(missing)).toMatchObject({ code: 'precondition_required', errors: [{ field: 'headers.if-match' }] });
    expect((await fleet.request('PUT', sim(id, '/self-service'), wanted, { 'if-match': '"999"' })).status).toBe(412);
    expect((await fleet.get<SelfServiceRights>(sim(id, '/self-service'))).body.clir).toBe(read.body.clir);
    expect(await etag(fleet, id)).toBe(tag);

    const changed = await fleet.request<SelfServiceRights>('PUT', sim(id, '/self-service'), wanted, { 'if-match': tag });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.clir).toBe(!read.body.clir);
    expect(changed.headers.get('etag')).not.toBe(tag);
    expect(changed.headers.get('etag')).toBe(await etag(fleet, id));
    // The version read before the change is stale now, for the rights as for any order on the line.
    expect((await fleet.request('PUT', sim(id, '/self-service'), wanted, { 'if-match': tag })).status).toBe(412);
    const again = await fleet.request('PUT', sim(id, '/self-service'), wanted, { 'if-match': changed.headers.get('etag')! });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(changed.headers.get('etag'));
  });

  it('self-service rights name only plans and options of the catalogue; a line without end user has none to give', async () => {
    const id = await employeeSim();
    const bad = await putRights(fleet, id, { tariffPlanIds: [randomUUID()], optionIds: [], clir: false, requiresApproval: true });
    expect(bad.status).toBe(422);
    expect(problem(bad).errors?.[0]?.field).toBe('body.tariffPlanIds.0');
    const lone = await db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
      .where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales').where('s.end_user_id', 'is', null).select('s.id').executeTakeFirst();
    if (lone) expect((await putRights(fleet, lone.id, { tariffPlanIds: [], optionIds: [], clir: false, requiresApproval: true })).status).toBe(409);
  });

  it('a line whose end user is no Service User of the fleet manager\'s: 409 naming the line, no rights given', async () => {
    const id = await freshSalesSim();
    const managerId = (await db().selectFrom('users').select('id').where('email', '=', 'manager@acme.test').executeTakeFirstOrThrow()).id;
    await db().updateTable('sims').set({ end_user_id: managerId, end_user_since: new Date() }).where('id', '=', id).execute();
    const refused = await putRights(fleet, id, { tariffPlanIds: [], optionIds: [], clir: true, requiresApproval: false });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(problem(refused)).toMatchObject({ code: 'end_user_not_grantable', errors: [{ field: 'params.simId' }] });
    expect((await fleet.get<SelfServiceRights>(sim(id, '/self-service'))).body).toMatchObject({ clir: false, grantedAt: null });
  });
});

describe('the device and the number (MOB-5, MOB-8): validated input, nothing changed on a refusal', () => {
  it('a customer-owned device with a valid IMEI is recorded and shown; a bad IMEI is 422 naming body.imei; BYOD keeps no device data', async () => {
    const id = await freshSalesSim();
    const put = (body: unknown, tag: string) => fleet.request('PUT', sim(id, '/device'), body, { 'if-match': tag });
    const bad = await put({ ownership: 'customer', imei: '35-209900-176148-2', make: 'Fairphone', model: 'Fairphone 5' }, await etag(fleet, id));
    expect(bad.status).toBe(422);
    expect(problem(bad)).toMatchObject({ code: 'invalid_imei', errors: [{ field: 'body.imei' }] });
    expect((await put({ ownership: 'customer' }, await etag(fleet, id))).status).toBe(422);
    expect((await put({ ownership: 'customer', imei: '352099001761481' }, '"999"')).status).toBe(412);
    expect((await put({ ownership: 'customer', imei: '352099001761481' }, '')).status).toBe(428);

    const ok = await put({ ownership: 'customer', imei: '35-209900-176148-1', make: 'Fairphone', model: 'Fairphone 5' }, await etag(fleet, id));
    expect(ok.status, JSON.stringify(ok.body)).toBe(204);
    const detail = (await fleet.get<SimDetail>(sim(id))).body;
    expect(detail).toMatchObject({ deviceOwnership: 'customer', device: { imei: '352099001761481', make: 'Fairphone', model: 'Fairphone 5' } });
    expect(ok.headers.get('etag')).toBe(`"${detail.version}"`);
    expect(JSON.stringify((await fleet.get<SimHistoryResponse>(sim(id, '/history'))).body)).toContain('352099001761481');

    expect((await put({ ownership: 'byod', imei: '352099001761481' }, ok.headers.get('etag')!)).status).toBe(422);
    const byod = await put({ ownership: 'byod' }, ok.headers.get('etag')!);
    expect(byod.status).toBe(204);
    expect((await fleet.get<SimDetail>(sim(id))).body).toMatchObject({ deviceOwnership: 'byod', device: null });
    const history = await fleet.get<SimHistoryResponse>(sim(id, '/history'));
    const devices = history.body.items.filter((h) => h.kind === 'device');
    // MOB-5: the change to BYOD shows the marking only; the devices the line had before keep no IMEI, make or model either.
    expect(devices.some((h) => JSON.stringify(h.before) === JSON.stringify({ ownership: 'customer' }) && JSON.stringify(h.after) === JSON.stringify({ ownership: 'byod' })))
      .toBe(true);
    expect(JSON.stringify(history.body)).not.toMatch(/352099001761481|Fairphone/);
    // The same marking again changes nothing: same ETag, no new history row.
    const again = await put({ ownership: 'byod' }, byod.headers.get('etag')!);
    expect(again.status).toBe(204);
    expect(again.headers.get('etag')).toBe(byod.headers.get('etag'));
    expect((await fleet.get<SimHistoryResponse>(sim(id, '/history'))).body.items.filter((h) => h.kind === 'device')).toHaveLength(devices.length);
    // Marked the customer's own again, with another phone: that one shows, the ones before the BYOD marking stay hidden.
    t.clock.advance(60_000);
    const own = await put({ ownership: 'customer', imei: '490154203237518', make: 'Oppo', model: 'Reno' }, again.headers.get('etag')!);
    expect(own.status, JSON.stringify(own.body)).toBe(204);
    const later = JSON.stringify((await fleet.get<SimHistoryResponse>(sim(id, '/history'))).body);
    expect(later).toContain('490154203237518');
    expect(later).not.toMatch(/352099001761481|Fairphone/);
    expect((await employee.request('PUT', sim(id, '/device'), { ownership: 'byod' }, { 'if-match': '"1"' })).status).toBe(403);
  });

  it('a number change asks for a valid Belgian mobile number that is free; a bad one is 422 naming body.desiredMsisdn', async () => {
    const id = await freshSalesSim();
    const bad = await order(fleet, id, { kind: 'number_change', desiredMsisdn: '0470 12' }, { 'if-match': await etag(fleet, id) });
    expect(bad.status).toBe(422);
    expect(problem(bad).errors?.[0]?.field).toBe('body.desiredMsisdn');
    const landline = await order(fleet, id, { kind: 'number_change', desiredMsisdn: '02 555 12 12' }, { 'if-match': await etag(fleet, id) });
    expect(landline.status).toBe(422);
    // 04 followed by 0–4 is the Liège area's fixed lines, though it starts like a mobile number.
    for (const fixed of ['04 222 11 11', '+32 400 00 00 00']) {
      expect((await order(fleet, id, { kind: 'number_change', desiredMsisdn: fixed }, { 'if-match': await etag(fleet, id) })).status, fixed).toBe(422);
    }
    const taken = (await db().selectFrom('sims').select('msisdn').where('id', '!=', id).executeTakeFirstOrThrow()).msisdn;
    expect((await order(fleet, id, { kind: 'number_change', desiredMsisdn: taken }, { 'if-match': await etag(fleet, id) })).status).toBe(409);
    const ok = await order(fleet, id, { kind: 'number_change', desiredMsisdn: '0499 12 34 56' }, { 'if-match': await etag(fleet, id) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ status: 'requested', request: { desiredMsisdn: '+32499123456' } });
    expect(await db().selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', id).where('action', '=', 'sim_order.request').execute())
      .toMatchObject([{ after: { orderId: ok.body.id, kind: 'number_change', status: 'requested', request: { desiredMsisdn: '+32499123456' } } }]);
    const second = await order(fleet, id, { kind: 'number_change', desiredMsisdn: '0499 12 34 57' }, { 'if-match': await etag(fleet, id) });
    expect(second.status).toBe(409);
    expect(problem(second).code).toBe('number_change_pending');
    // The number asked for this line is no longer free for another one.
    const [other] = await simsOf('Finance', 'active', false);
    const clash = await order(owner, other!.id, { kind: 'number_change', desiredMsisdn: '+32 499 12 34 56' }, { 'if-match': await etag(owner, other!.id) });
    expect(clash.status).toBe(409);
    expect(problem(clash)).toMatchObject({ code: 'msisdn_taken', errors: [{ field: 'body.desiredMsisdn' }] });
  });
});

describe('MOB-6: usage after a loss or theft report is not charged', () => {
  it('usage while the line is blocked shows as not charged (0); before the block and after reactivation it is charged', async () => {
    const id = await freshSalesSim();
    const { msisdn } = await db().selectFrom('sims').select('msisdn').where('id', '=', id).executeTakeFirstOrThrow();
    const start = t.clock.now();
    let run = 0;
    const usageAt = async (at: Date, cents: number) => {
      const csv = `msisdn,occurred_at,type,destination,duration_s,volume_kb,standard_price_cents,currency\n${msisdn},${at.toISOString()},national_voice,+32470999999,60,,${cents},EUR\n`;
      const result = await ingestBillingRun({ db: db(), clock: t.clock, log: t.app.log }, memorySource({ runId: `mob6-${id}-${++run}` }, { 'usage.csv': csv }));
      expect(result.status, JSON.stringify(result)).toBe('loaded');
    };
    try {
      await usageAt(new Date(start.getTime() - 60_000), 111);
      const blocked = await order(fleet, id, { kind: 'block_lost_stolen' }, { 'if-match': await etag(fleet, id) });
      expect(blocked.status).toBe(201);
      t.clock.set(new Date(start.getTime() + 60 * 60_000));
      await usageAt(t.clock.now(), 222);
      t.clock.set(new Date(start.getTime() + 2 * 3600_000));
      const again = await signedIn(t.url, 'fleet@acme.test');
      expect((await order(again, id, { kind: 'reactivate' }, { 'if-match': await etag(again, id) })).status).toBe(201);
      t.clock.set(new Date(start.getTime() + 3 * 3600_000));
      await usageAt(t.clock.now(), 333);

      t.clock.set(new Date(start.getTime() + 12 * 3600_000));
      const later = await signedIn(t.url, 'fleet@acme.test');
      const unbilled = await later.get<{ items: Array<{ standardPriceCents: number; notCharged: boolean; occurredAt: string }> }>(
        `/api/v1/customers/${acme}/usage/unbilled?simId=${id}&type=national_voice&limit=200`,
      );
      expect(unbilled.status, JSON.stringify(unbilled.body)).toBe(200);
      const mine = unbilled.body.items.filter((i) => Date.parse(i.occurredAt) >= start.getTime() - 60_000);
      expect(mine.map((i) => [i.standardPriceCents, i.notCharged]).sort()).toEqual([[0, true], [111, false], [333, false]].sort());
    } finally {
      t.clock.set(start);
    }
  });
});
