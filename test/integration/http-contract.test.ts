import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesOf } from '@mandate/server/cli/gen-api-types';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let owner: ApiClient;
let operator: ApiClient;
let acme: string;
beforeAll(async () => {
  t = await startTestApp();
  owner = await signedIn(t.url, 'owner@acme.test');
  operator = await signedIn(t.url, 'operator@mandate.test');
  acme = (await t.database.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

const isProblem = (res: { headers: Headers }) => expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);

describe('every 4xx is problem+json', () => {
  it('a path that is not valid percent-encoded UTF-8 → 400 problem, not the framework’s JSON', async () => {
    const res = await owner.get('/api/v1/customers/%ED%A0%80/users');
    expect(res.status).toBe(400);
    isProblem(res);
    expect(res.body).toMatchObject({ status: 400, code: 'malformed_url', title: 'Invalid request' });
    expect(JSON.stringify(res.body)).not.toContain('FST_ERR');
  });

  it('a path parameter longer than its limit → 400 naming it (declared), never the framework’s 414', async () => {
    const res = await new ApiClient(t.url).get(`/api/v1/invitations/${'a'.repeat(101)}`);
    expect(res.status).toBe(400);
    isProblem(res);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'params.token' }] });
    // Far past any declared limit: the router refuses it, still as a declared 400 problem.
    const huge = await new ApiClient(t.url).get(`/api/v1/invitations/${'a'.repeat(2000)}`);
    expect(huge.status).toBe(400);
    isProblem(huge);
    expect(huge.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'params' }] });
  });

  it('the framework’s own refusals carry our codes, not its error names', async () => {
    const empty = await new ApiClient(t.url).request('POST', '/api/v1/auth/login', undefined, { 'content-type': 'application/json' });
    expect(empty.status).toBe(400);
    isProblem(empty);
    expect(empty.body).toMatchObject({ code: 'malformed_json', errors: [{ field: 'body' }] });
    expect(JSON.stringify(empty.body)).not.toMatch(/fst_/i);
  });

  it('an unknown method on a known path → 405 with Allow, not 404', async () => {
    const login = await new ApiClient(t.url).request('DELETE', '/api/v1/auth/login');
    expect(login.status).toBe(405);
    isProblem(login);
    expect(login.headers.get('allow')).toBe('POST');
    expect(login.body).toMatchObject({ status: 405, code: 'method_not_allowed', title: 'Method not allowed' });
    const users = await owner.request('PUT', `/api/v1/customers/${acme}/users?limit=5`);
    expect(users.status).toBe(405);
    expect(users.headers.get('allow')).toBe('GET, HEAD, POST');
    // A path nobody serves stays 404.
    expect((await owner.request('PUT', '/api/v1/nothing-here')).status).toBe(404);
  });
});

describe('bodies are validated as sent; the query string and path are coerced', () => {
  it('a number where the schema says string → 400 naming the field, not 200', async () => {
    const userId = (await t.database.db.selectFrom('users').select('id').where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow()).id;
    const res = await operator.post(`/api/v1/operator/users/${userId}/suspend`, { reason: 71027515895 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.reason' }] });
    const user = await t.database.db.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
    const password = await new ApiClient(t.url).post('/api/v1/auth/login', { email: 'owner@acme.test', password: 12345678 });
    expect(password.status).toBe(400);
    expect(password.body).toMatchObject({ errors: [{ field: 'body.password' }] });
  });

  it('query parameters and path parameters are still read as the types they declare', async () => {
    const page = await owner.get<{ items: unknown[] }>(`/api/v1/customers/${acme}/users?limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
  });

  it('formats stay checked: e-mail in a body, date in a query, uuid in a path', async () => {
    const email = await new ApiClient(t.url).post('/api/v1/auth/login', { email: 'not-an-address', password: 'x' });
    expect(email.body).toMatchObject({ status: 400, errors: [{ field: 'body.email' }] });
    const date = await owner.get(`/api/v1/customers/${acme}/users?employmentEndBefore=31-12-2026`);
    expect(date.body).toMatchObject({ status: 400, errors: [{ field: 'querystring.employmentEndBefore' }] });
    const uuid = await operator.post('/api/v1/operator/users/not-a-uuid/suspend', { reason: 'x' });
    expect(uuid.body).toMatchObject({ status: 400, errors: [{ field: 'params.userId' }] });
  });
});

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface Document {
  info: { license?: { name: string } };
  servers?: Array<{ url: string }>;
  components: { schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

describe('the OpenAPI document, as generated clients read it', () => {
  let document: Document;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));
  beforeAll(async () => {
    document = (await new ApiClient(t.url).get<Document>('/api/openapi.json')).body;
  });

  it('names every operation once, from its method and path when the route gives no id', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z]+[A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/api/v1/customers/{customerId}/users']!.get!.operationId).toBe('getCustomersUsers');
    expect(document.paths['/api/v1/auth/login']!.post!.operationId).toBe('postAuthLogin');
    expect(document.paths['/api/v1/customers/{customerId}/users/{userId}']!.patch!.operationId).toBe('patchCustomersUsersByUserId');
  });

  it('has a server and a licence', () => {
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(document.info.license?.name).toBeTruthy();
  });

  it('public operations need no token; every other one inherits the bearer requirement', () => {
    const open = operations().filter(({ op }) => Array.isArray(op.security) && op.security.length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(open).toEqual(expect.arrayContaining([
      'get /api/v1/health', 'post /api/v1/auth/login', 'post /api/v1/auth/refresh', 'post /api/v1/auth/logout',
      'get /api/v1/invitations/{token}', 'post /api/v1/invitations/{token}/accept',
      'get /api/v1/greenbill/verifications/{token}', 'post /api/v1/greenbill/verifications/{token}', 'post /api/v1/webhooks/zoomit',
    ]));
    // A link's token, a webhook's signature or the development sandbox bank authenticate these; nothing else is open.
    expect(open.every((op) => /\/(health|auth|invitations|greenbill\/verifications|webhooks|sandbox)\b/.test(op))).toBe(true);
    expect(operations().filter(({ op }) => op.security === undefined).length).toBeGreaterThan(40);
    // A guarded operation can always answer 401.
    for (const { op } of operations().filter(({ op }) => op.security === undefined)) expect(op.responses['401']).toBeDefined();
  });

  it('declares errors as the problem+json they are sent as, and the 400 of every operation that takes input', () => {
    expect(document.components.schemas.Problem).toMatchObject({ type: 'object', required: expect.arrayContaining(['code', 'status']) });
    for (const { method, path, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
      if (op.parameters?.length || op.requestBody) expect(op.responses['400'], `${method} ${path}`).toBeDefined();
    }
  });

  it('makes the web’s committed API types (openapi-typescript), which are up to date: run `pnpm api:types` after changing a contract', async () => {
    const generated = await apiTypesOf(document);
    expect(generated).toContain('getCustomersUsers');
    expect(generated).toContain('"application/problem+json": components["schemas"]["Problem"]');
    expect(generated === (await readFile(API_TYPES_FILE, 'utf8')), 'web/src/lib/api-schema.gen.ts is stale: run `pnpm api:types`').toBe(true);
  });

  it('the generated types compile, and an operation is typed by its id', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mandate-api-types-'));
    try {
      await writeFile(path.join(dir, 'api-schema.gen.ts'), await apiTypesOf(document));
      await writeFile(path.join(dir, 'use.ts'), [
        "import type { components, operations } from './api-schema.gen.ts';",
        "type UserPage = operations['getCustomersUsers']['responses'][200]['content']['application/json'];",
        "export const email: UserPage['items'][number]['email'] = 'someone@acme.test';",
        "export const problem: operations['postAuthLogin']['responses'][401]['content']['application/problem+json'] extends components['schemas']['Problem'] ? true : false = true;",
        "export const body: operations['postAuthLogin']['requestBody']['content']['application/json'] = { email: 'a@b.test', password: 'x' };",
      ].join('\n'));
      const program = ts.createProgram([path.join(dir, 'use.ts')], {
        strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true, types: [], skipLibCheck: true,
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
