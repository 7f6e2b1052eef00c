import path from 'node:path';
import { createDb } from '@mandate/db/create-db';
import { loadConfig } from '../config.ts';

/** The database the portal would use with this environment (DATABASE_URL, else PGlite under MANDATE_DATA_DIR). */
export async function databaseFromEnv() {
  const { config } = await loadConfig();
  return createDb({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
}
