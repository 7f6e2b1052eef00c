import type { TestProject } from 'vitest/node';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import { seed } from '@mandate/server/seed/seed';
import { SEED_NOW, TEMPLATE_PREFIX, adminUrl, databaseUrl, ownerPid, processAlive } from './database-urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | null;
    /** Without TEST_DATABASE_URL: a file holding the dump of a migrated and seeded PGlite. */
    pgliteTemplate: string | null;
    runPid: number;
  }
}

/**
 * With TEST_DATABASE_URL: one migrated and seeded template database per run; each test file
 * clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds. Without it, one in-memory
 * PGlite is migrated and seeded once and its data directory dumped to a file; each test file
 * starts its own PGlite from that dump (seeding, billing data included, is far slower than loading).
 */
export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    project.provide('templateDatabase', null);
    const database = await createDb({});
    await migrateToLatest(database.db);
    await seed(database.db, { now: SEED_NOW });
    const dump = await database.dumpDataDir!();
    await database.close();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mandate-pglite-'));
    const file = path.join(dir, 'template.tar');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', file);
    return async () => {
      await rm(dir, { recursive: true, force: true });
    };
  }
  project.provide('pgliteTemplate', null);
  const template = `${TEMPLATE_PREFIX}${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  // Leftovers of runs that were killed (never those of a run still going on beside this one).
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'mandate\\_%'`);
  for (const { datname } of rows) {
    const pid = ownerPid(datname);
    if (pid !== null && pid !== process.pid && processAlive(pid)) continue;
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
  await admin.query(`CREATE DATABASE "${template}"`);
  const database = await createDb({ databaseUrl: databaseUrl(base, template), poolSize: 2 });
  await migrateToLatest(database.db);
  await seed(database.db, { now: SEED_NOW });
  await database.close();
  project.provide('templateDatabase', template);
  project.provide('runPid', process.pid);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.end();
  };
}
