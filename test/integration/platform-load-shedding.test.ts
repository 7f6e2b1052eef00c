import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@mandate/server/app';
import { testConfig } from '@mandate/server/config';
import { createTestDatabase } from '../support/test-app.ts';
import type { Database } from '@mandate/db/create-db';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the event loop busy, as a saturated server's would be. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) { /* busy */ }
}

let database: Database;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase();
  // The measure is the mean delay over a 1 s sample, less its 10 ms resolution: a loop blocked for
  // 5 s puts it above 5000 / 101 - 10 ≈ 40 ms whatever the moment, a busy machine's idle loop stays
  // well under 20 ms.
  app = await buildApp({ config: testConfig({ maxEventLoopDelayMs: 20, requestTimeoutMs: 12_345 }), database });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('load shedding and request timeout', () => {
  it('past the event-loop delay bound: 503 problem+json with Retry-After, liveness still answered; then back to normal', async () => {
    // The start of the app is not held against its first requests (two samples after ready).
    blockEventLoop(5000);
    await sleep(20);
    expect((await app.inject({ url: '/api/v1/health' })).statusCode, 'not shed in the first seconds after start').toBe(200);
    await sleep(2500);

    blockEventLoop(5000);
    await sleep(20); // the sampler, overdue, measures the delay first

    const shed = await app.inject({ url: '/api/v1/health' });
    expect(shed.statusCode, 'shed after a blocked loop').toBe(503);
    expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(shed.headers['retry-after']).toMatch(/^\d+$/);
    expect(shed.json()).toMatchObject({ status: 503, code: 'overloaded' });
    expect((await app.inject({ url: '/api/v1/health/live' })).statusCode).toBe(200);

    // The next samples see an idle loop again.
    let status = 503;
    for (let i = 0; i < 30 && status === 503; i++) {
      await sleep(200);
      status = (await app.inject({ url: '/api/v1/health' })).statusCode;
    }
    expect(status, 'answered again once the loop is idle').toBe(200);
  });

  it('REQUEST_TIMEOUT_MS bounds the time to receive a request', () => {
    expect(app.server.requestTimeout).toBe(12_345);
  });
});
