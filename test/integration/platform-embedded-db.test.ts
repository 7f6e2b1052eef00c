import os from 'node:os';
import path from 'node:path';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READY_MARKER, createDb, prepareEmbeddedDataDir } from '@mandate/db/create-db';
import { currentMigration, migrateToLatest } from '@mandate/db/migrate';
import { MIGRATIONS } from '@mandate/db/migrations';
import { DEMO_PASSWORD } from '@mandate/server/seed/seed';
import { startServerProcess } from './platform-process.ts';

const LATEST = Object.keys(MIGRATIONS).at(-1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mandate-embedded-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('the embedded database is created whole or not at all', () => {
  it('a folder left without the ready marker (garbage here) is moved aside, rebuilt, and then kept', async () => {
    const dataDir = path.join(root, 'garbage', 'pglite');
    await mkdir(path.join(dataDir, 'base'), { recursive: true });
    await writeFile(path.join(dataDir, 'PG_VERSION'), 'see you\n');
    const messages: string[] = [];
    const log = (level: string, message: string) => void messages.push(`${level}: ${message}`);

    expect(await prepareEmbeddedDataDir({ dataDir, initialise: async (db) => void (await migrateToLatest(db)), log })).toBe('created');
    expect(messages[0]).toMatch(/^warn: the embedded database in .* was never completely created .* moved it to .*\.incomplete-/);
    expect(existsSync(path.join(dataDir, READY_MARKER))).toBe(true);
    const siblings = await readdir(path.dirname(dataDir));
    expect(siblings.filter((f) => f.includes('.incomplete-'))).toHaveLength(1);
    expect(siblings.filter((f) => f.includes('.creating-'))).toEqual([]);

    const database = await createDb({ dataDir });
    try {
      expect(await currentMigration(database.db)).toBe(LATEST);
    } finally {
      await database.close();
    }
    messages.length = 0;
    expect(await prepareEmbeddedDataDir({ dataDir, initialise: () => Promise.reject(new Error('not again')), log })).toBe('existing');
    expect(messages).toEqual([]);
  }, 120_000);

  it('kill -9 of the server while it creates the database, then a restart: the server starts on complete demo data', async () => {
    const dataDir = path.join(root, 'killed');
    const first = startServerProcess({ MANDATE_DATA_DIR: dataDir });
    try {
      await first.waitFor((l) => String(l.msg).startsWith('creating the embedded database'), 120_000);
      await sleep(200); // in the middle of starting PGlite, migrating or seeding (together several seconds)
      expect(first.lines.some((l) => String(l.msg).startsWith('embedded database ready')), 'the creation was not interrupted: too fast to test').toBe(false);
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);

    const second = startServerProcess({ MANDATE_DATA_DIR: dataDir });
    try {
      const url = await second.listening(180_000);
      const ready = await fetch(`${url}/api/v1/health/ready`);
      expect(ready.status, await ready.text()).toBe(200);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@acme.test', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      expect(await readdir(dataDir)).not.toContainEqual(expect.stringContaining('.creating-'));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 300_000);
});
