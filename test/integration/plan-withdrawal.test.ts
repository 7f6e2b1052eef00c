import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Problem } from '@mandate/contracts/common';
import type { WithdrawPlanResult } from '@mandate/contracts/catalogue';
import type { SimDetail } from '@mandate/contracts/sims';
import { addDays, brusselsDate } from '@mandate/domain/dates';
import { outboxFor } from '../support/mail.ts';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * MOB-11 through the HTTP API: operator staff withdraw a tariff plan; the customers with lines on
 * it are told (their Access Owners, in their language) until when those lines can switch; the plan
 * can no longer be chosen; bad dates and a second withdrawal are refused, changing nothing.
 */
let t: TestApp;
let operator: ApiClient;
let owner: ApiClient;
let fleet: ApiClient;
const db = () => t.database.db;
const withdraw = (planId: string) => `/api/v1/operator/tariff-plans/${planId}/withdraw`;

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  [operator, owner, fleet] = await Promise.all(['operator@mandate.test', 'owner@acme.test', 'fleet@acme.test'].map((e) => signedIn(t.url, e))) as [ApiClient, ApiClient, ApiClient];
});
afterAll(async () => t?.close());

describe('MOB-11: a withdrawn plan', () => {
  it('the operator withdraws BM-XS: Acme\'s AO is told with the last switch date; the plan can no longer be chosen', async () => {
    const plan = await db().selectFrom('tariff_plans').select(['id', 'name']).where('code', '=', 'BM-XS').executeTakeFirstOrThrow();
    const today = brusselsDate(t.clock.now());
    const body = { withdrawnAt: today, lastSwitchOn: addDays(today, 90) };
    expect((await owner.post(withdraw(plan.id), body)).status).toBe(403);
    const bad = await operator.post(withdraw(plan.id), { withdrawnAt: today, lastSwitchOn: addDays(today, -1) });
    expect(bad.status).toBe(422);
    expect((bad.body as Problem).errors?.[0]?.field).toBe('body.lastSwitchOn');
    expect((await operator.post(withdraw(plan.id), { withdrawnAt: addDays(today, -1), lastSwitchOn: today })).status).toBe(422);
    expect((await operator.post(withdraw(randomUUID()), body)).status).toBe(404);
    expect((await db().selectFrom('tariff_plans').select('withdrawn_at').where('id', '=', plan.id).executeTakeFirstOrThrow()).withdrawn_at).toBeNull();

    const res = await operator.post<WithdrawPlanResult>(withdraw(plan.id), body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.plan).toMatchObject({ id: plan.id, withdrawnAt: body.withdrawnAt, lastSwitchOn: body.lastSwitchOn });
    const acmeLines = await db().selectFrom('sims as s').innerJoin('customers as c', 'c.id', 's.customer_id').select('s.id')
      .where('c.name', '=', 'Acme Belgium NV').where('s.tariff_plan_id', '=', plan.id).where('s.status', '<>', 'deactivated').execute();
    expect(acmeLines.length).toBeGreaterThan(0);
    expect(res.body.customersTold).toBeGreaterThanOrEqual(1);
    const mails = (await outboxFor(db(), 'owner@acme.test')).filter((m) => m.kind === 'plan_withdrawn');
    expect(mails).toHaveLength(1);
    // In the AO's language (Dutch).
    expect(mails[0]!.text).toContain(`Lijnen van Acme Belgium NV met dit tariefplan: ${acmeLines.length}.`);
    expect(mails[0]!.text).toContain("laten overstappen");
    expect(mails[0]!.subject).toContain(plan.name);
    expect((await outboxFor(db(), 'fleet@acme.test')).filter((m) => m.kind === 'plan_withdrawn')).toHaveLength(0);
    expect((await operator.post(withdraw(plan.id), body)).status).toBe(409);

    // Chosen no more: a SIM on another plan cannot switch to it.
    const other = await db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id').select(['s.id', 's.customer_id as customerId'])
      .where('cc.name', '=', 'Sales').where('s.status', '=', 'active').where('s.tariff_plan_id', '!=', plan.id).executeTakeFirstOrThrow();
    const sim = `/api/v1/customers/${other.customerId}/sims/${other.id}`;
    const detail = await fleet.get<SimDetail>(sim);
    const refused = await fleet.post(`${sim}/orders`, { kind: 'plan', tariffPlanId: plan.id }, { 'if-match': detail.headers.get('etag')! });
    expect(refused.status).toBe(422);
    expect((refused.body as Problem).code).toBe('plan_withdrawn');
  });
});
