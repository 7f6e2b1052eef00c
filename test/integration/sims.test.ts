import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type { SimListItem, SimListResponse } from '@mandate/contracts/sims';
import type { UserDetail, UserSimsResponse } from '@mandate/contracts/users';
import { runPrimaryTakeovers } from '@mandate/server/modules/users/users.service';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { acceptInvitation } from '../support/mail.ts';

/**
 * "Service Users are linked to the SIMs they use". GET /customers/{customerId}/sims finds the
 * lines, filtered in SQL by the ability (ROLE-2 AO all, ROLE-3 AM none, ROLE-4 a fleet manager his scope,
 * ROLE-5 a Service User his own line, DLG-2..4 a delegate within the delegation). And ROLE-2/ROLE-7: the
 * scheduled takeover of the primary AO role when the primary AO's employment ends.
 */
let t: TestApp;
let owner: ApiClient;
let manager: ApiClient;
let finance: ApiClient;
let fleet: ApiClient;
let employee: ApiClient;
let delegate: ApiClient;
let noordzeeOwner: ApiClient;
let acme: string;
let logistics: string;
let sales: string;

beforeAll(async () => {
  t = await startTestApp();
  [owner, manager, finance, fleet, employee, delegate, noordzeeOwner] = await Promise.all(
    ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test', 'owner@noordzee.test']
      .map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
  acme = await customerId('Acme Belgium NV');
  logistics = await customerId('Acme Logistics BV');
  sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const DAY = 86_400_000;
async function customerId(name: string) {
  return (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}
const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const sims = (query = '', customer = acme) => `/api/v1/customers/${customer}/sims${query}`;
const problem = (res: { body: unknown }) => res.body as Problem;

/** Every page of a list, following nextCursor. */
async function walk(client: ApiClient, query: string, limit = 200, customer = acme): Promise<{ items: SimListItem[]; pages: number }> {
  const items: SimListItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: SimListResponse } = await client.get<SimListResponse>(sims(`?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, customer));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}

/** The SIMs of Acme in a cost centre, straight from the database (the expected answer). */
async function acmeSimIds(where: { costCentreId?: string; endUserId?: string } = {}) {
  let q = db().selectFrom('sims').select('id').where('customer_id', '=', acme);
  if (where.costCentreId) q = q.where('cost_centre_id', '=', where.costCentreId);
  if (where.endUserId) q = q.where('end_user_id', '=', where.endUserId);
  return (await q.execute()).map((r) => r.id).sort();
}
const idsOf = (items: SimListItem[]) => items.map((i) => i.id).sort();

describe('GET /customers/{customerId}/sims: each persona sees exactly the SIMs its rules give (filtered in SQL)', () => {
  it('ROLE-2: the Access Owner sees all 40 Acme SIMs, with account number, cost centre and end user', async () => {
    const { items } = await walk(owner, '');
    expect(items).toHaveLength(40);
    expect(idsOf(items)).toEqual(await acmeSimIds());
    const employeeId = await userId('employee@acme.test');
    const own = items.find((i) => i.endUser?.id === employeeId)!;
    expect(own).toMatchObject({ msisdn: '+32470000001', billingAccountNumber: 'ACME-0001', costCentreId: sales, costCentreName: 'Sales', status: 'active' });
    expect(own.endUser).toEqual({ id: employeeId, name: 'Emma Employee' });
    expect(own.iccid).toMatch(/^894\d{16}$/);
  });

  it('DLG-1: the Access Owner sees an affiliate\'s SIMs in the affiliate\'s context only', async () => {
    const { items } = await walk(owner, '', 200, logistics);
    expect(items).toHaveLength(8);
    expect((await walk(owner, '')).items.some((i) => items.some((l) => l.id === i.id))).toBe(false);
  });

  it('ROLE-4: the fleet manager sees only the SIMs of his cost centre (Sales)', async () => {
    const { items } = await walk(fleet, '');
    expect(items.length).toBe(14);
    expect(idsOf(items)).toEqual(await acmeSimIds({ costCentreId: sales }));
    expect(items.every((i) => i.costCentreId === sales)).toBe(true);
  });

  it('ROLE-5: a Service User sees only his own line', async () => {
    const { items } = await walk(employee, '');
    expect(items).toHaveLength(1);
    expect(items[0]!.endUser?.id).toBe(await userId('employee@acme.test'));
    // He can read but not change it: the "updatable" picker offers him nothing.
    expect((await employee.get<SimListResponse>(sims('?updatable=true'))).body.items).toEqual([]);
  });

  it('ROLE-3: an Access Manager sees no customer data (403); a financial manager has no SIM right (403)', async () => {
    for (const client of [manager, finance]) {
      const res = await client.get(sims());
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('a customer one cannot act for is not found (404), also for the Acme owner at Noordzee', async () => {
    expect((await noordzeeOwner.get(sims())).status).toBe(404);
    const noordzee = await customerId('Noordzee Bouw NV');
    expect((await owner.get(sims('', noordzee))).status).toBe(404);
    expect((await new ApiClient(t.url).get(sims())).status).toBe(401);
  });

  it('DLG-2..4: Brightwave\'s admin sees the Sales SIMs through the delegation, and nothing else', async () => {
    const { items } = await walk(delegate, '');
    expect(idsOf(items)).toEqual(await acmeSimIds({ costCentreId: sales }));
    // The delegation carries fleet-manager/mobile update: the same SIMs are updatable for him.
    expect(idsOf((await walk(delegate, '&updatable=true')).items)).toEqual(idsOf(items));
  });
});

describe('search, filters and keyset pagination', () => {
  it('searches by number as people type it (+32…, 0032…, 0470…, or any digits)', async () => {
    for (const q of ['+32470000001', '0032 470 000 001', '0470/00.00-01', '0470 000 001']) {
      const res = await owner.get<SimListResponse>(sims(`?q=${encodeURIComponent(q)}`));
      expect(res.status, q).toBe(200);
      expect(res.body.items.map((i) => i.msisdn), q).toEqual(['+32470000001']);
    }
    // Digits without a leading 0 or + match anywhere in the number: +32470000030 … +32470000039.
    const partial = await owner.get<SimListResponse>(sims('?q=7000003'));
    expect(partial.body.items).toHaveLength(10);
    expect(partial.body.items.every((i) => i.msisdn.includes('7000003'))).toBe(true);
    // The search stays within what the caller may see.
    const employeeSearch = await employee.get<SimListResponse>(sims('?q=0470'));
    expect(employeeSearch.body.items).toHaveLength(1);
    expect((await owner.get<SimListResponse>(sims('?q=0499'))).body.items).toEqual([]);
  });

  it('filters unassigned SIMs (no end user) and assigned ones', async () => {
    const unassigned = (await walk(owner, '&unassigned=true')).items;
    const assigned = (await walk(owner, '&unassigned=false')).items;
    expect(unassigned.every((i) => i.endUser === null)).toBe(true);
    expect(assigned.every((i) => i.endUser !== null)).toBe(true);
    const expected = await db().selectFrom('sims').select('id').where('customer_id', '=', acme).where('end_user_id', 'is', null).execute();
    expect(unassigned).toHaveLength(expected.length);
    expect(unassigned.length + assigned.length).toBe(40);
  });

  it('mine=true keeps the lines whose end user is the signed-in user, within his rights', async () => {
    const ownLines = async (email: string) => (await db().selectFrom('sims').select('id').where('customer_id', '=', acme)
      .where('end_user_id', '=', await userId(email)).execute()).map((r) => r.id).sort();
    const employeeLines = await ownLines('employee@acme.test');
    expect(employeeLines.length).toBeGreaterThan(0);
    expect(idsOf((await walk(employee, '&mine=true')).items)).toEqual(employeeLines);
    // The owner sees the whole fleet, yet mine=true gives only his own lines (none of the employee's).
    expect(idsOf((await walk(owner, '&mine=true')).items)).toEqual(await ownLines('owner@acme.test'));
    expect(idsOf((await walk(owner, '&mine=false')).items)).toHaveLength(40);
    expect((await manager.get(sims('?mine=true'))).status).toBe(403);
  });

  it('filters by cost centre and billing account', async () => {
    expect(idsOf((await walk(owner, `&costCentreId=${sales}`)).items)).toEqual(await acmeSimIds({ costCentreId: sales }));
    const ba = (await db().selectFrom('billing_accounts').select('id').where('number', '=', 'ACME-0002').executeTakeFirstOrThrow()).id;
    const byAccount = (await walk(owner, `&billingAccountId=${ba}`)).items;
    expect(byAccount.length).toBe(20);
    expect(byAccount.every((i) => i.billingAccountNumber === 'ACME-0002')).toBe(true);
    // The filter never widens the scope: the fleet manager asking for another cost centre gets nothing.
    const finance = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Finance').executeTakeFirstOrThrow()).id;
    expect((await fleet.get<SimListResponse>(sims(`?costCentreId=${finance}`))).body.items).toEqual([]);
  });

  it('walks all pages in msisdn order with a keyset cursor, no row twice or missing', async () => {
    const { items, pages } = await walk(owner, '', 7);
    expect(pages).toBe(6);
    expect(items).toHaveLength(40);
    expect(new Set(items.map((i) => i.id)).size).toBe(40);
    const msisdns = items.map((i) => i.msisdn);
    expect(msisdns).toEqual([...msisdns].sort());
    const last = await owner.get<SimListResponse>(sims('?limit=40'));
    expect(last.body.nextCursor).toBeNull();
  });

  it.each([
    ['q=' + 'a'.repeat(61), 'querystring.q'],
    ['q=' + '1'.repeat(31), 'querystring.q'],
    ['unassigned=maybe', 'querystring.unassigned'],
    ['updatable=perhaps', 'querystring.updatable'],
    ['mine=me', 'querystring.mine'],
    ['costCentreId=not-a-uuid', 'querystring.costCentreId'],
    ['billingAccountId=42', 'querystring.billingAccountId'],
    ['limit=0', 'querystring.limit'],
    ['limit=1000', 'querystring.limit'],
    ['cursor=garbage', 'querystring.cursor'],
    ['cursor=' + Buffer.from(JSON.stringify(["' OR 1=1 --"])).toString('base64url'), 'querystring.cursor'],
    ['cursor=' + Buffer.from(JSON.stringify(['sims:msisdn', "' OR 1=1 --"])).toString('base64url'), 'querystring.cursor'],
    ['cursor=' + Buffer.from(JSON.stringify(['sims:msisdn', 32470000001])).toString('base64url'), 'querystring.cursor'],
    ['cursor=' + Buffer.from(JSON.stringify(['2026-01-01', 'not-a-uuid'])).toString('base64url'), 'querystring.cursor'],
    ['q=%00', 'querystring.q'],
    ['sort=iccid:asc', 'querystring.sort'],
  ])('bad query %s → 400 naming %s', async (query, field) => {
    const res = await owner.get(sims(`?${query}`));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem(res).errors?.map((e) => e.field)).toContain(field);
  });
});

describe('linking a line found with the list (PUT …/users/{userId}/sims: current + new)', () => {
  it('the owner moves an unassigned SIM to a Service User; the list shows the new end user', async () => {
    const target = await userId('employee@acme.test');
    const [free] = (await owner.get<SimListResponse>(sims('?unassigned=true&updatable=true&limit=1'))).body.items;
    expect(free).toBeDefined();
    const current = (await owner.get<UserSimsResponse>(`/api/v1/customers/${acme}/users/${target}/sims`)).body.items.map((s) => s.id);
    const put = await owner.request<UserSimsResponse>('PUT', `/api/v1/customers/${acme}/users/${target}/sims`, { simIds: [...current, free!.id] });
    expect(put.status).toBe(200);
    expect(put.body.items.map((s) => s.id).sort()).toEqual([...current, free!.id].sort());
    const after = await owner.get<SimListResponse>(sims(`?q=${encodeURIComponent(free!.msisdn)}`));
    expect(after.body.items[0]!.endUser?.id).toBe(target);
    // Back as it was.
    expect((await owner.request('PUT', `/api/v1/customers/${acme}/users/${target}/sims`, { simIds: current })).status).toBe(200);
  });
});

describe('ROLE-2/ROLE-7: the primary AO role moves when his employment ends (scheduled runPrimaryTakeovers)', () => {
  const membership = async (customer: string, email: string) =>
    db().selectFrom('memberships').select(['profile', 'is_primary as isPrimary', 'is_deputy as isDeputy'])
      .where('customer_id', '=', customer).where('user_id', '=', await userId(email)).executeTakeFirstOrThrow();
  const takeoverAudits = async (customer: string) =>
    db().selectFrom('audit_log').selectAll().where('customer_id', '=', customer).where('action', 'in', ['user.deputy_takeover', 'user.primary_takeover']).execute();
  const brusselsDay = (offsetDays: number) => new Date(t.clock.now().getTime() + offsetDays * DAY).toISOString().slice(0, 10);

  it('the deputy becomes the primary AO once the end date has passed; a second run changes nothing (idempotent); audited', async () => {
    const noordzee = await customerId('Noordzee Bouw NV');
    const base = `/api/v1/customers/${noordzee}/users`;
    const ownerId = await userId('owner@noordzee.test');
    const deputyId = await userId('manager@noordzee.test');
    expect((await noordzeeOwner.post(`${base}/${deputyId}/make-deputy`)).status).toBe(200);
    const ends = brusselsDay(5);
    expect((await noordzeeOwner.request('PATCH', `${base}/${ownerId}`, { employmentEnd: ends })).status).toBe(200);

    // Before the end date nothing moves.
    expect(await runPrimaryTakeovers(t.app)).toBe(0);
    expect((await membership(noordzee, 'owner@noordzee.test')).isPrimary).toBe(true);

    t.clock.advance(7 * DAY);
    const settled = await runPrimaryTakeovers(t.app);
    expect(settled).toBe(1);
    expect(await membership(noordzee, 'manager@noordzee.test')).toEqual({ profile: 'access_owner', isPrimary: true, isDeputy: false });
    expect((await membership(noordzee, 'owner@noordzee.test')).isPrimary).toBe(false);
    const audits = await takeoverAudits(noordzee);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'user.deputy_takeover', target_id: deputyId, actor_user_id: null });

    // Idempotent: nothing more to do, no second audit row.
    expect(await runPrimaryTakeovers(t.app)).toBe(0);
    expect(await takeoverAudits(noordzee)).toHaveLength(1);

    // Without a help-desk call: the new primary AO signs in and administers the customer.
    const newOwner = await signedIn(t.url, 'manager@noordzee.test');
    const me = await newOwner.get<UserDetail>(`${base}/${deputyId}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ profile: 'access_owner', isPrimary: true });
    expect((await newOwner.get<{ profiles: string[] }>(`${base}/grantable-profiles`)).body.profiles).toContain('access_owner');
    // The former primary AO's access ended with his employment (ROLE-7).
    expect((await (await signedIn(t.url, 'owner@noordzee.test')).get(`${base}`)).status).toBe(404);
  });

  it('without a deputy, the longest-standing other AO becomes primary', async () => {
    const lumiere = await customerId('Lumière SRL');
    const lumiereOwner = await signedIn(t.url, 'owner@lumiere.test');
    const base = `/api/v1/customers/${lumiere}/users`;
    const add = async (email: string) => {
      const res = await lumiereOwner.post<{ user: UserDetail }>(base, {
        email, firstName: 'Ao', lastName: email.split('@')[0]!, language: 'fr', profile: 'access_owner', employmentBasis: 'management_contract',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      // ROLE-7: he is an Access Owner once he accepts the invitation.
      expect(await acceptInvitation(db(), t.url, email)).toBe(200);
      return res.body.user.id;
    };
    const first = await add('first-ao@example.test');
    t.clock.advance(60_000);
    await add('second-ao@example.test');
    const ownerId = await userId('owner@lumiere.test');
    expect((await lumiereOwner.request('PATCH', `${base}/${ownerId}`, { employmentEnd: brusselsDay(2) })).status).toBe(200);

    t.clock.advance(3 * DAY);
    expect(await runPrimaryTakeovers(t.app)).toBe(1);
    expect(await membership(lumiere, 'first-ao@example.test')).toMatchObject({ profile: 'access_owner', isPrimary: true });
    expect((await membership(lumiere, 'second-ao@example.test')).isPrimary).toBe(false);
    expect((await membership(lumiere, 'owner@lumiere.test')).isPrimary).toBe(false);
    const audits = await takeoverAudits(lumiere);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'user.primary_takeover', target_id: first, actor_user_id: null });
    expect(await runPrimaryTakeovers(t.app)).toBe(0);
    expect(await takeoverAudits(lumiere)).toHaveLength(1);
  });

  it('the job is on the app scheduler (no timer in tests: intervalMs 0)', () => {
    expect(t.app.hasPlugin('jobs')).toBe(true);
  });
});
