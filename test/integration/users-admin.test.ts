import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateUserBody, CreateUserResponse, UserDetail, UserListResponse, UserSimsResponse } from '@mandate/contracts/users';
import type { Problem } from '@mandate/contracts/common';
import { ApiClient, DEMO_PASSWORD, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Users and profiles (ROLE-1..8): add (an invitation to accept), edit, suspend, reactivate,
 * remove, primary AO and deputy, SIMs of Service Users; every change audited, effective on the next request.
 */
let t: TestApp;
let owner: ApiClient;
let manager: ApiClient;
let finance: ApiClient;
let fleet: ApiClient;
let employee: ApiClient;
let noordzeeOwner: ApiClient;
let acme: string;
let noordzee: string;
const PASSWORD = 'a-long-enough-password';

beforeAll(async () => {
  t = await startTestApp();
  [owner, manager, finance, fleet, employee, noordzeeOwner] = await Promise.all(
    ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'owner@noordzee.test'].map((e) => signedIn(t.url, e)),
  ) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
  const id = async (name: string) => (await t.database.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  acme = await id('Acme Belgium NV');
  noordzee = await id('Noordzee Bouw NV');
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const users = (customerId = acme) => `/api/v1/customers/${customerId}/users`;
const userId = async (email: string) => (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
let counter = 0;
const newEmail = (label: string) => `${label}.${++counter}.${Date.now().toString(36)}@example.test`;

function body(overrides: Partial<CreateUserBody> = {}): CreateUserBody {
  return {
    email: newEmail('new'), firstName: 'Nina', lastName: 'Nieuw', language: 'nl', profile: 'service_user',
    employmentBasis: 'employment_indefinite', employmentEnd: null, ...overrides,
  };
}

/** The invitation link in the newest mail to `email` (read from the transactional outbox). */
async function invitationToken(email: string): Promise<{ token: string; subject: string; kind: string }> {
  const mail = await db().selectFrom('mail_outbox').select(['body_text', 'subject', 'kind']).where('to_address', '=', email)
    .orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const match = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.body_text);
  return { token: match?.[1] ?? '', subject: mail.subject, kind: mail.kind };
}

/** An invited user who accepted and signed in. */
async function invitedAndSignedIn(overrides: Partial<CreateUserBody> = {}, by = owner, customerId = acme) {
  const b = body(overrides);
  const created = await by.post<CreateUserResponse>(users(customerId), b);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { token } = await invitationToken(b.email);
  expect((await new ApiClient(t.url).post(`/api/v1/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(200);
  const client = new ApiClient(t.url);
  expect((await client.login(b.email, PASSWORD)).status).toBe(200);
  return { id: created.body.user.id, email: b.email, client };
}

const problem = (res: { body: unknown }) => res.body as Problem;
const audits = async (action: string, targetId: string) =>
  (await db().selectFrom('audit_log').selectAll().where('customer_id', '=', acme).where('action', '=', action).where('target_id', '=', targetId).execute());

describe('ROLE-2/3/6: who may give which profile', () => {
  it('ROLE-3: an Access Manager cannot create an Access Owner (403), and nothing is written', async () => {
    const b = body({ profile: 'access_owner' });
    const res = await manager.post(users(), b);
    expect(res.status).toBe(403);
    expect(await db().selectFrom('users').select('id').where('email', '=', b.email).executeTakeFirst()).toBeUndefined();
  });

  it('ROLE-2: only an Access Owner creates an Access Owner', async () => {
    const res = await owner.post<CreateUserResponse>(users(), body({ profile: 'access_owner' }));
    expect(res.status).toBe(201);
    // ROLE-7: a member only once he accepts the invitation.
    expect(res.body.user).toMatchObject({ profile: 'access_owner', isPrimary: false, accountStatus: 'invited', status: 'invited' });
    expect(res.body.invited).toBe(true);
  });

  it('ROLE-3/6: an Access Manager creates Access Managers and Support Portal Users', async () => {
    expect((await manager.post(users(), body({ profile: 'access_manager' }))).status).toBe(201);
    const spu = await manager.post<CreateUserResponse>(users(), body({ profile: 'support_portal_user', subProfiles: ['purchaser'] }));
    expect(spu.status).toBe(201);
    expect(spu.body.user.subProfiles).toEqual(['purchaser']);
  });

  it('ROLE-4/5: a Support Portal User or Service User gets 403 on every write', async () => {
    const target = await userId('employee@acme.test');
    expect((await finance.post(users(), body())).status).toBe(403);
    expect((await fleet.post(users(), body())).status).toBe(403);
    expect((await employee.request('PATCH', `${users()}/${target}`, { firstName: 'X' })).status).toBe(403);
    expect((await finance.post(`${users()}/${target}/suspend`)).status).toBe(403);
    expect((await employee.request('DELETE', `${users()}/${target}`)).status).toBe(403);
    expect((await fleet.post(`${users()}/${target}/make-deputy`)).status).toBe(403);
  });

  it('ROLE-2: an Access Manager cannot change an Access Owner (his current profile is not his to give)', async () => {
    const ownerId = await userId('owner@acme.test');
    expect((await manager.request('PATCH', `${users()}/${ownerId}`, { firstName: 'Hacked' })).status).toBe(403);
    expect((await manager.post(`${users()}/${ownerId}/suspend`)).status).toBe(403);
    expect((await manager.request('DELETE', `${users()}/${ownerId}`)).status).toBe(403);
    const target = await userId('employee@acme.test');
    expect((await manager.request('PATCH', `${users()}/${target}`, { profile: 'access_owner' })).status).toBe(403);
  });

  it('lists the profiles the caller may give (canGrant)', async () => {
    expect((await owner.get<{ profiles: string[] }>(`${users()}/grantable-profiles`)).body.profiles)
      .toEqual(['access_owner', 'access_manager', 'support_portal_user', 'service_user']);
    expect((await manager.get<{ profiles: string[] }>(`${users()}/grantable-profiles`)).body.profiles)
      .toEqual(['access_manager', 'support_portal_user', 'service_user']);
  });
});

describe('bad input answers 400 with the field, and changes nothing', () => {
  it.each([
    ['an invalid e-mail', { email: 'not-an-email' }, 'body.email'],
    ['an unknown field', { isOperator: true }, 'body.isOperator'],
    ['an unknown profile', { profile: 'root' }, 'body.profile'],
    ['ROLE-7: an employment end in the past', { employmentEnd: '2020-01-01' }, 'body.employmentEnd'],
    ['ROLE-7: an empty employment end (null is "none")', { employmentEnd: '' }, 'body.employmentEnd'],
    ['an e-mail without a domain', { email: 'nina@' }, 'body.email'],
    ['ROLE-7: a missing employment basis', { employmentBasis: undefined }, 'body.employmentBasis'],
    ['ROLE-1: sub-profiles on a Service User', { subProfiles: ['purchaser'] }, 'body.subProfiles'],
  ])('%s', async (_label, overrides, field) => {
    const b = { ...body(), ...overrides } as Record<string, unknown>;
    const res = await owner.post(users(), b);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(problem(res).errors?.map((e) => e.field)).toContain(field);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    if (typeof b.email === 'string') expect(await db().selectFrom('users').select('id').where('email', '=', b.email).executeTakeFirst()).toBeUndefined();
  });

  it('a user who is already a member of this customer → 409', async () => {
    const res = await owner.post(users(), body({ email: 'finance@acme.test' }));
    expect(res.status).toBe(409);
    expect(problem(res).code).toBe('already_member');
  });

  it('PATCH: an end date in the past → 400; an empty body → 400', async () => {
    const target = await userId('employee@acme.test');
    const res = await owner.request('PATCH', `${users()}/${target}`, { employmentEnd: '2001-01-01' });
    expect(res.status).toBe(400);
    expect(problem(res).errors?.[0]?.field).toBe('body.employmentEnd');
    expect((await owner.request('PATCH', `${users()}/${target}`, {})).status).toBe(400);
  });

  it('PATCH: an empty end date is refused (400); null clears the date', async () => {
    const target = await userId('employee@acme.test');
    expect((await owner.request<UserDetail>('PATCH', `${users()}/${target}`, { employmentEnd: '2032-06-30' })).body.employmentEnd).toBe('2032-06-30');
    const empty = await owner.request('PATCH', `${users()}/${target}`, { employmentEnd: '' });
    expect(empty.status).toBe(400);
    expect(problem(empty).errors?.map((e) => e.field)).toContain('body.employmentEnd');
    expect((await owner.get<UserDetail>(`${users()}/${target}`)).body.employmentEnd).toBe('2032-06-30');
    const cleared = await owner.request<UserDetail>('PATCH', `${users()}/${target}`, { employmentEnd: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.employmentEnd).toBeNull();
  });
});

describe('tenancy: a user of another customer is not found', () => {
  it('404 across tenants, for reads and writes', async () => {
    const ours = await userId('employee@acme.test');
    const theirs = await userId('owner@noordzee.test');
    expect((await noordzeeOwner.get(`${users()}/${ours}`)).status).toBe(404);
    expect((await noordzeeOwner.request('PATCH', `${users()}/${ours}`, { firstName: 'X' })).status).toBe(404);
    expect((await owner.get(`${users()}/${theirs}`)).status).toBe(404);
    expect((await owner.request('PATCH', `${users()}/${theirs}`, { firstName: 'X' })).status).toBe(404);
    expect((await owner.request('DELETE', `${users()}/${theirs}`)).status).toBe(404);
    expect((await owner.post(`${users(noordzee)}/${theirs}/suspend`)).status).toBe(404);
  });
});

describe('invitations: single use, expiring, stored hashed', () => {
  it('mails a link in the recipient language; the link sets the password once; he signs in; a second use → 410', async () => {
    const b = body({ language: 'fr', firstName: 'Françoise' });
    const created = await owner.post<CreateUserResponse>(users(), b);
    expect(created.status).toBe(201);
    const { token, subject, kind } = await invitationToken(b.email);
    expect(kind).toBe('invitation');
    expect(subject).toBe('Vous êtes invité(e) pour Acme Belgium NV sur Mandate');
    expect(token.length).toBeGreaterThanOrEqual(40);
    // Only the hash is stored.
    const stored = await db().selectFrom('invitations').select('token_hash').where('user_id', '=', created.body.user.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);

    const anonymous = new ApiClient(t.url);
    expect((await anonymous.login(b.email, PASSWORD)).status).toBe(401); // no password yet
    const info = await anonymous.get<{ email: string; customerName: string }>(`/api/v1/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ email: b.email, customerName: 'Acme Belgium NV', language: 'fr' });

    const short = await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: 'short' });
    expect(short.status).toBe(400);
    expect(problem(short).errors?.[0]?.field).toBe('body.password');

    expect((await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(200);
    const user = await db().selectFrom('users').select(['status', 'password_hash']).where('email', '=', b.email).executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const client = new ApiClient(t.url);
    expect((await client.login(b.email, PASSWORD)).status).toBe(200);
    expect((await client.get(`/api/v1/customers/${acme}/administrators`)).status).toBe(200);

    const again = await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: 'another-long-password' });
    expect(again.status).toBe(410);
    expect(problem(again).code).toBe('invitation_used');
    expect((await anonymous.get(`/api/v1/invitations/${token}`)).status).toBe(404);
    expect((await client.login(b.email, PASSWORD)).status).toBe(200); // the password did not change
    expect(await audits('invitation.accept', created.body.user.id)).toHaveLength(1);
    expect(await audits('user.invite', created.body.user.id)).toHaveLength(1);
    expect((await owner.get<UserDetail>(`${users()}/${created.body.user.id}`)).body).toMatchObject({ status: 'active', accountStatus: 'active' });
  });

  it('after expiry (7 days) the link answers 410 and nothing changes', async () => {
    const b = body();
    await owner.post(users(), b);
    const { token } = await invitationToken(b.email);
    t.clock.advance(7 * 24 * 3600_000 + 60_000);
    try {
      const res = await new ApiClient(t.url).post(`/api/v1/invitations/${token}/accept`, { password: PASSWORD });
      expect(res.status).toBe(410);
      expect(problem(res).code).toBe('invitation_expired');
      expect((await new ApiClient(t.url).get(`/api/v1/invitations/${token}`)).status).toBe(404);
      const user = await db().selectFrom('users').select(['status', 'password_hash']).where('email', '=', b.email).executeTakeFirstOrThrow();
      expect(user).toEqual({ status: 'invited', password_hash: null });
    } finally {
      t.clock.advance(-(7 * 24 * 3600_000 + 60_000));
    }
  });

  it('an unknown token → 404; a malformed one → 400', async () => {
    expect((await new ApiClient(t.url).post(`/api/v1/invitations/${'x'.repeat(43)}/accept`, { password: PASSWORD })).status).toBe(404);
    expect((await new ApiClient(t.url).get('/api/v1/invitations/bad%20token')).status).toBe(400);
  });
});

describe('ROLE-7: adding an existing portal user reveals nothing and needs his consent', () => {
  const LUMIERE_OWNER = 'owner@lumiere.test';
  const shape = (r: CreateUserResponse) => ({ ...r, user: { ...r.user, id: '<id>', membershipId: '<id>', email: '<email>', createdAt: '<at>' } });

  it('answers exactly like a new address: same status and shape, the names given, no account status, no "invited" difference', async () => {
    const described = { firstName: 'Xandra', lastName: 'As-Typed', language: 'nl' as const, profile: 'support_portal_user' as const, subProfiles: ['purchaser' as const] };
    const fresh = await owner.post<CreateUserResponse>(users(), body(described));
    const existing = await owner.post<CreateUserResponse>(users(), body({ ...described, email: 'Owner@Lumiere.test' }));
    expect(fresh.status).toBe(201);
    expect(existing.status).toBe(201);
    expect(existing.body.user.email).toBe(LUMIERE_OWNER);
    expect(shape(existing.body)).toEqual(shape(fresh.body));
    expect(existing.body).toMatchObject({ invited: true, user: { firstName: 'Xandra', lastName: 'As-Typed', language: 'nl', status: 'invited', accountStatus: 'invited' } });
    // Nor does what the customer may read afterwards: the user, the audit trail.
    const detail = (await owner.get<UserDetail>(`${users()}/${existing.body.user.id}`)).body;
    expect(detail).toMatchObject({ status: 'invited', accountStatus: 'invited', firstName: 'Xandra', lastName: 'As-Typed', language: 'nl' });
    const listed = (await owner.get<{ items: Array<{ id: string; firstName: string; lastName: string }> }>(`${users()}?q=lumiere&limit=200`)).body.items;
    expect(listed.filter((u) => u.id === existing.body.user.id)).toEqual([expect.objectContaining({ firstName: 'Xandra', lastName: 'As-Typed' })]);
    // His real name finds nothing either.
    const real = await db().selectFrom('users').select(['first_name', 'last_name']).where('email', '=', LUMIERE_OWNER).executeTakeFirstOrThrow();
    const byRealName = (await owner.get<{ items: Array<{ id: string }> }>(`${users()}?q=${encodeURIComponent(real.last_name)}&limit=200`)).body.items;
    expect(byRealName.map((u) => u.id)).not.toContain(existing.body.user.id);
    // Editing the invitation's names changes the description, never his account.
    const renamed = await owner.request<UserDetail>('PATCH', `${users()}/${existing.body.user.id}`, { firstName: 'Xena' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ firstName: 'Xena', lastName: 'As-Typed' });
    expect(await db().selectFrom('users').select(['first_name', 'last_name']).where('email', '=', LUMIERE_OWNER).executeTakeFirstOrThrow()).toEqual(real);
    // The audit trail and the "who has access" export name him as the customer described him, too.
    const trail = (await owner.get<{ items: Array<{ targetId: string | null; targetLabel: string | null }> }>(`/api/v1/customers/${acme}/audit?limit=200`)).body.items;
    expect(trail.filter((e) => e.targetId === existing.body.user.id).map((e) => e.targetLabel)).toContain('Xena As-Typed');
    const exported = await owner.request('GET', `/api/v1/customers/${acme}/access/export.csv`);
    expect(String(exported.body)).toContain('Xena As-Typed');
    expect(String(exported.body)).not.toContain(`${real.first_name} ${real.last_name}`);
    expect(await audits('user.invite', existing.body.user.id)).toHaveLength(1);
    expect(await audits('user.add_membership', existing.body.user.id)).toHaveLength(0);
    expect((await audits('user.invite', existing.body.user.id))[0]?.after).toMatchObject({ firstName: 'Xandra', lastName: 'As-Typed', accountStatus: 'invited' });
  });

  it('he is no member until he accepts with his own password; then he is, on his next request', async () => {
    const lumiereOwner = await signedIn(t.url, LUMIERE_OWNER);
    const probe = () => lumiereOwner.get(`/api/v1/customers/${noordzee}/administrators`);
    expect((await probe()).status).toBe(404);
    const created = await noordzeeOwner.post<CreateUserResponse>(users(noordzee), body({ email: LUMIERE_OWNER, profile: 'access_manager' }));
    expect(created.status).toBe(201);
    expect((await probe()).status).toBe(404);
    expect((await lumiereOwner.get<{ customers: Array<{ id: string }> }>('/api/v1/me')).body.customers.map((c) => c.id)).not.toContain(noordzee);

    const mail = await db().selectFrom('mail_outbox').select(['body_text', 'kind']).where('to_address', '=', LUMIERE_OWNER)
      .where('customer_id', '=', noordzee).executeTakeFirstOrThrow();
    expect(mail.kind).toBe('invitation');
    const token = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1] ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);
    const anonymous = new ApiClient(t.url);
    expect((await anonymous.get(`/api/v1/invitations/${token}`)).body).toMatchObject({ email: LUMIERE_OWNER, customerName: 'Noordzee Bouw NV', hasPassword: true });

    const wrong = await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: 'not-his-password-at-all' });
    expect(wrong.status).toBe(400);
    expect(problem(wrong)).toMatchObject({ code: 'wrong_password', errors: [{ field: 'body.password' }] });
    expect((await probe()).status).toBe(404);

    expect((await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: DEMO_PASSWORD })).status).toBe(200);
    expect((await probe()).status).toBe(200);
    const real = await db().selectFrom('users').select(['first_name', 'last_name']).where('email', '=', LUMIERE_OWNER).executeTakeFirstOrThrow();
    expect((await noordzeeOwner.get<UserDetail>(`${users(noordzee)}/${created.body.user.id}`)).body)
      .toMatchObject({ status: 'active', accountStatus: 'active', firstName: real.first_name, lastName: real.last_name });
    expect((await lumiereOwner.login(LUMIERE_OWNER)).status).toBe(200); // his password did not change
    expect((await anonymous.post(`/api/v1/invitations/${token}/accept`, { password: DEMO_PASSWORD })).status).toBe(410);
  });

  it('a membership not yet accepted cannot be suspended or reactivated into access (409); removed, its link stops working', async () => {
    const b = body({ email: 'employee@noordzee.test' });
    const created = await owner.post<CreateUserResponse>(users(), b);
    expect(created.status).toBe(201);
    const id = created.body.user.id;
    for (const action of ['suspend', 'reactivate']) {
      const res = await owner.post(`${users()}/${id}/${action}`);
      expect(res.status).toBe(409);
      expect(problem(res).code).toBe('invitation_pending');
    }
    const { token } = await invitationToken('employee@noordzee.test');
    expect((await owner.request('DELETE', `${users()}/${id}`)).status).toBe(204);
    expect((await new ApiClient(t.url).get(`/api/v1/invitations/${token}`)).status).toBe(404);
    expect((await new ApiClient(t.url).post(`/api/v1/invitations/${token}/accept`, { password: DEMO_PASSWORD })).status).toBe(410);
    expect(await db().selectFrom('memberships').select('id').where('customer_id', '=', acme).where('user_id', '=', id).executeTakeFirst()).toBeUndefined();
  });
});

describe('edit, suspend, reactivate, remove: effective on the next request, audited', () => {
  it('edits names, language, profile and employment, with before/after in the audit trail', async () => {
    const u = await invitedAndSignedIn();
    const res = await manager.request<UserDetail>('PATCH', `${users()}/${u.id}`, {
      firstName: 'Nadia', language: 'en', profile: 'support_portal_user', subProfiles: ['fleet_manager'], employmentBasis: 'civil_servant', employmentEnd: '2031-12-31',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ firstName: 'Nadia', language: 'en', profile: 'support_portal_user', subProfiles: ['fleet_manager'], employmentBasis: 'civil_servant', employmentEnd: '2031-12-31' });
    const [row] = await audits('user.update', u.id);
    expect(row?.before).toMatchObject({ profile: 'service_user', firstName: 'Nina' });
    expect(row?.after).toMatchObject({ profile: 'support_portal_user', firstName: 'Nadia' });
    expect((await owner.get<UserDetail>(`${users()}/${u.id}`)).body.firstName).toBe('Nadia');
  });

  it('ACC-5/ROLE-7: a suspended user is refused on his next request; reactivated he is back; removed he is gone', async () => {
    const u = await invitedAndSignedIn();
    const probe = () => u.client.get(`/api/v1/customers/${acme}/administrators`);
    expect((await probe()).status).toBe(200);
    const suspended = await owner.post<UserDetail>(`${users()}/${u.id}/suspend`);
    expect(suspended.status).toBe(200);
    expect(suspended.body.status).toBe('suspended');
    expect((await probe()).status).toBe(404);
    expect((await owner.get<UserListResponse>(`${users()}?status=suspended`)).body.items.map((i) => i.id)).toContain(u.id);
    expect((await owner.post<UserDetail>(`${users()}/${u.id}/reactivate`)).body.status).toBe('active');
    expect((await probe()).status).toBe(200);
    expect((await owner.request('DELETE', `${users()}/${u.id}`)).status).toBe(204);
    expect((await probe()).status).toBe(404);
    expect((await owner.get(`${users()}/${u.id}`)).status).toBe(404);
    expect(await audits('user.suspend', u.id)).toHaveLength(1);
    expect(await audits('user.reactivate', u.id)).toHaveLength(1);
    const [removed] = await audits('user.remove', u.id);
    expect(removed?.before).toMatchObject({ email: u.email });
  });
});

describe('ROLE-2: the last Access Owner, the primary AO and his deputy', () => {
  it('the last AO cannot be removed, suspended or demoted (409 last_access_owner)', async () => {
    // A customer with one AO: Noordzee.
    const ao = await userId('owner@noordzee.test');
    for (const res of [
      await noordzeeOwner.request('DELETE', `${users(noordzee)}/${ao}`),
      await noordzeeOwner.post(`${users(noordzee)}/${ao}/suspend`),
      await noordzeeOwner.request('PATCH', `${users(noordzee)}/${ao}`, { profile: 'access_manager' }),
    ]) {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(problem(res).code).toBe('last_access_owner');
    }
    const m = await db().selectFrom('memberships').select(['profile', 'status', 'is_primary']).where('customer_id', '=', noordzee).where('user_id', '=', ao).executeTakeFirstOrThrow();
    expect(m).toEqual({ profile: 'access_owner', status: 'active', is_primary: true });
  });

  it('two AOs demoting each other at the same moment: exactly one wins and the customer keeps an AO', async () => {
    const second = await invitedAndSignedIn({ profile: 'access_owner' }, noordzeeOwner, noordzee);
    const first = await userId('owner@noordzee.test');
    const [a, b] = await Promise.all([
      noordzeeOwner.request('PATCH', `${users(noordzee)}/${second.id}`, { profile: 'access_manager' }),
      second.client.request('PATCH', `${users(noordzee)}/${first}`, { profile: 'access_manager' }),
    ]);
    // The loser either raced the winner (409 last_access_owner, under the AO row lock) or came just after
    // it, when his own AO profile was already gone (403): never both 200.
    const loser = a.status === 200 ? b : a;
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([403, 409]).toContain(loser.status);
    if (loser.status === 409) expect(problem(loser).code).toBe('last_access_owner');
    const aos = await db().selectFrom('memberships').select(['user_id', 'is_primary']).where('customer_id', '=', noordzee)
      .where('profile', '=', 'access_owner').where('status', '=', 'active').execute();
    expect(aos).toHaveLength(1);
    expect(aos[0]!.is_primary).toBe(true);
    // Put Noordzee back: its original owner as the only, primary AO.
    if (aos[0]!.user_id !== first) {
      await second.client.request('PATCH', `${users(noordzee)}/${first}`, { profile: 'access_owner' });
      await second.client.post(`${users(noordzee)}/${first}/make-primary`);
      expect((await noordzeeOwner.request('DELETE', `${users(noordzee)}/${second.id}`)).status).toBe(204);
    } else {
      expect((await noordzeeOwner.request('DELETE', `${users(noordzee)}/${second.id}`)).status).toBe(204);
    }
  });

  it('the AO hands the primary role to another AO, names a deputy; when the primary leaves the deputy takes over', async () => {
    const ownerId = await userId('owner@acme.test');
    const ao2 = await invitedAndSignedIn({ profile: 'access_owner' });
    const deputy = await invitedAndSignedIn({ profile: 'access_manager' });

    // Only AOs name the primary AO or the deputy; only an active AO can be primary; AO or AM can be deputy.
    expect((await manager.post(`${users()}/${ao2.id}/make-primary`)).status).toBe(403);
    expect((await manager.post(`${users()}/${deputy.id}/make-deputy`)).status).toBe(403);
    expect(problem(await owner.post(`${users()}/${deputy.id}/make-primary`)).code).toBe('not_active_access_owner');
    expect(problem(await owner.post(`${users()}/${await userId('employee@acme.test')}/make-deputy`)).code).toBe('deputy_not_eligible');

    const primary = await owner.post<UserDetail>(`${users()}/${ao2.id}/make-primary`);
    expect(primary.status).toBe(200);
    expect(primary.body.isPrimary).toBe(true);
    expect((await owner.get<UserDetail>(`${users()}/${ownerId}`)).body.isPrimary).toBe(false);
    const named = await owner.post<UserDetail>(`${users()}/${deputy.id}/make-deputy`);
    expect(named.status).toBe(200);
    expect(named.body.isDeputy).toBe(true);
    expect((await owner.get<UserListResponse>(`${users()}?profile=access_manager`)).body.items.find((i) => i.id === deputy.id)?.isDeputy).toBe(true);

    // The primary AO leaves: his deputy becomes the primary AO, no help-desk call.
    expect((await owner.request('DELETE', `${users()}/${ao2.id}`)).status).toBe(204);
    const after = await owner.get<UserDetail>(`${users()}/${deputy.id}`);
    expect(after.body).toMatchObject({ profile: 'access_owner', isPrimary: true, isDeputy: false });
    expect(await audits('user.deputy_takeover', deputy.id)).toHaveLength(1);
    // He acts as AO on his next request.
    expect((await deputy.client.get<{ profiles: string[] }>(`${users()}/grantable-profiles`)).body.profiles).toEqual(['access_owner', 'access_manager', 'support_portal_user', 'service_user']);

    // Back to the seeded state: Olivia primary; the deputy removed.
    expect((await deputy.client.post(`${users()}/${ownerId}/make-primary`)).status).toBe(200);
    expect((await owner.request('DELETE', `${users()}/${deputy.id}`)).status).toBe(204);
    expect((await owner.get<UserDetail>(`${users()}/${ownerId}`)).body.isPrimary).toBe(true);
  });

  it('suspending the only AO who is primary hands over to his deputy instead of failing', async () => {
    const ao = await userId('owner@noordzee.test');
    const dep = await invitedAndSignedIn({ profile: 'access_manager' }, noordzeeOwner, noordzee);
    expect((await noordzeeOwner.post(`${users(noordzee)}/${dep.id}/make-deputy`)).status).toBe(200);
    const res = await noordzeeOwner.post<UserDetail>(`${users(noordzee)}/${ao}/suspend`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'suspended', isPrimary: false });
    expect((await dep.client.get<UserDetail>(`${users(noordzee)}/${dep.id}`)).body).toMatchObject({ profile: 'access_owner', isPrimary: true });
    // Restore.
    expect((await dep.client.post(`${users(noordzee)}/${ao}/reactivate`)).status).toBe(200);
    expect((await dep.client.post(`${users(noordzee)}/${ao}/make-primary`)).status).toBe(200);
    expect((await noordzeeOwner.request('DELETE', `${users(noordzee)}/${dep.id}`)).status).toBe(204);
  });
});

describe('Service Users and the SIMs they use', () => {
  const sims = async (customerId: string) => db().selectFrom('sims').select(['id', 'end_user_id', 'cost_centre_id']).where('customer_id', '=', customerId).orderBy('msisdn').execute();

  it('the AO links SIMs of this customer; a SIM of another customer → 400 naming it; nothing changes', async () => {
    const u = await invitedAndSignedIn();
    const acmeSims = await sims(acme);
    const [noordzeeSim] = await sims(noordzee);
    const bad = await owner.request('PUT', `${users()}/${u.id}/sims`, { simIds: [acmeSims[5]!.id, noordzeeSim!.id] });
    expect(bad.status).toBe(400);
    expect(problem(bad).errors?.[0]?.field).toBe('body.simIds.1');
    expect((await sims(acme)).find((s) => s.id === acmeSims[5]!.id)?.end_user_id).toBe(acmeSims[5]!.end_user_id);

    const ok = await owner.request<UserSimsResponse>('PUT', `${users()}/${u.id}/sims`, { simIds: [acmeSims[5]!.id] });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((s) => s.id)).toEqual([acmeSims[5]!.id]);
    expect((await owner.get<UserSimsResponse>(`${users()}/${u.id}/sims`)).body.items).toHaveLength(1);
    // ROLE-5: he now sees that line as his own.
    expect((await u.client.get<UserSimsResponse>(`${users()}/${u.id}/sims`)).body.items.map((s) => s.id)).toEqual([acmeSims[5]!.id]);
    expect(await audits('user.set_sims', u.id)).toHaveLength(1);
    // Removing him unlinks his lines.
    expect((await owner.request('DELETE', `${users()}/${u.id}`)).status).toBe(204);
    expect((await sims(acme)).find((s) => s.id === acmeSims[5]!.id)?.end_user_id).toBeNull();
  });

  it('a fleet manager links SIMs within his scope only; an AM (no customer data) and a Service User cannot', async () => {
    const target = await userId('employee@acme.test');
    const all = await sims(acme);
    const sales = await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow();
    const inScope = all.filter((s) => s.cost_centre_id === sales.id);
    const outOfScope = all.find((s) => s.cost_centre_id !== sales.id)!;
    const mine = inScope.filter((s) => s.end_user_id === target).map((s) => s.id);
    expect((await fleet.request('PUT', `${users()}/${target}/sims`, { simIds: [...mine, outOfScope.id] })).status).toBe(400);
    const ok = await fleet.request<UserSimsResponse>('PUT', `${users()}/${target}/sims`, { simIds: [...mine, inScope.at(-1)!.id] });
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((s) => s.id).sort()).toEqual([...mine, inScope.at(-1)!.id].sort());
    expect((await manager.request('PUT', `${users()}/${target}/sims`, { simIds: [] })).status).toBe(403);
    expect((await manager.get(`${users()}/${target}/sims`)).status).toBe(403);
    expect((await employee.request('PUT', `${users()}/${target}/sims`, { simIds: [] })).status).toBe(403);
    // Restore.
    expect((await fleet.request('PUT', `${users()}/${target}/sims`, { simIds: mine })).status).toBe(200);
  });
});
