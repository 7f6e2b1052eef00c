import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { isRetained, retentionStart, unbilledVisibilityCutoff } from '@mandate/domain/retention';
import { ApiClient, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Property-based fleet and usage isolation (ROLE-2..6, DLG-3, PFM-2, MOB-2, INV-1, INV-7, INV-8):
 * after random grants of the fleet-manager, mobile and invoices apps, scoped to random Acme billing
 * accounts and/or cost centres and given through the HTTP API by the Access Owner, a random
 * observer among the seeded personas sees, in the SIM list (every page), each SIM's detail and
 * change history, unbilled usage, a month's charges, call credits (with their transfers), disputes
 * and billing documents, only rows an ORACLE allows him — written from the SPEC, not from
 * packages/authz — and a 404 for every other SIM (a 403 where he has no right to that data at all).
 *
 * The oracle reads the database: an AO reads all the customer's data (ROLE-2), an AM none (ROLE-3:
 * 403), a Support Portal User what his rights in an app that opens that data give, narrowed by
 * billing account and cost centre (ROLE-4, ROLE-6; data that lies on a billing account only —
 * invoices, disputes, documents — is held by no right narrowed to cost centres), Fleet Manager and
 * Insights rights only on the accounts their app covers (PFM-2, INS-1), a Service User only the
 * lines whose end user he is (ROLE-5: no invoices), the Brightwave delegate the delegated rights
 * and scope (DLG-3), another customer's user nothing (404).
 *
 * Data: Acme's seeded demo data plus a small fixture (disputes on the other two accounts and one
 * past the retention window; call credits and a cross-account transfer on ACME-0002; a mobile
 * account opened after Fleet Manager's and Insights' activation, which they do not cover, with two
 * lines, one of them the Service User's, their usage and a call credit), the clock frozen five hours
 * after the seed, so that the 8-hour delay of unbilled usage cuts (INV-4).
 */

type Subject = 'Sim' | 'Usage' | 'Invoice' | 'Dispute';

/**
 * Which data each app opens. From the SPEC: Fleet Manager the mobile fleet and the billing data it
 * generates (PFM-1), mobile-number management the SIMs and their usage (MOB-2, MOB-3), My invoice
 * online billing and usage data, call credits and disputes (INV-1, INV-7). The SPEC is silent on
 * which rows Insights and invoice delivery open beyond their own figures and settings (held by the
 * seeded financial manager): for those, packages/authz/src/subjects.ts APP_SUBJECTS is followed
 * (Insights: none of these, its figures only; invoice delivery: invoices).
 */
const OPENS: Record<string, ReadonlySet<Subject>> = {
  'fleet-manager': new Set(['Sim', 'Usage', 'Invoice']),
  mobile: new Set(['Sim', 'Usage']),
  invoices: new Set(['Invoice', 'Usage', 'Dispute']),
  insights: new Set(),
  'invoice-delivery': new Set(['Invoice']),
};
/**
 * What a scope can narrow each kind of data by (ROLE-6): a SIM and its usage lie on a billing
 * account, a cost centre and an end user; an invoice, its disputes and the other billing documents
 * on a billing account only (an invoice spans cost centres and lines).
 */
const HAS_COST_CENTRE: ReadonlySet<Subject> = new Set(['Sim', 'Usage']);
const HAS_END_USER: ReadonlySet<Subject> = new Set(['Sim', 'Usage']);

const GRANT_APPS = ['fleet-manager', 'mobile', 'invoices'] as const;
/** The actions each granted app carries (ROLE-6): the generator picks among these only. */
const GRANT_ACTIONS: Record<(typeof GRANT_APPS)[number], readonly string[]> = {
  'fleet-manager': ['read', 'update', 'export'],
  mobile: ['read', 'update'],
  invoices: ['read', 'export'],
};
const OBSERVERS = ['owner@acme.test', 'manager@acme.test', 'finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'admin@brightwave.test', 'owner@noordzee.test'];
const TARGETS = ['finance@acme.test', 'fleet@acme.test', 'employee@acme.test'];
/** Five hours after the seed (SEED_NOW, 2026-11-02T09:00Z): November 2026 is open, October the latest closed month. */
const NOW = new Date('2026-11-02T14:00:00Z');
const CURRENT_MONTH = brusselsDate(NOW).slice(0, 7);
const LAST_MONTH = addMonths(`${CURRENT_MONTH}-01`, -1).slice(0, 7);
/** Months of charges, in turn: the latest closed, an older one, the oldest retained and one past the window (empty for all, RET-1). */
const CHARGE_MONTHS = [LAST_MONTH, '2026-04', '2025-11', '2025-10'];
const CREDIT_MONTHS = [CURRENT_MONTH, LAST_MONTH];

let t: TestApp;
let acme = '';
/** Acme's billing accounts by number: the three seeded ones, then the late one (not covered, PFM-2). */
let bas: string[] = [];
let lateAccount = '';
let ccs: string[] = [];
const userIds = new Map<string, string>();
const clients = new Map<string, ApiClient>();
let snapshotGrants: Array<Record<string, unknown>> = [];
/** PFM-2, INS-1: the billing accounts each app covers (read once through the API: grants do not change it). */
const coverage = new Map<string, ReadonlySet<string>>();
const db = () => t.database.db;
const api = (suffix: string) => `/api/v1/customers/${acme}${suffix}`;

// ---- the data (unchanged by the property: only grants change) ------------------------------------

/** Where a row lies: the scope dimensions of ROLE-6 and the end user of ROLE-5. */
interface Place { ba: string; cc: string | null; user: string | null }
interface SimRow extends Place { id: string; msisdn: string }
let sims: SimRow[] = [];
let simById = new Map<string, SimRow>();
/** SIMs of an affiliate and of another customer, asked for under Acme's path. */
const foreignSims: string[] = [];
/** Unbilled usage events shown at NOW to someone who may read them all (INV-2, INV-4, RET-1). */
let unbilled: Array<{ id: number; place: Place }> = [];
/** Roll-up rows of the charge months whose invoice is still retained. */
let rollups: Array<{ month: string; simId: string | null; chargeType: string; amount: number; place: Place }> = [];
let credits: Array<{ month: string; simId: string; place: Place }> = [];
let transfers: Array<{ id: string; from: string; to: string; at: Date }> = [];
let disputes: Array<{ id: string; ba: string; retained: boolean }> = [];
let documents: Array<{ id: string; ba: string; shown: boolean }> = [];

// ---- the oracle --------------------------------------------------------------------------------

/** A right as the SPEC describes it (ROLE-6): app, actions, scope; a Service User's is held on his own lines only (ROLE-5). */
interface Right { app: string; actions: readonly string[]; ba: readonly string[]; cc: readonly string[]; user?: string }
interface Allowed {
  /** He can act for Acme at all (else 404 everywhere). */
  context: boolean;
  /** ROLE-2: all the customer's data. */
  owner: boolean;
  rights: Right[];
}

let acmeApps = new Set<string>();

/** The billing accounts a right reaches: its scope's (all when it names none), within what its app covers (PFM-2, INS-1). */
function reachedAccounts(r: Right): string[] {
  const scoped = r.ba.length === 0 ? bas : bas.filter((b) => r.ba.includes(b));
  const covered = coverage.get(r.app);
  return covered ? scoped.filter((b) => covered.has(b)) : scoped;
}

/** Whether a right opens some of `subject` at all: its app is subscribed, it reads, and its scope can narrow that data. */
function opens(r: Right, subject: Subject): boolean {
  return acmeApps.has(r.app) && r.actions.includes('read') && (OPENS[r.app]?.has(subject) ?? false)
    && (r.cc.length === 0 || HAS_COST_CENTRE.has(subject))
    && (r.user === undefined || HAS_END_USER.has(subject))
    && reachedAccounts(r).length > 0;
}

function anyRight(a: Allowed, subject: Subject): boolean {
  return a.owner || a.rights.some((r) => opens(r, subject));
}

function sees(a: Allowed, subject: Subject, p: Place): boolean {
  if (a.owner) return true;
  return a.rights.some((r) => opens(r, subject) && reachedAccounts(r).includes(p.ba)
    && (r.cc.length === 0 || (p.cc !== null && r.cc.includes(p.cc)))
    && (r.user === undefined || p.user === r.user));
}

/** The status of a list or of a record out of reach: 404 without the customer, 403 without any right to that data, else `inScope`. */
function gate(a: Allowed, subject: Subject, inScope: number): number {
  return !a.context ? 404 : !anyRight(a, subject) ? 403 : inScope;
}

async function oracle(email: string): Promise<Allowed> {
  const out: Allowed = { context: false, owner: false, rights: [] };
  const userId = userIds.get(email)!;
  const today = brusselsDate(NOW);
  const customers = await db().selectFrom('customers').select(['id', 'status']).execute();
  const active = new Set(customers.filter((c) => c.status === 'active').map((c) => c.id));
  const givesAccess = (m: { status: string; employment_end: unknown; customer_id: string }) =>
    m.status === 'active' && (m.employment_end === null || String(m.employment_end).slice(0, 10) >= today) && active.has(m.customer_id);

  const m = await db().selectFrom('memberships').select(['id', 'profile', 'status', 'employment_end', 'customer_id'])
    .where('customer_id', '=', acme).where('user_id', '=', userId).executeTakeFirst();
  if (m && givesAccess(m)) {
    out.context = true;
    if (m.profile === 'access_owner') out.owner = true;
    else if (m.profile === 'support_portal_user' || m.profile === 'service_user') {
      const own = m.profile === 'service_user' ? userId : undefined;
      // ROLE-5, MOB-1: a Service User follows his own line in mobile-number management.
      if (own !== undefined) out.rights.push({ app: 'mobile', actions: ['read'], ba: [], cc: [], user: own });
      const grants = await db().selectFrom('grants').select(['app', 'actions', 'billing_account_ids', 'cost_centre_ids']).where('membership_id', '=', m.id).execute();
      for (const g of grants) {
        out.rights.push({ app: g.app, actions: g.actions, ba: g.billing_account_ids, cc: g.cost_centre_ids, ...(own === undefined ? {} : { user: own }) });
      }
    }
    // ROLE-3: an Access Manager holds no right to customer data.
  }
  const delegations = await db().selectFrom('delegations as d').innerJoin('delegation_users as u', 'u.delegation_id', 'd.id')
    .select(['d.partner_id', 'd.rights', 'd.billing_account_ids', 'd.cost_centre_ids', 'd.starts_at', 'd.ends_at'])
    .where('d.customer_id', '=', acme).where('d.status', '=', 'active').where('u.user_id', '=', userId).execute();
  for (const d of delegations) {
    if (new Date(d.starts_at) > NOW || (d.ends_at !== null && new Date(d.ends_at) <= NOW) || !active.has(d.partner_id)) continue;
    const pm = await db().selectFrom('memberships').select(['status', 'employment_end', 'customer_id']).where('customer_id', '=', d.partner_id)
      .where('user_id', '=', userId).executeTakeFirst();
    if (!pm || !givesAccess(pm)) continue;
    out.context = true;
    // DLG-3: the delegated rights, within the delegation's scope.
    const rights = (typeof d.rights === 'string' ? JSON.parse(d.rights) : d.rights) as Array<{ app: string; actions: string[] }>;
    for (const r of rights) out.rights.push({ app: r.app, actions: r.actions, ba: d.billing_account_ids, cc: d.cost_centre_ids });
  }
  return out;
}

// ---- the checks -----------------------------------------------------------------------------------

/** Every page of a list, following nextCursor (the first response's status when it is not 200). */
async function walk<T>(client: ApiClient, path: string): Promise<{ status: number; items: T[]; pages: Array<Record<string, unknown>> }> {
  const sep = path.includes('?') ? '&' : '?';
  const items: T[] = [];
  const pages: Array<Record<string, unknown>> = [];
  let res = await client.get<{ items: T[]; nextCursor: string | null }>(path);
  if (res.status !== 200) return { status: res.status, items, pages };
  for (let n = 0; ; n++) {
    expect(res.status, `${path} page ${n}`).toBe(200);
    items.push(...res.body.items);
    pages.push(res.body as unknown as Record<string, unknown>);
    if (!res.body.nextCursor) break;
    expect(n, `${path}: too many pages`).toBeLessThan(50);
    res = await client.get(`${path}${sep}cursor=${encodeURIComponent(res.body.nextCursor)}`);
  }
  return { status: 200, items, pages };
}

const sorted = <T>(xs: Iterable<T>) => [...xs].sort();

async function checkObserver(email: string, sample: number, log: string[]) {
  const label = `${email} after [${log.join(' | ')}]`;
  const a = await oracle(email);
  const client = clients.get(email)!;

  // The SIM list, every page: exactly the SIMs he may see.
  const list = await walk<{ id: string; billingAccountId: string; costCentreId: string | null }>(client, api('/sims?limit=17'));
  expect(list.status, `${label}: SIM list`).toBe(gate(a, 'Sim', 200));
  if (list.status === 200) {
    for (const s of list.items) expect(simById.get(s.id)?.ba, `${label}: listed SIM ${s.id}`).toBe(s.billingAccountId);
    expect(sorted(list.items.map((s) => s.id)), `${label}: SIM list`).toEqual(sorted(sims.filter((s) => sees(a, 'Sim', s)).map((s) => s.id)));
  }

  // Each Acme SIM's detail (and the SIMs of other customers under Acme's path): 200 exactly for those he may see.
  const asked = [...sims.map((s) => s.id), ...foreignSims];
  const details = await Promise.all(asked.map((id) => client.get<{ id: string; billingAccount: { id: string }; usage: unknown }>(api(`/sims/${id}`))));
  for (const [k, id] of asked.entries()) {
    const res = details[k]!;
    const sim = simById.get(id);
    if (sim && sees(a, 'Sim', sim)) {
      expect(res.status, `${label}: SIM ${id}`).toBe(200);
      expect(res.body.billingAccount.id, `${label}: SIM ${id}`).toBe(sim.ba);
      // MOB-2: this month's usage only for one who may read the line's usage.
      expect(res.body.usage !== null, `${label}: usage of SIM ${id}`).toBe(sees(a, 'Usage', sim));
    } else {
      expect(res.status, `${label}: SIM ${id} (${sim ? `account ${sim.ba}, cost centre ${sim.cc}, end user ${sim.user}` : 'of another customer'})`).toBe(gate(a, 'Sim', 404));
    }
  }

  // The change history (MOB-3) of a third of the SIMs at a time, in turn, and of the foreign ones.
  const third = Math.ceil(sims.length / 3);
  const historyOf = [...sims.filter((_, k) => Math.floor(k / third) === sample % 3).map((s) => s.id), ...foreignSims];
  const histories = await Promise.all(historyOf.map((id) => client.get(api(`/sims/${id}/history?limit=5`))));
  for (const [k, id] of historyOf.entries()) {
    const sim = simById.get(id);
    const expected = sim && sees(a, 'Sim', sim) ? 200 : gate(a, 'Sim', 404);
    expect(histories[k]!.status, `${label}: history of SIM ${id}`).toBe(expected);
  }

  // Unbilled usage, every page: exactly the events of lines whose usage he may read.
  const events = await walk<{ id: number; simId: string }>(client, api('/usage/unbilled?limit=200'));
  expect(events.status, `${label}: unbilled`).toBe(gate(a, 'Usage', 200));
  if (events.status === 200) {
    expect(sorted(events.items.map((e) => Number(e.id))), `${label}: unbilled`).toEqual(sorted(unbilled.filter((e) => sees(a, 'Usage', e.place)).map((e) => e.id)));
  }

  // A month's charges per SIM and charge type: the sums of exactly the roll-up rows he may read.
  const month = CHARGE_MONTHS[sample % CHARGE_MONTHS.length]!;
  const charges = await walk<{ simId: string | null; chargeType: string; amountCents: number }>(client, api(`/usage/charges?month=${month}&limit=200`));
  expect(charges.status, `${label}: charges ${month}`).toBe(gate(a, 'Usage', 200));
  if (charges.status === 200) {
    const expected = new Map<string, number>();
    for (const r of rollups) {
      if (r.month !== month || !sees(a, 'Usage', r.place)) continue;
      const key = `${r.simId ?? '-'} ${r.chargeType}`;
      expected.set(key, (expected.get(key) ?? 0) + r.amount);
    }
    const got = charges.items.map((c) => [`${c.simId ?? '-'} ${c.chargeType}`, c.amountCents] as const).sort();
    expect(got, `${label}: charges ${month}`).toEqual([...expected.entries()].sort());
  }

  // Call credits (INV-1) of a month: exactly the credits of lines whose usage he may read; a transfer
  // names the other line only when he may read that line's usage.
  const creditMonth = CREDIT_MONTHS[sample % CREDIT_MONTHS.length]!;
  const creditPath = creditMonth === CURRENT_MONTH && sample % 4 === 0 ? '/call-credits?limit=3' : `/call-credits?month=${creditMonth}&limit=3`;
  const got = await walk<{ simId: string }>(client, api(creditPath));
  expect(got.status, `${label}: call credits ${creditMonth}`).toBe(gate(a, 'Usage', 200));
  if (got.status === 200) {
    const mine = credits.filter((c) => c.month === creditMonth && sees(a, 'Usage', c.place)).map((c) => c.simId);
    expect(sorted(got.items.map((c) => c.simId)), `${label}: call credits ${creditMonth}`).toEqual(sorted(mine));
    const from = brusselsStartOfDay(`${creditMonth}-01`);
    const to = brusselsStartOfDay(addMonths(`${creditMonth}-01`, 1));
    type Shown = { id: string; fromSimId: string | null; toSimId: string | null; fromMsisdn: string | null; toMsisdn: string | null };
    const shown = new Map<string, Shown>();
    for (const page of got.pages) {
      for (const tr of page.transfers as Shown[]) shown.set(tr.id, tr);
    }
    const expectedTransfers = transfers.filter((tr) => tr.at >= from && tr.at < to && (mine.includes(tr.from) || mine.includes(tr.to)));
    expect(sorted(shown.keys()), `${label}: transfers ${creditMonth}`).toEqual(sorted(expectedTransfers.map((tr) => tr.id)));
    // The other line is named (id and number) only when he may read its usage.
    for (const tr of shown.values()) {
      const fact = expectedTransfers.find((e) => e.id === tr.id)!;
      const fromSim = simById.get(fact.from)!;
      const toSim = simById.get(fact.to)!;
      expect([tr.fromSimId, tr.fromMsisdn], `${label}: transfer ${JSON.stringify(tr)} from`).toEqual(sees(a, 'Usage', fromSim) ? [fact.from, fromSim.msisdn] : [null, null]);
      expect([tr.toSimId, tr.toMsisdn], `${label}: transfer ${JSON.stringify(tr)} to`).toEqual(sees(a, 'Usage', toSim) ? [fact.to, toSim.msisdn] : [null, null]);
    }
  }

  // Disputes (INV-7): exactly the retained disputes of the accounts whose disputes he may read.
  const disputed = await walk<{ id: string }>(client, api('/disputes?limit=2'));
  expect(disputed.status, `${label}: disputes`).toBe(gate(a, 'Dispute', 200));
  if (disputed.status === 200) {
    expect(sorted(disputed.items.map((d) => d.id)), `${label}: disputes`)
      .toEqual(sorted(disputes.filter((d) => d.retained && sees(a, 'Dispute', { ba: d.ba, cc: null, user: null })).map((d) => d.id)));
  }

  // Billing documents (INV-8): read with the invoices of their account.
  const docs = await walk<{ id: string; billingAccount: { id: string } }>(client, api('/billing-documents?limit=2'));
  expect(docs.status, `${label}: billing documents`).toBe(gate(a, 'Invoice', 200));
  if (docs.status === 200) {
    expect(sorted(docs.items.map((d) => d.id)), `${label}: billing documents`)
      .toEqual(sorted(documents.filter((d) => d.shown && sees(a, 'Invoice', { ba: d.ba, cc: null, user: null })).map((d) => d.id)));
  }
}

// ---- setup ------------------------------------------------------------------------------------------

/** Disputes on ACME-0002 and ACME-0003 (and one on an invoice past its window), call credits and a cross-account transfer on ACME-0002. */
async function fixture(ownerId: string) {
  const invoiceOf = (ba: string, order: 'asc' | 'desc') => db().selectFrom('invoices').select(['id', 'amount_excl_vat_cents'])
    .where('customer_id', '=', acme).where('billing_account_id', '=', ba).orderBy('issue_date', order).limit(1).executeTakeFirstOrThrow();
  for (const [ba, order] of [[bas[1]!, 'desc'], [bas[2]!, 'desc'], [bas[1]!, 'asc']] as const) {
    const invoice = await invoiceOf(ba, order);
    await db().insertInto('disputes').values({
      customer_id: acme, invoice_id: invoice.id, status: 'open', reason: 'fleet isolation fixture', disputed_cents: Number(invoice.amount_excl_vat_cents),
      opened_by: ownerId, opened_at: new Date(NOW.getTime() - 3_600_000),
    }).execute();
  }
  const second = sims.filter((s) => s.ba === bas[1]).slice(0, 2);
  for (const sim of second) {
    for (const month of CREDIT_MONTHS) {
      await db().insertInto('call_credits').values({ customer_id: acme, billing_account_id: sim.ba, sim_id: sim.id, month: `${month}-01`, granted_cents: 1000, used_cents: 100 }).execute();
    }
  }
  const credited = await db().selectFrom('call_credits').select('sim_id').where('customer_id', '=', acme).where('billing_account_id', '=', bas[0]!)
    .orderBy('sim_id').limit(1).executeTakeFirstOrThrow();
  await db().insertInto('call_credit_transfers').values({
    customer_id: acme, from_sim_id: credited.sim_id, to_sim_id: second[0]!.id, billing_account_id: bas[0]!, amount_cents: 200,
    transferred_at: brusselsStartOfDay(`${LAST_MONTH}-15`),
  }).execute();

  // PFM-2, INS-1: a mobile account opened after both apps were activated, so neither covers it: a
  // Fleet Manager right does not reach its lines whatever its scope; mobile-number management
  // (MOB-1) and the AO do. One line is the Service User's (ROLE-5: his own, on whatever account).
  const activated = await db().selectFrom('customer_apps').select('activated_at').where('customer_id', '=', acme).where('app', 'in', ['fleet-manager', 'insights']).execute();
  const after = new Date(Math.max(...activated.map((a) => new Date(a.activated_at).getTime())) + 60_000);
  lateAccount = (await db().insertInto('billing_accounts').values({ customer_id: acme, number: 'ACME-0961', name: 'Acme mobile – late', type: 'mobile', created_at: after })
    .returning('id').executeTakeFirstOrThrow()).id;
  const [sales, finance] = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).orderBy('code').limit(2).execute()).map((c) => c.id);
  const late = await db().insertInto('sims').values([
    { customer_id: acme, billing_account_id: lateAccount, cost_centre_id: sales!, msisdn: '+32470996101', iccid: '8932000000009961010' },
    { customer_id: acme, billing_account_id: lateAccount, cost_centre_id: finance!, msisdn: '+32470996102', iccid: '8932000000009961020', end_user_id: userIds.get('employee@acme.test')! },
  ]).returning(['id', 'cost_centre_id']).execute();
  for (const sim of late) {
    await db().insertInto('usage_events').values([9, 20].map((hours) => ({
      customer_id: acme, sim_id: sim.id, billing_account_id: lateAccount, cost_centre_id: sim.cost_centre_id, occurred_at: new Date(NOW.getTime() - hours * 3_600_000),
      type: 'sms', destination: '+32470000123', standard_price_cents: 10,
    }))).execute();
    await db().insertInto('call_credits').values({ customer_id: acme, billing_account_id: lateAccount, sim_id: sim.id, month: `${CURRENT_MONTH}-01`, granted_cents: 500 }).execute();
  }
}

/** Acme's SIMs. */
async function loadSims() {
  sims = (await db().selectFrom('sims').select(['id', 'msisdn', 'billing_account_id', 'cost_centre_id', 'end_user_id']).where('customer_id', '=', acme).orderBy('msisdn').execute())
    .map((s) => ({ id: s.id, msisdn: s.msisdn, ba: s.billing_account_id, cc: s.cost_centre_id, user: s.end_user_id }));
  simById = new Map(sims.map((s) => [s.id, s]));
}

/** What the unchanging data holds, read once (after the fixture). */
async function loadData() {
  const placeOfSim = (id: string | null, ba: string, cc: string | null): Place => ({ ba, cc, user: id === null ? null : simById.get(id)?.user ?? null });

  const closed = await db().selectFrom('billing_periods').select(['billing_account_id', 'starts_on', 'ends_on']).where('customer_id', '=', acme).where('status', '=', 'closed').execute();
  const upTo = unbilledVisibilityCutoff(NOW);
  const from = retentionStart('traffic_data', NOW);
  const events = await db().selectFrom('usage_events').select(['id', 'occurred_at', 'sim_id', 'billing_account_id', 'cost_centre_id']).where('customer_id', '=', acme).execute();
  unbilled = events.filter((e) => {
    const at = new Date(e.occurred_at);
    const day = brusselsDate(at);
    return at <= upTo && at >= from
      && !closed.some((p) => p.billing_account_id === e.billing_account_id && String(p.starts_on) <= day && day <= String(p.ends_on));
  }).map((e) => ({ id: Number(e.id), place: placeOfSim(e.sim_id, e.billing_account_id, e.cost_centre_id) }));
  expect(unbilled.length, 'some unbilled usage is shown').toBeGreaterThan(0);
  expect(events.length, 'some unbilled usage is within its 8 hours').toBeGreaterThan(unbilled.length);

  const rows = await db().selectFrom('usage_rollups as r').innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'r.customer_id').onRef('i.id', '=', 'r.invoice_id'))
    .select(['r.month', 'r.sim_id', 'r.charge_type', 'r.amount_cents', 'r.billing_account_id', 'r.cost_centre_id', 'i.period_end'])
    .where('r.customer_id', '=', acme).where('r.month', 'in', CHARGE_MONTHS.map((m) => `${m}-01`)).execute();
  rollups = rows.filter((r) => isRetained('billing_data', String(r.period_end), NOW)).map((r) => ({
    month: String(r.month).slice(0, 7), simId: r.sim_id, chargeType: r.charge_type, amount: Number(r.amount_cents), place: placeOfSim(r.sim_id, r.billing_account_id, r.cost_centre_id),
  }));

  // A call credit is usage of its line: its billing account, the line's cost centre and end user.
  credits = (await db().selectFrom('call_credits').select(['month', 'sim_id', 'billing_account_id']).where('customer_id', '=', acme).execute())
    .map((c) => ({ month: String(c.month).slice(0, 7), simId: c.sim_id, place: { ba: c.billing_account_id, cc: simById.get(c.sim_id)?.cc ?? null, user: simById.get(c.sim_id)?.user ?? null } }));
  transfers = (await db().selectFrom('call_credit_transfers').select(['id', 'from_sim_id', 'to_sim_id', 'transferred_at']).where('customer_id', '=', acme).execute())
    .map((tr) => ({ id: tr.id, from: tr.from_sim_id, to: tr.to_sim_id, at: new Date(tr.transferred_at) }));

  disputes = (await db().selectFrom('disputes as d').innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'd.customer_id').onRef('i.id', '=', 'd.invoice_id'))
    .select(['d.id', 'i.billing_account_id', 'i.period_end']).where('d.customer_id', '=', acme).execute())
    .map((d) => ({ id: d.id, ba: d.billing_account_id, retained: isRetained('billing_data', String(d.period_end), NOW) }));
  documents = (await db().selectFrom('billing_documents').select(['id', 'billing_account_id', 'published_at']).where('customer_id', '=', acme).execute())
    .map((d) => ({ id: d.id, ba: d.billing_account_id, shown: new Date(d.published_at) <= NOW && isRetained('billing_data', new Date(d.published_at), NOW) }));
  // The fixture is in place: every seeded account has a retained dispute and a document, and one dispute is past its window.
  for (const ba of bas.filter((b) => b !== lateAccount)) {
    expect(disputes.some((d) => d.ba === ba && d.retained), `a dispute on ${ba}`).toBe(true);
    expect(documents.some((d) => d.ba === ba && d.shown), `a document on ${ba}`).toBe(true);
  }
  expect(disputes.some((d) => !d.retained)).toBe(true);
}

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 100_000, loginMaxPerIp: 100_000 } });
  t.clock.set(NOW);
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  bas = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).orderBy('number').execute()).map((r) => r.id);
  ccs = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', acme).orderBy('code').execute()).map((r) => r.id);
  acmeApps = new Set((await db().selectFrom('customer_apps').select('app').where('customer_id', '=', acme).where('deactivated_at', 'is', null).execute()).map((a) => a.app));
  for (const u of await db().selectFrom('users').select(['id', 'email']).execute()) userIds.set(u.email, u.id);
  await loadSims();
  await fixture(userIds.get('owner@acme.test')!);
  bas = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).orderBy('number').execute()).map((r) => r.id);
  await loadSims();
  await loadData();
  for (const [customer, name] of [['Acme Logistics BV', 'affiliate'], ['Noordzee Bouw NV', 'other customer']] as const) {
    const id = (await db().selectFrom('customers').select('id').where('name', '=', customer).executeTakeFirstOrThrow()).id;
    const sim = await db().selectFrom('sims').select('id').where('customer_id', '=', id).orderBy('msisdn').limit(1).executeTakeFirst();
    expect(sim, `a SIM of the ${name}`).toBeDefined();
    foreignSims.push(sim!.id);
  }
  for (const email of OBSERVERS) {
    const client = new ApiClient(t.url);
    expect((await client.login(email)).status, email).toBe(200);
    clients.set(email, client);
  }
  // PFM-2, INS-1: which accounts Fleet Manager and Insights cover, as the AO reads it. Every seeded
  // account existed at their activation, so Fleet Manager covers both seeded mobile accounts (not
  // the fixed one: it manages the mobile fleet, PFM-1) and Insights all three; neither the late one.
  const owner = clients.get('owner@acme.test')!;
  for (const [app, path] of [['fleet-manager', '/fleet-manager/coverage'], ['insights', '/insights/coverage']] as const) {
    const res = await owner.get<{ billingAccounts: Array<{ id: string; covered: boolean }> }>(api(path));
    expect(res.status, `${app} coverage`).toBe(200);
    coverage.set(app, new Set(res.body.billingAccounts.filter((b) => b.covered).map((b) => b.id)));
  }
  const mobileAccounts = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).where('type', '=', 'mobile').where('id', '<>', lateAccount).execute()).map((b) => b.id);
  expect(sorted(coverage.get('fleet-manager')!), 'Fleet Manager covers the seeded mobile accounts').toEqual(sorted(mobileAccounts));
  expect(sorted(coverage.get('insights')!), 'Insights covers every seeded account').toEqual(sorted(bas.filter((b) => b !== lateAccount)));
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
  app: fc.constantFrom(...GRANT_APPS),
  /** Which of the app's actions (bit mask; none picked: read). */
  actions: fc.integer({ min: 1, max: 7 }),
  /** Which Acme accounts and cost centres the right is narrowed to (bit masks; 0, half the time: not narrowed that way). */
  accounts: fc.oneof(fc.constant(0), fc.nat(15)),
  centres: fc.oneof(fc.constant(0), fc.nat(7)),
});

describe('fleet isolation property: SIMs, their history, usage, charges, call credits, disputes and documents show only what the rules allow', () => {
  it('random fleet-manager/mobile/invoices grants by the AO, random observers: the API agrees with the oracle', async () => {
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
            const picked = GRANT_ACTIONS[g.app].filter((_, k) => (g.actions >> k) & 1);
            const actions = picked.length > 0 ? picked : ['read'];
            const billingAccountIds = bas.filter((_, k) => (g.accounts >> k) & 1);
            const costCentreIds = ccs.filter((_, k) => (g.centres >> k) & 1);
            const res = g.kind === 'revoke'
              ? await owner.request('DELETE', path)
              : await owner.request('PUT', path, { actions, billingAccountIds, costCentreIds });
            const scope = `${billingAccountIds.length ? `ba ${billingAccountIds.map((b) => bas.indexOf(b) + 1).join(',')}` : 'ba all'} ${costCentreIds.length ? `cc ${costCentreIds.map((c) => ccs.indexOf(c) + 1).join(',')}` : 'cc all'}`;
            log.push(`${g.kind} ${target} ${g.app}${g.kind === 'grant' ? ` ${actions.join('+')} ${scope}` : ''} → ${res.status}`);
            expect(res.status, `${log.at(-1)} ${JSON.stringify(res.body)}`).toBeLessThan(500);
          }
          // Whoever got the last right looks too, so that the grants are seen by the one they change.
          const watching = [...new Set([...observers, TARGETS[grants.at(-1)!.target]!])];
          for (const [k, observer] of watching.entries()) await checkObserver(observer, sample + runs + k, log);
        }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 20), endOnFailure: true, verbose: 1 },
    );
    expect(runs).toBeGreaterThan(0);
  }, 120_000);
});
