import { parseArgs } from 'node:util';
import { migrateToLatest } from '@mandate/db/migrate';
import { DEMO_LOGINS, DEMO_PASSWORD, seed } from '../seed/seed.ts';
import { databaseFromEnv } from './db-from-env.ts';

const { values } = parseArgs({ options: { scale: { type: 'string' } }, allowPositionals: false });
const scaleSims = values.scale === undefined ? undefined : Number(values.scale);
if (scaleSims !== undefined && (!Number.isInteger(scaleSims) || scaleSims < 1 || scaleSims > 1_000_000)) {
  console.error('--scale takes the number of SIMs of the scale customer (1 to 1000000), e.g. --scale 50000');
  process.exit(2);
}
const database = await databaseFromEnv();
try {
  await migrateToLatest(database.db);
  const result = await seed(database.db, { scaleSims });
  console.warn(`[${database.engine}] demo data ${result.demo}; scale customer ${result.scale}`);
  console.warn(`demo sign-ins (password ${DEMO_PASSWORD}): ${DEMO_LOGINS.map(([email]) => email).join(', ')}`);
} finally {
  await database.close();
}
