import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
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
  /** PGlite: start from this dump of a data directory (`dumpDataDir()`), e.g. a seeded test template. */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
  /** Told when an idle pooled connection fails (the pool has already discarded it). */
  onIdleError?: (error: Error) => void;
}

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a blob (createDb's `loadDataDir` starts from it). */
  dumpDataDir?: () => Promise<Blob>;
  /** Runs `fn` on one connection held for its whole duration (COPY needs it; Kysely cannot COPY). */
  rawSession<T>(fn: (session: RawSession) => Promise<T>): Promise<T>;
}

/**
 * One database connection, held: `db` runs Kysely queries on it (BEGIN/COMMIT included, as
 * plain statements) and `copyFrom` loads CSV into a table with COPY on the same connection.
 */
export interface RawSession {
  db: Kysely<DB>;
  engine: Engine;
  /**
   * `COPY <target> FROM STDIN WITH (<options>)` fed with `data`. On PGlite the data is gathered in
   * memory (COPY FROM '/dev/blob'); on PostgreSQL it is streamed. Rejects with the server's error
   * (its `where` names the line and column of a bad value). Resolves to the number of rows copied.
   */
  copyFrom(target: string, options: string, data: AsyncIterable<Uint8Array | string>): Promise<number>;
  /**
   * `COPY (<query>) TO STDOUT WITH (<options>)` written into `destination` (left open), as fast as
   * it reads. `query` and `parameters` are a compiled Kysely query; COPY takes no bind parameters,
   * so they are written into the statement (see `inlineParameters`). On PostgreSQL the output is
   * streamed; on PGlite it is gathered in memory first (COPY TO '/dev/blob'), which its small
   * embedded databases allow.
   */
  copyTo(query: string, parameters: readonly unknown[], options: string, destination: Writable): Promise<void>;
}

/** A scalar as the text PostgreSQL reads it from; null for a value that has no such text. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return null;
}

/**
 * A value as an SQL literal: quoted and untyped, so PostgreSQL infers its type as it does for a
 * bind parameter. An array (of scalars, as `= ANY($1::text[])` takes it) is written as an array
 * literal, each element double-quoted with its quotes and backslashes escaped.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  let text = scalarText(value);
  if (text === null && Array.isArray(value)) {
    text = `{${value.map((element: unknown) => {
      if (element === null || element === undefined) return 'NULL';
      const elementText = scalarText(element);
      if (elementText === null) throw new Error(`inlineParameters: no array element literal for a value of type ${typeof element}`);
      return `"${elementText.replace(/["\\]/g, '\\$&')}"`;
    }).join(',')}}`;
  }
  if (text === null) throw new Error(`inlineParameters: no literal for a parameter of type ${typeof value}`);
  if (text.includes('\0')) throw new Error('inlineParameters: a NUL character cannot be in a literal');
  // standard_conforming_strings is on (the default since PostgreSQL 9.1): only quotes need doubling.
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * `$1`, `$2`… of a compiled query replaced by their values as literals. The statements compiled by
 * Kysely hold `$n` only as parameters; SQL of our own written around them must not hold `$` and a
 * digit inside a string literal.
 */
export function inlineParameters(query: string, parameters: readonly unknown[]): string {
  return query.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= parameters.length) throw new Error(`inlineParameters: no parameter $${n}`);
    return literal(parameters[index]);
  });
}

async function writeAll(destination: Writable, chunk: Uint8Array) {
  if (!destination.write(chunk)) await Promise.race([once(destination, 'drain'), once(destination, 'close')]);
}

const rawSessions = new WeakMap<Kysely<DB>, Database['rawSession']>();

/** The raw-session runner of a Kysely made by `createDb` (services get only the Kysely instance). */
export function rawSessionOf(db: Kysely<DB>): Database['rawSession'] {
  const run = rawSessions.get(db);
  if (!run) throw new Error('this Kysely instance was not made by createDb: no raw session');
  return run;
}

// DATE columns come back as 'YYYY-MM-DD' strings (no time-zone shift); BIGINT as numbers when safe.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** One entry point for both engines (DESIGN.md §12): a pg Pool for DATABASE_URL, PGlite otherwise. */
export async function createDb(config: DbConfig): Promise<Database> {
  let dialect: Dialect;
  let engine: Engine;
  let rawSession: Database['rawSession'];
  let dumpDataDir: Database['dumpDataDir'];
  if (config.databaseUrl) {
    engine = 'postgres';
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize ?? 10 });
    // An idle connection the server ends (restart, failover, a dropped test database) must not crash
    // the process: the pool discards it and the next query opens a new one.
    pool.on('error', (error) => config.onIdleError?.(error));
    dialect = new PostgresDialect({ pool });
    rawSession = async (fn) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A Kysely bound to this one client: its "pool" always hands out the same connection.
      const heldClient = { query: client.query.bind(client), release: () => {} } as unknown as pg.PoolClient;
      const held = new Kysely<DB>({ dialect: new PostgresDialect({ pool: { connect: async () => heldClient, end: async () => {} } }) });
      try {
        return await fn({
          db: held,
          engine: 'postgres',
          copyFrom: async (target, options, data) => {
            const copy = client.query(copyFromStdin(`COPY ${target} FROM STDIN WITH (${options})`));
            await pipeline(Readable.from(data), copy);
            return copy.rowCount;
          },
          copyTo: async (query, parameters, options, destination) => {
            const copy = client.query(copyToStdout(`COPY (${inlineParameters(query, parameters)}) TO STDOUT WITH (${options})`));
            await pipeline(copy, destination, { end: false });
          },
        });
      } catch (error) {
        // A COPY interrupted mid-stream may leave the protocol out of step: never reuse that connection.
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(broken);
      }
    };
  } else {
    engine = 'pglite';
    const pglite = await PGlite.create(config.dataDir ?? 'memory://', {
      ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
      parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
    });
    dialect = new PGliteDialect(pglite);
    dumpDataDir = async () => (await pglite.dumpDataDir('none')) as Blob;
    // PGlite has one connection; holding Kysely's (serialised) connection keeps every other query out.
    rawSession = (fn) => db.connection().execute((held) => fn({
      db: held,
      engine: 'pglite',
      copyFrom: async (target, options, data) => {
        const chunks: Array<Uint8Array | string> = [];
        for await (const chunk of data) chunks.push(chunk);
        const result = await pglite.query(`COPY ${target} FROM '/dev/blob' WITH (${options})`, [], { blob: new Blob(chunks as BlobPart[]) });
        return result.affectedRows ?? 0;
      },
      copyTo: async (query, parameters, options, destination) => {
        const result = await pglite.query(`COPY (${inlineParameters(query, parameters)}) TO '/dev/blob' WITH (${options})`);
        if (result.blob) await writeAll(destination, new Uint8Array(await result.blob.arrayBuffer()));
      },
    }));
  }
  const db = new Kysely<DB>({ dialect });
  rawSessions.set(db, rawSession);
  return { db, engine, close: () => db.destroy(), rawSession, ...(dumpDataDir ? { dumpDataDir } : {}) };
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
