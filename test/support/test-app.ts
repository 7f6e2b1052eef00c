import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import { buildApp, type AppOptions } from '@mandate/server/app';
import { testConfig, type Config } from '@mandate/server/config';
import { ManualClock } from '@mandate/server/lib/clock';
import { seed, DEMO_PASSWORD } from '@mandate/server/seed/seed';
import { CLONE_PREFIX, SEED_NOW, adminUrl, databaseUrl } from './database-urls.ts';

export { DEMO_PASSWORD };

/** A database of its own for one test file: a clone of the migrated, seeded template (or a fresh PGlite). */
export async function createTestDatabase(): Promise<Database & { name: string }> {
  const base = process.env.TEST_DATABASE_URL;
  const template = inject('templateDatabase');
  if (!base || !template) {
    const dump = inject('pgliteTemplate');
    if (dump) {
      const database = await createDb({ loadDataDir: new Blob([await readFile(dump)]) });
      return { ...database, name: 'pglite' };
    }
    const database = await createDb({});
    await migrateToLatest(database.db);
    await seed(database.db, { now: SEED_NOW });
    return { ...database, name: 'pglite' };
  }
  const name = `${CLONE_PREFIX}${inject('runPid')}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (error) {
        // Two clones starting at the same instant: the template is briefly "being accessed".
        if (attempt >= 20 || !String(error).includes('being accessed')) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  const database = await createDb({ databaseUrl: databaseUrl(base, name), poolSize: 5 });
  return {
    ...database,
    name,
    close: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: adminUrl(base) });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ManualClock;
  /** The real HTTP address the app listens on. */
  url: string;
  close(): Promise<void>;
}

/** The real app on a real port and its own database; the clock starts a little after the seed. */
export async function startTestApp(options: { config?: Partial<Config>; register?: AppOptions['register'] } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new ManualClock(new Date(SEED_NOW.getTime() + 3600_000));
  const app = await buildApp({ config: testConfig(options.config), database, clock, register: options.register });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app, database, clock, url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client that keeps the refresh cookie like a browser would. */
export class ApiClient {
  cookie: string | undefined;
  token: string | undefined;
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.token && !('authorization' in h)) h.authorization = `Bearer ${this.token}`;
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair && !pair.endsWith('=') ? pair : undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = unknown>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }

  async login(email: string, password = DEMO_PASSWORD): Promise<ApiResponse<{ accessToken: string; expiresIn: number }>> {
    const res = await this.post<{ accessToken: string; expiresIn: number }>('/api/v1/auth/login', { email, password });
    if (res.status === 200) this.token = res.body.accessToken;
    return res;
  }
}

/** Signs in as a demo persona and returns a client carrying its token. */
export async function signedIn(baseUrl: string, email: string): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  const res = await client.login(email);
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}
