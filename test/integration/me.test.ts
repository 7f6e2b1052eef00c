import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMongoAbility, subject, type RawRuleOf } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { MeResponse } from '@mandate/contracts/me';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const me = async (email: string) => (await (await signedIn(t.url, email)).get<MeResponse>('/api/v1/me')).body;

describe('GET /api/v1/me: the customers one can act for and the apps one may use there', () => {
  it.each([
    ['owner@acme.test', [
      ['Acme Belgium NV', 'member', 'access_owner', ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery', 'orders']],
      ['Acme Logistics BV', 'affiliate', null, ['user-management', 'invoices', 'insights', 'mobile']],
      // Insights came with Acme Retail's first billing data (INS-1).
      ['Acme Retail SRL', 'affiliate', null, ['user-management', 'invoices', 'insights', 'mobile']],
    ]],
    ['manager@acme.test', [['Acme Belgium NV', 'member', 'access_manager', ['user-management']]]],
    ['finance@acme.test', [['Acme Belgium NV', 'member', 'support_portal_user', ['invoices', 'insights', 'invoice-delivery']]]],
    ['fleet@acme.test', [['Acme Belgium NV', 'member', 'support_portal_user', ['fleet-manager', 'mobile']]]],
    ['employee@acme.test', [['Acme Belgium NV', 'member', 'service_user', ['mobile']]]],
    ['admin@brightwave.test', [
      ['Brightwave IT BV', 'member', 'access_owner', ['user-management', 'invoices', 'insights', 'mobile']],
      ['Acme Belgium NV', 'delegation', null, ['fleet-manager', 'mobile']],
    ]],
    ['operator@mandate.test', []],
  ] as const)('%s', async (email, expected) => {
    const body = await me(email);
    expect(body.user.email).toBe(email);
    expect(body.customers.map((c) => [c.name, c.relation, c.profile, c.apps])).toEqual(expected);
  });

  it('affiliates name the parent; a delegation names the delegation and the partner', async () => {
    const owner = await me('owner@acme.test');
    const acme = owner.customers.find((c) => c.name === 'Acme Belgium NV')!;
    expect(owner.customers.find((c) => c.name === 'Acme Retail SRL')!.viaCustomerId).toBe(acme.id);
    const bw = await me('admin@brightwave.test');
    const delegated = bw.customers.find((c) => c.relation === 'delegation')!;
    expect(delegated.delegationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(delegated.partnerName).toBe('Brightwave IT BV');
  });

  it('the packed rules give the web the same answers as the server', async () => {
    const fleet = await me('fleet@acme.test');
    const acme = fleet.customers[0]!;
    const ability = createMongoAbility(unpackRules([...fleet.globalRules, ...acme.rules] as PackRule<RawRuleOf<AppAbility>>[]));
    expect(ability.can('use', subject('App', { customerId: acme.id, app: 'fleet-manager' }))).toBe(true);
    expect(ability.can('use', subject('App', { customerId: acme.id, app: 'invoices' }))).toBe(false);
    expect(ability.can('read', subject('User', { customerId: acme.id }))).toBe(false);
    const operator = await me('operator@mandate.test');
    const back = createMongoAbility(unpackRules(operator.globalRules as PackRule<RawRuleOf<AppAbility>>[]));
    expect(back.can('use', subject('App', { app: 'backoffice' }))).toBe(true);
    expect((await me('owner@acme.test')).globalRules.some((r) => JSON.stringify(r).includes('backoffice'))).toBe(false);
  });

  it('who is my administrator (ROLE-8): the Access Owners, primary first', async () => {
    const employee = await signedIn(t.url, 'employee@acme.test');
    const acme = (await employee.get<MeResponse>('/api/v1/me')).body.customers[0]!;
    const res = await employee.get<{ items: Array<{ email: string; profile: string; isPrimary: boolean; phone: string | null }> }>(`/api/v1/customers/${acme.id}/administrators`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{ userId: expect.any(String), firstName: 'Olivia', lastName: 'Owner', email: 'owner@acme.test', phone: '+32470000001', profile: 'access_owner', isPrimary: true }]);
  });

  it('who is my administrator: the Access Managers when the customer has no Access Owner', async () => {
    const lumiere = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Lumière SRL').executeTakeFirstOrThrow()).id;
    await t.database.db.updateTable('memberships').set({ status: 'suspended' }).where('customer_id', '=', lumiere).where('profile', '=', 'access_owner').execute();
    try {
      const employee = await signedIn(t.url, 'employee@lumiere.test');
      const res = await employee.get<{ items: Array<{ email: string; profile: string }> }>(`/api/v1/customers/${lumiere}/administrators`);
      expect(res.body.items.map((a) => [a.email, a.profile])).toEqual([['manager@lumiere.test', 'access_manager']]);
    } finally {
      await t.database.db.updateTable('memberships').set({ status: 'active' }).where('customer_id', '=', lumiere).where('profile', '=', 'access_owner').execute();
    }
  });
});

describe('PATCH /api/v1/me: the user sets his own language', () => {
  it('sets the language of his mails (and of the portal where his browser chose none); bad input is 400 naming the field and changes nothing', async () => {
    const fleet = await signedIn(t.url, 'fleet@acme.test');
    const languageInDb = async () => (await t.database.db.selectFrom('users').select('language').where('email', '=', 'fleet@acme.test').executeTakeFirstOrThrow()).language;
    expect(await languageInDb()).toBe('en');

    const set = await fleet.request<MeResponse>('PATCH', '/api/v1/me', { language: 'fr' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.user).toMatchObject({ email: 'fleet@acme.test', language: 'fr' });
    expect((await fleet.get<MeResponse>('/api/v1/me')).body.user.language).toBe('fr');
    expect(await languageInDb()).toBe('fr');

    for (const [body, field] of [[{ language: 'de' }, 'body.language'], [{}, 'body.language'], [{ language: 'nl', email: 'x@y.test' }, 'body.email']] as const) {
      const refused = await fleet.request<{ code: string; errors: Array<{ field: string }> }>('PATCH', '/api/v1/me', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.errors.map((e) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect(await languageInDb()).toBe('fr');
    // Another user is untouched.
    expect((await me('owner@acme.test')).user.language).toBe('nl');
  });
});
