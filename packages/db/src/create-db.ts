import { Kysely, PostgresDialect, type Dialect } from 'kysely';
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
