import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantListResponse } from '@mandate/contracts/grants';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * The rights editor's one Save: PUT …/users/{userId}/grants changes several apps at once, in one
 * transaction, with canGrant per right and one audit row per app that changes (ROLE-6, SEC-3).
 */
let t: TestApp;
let owner: ApiClient;
let fleet: ApiClient;
const c: Record<string, string> = {};
const u: Record<string, string> = {};
const ba: Record<string, string> = {};
const cc: Record<string, string> = {};

const db = () => t.database.db;

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, name] of Object.entries({ acme: 'Acme Belgium NV', noordzee: 'Noordzee Bouw NV' })) {
    c[k] = (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  for (const r of await db().selectFrom('users').select(['id', 'email']).execute()) u[r.email] = r.id;
  for (const r of await db().selectFrom('billing_accounts').select(['id', 'number']).execute()) ba[r.number] = r.id;
  for (const r of await db().selectFrom('cost_centres as c').innerJoin('customers as k', 'k.id', 'c.customer_id').select(['c.id', 'c.name', 'k.name as k']).execute()) cc[`${r.k}/${r.name}`] = r.id;
  [owner, fleet] = await Promise.all([signedIn(t.url, 'owner@acme.test'), signedIn(t.url, 'fleet@acme.test')]);
});
afterAll(async () => t?.close());

type Answer = GrantListResponse & { code?: string; detail?: string; errors?: Array<{ field: string; message: string }> };
const path = (user: string, customer = c.acme!) => `/api/v1/customers/${customer}/users/${user}/grants`;
const putAll = (client: ApiClient, user: string, changes: unknown, customer?: string) =>
  client.request<Answer>('PUT', path(user, customer), { changes });

const allGrants = () => db().selectFrom('grants').selectAll().orderBy('id').execute();
const auditRows = () => db().selectFrom('audit_log').selectAll().where('target_type', '=', 'grant').orderBy('id').execute();

describe('PUT …/users/{userId}/grants: several apps in one Save', () => {
  it('adds, changes and removes rights of several apps at once; one audit row per app that changed', async () => {
    const finance = u['finance@acme.test']!;
    const before = (await owner.get<GrantListResponse>(path(finance))).body.items;
    const delivery = before.find((g) => g.app === 'invoice-delivery')!;
    const audit = (await auditRows()).length;

    const res = await putAll(owner, finance, [
      { app: 'invoices', actions: ['read'], billingAccountIds: [ba['ACME-0001']] },
      { app: 'orders', actions: ['read', 'order'] },
      { app: 'insights', actions: [] },
      // Sent as it is: nothing changes, nothing is audited.
      { app: 'invoice-delivery', actions: delivery.actions, billingAccountIds: delivery.billingAccountIds, costCentreIds: delivery.costCentreIds },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((g) => [g.app, g.actions, g.billingAccountIds])).toEqual([
      ['invoice-delivery', delivery.actions, delivery.billingAccountIds],
      ['invoices', ['read'], [ba['ACME-0001']]],
      ['orders', ['read', 'order'], []],
    ]);

    const rows = (await auditRows()).slice(audit);
    expect(rows.map((r) => [r.action, ((r.after ?? r.before) as { app: string }).app])).toEqual([
      ['grant.update', 'invoices'], ['grant.create', 'orders'], ['grant.delete', 'insights'],
    ]);
    for (const r of rows) expect(r).toMatchObject({ actor_user_id: u['owner@acme.test'], customer_id: c.acme, target_type: 'grant' });
    expect(rows[0]!.before).toMatchObject({ userId: finance, app: 'invoices', actions: ['read', 'export'] });
    expect(rows[0]!.after).toMatchObject({ userId: finance, app: 'invoices', actions: ['read'], billingAccountIds: [ba['ACME-0001']] });
  });

  it('removing a right the user does not hold changes nothing (200, not audited)', async () => {
    const [grants, audit] = [await allGrants(), (await auditRows()).length];
    const res = await putAll(owner, u['finance@acme.test']!, [{ app: 'fleet-manager', actions: [] }]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await allGrants()).toEqual(grants);
    expect((await auditRows()).length).toBe(audit);
  });

  it('a fleet manager hands a Service User self-service within his cost centre, and takes it back, through the same Save', async () => {
    const employee = u['employee@acme.test']!;
    const sales = cc['Acme Belgium NV/Sales']!;
    const given = await putAll(fleet, employee, [{ app: 'mobile', actions: ['read', 'update'], costCentreIds: [sales] }]);
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    expect(given.body.items.map((g) => [g.app, g.actions, g.costCentreIds])).toEqual([['mobile', ['read', 'update'], [sales]]]);
    const taken = await putAll(fleet, employee, [{ app: 'mobile', actions: [] }]);
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body.items).toEqual([]);
    // A Support Portal User's rights are outside what he administers: not found.
    expect((await putAll(fleet, u['finance@acme.test']!, [{ app: 'mobile', actions: ['read'], costCentreIds: [sales] }])).status).toBe(404);
  });
});

describe('all or nothing: the first refusal names its app, and nothing at all is written', () => {
  const cases: Array<[string, () => Promise<{ status: number; body: Answer }>, number, string, string]> = [
    ['canGrant refuses the second app (ROLE-5: a Service User gets self-service only)',
      () => putAll(owner, u['employee@acme.test']!, [{ app: 'mobile', actions: ['read'] }, { app: 'invoices', actions: ['read'] }]),
      403, 'service_user_self_service_only', 'body.changes.1'],
    ['the fleet manager gives a Service User a right beyond self-service in the second app',
      () => putAll(fleet, u['employee@acme.test']!, [
        { app: 'mobile', actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] },
        { app: 'fleet-manager', actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] },
      ]),
      403, 'service_user_self_service_only', 'body.changes.1'],
    ['a billing account of another customer in the second app',
      () => putAll(owner, u['finance@acme.test']!, [{ app: 'orders', actions: ['read'] }, { app: 'invoices', actions: ['read'], billingAccountIds: [ba['NOOR-0001']] }]),
      400, 'scope_not_of_customer', 'body.changes.1.billingAccountIds.0'],
    ['a scope the app cannot be narrowed by',
      () => putAll(owner, u['finance@acme.test']!, [{ app: 'user-management', actions: ['read'], costCentreIds: [cc['Acme Belgium NV/Sales']] }]),
      400, 'scope_not_applicable', 'body.changes.0.costCentreIds'],
    ['the same app twice',
      () => putAll(owner, u['finance@acme.test']!, [{ app: 'orders', actions: ['read'] }, { app: 'orders', actions: [] }]),
      400, 'duplicate_app', 'body.changes.1.app'],
    ['no change at all', () => putAll(owner, u['finance@acme.test']!, []), 400, 'validation_failed', 'body.changes'],
    ['an unknown app', () => putAll(owner, u['finance@acme.test']!, [{ app: 'backoffice', actions: ['read'] }]), 400, 'validation_failed', 'body.changes.0.app'],
    ['an unknown field', () => putAll(owner, u['finance@acme.test']!, [{ app: 'orders', actions: ['read'], admin: true }]), 400, 'validation_failed', 'body.changes.0'],
    ['a user of another customer', () => putAll(owner, u['employee@noordzee.test']!, [{ app: 'mobile', actions: ['read'] }]), 404, 'not_found', ''],
    ['a customer one cannot act for', () => putAll(owner, u['employee@noordzee.test']!, [{ app: 'mobile', actions: ['read'] }], c.noordzee), 404, 'not_found', ''],
  ];

  it.each(cases)('%s', async (_label, act, status, code, field) => {
    const [grants, audit] = [await allGrants(), (await auditRows()).length];
    const res = await act();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.code).toBe(code);
    if (field) expect(res.body.errors?.map((e) => e.field) ?? [], JSON.stringify(res.body)).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace(/\./g, '\\.')}`)));
    if (status === 403) expect(res.body.detail).toMatch(/^(invoices|fleet-manager): /);
    expect(await allGrants()).toEqual(grants);
    expect((await auditRows()).length).toBe(audit);
  });
});
