import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateUserResponse, UserDetail, UserListResponse } from '@mandate/contracts/users';
import type { ApiClient} from '../support/test-app.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { acceptInvitation } from '../support/mail.ts';

let t: TestApp;
let owner: ApiClient;
let acme: string;
let total: number;
beforeAll(async () => {
  t = await startTestApp();
  owner = await signedIn(t.url, 'owner@acme.test');
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  total = Number((await t.database.db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n')).where('customer_id', '=', acme).executeTakeFirstOrThrow()).n);
});
afterAll(async () => t?.close());

const list = (query: string) => owner.get<UserListResponse>(`/api/v1/customers/${acme}/users${query}`);

async function walk(query: string, limit: number) {
  const seen: UserListResponse['items'] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await list(`?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { seen, pages };
}

describe('GET /api/v1/customers/{customerId}/users', () => {
  it('walks every user of the customer exactly once with keyset pagination', async () => {
    expect(total).toBeGreaterThan(20);
    const { seen, pages } = await walk('', 7);
    expect(pages).toBe(Math.ceil(total / 7));
    expect(new Set(seen.map((u) => u.id)).size).toBe(total);
    expect(seen.every((u) => u.email.endsWith('@acme.test'))).toBe(true);
  });

  it.each(['name', 'email', 'profile', 'employmentEnd'])('sorts by %s both ways, stably across pages', async (field) => {
    const asc = (await walk(`&sort=${field}:asc`, 5)).seen;
    const desc = (await walk(`&sort=${field}:desc`, 5)).seen;
    expect(asc.map((u) => u.id)).toEqual([...desc.map((u) => u.id)].reverse());
    const key = (u: UserListResponse['items'][number]) =>
      field === 'name' ? `${u.lastName} ${u.firstName}`.toLowerCase() : field === 'email' ? u.email : field === 'profile' ? u.profile : (u.employmentEnd ?? '9999-12-31');
    const keys = asc.map(key);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('searches name and e-mail, case-insensitively, and treats % and _ literally', async () => {
    const byName = await list('?q=OWNER');
    expect(byName.body.items.map((u) => u.email)).toEqual(['owner@acme.test']);
    const byFullName = await list('?q=emma%20employee');
    expect(byFullName.body.items.map((u) => u.email)).toEqual(['employee@acme.test']);
    expect((await list('?q=%25')).body.items).toEqual([]);
    expect((await list('?q=_')).body.items).toEqual([]);
  });

  it('filters by profile and status', async () => {
    const ao = await list('?profile=access_owner');
    expect(ao.body.items.map((u) => [u.email, u.isPrimary])).toEqual([['owner@acme.test', true]]);
    const spu = await list('?profile=support_portal_user&sort=email:asc');
    expect(spu.body.items.map((u) => [u.email, u.subProfiles])).toEqual([['finance@acme.test', ['financial_manager']], ['fleet@acme.test', ['fleet_manager']]]);
    expect((await list('?status=suspended')).body.items).toEqual([]);
  });

  it('filters by sub-profile and by employment end (on or before a date), and refuses a malformed date', async () => {
    const fm = await list('?subProfile=financial_manager');
    expect(fm.body.items.map((u) => u.email)).toEqual(['finance@acme.test']);
    await t.database.db.updateTable('memberships').set({ employment_end: '2031-03-31' })
      .where('customer_id', '=', acme).where('user_id', '=', fm.body.items[0]!.id).execute();
    expect((await list('?employmentEndBefore=2031-03-31')).body.items.map((u) => u.email)).toEqual(['finance@acme.test']);
    expect((await list('?employmentEndBefore=2031-03-30')).body.items).toEqual([]);
    const bad = await list('?employmentEndBefore=31-03-2031');
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('querystring.employmentEndBefore');
  });

  it('returns only declared fields (no password hashes)', async () => {
    const res = await list('?limit=1');
    expect(Object.keys(res.body.items[0]!).sort()).toEqual(
      ['email', 'employmentBasis', 'employmentEnd', 'firstName', 'id', 'isDeputy', 'isPrimary', 'lastName', 'membershipId', 'profile', 'status', 'subProfiles'],
    );
  });

  it('refuses search text PostgreSQL cannot hold (a NUL byte) with 400 naming querystring.q', async () => {
    for (const q of ['%00', 'a%00b']) {
      const res = await list(`?q=${q}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((res.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain('querystring.q');
    }
  });
});

describe('cursors come back from clients: one that this list did not give out is a 400, never a database error', () => {
  const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
  const someId = '2f1c6d8e-4b1a-4c3e-9d2f-0a1b2c3d4e5f';

  it.each([
    ['a date and something that is no uuid', '', cursorOf(['2026-01-01', 'not-a-uuid'])],
    ['SQL as the id', '', cursorOf(['users:name', 'owner', "' OR 1=1 --"])],
    ['SQL as the date of the employment-end order', '&sort=employmentEnd:asc', cursorOf(['users:employmentEnd', "' OR 1=1 --", someId])],
    ['a number where text belongs', '', cursorOf(['users:name', 42, someId])],
    ['one value too many', '', cursorOf(['users:name', 'owner', someId, 'x'])],
    ['not base64 JSON at all', '', 'garbage!!'],
  ])('%s', async (_label, sort, cursor) => {
    const res = await list(`?limit=5${sort}&cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((res.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['querystring.cursor']);
  });

  it('a cursor of one sort order is refused by another', async () => {
    const byEmail = await list('?limit=5&sort=email:asc');
    expect(byEmail.body.nextCursor).not.toBeNull();
    expect((await list(`?limit=5&sort=email:asc&cursor=${encodeURIComponent(byEmail.body.nextCursor!)}`)).status).toBe(200);
    expect((await list(`?limit=5&sort=name:asc&cursor=${encodeURIComponent(byEmail.body.nextCursor!)}`)).status).toBe(400);
    // The same order with another filter: the cursor was given out for another list of users.
    expect((await list(`?limit=5&sort=email:asc&q=a&cursor=${encodeURIComponent(byEmail.body.nextCursor!)}`)).status).toBe(400);
  });
});

describe('an invited person is `invited` in the list until he accepts, as on his own page (ROLE-7)', () => {
  it('the list item says invited, the status filter finds him, and both say active once he accepts', async () => {
    const email = `invitee.${Date.now().toString(36)}@example.test`;
    const created = await owner.post<CreateUserResponse>(`/api/v1/customers/${acme}/users`, {
      email, firstName: 'Ivo', lastName: 'Invitee', language: 'nl', profile: 'service_user', employmentBasis: 'employment_indefinite',
    });
    expect(created.status).toBe(201);
    const id = created.body.user.id;

    const invited = await list('?status=invited');
    expect(invited.status).toBe(200);
    expect(invited.body.items.map((u) => [u.email, u.status])).toEqual([[email, 'invited']]);
    expect((await list('?q=invitee')).body.items.map((u) => u.status)).toEqual(['invited']);
    expect((await list('?status=active')).body.items.map((u) => u.id)).not.toContain(id);
    const detail = await owner.get<UserDetail>(`/api/v1/customers/${acme}/users/${id}`);
    expect([detail.body.status, detail.body.accountStatus]).toEqual(['invited', 'invited']);

    expect(await acceptInvitation(t.database.db, t.url, email)).toBe(200);

    expect((await list('?status=invited')).body.items).toEqual([]);
    expect((await list('?status=active')).body.items.filter((u) => u.id === id).map((u) => u.status)).toEqual(['active']);
    expect((await owner.get<UserDetail>(`/api/v1/customers/${acme}/users/${id}`)).body.status).toBe('active');
  });

  it('refuses a status that does not exist with 400 naming querystring.status', async () => {
    const res = await list('?status=pending');
    expect(res.status).toBe(400);
    expect((res.body as unknown as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain('querystring.status');
  });
});
