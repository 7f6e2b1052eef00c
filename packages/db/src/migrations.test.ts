import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

describe('the static list of migrations', () => {
  it('holds every file of migrations/, in name order, each with an up function', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.ts')).sort();
    expect(files.every((f) => /^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9-]+\.ts$/.test(f)), 'migration file names: YYYY-MM-DD-NNNN-name.ts').toBe(true);
    // A file missing here would never run in the compiled server: add it to packages/db/src/migrations.ts.
    expect(Object.keys(MIGRATIONS)).toEqual(files.map((f) => f.replace(/\.ts$/, '')));
    for (const migration of Object.values(MIGRATIONS)) expect(typeof migration.up).toBe('function');
  });
});
