import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@mandate/server/app';
import { testConfig } from '@mandate/server/config';
import { ApiClient, createTestDatabase, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('liveness and readiness', () => {
  it('GET /api/v1/health/live: the process answers, without signing in', async () => {
    const res = await new ApiClient(t.url).get('/api/v1/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/health/ready: the database answers, without signing in', async () => {
    const res = await new ApiClient(t.url).get('/api/v1/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('when the database does not answer: ready is 503 problem+json, live still 200', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: testConfig(), database });
    try {
      // The app's connections are gone: every query now fails.
      await database.db.destroy();
      const ready = await app.inject({ url: '/api/v1/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ready.json()).toMatchObject({ status: 503, code: 'not_ready' });
      expect((await app.inject({ url: '/api/v1/health/live' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close().catch(() => undefined);
    }
  });
});
