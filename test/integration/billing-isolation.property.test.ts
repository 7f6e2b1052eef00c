import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, brusselsDate, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { isRetained } from '@mandate/domain/retention';
import { ensureMonthPartitions } from '@mandate/server/lib/partitions';
import { ApiClient, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Property-based billing isolation (ROLE-2..6, DLG-2..4, INV-3, RET-1): after random grants of the
 * invoices, insights and invoice-delivery apps, scoped to random Acme billing accounts and given through the HTTP API
 * by the Access Owner, a random observer among the seeded personas sees, in the invoice list, each
 * invoice's detail, its call details and the Insights monthly figures, only rows of the billing
 * accounts an ORACLE allows him — written from the SPEC, not from packages/authz — and a 404 for
 * every other invoice (a 403 where he has no right to invoices at all).
 *
 * The oracle reads the database: an AO reads all the customer's billing data (ROLE-2), an AM none
 * (ROLE-3), a Support Portal User what his rights in an app that opens billing data give,
 * narrowed to billing accounts (ROLE-4, ROLE-6: a right narrowed to cost centres holds no billing
 * account), a Service User only his own line (ROLE-5: no invoices), a delegate the delegated rights
 * (DLG-3), anybody else nothing (404). Retention hides what left its window (RET-1, INV-3).
 *
 * Data: the seeded demo data of Acme (whatever the seed holds) plus a small fixture of its own (an
 * invoice per Acme account in January 2027 with call details and roll-ups, and an expired one of
 * June 2024), the clock on 15 February 2027.
 */

/** Apps whose rights open invoices (SPEC §4 My invoice online, §6 Fleet Manager's billing data, §8 delivery); Insights reads only its roll-ups (ROLE-4). */
const INVOICE_APPS = new Set(['invoices', 'fleet-manager', 'invoice-delivery']);
/** Only Invoice Insights opens its figures (§5). */
const INSIGHT_APPS = new Set(['insights']);
/** Only the invoice-delivery app opens how accounts receive their invoices (§8). */
const DELIVERY_APPS = new Set(['invoice-delivery']);

const OBSERVERS = ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test', 'owner@noordzee.test'];
const TARGETS = ['finance@acme.test', 'fleet@acme.test', 'employee@acme.test'];
const NOW = new Date('2027-02-15T10:00:00Z');
const RUN = 'billing-isolation';
const INSIGHT_RANGE = { from: '2026-03', to: '2027-01' };

let t: TestApp;
let acme = '';
let bas: string[] = [];
const userIds = new Map<string, string>();
/** Each observer signed in once (the clock stands still: the tokens stay valid). */
const clients = new Map<string, ApiClient>();
const fixtureInvoices = new Set<string>();
let snapshotGrants: Array<Record<string, unknown>> = [];
const db = () => t.database.db;
const api = (suffix: string) => `/api/v1/customers/${acme}${suffix}`;
const start = (day: IsoDate) => brusselsStartOfDay(day);
const lastDay = (month: IsoDate) => addDays(addMonths(month, 1), -1);

// ---- the oracle ---------------------------------------------------------------------------------

interface Allowed {
  /** He can act for Acme at all. */
  context: boolean;
  invoiceBas: Set<string>;
  insightBas: Set<string>;
  deliveryBas: Set<string>;
  /** Some rule of his reads invoices / insights (else the gate answers 403). */
  anyInvoiceRight: boolean;
  anyInsightRight: boolean;
  anyDeliveryRight: boolean;
}

async function oracle(email: string): Promise<Allowed> {
  const out: Allowed = {
    context: false, invoiceBas: new Set(), insightBas: new Set(), deliveryBas: new Set(), anyInvoiceRight: false, anyInsightRight: false, anyDeliveryRight: false,
  };
  const userId = userIds.get(email)!;
  const today = brusselsDate(NOW);
  const [apps, customers] = await Promise.all([
    db().selectFrom('customer_apps').select('app').where('customer_id', '=', acme).where('deactivated_at', 'is', null).execute(),
    db().selectFrom('customers').select(['id', 'status']).execute(),
  ]);
  const acmeApps = new Set(apps.map((a) => a.app));
  const active = new Set(customers.filter((c) => c.status === 'active').map((c) => c.id));
  const givesAccess = (m: { status: string; employment_end: unknown; customer_id: string }) =>
    m.status === 'active' && (m.employment_end === null || String(m.employment_end instanceof Date ? brusselsDate(m.employment_end) : m.employment_end).slice(0, 10) >= today)
    && active.has(m.customer_id);
  const apply = (r: { app: string; actions: string[]; ba: string[]; cc: string[] }) => {
    if (!acmeApps.has(r.app) || !r.actions.includes('read') || r.cc.length > 0) return;
    const accounts = r.ba.length === 0 ? bas : bas.filter((b) => r.ba.includes(b));
    if (INVOICE_APPS.has(r.app)) for (const b of accounts) out.invoiceBas.add(b);
    if (INSIGHT_APPS.has(r.app)) for (const b of accounts) out.insightBas.add(b);
    if (DELIVERY_APPS.has(r.app)) for (const b of accounts) out.deliveryBas.add(b);
  };
  const m = await db().selectFrom('memberships').select(['id', 'profile', 'status', 'employment_end', 'customer_id'])
    .where('customer_id', '=', acme).where('user_id', '=', userId).executeTakeFirst();
  if (m && givesAccess(m)) {
    out.context = true;
    if (m.profile === 'access_owner') {
      for (const b of bas) {
        out.invoiceBas.add(b);
        if (acmeApps.has('insights')) out.insightBas.add(b);
        if (acmeApps.has('invoice-delivery')) out.deliveryBas.add(b);
      }
    } else if (m.profile === 'support_portal_user') {
      const grants = await db().selectFrom('grants').select(['app', 'actions', 'billing_account_ids', 'cost_centre_ids']).where('membership_id', '=', m.id).execute();
      for (const g of grants) apply({ app: g.app, actions: g.actions, ba: g.billing_account_ids, cc: g.cost_centre_ids });
    }
    // ROLE-3: an AM sees no customer data; ROLE-5: a Service User his own line only, no invoices.
  }
  const delegations = await db().selectFrom('delegations as d').innerJoin('delegation_users as u', 'u.delegation_id', 'd.id')
    .select(['d.partner_id', 'd.rights', 'd.billing_account_ids', 'd.cost_centre_ids', 'd.starts_at', 'd.ends_at'])
    .where('d.customer_id', '=', acme).where('d.status', '=', 'active').where('u.user_id', '=', userId).execute();
  for (const d of delegations) {
    if (new Date(d.starts_at) > NOW || new Date(d.ends_at) <= NOW || !active.has(d.partner_id)) continue;
    const pm = await db().selectFrom('memberships').select(['status', 'employment_end', 'customer_id']).where('customer_id', '=', d.partner_id)
      .where('user_id', '=', userId).executeTakeFirst();
    if (!pm || !givesAccess(pm)) continue;
    out.context = true;
    const rights = (typeof d.rights === 'string' ? JSON.parse(d.rights) : d.rights) as Array<{ app: string; actions: string[] }>;
    for (const r of rights) apply({ ...r, ba: d.billing_account_ids, cc: d.cost_centre_ids });
  }
  out.anyInvoiceRight = out.invoiceBas.size > 0;
  out.anyInsightRight = out.insightBas.size > 0;
  out.anyDeliveryRight = out.deliveryBas.size > 0;
  return out;
}

/** `retained`: shown at all (billing data, or a fixed-service PDF invoice, INV-3); `detailed`: its billing data still kept (lines, call details). */
interface InvoiceRow { id: string; ba: string; retained: boolean; detailed: boolean }
async function acmeInvoices(): Promise<InvoiceRow[]> {
  const rows = await db().selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .leftJoin('invoice_pdfs as p', (j) => j.onRef('p.customer_id', '=', 'i.customer_id').onRef('p.invoice_id', '=', 'i.id'))
    .select(['i.id', 'i.billing_account_id', 'i.period_end', 'i.issue_date', 'ba.type', 'p.invoice_id as pdf'])
    .where('i.customer_id', '=', acme).orderBy('i.issue_date').orderBy('i.id').execute();
  return rows.map((r) => {
    const detailed = isRetained('billing_data', r.period_end, NOW);
    return { id: r.id, ba: r.billing_account_id, detailed, retained: detailed || (r.type === 'fix' && r.pdf !== null && isRetained('fixed_invoice_pdf', r.issue_date, NOW)) };
  });
}

async function expectedMonthly(allowed: Set<string>): Promise<Record<string, number>> {
  if (allowed.size === 0) return {};
  const rows = await db().selectFrom('usage_rollups').select(['month', 'billing_account_id', 'amount_cents'])
    .where('customer_id', '=', acme).where('billing_account_id', 'in', [...allowed])
    .where('month', '>=', `${INSIGHT_RANGE.from}-01`).where('month', '<=', `${INSIGHT_RANGE.to}-01`).execute();
  const out: Record<string, number> = {};
  for (const r of rows) {
    if (!isRetained('billing_data', lastDay(String(r.month).slice(0, 10)), NOW)) continue;
    const key = String(r.month).slice(0, 7);
    out[key] = (out[key] ?? 0) + Number(r.amount_cents);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== 0).sort());
}

// ---- the checks -----------------------------------------------------------------------------------

async function checkObserver(email: string, sample: number, log: string[]) {
  const label = `${email} after [${log.join(' | ')}]`;
  const exp = await oracle(email);
  const client = clients.get(email)!;
  const invoices = await acmeInvoices();
  const visible = invoices.filter((i) => i.retained && exp.invoiceBas.has(i.ba));
  const denied = !exp.context ? [404] : exp.anyInvoiceRight ? [404] : [403, 404];

  // The invoice list: exactly the retained invoices of the accounts he may read.
  const list = await client.get<{ items: Array<{ id: string; billingAccount: { id: string } }>; nextCursor: string | null }>(api('/invoices?limit=100'));
  if (!exp.context) expect(list.status, `${label}: list`).toBe(404);
  else if (!exp.anyInvoiceRight) expect([403, 200], `${label}: list`).toContain(list.status);
  if (list.status === 200) {
    const seen: string[] = [];
    let page = list.body;
    for (;;) {
      for (const i of page.items) {
        seen.push(i.id);
        expect(exp.invoiceBas.has(i.billingAccount.id), `${label}: listed invoice of account ${i.billingAccount.id}`).toBe(true);
      }
      if (!page.nextCursor) break;
      page = (await client.get<typeof page>(api(`/invoices?limit=100&cursor=${encodeURIComponent(page.nextCursor)}`))).body;
    }
    expect(seen.sort(), `${label}: list`).toEqual(visible.map((i) => i.id).sort());
  }

  // Each Acme invoice's detail: 200 exactly for those, 404 (403 without any invoice right) for the others.
  // The fixture's invoices every time; the demo's a third at a time, in turn (every one within three checks),
  // which keeps the property to a few seconds.
  const third = Math.ceil(invoices.length / 3);
  const checked = invoices.filter((i, k) => fixtureInvoices.has(i.id) || Math.floor(k / third) === sample % 3);
  const details = await Promise.all(checked.map((i) => client.get<{ id: string; billingAccount: { id: string } }>(api(`/invoices/${i.id}`))));
  for (const [k, i] of checked.entries()) {
    const res = details[k]!;
    if (i.retained && exp.invoiceBas.has(i.ba)) {
      expect(res.status, `${label}: detail of ${i.id}`).toBe(200);
      expect(res.body.billingAccount.id, label).toBe(i.ba);
    } else {
      expect(denied, `${label}: detail of ${i.id} (account ${i.ba}, retained ${i.retained}) → ${res.status}`).toContain(res.status);
    }
  }

  // Call details of a sample of invoices: only of an invoice he may read whose details are kept, only its own rows.
  const picks = invoices.filter((_, k) => (k + sample) % Math.max(1, Math.floor(invoices.length / 4)) === 0);
  const calls = await Promise.all(picks.map((i) => client.get<{ items: Array<{ id: number }> }>(api(`/invoices/${i.id}/call-details?limit=100`))));
  for (const [k, i] of picks.entries()) {
    const res = calls[k]!;
    if (!(i.detailed && exp.invoiceBas.has(i.ba))) {
      expect(denied, `${label}: call details of ${i.id} → ${res.status}`).toContain(res.status);
      continue;
    }
    expect(res.status, `${label}: call details of ${i.id}`).toBe(200);
    const own = new Set((await db().selectFrom('call_details').select('id').where('customer_id', '=', acme).where('invoice_id', '=', i.id).execute()).map((r) => Number(r.id)));
    for (const row of res.body.items) expect(own.has(Number(row.id)), `${label}: call detail ${row.id} of invoice ${i.id}`).toBe(true);
  }

  // Insights monthly: the sums of the roll-ups of exactly the accounts he may read in Insights.
  const monthly = await client.get<{ rows: Array<{ month: string; amountCents: number }> }>(api(`/insights/monthly?from=${INSIGHT_RANGE.from}&to=${INSIGHT_RANGE.to}`));
  if (!exp.context) expect(monthly.status, `${label}: insights`).toBe(404);
  else if (!exp.anyInsightRight) {
    expect([403, 200], `${label}: insights → ${monthly.status}`).toContain(monthly.status);
    if (monthly.status === 200) expect(monthly.body.rows.filter((r) => r.amountCents !== 0), `${label}: insights`).toEqual([]);
  } else {
    expect(monthly.status, `${label}: insights`).toBe(200);
    const got = Object.fromEntries(monthly.body.rows.filter((r) => r.amountCents !== 0).map((r) => [r.month, r.amountCents]).sort());
    expect(got, `${label}: insights monthly`).toEqual(await expectedMonthly(exp.insightBas));
  }

  // Invoice delivery: the list holds exactly the accounts he may read it of; every other account's setting is 404 (403 without any right).
  const settings = await client.get<{ items: Array<{ billingAccountId: string }> }>(api('/invoice-delivery?limit=100'));
  if (!exp.context) expect(settings.status, `${label}: delivery list`).toBe(404);
  else if (!exp.anyDeliveryRight) expect([403, 200], `${label}: delivery list`).toContain(settings.status);
  if (settings.status === 200) {
    expect(settings.body.items.map((i) => i.billingAccountId).sort(), `${label}: delivery list`).toEqual([...exp.deliveryBas].sort());
  }
  const deliveryDenied = !exp.context ? [404] : exp.anyDeliveryRight ? [404] : [403, 404];
  const one = await Promise.all(bas.map((b) => client.get(api(`/invoice-delivery/${b}`))));
  for (const [k, b] of bas.entries()) {
    if (exp.deliveryBas.has(b)) expect(one[k]!.status, `${label}: delivery setting of ${b}`).toBe(200);
    else expect(deliveryDenied, `${label}: delivery setting of ${b} → ${one[k]!.status}`).toContain(one[k]!.status);
  }
}

// ---- setup ------------------------------------------------------------------------------------------

async function fixture() {
  const sims = await db().selectFrom('sims').select(['id', 'billing_account_id', 'cost_centre_id']).where('customer_id', '=', acme).orderBy('msisdn').execute();
  await db().insertInto('billing_runs').values({ id: RUN, checksum: 'x' }).execute();
  for (const [month, tag] of [['2027-01-01', 'V'], ['2024-06-01', 'X']] as const) {
    for (const table of ['call_details', 'usage_rollups'] as const) await ensureMonthPartitions(db(), table, [month]);
    for (const [k, ba] of bas.entries()) {
      const sim = sims.find((s) => s.billing_account_id === ba) ?? null;
      const period = await db().insertInto('billing_periods').values({
        customer_id: acme, billing_account_id: ba, starts_on: month, ends_on: lastDay(month), status: 'closed', closed_at: start(addMonths(month, 1)), run_id: RUN,
      }).returning('id').executeTakeFirstOrThrow();
      const issue = addMonths(month, 1);
      const invoice = await db().insertInto('invoices').values({
        customer_id: acme, billing_account_id: ba, billing_period_id: period.id, number: `ISO-${tag}-${k}`, issue_date: issue, due_date: addDays(issue, 30),
        period_start: month, period_end: lastDay(month), amount_excl_vat_cents: 1000 * (k + 1), vat_cents: 0, amount_incl_vat_cents: 1000 * (k + 1), run_id: RUN,
      }).returning('id').executeTakeFirstOrThrow();
      fixtureInvoices.add(invoice.id);
      await db().insertInto('invoice_lines').values({
        customer_id: acme, invoice_id: invoice.id, line_no: 1, sim_id: sim?.id ?? null, charge_type: 'subscription', description: 'plan', amount_excl_vat_cents: 1000 * (k + 1),
      }).execute();
      await db().insertInto('usage_rollups').values({
        customer_id: acme, month, billing_account_id: ba, invoice_id: invoice.id, sim_id: sim?.id ?? null, cost_centre_id: sim?.cost_centre_id ?? null,
        charge_type: 'subscription', amount_cents: 1000 * (k + 1),
      }).execute();
      if (sim) {
        await db().insertInto('call_details').values({
          customer_id: acme, invoice_id: invoice.id, billing_account_id: ba, sim_id: sim.id, cost_centre_id: sim.cost_centre_id, started_at: start(addDays(month, 9 + k)),
          type: 'sms', destination: '+32470000123', standard_price_cents: 10, billed_price_cents: 10,
        }).execute();
      }
    }
  }
}

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 100_000, loginMaxPerIp: 100_000 } });
  t.clock.set(NOW);
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  bas = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).orderBy('number').execute()).map((r) => r.id);
  for (const u of await db().selectFrom('users').select(['id', 'email']).execute()) userIds.set(u.email, u.id);
  await fixture();
  for (const email of OBSERVERS) {
    const client = new ApiClient(t.url);
    expect((await client.login(email)).status, email).toBe(200);
    clients.set(email, client);
  }
  snapshotGrants = await db().selectFrom('grants')
    .select(['customer_id', 'id', 'membership_id', 'app', 'actions', 'billing_account_ids', 'cost_centre_ids', 'granted_by', 'created_at'])
    .where('customer_id', '=', acme).execute();
}, 300_000);
afterAll(async () => t?.close());

async function resetGrants() {
  await db().deleteFrom('grants').where('customer_id', '=', acme).execute();
  await db().insertInto('grants').values(snapshotGrants as never).execute();
}

const grantArb = fc.record({
  kind: fc.constantFrom('grant', 'grant', 'grant', 'revoke'),
  target: fc.nat(TARGETS.length - 1),
  app: fc.constantFrom('invoices', 'insights', 'invoice-delivery'),
  actions: fc.constantFrom(['read'], ['read', 'export']),
  /** Which Acme accounts the right is narrowed to (bit mask; 0: the whole customer). */
  accounts: fc.nat(7),
});

describe('billing isolation property: invoices, their details, call details and Insights figures show only what the rules allow', () => {
  it('random invoice/insights grants by the AO, random observers: the API agrees with the oracle', async () => {
    const owner = clients.get('owner@acme.test')!;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(grantArb, { minLength: 1, maxLength: 4 }), fc.subarray(OBSERVERS, { minLength: 1, maxLength: 2 }), fc.nat(100),
        async (grants, observers, sample) => {
          runs++;
          await resetGrants();
          const log: string[] = [];
          for (const g of grants) {
            const target = TARGETS[g.target]!;
            const path = api(`/users/${userIds.get(target)}/grants/${g.app}`);
            const billingAccountIds = bas.filter((_, k) => (g.accounts >> k) & 1);
            const res = g.kind === 'revoke'
              ? await owner.request('DELETE', path)
              : await owner.request('PUT', path, { actions: g.actions, billingAccountIds, costCentreIds: [] });
            log.push(`${g.kind} ${target} ${g.app} ${g.kind === 'grant' ? `${g.actions.join('+')} ${billingAccountIds.length || 'all'}` : ''} → ${res.status}`);
            expect(res.status, `${log.at(-1)} ${JSON.stringify(res.body)}`).toBeLessThan(500);
          }
          for (const [k, observer] of observers.entries()) await checkObserver(observer, sample + runs + k, log);
        }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 5), endOnFailure: true, verbose: 1 },
    );
    expect(runs).toBeGreaterThan(0);
  }, 120_000);
});
