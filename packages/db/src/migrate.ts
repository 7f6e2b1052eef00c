import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/** Reads `migrations/*.ts` (date-prefixed, frozen once landed) in name order. */
class DirectoryProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}-\d{2}-\d{2}.*\.ts$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      out[file.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
    }
    return out;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const migratorFor = (db: Kysely<any>) => new Migrator({ db, provider: new DirectoryProvider() });

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
