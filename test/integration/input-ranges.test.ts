import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import { SIM_ORDER_KINDS } from '@mandate/contracts/sim-orders';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { signedIn, startTestApp, type ApiClient, type ApiResponse, type TestApp } from '../support/test-app.ts';
import { SEEDED_APP_TIMEOUT_MS, usageFixture, type UsageFixture } from './usage.fixtures.ts';

/**
 * Client input a black-box probe found answered 500: numbers beyond PostgreSQL's bigint, dates and
 * months at the edges of the calendar (year 0000, year 9999) that reached the date helpers or the
 * database, and forged cursors holding impossible dates (2026-02-30). The API accepts amounts up to
 * ±Number.MAX_SAFE_INTEGER and dates and months of the years 1900 to 2999; anything else is a 400
 * problem+json naming the field.
 */

let t: TestApp;
let f: UsageFixture;
let owner: ApiClient;
let finance: ApiClient;
let operator: ApiClient;
let acme: string;

beforeAll(async () => {
  t = await startTestApp();
  f = await usageFixture(t.database.db);
  acme = f.acme;
  [owner, finance, operator] = await Promise.all(['owner@acme.test', 'finance@acme.test', 'operator@mandate.test'].map((e) => signedIn(t.url, e))) as
    [ApiClient, ApiClient, ApiClient];
}, SEEDED_APP_TIMEOUT_MS);
afterAll(async () => t?.close());

const db = () => t.database.db;
const customer = (path: string) => `/api/v1/customers/${acme}${path}`;
interface ProblemBody { status: number; code: string; title: string; detail?: string; errors?: Array<{ field: string; message: string }> }

/** A 400 problem+json naming this field and no other (a date-or-null names it once per branch); the first message. */
function refused(res: ApiResponse, field: string): string {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = res.body as ProblemBody;
  expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
  expect(new Set(body.errors?.map((e) => e.field))).toEqual(new Set([field]));
  return body.errors![0]!.message;
}

function ok(res: ApiResponse) {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const cursorOf = (...values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const valuesOf = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];

describe('amount filters of the invoice list stay within what JavaScript and PostgreSQL hold', () => {
  // 9223372036854775807 is bigint's largest, but JavaScript reads it as 2^63, one past it.
  it.each(['99999999999999999999', '9223372036854775808', '9223372036854775807', '-9223372036854775808', '-99999999999999999999', '9007199254740992', '-9007199254740992'])(
    '%s → 400 naming the filter, never a database error',
    async (value) => {
      for (const field of ['minAmountCents', 'maxAmountCents']) {
        const message = refused(await finance.get(customer(`/invoices?${field}=${value}`)), `querystring.${field}`);
        expect(message).toMatch(/9007199254740991/);
      }
    },
  );

  it('the largest amounts JavaScript holds exactly are still filters', async () => {
    ok(await finance.get(customer('/invoices?minAmountCents=-9007199254740991&maxAmountCents=9007199254740991')));
    const none = await finance.get<{ items: unknown[] }>(customer('/invoices?minAmountCents=9007199254740991'));
    ok(none);
    expect(none.body.items).toEqual([]);
  });
});

describe('dates and months lie in the years 1900 to 2999', () => {
  const months: Array<[string, string, string]> = [
    ['invoice list, periodFrom', '/invoices?periodFrom=', 'querystring.periodFrom'],
    ['invoice list, periodTo', '/invoices?periodTo=', 'querystring.periodTo'],
    ['billed charges, month', '/usage/charges?month=', 'querystring.month'],
    ['call credits, month', '/call-credits?month=', 'querystring.month'],
    ['insights, to', '/insights/monthly?to=', 'querystring.to'],
    ['insights, from', '/insights/monthly?to=2026-10&from=', 'querystring.from'],
  ];
  it.each(months)('%s: 0000-01, 1899-12, 3000-01 and 9999-12 → 400 naming the field', async (_name, path, field) => {
    for (const month of ['0000-01', '1899-12', '3000-01', '9999-12']) refused(await owner.get(customer(`${path}${month}`)), field);
  });

  it.each(months)('%s: 1900-01 and 2999-12 are answered', async (_name, path) => {
    for (const month of ['1900-01', '2999-12']) {
      // Insights' `from` is compared with `to`: keep the pair in order.
      const query = path.includes('from=') ? `${path.replace('to=2026-10', `to=${month}`)}${month}` : `${path}${month}`;
      ok(await owner.get(customer(query)));
    }
  });

  const days = (): Array<[string, string, string]> => [
    ['users, employmentEndBefore', '/users?employmentEndBefore=', 'querystring.employmentEndBefore'],
    ['audit trail, from', '/audit?from=', 'querystring.from'],
    ['audit trail, to', '/audit?to=', 'querystring.to'],
    ['audit export, to', '/audit/export.csv?to=', 'querystring.to'],
    ['call details, from', `/invoices/${f.invoices.sep}/call-details?from=`, 'querystring.from'],
    ['call details, to', `/invoices/${f.invoices.sep}/call-details?to=`, 'querystring.to'],
    ['call-detail export, to', `/invoices/${f.invoices.sep}/call-details/export?to=`, 'querystring.to'],
  ];
  it('0000-01-01, 1899-12-31, 3000-01-01 and 9999-12-31 → 400 naming the field, saying the accepted range', async () => {
    for (const [name, path, field] of days()) {
      for (const day of ['0000-01-01', '1899-12-31']) expect(refused(await owner.get(customer(`${path}${day}`)), field), `${name} ${day}`).toMatch(/1900-01-01/);
      for (const day of ['3000-01-01', '9999-12-31']) expect(refused(await owner.get(customer(`${path}${day}`)), field), `${name} ${day}`).toMatch(/2999-12-31/);
    }
  });

  it('1900-01-01 and 2999-12-31 are answered', async () => {
    for (const [name, path] of days()) {
      for (const day of ['1900-01-01', '2999-12-31']) expect((await owner.get(customer(`${path}${day}`))).status, `${name} ${day}`).toBe(200);
    }
  });

  it('the call-detail export refuses year 0000 before it streams, and streams a whole file for the widest range', async () => {
    const bad = await owner.get(customer(`/invoices/${f.invoices.sep}/call-details/export?to=0000-01-01`));
    refused(bad, 'querystring.to');
    const wide = await owner.get(customer(`/invoices/${f.invoices.sep}/call-details/export?from=1900-01-01&to=2999-12-31`));
    ok(wide);
    expect(wide.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(wide.body).split('\r\n').filter((l) => /^\d{4}-/.test(l)).length).toBe(f.sepCalls);
  });

  it('dates in a body: an employment end, a plan withdrawal (a review deadline: its own rule, tomorrow to 90 days ahead)', async () => {
    const user = await db().selectFrom('users as u').innerJoin('memberships as m', 'm.user_id', 'u.id')
      .where('u.email', '=', 'fleet@acme.test').where('m.customer_id', '=', acme).select('u.id').executeTakeFirstOrThrow();
    for (const day of ['0000-01-01', '9999-12-31']) {
      refused(await owner.request('PATCH', customer(`/users/${user.id}`), { employmentEnd: day }), 'body.employmentEnd');
      refused(await owner.post(customer('/access-reviews'), { deadline: day }), 'body.deadline');
    }
    refused(await owner.post(customer('/access-reviews'), { deadline: '2026-02-30' }), 'body.deadline');
    const plan = await db().selectFrom('tariff_plans').select('id').executeTakeFirstOrThrow();
    refused(await operator.post(`/api/v1/operator/tariff-plans/${plan.id}/withdraw`, { withdrawnAt: '2026-12-01', lastSwitchOn: '9999-12-31' }), 'body.lastSwitchOn');
  });

  it('a date stored before these bounds is still shown (the serializer checks a date that may be null against its schema)', async () => {
    const member = await db().selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
      .where('u.email', '=', 'employee@acme.test').where('m.customer_id', '=', acme).select(['m.id', 'm.user_id', 'm.employment_end']).executeTakeFirstOrThrow();
    await db().updateTable('memberships').set({ employment_end: '9999-12-31' }).where('id', '=', member.id).execute();
    try {
      const one = await owner.get<{ employmentEnd: string | null }>(customer(`/users/${member.user_id}`));
      ok(one);
      expect(one.body.employmentEnd).toBe('9999-12-31');
      const list = await owner.get<{ items: Array<{ id: string; employmentEnd: string | null }> }>(customer('/users?sort=employmentEnd:desc&limit=200'));
      ok(list);
      expect(list.body.items.find((i) => i.id === member.user_id)?.employmentEnd).toBe('9999-12-31');
    } finally {
      await db().updateTable('memberships').set({ employment_end: member.employment_end }).where('id', '=', member.id).execute();
    }
  });

  it('a saved Insights view keeps only months the figures accept', async () => {
    const res = await owner.post(customer('/insights/views'), { name: 'Year 0', state: { figure: 'monthly', from: '0000-01' } });
    refused(res, 'body.state.from');
  });
});

describe('forged cursors with impossible dates are a bad cursor (400), never a database error', () => {
  const UUID = '83630393-9662-450b-a889-0eb5f933a430';
  const BAD_DAYS = ['2026-02-30', '2026-02-31', '2026-04-31', '0000-01-01', '1899-12-31', '3000-01-01'];
  const BAD_INSTANTS = [
    '2026-02-30T10:00:00.000Z', '2026-02-31T00:00:00Z', '0000-01-01T00:00:00.000Z', '1899-12-31T23:59:59.999Z', '3000-01-01T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z', '2026-01-01T00:00:00+16:00', '1900-01-01T00:30:00+01:00',
  ];

  it('the invoice list, by issue date and by due date', async () => {
    // The name of a real cursor of each query, so that only the forged day is wrong.
    const nameOf = async (query: string) => valuesOf((await finance.get<{ nextCursor: string }>(customer(`/invoices?limit=1${query}`))).body.nextCursor)[0];
    const [byIssue, byDue] = [await nameOf(''), await nameOf('&sort=dueDate:asc')];
    for (const day of BAD_DAYS) {
      refused(await finance.get(customer(`/invoices?cursor=${cursorOf(byIssue, day, UUID)}`)), 'querystring.cursor');
      refused(await finance.get(customer(`/invoices?sort=dueDate:asc&cursor=${cursorOf(byDue, day, UUID)}`)), 'querystring.cursor');
    }
    // A real day in range is a cursor like any other.
    ok(await finance.get(customer(`/invoices?cursor=${cursorOf(byIssue, '2026-02-28', UUID)}`)));
  });

  it('affiliates, the operator\'s affiliate requests, billing documents, a SIM\'s history', async () => {
    const sim = await db().selectFrom('sims').select('id').where('customer_id', '=', acme).executeTakeFirstOrThrow();
    const lists: Array<[ApiClient, string, string]> = [
      [owner, customer('/affiliates'), 'affiliates'],
      [operator, '/api/v1/operator/affiliate-requests', 'operator:affiliate-requests'],
      [finance, customer('/billing-documents'), 'billing-documents:publishedAt:desc'],
      [owner, customer(`/sims/${sim.id}/history`), 'sim-changes'],
    ];
    for (const [client, path, name] of lists) {
      for (const at of BAD_INSTANTS) refused(await client.get(`${path}?cursor=${cursorOf(name, at, UUID)}`), 'querystring.cursor');
      ok(await client.get(`${path}?cursor=${cursorOf(name, '2026-02-28T10:00:00.000Z', UUID)}`));
    }
  });

  it('a billing account\'s deliveries (an instant and a day)', async () => {
    const path = customer(`/invoice-delivery/${f.account}/deliveries`);
    const name = 'invoice-deliveries:createdAt:desc';
    for (const at of BAD_INSTANTS) refused(await owner.get(`${path}?cursor=${cursorOf(name, at, '2026-01-31', UUID)}`), 'querystring.cursor');
    for (const day of BAD_DAYS) refused(await owner.get(`${path}?cursor=${cursorOf(name, '2026-02-28T10:00:00.000Z', day, UUID)}`), 'querystring.cursor');
    ok(await owner.get(`${path}?cursor=${cursorOf(name, '2026-02-28T10:00:00.000Z', '2026-01-31', UUID)}`));
  });

  it('call details and unbilled usage: a cursor they gave out, its instant swapped for an impossible one', async () => {
    t.clock.set(new Date('2026-11-02T10:00:00Z'));
    const client = await signedIn(t.url, 'owner@acme.test');
    for (const path of [customer(`/invoices/${f.invoices.sep}/call-details`), customer(`/usage/unbilled?simId=${f.employeeSim}`)]) {
      const sep = path.includes('?') ? '&' : '?';
      const first = await client.get<{ nextCursor: string | null }>(`${path}${sep}limit=1`);
      ok(first);
      const [name, , id] = valuesOf(first.body.nextCursor!);
      for (const at of BAD_INSTANTS) refused(await client.get(`${path}${sep}limit=1&cursor=${cursorOf(name, at, id)}`), 'querystring.cursor');
      ok(await client.get(`${path}${sep}limit=1&cursor=${first.body.nextCursor}`));
    }
  });

  it('a list sorted by an end date that may be missing still pages past the rows without one', async () => {
    const walk = async (sort: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: ApiResponse<{ items: Array<{ membershipId: string }>; nextCursor: string | null }> =
          await owner.get(customer(`/users?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`));
        ok(res);
        ids.push(...res.body.items.map((i) => i.membershipId));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const byName = await walk('name:asc');
    for (const sort of ['employmentEnd:asc', 'employmentEnd:desc']) expect((await walk(sort)).sort(), sort).toEqual([...byName].sort());
  });
});

describe('a bad field is refused once, by its name and in words', () => {
  const UUID = '83630393-9662-450b-a889-0eb5f933a430';
  const rows = async (table: 'delegations' | 'sim_orders' | 'sim_bulk_changes') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  /** The one error of a 400 problem+json: its field and message. */
  function onlyError(res: ApiResponse): { field: string; message: string } {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const errors = (res.body as ProblemBody).errors ?? [];
    expect(errors, JSON.stringify(res.body)).toHaveLength(1);
    return errors[0]!;
  }
  const order = (body: unknown) => owner.post(customer(`/sims/${f.otherSim}/orders`), body, { 'if-match': '"1"', 'idempotency-key': `k-${Math.random()}` });

  it('a delegation ending in the year 3000 → 400 naming body.endDate, nothing proposed', async () => {
    const before = await rows('delegations');
    const res = await owner.post(customer('/delegations'), {
      partnerEnterpriseNumber: DEMO_CUSTOMERS.brightwave, rights: [{ app: 'user-management', actions: ['read'] }], endDate: '3000-01-01',
    });
    expect(onlyError(res)).toEqual({ field: 'body.endDate', message: 'must be between 1900-01-01 and 2999-12-31' });
    expect(await rows('delegations')).toBe(before);
  });

  it('an order of a known kind with one bad field → one error, about that field only', async () => {
    const before = await rows('sim_orders');
    expect(onlyError(await order({ kind: 'plan', tariffPlanId: 'not-a-uuid' })).field).toBe('body.tariffPlanId');
    expect(onlyError(await order({ kind: 'clir', enabled: 'yes' }))).toEqual({ field: 'body.enabled', message: 'must be boolean' });
    expect(onlyError(await order({ kind: 'suspend', until: '3000-01-01' }))).toEqual({ field: 'body.until', message: 'must be between 1900-01-01 and 2999-12-31' });
    expect(onlyError(await order({ kind: 'suspend', until: '2026-02-30' }))).toEqual({ field: 'body.until', message: 'must be a date as YYYY-MM-DD' });
    expect(onlyError(await order({ kind: 'reactivate', note: 'x' }))).toEqual({ field: 'body.note', message: 'is not a known field' });
    expect(await rows('sim_orders')).toBe(before);
  });

  it('an order of an unknown kind, or of none, → one error naming body.kind; a body that is no object → one error naming body', async () => {
    const before = await rows('sim_orders');
    expect(onlyError(await order({ kind: 'teleport', tariffPlanId: UUID }))).toEqual({ field: 'body.kind', message: `must be one of: ${SIM_ORDER_KINDS.join(', ')}` });
    expect(onlyError(await order({ kind: 42 }))).toEqual({ field: 'body.kind', message: 'must be string' });
    expect(onlyError(await order({ tariffPlanId: UUID }))).toEqual({ field: 'body.kind', message: 'is required' });
    expect(onlyError(await order([{ kind: 'clir', enabled: true }]))).toEqual({ field: 'body', message: 'must be object' });
    expect(await rows('sim_orders')).toBe(before);
    // The change of a bulk change is picked by its kind too.
    const bulks = await rows('sim_bulk_changes');
    expect(onlyError(await owner.post(customer('/sim-bulk-changes'), { simIds: [f.otherSim], change: { kind: 'terminate', acceptedCostCents: 0 } })))
      .toEqual({ field: 'body.change.kind', message: 'must be one of: plan, add_option, remove_option, clir, premium_barring, eu_data_cutoff' });
    expect(await rows('sim_bulk_changes')).toBe(bulks);
  });

  it('an accepted termination cost past what JavaScript holds → 400 naming body.acceptedCostCents, nothing ordered', async () => {
    const before = await rows('sim_orders');
    for (const cost of [1e20, Number.MAX_SAFE_INTEGER + 1]) {
      const error = onlyError(await order({ kind: 'terminate', acceptedCostCents: cost }));
      expect(error.field).toBe('body.acceptedCostCents');
      expect(error.message).toMatch(/9007199254740991/);
    }
    expect(await rows('sim_orders')).toBe(before);
  });

  it('a month, a date or an instant that is not one says what is expected, not a regular expression', async () => {
    for (const month of ['2026-13', '26-01', '0000-01']) {
      expect(onlyError(await finance.get(customer(`/invoices?periodFrom=${month}`)))).toEqual({ field: 'querystring.periodFrom', message: 'must be a month as YYYY-MM, from 1900-01 to 2999-12' });
    }
    expect(onlyError(await owner.get(customer('/audit?from=2026-02-30')))).toEqual({ field: 'querystring.from', message: 'must be a date as YYYY-MM-DD' });
    expect(onlyError(await owner.get(customer('/audit?from=1899-12-31')))).toEqual({ field: 'querystring.from', message: 'must be between 1900-01-01 and 2999-12-31' });
  });
});

describe('lists answered whole take no query parameters', () => {
  it('a cursor, a limit or any other parameter sent to them is a 400 naming it', async () => {
    for (const path of ['/billing-accounts', '/fleet/views', '/insights/views']) {
      const plain = await owner.get(customer(path));
      expect(plain.status, path).toBe(200);
      for (const [query, field] of [['cursor=garbage', 'querystring.cursor'], ['limit=-5', 'querystring.limit'], ['foo=bar', 'querystring.foo']] as const) {
        const res = await owner.get<Problem>(customer(`${path}?${query}`));
        expect(res.status, `${path}?${query}`).toBe(400);
        expect(res.body.errors?.map((e) => e.field), `${path}?${query}`).toContain(field);
      }
    }
  });
});
