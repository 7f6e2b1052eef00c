import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type { InsightCoverage } from '@mandate/contracts/insights';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * PFM-2 through the HTTP API: Fleet Manager covers the mobile billing accounts that existed at its
 * activation; a later one needs an access request that operator staff approve. Until then a
 * Fleet Manager right does not reach its SIMs, whatever its scope; the AO (all data) and
 * mobile-number management (MOB-1: every account) are not narrowed by it.
 */
let t: TestApp;
let owner: ApiClient;
let fleet: ApiClient;
let operator: ApiClient;
let acme: string;
let late: { id: string; number: string };
let fixedLate: { id: string };
let lateSim: string;
const lateMsisdn = '+32470990011';

const db = () => t.database.db;
const coverage = () => `/api/v1/customers/${acme}/fleet-manager/coverage`;
const requests = () => `/api/v1/customers/${acme}/access-requests`;
const listed = async (client: ApiClient) =>
  (await client.get<{ items: Array<{ id: string }> }>(`/api/v1/customers/${acme}/sims?q=${encodeURIComponent(lateMsisdn)}`)).body.items.map((s) => s.id);

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const activatedAt = (await db().selectFrom('customer_apps').where('customer_id', '=', acme).where('app', '=', 'fleet-manager')
    .where('deactivated_at', 'is', null).select('activated_at').executeTakeFirstOrThrow()).activated_at;
  const after = new Date(new Date(activatedAt).getTime() + 86_400_000);
  late = await db().insertInto('billing_accounts').values({ customer_id: acme, number: 'ACME-0951', name: 'Acme mobile – new depot', type: 'mobile', created_at: after })
    .returning(['id', 'number']).executeTakeFirstOrThrow();
  fixedLate = await db().insertInto('billing_accounts').values({ customer_id: acme, number: 'ACME-0952', name: 'Acme fixed – new depot', type: 'fix', created_at: after })
    .returning(['id']).executeTakeFirstOrThrow();
  // On the Sales cost centre, which the seeded fleet manager's Fleet Manager right names.
  const sales = (await db().selectFrom('cost_centres').where('customer_id', '=', acme).where('name', '=', 'Sales').select('id').executeTakeFirstOrThrow()).id;
  lateSim = (await db().insertInto('sims').values({ customer_id: acme, billing_account_id: late.id, cost_centre_id: sales, msisdn: lateMsisdn, iccid: '8932000000009900110' })
    .returning('id').executeTakeFirstOrThrow()).id;
  // Leave him his Fleet Manager right only: his mobile-number management right (MOB-1) covers every account.
  const membership = await db().selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .where('u.email', '=', 'fleet@acme.test').where('m.customer_id', '=', acme).select('m.id').executeTakeFirstOrThrow();
  await db().deleteFrom('grants').where('membership_id', '=', membership.id).where('app', '=', 'mobile').execute();
  [owner, fleet, operator] = await Promise.all(['owner@acme.test', 'fleet@acme.test', 'operator@mandate.test'].map((e) => signedIn(t.url, e))) as [ApiClient, ApiClient, ApiClient];
});
afterAll(async () => t?.close());

describe('PFM-2: Fleet Manager covers the mobile accounts of its activation, later ones by access request', () => {
  it('a mobile account created after the activation is not covered: the fleet manager does not reach its SIM, the AO does', async () => {
    const seen = await owner.get<InsightCoverage>(coverage());
    expect(seen.status).toBe(200);
    expect(seen.body.activatedAt).toEqual(expect.any(String));
    const byNumber = new Map(seen.body.billingAccounts.map((a) => [a.number, a]));
    expect(byNumber.get('ACME-0951')).toMatchObject({ covered: false, request: null });
    // Fleet Manager manages the mobile fleet: a fixed account is not among its accounts.
    expect(byNumber.has('ACME-0952')).toBe(false);
    expect([...byNumber.values()].filter((a) => a.number !== 'ACME-0951').every((a) => a.covered)).toBe(true);

    expect(await listed(fleet)).toEqual([]);
    expect((await fleet.get(`/api/v1/customers/${acme}/sims/${lateSim}`)).status).toBe(404);
    expect(await listed(owner)).toEqual([lateSim]);

    // The fleet manager, scoped to a cost centre, reads the covered accounts his SIMs are in; not the late one.
    const his = await fleet.get<InsightCoverage>(coverage());
    expect(his.status).toBe(200);
    const expected = [...byNumber.values()].filter((a) => a.number !== 'ACME-0951').map((a) => a.number);
    expect(his.body.billingAccounts.map((a) => a.number)).toEqual(expected);
    expect(his.body.billingAccounts.every((a) => a.covered)).toBe(true);
  });

  it('refusals: a fixed account (400 naming the field), a covered one (409)', async () => {
    const fixed = await owner.post<Problem>(requests(), { app: 'fleet-manager', billingAccountId: fixedLate.id });
    expect(fixed.status).toBe(400);
    expect(fixed.body.errors?.[0]?.field).toBe('body.billingAccountId');
    const coveredOne = (await db().selectFrom('billing_accounts').where('customer_id', '=', acme).where('type', '=', 'mobile').where('number', '<>', late.number)
      .select('id').orderBy('number').executeTakeFirstOrThrow()).id;
    const covered = await owner.post<Problem>(requests(), { app: 'fleet-manager', billingAccountId: coveredOne });
    expect(covered.status).toBe(409);
    expect(covered.body.code).toBe('already_covered');
    expect((await fleet.post(requests(), { app: 'fleet-manager', billingAccountId: late.id })).status).toBe(403);
  });

  it('the AO asks, operator staff approve, and the fleet manager reaches the SIM from then on', async () => {
    const created = await owner.post<{ id: string; app: string; status: string }>(requests(), { app: 'fleet-manager', billingAccountId: late.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ app: 'fleet-manager', status: 'pending' });
    // The same account may be asked for Invoice Insights separately: coverage is per app.
    expect((await owner.post(requests(), { app: 'insights', billingAccountId: late.id })).status).toBe(201);
    expect((await owner.get<InsightCoverage>(coverage())).body.billingAccounts.find((a) => a.id === late.id))
      .toMatchObject({ covered: false, request: { id: created.body.id, status: 'pending' } });
    expect(await listed(fleet)).toEqual([]);

    const decided = await operator.post<{ status: string }>(`/api/v1/operator/access-requests/${created.body.id}/decision`, { approve: true });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(await listed(fleet)).toEqual([lateSim]);
    expect((await fleet.get(`/api/v1/customers/${acme}/sims/${lateSim}`)).status).toBe(200);
    expect((await owner.get<InsightCoverage>(coverage())).body.billingAccounts.find((a) => a.id === late.id)).toMatchObject({ covered: true });
    const mail = await db().selectFrom('mail_outbox').where('to_address', '=', 'owner@acme.test').where('kind', '=', 'app_access_approved')
      .where('subject', 'like', 'Fleet Manager%').select('subject').executeTakeFirstOrThrow();
    expect(mail.subject).toContain('ACME-0951');
  });
});
