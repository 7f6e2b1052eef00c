import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { DB } from './database.types.ts';

export type Engine = 'postgres' | 'pglite';

export interface DbConfig {
  /** A PostgreSQL URL; when absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** Told when an idle pooled connection fails (the pool has already discarded it). */
  onIdleError?: (error: Error) => void;
}

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
}

// DATE columns come back as 'YYYY-MM-DD' strings (no time-zone shift); BIGINT as numbers when safe.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** One entry point for both engines (DESIGN.md §12): a pg Pool for DATABASE_URL, PGlite otherwise. */
export async function createDb(config: DbConfig): Promise<Database> {
  let dialect: Dialect;
  let engine: Engine;
  if (config.databaseUrl) {
    engine = 'postgres';
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize ?? 10 });
    // An idle connection the server ends (restart, failover, a dropped test database) must not crash
    // the process: the pool discards it and the next query opens a new one.
    pool.on('error', (error) => config.onIdleError?.(error));
    dialect = new PostgresDialect({ pool });
  } else {
    engine = 'pglite';
    const pglite = await PGlite.create(config.dataDir ?? 'memory://', {
      parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
    });
    dialect = new PGliteDialect(pglite);
  }
  const db = new Kysely<DB>({ dialect });
  return { db, engine, close: () => db.destroy() };
}

/** Written last into a new embedded data folder: a folder without it was never completely made. */
export const READY_MARKER = 'mandate-ready';

const exists = (file: string) => stat(file).then(() => true, () => false);

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes a rename or a new file durable: the directory entry itself is flushed. */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface EmbeddedDataDirOptions {
  /** The PGlite data folder the server opens. */
  dataDir: string;
  /** Fills a new database (migrations, demo data) before it is moved into place. */
  initialise: (db: Kysely<DB>) => Promise<void>;
  /** Told what happened, in a sentence a person can act on. */
  log: (level: 'info' | 'warn', message: string) => void;
}

/**
 * Makes sure `dataDir` holds a complete embedded database. A new one is created, migrated and
 * filled in a sibling folder (`<dataDir>.creating-<pid>`), closed, marked ready and only then
 * renamed into place, so an interrupted first start (kill -9, power loss) never leaves a folder
 * the server cannot open: the next start finds no folder, or a complete one. A folder at
 * `dataDir` without the marker (made by an interrupted start of an older version) is moved aside
 * to `<dataDir>.incomplete-<time>` and rebuilt.
 */
export async function prepareEmbeddedDataDir({ dataDir, initialise, log }: EmbeddedDataDirOptions): Promise<'existing' | 'created'> {
  if (await exists(path.join(dataDir, READY_MARKER))) return 'existing';
  const parent = path.dirname(dataDir);
  const base = path.basename(dataDir);
  await mkdir(parent, { recursive: true });

  // What an interrupted creation left: never the live folder, so it goes without a word.
  const leftover = `${base}.creating-`;
  for (const entry of await readdir(parent)) {
    const pid = entry.startsWith(leftover) ? Number(entry.slice(leftover.length)) : NaN;
    if (Number.isInteger(pid) && !processAlive(pid)) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
  if (await exists(dataDir)) {
    const aside = `${dataDir}.incomplete-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(dataDir, aside);
    log('warn', `the embedded database in ${dataDir} was never completely created (its first start was interrupted): moved it to ${aside} and creating a new one`);
  }

  const building = `${dataDir}.creating-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  log('info', `creating the embedded database in ${dataDir}`);
  const database = await createDb({ dataDir: building });
  try {
    await initialise(database.db);
  } finally {
    await database.close();
  }
  await writeFile(path.join(building, READY_MARKER), `${new Date().toISOString()}\n`, { flush: true });
  await fsyncDir(building);
  await rename(building, dataDir);
  await fsyncDir(parent);
  log('info', `embedded database ready in ${dataDir}`);
  return 'created';
}
