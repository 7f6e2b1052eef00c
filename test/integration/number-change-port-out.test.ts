import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Problem } from '@mandate/contracts/common';
import type { OperatorOrder, OperatorOrderListResponse } from '@mandate/contracts/operator-orders';
import type { SimOrder } from '@mandate/contracts/sim-orders';
import type { SimDetail, SimListResponse } from '@mandate/contracts/sims';
import { addDays, brusselsStartOfDay } from '@mandate/domain/dates';
import { earliestServiceNumberChange } from '@mandate/domain/deadlines';
import { applyDueOrders } from '@mandate/server/modules/sim-orders/sim-orders.service';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * MOB-8 through the HTTP API on the seeded demo data: the number changes and port-outs customers
 * ask for wait for operator staff, who complete them (the SIM gets its new number, the old one is
 * free; a port-out deactivates the SIM and ends its subscription) or reject them with a reason;
 * each decision once (a second is 409), in the SIM's history (MOB-3) and the audit trail, mailed
 * to the asker. Customers' users never reach the operator's routes.
 */
let t: TestApp;
let operator: ApiClient;
let owner: ApiClient;
let fleet: ApiClient;
let employee: ApiClient;
let acme: string;
let operatorId: string;

const db = () => t.database.db;
const problem = (res: { body: unknown }) => res.body as Problem;
const sim = (id: string, suffix = '') => `/api/v1/customers/${acme}/sims/${id}${suffix}`;
const queue = (query = '') => `/api/v1/operator/sim-orders${query}`;
const complete = (orderId: string) => `/api/v1/operator/sim-orders/${orderId}/complete`;
const reject = (orderId: string) => `/api/v1/operator/sim-orders/${orderId}/reject`;

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  [operator, owner, fleet, employee] = await Promise.all(
    ['operator@mandate.test', 'owner@acme.test', 'fleet@acme.test', 'employee@acme.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient];
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  operatorId = (await db().selectFrom('users').select('id').where('email', '=', 'operator@mandate.test').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

let spare: string[] | undefined;
/** An active Acme SIM in cost centre Sales (the fleet manager's scope) that no other test of this file touched. */
async function freshSalesSim(): Promise<string> {
  if (!spare) {
    const employeeId = (await db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
    spare = (await db().selectFrom('sims').select('id').where('customer_id', '=', acme).where('status', '=', 'active')
      .where((eb) => eb.or([eb('end_user_id', 'is', null), eb('end_user_id', '<>', employeeId)])).orderBy('msisdn').limit(20).execute()).map((s) => s.id);
  }
  const next = spare.shift();
  if (!next) throw new Error('no spare active SIM left in the demo data');
  const sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
  await db().updateTable('sims').set({ cost_centre_id: sales }).where('id', '=', next).execute();
  return next;
}

async function read(simId: string) {
  const res = await fleet.get<SimDetail>(sim(simId));
  expect(res.status).toBe(200);
  return { sim: res.body, etag: res.headers.get('etag')! };
}

async function order(simId: string, body: unknown): Promise<SimOrder> {
  const res = await fleet.post<SimOrder>(sim(simId, '/orders'), body, { 'if-match': (await read(simId)).etag });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const simRow = (id: string) => db().selectFrom('sims').select(['msisdn', 'status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
const historyOf = (simId: string, orderId: string) =>
  db().selectFrom('sim_changes').selectAll().where('sim_id', '=', simId).where('order_id', '=', orderId).orderBy('at').execute();
const mailsOf = (kind: string) => db().selectFrom('mail_outbox').select(['to_address as to', 'subject', 'body_text as text']).where('kind', '=', kind).execute();

/** A free Belgian mobile number (none of the demo's), typed the way people do. */
function freeNumber(): { typed: string; e164: string } {
  const digits = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  return { typed: `0497 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`, e164: `+32497${digits}` };
}

describe('MOB-8: operator staff complete a number change', () => {
  it('the queue shows it; completing gives the SIM the number asked for, frees the old one, writes history, audit and the mail; a second completion is 409', async () => {
    const id = await freshSalesSim();
    const wanted = freeNumber();
    const placed = await order(id, { kind: 'number_change', desiredMsisdn: wanted.typed, note: 'Easier to remember' });
    expect(placed.status).toBe('requested');
    const before = await simRow(id);

    const list = await operator.get<OperatorOrderListResponse>(queue('?kind=number_change&limit=200'));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const queued = list.body.items.find((o) => o.id === placed.id)!;
    expect(queued).toMatchObject({
      kind: 'number_change', status: 'requested', customer: { id: acme, name: 'Acme Belgium NV' }, simId: id, msisdn: before.msisdn,
      desiredMsisdn: wanted.e164, note: 'Easier to remember', simVersion: before.version, createdBy: { name: 'Florian Fleet' },
    });
    expect(list.body).toHaveProperty('nextCursor');

    const done = await operator.post<OperatorOrder>(complete(placed.id), undefined, { 'if-match': `"${before.version}"` });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'applied', msisdn: wanted.e164, decidedBy: { id: operatorId } });
    const after = await simRow(id);
    expect(after).toMatchObject({ msisdn: wanted.e164, version: before.version + 1 });
    expect(done.headers.get('etag')).toBe(`"${after.version}"`);
    expect((await read(id)).sim.msisdn).toBe(wanted.e164);

    // MOB-3: who, when, before, after — in the history the customer reads, and in the audit trail.
    const history = await historyOf(id, placed.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'msisdn', actor_user_id: operatorId, before: { msisdn: before.msisdn }, after: { msisdn: wanted.e164 } });
    const audit = await db().selectFrom('audit_log').selectAll().where('target_id', '=', id).where('action', '=', 'sim.msisdn').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: operatorId, customer_id: acme });
    const mails = (await mailsOf('number_change_completed')).filter((m) => m.to === 'fleet@acme.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(wanted.e164);
    // Whose line it is: a partner may order for several customers.
    expect(mails[0]!.text).toContain(`the SIM card of Acme Belgium NV with mobile number ${before.msisdn}`);
    // Sent to the fleet manager who asked, whose number it is not.
    expect(mails[0]!.subject).toBe(`Mobile number ${before.msisdn} is now ${wanted.e164}`);

    // The old number is free now (another SIM may ask for it), the new one taken.
    const other = await freshSalesSim();
    const taken = await fleet.post(sim(other, '/orders'), { kind: 'number_change', desiredMsisdn: wanted.e164 }, { 'if-match': (await read(other)).etag });
    expect(taken.status).toBe(409);
    expect(problem(taken).code).toBe('msisdn_taken');
    const freed = await fleet.post<SimOrder>(sim(other, '/orders'), { kind: 'number_change', desiredMsisdn: before.msisdn }, { 'if-match': (await read(other)).etag });
    expect(freed.status, JSON.stringify(freed.body)).toBe(201);

    // Once only: a second completion (or a rejection) of the same order is a conflict, and nothing changes.
    const again = await operator.post(complete(placed.id), {});
    expect(again.status).toBe(409);
    expect(problem(again).code).toBe('order_not_requested');
    expect((await operator.post(reject(placed.id), { reason: 'late' })).status).toBe(409);
    expect(await simRow(id)).toEqual(after);
    expect((await operator.get<OperatorOrderListResponse>(queue('?limit=200'))).body.items.map((o) => o.id)).not.toContain(placed.id);
    const applied = await operator.get<OperatorOrderListResponse>(queue('?status=applied&limit=200'));
    expect(applied.body.items.map((o) => o.id)).toContain(placed.id);
  });

  it('the usage billed before a number change keeps the number it was billed under; what comes later has the new one', async () => {
    const finance = await signedIn(t.url, 'finance@acme.test');
    const id = await freshSalesSim();
    const { msisdn: old, version } = await simRow(id);
    const billed = await db().selectFrom('call_details').select('invoice_id').where('customer_id', '=', acme).where('sim_id', '=', id)
      .orderBy('started_at', 'desc').limit(1).executeTakeFirstOrThrow();
    const invoice = `/api/v1/customers/${acme}/invoices/${billed.invoice_id}`;
    const { month } = await db().selectFrom('usage_rollups').select(sql<string>`to_char(month, 'YYYY-MM')`.as('month'))
      .where('customer_id', '=', acme).where('sim_id', '=', id).where('invoice_id', '=', billed.invoice_id).limit(1).executeTakeFirstOrThrow();
    const shown = async () => {
      const detail = await finance.get<{ lines: Array<{ simId: string | null; msisdn: string | null }> }>(invoice);
      const calls = await finance.get<{ items: Array<{ msisdn: string }> }>(`${invoice}/call-details?simId=${id}&limit=5`);
      const charges = await finance.get<{ items: Array<{ msisdn: string | null }> }>(`/api/v1/customers/${acme}/usage/charges?month=${month}&simId=${id}`);
      expect(detail.status).toBe(200);
      expect(calls.status).toBe(200);
      expect(charges.status).toBe(200);
      const numbers = (items: Array<{ msisdn: string | null }>) => [...new Set(items.map((i) => i.msisdn))];
      return { lines: numbers(detail.body.lines.filter((l) => l.simId === id)), calls: numbers(calls.body.items), charges: numbers(charges.body.items) };
    };
    expect(await shown()).toEqual({ lines: [old], calls: [old], charges: [old] });

    const wanted = freeNumber();
    const placed = await order(id, { kind: 'number_change', desiredMsisdn: wanted.typed });
    const done = await operator.post<OperatorOrder>(complete(placed.id), undefined, { 'if-match': `"${version + 1}"` });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await simRow(id)).msisdn).toBe(wanted.e164);
    // INV-6: the portal's figures say what the official invoice says.
    expect(await shown()).toEqual({ lines: [old], calls: [old], charges: [old] });

    // Usage billed later, under the new number, reads the SIM's number.
    await db().updateTable('call_details').set({ msisdn: null }).where('customer_id', '=', acme).where('sim_id', '=', id).where('invoice_id', '=', billed.invoice_id).execute();
    await db().updateTable('invoice_lines').set({ msisdn: null }).where('customer_id', '=', acme).where('sim_id', '=', id).where('invoice_id', '=', billed.invoice_id).execute();
    await db().updateTable('usage_rollups').set({ msisdn: null }).where('customer_id', '=', acme).where('sim_id', '=', id).where('invoice_id', '=', billed.invoice_id).execute();
    expect(await shown()).toEqual({ lines: [wanted.e164], calls: [wanted.e164], charges: [wanted.e164] });
  });

  it('the operator enters the number when none was asked for: a bad one is 422 naming body.msisdn, a taken one 409, a stale If-Match 412', async () => {
    const id = await freshSalesSim();
    const placed = await order(id, { kind: 'number_change' });
    const none = await operator.post(complete(placed.id));
    expect(none.status).toBe(422);
    expect(problem(none)).toMatchObject({ code: 'msisdn_required', errors: [{ field: 'body.msisdn' }] });
    for (const bad of ['0470 12', '02 555 12 12', 'not a number']) {
      const res = await operator.post(complete(placed.id), { msisdn: bad });
      expect(res.status, bad).toBe(422);
      expect(problem(res)).toMatchObject({ code: 'invalid_msisdn', errors: [{ field: 'body.msisdn' }] });
    }
    const tooLong = await operator.post(complete(placed.id), { msisdn: '0'.repeat(41) });
    expect(tooLong.status).toBe(400);
    expect(problem(tooLong).errors?.[0]?.field).toBe('body.msisdn');
    const someoneElses = (await db().selectFrom('sims').select('msisdn').where('id', '<>', id).executeTakeFirstOrThrow()).msisdn;
    const taken = await operator.post(complete(placed.id), { msisdn: someoneElses });
    expect(taken.status).toBe(409);
    expect(problem(taken)).toMatchObject({ code: 'msisdn_taken', errors: [{ field: 'body.msisdn' }] });
    const { version } = await simRow(id);
    const stale = await operator.post(complete(placed.id), { msisdn: freeNumber().typed }, { 'if-match': `"${version - 1}"` });
    expect(stale.status).toBe(412);
    expect((await simRow(id)).version).toBe(version);

    const given = freeNumber();
    const done = await operator.post<OperatorOrder>(complete(placed.id), { msisdn: given.typed }, { 'if-match': `"${version}"` });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await simRow(id)).msisdn).toBe(given.e164);
  });

  it('a rejection keeps the number, mails the reason to the asker; it needs a reason', async () => {
    const id = await freshSalesSim();
    const before = await simRow(id);
    const placed = await order(id, { kind: 'number_change', desiredMsisdn: freeNumber().typed });
    const noReason = await operator.post(reject(placed.id), {});
    expect(noReason.status).toBe(400);
    expect(problem(noReason).errors?.[0]?.field).toBe('body.reason');
    // The reason takes what the back office's dialog lets him type (1,000 characters), no more.
    const tooLong = await operator.post(reject(placed.id), { reason: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(problem(tooLong).errors?.[0]?.field).toBe('body.reason');
    const res = await operator.post<OperatorOrder>(reject(placed.id), { reason: 'The number is reserved.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', reason: 'The number is reserved.', msisdn: before.msisdn });
    expect((await simRow(id)).msisdn).toBe(before.msisdn);
    const mail = (await mailsOf('number_change_rejected')).find((m) => m.text.includes('The number is reserved.'));
    expect(mail?.to).toBe('fleet@acme.test');
    const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', placed.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['sim_order.reject']);
    expect((await operator.post(complete(placed.id))).status).toBe(409);
    // The customer sees the decision on his order.
    expect((await fleet.get<SimOrder>(`/api/v1/customers/${acme}/sim-orders/${placed.id}`)).body).toMatchObject({ status: 'rejected', reason: 'The number is reserved.' });
    // A reason of the 1,000 characters the dialog takes is taken whole.
    const again = await order(id, { kind: 'number_change', desiredMsisdn: freeNumber().typed });
    const long = 'The number is reserved. '.repeat(50).slice(0, 1000);
    const longRes = await operator.post<OperatorOrder>(reject(again.id), { reason: long });
    expect(longRes.status, JSON.stringify(longRes.body)).toBe(200);
    expect(longRes.body.reason).toBe(long);
  });
});

describe('MOB-8: operator staff complete a port-out, which ends the subscription', () => {
  it('completing deactivates the SIM (history, audit, mail); a second completion is 409; the line then takes no change', async () => {
    const id = await freshSalesSim();
    const placed = await order(id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' });
    expect(placed.status).toBe('requested');
    expect((await simRow(id)).status).toBe('port_out_pending');
    const queued = (await operator.get<OperatorOrderListResponse>(queue('?kind=port_out&limit=200'))).body.items.find((o) => o.id === placed.id);
    expect(queued).toMatchObject({ kind: 'port_out', simStatus: 'port_out_pending', recipientOperator: 'Other Mobile NV' });
    const withNumber = await operator.post(complete(placed.id), { msisdn: freeNumber().typed });
    expect(withNumber.status).toBe(422);
    expect(problem(withNumber).errors?.[0]?.field).toBe('body.msisdn');

    const { version, msisdn } = await simRow(id);
    const done = await operator.post<OperatorOrder>(complete(placed.id), {}, { 'if-match': `"${version}"` });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'applied', simStatus: 'deactivated' });
    expect(await simRow(id)).toMatchObject({ status: 'deactivated', version: version + 1 });
    const history = await historyOf(id, placed.id);
    expect(history.map((h) => [h.kind, h.before, h.after])).toEqual([
      ['status', { status: 'active' }, { status: 'port_out_pending', recipientOperator: 'Other Mobile NV' }],
      ['status', { status: 'port_out_pending' }, { status: 'deactivated', reason: 'port_out', recipientOperator: 'Other Mobile NV' }],
    ]);
    expect(history[1]!.actor_user_id).toBe(operatorId);
    expect((await mailsOf('port_out_completed')).some((m) => m.to === 'fleet@acme.test' && m.text.includes(msisdn))).toBe(true);

    expect((await operator.post(complete(placed.id), {})).status).toBe(409);
    const change = await fleet.post(sim(id, '/orders'), { kind: 'clir', enabled: true }, { 'if-match': (await read(id)).etag });
    expect(change.status).toBe(409);
    const portAgain = await fleet.post(sim(id, '/orders'), { kind: 'port_out', recipientOperator: 'Third NV' }, { 'if-match': (await read(id)).etag });
    expect(problem(portAgain).code).toBe('sim_status');
  });

  const openBlocks = (id: string) =>
    db().selectFrom('sim_blocks').select(['blocked_from', 'blocked_until']).where('sim_id', '=', id).orderBy('blocked_from').execute();

  it('a rejected port-out puts the line back in its earlier status; a lost line stays blocked throughout (MOB-6)', async () => {
    const id = await freshSalesSim();
    await order(id, { kind: 'block_lost_stolen' });
    const [block] = await openBlocks(id);
    t.clock.advance(60_000);
    const placed = await order(id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' });
    expect((await simRow(id)).status).toBe('port_out_pending');
    // Usage while the port-out waits is still not charged: the block is not closed.
    expect(await openBlocks(id)).toEqual([{ blocked_from: block!.blocked_from, blocked_until: null }]);
    t.clock.advance(60_000);
    const res = await operator.post<OperatorOrder>(reject(placed.id), { reason: 'The recipient operator refused the transfer.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', simStatus: 'blocked' });
    expect(await openBlocks(id)).toEqual([{ blocked_from: block!.blocked_from, blocked_until: null }]);
    expect((await mailsOf('port_out_rejected')).some((m) => m.text.includes('The recipient operator refused the transfer.'))).toBe(true);
    expect((await operator.post(reject(placed.id), { reason: 'again' })).status).toBe(409);
  });

  it('a SIM lost while its port-out waits is blocked at once; the operator still completes or rejects the port-out, and a rejection leaves it blocked (MOB-6)', async () => {
    const id = await freshSalesSim();
    const placed = await order(id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' });
    t.clock.advance(60_000);
    const blocked = await order(id, { kind: 'block_lost_stolen', note: 'Stolen on the train' });
    expect(blocked.status).toBe('applied');
    const { sim: detail } = await read(id);
    expect(detail).toMatchObject({ status: 'port_out_pending', blockedAt: t.clock.now().toISOString() });
    expect(await openBlocks(id)).toEqual([{ blocked_from: t.clock.now(), blocked_until: null }]);
    expect((await historyOf(id, blocked.id)).map((h) => [h.before, h.after])).toEqual([
      [{ status: 'port_out_pending' }, { status: 'port_out_pending', blockedAt: t.clock.now().toISOString(), note: 'Stolen on the train' }],
    ]);
    // The fleet list and the operator's queue both say the waiting line is blocked.
    const { msisdn } = await simRow(id);
    const listed = await fleet.get<SimListResponse>(`/api/v1/customers/${acme}/sims?q=${encodeURIComponent(msisdn)}`);
    expect(listed.body.items.find((s) => s.id === id)).toMatchObject({ status: 'port_out_pending', blockedAt: t.clock.now().toISOString() });
    const queued = (await operator.get<OperatorOrderListResponse>(queue('?kind=port_out&limit=200'))).body.items.find((o) => o.id === placed.id);
    expect(queued).toMatchObject({ simStatus: 'port_out_pending', simBlockedAt: t.clock.now().toISOString() });
    const twice = await fleet.post(sim(id, '/orders'), { kind: 'block_lost_stolen' }, { 'if-match': (await read(id)).etag });
    expect(twice.status).toBe(409);
    expect(problem(twice).code).toBe('sim_status');

    t.clock.advance(60_000);
    const res = await operator.post<OperatorOrder>(reject(placed.id), { reason: 'The recipient operator refused the transfer.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', simStatus: 'blocked' });
    expect((await openBlocks(id))[0]!.blocked_until).toBeNull();
    expect((await order(id, { kind: 'reactivate' })).status).toBe('applied');
    expect((await simRow(id)).status).toBe('active');
  });

  it('a completed port-out of a blocked line ends its block when the number leaves', async () => {
    const id = await freshSalesSim();
    await order(id, { kind: 'block_lost_stolen' });
    t.clock.advance(60_000);
    const placed = await order(id, { kind: 'port_out', recipientOperator: 'Other Mobile NV' });
    t.clock.advance(60_000);
    const { version } = await simRow(id);
    const done = await operator.post<OperatorOrder>(complete(placed.id), {}, { 'if-match': `"${version}"` });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const blocks = await openBlocks(id);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.blocked_until).toEqual(t.clock.now());
  });
});

describe('only operator staff reach these routes', () => {
  it('customer users get 403, an unknown order is 404 for the operator', async () => {
    const id = await freshSalesSim();
    const placed = await order(id, { kind: 'number_change', desiredMsisdn: freeNumber().typed });
    for (const client of [owner, fleet, employee]) {
      expect((await client.get(queue())).status).toBe(403);
      expect((await client.post(complete(placed.id), {})).status).toBe(403);
      expect((await client.post(reject(placed.id), { reason: 'x' })).status).toBe(403);
    }
    expect((await simRow(id)).status).toBe('active');
    expect((await operator.post(complete(randomUUID()), {})).status).toBe(404);
    expect((await operator.post(reject(randomUUID()), { reason: 'x' })).status).toBe(404);
    expect((await operator.get(queue('?cursor=garbage'))).status).toBe(400);
  });
});

describe('MOB-8: a number change for service reasons, announced at least 2 months ahead', () => {
  const announce = (simId: string) => `/api/v1/operator/customers/${acme}/sims/${simId}/number-changes`;

  it('sooner is 422 naming body.effectiveOn; announced, the Access Owners are mailed at once and the scheduler changes the number on the day', async () => {
    const id = await freshSalesSim();
    const before = await simRow(id);
    const earliest = earliestServiceNumberChange(t.clock.now());
    const wanted = freeNumber();
    const body = { msisdn: wanted.typed, effectiveOn: earliest, reason: 'Our numbering plan changes.' };

    const early = await operator.post(announce(id), { ...body, effectiveOn: addDays(earliest, -1) });
    expect(early.status).toBe(422);
    expect(problem(early)).toMatchObject({ code: 'announcement_too_late', errors: [{ field: 'body.effectiveOn' }] });
    const bad = await operator.post(announce(id), { ...body, msisdn: '02 555 12 12' });
    expect(bad.status).toBe(422);
    expect(problem(bad).errors?.[0]?.field).toBe('body.msisdn');
    expect((await operator.post(announce(randomUUID()), body)).status).toBe(404);
    for (const client of [owner, fleet, employee]) expect((await client.post(announce(id), body)).status).toBe(403);
    expect(await simRow(id)).toEqual(before);

    const res = await operator.post<OperatorOrder>(announce(id), body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'number_change', status: 'scheduled', serviceReason: true, desiredMsisdn: wanted.e164, msisdn: before.msisdn,
      note: 'Our numbering plan changes.', effectiveAt: brusselsStartOfDay(earliest).toISOString(),
    });
    expect((await simRow(id)).version).toBe(before.version + 1);
    const mails = (await mailsOf('service_number_change_announced')).filter((m) => m.text.includes(wanted.e164));
    expect(mails.map((m) => m.to)).toContain('owner@acme.test');
    expect(mails[0]!.text).toContain(`${earliest.slice(8, 10)}/${earliest.slice(5, 7)}/${earliest.slice(0, 4)}`);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', id).where('action', '=', 'sim.number_change_announced').execute();
    expect(audit).toEqual([{ action: 'sim.number_change_announced', actor_user_id: operatorId }]);

    // One at a time per line, and the number is promised: no other line gets it meanwhile.
    expect(problem(await operator.post(announce(id), { ...body, msisdn: freeNumber().typed })).code).toBe('number_change_scheduled');
    const other = await freshSalesSim();
    const promised = await operator.post(announce(other), body);
    expect(promised.status).toBe(409);
    expect(problem(promised)).toMatchObject({ code: 'msisdn_taken', errors: [{ field: 'body.msisdn' }] });
    // It is the operator's: the customer does not cancel it, nor asks for another change meanwhile.
    expect((await fleet.post(`/api/v1/customers/${acme}/sim-orders/${res.body.id}/cancel`)).status).toBe(403);
    const customerAsks = await fleet.post(sim(id, '/orders'), { kind: 'number_change' }, { 'if-match': (await read(id)).etag });
    expect(customerAsks.status).toBe(409);
    expect(problem(customerAsks).code).toBe('number_change_pending');

    const deps = () => ({ db: db(), clock: t.clock, config: t.app.config, log: t.app.log });
    await applyDueOrders(deps());
    expect((await simRow(id)).msisdn).toBe(before.msisdn);
    const back = t.clock.now();
    t.clock.set(new Date(brusselsStartOfDay(earliest).getTime() + 3600_000));
    try {
      await applyDueOrders(deps());
    } finally {
      t.clock.set(back);
    }
    expect((await simRow(id)).msisdn).toBe(wanted.e164);
    const history = await historyOf(id, res.body.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'msisdn', actor_user_id: operatorId, before: { msisdn: before.msisdn }, after: { msisdn: wanted.e164 } });
    expect((await operator.get<OperatorOrderListResponse>(queue('?status=applied&limit=200'))).body.items.find((o) => o.id === res.body.id))
      .toMatchObject({ serviceReason: true, msisdn: wanted.e164 });
  });
});

describe('MOB-8: a number one line asked for is not given to another', () => {
  it('the operator completing another request, or announcing a service change, with it: 409 naming body.msisdn; the request that asked it is then completed as asked', async () => {
    const wanted = freeNumber();
    const asker = await freshSalesSim();
    const asked = await order(asker, { kind: 'number_change', desiredMsisdn: wanted.typed });
    const other = await freshSalesSim();
    const otherRequest = await order(other, { kind: 'number_change' });
    const given = await operator.post(complete(otherRequest.id), { msisdn: wanted.typed });
    expect(given.status, JSON.stringify(given.body)).toBe(409);
    expect(problem(given)).toMatchObject({ code: 'msisdn_taken', errors: [{ field: 'body.msisdn' }] });
    const third = await freshSalesSim();
    const announced = await operator.post(`/api/v1/operator/customers/${acme}/sims/${third}/number-changes`,
      { msisdn: wanted.typed, effectiveOn: earliestServiceNumberChange(t.clock.now()), reason: 'Our numbering plan changes.' });
    expect(announced.status, JSON.stringify(announced.body)).toBe(409);
    expect(problem(announced)).toMatchObject({ code: 'msisdn_taken', errors: [{ field: 'body.msisdn' }] });

    const done = await operator.post<OperatorOrder>(complete(asked.id), {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await simRow(asker)).msisdn).toBe(wanted.e164);
  });

  it('a malformed number is 422 invalid_msisdn also on a line whose number change already waits', async () => {
    const id = await freshSalesSim();
    await order(id, { kind: 'number_change' });
    const res = await fleet.post(sim(id, '/orders'), { kind: 'number_change', desiredMsisdn: 'abc' }, { 'if-match': (await read(id)).etag });
    expect(res.status).toBe(422);
    expect(problem(res)).toMatchObject({ code: 'invalid_msisdn', errors: [{ field: 'body.desiredMsisdn' }] });
  });
});
