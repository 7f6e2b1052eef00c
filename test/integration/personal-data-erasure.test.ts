import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type { OperatorCustomer, OperatorCustomerList } from '@mandate/contracts/delegations';
import { addDays, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { expiryDate } from '@mandate/domain/retention';
import { depsOf } from '@mandate/server/lib/deps';
import { eraseExpiredPersonalData } from '@mandate/server/modules/retention/retention.service';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * RET-2 through the HTTP API and the retention job on the seeded demo data: operator staff record
 * the end of a customer's contract (its members lose access at once), and its personal data is
 * erased on the day 10 years later, not an instant before; people who still belong to a customer
 * under contract keep theirs, and the company data stays.
 */
let t: TestApp;
let operator: ApiClient;
let lumiereOwner: ApiClient;
let lumiere: string;
let acme: string;

const db = () => t.database.db;
const problem = (res: { body: unknown }) => res.body as Problem;
const endContract = (customerId: string) => `/api/v1/operator/customers/${customerId}/end-contract`;
const userOf = (email: string) => db().selectFrom('users').select(['id', 'email', 'first_name', 'password_hash']).where('email', '=', email).executeTakeFirst();

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  const customer = async (name: string) => (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  lumiere = await customer('Lumière SRL');
  acme = await customer('Acme Belgium NV');
  [operator, lumiereOwner] = await Promise.all([signedIn(t.url, 'operator@mandate.test'), signedIn(t.url, 'owner@lumiere.test')]);
});
afterAll(async () => t?.close());

describe('the end of a contract (RET-2)', () => {
  it('refuses a day after today or before the contract started, a blank reason; nothing changes', async () => {
    const today = brusselsDate(t.clock.now());
    const cases: Array<[unknown, string]> = [
      [{ contractEnd: addDays(today, 1), reason: 'Contract ended.' }, 'body.contractEnd'],
      [{ contractEnd: '2023-12-31', reason: 'Contract ended.' }, 'body.contractEnd'],
      [{ contractEnd: today, reason: '   ' }, 'body.reason'],
      [{ contractEnd: '31/12/2025', reason: 'Contract ended.' }, 'body.contractEnd'],
    ];
    for (const [body, field] of cases) {
      const res = await operator.post(endContract(lumiere), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(problem(res).errors?.[0]?.field, JSON.stringify(body)).toBe(field);
    }
    expect(await db().selectFrom('customers').select(['status', 'contract_end']).where('id', '=', lumiere).executeTakeFirstOrThrow())
      .toEqual({ status: 'active', contract_end: null });
    expect((await lumiereOwner.post(endContract(lumiere), { contractEnd: today, reason: 'x' })).status).toBe(403);
  });

  it('ends it: members lose access at once; the day of erasure is 10 years later; a second end is 409', async () => {
    expect((await lumiereOwner.get(`/api/v1/customers/${lumiere}/users`)).status).toBe(200);
    const res = await operator.post<OperatorCustomer>(endContract(lumiere), { contractEnd: '2026-10-31', reason: 'The contract was not renewed.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'terminated', contractEnd: '2026-10-31', personalDataErasedOn: '2036-11-01' });
    expect((await lumiereOwner.get(`/api/v1/customers/${lumiere}/users`)).status).toBe(404);
    const found = await operator.get<OperatorCustomerList>('/api/v1/operator/customers?q=Lumi');
    expect(found.body.items.find((c) => c.id === lumiere)).toMatchObject({ contractEnd: '2026-10-31', personalDataErasedOn: '2036-11-01' });
    const again = await operator.post(endContract(lumiere), { contractEnd: '2026-10-31', reason: 'again' });
    expect(again.status).toBe(409);
    expect(problem(again).code).toBe('contract_ended');
    const audit = await db().selectFrom('audit_log').select('action').where('customer_id', '=', lumiere).where('action', '=', 'customer.end_contract').execute();
    expect(audit).toHaveLength(1);
  });

  it('erases the personal data on the day 10 years later, not an instant before; someone still under contract elsewhere keeps his', async () => {
    // An Acme employee who also belonged to Lumière keeps his identity: Acme's contract runs on.
    const employee = (await userOf('employee@acme.test'))!;
    await db().insertInto('memberships').values({ customer_id: lumiere, user_id: employee.id, profile: 'service_user', employment_basis: 'employment_indefinite' }).execute();
    expect(await db().selectFrom('sims').select('id').where('customer_id', '=', lumiere).where('end_user_id', 'is not', null).execute()).not.toEqual([]);
    const devices = (await db().selectFrom('devices').select('sim_id').where('customer_id', '=', lumiere).execute()).length;
    expect(devices).toBeGreaterThan(0);
    await db().insertInto('audit_log').values({ at: t.clock.now(), customer_id: acme, action: 'test.kept', target_type: 'customer', target_id: acme }).execute();
    await db().insertInto('mail_outbox').values({ customer_id: lumiere, to_address: 'owner@lumiere.test', language: 'fr', kind: 'test', subject: 's', body_text: 'b' }).execute();

    const erasedOn = expiryDate('personal_data', '2026-10-31');
    expect(erasedOn).toBe('2036-11-01');
    const deps = depsOf(t.app);
    t.clock.set(new Date(brusselsStartOfDay(erasedOn).getTime() - 1));
    expect((await eraseExpiredPersonalData(deps)).erased).toEqual([]);
    expect(await userOf('owner@lumiere.test')).toBeDefined();

    t.clock.set(brusselsStartOfDay(erasedOn));
    const report = await eraseExpiredPersonalData(deps);
    expect(report.erased.map((e) => e.customerId)).toEqual([lumiere]);
    expect(report.erased[0]).toMatchObject({ users: 3, devices });

    for (const email of ['owner@lumiere.test', 'manager@lumiere.test', 'employee@lumiere.test']) expect(await userOf(email)).toBeUndefined();
    const anonymous = await db().selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id').where('m.customer_id', '=', lumiere)
      .where('u.id', '<>', employee.id).select(['u.email', 'u.first_name', 'u.last_name', 'u.phone', 'u.password_hash', 'u.status']).execute();
    expect(anonymous).toHaveLength(3);
    for (const u of anonymous) {
      expect(u).toMatchObject({ first_name: '', last_name: '', phone: null, password_hash: null, status: 'suspended' });
      expect(u.email).toMatch(/^erased-[0-9a-f-]{36}@erased\.invalid$/);
    }
    expect(await userOf('employee@acme.test')).toMatchObject({ id: employee.id, first_name: employee.first_name });
    expect((await new ApiClient(t.url).login('owner@lumiere.test')).status).toBe(401);

    expect(await db().selectFrom('sims').select('id').where('customer_id', '=', lumiere).where('end_user_id', 'is not', null).execute()).toEqual([]);
    expect(await db().selectFrom('devices').select('sim_id').where('customer_id', '=', lumiere).execute()).toEqual([]);
    expect(await db().selectFrom('mail_outbox').select('id').where((eb) => eb.or([eb('customer_id', '=', lumiere), eb('to_address', 'like', '%@lumiere.test')])).execute()).toEqual([]);
    // Company data stays; of its audit trail only the erasure's own trace, which names no one.
    expect((await db().selectFrom('sims').select('id').where('customer_id', '=', lumiere).execute()).length).toBeGreaterThan(0);
    const trail = await db().selectFrom('audit_log').select(['action', 'actor_user_id', 'ip']).where('customer_id', '=', lumiere).execute();
    expect(trail).toEqual([{ action: 'customer.personal_data_erased', actor_user_id: null, ip: null }]);
    // Other customers keep everything.
    expect(await db().selectFrom('audit_log').select('action').where('customer_id', '=', acme).where('action', '=', 'test.kept').execute()).toHaveLength(1);

    expect((await eraseExpiredPersonalData(deps)).erased).toEqual([]);
  });

  it('the audit trail stays append-only outside the erasure', async () => {
    await expect(db().deleteFrom('audit_log').where('customer_id', '=', acme).where('action', '=', 'test.kept').execute()).rejects.toThrow(/append-only/);
    await expect(db().updateTable('audit_log').set({ ip: null }).where('customer_id', '=', acme).execute()).rejects.toThrow(/append-only/);
  });
});
