/**
 * The schema as the code sees it:
 *  - "types drift": the committed Kysely types (packages/db/src/database.types.ts) are exactly what
 *    `pnpm db:types` generates from the migrations (a fresh in-memory PGlite, as the CLI does);
 *    on the PostgreSQL server too when TEST_DATABASE_URL is set (DESIGN.md §12: two engines, one schema).
 *  - the security audit trail is append-only (RET-3): INSERT works, UPDATE, DELETE and TRUNCATE are
 *    refused by the database itself, whatever the application does.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import { generateTypes } from '@mandate/db/gen-types';
import { createTestDatabase } from '../support/test-app.ts';

const TYPES_FILE = new URL('../../packages/db/src/database.types.ts', import.meta.url);
const onServer = Boolean(process.env.TEST_DATABASE_URL);

let fresh: Database;

beforeAll(async () => {
  fresh = await createDb({});
  await migrateToLatest(fresh.db);
});

afterAll(async () => {
  await fresh?.close();
});

describe('generated types match the migrations (types drift)', () => {
  it('database.types.ts equals generateTypes() on a freshly migrated PGlite — run `pnpm db:types` if not', async () => {
    const committed = await readFile(TYPES_FILE, 'utf8');
    expect(await generateTypes(fresh.db)).toBe(committed);
  });

  it.skipIf(!onServer)('…and on the PostgreSQL server (the migrated, seeded template clone)', async () => {
    const database = await createTestDatabase();
    try {
      expect(database.engine).toBe('postgres');
      expect(await generateTypes(database.db)).toBe(await readFile(TYPES_FILE, 'utf8'));
    } finally {
      await database.close();
    }
  });

  it('every table of the schema is in the DB interface', async () => {
    const { rows } = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(fresh.db);
    const generated = await generateTypes(fresh.db);
    const dbInterface = generated.slice(generated.indexOf('export interface DB {'));
    for (const { table_name: table } of rows) expect(dbInterface).toContain(`  ${table}: `);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['audit_log', 'customers', 'delegations', 'memberships', 'sessions', 'sims']));
  });
});

/** The audit trail checks, on one engine. */
function appendOnly(engine: string, open: () => Promise<{ db: Kysely<DB>; close(): Promise<void> }>) {
  describe(`audit_log is append-only on ${engine} (RET-3)`, () => {
    let db: Kysely<DB>;
    let close: () => Promise<void>;
    let id: number;

    beforeAll(async () => {
      ({ db, close } = await open());
      const row = await db.insertInto('audit_log')
        .values({ action: 'test.append', target_type: 'test', target_id: 't-1', after: JSON.stringify({ ok: true }), ip: '127.0.0.1' })
        .returning(['id', 'at', 'action', 'after'])
        .executeTakeFirstOrThrow();
      id = row.id;
      expect(row).toMatchObject({ action: 'test.append', after: { ok: true } });
      expect(row.at).toBeInstanceOf(Date);
    });

    afterAll(async () => {
      await close?.();
    });

    const stillThere = async () =>
      expect(await db.selectFrom('audit_log').select(['id', 'action', 'target_id']).where('id', '=', id).execute())
        .toEqual([{ id, action: 'test.append', target_id: 't-1' }]);

    it('INSERT works, and the id is generated (a given id is refused: GENERATED ALWAYS)', async () => {
      const second = await db.insertInto('audit_log').values({ action: 'test.append', target_type: 'test' }).returning('id').executeTakeFirstOrThrow();
      expect(second.id).toBeGreaterThan(id);
      await expect(sql`INSERT INTO audit_log (id, action, target_type) VALUES (${second.id + 1000}, 'forged', 'test')`.execute(db)).rejects.toThrow();
    });

    it('UPDATE is refused', async () => {
      await expect(db.updateTable('audit_log').set({ action: 'test.rewritten' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
      await stillThere();
    });

    it('DELETE is refused', async () => {
      await expect(db.deleteFrom('audit_log').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      await stillThere();
    });

    it('TRUNCATE is refused', async () => {
      await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
      await stillThere();
    });

    it('the refusal is an insufficient_privilege error (SQLSTATE 42501)', async () => {
      const error = await db.updateTable('audit_log').set({ ip: null }).where('id', '=', id).execute().then(() => null, (e: unknown) => e);
      expect((error as { code?: string } | null)?.code).toBe('42501');
    });
  });
}

appendOnly('PGlite (fresh)', async () => ({ db: fresh.db, close: async () => undefined }));
if (onServer) {
  appendOnly('the PostgreSQL server', async () => {
    const database = await createTestDatabase();
    return { db: database.db, close: () => database.close() };
  });
}
