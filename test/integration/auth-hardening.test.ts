import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@mandate/server/app';
import { testConfig, type Config } from '@mandate/server/config';
import { ApiClient, DEMO_PASSWORD, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

const LIMITS = { loginMaxPerIp: 4, loginMaxPerAccount: 100, refreshMaxPerIp: 6, loginWindowSeconds: 600 } satisfies Partial<Config>;

let t: TestApp;
let acme: string;
beforeAll(async () => {
  t = await startTestApp({ config: LIMITS });
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());
// Each test starts with no attempt counted.
beforeEach(async () => {
  await t.database.db.deleteFrom('rate_limit_counters').execute();
});

/** Another API process on the same database and clock (e.g. behind the same load balancer). */
async function anotherProcess(config: Partial<Config> = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig({ ...LIMITS, jwtSecret: t.app.config.jwtSecret, ...config }), database: t.database, clock: t.clock });
}
const attempt = (app: FastifyInstance, email: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong-password' }, headers });

describe('refresh and sign-out refuse requests from another site (cookie-authenticated)', () => {
  it('a foreign Origin, Origin: null or Sec-Fetch-Site: cross-site → 403 problem; the session lives on', async () => {
    const client = await signedIn(t.url, 'owner@acme.test');
    const foreign: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { origin: `${t.url}.evil.example` }];
    for (const headers of foreign) {
      for (const path of ['/api/v1/auth/refresh', '/api/v1/auth/logout']) {
        const res = await client.post(path, undefined, headers);
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 403, code: 'cross_site_request' });
      }
    }
    expect((await client.get('/api/v1/me')).status).toBe(200);
    expect((await client.post('/api/v1/auth/refresh')).status).toBe(200);
  });

  it('the portal’s own origin, Sec-Fetch-Site: same-origin and no such headers (scripts) pass', async () => {
    const client = await signedIn(t.url, 'manager@acme.test');
    expect((await client.post('/api/v1/auth/refresh', undefined, { origin: t.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await client.post('/api/v1/auth/refresh')).status).toBe(200);
    expect((await client.post('/api/v1/auth/logout', undefined, { origin: t.url })).status).toBe(204);
  });

  it('behind a proxy the configured PUBLIC_URL is the portal’s origin', async () => {
    const app = await anotherProcess({ publicUrl: 'https://portal.example.test' });
    try {
      const logout = (origin: string) => app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { origin, host: 'internal:3000' } });
      expect((await logout('https://portal.example.test')).statusCode).toBe(204);
      expect((await logout('https://evil.example')).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});

describe('Cache-Control: no-store on every token answer and every authenticated answer', () => {
  it('sign-in, refresh, sign-out, /me and guarded routes (errors included); public routes are left alone', async () => {
    const anonymous = new ApiClient(t.url);
    const client = new ApiClient(t.url);
    const answers = {
      login: await client.login('finance@acme.test'),
      failedLogin: await anonymous.login('finance@acme.test', 'wrong-password'),
      me: await client.get('/api/v1/me'),
      list: await client.get(`/api/v1/customers/${acme}/users`),
      withoutToken: await anonymous.get('/api/v1/me'),
      refresh: await client.post('/api/v1/auth/refresh'),
      logout: await client.post('/api/v1/auth/logout'),
    };
    expect(answers.login.status).toBe(200);
    expect(answers.failedLogin.status).toBe(401);
    expect(answers.withoutToken.status).toBe(401);
    for (const [name, res] of Object.entries(answers)) expect(res.headers.get('cache-control'), name).toBe('no-store');
    expect((await anonymous.get('/api/openapi.json')).headers.get('cache-control')).toBeNull();
  });
});

describe('sign-in throttling', () => {
  it('refreshing does not count toward the sign-in limit, and has its own', async () => {
    const client = await signedIn(t.url, 'owner@acme.test');
    // More refreshes than sign-ins allowed per address…
    for (let i = 0; i < LIMITS.refreshMaxPerIp; i++) expect((await client.post('/api/v1/auth/refresh')).status).toBe(200);
    // …do not lock the office out of signing in,
    expect((await new ApiClient(t.url).login('manager@acme.test')).status).toBe(200);
    // and past their own limit refreshes are refused, with when to retry.
    const refused = await client.post('/api/v1/auth/refresh');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429, code: 'too_many_requests' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await new ApiClient(t.url).login('finance@acme.test')).status).toBe(200);
  });

  it('only failures count: an office behind one address signs in more often than the limit', async () => {
    for (let i = 0; i < LIMITS.loginMaxPerIp + 2; i++) {
      const email = ['owner@acme.test', 'manager@acme.test', 'finance@acme.test'][i % 3]!;
      expect((await new ApiClient(t.url).login(email)).status, email).toBe(200);
    }
    expect(await t.database.db.selectFrom('rate_limit_counters').select('hits').where('key', 'like', 'login-%').execute()).toEqual([]);
  });

  it('counts failed sign-ins in the database: several API processes share one limit, which the clock resets', async () => {
    const a = await anotherProcess();
    const b = await anotherProcess();
    try {
      const statuses = [];
      for (let i = 0; i < LIMITS.loginMaxPerIp; i++) statuses.push((await attempt(i % 2 ? a : b, `nobody${i}@acme.test`)).statusCode);
      expect(statuses).toEqual(Array(LIMITS.loginMaxPerIp).fill(401));
      const blocked = await attempt(a, 'owner@acme.test');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await attempt(b, 'owner@acme.test')).statusCode).toBe(429);
      const row = await t.database.db.selectFrom('rate_limit_counters').selectAll().where('key', '=', 'login-ip:127.0.0.1').executeTakeFirstOrThrow();
      // A refused attempt tried no password: only the failures are counted.
      expect(row.hits).toBe(LIMITS.loginMaxPerIp);
      // Once the window is over, attempts are welcome again.
      t.clock.advance(LIMITS.loginWindowSeconds * 1000);
      try {
        expect((await a.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'owner@acme.test', password: DEMO_PASSWORD } })).statusCode).toBe(200);
      } finally {
        t.clock.advance(-LIMITS.loginWindowSeconds * 1000);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('by default a forged X-Forwarded-For does not make a new address: 40 attempts from 40 “addresses” are throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await new ApiClient(t.url).post('/api/v1/auth/login', { email: `nobody${i}@acme.test`, password: 'wrong-password' }, { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    }
    expect(statuses.slice(0, LIMITS.loginMaxPerIp)).toEqual(Array(LIMITS.loginMaxPerIp).fill(401));
    expect(statuses.slice(LIMITS.loginMaxPerIp).every((s) => s === 429)).toBe(true);
  });

  it('with TRUST_PROXY naming the proxy, the client address it forwards is honoured', async () => {
    const app = await anotherProcess({ trustProxy: ['127.0.0.1'] });
    try {
      const from = (address: string, i: number) => attempt(app, `nobody${i}@acme.test`, { 'x-forwarded-for': address });
      for (let i = 0; i < LIMITS.loginMaxPerIp; i++) expect((await from('203.0.113.7', i)).statusCode).toBe(401);
      expect((await from('203.0.113.7', 99)).statusCode).toBe(429);
      // Another client behind the same proxy has its own count.
      expect((await from('203.0.113.8', 100)).statusCode).toBe(401);
      const keys = (await t.database.db.selectFrom('rate_limit_counters').select('key').execute()).map((r) => r.key);
      expect(keys).toEqual(expect.arrayContaining(['login-ip:203.0.113.7', 'login-ip:203.0.113.8']));
    } finally {
      await app.close();
    }
    // A proxy that is not the configured one is not believed.
    const elsewhere = await anotherProcess({ trustProxy: ['10.9.9.9'] });
    try {
      await attempt(elsewhere, 'nobody-else@acme.test', { 'x-forwarded-for': '198.51.100.1' });
      const keys = (await t.database.db.selectFrom('rate_limit_counters').select('key').execute()).map((r) => r.key);
      expect(keys).not.toContain('login-ip:198.51.100.1');
    } finally {
      await elsewhere.close();
    }
  });
});
