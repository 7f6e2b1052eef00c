import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, DEMO_PASSWORD, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 5, loginMaxPerIp: 1000 } });
});
afterAll(async () => t?.close());

const customerIdOf = async (name: string) =>
  (await t.database.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const userIdOf = async (email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

describe('sign-in (POST /api/v1/auth/login)', () => {
  it('gives a short-lived access token carrying only user and session ids, and an httpOnly refresh cookie', async () => {
    const client = new ApiClient(t.url);
    const res = await client.login('owner@acme.test');
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(900);
    const payload = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1]!, 'base64url').toString());
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'sid', 'sub']);
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(900);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/mandate_refresh=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });

  it('records the sign-in as activity of the user and of his customers (ACC-4)', async () => {
    await new ApiClient(t.url).login('manager@noordzee.test');
    const user = await t.database.db.selectFrom('users').select('last_login_at').where('email', '=', 'manager@noordzee.test').executeTakeFirstOrThrow();
    const customer = await t.database.db.selectFrom('customers').select('last_activity_at').where('name', '=', 'Noordzee Bouw NV').executeTakeFirstOrThrow();
    expect(user.last_login_at).toEqual(t.clock.now());
    expect(customer.last_activity_at).toEqual(t.clock.now());
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'target_type']).where('actor_user_id', '=', (await userIdOf('manager@noordzee.test'))).execute();
    expect(audit).toContainEqual({ action: 'auth.login', target_type: 'session' });
  });

  it('accepts the e-mail in any case', async () => {
    expect((await new ApiClient(t.url).login('Finance@Acme.TEST')).status).toBe(200);
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const wrong = await new ApiClient(t.url).login('manager@acme.test', 'not-the-password');
    const unknown = await new ApiClient(t.url).login('nobody@acme.test', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const strip = (b: unknown) => ({ ...(b as object), instance: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials', status: 401 });
  });

  it('stores passwords as argon2id with OWASP parameters', async () => {
    const row = await t.database.db.selectFrom('users').select('password_hash').where('email', '=', 'owner@acme.test').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('throttles per account: after the limit even the right password is refused with 429', async () => {
    const client = new ApiClient(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.login('fleet@acme.test', 'wrong')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await client.login('fleet@acme.test', DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ status: 429, code: 'too_many_requests' });
    // Another account from the same address is not affected.
    expect((await new ApiClient(t.url).login('employee@acme.test')).status).toBe(200);
  });

  it('refuses bad input with 400 and the field at fault', async () => {
    const client = new ApiClient(t.url);
    const missing = await client.post('/api/v1/auth/login', { email: 'owner@acme.test' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.password' }] });
    const extra = await client.post('/api/v1/auth/login', { email: 'owner@acme.test', password: 'x', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ errors: [{ field: 'body.admin', message: 'is not a known field' }] });
    const wrongType = await client.post('/api/v1/auth/login', { email: 42, password: 'x' });
    expect(wrongType.status).toBe(400);
    expect((wrongType.body as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('body.email');
    const malformed = await client.post('/api/v1/auth/login', '{"email": "owner@acme.test",');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'malformed_json', errors: [{ field: 'body' }] });
  });
});

describe('refresh rotation and reuse detection', () => {
  it('rotates the refresh token on every use', async () => {
    const client = await signedIn(t.url, 'owner@acme.test');
    const first = client.cookie;
    const res = await client.post<{ accessToken: string }>('/api/v1/auth/refresh');
    expect(res.status).toBe(200);
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(first);
    client.token = res.body.accessToken;
    expect((await client.get('/api/v1/me')).status).toBe(200);
  });

  it('the same browser asking twice at once (a reload during the first refresh) keeps its session', async () => {
    const client = await signedIn(t.url, 'owner@acme.test');
    const first = client.cookie;
    expect((await client.post('/api/v1/auth/refresh')).status).toBe(200);
    const second = new ApiClient(t.url);
    second.cookie = first;
    t.clock.advance(9_000);
    const again = await second.post<{ accessToken: string }>('/api/v1/auth/refresh');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    second.token = again.body.accessToken;
    expect((await second.get('/api/v1/me')).status).toBe(200);
    expect((await client.post('/api/v1/auth/refresh')).status).toBe(200);
  });

  it('revokes the whole session when an old refresh token is used again', async () => {
    const client = await signedIn(t.url, 'owner@acme.test');
    const stolen = client.cookie;
    expect((await client.post('/api/v1/auth/refresh')).status).toBe(200);
    const legit = client.cookie;
    // Past the few seconds a browser's own second request may take.
    t.clock.advance(11_000);

    const attacker = new ApiClient(t.url);
    attacker.cookie = stolen;
    const replay = await attacker.post('/api/v1/auth/refresh');
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'refresh_token_reused' });

    // The rightful holder's newer token and access token die with the family.
    client.cookie = legit;
    expect((await client.post('/api/v1/auth/refresh')).status).toBe(401);
    expect((await client.get('/api/v1/me')).status).toBe(401);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.refresh_token_reused').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a refresh without cookie or with a made-up one', async () => {
    expect((await new ApiClient(t.url).post('/api/v1/auth/refresh')).status).toBe(401);
    const forged = new ApiClient(t.url);
    forged.cookie = 'mandate_refresh=forged';
    expect((await forged.post('/api/v1/auth/refresh')).status).toBe(401);
  });
});

describe('tokens and sessions', () => {
  it('401 without a token, with a forged one, and once the access token has expired on the clock', async () => {
    const anonymous = new ApiClient(t.url);
    expect((await anonymous.get('/api/v1/me')).body).toMatchObject({ status: 401, code: 'missing_token' });
    anonymous.token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwic2lkIjoieSJ9.c2lnbmF0dXJl';
    expect((await anonymous.get('/api/v1/me')).body).toMatchObject({ status: 401, code: 'invalid_token' });

    const client = await signedIn(t.url, 'manager@acme.test');
    expect((await client.get('/api/v1/me')).status).toBe(200);
    // A token already accepted once does not make a look-alike acceptable: another signature, another payload.
    const [header, body, signature] = client.token!.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -3)}${signature.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: randomUUID() })).toString('base64url');
    for (const forged of [`${header}.${body}.${flipped}`, `${header}.${other}.${signature}`]) {
      const impostor = new ApiClient(t.url);
      impostor.token = forged;
      expect((await impostor.get('/api/v1/me')).body).toMatchObject({ status: 401, code: 'invalid_token' });
    }
    t.clock.advance(16 * 60_000);
    try {
      expect((await client.get('/api/v1/me')).body).toMatchObject({ status: 401, code: 'token_expired' });
      // The refresh cookie still gets a new one.
      const res = await client.post<{ accessToken: string }>('/api/v1/auth/refresh');
      expect(res.status).toBe(200);
      client.token = res.body.accessToken;
      expect((await client.get('/api/v1/me')).status).toBe(200);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });

  it('logout ends the session on the very next request, access token and refresh cookie alike', async () => {
    const client = await signedIn(t.url, 'finance@acme.test');
    const cookie = client.cookie;
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await client.get('/api/v1/me')).status).toBe(401);
    client.cookie = cookie;
    expect((await client.post('/api/v1/auth/refresh')).status).toBe(401);
  });
});

describe('suspension (ACC-5) and the end of a membership (ROLE-7) take effect on the next request', () => {
  it('a suspended user gets nothing from the next request on, and cannot sign in', async () => {
    const client = await signedIn(t.url, 'tech@brightwave.test');
    expect((await client.get('/api/v1/me')).status).toBe(200);
    await t.database.db.updateTable('users').set({ status: 'suspended' }).where('email', '=', 'tech@brightwave.test').execute();
    try {
      expect((await client.get('/api/v1/me')).body).toMatchObject({ status: 401, code: 'account_suspended' });
      expect((await client.post('/api/v1/auth/refresh')).status).toBe(401);
      expect((await new ApiClient(t.url).login('tech@brightwave.test')).body).toMatchObject({ status: 403, code: 'account_suspended' });
    } finally {
      await t.database.db.updateTable('users').set({ status: 'active' }).where('email', '=', 'tech@brightwave.test').execute();
    }
  });

  it('a suspended customer disappears for its users on the next request', async () => {
    const noordzee = await customerIdOf('Noordzee Bouw NV');
    const client = await signedIn(t.url, 'owner@noordzee.test');
    expect((await client.get(`/api/v1/customers/${noordzee}/users`)).status).toBe(200);
    await t.database.db.updateTable('customers').set({ status: 'suspended' }).where('id', '=', noordzee).execute();
    try {
      expect((await client.get(`/api/v1/customers/${noordzee}/users`)).status).toBe(404);
      const me = await client.get<{ customers: Array<{ id: string }> }>('/api/v1/me');
      expect(me.body.customers.map((c) => c.id)).not.toContain(noordzee);
    } finally {
      await t.database.db.updateTable('customers').set({ status: 'active' }).where('id', '=', noordzee).execute();
    }
  });

  it('a membership whose employment ended gives no access from the next day on', async () => {
    const lumiere = await customerIdOf('Lumière SRL');
    const manager = await userIdOf('manager@lumiere.test');
    const client = await signedIn(t.url, 'manager@lumiere.test');
    expect((await client.get(`/api/v1/customers/${lumiere}/users`)).status).toBe(200);
    const day = (offset: number) => new Date(t.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    try {
      // Still on the last day of the contract…
      await t.database.db.updateTable('memberships').set({ employment_end: day(0) }).where('user_id', '=', manager).execute();
      expect((await client.get(`/api/v1/customers/${lumiere}/users`)).status).toBe(200);
      // …and nothing once it is over, for the open session and for a new sign-in alike.
      await t.database.db.updateTable('memberships').set({ employment_end: day(-1) }).where('user_id', '=', manager).execute();
      expect((await client.get(`/api/v1/customers/${lumiere}/users`)).status).toBe(404);
      const again = await signedIn(t.url, 'manager@lumiere.test');
      expect((await again.get(`/api/v1/customers/${lumiere}/users`)).status).toBe(404);
      expect((await again.get<{ customers: unknown[] }>('/api/v1/me')).body.customers).toEqual([]);
    } finally {
      await t.database.db.updateTable('memberships').set({ employment_end: null }).where('user_id', '=', manager).execute();
    }
  });
});
