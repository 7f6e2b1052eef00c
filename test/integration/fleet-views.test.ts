import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * PFM-4 (personalise): a user's own saved views of the fleet table, kept on the server per user,
 * customer and app: the table's filters, sort and columns under a name.
 */

let t: TestApp;
let acme: string;
let logistics: string;
let fleet: ApiClient;
let owner: ApiClient;
const base = (customerId = acme) => `/api/v1/customers/${customerId}/fleet/views`;

interface View { id: string; name: string; state: Record<string, string>; createdAt: string }
interface ProblemBody { code: string; errors?: Array<{ field: string; message: string }> }

const state = (extra: Record<string, string> = {}) => ({
  q: '', status: 'suspended', plan: '', option: '', cc: '', ba: '', band: 'over100', sort: 'plan:desc', cols: 'status,endUser,iccid', ...extra,
});

const otherCustomersAccount = async () => (await t.database.db.selectFrom('billing_accounts').select('id').where('customer_id', '=', logistics).executeTakeFirstOrThrow()).id;
const userId = async (email: string) => (await t.database.db.selectFrom('users').where('email', '=', email).select('id').executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  t = await startTestApp();
  const customer = async (name: string) => (await t.database.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  acme = await customer('Acme Belgium NV');
  logistics = await customer('Acme Logistics BV');
  fleet = await signedIn(t.url, 'fleet@acme.test');
  owner = await signedIn(t.url, 'owner@acme.test');
});
afterAll(async () => t?.close());

describe('saved views of the fleet table (PFM-4)', () => {
  it('a user saves (name trimmed), lists and deletes his own views; names are unique per user', async () => {
    const created = await fleet.post<View>(base(), { name: '  Suspended, over the allowance  ', state: state() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Suspended, over the allowance', state: state() });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(created.body.createdAt))).toBe(false);

    // The same name again, once trimmed: 409 on the name, nothing saved twice.
    const dup = await fleet.post<ProblemBody>(base(), { name: 'Suspended, over the allowance ', state: state({ status: '' }) });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('view_name_taken');

    // A view keeps only what it was given: a partial state is fine (the page fills in its defaults).
    const partial = await fleet.post<View>(base(), { name: 'All of it', state: { sort: 'msisdn:asc' } });
    expect(partial.status).toBe(201);
    expect(partial.body.state).toEqual({ sort: 'msisdn:asc' });

    // Every value the page can hold: ids, each column, no column at all.
    const { db } = t.database;
    const cc = (await db.selectFrom('cost_centres').select('id').where('customer_id', '=', acme).executeTakeFirstOrThrow()).id;
    const ba = (await db.selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).executeTakeFirstOrThrow()).id;
    const full = { q: '0470', status: 'port_out_pending', plan: randomUUID(), option: randomUUID(), cc, ba, band: '80to100', sort: 'initialTermEnd:desc' };
    for (const cols of ['status,endUser,plan,options,costCentre,billingAccount,initialTermEnd,iccid', '']) {
      const res = await fleet.post<View>(base(), { name: `Full ${cols.length}`, state: { ...full, cols } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await fleet.request('DELETE', `${base()}/${res.body.id}`)).status).toBe(204);
    }

    const list = await fleet.get<{ items: View[] }>(base());
    expect(list.status).toBe(200);
    expect(list.body.items.map((v) => v.name)).toEqual(['All of it', 'Suspended, over the allowance']);
    expect(list.body.items[1]).toEqual(created.body);

    expect((await fleet.request('DELETE', `${base()}/${created.body.id}`)).status).toBe(204);
    expect((await fleet.request('DELETE', `${base()}/${created.body.id}`)).status).toBe(404);
    expect((await fleet.get<{ items: View[] }>(base())).body.items.map((v) => v.id)).toEqual([partial.body.id]);
    expect((await fleet.request('DELETE', `${base()}/${partial.body.id}`)).status).toBe(204);
    expect((await fleet.get<{ items: View[] }>(base())).body.items).toEqual([]);
  });

  it('another user neither sees nor deletes them, and may use the same name', async () => {
    const mine = await fleet.post<View>(base(), { name: 'Sales, by plan', state: state() });
    expect(mine.status).toBe(201);
    expect((await owner.get<{ items: View[] }>(base())).body.items).toEqual([]);
    const deleted = await owner.request<ProblemBody>('DELETE', `${base()}/${mine.body.id}`);
    expect(deleted.status).toBe(404);
    expect(deleted.body.code).toBe('not_found');
    expect((await owner.request('PATCH', `${base()}/${mine.body.id}`, { name: 'Taken over', state: state({ status: 'active' }) })).status).toBe(404);
    // His own he renames and keeps another table in.
    const renamed = await fleet.request<View>('PATCH', `${base()}/${mine.body.id}`, { name: 'Sales, by plan (active)', state: state({ status: 'active' }) });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Sales, by plan (active)', state: state({ status: 'active' }) });
    expect((await fleet.request('PATCH', `${base()}/${mine.body.id}`, { name: 'Sales, by plan' })).status).toBe(200);
    const his = await owner.post<View>(base(), { name: 'Sales, by plan', state: state({ status: 'active' }) });
    expect(his.status).toBe(201);
    expect((await owner.get<{ items: View[] }>(base())).body.items.map((v) => v.id)).toEqual([his.body.id]);
    expect((await fleet.get<{ items: View[] }>(base())).body.items.map((v) => v.id)).toEqual([mine.body.id]);
    // The fleet manager's view is still there after the other user's attempt.
    expect(await t.database.db.selectFrom('saved_views').select('id').where('id', '=', mine.body.id).execute()).toHaveLength(1);
  });

  it('views are per customer and per app', async () => {
    // The AO acts for the affiliate too (DLG-1): Acme's views are not the affiliate's.
    const acmeView = await owner.post<View>(base(), { name: 'Per customer', state: state() });
    expect(acmeView.status).toBe(201);
    expect((await owner.get<{ items: View[] }>(base(logistics))).body.items).toEqual([]);
    expect((await owner.request('DELETE', `${base(logistics)}/${acmeView.body.id}`)).status).toBe(404);
    // An Invoice Insights view of the same name is another app's: no clash, not listed here.
    const insights = await owner.post(`/api/v1/customers/${acme}/insights/views`, { name: 'Per customer', state: { figure: 'monthly' } });
    expect(insights.status, JSON.stringify(insights.body)).toBe(201);
    const names = (await owner.get<{ items: View[] }>(base())).body.items.filter((v) => v.name === 'Per customer');
    expect(names.map((v) => v.id)).toEqual([acmeView.body.id]);
    expect((await owner.get<{ items: Array<{ name: string }> }>(`/api/v1/customers/${acme}/insights/views`)).body.items.map((v) => v.name)).toEqual(['Per customer']);
  });

  it('a bad body is a 400 naming the field; a bad id a 400; nothing is saved', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'x', state: { ...state(), colour: 'red' } }, /^body\.state\.colour/],
      [{ name: 'x', state: { ...state(), q: 'x'.repeat(61) } }, /^body\.state\.q$/],
      [{ name: 'x', state: { ...state(), q: 'a\u0000b' } }, /^body\.state\.q$/],
      [{ name: 'x', state: { ...state(), cols: 'x'.repeat(201) } }, /^body\.state\.cols$/],
      [{ name: 'x', state: { ...state(), status: 3 } }, /^body\.state\.status$/],
      [{ name: 'x', state: { ...state(), status: 'lost' } }, /^body\.state\.status$/],
      [{ name: 'x', state: { ...state(), band: 'over200' } }, /^body\.state\.band$/],
      [{ name: 'x', state: { ...state(), sort: 'colour:asc' } }, /^body\.state\.sort$/],
      [{ name: 'x', state: { ...state(), plan: 'BM-S' } }, /^body\.state\.plan$/],
      [{ name: 'x', state: { ...state(), cc: "1' OR '1'='1" } }, /^body\.state\.cc$/],
      // Ids of no account or centre of this customer (unknown, or another customer's).
      [{ name: 'x', state: { ...state(), cc: randomUUID() } }, /^body\.state\.cc$/],
      [{ name: 'x', state: { ...state(), ba: await otherCustomersAccount() } }, /^body\.state\.ba$/],
      [{ name: 'x', state: { ...state(), cols: 'status,colour' } }, /^body\.state\.cols$/],
      [{ name: 'x', state: { ...state(), cols: 'status,' } }, /^body\.state\.cols$/],
      [{ name: 'x', state: ['q'] }, /^body\.state/],
      [{ name: 'x' }, /^body\.state/],
      [{ name: '   ', state: state() }, /^body\.name$/],
      [{ name: '', state: state() }, /^body\.name$/],
      [{ name: 'x'.repeat(81), state: state() }, /^body\.name$/],
      [{ name: 'a\u0000b', state: state() }, /^body\.name$/],
      [{ state: state() }, /^body\.name/],
      [{ name: 'x', state: state(), extra: true }, /^body\.extra/],
    ];
    for (const [body, field] of cases) {
      const res = await fleet.post<ProblemBody>(base(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors?.[0]?.field, JSON.stringify(body)).toMatch(field);
    }
    // A name of exactly 80 characters is fine.
    expect((await fleet.post(base(), { name: 'n'.repeat(80), state: state() })).status).toBe(201);
    const badId = await fleet.request<ProblemBody>('DELETE', `${base()}/not-a-uuid`);
    expect(badId.status).toBe(400);
    expect(badId.body.errors?.[0]?.field).toMatch(/viewId/);
    const fleetId = await userId('fleet@acme.test');
    const names = (await t.database.db.selectFrom('saved_views').select('name').where('user_id', '=', fleetId).where('app', '=', 'fleet-manager').execute()).map((r) => r.name);
    expect(names.filter((n) => n === 'x')).toEqual([]);
  });

  it('a user keeps at most 50 views', async () => {
    const employee = await signedIn(t.url, 'employee@acme.test');
    const employeeId = await userId('employee@acme.test');
    await t.database.db.insertInto('saved_views').values(Array.from({ length: 50 }, (_, i) => ({
      customer_id: acme, user_id: employeeId, app: 'fleet-manager', name: `View ${String(i).padStart(2, '0')}`, state: JSON.stringify(state()),
    }))).execute();
    expect((await employee.get<{ items: View[] }>(base())).body.items).toHaveLength(50);
    const full = await employee.post<ProblemBody>(base(), { name: 'One too many', state: state() });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('view_limit_reached');
    // Deleting one makes room again.
    const first = (await employee.get<{ items: View[] }>(base())).body.items[0]!;
    expect((await employee.request('DELETE', `${base()}/${first.id}`)).status).toBe(204);
    expect((await employee.post(base(), { name: 'One too many', state: state() })).status).toBe(201);
  });

  it('who may not read SIMs at the customer gets 403, and another customer is not found', async () => {
    const mine = await fleet.post<View>(base(), { name: 'Not for others', state: state() });
    expect(mine.status).toBe(201);
    for (const email of ['manager@acme.test', 'finance@acme.test']) {
      const client = await signedIn(t.url, email);
      expect((await client.get(base())).status, email).toBe(403);
      expect((await client.post(base(), { name: 'Mine', state: state() })).status, email).toBe(403);
      expect((await client.request('DELETE', `${base()}/${mine.body.id}`)).status, email).toBe(403);
    }
    const noordzee = await signedIn(t.url, 'owner@noordzee.test');
    expect((await noordzee.get(base())).status).toBe(404);
    expect((await noordzee.request('DELETE', `${base()}/${mine.body.id}`)).status).toBe(404);
    expect((await fleet.get<{ items: View[] }>(base())).body.items.map((v) => v.id)).toContain(mine.body.id);
  });
});
