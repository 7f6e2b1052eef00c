import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createDb } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import { generateTypes } from '@mandate/db/gen-types';

// Always from a fresh in-memory PGlite, so the output depends on the migrations only.
const database = await createDb({});
await migrateToLatest(database.db);
const target = fileURLToPath(new URL('../../../packages/db/src/database.types.ts', import.meta.url));
await writeFile(target, await generateTypes(database.db));
await database.close();
console.warn(`wrote ${target}`);
