import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Problem } from '@mandate/contracts/common';
import type { FleetActivation, FleetActivationQueue, FleetActivationRequest } from '@mandate/contracts/fleet-activation';
import type { OperatorCustomerList } from '@mandate/contracts/delegations';
import type { MeResponse } from '@mandate/contracts/me';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * PFM-1 through the HTTP API: Fleet Manager is activated on the customer's request only with at
 * least 30 SIMs (not deactivated), operator staff decide (the condition checked again), and may
 * end it at once when it no longer holds, not before. The AO asks; nobody else.
 */
let t: TestApp;
let operator: ApiClient;
let lumiereOwner: ApiClient;
let lumiereManager: ApiClient;
let noordzeeOwner: ApiClient;
let acmeOwner: ApiClient;
const ids: Record<string, string> = {};

const db = () => t.database.db;
const activation = (customer: string) => `/api/v1/customers/${ids[customer]}/fleet-manager/activation`;
const problem = (res: { body: unknown }) => res.body as Problem;
const appsAt = async (client: ApiClient, customer: string) =>
  (await client.get<MeResponse>('/api/v1/me')).body.customers.find((c) => c.id === ids[customer])?.apps ?? [];

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  [operator, lumiereOwner, lumiereManager, noordzeeOwner, acmeOwner] = await Promise.all(
    ['operator@mandate.test', 'owner@lumiere.test', 'manager@lumiere.test', 'owner@noordzee.test', 'owner@acme.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
  for (const [key, name] of [['acme', 'Acme Belgium NV'], ['lumiere', 'Lumière SRL'], ['noordzee', 'Noordzee Bouw NV']]) {
    ids[key!] = (await db().selectFrom('customers').select('id').where('name', '=', name!).executeTakeFirstOrThrow()).id;
  }
});
afterAll(async () => t?.close());

/** Gives a customer SIMs up to `count` (not deactivated), on its first billing account. */
async function simsUpTo(customer: string, count: number) {
  const have = await db().selectFrom('sims').select('id').where('customer_id', '=', ids[customer]!).where('status', '<>', 'deactivated').execute();
  const ba = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', ids[customer]!).orderBy('number').executeTakeFirstOrThrow()).id;
  for (let i = have.length; i < count; i++) {
    await db().insertInto('sims').values({
      customer_id: ids[customer]!, billing_account_id: ba, msisdn: `+3249${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      iccid: `8932${randomUUID().replace(/\D/g, '').slice(0, 15).padEnd(15, '0')}`,
    }).execute();
  }
}

describe('PFM-1: Fleet Manager on request, with at least 30 SIMs', () => {
  it('Acme has it: active, and asking again is a conflict', async () => {
    const res = await acmeOwner.get<FleetActivation>(activation('acme'));
    expect(res.body).toMatchObject({ status: 'active', minimumSims: 30 });
    expect(res.body.sims).toBeGreaterThanOrEqual(30);
    expect(problem(await acmeOwner.post(activation('acme'))).code).toBe('already_active');
  });

  it('Noordzee, whose Fleet Manager still runs with 5 SIMs, is told it has too few to ask for it', async () => {
    expect((await noordzeeOwner.get<FleetActivation>(activation('noordzee'))).body).toMatchObject({ status: 'active', sims: 5 });
    const asked = await noordzeeOwner.post(activation('noordzee'));
    expect(asked.status).toBe(422);
    expect(problem(asked).code).toBe('too_few_sims');
  });

  it('Lumière with 5 SIMs is refused (422); with 30 it asks, the operator approves, the app is there', async () => {
    const before = await lumiereOwner.get<FleetActivation>(activation('lumiere'));
    expect(before.body).toMatchObject({ status: 'inactive', sims: 5, lastRequest: null });
    const few = await lumiereOwner.post(activation('lumiere'));
    expect(few.status).toBe(422);
    expect(problem(few).code).toBe('too_few_sims');
    expect(problem(few).errors?.[0]?.field).toBe('params.customerId');
    expect(await db().selectFrom('app_activation_requests').select('id').execute()).toHaveLength(0);
    expect((await lumiereManager.post(activation('lumiere'))).status).toBe(403);
    expect((await noordzeeOwner.get(activation('lumiere'))).status).toBe(404);

    await simsUpTo('lumiere', 30);
    const asked = await lumiereOwner.post<FleetActivation>(activation('lumiere'));
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toMatchObject({ status: 'requested', sims: 30, lastRequest: { status: 'pending', sims: 30 } });
    expect(problem(await lumiereOwner.post(activation('lumiere'))).code).toBe('activation_pending');

    const queue = await operator.get<FleetActivationQueue>('/api/v1/operator/fleet-manager/activations?status=pending');
    expect(queue.status).toBe(200);
    const request = queue.body.items.find((r) => r.customerId === ids.lumiere)!;
    expect(request).toMatchObject({ customerName: 'Lumière SRL', status: 'pending' });
    expect((await lumiereOwner.get('/api/v1/operator/fleet-manager/activations')).status).toBe(403);
    expect(await appsAt(lumiereOwner, 'lumiere')).not.toContain('fleet-manager');

    const approved = await operator.post<FleetActivationRequest>(`/api/v1/operator/fleet-manager/activations/${request.id}/decision`, { decision: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: { id: expect.any(String) } });
    expect((await lumiereOwner.get<FleetActivation>(activation('lumiere'))).body.status).toBe('active');
    expect(await appsAt(lumiereOwner, 'lumiere')).toContain('fleet-manager');
    expect((await operator.post(`/api/v1/operator/fleet-manager/activations/${request.id}/decision`, { decision: 'refuse', reason: 'late' })).status).toBe(409);
  });

  it('the operator checks the condition again when he approves, and refuses with a reason', async () => {
    await db().updateTable('customer_apps').set({ deactivated_at: t.clock.now() }).where('customer_id', '=', ids.lumiere!).where('app', '=', 'fleet-manager').execute();
    // The clock is frozen: a second later, so that this request is the customer's last one (not tied with the first).
    t.clock.advance(1000);
    await lumiereOwner.post(activation('lumiere'));
    const pending = (await db().selectFrom('app_activation_requests').select('id').where('status', '=', 'pending').executeTakeFirstOrThrow()).id;
    const noReason = await operator.post(`/api/v1/operator/fleet-manager/activations/${pending}/decision`, { decision: 'refuse' });
    expect(noReason.status).toBe(400);
    expect(problem(noReason).errors?.[0]?.field).toBe('body.reason');
    // Meanwhile the customer fell below 30: approving is refused, nothing changes.
    const oneSim = (await db().selectFrom('sims').select('id').where('customer_id', '=', ids.lumiere!).where('status', '<>', 'deactivated').executeTakeFirstOrThrow()).id;
    await db().updateTable('sims').set({ status: 'deactivated' }).where('id', '=', oneSim).execute();
    expect(problem(await operator.post(`/api/v1/operator/fleet-manager/activations/${pending}/decision`, { decision: 'approve' })).code).toBe('too_few_sims');
    const refused = await operator.post<FleetActivationRequest>(`/api/v1/operator/fleet-manager/activations/${pending}/decision`, { decision: 'refuse', reason: 'Fewer than 30 SIMs.' });
    expect(refused.body).toMatchObject({ status: 'refused', reason: 'Fewer than 30 SIMs.' });
    expect((await lumiereOwner.get<FleetActivation>(activation('lumiere'))).body).toMatchObject({ status: 'inactive', lastRequest: { status: 'refused' } });
    expect((await operator.post(`/api/v1/operator/fleet-manager/activations/${randomUUID()}/decision`, { decision: 'approve' })).status).toBe(404);
  });

  it('the operator ends it at once when the condition no longer holds, not while it holds', async () => {
    const held = await operator.post(`/api/v1/operator/customers/${ids.acme}/fleet-manager/end`);
    expect(held.status).toBe(409);
    expect(problem(held).code).toBe('condition_holds');
    expect(await appsAt(noordzeeOwner, 'noordzee')).toContain('fleet-manager');
    // The operator's customer search tells the SIMs that count while it is active.
    const fleetSims = async (q: string) => (await operator.get<OperatorCustomerList>(`/api/v1/operator/customers?q=${q}`)).body.items
      .map((c) => [c.name, c.fleetManagerSims]);
    expect(await fleetSims('Noordzee')).toEqual([['Noordzee Bouw NV', 5]]);
    expect(await fleetSims('Brightwave')).toEqual([['Brightwave IT BV', null]]);
    const ended = await operator.post<FleetActivation>(`/api/v1/operator/customers/${ids.noordzee}/fleet-manager/end`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.status).toBe('inactive');
    expect(await appsAt(noordzeeOwner, 'noordzee')).not.toContain('fleet-manager');
    expect(await fleetSims('Noordzee')).toEqual([['Noordzee Bouw NV', null]]);
    expect((await operator.post(`/api/v1/operator/customers/${ids.noordzee}/fleet-manager/end`)).status).toBe(409);
    expect((await noordzeeOwner.post(`/api/v1/operator/customers/${ids.noordzee}/fleet-manager/end`)).status).toBe(403);
  });
});
