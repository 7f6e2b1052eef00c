import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from './migrations.ts';

/** The migrations of `migrations/` (date-prefixed, frozen once landed), from their static list. */
const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({ ...MIGRATIONS }),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const migratorFor = (db: Kysely<any>) => new Migrator({ db, provider });

function throwIfFailed(result: MigrationResultSet): void {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string | null> {
  throwIfFailed(await migratorFor(db).migrateToLatest());
  return currentMigration(db);
}

/** Up to and including the migration `name` (tests of a migration's effect on existing rows). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  throwIfFailed(await migratorFor(db).migrateTo(name));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function currentMigration(db: Kysely<any>): Promise<string | null> {
  const all = await migratorFor(db).getMigrations();
  const done = all.filter((m) => m.executedAt);
  return done.at(-1)?.name ?? null;
}
