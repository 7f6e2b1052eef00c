import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@mandate/server/seed/seed';
import { createTestDatabase } from '../support/test-app.ts';
import { databaseUrl } from '../support/database-urls.ts';
import { startServerProcess, type ServerProcess } from './platform-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The real server process on this run's PostgreSQL (a clone of the seeded template) or, without
 * TEST_DATABASE_URL, on an embedded database of its own.
 */
let dataDir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let env: Record<string, string>;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mandate-shutdown-'));
  env = { MANDATE_DATA_DIR: dataDir };
  if (process.env.TEST_DATABASE_URL) {
    database = await createTestDatabase();
    env.DATABASE_URL = databaseUrl(process.env.TEST_DATABASE_URL, database.name);
  }
}, 120_000);
afterAll(async () => {
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A sign-in whose body arrives in two parts: in flight from the first byte to the answer. */
function slowLogin(baseUrl: string) {
  const body = JSON.stringify({ email: 'owner@acme.test', password: DEMO_PASSWORD });
  const request = http.request(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode!, body: text }));
      res.once('error', reject);
    });
  });
  request.write(body.slice(0, 10));
  return { answer, finish: () => request.end(body.slice(10)), request };
}

async function stopped(server: ServerProcess) {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

describe('graceful shutdown', () => {
  it('SIGTERM: no new connections, the request in flight is answered, then the process exits 0', async () => {
    const server = startServerProcess({ ...env, SHUTDOWN_GRACE_MS: '20000' });
    try {
      const url = await server.listening(120_000);
      const login = slowLogin(url);
      await sleep(300);
      server.child.kill('SIGTERM');
      await server.waitFor((l) => typeof l.msg === 'string' && l.msg.startsWith('SIGTERM'));
      await sleep(300);
      // The listening socket is closed: a new client is refused at once, not queued.
      await expect(fetch(`${url}/api/v1/health/live`)).rejects.toThrow();
      login.finish();
      const answer = await login.answer;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ accessToken: expect.any(String) });
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      await stopped(server);
    }
  }, 180_000);

  it('a request that does not finish within SHUTDOWN_GRACE_MS does not keep the process up', async () => {
    const server = startServerProcess({ ...env, SHUTDOWN_GRACE_MS: '500' });
    try {
      const url = await server.listening(120_000);
      const login = slowLogin(url);
      login.answer.catch(() => undefined);
      await sleep(300);
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(server.lines.some((l) => String(l.msg).startsWith('requests still in flight after 500 ms'))).toBe(true);
      login.request.destroy();
    } finally {
      await stopped(server);
    }
  }, 180_000);
});
