import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delegation } from '@mandate/contracts/delegations';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { signedIn, startTestApp, type ApiClient, type ApiResponse, type TestApp } from '../support/test-app.ts';

/**
 * What a security probe sent to the back office and the customer lists: forged cursors, NUL bytes
 * in search text, reasons that are blank, not text or hold a NUL. Each is client input: the answer
 * is a 400 problem+json naming the parameter, never a 500, and nothing changes.
 */
let t: TestApp;
let operator: ApiClient;
let owner: ApiClient;
let bwAdmin: ApiClient;
const ids: Record<string, string> = {};
const db = () => t.database.db;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unb64 = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
const INJECTION = "' OR 1=1 --";
const SOME_UUID = '00000000-0000-4000-8000-000000000000';

function expectProblem(res: ApiResponse, field: string, label: string) {
  expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(400);
  expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
  expect((res.body as { errors?: Array<{ field: string }> }).errors?.map((e) => e.field), label).toContain(field);
}

/** A cursor the list really gave out (page 1 of `limit=1`), to forge others with the same list name. */
async function realCursor(client: ApiClient, path: string): Promise<string> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await client.get<{ nextCursor: string | null }>(`${path}${sep}limit=1`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.nextCursor, path).toBeTruthy();
  return res.body.nextCursor!;
}

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 100 } });
  for (const [key, name] of [['acme', 'Acme Belgium NV'], ['brightwave', 'Brightwave IT BV']] as const) {
    ids[key] = (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  [operator, owner, bwAdmin] = (await Promise.all(['operator@mandate.test', 'owner@acme.test', 'admin@brightwave.test'].map((e) => signedIn(t.url, e)))) as [ApiClient, ApiClient, ApiClient];
  // Two more delegations: every list below then has a second page (and Acme's audit trail entries).
  for (let i = 0; i < 2; i++) {
    const res = await owner.post(`/api/v1/customers/${ids.acme}/delegations`, {
      partnerEnterpriseNumber: DEMO_CUSTOMERS.brightwave, rights: [{ app: 'user-management', actions: ['read'] }], endDate: '2027-01-15',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => t?.close());

describe('forged cursors answer 400 naming querystring.cursor', () => {
  /** Lists keyed on a time and a uuid: neither a timestamp that is not one nor an id that is not a uuid reaches SQL. */
  const timeKeyed = () => [
    ['operator', '/api/v1/operator/affiliate-requests'],
    ['operator', '/api/v1/operator/delegations'],
    ['operator', '/api/v1/operator/mailbox'],
    ['owner', `/api/v1/customers/${ids.acme}/affiliates`],
    ['owner', `/api/v1/customers/${ids.acme}/delegations`],
  ] as const;

  it('on the lists keyed on (time, id): the probe cursors, and forged ones carrying the list’s own name', async () => {
    for (const [who, path] of timeKeyed()) {
      const client = who === 'operator' ? operator : owner;
      const [name] = unb64(await realCursor(client, path));
      for (const values of [
        ['2026-01-01', 'not-a-uuid'],
        [INJECTION, SOME_UUID],
        [name, '2026-01-01', 'not-a-uuid'],
        [name, '2026-01-01T00:00:00.000Z', 'not-a-uuid'],
        [name, INJECTION, SOME_UUID],
        [name, 42, SOME_UUID],
      ]) {
        expectProblem(await client.get(`${path}?cursor=${b64(values)}`), 'querystring.cursor', `${path} ${JSON.stringify(values)}`);
      }
    }
  });

  it('on the searches keyed on (text, id): a forged id is refused; text as the key is only text (no SQL)', async () => {
    for (const path of ['/api/v1/operator/users', '/api/v1/operator/customers']) {
      const [name] = unb64(await realCursor(operator, path));
      for (const values of [['2026-01-01', 'not-a-uuid'], [name, '2026-01-01', 'not-a-uuid'], [name, 'a\u0000b', SOME_UUID], [name, 7, SOME_UUID]]) {
        expectProblem(await operator.get(`${path}?cursor=${b64(values)}`), 'querystring.cursor', `${path} ${JSON.stringify(values)}`);
      }
      const injected = await operator.get<{ items: unknown[] }>(`${path}?cursor=${b64([name, INJECTION, SOME_UUID])}`);
      expect(injected.status, path).toBe(200);
      // Sorted after "' OR…" in text order: a position in the list, not a condition.
      expect(Array.isArray(injected.body.items)).toBe(true);
    }
  });

  it('the audit trail and the access reviews refuse forged cursors too', async () => {
    const audit = `/api/v1/customers/${ids.acme}/audit`;
    const [name] = unb64(await realCursor(owner, audit));
    for (const values of [['2026-01-01', 'not-a-uuid'], [name, INJECTION, 1], [name, '2026-01-01T00:00:00Z', '1 OR 1=1'], [name, '2026-01-01T00:00:00Z', 1.5]]) {
      expectProblem(await owner.get(`${audit}?cursor=${b64(values)}`), 'querystring.cursor', JSON.stringify(values));
    }
    for (const values of [['2026-01-01', 'not-a-uuid'], ['access-reviews', INJECTION, SOME_UUID]]) {
      expectProblem(await owner.get(`/api/v1/customers/${ids.acme}/access-reviews?cursor=${b64(values)}`), 'querystring.cursor', JSON.stringify(values));
    }
  });

  it('a cursor of one list is not a cursor of another', async () => {
    const delegations = await realCursor(operator, '/api/v1/operator/delegations');
    expectProblem(await operator.get(`/api/v1/operator/affiliate-requests?cursor=${delegations}`), 'querystring.cursor', 'delegations → affiliates');
    expectProblem(await operator.get(`/api/v1/operator/users?cursor=${delegations}`), 'querystring.cursor', 'delegations → users');
  });

  it('the cursors the lists give out still page through them, without gaps or repeats', async () => {
    for (const [client, path] of [[operator, '/api/v1/operator/delegations'], [owner, `/api/v1/customers/${ids.acme}/audit`], [operator, '/api/v1/operator/users']] as const) {
      const all = await client.get<{ items: Array<{ id: string }> }>(`${path}?limit=200`);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiResponse<{ items: Array<{ id: string }>; nextCursor: string | null }> =
          await client.get(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status, path).toBe(200);
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen, path).toEqual(all.body.items.map((i) => i.id));
    }
  });
});

describe('search text with a NUL byte answers 400 naming the parameter', () => {
  it.each([
    ['operator', '/api/v1/operator/customers', 'q'],
    ['operator', '/api/v1/operator/users', 'q'],
    ['operator', '/api/v1/operator/mailbox', 'to'],
    ['owner', '/api/v1/customers/{acme}/audit', 'q'],
    ['owner', '/api/v1/customers/{acme}/audit/export.csv', 'q'],
  ] as const)('as %s: %s?%s=…', async (who, template, param) => {
    const client = who === 'operator' ? operator : owner;
    const path = template.replace('{acme}', ids.acme!);
    for (const value of ['%00', 'a%00b']) {
      expectProblem(await client.get(`${path}?${param}=${value}`), `querystring.${param}`, `${path}?${param}=${value}`);
    }
    expect((await client.get(`${path}?${param}=acme`)).status).toBe(200);
  });
});

describe('reasons: what the schema says is what the server does', () => {
  const refusals = () => [
    ['a delegation refusal', `/api/v1/operator/delegations/${SOME_UUID}/refuse`],
    ['an affiliate refusal', `/api/v1/operator/affiliate-requests/${SOME_UUID}/refuse`],
    ['a customer suspension', `/api/v1/operator/customers/${ids.brightwave}/suspend`],
    ['a customer reactivation', `/api/v1/operator/customers/${ids.brightwave}/reactivate`],
  ] as const;

  it('a refusal, suspension or reactivation needs a reason that is text, not blank and without NUL (400 body.reason)', async () => {
    const before = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    for (const [label, path] of refusals()) {
      for (const body of [{}, { reason: '' }, { reason: '  ' }, { reason: 71027515895 }, { reason: 'a\u0000b' }]) {
        expectProblem(await operator.post(path, body), 'body.reason', `${label} ${JSON.stringify(body)}`);
      }
    }
    expectProblem(await operator.post(`/api/v1/operator/customers/${ids.brightwave}/suspend`), 'body.reason', 'no body at all');
    const after = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const status = await db().selectFrom('customers').select('status').where('id', '=', ids.brightwave!).executeTakeFirstOrThrow();
    expect(status.status).toBe('active');
  });

  it('the OpenAPI document declares that reason as required and not blank; an optional one as optional', async () => {
    const doc = (await operator.get<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; properties: Record<string, { minLength?: number; pattern?: string }> } }> } }>> }>('/api/openapi.json')).body;
    const bodyOf = (path: string) => Object.values(doc.paths[path]!.post!.requestBody!.content)[0]!.schema;
    for (const path of ['/api/v1/operator/delegations/{id}/refuse', '/api/v1/operator/affiliate-requests/{id}/refuse', '/api/v1/operator/customers/{customerId}/suspend', '/api/v1/operator/users/{userId}/reactivate']) {
      expect(bodyOf(path).required, path).toContain('reason');
      expect(bodyOf(path).properties.reason!.minLength, path).toBe(1);
      expect(new RegExp(bodyOf(path).properties.reason!.pattern!, 'u').test('  '), path).toBe(false);
    }
    for (const path of ['/api/v1/operator/delegations/{id}/approve', '/api/v1/customers/{customerId}/delegations/{delegationId}/decline']) {
      expect(bodyOf(path).required ?? [], path).not.toContain('reason');
    }
  });

  it('an optional reason with a NUL byte is refused too (the partner’s decline)', async () => {
    const proposed = await db().selectFrom('delegations').select('id').where('customer_id', '=', ids.acme!).where('status', '=', 'pending_operator')
      .orderBy('created_at').executeTakeFirstOrThrow();
    const res = await bwAdmin.post(`/api/v1/customers/${ids.brightwave}/delegations/${proposed.id}/decline`, { reason: 'no\u0000thanks' });
    expectProblem(res, 'body.reason', 'decline');
    const row = await db().selectFrom('delegations').select('status').where('id', '=', proposed.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending_operator');
  });

  it('DLG-2: the note the operator gives with an approval is recorded with the decision', async () => {
    const proposed = await db().selectFrom('delegations').select('id').where('customer_id', '=', ids.acme!).where('status', '=', 'pending_operator')
      .orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const res = await operator.post<Delegation>(`/api/v1/operator/delegations/${proposed.id}/approve`, { reason: '  Partner known to us  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending_partner', reason: 'Partner known to us' });
    const audit = await db().selectFrom('audit_log').select('after').where('target_id', '=', proposed.id).where('action', '=', 'delegation.approve')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ status: 'pending_partner', reason: 'Partner known to us' });
  });
});
