import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AffiliateLink, AffiliateListResponse, OperatorCustomerList, OperatorUserList } from '@mandate/contracts/delegations';
import type { MeResponse } from '@mandate/contracts/me';
import { enterpriseNumberFromBody } from '@mandate/domain/enterprise-number';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Affiliates (DLG-1, ACC-2) and the operator back office (ACC-5) over real HTTP:
 * request → operator decision → the AO acts for the new affiliate; suspension and reactivation of a
 * customer or a user take effect on the next request; non-operators never reach the back office.
 */
let t: TestApp;
let owner: ApiClient;
let operator: ApiClient;
const ids: Record<string, string> = {};
const db = () => t.database.db;
const count = async (table: 'affiliate_links' | 'audit_log' | 'mail_outbox') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 100 } });
  for (const [key, name] of [['acme', 'Acme Belgium NV'], ['lumiere', 'Lumière SRL'], ['noordzee', 'Noordzee Bouw NV'], ['brightwave', 'Brightwave IT BV'], ['logistics', 'Acme Logistics BV']]) {
    ids[key!] = (await db().selectFrom('customers').select('id').where('name', '=', name!).executeTakeFirstOrThrow()).id;
  }
  owner = await signedIn(t.url, 'owner@acme.test');
  operator = await signedIn(t.url, 'operator@mandate.test');
});
afterAll(async () => t?.close());

const affiliates = (suffix = '') => `/api/v1/customers/${ids.acme}/affiliates${suffix}`;
const ownerActsFor = async (customerId: string) => (await owner.get<MeResponse>('/api/v1/me')).body.customers.some((c) => c.id === customerId);

describe('affiliates (DLG-1, ACC-2)', () => {
  it('lists the affiliates with their basis of control (AO only)', async () => {
    const res = await owner.get<AffiliateListResponse>(affiliates());
    expect(res.status).toBe(200);
    expect(res.body.items.map((a) => [a.affiliateName, a.basis, a.status]).sort()).toEqual([
      ['Acme Logistics BV', 'de_jure_voting_rights', 'active'],
      ['Acme Retail SRL', 'de_facto_general_meetings', 'active'],
    ]);
    expect((await (await signedIn(t.url, 'manager@acme.test')).get(affiliates())).status).toBe(403);
  });

  it('DLG-1: request → operator approves → the AO acts for the new affiliate with AO rights', async () => {
    expect(await ownerActsFor(ids.lumiere!)).toBe(false);
    const req = await owner.post<AffiliateLink>(affiliates(), { enterpriseNumber: `BE ${DEMO_CUSTOMERS.lumiere}`, basis: 'de_jure_directors' });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect(req.body).toMatchObject({ status: 'pending', affiliateId: ids.lumiere, basis: 'de_jure_directors' });
    expect(await ownerActsFor(ids.lumiere!)).toBe(false); // pending gives nothing

    // Asking again while pending → 409.
    expect((await owner.post(affiliates(), { enterpriseNumber: DEMO_CUSTOMERS.lumiere, basis: 'de_jure_directors' })).status).toBe(409);

    const queue = await operator.get<AffiliateListResponse>('/api/v1/operator/affiliate-requests?status=pending');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i) => i.id)).toEqual([req.body.id]);
    const approved = await operator.post<AffiliateLink>(`/api/v1/operator/affiliate-requests/${req.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('active');

    expect(await ownerActsFor(ids.lumiere!)).toBe(true);
    expect((await owner.get(`/api/v1/customers/${ids.lumiere}/users`)).status).toBe(200);
    expect((await owner.post(affiliates(), { enterpriseNumber: DEMO_CUSTOMERS.lumiere, basis: 'de_jure_directors' })).body)
      .toMatchObject({ code: 'affiliate_already_linked' });
    const mails = await db().selectFrom('mail_outbox').select(['to_address', 'subject']).where('kind', '=', 'affiliate_approved').execute();
    expect(mails).toEqual([{ to_address: 'owner@acme.test', subject: 'Toegang tot Lumière SRL goedgekeurd' }]);
    const audit = await db().selectFrom('audit_log').select('action').where('target_id', '=', req.body.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['affiliate.request', 'affiliate.approve']);
  });

  it('the operator refuses with a reason (mandatory); the AO gets nothing', async () => {
    const req = await owner.post<AffiliateLink>(affiliates(), { enterpriseNumber: DEMO_CUSTOMERS.noordzee, basis: 'de_jure_statutes' });
    expect(req.status).toBe(201);
    const noReason = await operator.post(`/api/v1/operator/affiliate-requests/${req.body.id}/refuse`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    // The schema requires a reason that is not blank: the request is refused as sent, naming the field.
    expect(noReason.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.reason' }] });
    const refused = await operator.post<AffiliateLink>(`/api/v1/operator/affiliate-requests/${req.body.id}/refuse`, { reason: 'No proof of control' });
    expect(refused.body).toMatchObject({ status: 'refused', reason: 'No proof of control' });
    expect(await ownerActsFor(ids.noordzee!)).toBe(false);
    expect((await operator.post(`/api/v1/operator/affiliate-requests/${req.body.id}/approve`, {})).status).toBe(409);
    // A refused request can be made again (back to pending).
    const again = await owner.post<AffiliateLink>(affiliates(), { enterpriseNumber: DEMO_CUSTOMERS.noordzee, basis: 'de_jure_statutes' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: req.body.id, status: 'pending', reason: null });
  });

  it.each([
    ['an invalid enterprise number', { enterpriseNumber: '0403170702', basis: 'de_jure_directors' }, 400, 'invalid_enterprise_number'],
    ['a company unknown to the portal', { enterpriseNumber: enterpriseNumberFromBody(1234567), basis: 'de_jure_directors' }, 400, 'company_not_registered'],
    ['the customer itself', { enterpriseNumber: DEMO_CUSTOMERS.acme, basis: 'de_jure_directors' }, 400, 'affiliate_is_self'],
    ['an affiliate already linked', { enterpriseNumber: DEMO_CUSTOMERS.acmeLogistics, basis: 'de_jure_directors' }, 409, 'affiliate_already_linked'],
    ['an unknown basis of control', { enterpriseNumber: DEMO_CUSTOMERS.brightwave, basis: 'friendship' }, 400, 'validation_failed'],
  ])('%s → %i %s, nothing changes', async (_name, body, status, code) => {
    const before = [await count('affiliate_links'), await count('audit_log')];
    const res = await owner.post<{ code: string; errors?: Array<{ field: string }> }>(affiliates(), body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.code).toBe(code);
    if (status === 400) expect(res.body.errors?.[0]?.field).toMatch(/^body\.(enterpriseNumber|basis)$/);
    expect([await count('affiliate_links'), await count('audit_log')]).toEqual(before);
  });

  it('only the AO asks: the Acme AM → 403; the AO of another customer → 404', async () => {
    expect((await (await signedIn(t.url, 'manager@acme.test')).post(affiliates(), { enterpriseNumber: DEMO_CUSTOMERS.brightwave, basis: 'de_jure_directors' })).status).toBe(403);
    expect((await (await signedIn(t.url, 'owner@noordzee.test')).post(affiliates(), { enterpriseNumber: DEMO_CUSTOMERS.brightwave, basis: 'de_jure_directors' })).status).toBe(404);
  });
});

describe('cursors belong to their list', () => {
  it("the customer's affiliates and the operator's affiliate requests refuse each other's cursors", async () => {
    const mine = await owner.get<AffiliateListResponse>(affiliates('?limit=1'));
    const queue = await operator.get<AffiliateListResponse>('/api/v1/operator/affiliate-requests?limit=1');
    expect(mine.body.nextCursor).toBeTruthy();
    expect(queue.body.nextCursor).toBeTruthy();
    // Each list takes its own cursor…
    expect((await owner.get(affiliates(`?limit=1&cursor=${mine.body.nextCursor}`))).status).toBe(200);
    expect((await operator.get(`/api/v1/operator/affiliate-requests?limit=1&cursor=${queue.body.nextCursor}`)).status).toBe(200);
    // …and not the other's, although both sort the same rows the same way.
    const crossed = await operator.get(`/api/v1/operator/affiliate-requests?limit=1&cursor=${mine.body.nextCursor}`);
    expect(crossed.status).toBe(400);
    expect(crossed.body).toMatchObject({ errors: [{ field: 'querystring.cursor' }] });
    expect((await owner.get(affiliates(`?limit=1&cursor=${queue.body.nextCursor}`))).status).toBe(400);
  });
});

describe('operator back office (ACC-5)', () => {
  it('finds customers and users', async () => {
    const customers = await operator.get<OperatorCustomerList>('/api/v1/operator/customers?q=acme');
    expect(customers.status).toBe(200);
    expect(customers.body.items.map((c) => c.name)).toEqual(['Acme Belgium NV', 'Acme Logistics BV', 'Acme Retail SRL']);
    const byNumber = await operator.get<OperatorCustomerList>(`/api/v1/operator/customers?q=${DEMO_CUSTOMERS.brightwave.slice(1, 7)}`);
    expect(byNumber.body.items.map((c) => c.name)).toEqual(['Brightwave IT BV']);
    const users = await operator.get<OperatorUserList>('/api/v1/operator/users?q=tech@brightwave');
    expect(users.body.items).toMatchObject([{ email: 'tech@brightwave.test', status: 'active', customers: [{ name: 'Brightwave IT BV', profile: 'support_portal_user' }] }]);
  });

  it('suspends a customer at once (its users act for it no more) and reactivates it', async () => {
    const fleet = await signedIn(t.url, 'fleet@acme.test');
    expect((await fleet.get<MeResponse>('/api/v1/me')).body.customers.map((c) => c.name)).toEqual(['Acme Belgium NV']);
    expect((await operator.post(`/api/v1/operator/customers/${ids.acme}/suspend`, {})).status).toBe(400); // reason mandatory
    const suspended = await operator.post(`/api/v1/operator/customers/${ids.acme}/suspend`, { reason: 'Fraud suspected' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', suspensionReason: 'Fraud suspected' });
    expect((await fleet.get<MeResponse>('/api/v1/me')).body.customers).toEqual([]);
    expect((await owner.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(404);
    expect((await operator.post(`/api/v1/operator/customers/${ids.acme}/suspend`, { reason: 'again' })).status).toBe(409);
    const mail = await db().selectFrom('mail_outbox').select(['to_address', 'language']).where('kind', '=', 'customer_suspended').execute();
    expect(mail).toEqual([{ to_address: 'owner@acme.test', language: 'nl' }]);

    expect((await operator.post(`/api/v1/operator/customers/${ids.acme}/reactivate`, { reason: 'Cleared' })).status).toBe(200);
    expect((await owner.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(200);
    expect((await fleet.get<MeResponse>('/api/v1/me')).body.customers.map((c) => c.name)).toEqual(['Acme Belgium NV']);
  });

  it('suspends a user at once (next request refused) and reactivates him', async () => {
    const employee = await signedIn(t.url, 'employee@acme.test');
    const userId = (await db().selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
    expect((await employee.get('/api/v1/me')).status).toBe(200);
    const res = await operator.post(`/api/v1/operator/users/${userId}/suspend`, { reason: 'Stolen credentials' });
    expect(res.status).toBe(200);
    const refused = await employee.get<{ code: string }>('/api/v1/me');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('account_suspended');
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', userId).execute();
    expect(audit.map((a) => a.action)).toEqual(['user.suspend']);
    expect((await operator.post(`/api/v1/operator/users/${userId}/reactivate`, { reason: 'New password set' })).status).toBe(200);
    expect((await employee.get('/api/v1/me')).status).toBe(200);
    // An operator cannot suspend himself; an unknown user is 404.
    const me = (await operator.get<MeResponse>('/api/v1/me')).body.user.id;
    expect((await operator.post(`/api/v1/operator/users/${me}/suspend`, { reason: 'x' })).status).toBe(409);
    expect((await operator.post('/api/v1/operator/users/00000000-0000-4000-8000-000000000000/suspend', { reason: 'x' })).status).toBe(404);
  });

  it('non-operators never reach the back office (403), anonymous 401', async () => {
    for (const email of ['owner@acme.test', 'manager@acme.test', 'admin@brightwave.test']) {
      const c = await signedIn(t.url, email);
      expect((await c.get('/api/v1/operator/delegations')).status).toBe(403);
      expect((await c.get('/api/v1/operator/affiliate-requests')).status).toBe(403);
      expect((await c.get('/api/v1/operator/customers?q=acme')).status).toBe(403);
      expect((await c.post(`/api/v1/operator/customers/${ids.noordzee}/suspend`, { reason: 'x' })).status).toBe(403);
    }
    expect((await new ApiClient(t.url).get('/api/v1/operator/delegations')).status).toBe(401);
    const status = await db().selectFrom('customers').select('status').where('id', '=', ids.noordzee!).executeTakeFirstOrThrow();
    expect(status.status).toBe('active');
  });
});
