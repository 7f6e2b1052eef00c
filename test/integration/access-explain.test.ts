import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainResponse } from '@mandate/contracts/grants';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/** "Why can this user see this?" and the "who has access" export (ROLE-2..6, DLG-1..4). */
let t: TestApp;
const clients: Record<string, ApiClient> = {};
const c: Record<string, string> = {};
const u: Record<string, string> = {};
const ba: Record<string, string> = {};
const cc: Record<string, string> = {};
let salesSim: { id: string; msisdn: string };
let financeSim: { id: string; msisdn: string };
let employeeSim: { id: string; msisdn: string };

const db = () => t.database.db;
const EMAILS = ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test', 'owner@noordzee.test', 'employee@noordzee.test'];

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, name] of Object.entries({ acme: 'Acme Belgium NV', logistics: 'Acme Logistics BV', brightwave: 'Brightwave IT BV', noordzee: 'Noordzee Bouw NV' })) {
    c[k] = (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  for (const email of EMAILS) u[email] = (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  for (const r of await db().selectFrom('billing_accounts').select(['id', 'number']).execute()) ba[r.number] = r.id;
  for (const r of await db().selectFrom('cost_centres').select(['id', 'name']).where('customer_id', '=', c.acme!).execute()) cc[r.name] = r.id;
  const sim = (costCentre: string) => db().selectFrom('sims').select(['id', 'msisdn']).where('cost_centre_id', '=', cc[costCentre]!).orderBy('msisdn').executeTakeFirstOrThrow();
  salesSim = await sim('Sales');
  financeSim = await sim('Finance');
  employeeSim = await db().selectFrom('sims').select(['id', 'msisdn']).where('end_user_id', '=', u['employee@acme.test']!).executeTakeFirstOrThrow();
  for (const email of EMAILS.slice(0, 7)) clients[email] = await signedIn(t.url, email);
});
afterAll(async () => t?.close());

const explain = (as: string, customer: string, query: Record<string, string>) =>
  clients[as]!.get<ExplainResponse & { code?: string; errors?: Array<{ field: string }> }>(`/api/v1/customers/${customer}/access/explain?${new URLSearchParams(query)}`);

describe('GET /access/explain: which membership, grant, affiliate link or delegation gives access', () => {
  it('ROLE-2: the Access Owner sees a billing account through his membership', async () => {
    const res = await explain('owner@acme.test', c.acme!, { userId: u['owner@acme.test']!, billingAccountId: ba['ACME-0001']! });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: true, target: { type: 'BillingAccount', id: ba['ACME-0001'], label: expect.stringContaining('ACME-0001') } });
    expect(res.body.reasons).toEqual([{ kind: 'membership', profile: 'access_owner', text: expect.any(String) }]);
  });

  it('ROLE-4/6: the financial manager sees a billing account through his grants', async () => {
    const res = await explain('manager@acme.test', c.acme!, { userId: u['finance@acme.test']!, billingAccountId: ba['ACME-0003']! });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    expect(res.body.reasons.map((r) => [r.kind, r.app, r.actions])).toEqual([
      ['grant', 'insights', ['read', 'export']], ['grant', 'invoice-delivery', ['read', 'update']], ['grant', 'invoices', ['read', 'export']],
    ]);
  });

  it('DLG-1: the Acme AO sees an affiliate’s billing account through the affiliate link', async () => {
    const res = await explain('owner@acme.test', c.logistics!, { userId: u['owner@acme.test']!, billingAccountId: ba['ACLO-0001']! });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    expect(res.body.reasons).toEqual([{ kind: 'affiliate', profile: 'access_owner', via: { customerId: c.acme, name: 'Acme Belgium NV' }, text: expect.any(String) }]);
  });

  it('DLG-2..4: Brightwave’s admin sees an Acme SIM of cost centre Sales through the delegation', async () => {
    const res = await explain('owner@acme.test', c.acme!, { userId: u['admin@brightwave.test']!, simId: salesSim.id });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    const delegationId = (await db().selectFrom('delegations').select('id').where('customer_id', '=', c.acme!).executeTakeFirstOrThrow()).id;
    expect(res.body.reasons.map((r) => [r.kind, r.app, r.delegationId, r.partnerName])).toEqual([
      ['delegation', 'fleet-manager', delegationId, 'Brightwave IT BV'], ['delegation', 'mobile', delegationId, 'Brightwave IT BV'],
    ]);
    // The same SIM by its number.
    const byNumber = await explain('owner@acme.test', c.acme!, { userId: u['admin@brightwave.test']!, msisdn: salesSim.msisdn.replace('+32', '0') });
    expect(byNumber.body.target).toEqual({ type: 'Sim', id: salesSim.id, label: salesSim.msisdn });
  });

  it('the fleet manager of Sales does not see a SIM of cost centre Finance: allowed false, no reason', async () => {
    const res = await explain('owner@acme.test', c.acme!, { userId: u['fleet@acme.test']!, simId: financeSim.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed: false, reasons: [] });
    const sales = await explain('owner@acme.test', c.acme!, { userId: u['fleet@acme.test']!, costCentreId: cc.Sales! });
    expect(sales.body.allowed).toBe(true);
    expect(sales.body.reasons.map((r) => [r.kind, r.app])).toEqual([['grant', 'fleet-manager']]);
  });

  it('ROLE-5: the Service User sees his own line through his membership and his self-service right, nothing else', async () => {
    const own = await explain('owner@acme.test', c.acme!, { userId: u['employee@acme.test']!, simId: employeeSim.id });
    expect(own.body).toMatchObject({ allowed: true, reasons: [{ kind: 'membership', profile: 'service_user' }, { kind: 'grant', app: 'mobile' }] });
    const other = await explain('owner@acme.test', c.acme!, { userId: u['employee@acme.test']!, simId: financeSim.id });
    expect(other.body).toMatchObject({ allowed: false, reasons: [] });
  });

  it('ROLE-3: the Access Manager sees no customer data, and the explanation says so', async () => {
    const res = await explain('owner@acme.test', c.acme!, { userId: u['manager@acme.test']!, billingAccountId: ba['ACME-0001']! });
    expect(res.body).toMatchObject({ allowed: false, reasons: [] });
  });

  it('ROLE-3: to the Access Manager, who may not read SIMs, the answer names the rules only: no number, no end user', async () => {
    const digits = (msisdn: string) => msisdn.replace('+32', '');
    for (const query of [{ simId: employeeSim.id }, { msisdn: employeeSim.msisdn.replace('+32', '0') }] as Array<Record<string, string>>) {
      const res = await explain('manager@acme.test', c.acme!, { userId: u['employee@acme.test']!, ...query });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        allowed: true, target: { type: 'Sim', id: employeeSim.id, label: 'SIM' }, reasons: [{ kind: 'membership', profile: 'service_user' }, { kind: 'grant', app: 'mobile' }],
      });
      expect(JSON.stringify(res.body)).not.toContain(digits(employeeSim.msisdn));
    }
    // A SIM of cost centre Sales (the fleet manager's scope) used by someone.
    const used = await db().selectFrom('sims as s').innerJoin('users as eu', 'eu.id', 's.end_user_id')
      .select(['s.id', 's.msisdn', 'eu.first_name', 'eu.last_name']).where('s.cost_centre_id', '=', cc.Sales!).orderBy('s.msisdn').executeTakeFirstOrThrow();
    const fleet = await explain('manager@acme.test', c.acme!, { userId: u['fleet@acme.test']!, simId: used.id });
    expect(fleet.body).toMatchObject({ allowed: true, target: { type: 'Sim', id: used.id, label: 'SIM' } });
    expect(fleet.body.reasons.map((r) => [r.kind, r.app])).toEqual([['grant', 'fleet-manager'], ['grant', 'mobile']]);
    for (const leak of [digits(used.msisdn), used.first_name, used.last_name]) expect(JSON.stringify(fleet.body)).not.toContain(leak);
    // The same questions from the Access Owner, who may read the SIM, name it.
    const owner = await explain('owner@acme.test', c.acme!, { userId: u['fleet@acme.test']!, simId: salesSim.id });
    expect(owner.body.target.label).toBe(salesSim.msisdn);
    expect(owner.body.reasons.every((r) => r.text.includes(salesSim.msisdn))).toBe(true);
    // A billing account is named to him: he picks billing accounts as a right's scope.
    const account = await explain('manager@acme.test', c.acme!, { userId: u['finance@acme.test']!, billingAccountId: ba['ACME-0003']! });
    expect(account.body.target.label).toContain('ACME-0003');
  });

  it('ACC-5: a suspended membership gives nothing, on the very next question', async () => {
    await db().updateTable('memberships').set({ status: 'suspended' }).where('customer_id', '=', c.acme!).where('user_id', '=', u['finance@acme.test']!).execute();
    const res = await explain('owner@acme.test', c.acme!, { userId: u['finance@acme.test']!, billingAccountId: ba['ACME-0001']! });
    expect(res.body).toMatchObject({ allowed: false, reasons: [] });
    await db().updateTable('memberships').set({ status: 'active' }).where('customer_id', '=', c.acme!).where('user_id', '=', u['finance@acme.test']!).execute();
  });

  it('bad input and other customers’ things: 400 with the field, 404', async () => {
    const none = await explain('owner@acme.test', c.acme!, { userId: u['finance@acme.test']! });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: 'one_target_required', errors: [{ field: 'querystring.billingAccountId' }] });
    const two = await explain('owner@acme.test', c.acme!, { userId: u['finance@acme.test']!, billingAccountId: ba['ACME-0001']!, simId: salesSim.id });
    expect(two.body).toMatchObject({ status: 400, errors: [{ field: 'querystring.simId' }] });
    const noUser = await explain('owner@acme.test', c.acme!, { billingAccountId: ba['ACME-0001']! });
    expect(noUser.body).toMatchObject({ status: 400, errors: [{ field: 'querystring.userId' }] });
    // A billing account of another customer, a user of another customer: not this customer's business.
    expect((await explain('owner@acme.test', c.acme!, { userId: u['finance@acme.test']!, billingAccountId: ba['NOOR-0001']! })).status).toBe(404);
    expect((await explain('owner@acme.test', c.acme!, { userId: u['employee@noordzee.test']!, billingAccountId: ba['ACME-0001']! })).status).toBe(404);
    expect((await explain('owner@acme.test', c.acme!, { userId: u['finance@acme.test']!, msisdn: '+32499999999' })).status).toBe(404);
  });

  it('only the customer’s AO and AM may ask', async () => {
    const q = { userId: u['finance@acme.test']!, billingAccountId: ba['ACME-0001']! };
    for (const who of ['finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test']) expect((await explain(who, c.acme!, q)).status).toBe(403);
    expect((await explain('manager@acme.test', c.acme!, q)).status).toBe(200);
  });
});

describe('GET /access/export.csv: who has access', () => {
  const HEADER = 'name;email;profile;sub_profiles;status;employment_basis;employment_end;app;actions;scope;via';

  it('UTF-8 with BOM, `;`-separated, one row per user × right, with memberships, grants and delegations', async () => {
    const res = await fetch(`${t.url}/api/v1/customers/${c.acme}/access/export.csv`, { headers: { authorization: `Bearer ${clients['owner@acme.test']!.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="access-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1).map((l) => l.split(';'));
    expect(rows.every((r) => r.length === 11)).toBe(true);
    const of = (email: string) => rows.filter((r) => r[1] === email).map((r) => [r[2], r[7], r[8], r[9], r[10]]);
    expect(of('owner@acme.test')).toEqual([['access_owner', 'all', 'all', 'all', 'membership']]);
    expect(of('finance@acme.test')).toEqual([
      ['support_portal_user', 'insights', 'read,export', 'ACME-0001,ACME-0002,ACME-0003', 'membership'],
      ['support_portal_user', 'invoice-delivery', 'read,update', 'ACME-0001,ACME-0002,ACME-0003', 'membership'],
      ['support_portal_user', 'invoices', 'read,export', 'ACME-0001,ACME-0002,ACME-0003', 'membership'],
    ]);
    expect(of('fleet@acme.test')).toEqual([
      ['support_portal_user', 'fleet-manager', 'read,update,export', 'CC01', 'membership'],
      ['support_portal_user', 'mobile', 'read,update', 'CC01', 'membership'],
    ]);
    expect(of('admin@brightwave.test')).toEqual([
      ['access_owner', 'fleet-manager', 'read,update', 'CC01', 'delegation: Brightwave IT BV'],
      ['access_owner', 'mobile', 'read,update', 'CC01', 'delegation: Brightwave IT BV'],
    ]);
    const members = Number((await db().selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).where('customer_id', '=', c.acme!).executeTakeFirstOrThrow()).n);
    expect(new Set(rows.filter((r) => r[10] === 'membership').map((r) => r[1])).size).toBe(members);
  });

  it('DLG-1: an affiliate’s export lists the parent’s Access Owner, via the affiliate link', async () => {
    const res = await clients['owner@acme.test']!.get<string>(`/api/v1/customers/${c.logistics}/access/export.csv`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('owner@acme.test;access_owner;;active;management_contract;;all;all;all;affiliate: Acme Belgium NV');
  });

  it('names that look like formulas are neutralised; quotes and separators are escaped', async () => {
    await db().updateTable('users').set({ first_name: '=HYPERLINK("x")', last_name: 'Semi;colon' }).where('id', '=', u['employee@acme.test']!).execute();
    const res = await clients['manager@acme.test']!.get<string>(`/api/v1/customers/${c.acme}/access/export.csv`);
    expect(res.status).toBe(200);
    expect(res.body).toContain(`"'=HYPERLINK(""x"") Semi;colon";employee@acme.test;`);
  });

  it('AO and AM only: refused to the financial manager, the fleet manager, a Service User and a delegate', async () => {
    for (const who of ['finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test']) {
      const res = await clients[who]!.get(`/api/v1/customers/${c.acme}/access/export.csv`);
      expect(res.status, who).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await clients['owner@acme.test']!.get(`/api/v1/customers/${c.noordzee}/access/export.csv`)).status).toBe(404);
  });
});
