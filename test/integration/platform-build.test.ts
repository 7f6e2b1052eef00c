import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '@mandate/db/migrations';
import { createTestDatabase } from '../support/test-app.ts';
import { databaseUrl } from '../support/database-urls.ts';
import { BUILT_SERVER, startServerProcess } from './platform-process.ts';

/**
 * The compiled server (`pnpm build`, run by `pnpm start` and by `pnpm test` before the tests)
 * starts without tsx, runs every migration from its bundle and answers. Where it has not been
 * built, the test is skipped with a warning, except under CI=true, where it fails.
 */
const built = existsSync(BUILT_SERVER);
if (!built) {
  if (process.env.CI === 'true') throw new Error(`${BUILT_SERVER} is missing: run pnpm build before the tests`);
  console.warn(`platform-build: ${BUILT_SERVER} is missing (pnpm build): skipped`);
}

let dataDir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let env: Record<string, string>;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mandate-built-'));
  env = { MANDATE_DATA_DIR: dataDir, NODE_ENV: 'production', MANDATE_JWT_SECRET: 'x'.repeat(48), PUBLIC_URL: 'https://portal.example.test', ZOOMIT_WEBHOOK_SECRET: 'z'.repeat(48) };
  if (process.env.TEST_DATABASE_URL) {
    database = await createTestDatabase();
    env.DATABASE_URL = databaseUrl(process.env.TEST_DATABASE_URL, database.name);
  }
}, 120_000);
afterAll(async () => {
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!built)('the built server', () => {
  it('starts with plain node, is at the latest migration, answers health and readiness, and stops on SIGTERM', async () => {
    const server = startServerProcess(env, { built: true });
    try {
      const url = await server.listening(180_000);
      const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { migration: string };
      expect(health.migration).toBe(Object.keys(MIGRATIONS).at(-1));
      expect((await fetch(`${url}/api/v1/health/ready`)).status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await server.exited;
    }
  }, 240_000);
});
