import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMongoAbility, subject, type RawRuleOf } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';
import { defineAbilityFor, type AppAbility } from '@mandate/authz/define-ability';
import type { MeResponse } from '@mandate/contracts/me';
import type { GrantItem, GrantListResponse, GrantPresetsResponse, GrantableResponse, ScopeOptionsResponse } from '@mandate/contracts/grants';
import { whereAccessible } from '@mandate/server/lib/accessible-by';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/** The rights editor API (ROLE-3, ROLE-5, ROLE-6, ROLE-7, SEC-3). */
let t: TestApp;
let owner: ApiClient;
let manager: ApiClient;
let fleet: ApiClient;
let finance: ApiClient;
let employee: ApiClient;
let brightwave: ApiClient;
const c: Record<string, string> = {};
const u: Record<string, string> = {};
const ba: Record<string, string> = {};
const cc: Record<string, string> = {};

const db = () => t.database.db;
const customerId = async (name: string) => (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, name] of Object.entries({ acme: 'Acme Belgium NV', logistics: 'Acme Logistics BV', brightwave: 'Brightwave IT BV', noordzee: 'Noordzee Bouw NV' })) c[k] = await customerId(name);
  for (const email of ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test', 'tech@brightwave.test', 'employee@noordzee.test']) u[email] = await userId(email);
  for (const r of await db().selectFrom('billing_accounts').select(['id', 'number']).execute()) ba[r.number] = r.id;
  for (const r of await db().selectFrom('cost_centres as c').innerJoin('customers as k', 'k.id', 'c.customer_id').select(['c.id', 'c.name', 'k.name as k']).execute()) cc[`${r.k}/${r.name}`] = r.id;
  [owner, manager, fleet, finance, employee, brightwave] = await Promise.all(
    (['owner@acme.test', 'manager@acme.test', 'fleet@acme.test', 'finance@acme.test', 'employee@acme.test', 'admin@brightwave.test'] as const).map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
});
afterAll(async () => t?.close());

const grantsPath = (customer: string, user: string, app?: string) => `/api/v1/customers/${customer}/users/${user}/grants${app ? `/${app}` : ''}`;
const put = (client: ApiClient, customer: string, user: string, app: string, body: unknown) => client.request<GrantItem & { code?: string; errors?: unknown }>('PUT', grantsPath(customer, user, app), body);

/** Every grant of the database, to prove a refusal changed nothing. */
const allGrants = () => db().selectFrom('grants').selectAll().orderBy('id').execute();
const auditCount = async () => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function abilityFromMe(client: ApiClient, customer: string): Promise<AppAbility> {
  const me = (await client.get<MeResponse>('/api/v1/me')).body;
  const rules = [...me.globalRules, ...(me.customers.find((x) => x.id === customer)?.rules ?? [])] as PackRule<RawRuleOf<AppAbility>>[];
  return createMongoAbility<AppAbility>(unpackRules(rules));
}

/** The billing accounts a user's own scoped list query returns: the same whereAccessible the list endpoints use. */
async function visibleBillingAccounts(email: string): Promise<string[]> {
  const loaded = await loadAccessContext(db(), await userId(email), null, t.clock.now());
  const ability = defineAbilityFor(loaded!.context);
  const rows = await db().selectFrom('billing_accounts as b').where('b.customer_id', '=', c.acme!)
    .where(whereAccessible(ability, 'read', 'BillingAccount', { customerId: 'b.customer_id', billingAccountId: 'b.id' }))
    .select('b.number').orderBy('b.number').execute();
  return rows.map((r) => r.number);
}

describe('ROLE-6: the Access Owner grants invoice rights on one billing account', () => {
  it('replaces the financial manager’s invoices right; his next request sees exactly that scope, and it is audited', async () => {
    expect(await visibleBillingAccounts('finance@acme.test')).toEqual(['ACME-0001', 'ACME-0002', 'ACME-0003']);
    const before = await auditCount();
    const res = await put(owner, c.acme!, u['finance@acme.test']!, 'invoices', { actions: ['read'], billingAccountIds: [ba['ACME-0002']] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ app: 'invoices', actions: ['read'], billingAccountIds: [ba['ACME-0002']], costCentreIds: [], grantedBy: { id: u['owner@acme.test'], name: 'Olivia Owner' } });

    // Next request of the grantee (same session, no re-login): /me's rules and SQL-filtered lists follow.
    const ability = await abilityFromMe(finance, c.acme!);
    expect(ability.can('read', subject('Invoice', { customerId: c.acme, billingAccountId: ba['ACME-0002'] }))).toBe(true);
    // insights and invoice-delivery still cover all three accounts; the invoices right alone covers ACME-0002.
    expect(ability.can('read', subject('Invoice', { customerId: c.acme, billingAccountId: ba['ACME-0001'] }))).toBe(true);
    const list = (await owner.get<GrantListResponse>(grantsPath(c.acme!, u['finance@acme.test']!))).body.items;
    expect(list.map((g) => [g.app, g.actions, g.billingAccountIds.length])).toEqual([
      ['insights', ['read', 'export'], 3], ['invoice-delivery', ['read', 'update'], 3], ['invoices', ['read'], 1],
    ]);

    // Remove the other two rights: only ACME-0002 stays visible, on the very next query.
    for (const app of ['insights', 'invoice-delivery']) expect((await owner.request('DELETE', grantsPath(c.acme!, u['finance@acme.test']!, app))).status).toBe(204);
    expect(await visibleBillingAccounts('finance@acme.test')).toEqual(['ACME-0002']);
    const after = await abilityFromMe(finance, c.acme!);
    expect(after.can('read', subject('Invoice', { customerId: c.acme, billingAccountId: ba['ACME-0001'] }))).toBe(false);
    expect(after.can('use', subject('App', { customerId: c.acme, app: 'insights' }))).toBe(false);
    expect(after.can('read', subject('Invoice', { customerId: c.acme, billingAccountId: ba['ACME-0002'] }))).toBe(true);
    expect(after.can('export', subject('Invoice', { customerId: c.acme, billingAccountId: ba['ACME-0002'] }))).toBe(false);

    // SEC-3: one audit row per change, with before and after, acting for Acme.
    expect(await auditCount()).toBe(before + 3);
    const rows = await db().selectFrom('audit_log').selectAll().where('target_type', '=', 'grant').orderBy('id').execute();
    const update = rows.find((r) => r.action === 'grant.update' && (r.after as { app?: string } | null)?.app === 'invoices')!;
    expect(update).toMatchObject({ actor_user_id: u['owner@acme.test'], customer_id: c.acme, delegation_id: null });
    expect(update.before).toMatchObject({ userId: u['finance@acme.test'], app: 'invoices', actions: ['read', 'export'] });
    expect(update.after).toMatchObject({ app: 'invoices', actions: ['read'], billingAccountIds: [ba['ACME-0002']] });
    const deleted = rows.filter((r) => r.action === 'grant.delete');
    expect(deleted.map((r) => [(r.before as { app: string }).app, r.after])).toEqual([['insights', null], ['invoice-delivery', null]]);
  });

  it('DELETE of a right the user does not hold → 404, nothing written', async () => {
    const before = await auditCount();
    const res = await owner.request('DELETE', grantsPath(c.acme!, u['finance@acme.test']!, 'orders'));
    expect(res.status).toBe(404);
    expect(await auditCount()).toBe(before);
  });
});

describe('ROLE-3: the Access Manager grants rights without seeing customer data', () => {
  it('may write grants (200) while holding no rule on any customer data', async () => {
    const ability = await abilityFromMe(manager, c.acme!);
    for (const s of ['BillingAccount', 'Invoice', 'Sim', 'Usage'] as const) expect(ability.can('read', subject(s, { customerId: c.acme }))).toBe(false);
    const res = await put(manager, c.acme!, u['fleet@acme.test']!, 'insights', { actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await manager.get(grantsPath(c.acme!, u['fleet@acme.test']!))).status).toBe(200);
    // …and picks the scope from names and numbers only.
    const options = await manager.get<ScopeOptionsResponse>(`/api/v1/customers/${c.acme}/scope-options`);
    expect(options.status).toBe(200);
    expect(options.body.billingAccounts.map((b) => b.number)).toEqual(['ACME-0001', 'ACME-0002', 'ACME-0003']);
    expect(options.body.costCentres.map((x) => x.name)).toEqual(['Sales', 'Finance', 'Operations']);
  });
});

describe('ROLE-6: no one grants more than he holds; refusals change nothing', () => {
  const refusals: Array<[string, () => Promise<{ status: number; body: { code?: string } }>, number, string]> = [
    ['fleet manager gives self-service beyond his cost centre', () => put(fleet, c.acme!, u['employee@acme.test']!, 'mobile', { actions: ['read', 'update'], costCentreIds: [cc['Acme Belgium NV/Finance']] }), 403, 'beyond_own_scope'],
    ['fleet manager gives self-service on the whole customer', () => put(fleet, c.acme!, u['employee@acme.test']!, 'mobile', { actions: ['read'] }), 403, 'beyond_own_scope'],
    ['fleet manager gives a non-self-service right to an SU', () => put(fleet, c.acme!, u['employee@acme.test']!, 'fleet-manager', { actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] }), 403, 'service_user_self_service_only'],
    // A grantee outside the rights he administers is not found, like a user of another customer.
    ['fleet manager gives rights to a Support Portal User', () => put(fleet, c.acme!, u['finance@acme.test']!, 'mobile', { actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] }), 404, 'not_found'],
    ['ROLE-5: AO gives an SU a non-self-service right', () => put(owner, c.acme!, u['employee@acme.test']!, 'invoices', { actions: ['read'] }), 403, 'service_user_self_service_only'],
    ['ROLE-5: AO gives an SU more than read/update on mobile', () => put(owner, c.acme!, u['employee@acme.test']!, 'orders', { actions: ['read', 'order'] }), 403, 'service_user_self_service_only'],
    ['an action the app cannot carry', () => put(owner, c.acme!, u['finance@acme.test']!, 'invoices', { actions: ['read', 'update'] }), 403, 'action_not_in_app'],
    ['AO and AM hold no app rights', () => put(owner, c.acme!, u['manager@acme.test']!, 'invoices', { actions: ['read'] }), 403, 'no_rights_on_profile'],
    ['an app the customer did not subscribe to (Brightwave has no fleet manager)', () => put(brightwave, c.brightwave!, u['tech@brightwave.test']!, 'fleet-manager', { actions: ['read'] }), 403, 'app_not_subscribed'],
    ['a Support Portal User without administration rights', () => put(finance, c.acme!, u['fleet@acme.test']!, 'invoices', { actions: ['read'] }), 403, 'forbidden'],
    ['a Service User', () => put(employee, c.acme!, u['employee@acme.test']!, 'mobile', { actions: ['read'] }), 403, 'forbidden'],
    ['a delegate (Brightwave acting for Acme) administers no rights there', () => put(brightwave, c.acme!, u['employee@acme.test']!, 'mobile', { actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] }), 403, 'forbidden'],
    ['ROLE-7: a user of another company (Brightwave’s AO, a delegate of Acme) is no member of Acme', () => put(owner, c.acme!, u['admin@brightwave.test']!, 'mobile', { actions: ['read'] }), 404, 'not_found'],
    ['a user of another customer without any link', () => put(owner, c.acme!, u['employee@noordzee.test']!, 'mobile', { actions: ['read'] }), 404, 'not_found'],
    ['an unknown user', () => put(owner, c.acme!, '00000000-0000-4000-8000-000000000000', 'mobile', { actions: ['read'] }), 404, 'not_found'],
    ['a customer one cannot act for', () => put(owner, c.noordzee!, u['employee@noordzee.test']!, 'mobile', { actions: ['read'] }), 404, 'not_found'],
    ['no action', () => put(owner, c.acme!, u['finance@acme.test']!, 'invoices', { actions: [] }), 400, 'validation_failed'],
    ['an unknown action', () => put(owner, c.acme!, u['finance@acme.test']!, 'invoices', { actions: ['manage'] }), 400, 'validation_failed'],
    ['an unknown app', () => put(owner, c.acme!, u['finance@acme.test']!, 'backoffice', { actions: ['read'] }), 400, 'validation_failed'],
    ['an unknown field', () => put(owner, c.acme!, u['finance@acme.test']!, 'invoices', { actions: ['read'], admin: true }), 400, 'validation_failed'],
    ['a malformed id in the scope', () => put(owner, c.acme!, u['finance@acme.test']!, 'invoices', { actions: ['read'], billingAccountIds: ['ACME-0001'] }), 400, 'validation_failed'],
  ];

  it.each(refusals)('%s', async (_label, act, status, code) => {
    const [grants, audit] = [await allGrants(), await auditCount()];
    const res = await act();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await allGrants()).toEqual(grants);
    expect(await auditCount()).toBe(audit);
  });

  it('a scope naming a billing account of another customer → 400 naming the field, nothing written', async () => {
    const [grants, audit] = [await allGrants(), await auditCount()];
    const res = await put(owner, c.acme!, u['finance@acme.test']!, 'invoices', { actions: ['read'], billingAccountIds: [ba['ACME-0001'], ba['NOOR-0001']] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'scope_not_of_customer', errors: [{ field: 'body.billingAccountIds.1' }] });
    const cost = await put(owner, c.acme!, u['finance@acme.test']!, 'insights', { actions: ['read'], costCentreIds: [cc['Acme Logistics BV/Depot']] });
    expect(cost.body).toMatchObject({ status: 400, errors: [{ field: 'body.costCentreIds.0' }] });
    expect(await allGrants()).toEqual(grants);
    expect(await auditCount()).toBe(audit);
  });

  it('a scope the app\'s data cannot be narrowed by → 400 scope_not_applicable naming the field, nothing written', async () => {
    const [grants, audit] = [await allGrants(), await auditCount()];
    // User management opens users and rights, which have no billing account or cost centre: it always covers the whole customer.
    const users = await put(owner, c.acme!, u['finance@acme.test']!, 'user-management', { actions: ['read'], billingAccountIds: [ba['ACME-0001']] });
    expect(users.status, JSON.stringify(users.body)).toBe(400);
    expect(users.body).toMatchObject({ code: 'scope_not_applicable', errors: [{ field: 'body.billingAccountIds' }] });
    // Invoice delivery narrows by billing account only.
    const delivery = await put(owner, c.acme!, u['finance@acme.test']!, 'invoice-delivery', { actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] });
    expect(delivery.body).toMatchObject({ status: 400, code: 'scope_not_applicable', errors: [{ field: 'body.costCentreIds' }] });
    expect(await allGrants()).toEqual(grants);
    expect(await auditCount()).toBe(audit);
    // Narrowed the way its data can be, the same right is accepted (then taken back: the demo data stays as it was).
    const accepted = await put(owner, c.acme!, u['fleet@acme.test']!, 'invoice-delivery', { actions: ['read'], billingAccountIds: [ba['ACME-0001']] });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((await owner.request('DELETE', grantsPath(c.acme!, u['fleet@acme.test']!, 'invoice-delivery'))).status).toBe(204);
  });

  it('a fleet manager hands self-service on SIMs of his cost centre to a Service User (ROLE-6), and may take it back', async () => {
    const res = await put(fleet, c.acme!, u['employee@acme.test']!, 'mobile', { actions: ['read', 'update'], costCentreIds: [cc['Acme Belgium NV/Sales']] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const employeeAbility = await abilityFromMe(employee, c.acme!);
    const ownSim = await db().selectFrom('sims').select(['id', 'billing_account_id', 'cost_centre_id']).where('end_user_id', '=', u['employee@acme.test']!).executeTakeFirstOrThrow();
    const ownLine = subject('Sim', {
      customerId: c.acme, billingAccountId: ownSim.billing_account_id, costCentreId: ownSim.cost_centre_id, endUserId: u['employee@acme.test'],
    });
    // ROLE-5: self-service on his own line, not its management.
    expect(employeeAbility.can('selfServe', ownLine)).toBe(true);
    expect(employeeAbility.can('update', ownLine)).toBe(false);
    // He reads only the scope options of his own scope, and the grants of Service Users only.
    const options = await fleet.get<ScopeOptionsResponse>(`/api/v1/customers/${c.acme}/scope-options`);
    expect(options.body).toEqual({ billingAccounts: [], costCentres: [{ id: cc['Acme Belgium NV/Sales'], code: 'CC01', name: 'Sales' }] });
    expect((await fleet.get(grantsPath(c.acme!, u['employee@acme.test']!))).status).toBe(200);
    expect((await fleet.get(grantsPath(c.acme!, u['finance@acme.test']!))).status).toBe(404);
    expect((await fleet.get(`${grantsPath(c.acme!, u['finance@acme.test']!).replace(/\/grants$/, '')}/grantable`)).status).toBe(404);
    expect((await fleet.request('DELETE', grantsPath(c.acme!, u['employee@acme.test']!, 'mobile'))).status).toBe(204);
    expect(await db().selectFrom('grants').where('app', '=', 'mobile').where('granted_by', '=', u['fleet@acme.test']!).selectAll().execute()).toEqual([]);
  });

  it('two concurrent writes of the same right leave exactly one row (UNIQUE(membership_id, app))', async () => {
    const results = await Promise.all([
      put(owner, c.acme!, u['fleet@acme.test']!, 'orders', { actions: ['read'] }),
      put(manager, c.acme!, u['fleet@acme.test']!, 'orders', { actions: ['read', 'create'] }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const rows = await db().selectFrom('grants as g').innerJoin('memberships as m', 'm.id', 'g.membership_id')
      .where('m.user_id', '=', u['fleet@acme.test']!).where('g.app', '=', 'orders').selectAll('g').execute();
    expect(rows).toHaveLength(1);
  });
});

describe('presets, grantable and scope options', () => {
  it('sub-profiles are presets of rights, limited to the customer’s apps', async () => {
    const acme = await owner.get<GrantPresetsResponse>(`/api/v1/customers/${c.acme}/grant-presets`);
    expect(acme.status).toBe(200);
    const byName = Object.fromEntries(acme.body.items.map((p) => [p.subProfile, p.rights]));
    expect(byName.financial_manager).toEqual([
      { app: 'invoices', actions: ['read', 'export'] }, { app: 'insights', actions: ['read', 'export'] }, { app: 'invoice-delivery', actions: ['read', 'update'] },
    ]);
    expect(byName.fleet_manager).toEqual([{ app: 'fleet-manager', actions: ['read', 'update', 'export'] }, { app: 'mobile', actions: ['read', 'update'] }]);
    expect(byName.purchaser).toEqual([{ app: 'orders', actions: ['read', 'create', 'order'] }]);
    expect(byName.incident_manager).toEqual([{ app: 'mobile', actions: ['read'] }]);
    // Brightwave has no Fleet Manager and no orders (Insights came with its first billing data, INS-1).
    const bw = await brightwave.get<GrantPresetsResponse>(`/api/v1/customers/${c.brightwave}/grant-presets`);
    expect(Object.fromEntries(bw.body.items.map((p) => [p.subProfile, p.rights.map((r) => r.app)]))).toEqual({
      purchaser: [], incident_manager: ['mobile'], financial_manager: ['invoices', 'insights'], fleet_manager: ['mobile'],
    });
    expect((await finance.get(`/api/v1/customers/${c.acme}/grant-presets`)).status).toBe(403);
  });

  it('grantable: what canGrant lets the current user give, per app', async () => {
    const forFinance = await owner.get<GrantableResponse>(`/api/v1/customers/${c.acme}/users/${u['finance@acme.test']}/grantable`);
    expect(forFinance.status).toBe(200);
    expect(forFinance.body.user).toMatchObject({ email: 'finance@acme.test', profile: 'support_portal_user' });
    const apps = Object.fromEntries(forFinance.body.apps.map((a) => [a.app, a]));
    expect(apps.invoices).toEqual({ app: 'invoices', actions: ['read', 'export'], scope: { billingAccountIds: [], costCentreIds: [] }, refusal: null });
    expect(apps.orders!.actions).toEqual(['read', 'create', 'order']);

    const forEmployee = (await owner.get<GrantableResponse>(`/api/v1/customers/${c.acme}/users/${u['employee@acme.test']}/grantable`)).body;
    expect(forEmployee.apps.filter((a) => a.actions.length > 0).map((a) => [a.app, a.actions])).toEqual([['mobile', ['read', 'update']]]);
    expect(forEmployee.apps.find((a) => a.app === 'invoices')!.refusal).toBe('service_user_self_service_only');

    // The fleet manager: self-service on mobile, within his cost centre only.
    const byFleet = (await fleet.get<GrantableResponse>(`/api/v1/customers/${c.acme}/users/${u['employee@acme.test']}/grantable`)).body;
    expect(byFleet.apps.find((a) => a.app === 'mobile')).toEqual({
      app: 'mobile', actions: ['read', 'update'], scope: { billingAccountIds: [], costCentreIds: [cc['Acme Belgium NV/Sales']] }, refusal: null,
    });
    expect(byFleet.apps.filter((a) => a.actions.length > 0)).toHaveLength(1);

    // AO and AM of Acme about an AO: nothing (their profile is their right).
    const forManager = (await owner.get<GrantableResponse>(`/api/v1/customers/${c.acme}/users/${u['manager@acme.test']}/grantable`)).body;
    expect(forManager.apps.every((a) => a.actions.length === 0 && a.refusal === 'no_rights_on_profile')).toBe(true);
  });

  it('scope options are refused to users who grant nothing', async () => {
    expect((await finance.get(`/api/v1/customers/${c.acme}/scope-options`)).status).toBe(403);
    expect((await employee.get(`/api/v1/customers/${c.acme}/scope-options`)).status).toBe(403);
    expect((await owner.get(`/api/v1/customers/${c.noordzee}/scope-options`)).status).toBe(404);
  });
});
