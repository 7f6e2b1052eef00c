import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SORTS } from '@mandate/contracts/users';
import { ApiClient, signedIn, startTestApp, type ApiResponse, type TestApp } from '../support/test-app.ts';

/**
 * Client input a black-box probe found answered 500 or outside problem+json: numbers the URL
 * spells as Infinity, text PostgreSQL cannot hold, a webhook's malformed JSON, oversized headers.
 */

let t: TestApp;
let owner: ApiClient;
let fleet: ApiClient;
let operator: ApiClient;
let acme: string;
beforeAll(async () => {
  t = await startTestApp({
    // A public route with an integer in every text part, arrays included: what the URL can carry.
    register: (app) => {
      app.get('/api/v1/test-only/numbers/:n', {
        config: { public: true },
        schema: {
          params: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
          querystring: {
            type: 'object', additionalProperties: false,
            properties: { ids: { type: 'array', items: { type: 'integer', maximum: 200 } }, at: { type: 'number' } },
          },
          headers: { type: 'object', properties: { 'x-count': { type: 'integer' } } },
        },
      }, async (request) => ({ params: request.params, query: request.query }));
    },
  });
  owner = await signedIn(t.url, 'owner@acme.test');
  fleet = await signedIn(t.url, 'fleet@acme.test');
  operator = await signedIn(t.url, 'operator@mandate.test');
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

const db = () => t.database.db;
interface ProblemBody { status: number; code: string; title: string; type: string; detail?: string; errors?: Array<{ field: string; message: string }> }

/** A 400 problem+json naming exactly these fields. */
function refused(res: ApiResponse, ...fields: string[]) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = res.body as ProblemBody;
  expect(body).toMatchObject({ status: 400, title: 'Invalid request', type: expect.stringMatching(/\/problems\//) });
  expect(body.errors?.map((e) => e.field)).toEqual(fields);
  return body;
}

describe('numbers from the URL are finite', () => {
  it.each(['Infinity', '-Infinity', '1e309', '-1e309', '+Infinity'])('?limit=%s on a paged list → 400 naming querystring.limit, never a 500', async (value) => {
    for (const list of ['sims', 'users']) {
      const res = await owner.get(`/api/v1/customers/${acme}/${list}?limit=${encodeURIComponent(value)}`);
      const body = refused(res, 'querystring.limit');
      expect(body.code).toBe('validation_failed');
    }
  });

  it('in an array, a path parameter, a header: refused naming the field; finite numbers still coerced', async () => {
    const api = new ApiClient(t.url);
    refused(await api.get('/api/v1/test-only/numbers/1?ids=1&ids=Infinity'), 'querystring.ids.1');
    refused(await api.get('/api/v1/test-only/numbers/1?at=-Infinity'), 'querystring.at');
    refused(await api.get('/api/v1/test-only/numbers/Infinity'), 'params.n');
    refused(await api.get('/api/v1/test-only/numbers/1', { 'x-count': '1e309' }), 'headers.x-count');
    const ok = await api.get('/api/v1/test-only/numbers/7?ids=1&ids=20&at=-1.5', { 'x-count': '3' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ params: { n: 7 }, query: { ids: [1, 20], at: -1.5 } });
    // The other checks still come first and still name their field.
    refused(await api.get('/api/v1/test-only/numbers/1?ids=201'), 'querystring.ids.0');
  });
});

describe('numbers from the URL are written in decimal digits', () => {
  it.each(['0x2A', '0b11', '0o7', '+5', ' ', '2e1', '1_000', '.5'])('?minAmountCents=%s → 400 naming the field, not read as a number', async (value) => {
    const res = await owner.get(`/api/v1/customers/${acme}/invoices?minAmountCents=${encodeURIComponent(value)}`);
    expect(refused(res, 'querystring.minAmountCents').code).toBe('validation_failed');
  });

  it('in an array, a path parameter, a header: the same; a negative integer and a decimal number are still read', async () => {
    const api = new ApiClient(t.url);
    refused(await api.get('/api/v1/test-only/numbers/1?ids=1&ids=0x10'), 'querystring.ids.1');
    refused(await api.get('/api/v1/test-only/numbers/0b1'), 'params.n');
    refused(await api.get('/api/v1/test-only/numbers/1?at=1.'), 'querystring.at');
    refused(await api.get('/api/v1/test-only/numbers/1', { 'x-count': '+3' }), 'headers.x-count');
    const ok = await api.get('/api/v1/test-only/numbers/-7?ids=007&at=0.25');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ params: { n: -7 }, query: { ids: [7], at: 0.25 } });
  });
});

describe('a value outside a list of choices', () => {
  it('is one error naming the field and the values it takes, not one per value', async () => {
    const status = refused(await owner.get(`/api/v1/customers/${acme}/invoices?status=foo`), 'querystring.status');
    expect(status.errors).toEqual([{ field: 'querystring.status', message: 'must be one of: open, paid, overdue, disputed' }]);
    const sort = refused(await owner.get(`/api/v1/customers/${acme}/invoices?sort=amount`), 'querystring.sort');
    expect(sort.errors).toHaveLength(1);
    expect(sort.errors![0]!.message).toMatch(/^must be one of: .*amount:asc/);
    // The user list's sort is a choice too, not a pattern to decipher.
    const users = refused(await owner.get(`/api/v1/customers/${acme}/users?sort=bogus`), 'querystring.sort');
    expect(users.errors).toEqual([{ field: 'querystring.sort', message: `must be one of: ${USER_SORTS.join(', ')}` }]);
  });

  it('given twice, a parameter that takes one value is one error saying so, whatever the values', async () => {
    for (const query of ['status=open&status=paid', 'status=open&status=open', 'limit=5&limit=6', `billingAccountId=${acme}&billingAccountId=${acme}`]) {
      const field = `querystring.${query.split('=')[0]}`;
      expect(refused(await owner.get(`/api/v1/customers/${acme}/invoices?${query}`), field).errors, query).toEqual([{ field, message: 'must be given once' }]);
    }
  });
});

describe('every failing field is named at once', () => {
  it('in the query string and in a body: one error per field, each with its reason', async () => {
    const query = await owner.get<{ errors: Array<{ field: string }> }>(`/api/v1/customers/${acme}/invoices?limit=0&status=bogus&sort=x`);
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e) => e.field).sort()).toEqual(['querystring.limit', 'querystring.sort', 'querystring.status']);
    const user = await owner.post<{ errors: Array<{ field: string }> }>(`/api/v1/customers/${acme}/users`, { email: 'not-an-address', firstName: '', lastName: 'Nieuw', language: 'de' });
    expect(user.status).toBe(400);
    expect(user.body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['body.email', 'body.firstName', 'body.language']));
    expect(new Set(user.body.errors.map((e) => e.field)).size).toBe(user.body.errors.length);
  });
});

describe('JSON bodies hold no NUL and no lone surrogate', () => {
  const person = (overrides: Record<string, unknown>) => ({
    email: `hardening.${Math.random().toString(36).slice(2)}@example.test`, firstName: 'Nina', lastName: 'Nieuw', language: 'nl',
    profile: 'service_user', employmentBasis: 'employment_indefinite', employmentEnd: null, ...overrides,
  });
  const users = () => `/api/v1/customers/${acme}/users`;

  it('a new user’s names: 400 naming the field, nobody created', async () => {
    for (const [overrides, field] of [
      [{ firstName: 'a\u0000b' }, 'body.firstName'],
      [{ lastName: 'a\ud800b' }, 'body.lastName'],
      [{ lastName: 'trailing \udc00' }, 'body.lastName'],
      [{ firstName: '\ud83d' }, 'body.firstName'],
    ] as const) {
      const body = person(overrides);
      const res = await owner.post(users(), body);
      const problem = refused(res, field);
      expect(problem.code).toBe('validation_failed');
      expect(await db().selectFrom('users').select('id').where('email', '=', body.email).executeTakeFirst()).toBeUndefined();
    }
  });

  it('in arrays and nested objects the path names the element; a key holding one is named too', async () => {
    refused(await owner.post(users(), person({ subProfiles: ['x\u0000'] })), 'body.subProfiles.0');
    const views = `/api/v1/customers/${acme}/fleet/views`;
    refused(await fleet.post(views, { name: 'Lone', state: { q: 'a\ud800b' } }), 'body.state.q');
    refused(await fleet.post(views, { name: 'Nul', state: { q: '', cols: 'status\u0000' } }), 'body.state.cols');
    refused(await fleet.post(views, { name: 'Key', state: { 'q\u0000': 'x' } }), 'body.state.q\u0000');
    expect(await db().selectFrom('saved_views').select('id').where('name', 'in', ['Lone', 'Nul', 'Key']).execute()).toEqual([]);
  });

  it('well-formed text still passes: accents, surrogate pairs (emoji), other control characters', async () => {
    const views = `/api/v1/customers/${acme}/fleet/views`;
    const res = await fleet.post<{ name: string; state: { q: string } }>(views, { name: 'Zoë 😀', state: { q: 'Ça 𝄞' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: 'Zoë 😀', state: { q: 'Ça 𝄞' } });
  });

  it('a user’s edit, a device, a suspension reason: refused before anything is read or changed', async () => {
    const employee = (await db().selectFrom('users').select(['id', 'first_name', 'status']).where('email', '=', 'employee@acme.test').executeTakeFirstOrThrow());
    refused(await owner.request('PATCH', `${users()}/${employee.id}`, { firstName: 'X\u0000' }, { 'if-match': '"1"' }), 'body.firstName');
    const sim = await db().selectFrom('sims').select('id').where('customer_id', '=', acme).executeTakeFirstOrThrow();
    refused(await fleet.request('PUT', `/api/v1/customers/${acme}/sims/${sim.id}/device`, { ownership: 'customer', imei: '352099001761481', make: 'Fair\u0000phone' }, { 'if-match': '"1"' }), 'body.make');
    refused(await fleet.request('PUT', `/api/v1/customers/${acme}/sims/${sim.id}/device`, { ownership: 'customer', imei: '352099001761481', model: '\udfff' }, { 'if-match': '"1"' }), 'body.model');
    refused(await operator.post(`/api/v1/operator/users/${employee.id}/suspend`, { reason: 'left\u0000' }), 'body.reason');
    const after = await db().selectFrom('users').select(['first_name', 'status']).where('id', '=', employee.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ first_name: employee.first_name, status: employee.status });
  });

  it('the sign-in form too (a public route), without telling anything about the account', async () => {
    refused(await new ApiClient(t.url).post('/api/v1/auth/login', { email: 'owner@acme.test', password: 'x\u0000' }), 'body.password');
  });
});

describe('the Zoomit webhook answers malformed JSON like every other route', () => {
  const post = (raw: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/v1/webhooks/zoomit`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', ...headers } });
  const signedHeaders = (raw: string) => {
    const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
    return { 'x-zoomit-timestamp': timestamp, 'x-zoomit-signature': `sha256=${createHmac('sha256', t.app.config.zoomitWebhookSecret).update(`${timestamp}.${raw}`).digest('hex')}` };
  };

  it.each([
    ['an unfinished object', '{'],
    ['an empty body', ''],
    ['a BOM alone', '\ufeff'],
    ['UTF-16', new Uint8Array(Buffer.from('\ufeff{"eventId":"e"}', 'utf16le'))],
  ] as Array<[string, string | Uint8Array<ArrayBuffer>]>)('%s → 400 malformed_json naming the body', async (_label, raw) => {
    const res = await post(raw, signedHeaders(typeof raw === 'string' ? raw : ''));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await res.json() as ProblemBody;
    expect(body).toMatchObject({ status: 400, code: 'malformed_json', errors: [{ field: 'body', message: 'is not valid JSON' }] });
    // The same answer as any other route gives.
    const login = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json' } });
    expect(login.status).toBe(400);
    expect(await login.json()).toMatchObject({ code: body.code, errors: body.errors });
  });

  it('the signature still covers the body exactly as sent', async () => {
    const raw = JSON.stringify({ eventId: 'hardening-1', invitationId: '00000000-0000-4000-8000-000000000000', result: 'accepted' });
    // Correctly signed: parsed and checked, then the unknown invitation is 404.
    expect((await post(raw, signedHeaders(raw))).status).toBe(404);
    // The same JSON with other spacing no longer matches its signature.
    const spaced = await post(raw.replace(':', ': '), signedHeaders(raw));
    expect(spaced.status).toBe(401);
    expect(await spaced.json()).toMatchObject({ code: 'bad_signature' });
  });
});

/** One raw HTTP exchange: what the socket answered before the server closed it. */
function rawExchange(request: string): Promise<string> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.end(request);
  });
}

describe('errors the HTTP parser raises are problem+json too', () => {
  it('headers too large → 431 problem+json, the socket closed', async () => {
    const res = await fetch(`${t.url}/api/v1/me`, { headers: { authorization: `Bearer ${'a'.repeat(20_000)}` } });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await res.json() as ProblemBody;
    expect(body).toMatchObject({ type: expect.stringMatching(/\/problems\//), title: 'Request header fields too large', status: 431, code: 'headers_too_large' });
    expect(body.detail).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/HPE_|"error"/);
    // The server itself is fine.
    expect((await owner.get('/api/v1/me')).status).toBe(200);
  });

  it('a request the parser cannot read → 400 problem+json', async () => {
    const answer = await rawExchange('NOT A REQUEST\r\n\r\n');
    const [head, text] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    const length = /\r\ncontent-length: (\d+)/i.exec(head!)?.[1];
    expect(Number(length)).toBe(Buffer.byteLength(text!));
    expect(JSON.parse(text!)).toMatchObject({ status: 400, code: 'bad_request', title: 'Invalid request' });
  });
});
