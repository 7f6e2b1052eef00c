import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type { GrantListResponse } from '@mandate/contracts/grants';
import type { CreateUserBody, CreateUserResponse, GrantableProfilesResponse, InitialRight } from '@mandate/contracts/users';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { acceptInvitation } from '../support/mail.ts';

/**
 * A sub-profile's preset rights given with the invitation (ROLE-1, ROLE-6): the add-user form
 * learns which presets the inviter may give (canGrant), and POST …/users gives the reviewed rights
 * with the membership, in one transaction, audited like any grant.
 */
let t: TestApp;
let owner: ApiClient;
let manager: ApiClient;
let lumiereOwner: ApiClient;
let acme: string;
let lumiere: string;

beforeAll(async () => {
  t = await startTestApp();
  [owner, manager, lumiereOwner] = await Promise.all(['owner@acme.test', 'manager@acme.test', 'owner@lumiere.test'].map((e) => signedIn(t.url, e))) as [ApiClient, ApiClient, ApiClient];
  const id = async (name: string) => (await t.database.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  acme = await id('Acme Belgium NV');
  lumiere = await id('Lumière SRL');
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const users = (customerId: string) => `/api/v1/customers/${customerId}/users`;
let counter = 0;
const body = (overrides: Partial<CreateUserBody> = {}): CreateUserBody => ({
  email: `preset.${++counter}.${Date.now().toString(36)}@example.test`, firstName: 'Paula', lastName: 'Preset', language: 'fr',
  profile: 'support_portal_user', subProfiles: ['financial_manager'], employmentBasis: 'employment_indefinite', ...overrides,
});
const INVOICES: InitialRight = { app: 'invoices', actions: ['read', 'export'] };
const INSIGHTS: InitialRight = { app: 'insights', actions: ['read', 'export'] };
const DELIVERY: InitialRight = { app: 'invoice-delivery', actions: ['read', 'update'] };
const FINANCIAL = [INVOICES, INSIGHTS, DELIVERY];

async function grantsOf(client: ApiClient, customerId: string, userId: string) {
  const res = await client.get<GrantListResponse>(`${users(customerId)}/${userId}/grants`);
  expect(res.status).toBe(200);
  return res.body.items.map((g) => ({ app: g.app, actions: g.actions, billingAccountIds: g.billingAccountIds, costCentreIds: g.costCentreIds }));
}

describe('GET …/users/grantable-profiles: the presets the inviter may give', () => {
  it("at a customer with every app, the AO and the AM may give every preset right", async () => {
    for (const client of [owner, manager]) {
      const res = await client.get<GrantableProfilesResponse>(`${users(acme)}/grantable-profiles`);
      expect(res.status).toBe(200);
      const fm = res.body.presets.find((p) => p.subProfile === 'financial_manager')!;
      expect(fm).toEqual({ subProfile: 'financial_manager', rights: FINANCIAL, withheld: [] });
      expect(res.body.presets.map((p) => p.subProfile).sort()).toEqual(['financial_manager', 'fleet_manager', 'incident_manager', 'purchaser']);
    }
  });

  it('a right in an app the customer lacks is withheld, with canGrant\'s reason', async () => {
    const res = await lumiereOwner.get<GrantableProfilesResponse>(`${users(lumiere)}/grantable-profiles`);
    const fm = res.body.presets.find((p) => p.subProfile === 'financial_manager')!;
    expect(fm.rights).toEqual([INVOICES]);
    expect(fm.withheld).toEqual([{ ...INSIGHTS, reason: 'app_not_subscribed' }, { ...DELIVERY, reason: 'app_not_subscribed' }]);
  });
});

describe('POST …/users with grants: the rights come with the membership', () => {
  it('gives the reviewed rights on the whole customer, audited as grants, and answers them', async () => {
    const b = body({ grants: [INVOICES, { app: 'insights', actions: ['read'] }] });
    const res = await manager.post<CreateUserResponse>(users(acme), b);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.grants).toEqual([INVOICES, { app: 'insights', actions: ['read'] }]);
    expect(res.body.user.status).toBe('invited');
    const userId = res.body.user.id;
    expect(await grantsOf(owner, acme, userId)).toEqual([
      { app: 'insights', actions: ['read'], billingAccountIds: [], costCentreIds: [] },
      { app: 'invoices', actions: ['read', 'export'], billingAccountIds: [], costCentreIds: [] },
    ]);
    const audit = await db().selectFrom('audit_log').select(['action', 'target_id', 'after']).where('customer_id', '=', acme)
      .where('action', 'in', ['user.invite', 'grant.create']).orderBy('id').execute();
    const mine = audit.filter((a) => (a.action === 'user.invite' ? a.target_id === userId : (a.after as { userId?: string }).userId === userId));
    expect(mine.map((a) => a.action)).toEqual(['user.invite', 'grant.create', 'grant.create']);
    expect(mine[1]!.after).toEqual({ userId, app: 'invoices', actions: ['read', 'export'], billingAccountIds: [], costCentreIds: [] });
  });

  it('without grants, nothing is given (the answer says so)', async () => {
    const res = await owner.post<CreateUserResponse>(users(acme), body());
    expect(res.status).toBe(201);
    expect(res.body.grants).toEqual([]);
    expect(await grantsOf(owner, acme, res.body.user.id)).toEqual([]);
  });

  it.each([
    ['an app the customer lacks', () => lumiereOwner, () => lumiere, { profile: 'support_portal_user', grants: [INVOICES, INSIGHTS] }, 403, 'app_not_subscribed', 'body.grants.1'],
    ['a right for an Access Manager', () => owner, () => acme, { profile: 'access_manager', subProfiles: [], grants: [INVOICES] }, 403, 'no_rights_on_profile', 'body.grants.0'],
    ['more than self-service for a Service User', () => owner, () => acme, { profile: 'service_user', subProfiles: [], grants: [{ app: 'invoices', actions: ['read'] }] }, 403, 'service_user_self_service_only', 'body.grants.0'],
    ['an action the app cannot carry', () => owner, () => acme, { grants: [{ app: 'invoices', actions: ['order'] }] }, 403, 'action_not_in_app', 'body.grants.0'],
    ['the same app twice', () => owner, () => acme, { grants: [INVOICES, { app: 'invoices', actions: ['read'] }] }, 400, 'duplicate_app', 'body.grants.1.app'],
  ] as const)('refuses %s, naming the right, and writes nothing', async (_label, client, customer, overrides, status, code, field) => {
    const b = body(overrides as unknown as Partial<CreateUserBody>);
    const res = await client().post(users(customer()), b);
    expect(res.status).toBe(status);
    expect((res.body as Problem).code).toBe(code);
    expect(((res.body as Problem).errors ?? []).map((e) => e.field)).toEqual([field]);
    expect(await db().selectFrom('users').select('id').where('email', '=', b.email).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a malformed right with 400 naming the field (schema)', async () => {
    const res = await owner.post(users(acme), body({ grants: [{ app: 'invoices', actions: [] }] }));
    expect(res.status).toBe(400);
    expect(((res.body as Problem).errors ?? []).map((e) => e.field).join(' ')).toContain('body.grants.0.actions');
  });

  it('once he accepts, he holds exactly the rights given', async () => {
    const b = body({ grants: [{ app: 'invoices', actions: ['read'] }] });
    const res = await owner.post<CreateUserResponse>(users(acme), b);
    expect(res.status).toBe(201);
    expect(await acceptInvitation(db(), t.url, b.email)).toBe(200);
    const invitee = new ApiClient(t.url);
    expect((await invitee.login(b.email, 'a-long-enough-password')).status).toBe(200);
    const me = (await invitee.get<{ customers: Array<{ id: string; apps: string[] }> }>('/api/v1/me')).body;
    expect(me.customers.find((c) => c.id === acme)?.apps).toEqual(['invoices']);
  });
});
