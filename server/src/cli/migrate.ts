import { migrateToLatest } from '@mandate/db/migrate';
import { databaseFromEnv } from './db-from-env.ts';

const database = await databaseFromEnv();
try {
  const version = await migrateToLatest(database.db);
  console.warn(`[${database.engine}] migrated to ${version}`);
} finally {
  await database.close();
}
