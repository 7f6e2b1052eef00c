import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@mandate/server/app';
import { testConfig } from '@mandate/server/config';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let owner: ApiClient;
let acme: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await signedIn(t.url, 'owner@acme.test');
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

describe('health and OpenAPI', () => {
  it('GET /api/v1/health reports the database engine and the migration version', async () => {
    const res = await new ApiClient(t.url).get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({
      status: 'ok',
      engine: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
      migration: expect.stringMatching(/^\d{4}-\d{2}-\d{2}-/),
    });
  });

  it('serves OpenAPI 3.1 at /api/openapi.json', async () => {
    const res = await new ApiClient(t.url).get<{ openapi: string; paths: Record<string, unknown> }>('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/customers/{customerId}/users');
  });
});

describe('security headers (SEC-2)', () => {
  it('API answers: nosniff, never framed, no content policy to relax (HSTS only in production)', async () => {
    const res = await new ApiClient(t.url).get('/api/v1/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const unknown = await new ApiClient(t.url).get('/api/v1/nothing-here');
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(unknown.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    expect(unknown.headers.get('strict-transport-security')).toBeNull();
  });

  it('documents: CSP, nosniff, frame and referrer policies', async () => {
    const res = await new ApiClient(t.url).get('/some/page');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('in production: HSTS on API answers and documents, and insecure requests upgraded', async () => {
    const app = await buildApp({ config: testConfig({ nodeEnv: 'production', publicUrl: 'https://portal.example.test' }), database: t.database, clock: t.clock });
    try {
      for (const url of ['/api/v1/health', '/some/page']) {
        const res = await app.inject({ url });
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      }
      expect((await app.inject({ url: '/some/page' })).headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    } finally {
      await app.close();
    }
  });
});

describe('errors are RFC 9457 problem+json', () => {
  it('unknown route → 404 problem', async () => {
    const res = await owner.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: 'Not found', status: 404, code: 'not_found' });
  });

  it('query parameters of the wrong type or unknown → 400 with the field', async () => {
    const badLimit = await owner.get(`/api/v1/customers/${acme}/users?limit=abc`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'querystring.limit' }] });
    const tooBig = await owner.get(`/api/v1/customers/${acme}/users?limit=100000`);
    expect(tooBig.body).toMatchObject({ status: 400, errors: [{ field: 'querystring.limit' }] });
    const badSort = await owner.get(`/api/v1/customers/${acme}/users?sort=password:asc`);
    expect(badSort.body).toMatchObject({ status: 400, errors: [{ field: 'querystring.sort' }] });
    const unknown = await owner.get(`/api/v1/customers/${acme}/users?admin=1`);
    expect(unknown.body).toMatchObject({ status: 400, errors: [{ field: 'querystring.admin', message: 'is not a known field' }] });
    const badCursor = await owner.get(`/api/v1/customers/${acme}/users?cursor=not-a-cursor`);
    expect(badCursor.body).toMatchObject({ status: 400, errors: [{ field: 'querystring.cursor' }] });
  });

  it('a query parameter is refused on a route that takes none, as on one that takes some', async () => {
    for (const path of [`/api/v1/customers/${acme}/insights/coverage`, '/api/v1/me']) {
      const res = await owner.get(`${path}?x=1`);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toMatchObject({ errors: [{ field: 'querystring.x', message: 'is not a known field' }] });
    }
    expect((await owner.get('/api/v1/me')).status).toBe(200);
  });

  it('a malformed or capitalised customer id is 400 naming it, never a 500; a well-formed unknown one 404', async () => {
    for (const id of ['not-a-uuid', acme.toUpperCase()]) {
      const res = await owner.get(`/api/v1/customers/${id}/users`);
      expect(res.status, id).toBe(400);
      expect(res.body).toMatchObject({ errors: [{ field: 'params.customerId' }] });
    }
    expect((await owner.get('/api/v1/customers/00000000-0000-4000-8000-000000000000/users')).status).toBe(404);
    // Signed out, it is still 401 first.
    expect((await new ApiClient(t.url).get('/api/v1/customers/not-a-uuid/users')).status).toBe(401);
  });

  it('an unsupported body type → 415 problem', async () => {
    for (const [type, body] of [['application/xml', '<login/>'], ['text/plain', '{"email":"owner@acme.test","password":"x"}']]) {
      const res = await new ApiClient(t.url).post('/api/v1/auth/login', body, { 'content-type': type! });
      expect(res.status, type).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('tenant isolation', () => {
  it('another customer’s users answer 404, not 403, and reveal nothing', async () => {
    const lumiere = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Lumière SRL').executeTakeFirstOrThrow()).id;
    const res = await owner.get(`/api/v1/customers/${lumiere}/users`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('lumiere.test');
    const unknown = await owner.get('/api/v1/customers/00000000-0000-4000-8000-000000000000/users');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found' });
  });
});

describe('the route-declaration guard', () => {
  it('refuses to start when an API route declares neither config.authz nor config.public', async () => {
    await expect(
      buildApp({
        config: testConfig(),
        database: t.database,
        register: (app) => {
          app.get('/api/v1/unguarded', async () => ({ secret: true }));
        },
      }),
    ).rejects.toThrow(/declares neither config\.authz nor config\.public/);
  });

  it('starts with a declared route and enforces its rule', async () => {
    const app = await buildApp({
      config: testConfig({ jwtSecret: t.app.config.jwtSecret }),
      database: t.database,
      clock: t.clock,
      register: (scope) => {
        scope.get('/api/v1/operator-only', { config: { authz: { action: 'read', subject: 'OperatorQueue' } } }, async () => ({ ok: true }));
      },
    });
    try {
      const operator = await signedIn(t.url, 'operator@mandate.test');
      const as = (client: ApiClient) => app.inject({ method: 'GET', url: '/api/v1/operator-only', headers: { authorization: `Bearer ${client.token}` } });
      expect((await as(owner)).statusCode).toBe(403);
      expect((await as(operator)).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/operator-only' })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe('logs', () => {
  /** The app at `level`, with a route that fails, writing its log lines into `lines`. */
  async function appLoggingAt(level: string, lines: Array<Record<string, unknown>>) {
    return buildApp({
      config: testConfig({ logLevel: level }),
      database: t.database,
      clock: t.clock,
      logDestination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
      register: (scope) => {
        scope.get('/api/v1/fails', { config: { public: true } }, async () => { throw new Error('a bug'); });
      },
    });
  }

  it('at info: each request is logged coming in and completed (status, time), an unhandled error with its stack, no credentials', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const app = await appLoggingAt('info', lines);
    try {
      const health = await app.inject({ url: '/api/v1/health', headers: { authorization: 'Bearer secret-token' } });
      expect(health.statusCode).toBe(200);
      const failed = await app.inject({ url: '/api/v1/fails' });
      expect(failed.statusCode).toBe(500);
      expect(failed.headers['content-type']).toContain('application/problem+json');

      const of = (reqId: string) => lines.filter((l) => l.reqId === reqId);
      expect(of('req-1').map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
      expect(of('req-1')[0]!.req).toMatchObject({ method: 'GET', url: '/api/v1/health' });
      expect(of('req-1')[1]).toMatchObject({ res: { statusCode: 200 }, responseTime: expect.any(Number) });
      expect(of('req-2').map((l) => [l.msg, l.level])).toEqual([['incoming request', 30], ['unhandled error', 50], ['request completed', 30]]);
      expect(of('req-2')[1]!.err).toMatchObject({ message: 'a bug', stack: expect.stringContaining('Error: a bug') });
      expect(of('req-2')[2]!.res).toEqual({ statusCode: 500 });
      expect(JSON.stringify(lines)).not.toContain('secret-token');
    } finally {
      await app.close();
    }
  });

  it('at warn: a good request writes nothing, an unhandled error still is logged', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const app = await appLoggingAt('warn', lines);
    try {
      expect((await app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
      expect(lines).toEqual([]);
      expect((await app.inject({ url: '/api/v1/fails' })).statusCode).toBe(500);
      expect(lines.map((l) => [l.msg, l.reqId])).toEqual([['unhandled error', 'req-2']]);
    } finally {
      await app.close();
    }
  });
});
