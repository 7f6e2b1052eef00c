import { parseArgs } from 'node:util';
import { migrateToLatest } from '@mandate/db/migrate';
import { DEMO_LOGINS, DEMO_PASSWORD, seed } from '../seed/seed.ts';
import { LARGE_SCALE_SIMS, seedBillingLarge } from '../seed/billing-large.ts';
import { databaseFromEnv } from './db-from-env.ts';

const { values } = parseArgs({ options: { scale: { type: 'string' } }, allowPositionals: false });
// `--scale large`: the scale customer at 50,000 SIMs plus the large billing data (server/src/seed/billing-large.ts).
const large = values.scale === 'large';
const scaleSims = large ? LARGE_SCALE_SIMS : values.scale === undefined ? undefined : Number(values.scale);
if (scaleSims !== undefined && (!Number.isInteger(scaleSims) || scaleSims < 1 || scaleSims > 1_000_000)) {
  console.error('--scale takes the number of SIMs of the scale customer (1 to 1000000), e.g. --scale 50000, or "large" (50,000 SIMs and their billing data)');
  process.exit(2);
}
const database = await databaseFromEnv();
try {
  if (large && database.engine !== 'postgres') {
    console.error('--scale large needs PostgreSQL (tens of millions of rows): set DATABASE_URL; PGlite is refused');
    process.exitCode = 2;
  } else {
    await migrateToLatest(database.db);
    const result = await seed(database.db, { scaleSims });
    console.warn(`[${database.engine}] demo data ${result.demo}; scale customer ${result.scale}`);
    if (large) {
      const runs = await seedBillingLarge(database.db, { log: (message) => console.warn(`[large] ${message}`) });
      const loaded = runs.filter((r) => r.status === 'loaded');
      const rows = loaded.reduce((t, r) => t + r.rows, 0);
      const seconds = loaded.reduce((t, r) => t + r.seconds, 0);
      console.warn(`[large] ${loaded.length} run(s) loaded, ${runs.length - loaded.length} already there; ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(0)} s`
        + `${seconds > 0 ? ` (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)` : ''}`);
    }
    console.warn(`demo sign-ins (password ${DEMO_PASSWORD}): ${DEMO_LOGINS.map(([email]) => email).join(', ')}`);
  }
} finally {
  await database.close();
}
