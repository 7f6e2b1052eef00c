import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { acceptInvitation } from '../support/mail.ts';
import { CUSTOMERS, MATRIX, PERSONAS, type Persona } from './role-matrix.table.ts';

let t: TestApp;
const clients = new Map<Persona, ApiClient>();
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp();
  for (const [key, name] of Object.entries(CUSTOMERS)) {
    ids.set(key, (await t.database.db.selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id);
  }
  // `{user:<email>}` names a user by e-mail, e.g. /users/{user:finance@acme.test}/grants.
  for (const { id, email } of await t.database.db.selectFrom('users').select(['id', 'email']).execute()) ids.set(`user:${email}`, id);
  for (const [persona, email] of Object.entries(PERSONAS) as Array<[Persona, string | null]>) {
    clients.set(persona, email ? await signedIn(t.url, email) : new ApiClient(t.url));
  }
});
afterAll(async () => t?.close());

async function resolve(path: string): Promise<string> {
  // A user an earlier row created (e.g. the invited `matrix-ao@example.test`) is looked up when his row runs.
  for (const [, email] of path.matchAll(/\{user:([^}]+)\}/g)) {
    if (ids.has(`user:${email}`)) continue;
    const user = await t.database.db.selectFrom('users').select('id').where('email', '=', email!).executeTakeFirst();
    if (!user) continue;
    // ROLE-7: a user an earlier row added is a member once he accepts his invitation, as he would.
    await acceptInvitation(t.database.db, t.url, email!);
    ids.set(`user:${email}`, user.id);
  }
  return path.replace(/\{([\w:@.-]+)\}/g, (_m, key: string) => ids.get(key) ?? `{${key}}`);
}

describe('role × endpoint matrix', () => {
  const cases = MATRIX.flatMap((row) => (Object.keys(PERSONAS) as Persona[]).map((persona) => ({ row, persona })));

  it.each(cases)('$row.method $row.path as $persona', async ({ row, persona }) => {
    const client = clients.get(persona)!;
    // Logout would end the persona's session for the rows after it: send it without credentials.
    const headers = row.path.endsWith('/logout') ? { authorization: '', ...row.headers } : row.headers;
    const saved = client.cookie;
    if (row.path.endsWith('/refresh') || row.path.endsWith('/logout')) client.cookie = undefined;
    const res = await client.request(row.method, await resolve(row.path), row.body, headers);
    client.cookie = saved;
    expect(res.status, JSON.stringify(res.body)).toBe(row.expect[persona]);
    if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('lists every endpoint of the API (a new route must be added to the table)', async () => {
    const spec = (await new ApiClient(t.url).get<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json')).body;
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = new Set(MATRIX.map((r) => `${r.method} ${r.route}`));
    expect(documented.filter((e) => !covered.has(e))).toEqual([]);
    expect([...covered].filter((e) => !documented.includes(e))).toEqual([]);
  });
});
