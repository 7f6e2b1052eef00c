import pg from 'pg';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import { adminUrl, databaseUrl } from '../support/database-urls.ts';

export const DEFAULT_MAINTENANCE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase extends Database {
  name: string;
  url: string;
  serverVersion: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

async function admin<T>(maintenanceUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(maintenanceUrl) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the benchmark's own on the native PostgreSQL server (never PGlite), recreated on
 * each run and migrated to the latest schema.
 */
export async function createBenchDatabase(maintenanceUrl: string, name: string): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name "${name}"`);
  const serverVersion = await admin(maintenanceUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  });
  const url = databaseUrl(maintenanceUrl, name);
  const database = await createDb({ databaseUrl: url, poolSize: 4 });
  await migrateToLatest(database.db);
  let dropped = false;
  return {
    ...database,
    name,
    url,
    serverVersion,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await database.close().catch(() => undefined);
      await admin(maintenanceUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
