import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addMonths, brusselsDate } from '@mandate/domain/dates';
import { defineAbilityFor } from '@mandate/authz/define-ability';
import { context, membership } from '@mandate/authz/test-contexts';
import { APPS } from '@mandate/domain/profiles';
import {
  billingAccountsFromCallDetails, chargeTypesFromCallDetails, costCentresFromCallDetails, monthlyFromCallDetails, topSimsFromCallDetails,
  billingAccountsFigure, chargeTypesFigure, changeFigure, costCentresFigure, monthlyFigure, topSimsFigure,
} from '@mandate/server/modules/insights/insights.repo';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';
import { closeMonth, ensureAcmeBilling } from './insights.fixtures.ts';

let t: TestApp;
let acme: string;
let noordzee: string;
let finance: ApiClient;
let owner: ApiClient;
const base = () => `/api/v1/customers/${acme}/insights`;

/** The month before the clock's Brussels month, and the one 11 before it: the default range. */
let lastClosed: string;
let accounts: Array<{ id: string; number: string; name: string }>;
let centres: Record<string, string>;

interface Line { month: string; accountId: string; simId: string | null; costCentreId: string | null; chargeType: string; amount: number }

/** Invoice lines of closed periods, the source of truth the roll-ups must sum to. */
async function linesOf(accountIds: string[], from: string, to: string): Promise<Line[]> {
  const rows = await t.database.db
    .selectFrom('invoice_lines as il')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'il.customer_id').onRef('i.id', '=', 'il.invoice_id'))
    .where('il.customer_id', '=', acme)
    .where('i.billing_account_id', 'in', accountIds)
    .where('i.period_start', '>=', from)
    .where('i.period_start', '<=', to)
    .select(['i.period_start as month', 'i.billing_account_id as accountId', 'il.sim_id as simId', 'il.cost_centre_id as costCentreId', 'il.charge_type as chargeType', 'il.amount_excl_vat_cents as amount'])
    .execute();
  return rows.map((r) => ({ ...r, month: String(r.month).slice(0, 7), amount: Number(r.amount) }));
}

function sumBy<K>(lines: Line[], key: (l: Line) => K): Map<K, number> {
  const out = new Map<K, number>();
  for (const l of lines) out.set(key(l), (out.get(key(l)) ?? 0) + l.amount);
  return out;
}

type Figure<R> = { figure: string; from: string; to: string; rows: R[] };

class Rollback extends Error {}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  acme = (await db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  noordzee = (await db.selectFrom('customers').select('id').where('name', '=', 'Noordzee Bouw NV').executeTakeFirstOrThrow()).id;
  lastClosed = addMonths(`${brusselsDate(t.clock.now()).slice(0, 7)}-01`, -1);
  await ensureAcmeBilling(db, acme, lastClosed);
  accounts = await db.selectFrom('billing_accounts').where('customer_id', '=', acme).select(['id', 'number', 'name']).orderBy('number').execute();
  centres = Object.fromEntries((await db.selectFrom('cost_centres').where('customer_id', '=', acme).select(['id', 'name']).execute()).map((c) => [c.name, c.id]));
  finance = await signedIn(t.url, 'finance@acme.test');
  owner = await signedIn(t.url, 'owner@acme.test');
  // PGlite migrates and seeds (demo billing runs included) per file: slow on a busy machine.
}, 180_000);
afterAll(async () => t?.close());

const ym = (month: string) => month.slice(0, 7);

describe('figures from the roll-ups equal the invoice lines', () => {
  it('monthly: the last 12 closed months by default, each the sum of its invoice lines', async () => {
    const from = addMonths(lastClosed, -11);
    const expected = sumBy(await linesOf(accounts.map((a) => a.id), from, lastClosed), (l) => l.month);
    const res = await finance.get<Figure<{ month: string; amountCents: number }>>(`${base()}/monthly`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ figure: 'monthly', from: ym(from), to: ym(lastClosed) });
    expect(res.body.rows).toHaveLength(12);
    for (const row of res.body.rows) expect(row.amountCents, row.month).toBe(expected.get(row.month) ?? 0);
    expect([...expected.values()].some((v) => v !== 0)).toBe(true);
    // The AO sees the same (all accounts).
    expect((await owner.get(`${base()}/monthly`)).body).toEqual(res.body);
  });

  it('charge-types, billing-accounts and cost-centres: the lines summed per dimension, largest first', async () => {
    const from = addMonths(lastClosed, -11);
    const lines = await linesOf(accounts.map((a) => a.id), from, lastClosed);

    const types = await finance.get<Figure<{ chargeType: string; amountCents: number }>>(`${base()}/charge-types`);
    expect(types.status).toBe(200);
    expect(new Map(types.body.rows.map((r) => [r.chargeType, r.amountCents]))).toEqual(sumBy(lines, (l) => l.chargeType));
    const amounts = types.body.rows.map((r) => r.amountCents);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

    const byAccount = await finance.get<Figure<{ billingAccountId: string; number: string; amountCents: number }>>(`${base()}/billing-accounts`);
    expect(byAccount.status).toBe(200);
    expect(new Map(byAccount.body.rows.map((r) => [r.billingAccountId, r.amountCents]))).toEqual(sumBy(lines, (l) => l.accountId));
    expect(byAccount.body.rows.map((r) => r.number).sort()).toEqual(accounts.map((a) => a.number));

    const byCentre = await finance.get<Figure<{ costCentreId: string | null; name: string | null; amountCents: number }>>(`${base()}/cost-centres`);
    expect(byCentre.status).toBe(200);
    expect(new Map(byCentre.body.rows.map((r) => [r.costCentreId, r.amountCents]))).toEqual(sumBy(lines, (l) => l.costCentreId));
    expect(byCentre.body.rows.find((r) => r.costCentreId === centres.Sales)?.name).toBe('Sales');
  });

  it('top-sims: the 10 SIMs that cost most, with their number', async () => {
    const lines = (await linesOf(accounts.map((a) => a.id), addMonths(lastClosed, -11), lastClosed)).filter((l) => l.simId);
    const expected = [...sumBy(lines, (l) => l.simId!)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
    const res = await finance.get<Figure<{ simId: string; msisdn: string; amountCents: number }>>(`${base()}/top-sims`);
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r) => [r.simId, r.amountCents])).toEqual(expected);
    const sim = await t.database.db.selectFrom('sims').where('id', '=', expected[0]![0]).select('msisdn').executeTakeFirstOrThrow();
    expect(res.body.rows[0]!.msisdn).toBe(sim.msisdn);
  });

  it('a range reaching far past the last closed month reads as ending with it, and one wholly after it is empty', async () => {
    const upToNow = (await finance.get<Figure<{ simId: string; amountCents: number }>>(`${base()}/top-sims?from=${ym(addMonths(lastClosed, -11))}`)).body.rows;
    expect(upToNow.length).toBeGreaterThan(0);
    for (const figure of ['top-sims', 'monthly', 'charge-types', 'change']) {
      const far = await finance.get<Figure<unknown>>(`${base()}/${figure}?from=1900-01&to=2999-12`);
      expect(far.status, figure).toBe(200);
    }
    const far = await finance.get<Figure<{ simId: string; amountCents: number }>>(`${base()}/top-sims?from=${ym(addMonths(lastClosed, -11))}&to=2999-12`);
    expect(far.body.rows).toEqual(upToNow);
    const after = await finance.get<Figure<unknown>>(`${base()}/top-sims?from=2030-01&to=2999-12`);
    expect(after.status).toBe(200);
    expect(after.body.rows).toEqual([]);
  });

  it('change: the last month against the one before, and what drove it', async () => {
    const before = addMonths(lastClosed, -1);
    const lines = await linesOf(accounts.map((a) => a.id), before, lastClosed);
    const current = lines.filter((l) => l.month === ym(lastClosed));
    const previous = lines.filter((l) => l.month === ym(before));
    const total = (ls: Line[]) => ls.reduce((s, l) => s + l.amount, 0);
    const res = await finance.get<{
      month: string; previousMonth: string; currentCents: number; previousCents: number; deltaCents: number;
      rows: Array<{ dimension: string; key: string | null; label: string | null; currentCents: number; previousCents: number; deltaCents: number }>;
    }>(`${base()}/change`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      month: ym(lastClosed), previousMonth: ym(before), currentCents: total(current), previousCents: total(previous), deltaCents: total(current) - total(previous),
    });
    // Per charge type: each driver's delta is the lines' delta, the largest first.
    const cur = sumBy(current, (l) => l.chargeType);
    const prev = sumBy(previous, (l) => l.chargeType);
    const typeRows = res.body.rows.filter((r) => r.dimension === 'chargeType');
    expect(typeRows.length).toBeGreaterThan(0);
    for (const r of typeRows) {
      expect(r.currentCents).toBe(cur.get(r.key!) ?? 0);
      expect(r.previousCents).toBe(prev.get(r.key!) ?? 0);
      expect(r.deltaCents).toBe(r.currentCents - r.previousCents);
    }
    const deltas = [...new Set([...cur.keys(), ...prev.keys()])].map((k) => Math.abs((cur.get(k) ?? 0) - (prev.get(k) ?? 0)));
    expect(Math.abs(typeRows[0]!.deltaCents)).toBe(Math.max(...deltas));
    // Per SIM: the SIM that changed most leads, labelled with its number.
    const simCur = sumBy(current.filter((l) => l.simId), (l) => l.simId!);
    const simPrev = sumBy(previous.filter((l) => l.simId), (l) => l.simId!);
    const simDelta = [...new Set([...simCur.keys(), ...simPrev.keys()])].map((k) => [k, (simCur.get(k) ?? 0) - (simPrev.get(k) ?? 0)] as const)
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]));
    const simRows = res.body.rows.filter((r) => r.dimension === 'sim');
    expect(simRows.length).toBeLessThanOrEqual(5);
    expect(simRows[0]).toMatchObject({ key: simDelta[0]![0], deltaCents: simDelta[0]![1] });
    expect(simRows[0]!.label).toMatch(/^\+32/);
    expect(res.body.rows.filter((r) => r.dimension === 'costCentre').length).toBeGreaterThan(0);
  });

  it('top-sims and change filtered by charge type read the roll-ups per charge type', async () => {
    const lines = (await linesOf(accounts.map((a) => a.id), addMonths(lastClosed, -11), lastClosed)).filter((l) => l.simId && l.chargeType === 'data');
    const expected = [...sumBy(lines, (l) => l.simId!)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
    const res = await finance.get<Figure<{ simId: string; amountCents: number }>>(`${base()}/top-sims?chargeType=data`);
    expect(res.body.rows.map((r) => [r.simId, r.amountCents])).toEqual(expected);
    const change = await finance.get<{ currentCents: number; rows: Array<{ dimension: string; key: string }> }>(`${base()}/change?chargeType=data`);
    expect(change.status).toBe(200);
    expect(change.body.currentCents).toBe(lines.filter((l) => l.month === ym(lastClosed)).reduce((s, l) => s + l.amount, 0));
    expect(change.body.rows.filter((r) => r.dimension === 'chargeType').map((r) => r.key)).toEqual(['data']);
  });

  it('the sums the figures read are kept equal to the roll-ups as roll-ups are written, changed and deleted', async () => {
    const db = t.database.db;
    const compare = async (on: typeof db = db) => {
      const { rows } = await sql<{ rollups: string; totals: string; sims: string; simTotals: string; groups: number; simGroups: number }>`
        SELECT (SELECT coalesce(sum(amount_cents), 0) FROM usage_rollups) AS rollups,
               (SELECT coalesce(sum(amount_cents), 0) FROM usage_rollup_totals) AS totals,
               (SELECT coalesce(sum(amount_cents), 0) FROM usage_rollups WHERE sim_id IS NOT NULL) AS sims,
               (SELECT coalesce(sum(v), 0) FROM usage_rollup_sim_series, unnest(amounts) v) AS "simTotals",
               (SELECT count(*)::int FROM (
                  SELECT customer_id, sim_id, billing_account_id, cost_centre_id, month_number(month), sum(amount_cents)
                    FROM usage_rollups WHERE sim_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
                  EXCEPT SELECT customer_id, sim_id, billing_account_id, cost_centre_id, array_lower(amounts, 1) + i::int - 1, v
                    FROM usage_rollup_sim_series, unnest(amounts) WITH ORDINALITY u(v, i) WHERE v IS NOT NULL) d) AS "simGroups",
               (SELECT count(*)::int FROM (
                  SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, sum(amount_cents) FROM usage_rollups GROUP BY 1, 2, 3, 4, 5
                  EXCEPT SELECT customer_id, month, billing_account_id, cost_centre_id, charge_type, amount_cents FROM usage_rollup_totals) d) AS groups`.execute(on);
      expect(rows[0]!.totals).toBe(rows[0]!.rollups);
      expect(rows[0]!.simTotals).toBe(rows[0]!.sims);
      expect(rows[0]!.groups).toBe(0);
      expect(rows[0]!.simGroups).toBe(0);
    };
    await compare();
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('usage_rollup_totals').select(sql<string>`sum(amount_cents)`.as('n')).executeTakeFirstOrThrow();
      const changed = await trx.updateTable('usage_rollups').set({ amount_cents: sql`amount_cents + 7` }).where('customer_id', '=', acme).where('charge_type', '=', 'sms').executeTakeFirst();
      expect(Number(changed.numUpdatedRows)).toBeGreaterThan(0);
      await compare(trx);
      const after = await trx.selectFrom('usage_rollup_totals').select(sql<string>`sum(amount_cents)`.as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n) - Number(before.n)).toBe(7 * Number(changed.numUpdatedRows));
      await trx.deleteFrom('usage_rollups').where('customer_id', '=', acme).where('charge_type', '=', 'national_voice').execute();
      await compare(trx);
      // Leave the data as it was for the tests that follow.
      throw new Rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
    await compare();
  });

  it('per-SIM figures read from the per-SIM series equal the same figures summed from the roll-ups, for a SIM under two cost centres too', async () => {
    const ability = defineAbilityFor(context('00000000-0000-4000-8000-000000000001', [membership(acme, 'access_owner', [...APPS])]));
    const f = { customerId: acme, fromMonth: addMonths(lastClosed, -11), toMonth: lastClosed };
    const everyType = { ...f, chargeTypes: ['subscription', 'option', 'national_voice', 'international_voice', 'roaming', 'sms', 'data', 'one_off', 'discount'] };
    const db = t.database.db;
    const simsOfChange = async (on: typeof db, filters: typeof f) => (await changeFigure(on, ability, { ...filters, fromMonth: addMonths(lastClosed, -1) }))
      .filter((r) => r.dimension === 'sim');
    expect(await topSimsFigure(db, ability, f)).toEqual(await topSimsFigure(db, ability, everyType));
    expect(await simsOfChange(db, f)).toEqual(await simsOfChange(db, everyType));
    await db.transaction().execute(async (trx) => {
      // The tenth SIM moves to another cost centre for the last month, with a large charge there.
      const tenth = (await topSimsFigure(trx, ability, f))[9]!;
      const row = await trx.selectFrom('usage_rollups').selectAll().where('customer_id', '=', acme).where('sim_id', '=', tenth.simId)
        .where('month', '=', lastClosed).limit(1).executeTakeFirstOrThrow();
      const other = Object.values(centres).find((id) => id !== row.cost_centre_id)!;
      await trx.insertInto('usage_rollups').values({ ...row, cost_centre_id: other, charge_type: 'one_off', amount_cents: 1_000_000, events: 0, duration_s: 0, volume_kb: 0 }).execute();
      const shared = await trx.selectFrom('usage_rollup_sim_series').select('shared').where('customer_id', '=', acme).where('sim_id', '=', tenth.simId).execute();
      expect(shared.map((s) => s.shared)).toEqual([true, true]);
      const top = await topSimsFigure(trx, ability, f);
      expect(top[0]).toEqual({ simId: tenth.simId, msisdn: tenth.msisdn, amountCents: tenth.amountCents + 1_000_000 });
      expect(top).toEqual(await topSimsFigure(trx, ability, everyType));
      expect(await simsOfChange(trx, f)).toEqual(await simsOfChange(trx, everyType));
      expect((await simsOfChange(trx, f))[0]!.key).toBe(tenth.simId);
      throw new Rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  });

  it('the raw equivalents computed from call details give the same figures', async () => {
    const ability = defineAbilityFor(context('00000000-0000-4000-8000-000000000001', [membership(acme, 'access_owner', [...APPS])]));
    // Months whose call details are all still kept (6 months, RET-1).
    const f = { customerId: acme, fromMonth: addMonths(lastClosed, -4), toMonth: lastClosed, callDetailsFrom: new Date(0) };
    const db = t.database.db;
    expect(await monthlyFromCallDetails(db, ability, f)).toEqual(await monthlyFigure(db, ability, f));
    expect(await chargeTypesFromCallDetails(db, ability, f)).toEqual(await chargeTypesFigure(db, ability, f));
    expect(await billingAccountsFromCallDetails(db, ability, f)).toEqual(await billingAccountsFigure(db, ability, f));
    expect(await costCentresFromCallDetails(db, ability, f)).toEqual(await costCentresFigure(db, ability, f));
    expect(await topSimsFromCallDetails(db, ability, f)).toEqual(await topSimsFigure(db, ability, f));
  });
});

describe('filters', () => {
  it('billing account, cost centre and charge type narrow every figure', async () => {
    const [first, second] = accounts;
    const from = addMonths(lastClosed, -11);
    const lines = await linesOf([second!.id], from, lastClosed);
    const byAccount = await finance.get<Figure<{ billingAccountId: string; amountCents: number }>>(`${base()}/billing-accounts?billingAccountId=${second!.id}`);
    expect(byAccount.body.rows).toEqual([expect.objectContaining({ billingAccountId: second!.id, amountCents: lines.reduce((s, l) => s + l.amount, 0) })]);

    const twoAccounts = await finance.get<Figure<{ billingAccountId: string }>>(`${base()}/billing-accounts?billingAccountId=${first!.id}&billingAccountId=${second!.id}`);
    expect(twoAccounts.body.rows.map((r) => r.billingAccountId).sort()).toEqual([first!.id, second!.id].sort());

    const all = await linesOf(accounts.map((a) => a.id), from, lastClosed);
    const data = await finance.get<Figure<{ chargeType: string; amountCents: number }>>(`${base()}/charge-types?chargeType=data`);
    expect(data.body.rows).toEqual([{ chargeType: 'data', amountCents: all.filter((l) => l.chargeType === 'data').reduce((s, l) => s + l.amount, 0) }]);

    const sales = await finance.get<Figure<{ month: string; amountCents: number }>>(`${base()}/monthly?costCentreId=${centres.Sales}&from=${ym(lastClosed)}&to=${ym(lastClosed)}`);
    expect(sales.body.rows).toEqual([{
      month: ym(lastClosed), amountCents: all.filter((l) => l.costCentreId === centres.Sales && l.month === ym(lastClosed)).reduce((s, l) => s + l.amount, 0),
    }]);
  });

  it('from/to choose the months; months before the 12-month window are simply not there', async () => {
    const res = await finance.get<Figure<{ month: string }>>(`${base()}/monthly?from=${ym(addMonths(lastClosed, -20))}&to=${ym(addMonths(lastClosed, -2))}`);
    expect(res.status).toBe(200);
    expect(res.body.from).toBe(ym(addMonths(lastClosed, -11)));
    expect(res.body.rows.map((r) => r.month)).toEqual(Array.from({ length: 10 }, (_, i) => ym(addMonths(lastClosed, i - 11))));
  });

  it('bad input is a 400 naming the field', async () => {
    const cases: Array<[string, RegExp]> = [
      [`${base()}/monthly?from=2026-13`, /^querystring\.from/],
      [`${base()}/monthly?from=${ym(lastClosed)}&to=${ym(addMonths(lastClosed, -1))}`, /^querystring\.from$/],
      [`${base()}/monthly?to=26-01`, /^querystring\.to/],
      [`${base()}/monthly?billingAccountId=not-a-uuid`, /^querystring\.billingAccountId/],
      [`${base()}/monthly?costCentreId=123`, /^querystring\.costCentreId/],
      [`${base()}/charge-types?chargeType=gold`, /^querystring\.chargeType/],
      [`${base()}/monthly?colour=red`, /^querystring\.colour/],
      [`${base()}/per-planet`, /^params\.figure/],
    ];
    for (const [path, field] of cases) {
      const res = await finance.get<{ code: string; errors: Array<{ field: string }> }>(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors[0]!.field, path).toMatch(field);
    }
  });
});

describe('who sees the figures', () => {
  it('an Access Manager, a fleet manager without Insights and a Service User 403; another customer 404', async () => {
    for (const email of ['manager@acme.test', 'fleet@acme.test', 'employee@acme.test']) {
      const client = await signedIn(t.url, email);
      expect((await client.get(`${base()}/monthly`)).status, email).toBe(403);
      expect((await client.get(`${base()}/coverage`)).status, email).toBe(403);
      expect((await client.get(`${base()}/views`)).status, email).toBe(403);
    }
    const other = await signedIn(t.url, 'owner@noordzee.test');
    expect((await other.get(`${base()}/monthly`)).status).toBe(404);
    expect((await other.get(`${base()}/coverage`)).status).toBe(404);
    expect((await other.get(`/api/v1/customers/${noordzee}/insights/monthly`)).status).toBe(200);
  });
});

describe('coverage of the demo (INS-1)', () => {
  it('every demo customer whose first billing run switched Insights on has all its accounts covered (they existed before)', async () => {
    const db = t.database.db;
    const customers = await db.selectFrom('customer_apps as ca').innerJoin('customers as c', 'c.id', 'ca.customer_id')
      .where('ca.app', '=', 'insights').select(['c.id', 'c.name']).execute();
    expect(customers.map((c) => c.name)).toEqual(expect.arrayContaining(['Acme Retail SRL', 'Brightwave IT BV']));
    for (const c of customers) {
      const { rows } = await sql<{ uncovered: string[] }>`
        SELECT coalesce(array_agg(ba.number), '{}') AS uncovered FROM billing_accounts ba
         WHERE ba.customer_id = ${c.id} AND NOT (ba.id = ANY (app_covered_accounts(${c.id}::uuid, 'insights')))`.execute(db);
      expect(rows[0]!.uncovered, c.name).toEqual([]);
    }
  });
});

describe('coverage and access requests (INS-1)', () => {
  let later: { id: string; number: string };
  let refusedOne: { id: string; number: string };

  beforeAll(async () => {
    const db = t.database.db;
    const activation = (await db.selectFrom('customer_apps').where('customer_id', '=', acme).where('app', '=', 'insights').select('activated_at').executeTakeFirstOrThrow()).activated_at;
    const after = new Date(new Date(activation).getTime() + 86_400_000);
    later = await db.insertInto('billing_accounts').values({ customer_id: acme, number: 'ACME-0901', name: 'Acme mobile – new site', type: 'mobile', created_at: after })
      .returning(['id', 'number']).executeTakeFirstOrThrow();
    refusedOne = await db.insertInto('billing_accounts').values({ customer_id: acme, number: 'ACME-0902', name: 'Acme mobile – pilot', type: 'mobile', created_at: after })
      .returning(['id', 'number']).executeTakeFirstOrThrow();
    await closeMonth(db, acme, later, lastClosed, [{ simId: null, costCentreId: null, chargeType: 'subscription', amountCents: 12_345 }]);
  });

  const monthTotal = async (client: ApiClient) =>
    (await client.get<Figure<{ amountCents: number }>>(`${base()}/monthly?from=${ym(lastClosed)}&to=${ym(lastClosed)}`)).body.rows[0]!.amountCents;

  it('a billing account created after the activation is not covered, and its data is not shown', async () => {
    // The AO reads every billing account (the financial manager's rights name the three seeded ones).
    const coverage = await owner.get<{ activatedAt: string; billingAccounts: Array<{ id: string; covered: boolean; request: unknown }> }>(`${base()}/coverage`);
    expect(coverage.status).toBe(200);
    expect(coverage.body.activatedAt).toEqual(expect.any(String));
    const byId = new Map(coverage.body.billingAccounts.map((b) => [b.id, b]));
    for (const a of accounts) expect(byId.get(a.id)).toMatchObject({ covered: true, request: null });
    expect(byId.get(later.id)).toMatchObject({ covered: false, request: null });
    const lines = await linesOf(accounts.map((a) => a.id), lastClosed, lastClosed);
    expect(await monthTotal(owner)).toBe(lines.reduce((s, l) => s + l.amount, 0));
    // Even filtered on it explicitly.
    const only = await owner.get<Figure<unknown>>(`${base()}/billing-accounts?billingAccountId=${later.id}`);
    expect(only.body.rows).toEqual([]);
  });

  it('an Insights right on the whole customer: figures of the covered accounts only, and no invoice, call detail or usage at all (ROLE-4)', async () => {
    const db = t.database.db;
    const financeM = (await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
      .where('u.email', '=', 'finance@acme.test').where('m.customer_id', '=', acme).select('m.id').executeTakeFirstOrThrow()).id;
    const saved = await db.selectFrom('grants').selectAll().where('membership_id', '=', financeM).execute();
    const laterInvoice = (await db.selectFrom('invoices').where('customer_id', '=', acme).where('billing_account_id', '=', later.id).select('id').executeTakeFirstOrThrow()).id;
    try {
      // Insights alone, on the whole customer: what would otherwise open every account's invoices.
      await db.deleteFrom('grants').where('membership_id', '=', financeM).where('app', '<>', 'insights').execute();
      await db.updateTable('grants').set({ billing_account_ids: [] }).where('membership_id', '=', financeM).execute();
      const insightsOnly = await signedIn(t.url, 'finance@acme.test');
      const byAccount = await insightsOnly.get<Figure<{ billingAccountId: string }>>(`${base()}/billing-accounts`);
      expect(byAccount.status).toBe(200);
      expect(byAccount.body.rows.length).toBeGreaterThan(0);
      expect(byAccount.body.rows.filter((r) => r.billingAccountId === later.id)).toEqual([]);
      // Insights reads roll-ups: the invoices, their call details and the usage are the invoices app's.
      for (const path of ['invoices?limit=100', `invoices/${laterInvoice}`, `invoices/${laterInvoice}/call-details`, 'usage/unbilled', 'billing-documents']) {
        expect((await insightsOnly.get(`/api/v1/customers/${acme}/${path}`)).status, path).toBe(403);
      }
    } finally {
      await db.deleteFrom('grants').where('membership_id', '=', financeM).execute();
      await db.insertInto('grants').values(saved).execute();
    }
  });

  it('refusals: the AM and an SPU may not ask; a covered account, another customer’s or an unknown one neither', async () => {
    const path = `/api/v1/customers/${acme}/access-requests`;
    const body = { app: 'insights', billingAccountId: later.id };
    expect((await (await signedIn(t.url, 'manager@acme.test')).post(path, body)).status).toBe(403);
    expect((await finance.post(path, body)).status).toBe(403);
    expect((await (await signedIn(t.url, 'owner@noordzee.test')).post(path, body)).status).toBe(404);
    const covered = await owner.post<{ code: string }>(path, { app: 'insights', billingAccountId: accounts[0]!.id });
    expect(covered.status).toBe(409);
    expect(covered.body.code).toBe('already_covered');
    const noordzeeAccount = (await t.database.db.selectFrom('billing_accounts').where('customer_id', '=', noordzee).select('id').executeTakeFirstOrThrow()).id;
    for (const id of [noordzeeAccount, '00000000-0000-4000-8000-000000000000']) {
      const res = await owner.post<{ errors: Array<{ field: string }> }>(path, { app: 'insights', billingAccountId: id });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]!.field).toBe('body.billingAccountId');
    }
    const bad = await owner.post<{ errors: Array<{ field: string }> }>(path, { app: 'fleet', billingAccountId: later.id });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.field).toMatch(/^body\.app/);
  });

  it('the AO asks, operator staff approve, the requester is mailed, and the account is covered from then on', async () => {
    const path = `/api/v1/customers/${acme}/access-requests`;
    const created = await owner.post<{ id: string; status: string; billingAccount: { number: string } }>(path, { app: 'insights', billingAccountId: later.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', billingAccount: { number: 'ACME-0901' } });
    const again = await owner.post<{ code: string }>(path, { app: 'insights', billingAccountId: later.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('access_request_pending');

    const mine = await owner.get<{ items: Array<{ id: string }> }>(path);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i) => i.id)).toContain(created.body.id);
    expect((await (await signedIn(t.url, 'manager@acme.test')).get(path)).status).toBe(403);

    const coverage = await owner.get<{ billingAccounts: Array<{ id: string; covered: boolean; request: unknown }> }>(`${base()}/coverage`);
    expect(coverage.body.billingAccounts.find((b) => b.id === later.id)).toMatchObject({ covered: false, request: { id: created.body.id, status: 'pending' } });

    const operator = await signedIn(t.url, 'operator@mandate.test');
    expect((await owner.get('/api/v1/operator/access-requests')).status).toBe(403);
    const queue = await operator.get<{ items: Array<{ id: string; customerName: string }> }>('/api/v1/operator/access-requests?status=pending');
    expect(queue.status).toBe(200);
    expect(queue.body.items).toContainEqual(expect.objectContaining({ id: created.body.id, customerName: 'Acme Belgium NV' }));
    expect((await owner.post(`/api/v1/operator/access-requests/${created.body.id}/decision`, { approve: true })).status).toBe(403);

    const before = await monthTotal(owner);
    const decided = await operator.post<{ status: string; decidedAt: string }>(`/api/v1/operator/access-requests/${created.body.id}/decision`, { approve: true });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    const twice = await operator.post<{ code: string }>(`/api/v1/operator/access-requests/${created.body.id}/decision`, { approve: false, reason: 'x' });
    expect(twice.status).toBe(409);
    expect((await operator.post(`/api/v1/operator/access-requests/00000000-0000-4000-8000-000000000000/decision`, { approve: true })).status).toBe(404);

    expect(await monthTotal(owner)).toBe(before + 12_345);
    // The financial manager's rights do not name the new account: his figures stay as they were.
    expect(await monthTotal(finance)).toBe(before);
    const after = await owner.get<{ billingAccounts: Array<{ id: string; covered: boolean; request: unknown }> }>(`${base()}/coverage`);
    expect(after.body.billingAccounts.find((b) => b.id === later.id)).toMatchObject({ covered: true, request: { id: created.body.id, status: 'approved' } });
    const covered = await owner.post<{ code: string }>(path, { app: 'insights', billingAccountId: later.id });
    expect(covered.status).toBe(409);

    const db = t.database.db;
    const row = await db.selectFrom('app_access_requests').where('id', '=', created.body.id).select(['decided_by', 'decided_at']).executeTakeFirstOrThrow();
    const operatorId = (await db.selectFrom('users').where('email', '=', 'operator@mandate.test').select('id').executeTakeFirstOrThrow()).id;
    expect(row.decided_by).toBe(operatorId);
    const audit = await db.selectFrom('audit_log').where('target_id', '=', created.body.id).select(['action', 'actor_user_id', 'customer_id']).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['access_request.create', 'access_request.approve']);
    expect(audit[1]).toMatchObject({ actor_user_id: operatorId, customer_id: acme });
    const mail = await db.selectFrom('mail_outbox').where('to_address', '=', 'owner@acme.test').where('kind', '=', 'app_access_approved')
      .select(['subject', 'body_text', 'language']).executeTakeFirstOrThrow();
    expect(mail.language).toBe('nl');
    expect(mail.subject).toContain('ACME-0901');
  });

  it('a refusal needs a reason, is mailed, and the AO may ask again', async () => {
    const path = `/api/v1/customers/${acme}/access-requests`;
    const operator = await signedIn(t.url, 'operator@mandate.test');
    const created = await owner.post<{ id: string }>(path, { app: 'insights', billingAccountId: refusedOne.id });
    expect(created.status).toBe(201);
    const noReason = await operator.post<{ errors: Array<{ field: string }> }>(`/api/v1/operator/access-requests/${created.body.id}/decision`, { approve: false, reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]!.field).toBe('body.reason');
    const refused = await operator.post<{ status: string; reason: string }>(`/api/v1/operator/access-requests/${created.body.id}/decision`, { approve: false, reason: 'No contract for this site' });
    expect(refused.body).toMatchObject({ status: 'refused', reason: 'No contract for this site' });
    const mail = await t.database.db.selectFrom('mail_outbox').where('kind', '=', 'app_access_refused').select('body_text').executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('No contract for this site');
    const coverage = await owner.get<{ billingAccounts: Array<{ id: string; covered: boolean; request: unknown }> }>(`${base()}/coverage`);
    expect(coverage.body.billingAccounts.find((b) => b.id === refusedOne.id)).toMatchObject({ covered: false, request: { status: 'refused' } });
    expect((await owner.post(path, { app: 'insights', billingAccountId: refusedOne.id })).status).toBe(201);
  });
});

describe('saved views (INS-3)', () => {
  const state = (figure = 'monthly') => ({ figure, from: '2026-01', to: '2026-06', chargeTypes: ['data', 'roaming'] });

  it('a user saves, lists and deletes his own views; names are unique per user', async () => {
    const created = await finance.post<{ id: string; name: string; state: unknown }>(`${base()}/views`, { name: 'Data this half', state: state() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Data this half', state: state() });
    const dup = await finance.post<{ code: string }>(`${base()}/views`, { name: 'Data this half', state: state('top-sims') });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('view_name_taken');
    const sameButCase = await finance.post<{ code: string }>(`${base()}/views`, { name: 'DATA THIS HALF', state: state('top-sims') });
    expect(sameButCase.status).toBe(409);
    // Another user may use the same name; he sees only his own views.
    expect((await owner.post(`${base()}/views`, { name: 'Data this half', state: state('change') })).status).toBe(201);
    const list = await finance.get<{ items: Array<{ id: string; name: string }> }>(`${base()}/views`);
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, name: 'Data this half' })]);
    const ownerList = await owner.get<{ items: Array<{ id: string; state: { figure: string } }> }>(`${base()}/views`);
    expect(ownerList.body.items.map((v) => v.state.figure)).toEqual(['change']);
    // Another user's view is not found.
    expect((await owner.request('DELETE', `${base()}/views/${created.body.id}`)).status).toBe(404);
    expect((await finance.request('DELETE', `${base()}/views/${created.body.id}`)).status).toBe(204);
    expect((await finance.request('DELETE', `${base()}/views/${created.body.id}`)).status).toBe(404);
    expect((await finance.get<{ items: unknown[] }>(`${base()}/views`)).body.items).toEqual([]);
  });

  it('a user renames his view or keeps the screen as it is now in it; names stay unique, another user\'s view is not found', async () => {
    const first = await finance.post<{ id: string }>(`${base()}/views`, { name: 'Roaming', state: state() });
    const second = await finance.post<{ id: string }>(`${base()}/views`, { name: 'Top lines', state: state('top-sims') });
    const view = (id: string) => `${base()}/views/${id}`;
    const renamed = await finance.request<{ name: string; state: unknown }>('PATCH', view(first.body.id), { name: '  Roaming this half ' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Roaming this half', state: state() });
    const restated = await finance.request<{ name: string; state: unknown }>('PATCH', view(first.body.id), { state: state('charge-types') });
    expect(restated.body).toMatchObject({ name: 'Roaming this half', state: state('charge-types') });
    // Renaming a view to its own name in other letters is fine; to another view's name, whatever its case, is not.
    expect((await finance.request('PATCH', view(first.body.id), { name: 'ROAMING this half' })).status).toBe(200);
    const taken = await finance.request<{ code: string; errors: Array<{ field: string }> }>('PATCH', view(first.body.id), { name: 'top LINES' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'view_name_taken', errors: [{ field: 'body.name' }] });
    // The view keeps how the change is broken down.
    const byCentre = await finance.request<{ state: unknown }>('PATCH', view(second.body.id), { state: { ...state('top-sims'), changeBy: 'costCentre' } });
    expect(byCentre.body).toMatchObject({ state: { figure: 'top-sims', changeBy: 'costCentre' } });
    for (const [body, field] of [
      [{}, 'body'], [{ name: ' ' }, 'body.name'], [{ state: { ...state(), figure: 'pie' } }, 'body.state.figure'], [{ state: { ...state(), changeBy: 'plan' } }, 'body.state.changeBy'],
    ] as const) {
      const bad = await finance.request<{ errors: Array<{ field: string }> }>('PATCH', view(first.body.id), body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.errors[0]!.field).toMatch(new RegExp(`^${field.replace('.', '\\.')}`));
    }
    expect((await owner.request('PATCH', view(first.body.id), { name: 'Mine now' })).status).toBe(404);
    const list = await finance.get<{ items: Array<{ id: string; name: string; state: { figure: string } }> }>(`${base()}/views`);
    expect(list.body.items.map((v) => [v.name, v.state.figure])).toEqual([['ROAMING this half', 'charge-types'], ['Top lines', 'top-sims']]);
    for (const id of [first.body.id, second.body.id]) expect((await finance.request('DELETE', view(id))).status).toBe(204);
  });

  it('the state is validated, and a user keeps at most 50 views', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'x', state: { ...state(), chargeTypes: ['gold'] } }, /^body\.state\.chargeTypes/],
      [{ name: 'x', state: { ...state(), figure: 'pie' } }, /^body\.state\.figure/],
      [{ name: 'x', state: { ...state(), billingAccountIds: ['nope'] } }, /^body\.state\.billingAccountIds/],
      // An id of no account or centre of this customer.
      [{ name: 'x', state: { ...state(), billingAccountIds: [randomUUID()] } }, /^body\.state\.billingAccountIds\.0$/],
      [{ name: 'x', state: { ...state(), costCentreIds: [randomUUID()] } }, /^body\.state\.costCentreIds\.0$/],
      [{ name: 'x', state: { ...state(), from: '2026-07' } }, /^body\.state\.from$/],
      [{ name: 'x', state: { ...state(), colour: 'red' } }, /^body\.state\.colour/],
      [{ name: '   ', state: state() }, /^body\.name/],
      [{ state: state() }, /^body\.name/],
    ];
    for (const [body, field] of cases) {
      const res = await finance.post<{ errors: Array<{ field: string }> }>(`${base()}/views`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0]!.field).toMatch(field);
    }
    const financeId = (await t.database.db.selectFrom('users').where('email', '=', 'finance@acme.test').select('id').executeTakeFirstOrThrow()).id;
    await t.database.db.insertInto('saved_views').values(Array.from({ length: 50 }, (_, i) => ({
      customer_id: acme, user_id: financeId, app: 'insights', name: `View ${i}`, state: JSON.stringify(state()),
    }))).execute();
    const full = await finance.post<{ code: string }>(`${base()}/views`, { name: 'One too many', state: state() });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('view_limit_reached');
  });
});

describe('scope and retention', () => {
  it('a financial manager narrowed to one billing account sees only its figures', async () => {
    const db = t.database.db;
    const financeId = (await db.selectFrom('users').where('email', '=', 'finance@acme.test').select('id').executeTakeFirstOrThrow()).id;
    const membershipId = (await db.selectFrom('memberships').where('user_id', '=', financeId).where('customer_id', '=', acme).select('id').executeTakeFirstOrThrow()).id;
    await db.updateTable('grants').set({ billing_account_ids: [accounts[1]!.id] }).where('membership_id', '=', membershipId).where('app', '=', 'insights').execute();
    const res = await finance.get<Figure<{ billingAccountId: string }>>(`${base()}/billing-accounts`);
    expect(res.body.rows.map((r) => r.billingAccountId)).toEqual([accounts[1]!.id]);
    const monthly = await finance.get<Figure<{ month: string; amountCents: number }>>(`${base()}/monthly?from=${ym(lastClosed)}&to=${ym(lastClosed)}`);
    const lines = await linesOf([accounts[1]!.id], lastClosed, lastClosed);
    expect(monthly.body.rows).toEqual([{ month: ym(lastClosed), amountCents: lines.reduce((s, l) => s + l.amount, 0) }]);
  });

  it('INV-2: a month whose period is not closed yet is never shown as billed, neither as 0 nor as a change', async () => {
    // Two months on: the calendar month before the clock's has no closed period (no billing run yet).
    t.clock.set(new Date(`${addMonths(lastClosed, 2)}T10:00:00+01:00`));
    const client = await signedIn(t.url, 'owner@acme.test');
    const monthly = await client.get<Figure<{ month: string; amountCents: number }>>(`${base()}/monthly`);
    expect(monthly.status).toBe(200);
    expect(monthly.body.to).toBe(ym(lastClosed));
    expect(monthly.body.rows.at(-1)).toMatchObject({ month: ym(lastClosed), amountCents: expect.any(Number) });
    expect(monthly.body.rows.at(-1)!.amountCents).toBeGreaterThan(0);
    const change = await client.get<{ month: string | null; previousMonth: string | null }>(`${base()}/change`);
    expect(change.body).toMatchObject({ month: ym(lastClosed), previousMonth: ym(addMonths(lastClosed, -1)) });
  });

  it('a month leaves the figures at the instant its billing data leaves the 12-month window', async () => {
    const oldest = addMonths(lastClosed, -11);
    const range = `from=${ym(oldest)}&to=${ym(lastClosed)}`;
    // Billing data of a period ending on the last day of `oldest` is visible through that day 12 months later (RET-1).
    const expiry = new Date(`${addMonths(addMonths(oldest, 1), 12)}T00:00:00+01:00`);
    expect(brusselsDate(expiry)).toBe(addMonths(addMonths(oldest, 1), 12));
    t.clock.set(new Date(expiry.getTime() - 1));
    let client = await signedIn(t.url, 'owner@acme.test');
    const before = await client.get<Figure<{ month: string }>>(`${base()}/monthly?${range}`);
    expect(before.status).toBe(200);
    expect(before.body.rows[0]!.month).toBe(ym(oldest));
    t.clock.set(expiry);
    client = await signedIn(t.url, 'owner@acme.test');
    const after = await client.get<Figure<{ month: string }>>(`${base()}/monthly?${range}`);
    expect(after.body.from).toBe(ym(addMonths(oldest, 1)));
    expect(after.body.rows.map((r) => r.month)).not.toContain(ym(oldest));
    const types = await client.get<Figure<{ amountCents: number }>>(`${base()}/charge-types?${range}`);
    const lines = await linesOf(accounts.map((a) => a.id), addMonths(oldest, 1), lastClosed);
    expect(types.body.rows.reduce((s, r) => s + r.amountCents, 0)).toBe(lines.reduce((s, l) => s + l.amount, 0) + 12_345);
  });

  it('a range of months not closed yet holds no change, as it holds no month', async () => {
    const client = await signedIn(t.url, 'finance@acme.test');
    const open = ym(addMonths(lastClosed, 1));
    const change = await client.get<{ month: string | null; currentCents: number; rows: unknown[] }>(`${base()}/change?from=${open}&to=${open}`);
    expect(change.status).toBe(200);
    expect(change.body).toMatchObject({ month: null, currentCents: 0, rows: [] });
    expect((await client.get<Figure<unknown>>(`${base()}/monthly?from=${open}&to=${open}`)).body.rows).toEqual([]);
  });

  it('a range wholly before the window holds no month and reads as its last month, never reversed', async () => {
    const client = await signedIn(t.url, 'finance@acme.test');
    for (const figure of ['monthly', 'billing-accounts', 'change']) {
      const res = await client.get<Figure<unknown>>(`${base()}/${figure}?from=2020-01&to=2020-06`);
      expect(res.status, figure).toBe(200);
      expect(res.body, figure).toMatchObject({ from: '2020-06', to: '2020-06', rows: [] });
    }
  });
});
