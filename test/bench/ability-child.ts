import { createDb } from '@mandate/db/create-db';
import { measureAbilityBuild, type HeavyUser } from './bench-access.ts';

/**
 * Child-process side of the ability-build measurement: the cache miss is timed in a process that
 * starts like the server (a heap of its own, not the one that just seeded the database), then the result goes to the parent as one JSON line on stdout.
 */
const input = JSON.parse(process.env.BENCH_ABILITY_INPUT ?? 'null') as
  | { databaseUrl: string; user: HeavyUser; iterations: number; warmup: number; label: string }
  | null;
if (!input) throw new Error('BENCH_ABILITY_INPUT is required');

const database = await createDb({ databaseUrl: input.databaseUrl, poolSize: 1 });
try {
  const result = await measureAbilityBuild(database.db, input.user, input);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await database.close();
}
