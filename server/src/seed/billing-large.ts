// Large-scale billing data (pnpm db:seed --scale large), generated through ingestBillingRun.
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { DB } from '@mandate/db/database.types';
import { addDays, addMonths, brusselsDate, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { enterpriseNumberFromBody } from '@mandate/domain/enterprise-number';
import { APPS } from '@mandate/domain/profiles';
import { csvHeader, csvRow, memorySource, type RunStream } from '../modules/billing-runs/billing-runs.format.ts';
import { ingestBillingRun, type IngestDeps, type IngestResult } from '../modules/billing-runs/billing-runs.service.ts';
import { SCALE_CUSTOMER_NUMBER } from './seed.ts';
import { SeededRandom } from './random.ts';

/**
 * The benchmark's billing data (docs/benchmarks.md, suite `invoices`), on top of the scale customer
 * (`seed(db, { scaleSims: 50_000 })`): 12 closed months of invoices with a line per SIM and charge
 * type, call details for the last 6 of them (~100 per SIM and month, over 30 million rows), a few
 * per SIM in the 6 older months (their usage lines must equal their call details), and the current
 * month open with usage events. Five smaller customers get the same months. One billing run per
 * month, every row through ingestion (never inserted beside it), generated as streams: memory
 * stays bounded by the number of SIMs, never by the number of rows. Deterministic for a given
 * month; a run id already loaded is skipped without generating it again.
 *
 * Call details are generated in time order (as a billing system exports a month), each row for a
 * SIM drawn at random; the invoice lines are known before the call details are streamed because
 * the same seeded sequence is walked twice: once for the sums, once for the CSV.
 *
 * In the latest closed month the SIMs of MEGA-0002 make ~420 calls each, so that one invoice holds
 * over a million call details (the export target measures 1,000,000 rows of one invoice).
 */

export const LARGE_SCALE_SIMS = 50_000;
export const LARGE_CLOSED_MONTHS = 12;
export const LARGE_DETAILED_MONTHS = 6;
export const LARGE_CALLS_PER_SIM = 100;
const OLD_CALLS_PER_SIM = 3;
export const HEAVY_ACCOUNT = 'MEGA-0002';
const HEAVY_CALLS_PER_SIM = 420;
const OTHER_CUSTOMERS = 5;
const OTHER_SIMS = 1_000;
/** Usage events per SIM and elapsed day of the open month. */
const EVENTS_PER_SIM_DAY = 3;
/** Rows per chunk handed to COPY. */
const CHUNK_ROWS = 2_000;

const USAGE_TYPES = ['national_voice', 'sms', 'data', 'international_voice', 'roaming'] as const;
/** Cumulative weights of USAGE_TYPES (45, 25, 20, 6, 4 %). */
const TYPE_CUMULATIVE = [0.45, 0.7, 0.9, 0.96, 1];
/** INV-5 destinations (ingestion drops them): a few in every month, as a billing system sends them. */
const FREE_DESTINATIONS = ['112', '0800 12 345', '1712'];
const FREE_SHARE = 0.0005;

export const otherCustomerNumber = (i: number) => enterpriseNumberFromBody(9000002 + i);

interface LargeAccount { number: string; type: string; customerNumber: string }
interface LargeSims {
  msisdn: string[];
  /** Index into accounts of each SIM. */
  account: Int32Array;
  /**
   * The SIMs' tariff plans (the scale customer's; the smaller customers' SIMs have none): an index
   * into `plans` per SIM, -1 for none. Without a plan a SIM is billed a flat €25/30/35.
   */
  tariff?: { plan: Int16Array; plans: Array<{ name: string; fee: number }> };
}

/** The five smaller customers (1,000 SIMs, two mobile accounts, five cost centres each); idempotent. */
async function ensureOtherCustomers(db: Kysely<DB>, simsEach: number): Promise<void> {
  const rnd = new SeededRandom(50002);
  for (let c = 0; c < OTHER_CUSTOMERS; c++) {
    const number = otherCustomerNumber(c);
    const uuids = Array.from({ length: 8 }, () => rnd.uuid());
    if (await db.selectFrom('customers').select('id').where('enterprise_number', '=', number).executeTakeFirst()) continue;
    await db.transaction().execute(async (tx) => {
      const customerId = uuids[0]!;
      await tx.insertInto('customers').values({
        id: customerId, enterprise_number: number, name: `Large Other ${c + 1} BV`, street: 'Demostraat 1', postal_code: '2000', city: 'Antwerpen',
        contact_email: `it@other${c + 1}.test`, contract_start: '2024-01-01',
      }).execute();
      await tx.insertInto('customer_apps').values(APPS.map((app) => ({ customer_id: customerId, app }))).execute();
      const accounts = [1, 2].map((n) => ({ id: uuids[n]!, customer_id: customerId, number: `LRG${c + 1}-${String(n).padStart(4, '0')}`, name: `Other ${c + 1} account ${n}`, type: 'mobile' }));
      await tx.insertInto('billing_accounts').values(accounts).execute();
      const centres = [3, 4, 5, 6, 7].map((n, i) => ({ id: uuids[n]!, customer_id: customerId, code: `O${i + 1}`, name: `Unit ${i + 1}` }));
      await tx.insertInto('cost_centres').values(centres).execute();
      const sims = Array.from({ length: simsEach }, (_, i) => ({
        id: rnd.uuid(), customer_id: customerId, msisdn: `+3248${c}${String(i).padStart(6, '0')}`, iccid: `8933${c}${String(i).padStart(14, '0')}`,
        billing_account_id: accounts[i % 2]!.id, cost_centre_id: centres[i % 5]!.id, end_user_id: null,
      }));
      await tx.insertInto('sims').values(sims).execute();
    });
  }
}

async function loadTopology(db: Kysely<DB>): Promise<{ accounts: LargeAccount[]; sims: LargeSims }> {
  const customers = [SCALE_CUSTOMER_NUMBER, ...Array.from({ length: OTHER_CUSTOMERS }, (_, i) => otherCustomerNumber(i))];
  const accounts = await db.selectFrom('billing_accounts as ba').innerJoin('customers as c', 'c.id', 'ba.customer_id')
    .select(['ba.number', 'ba.type', 'c.enterprise_number as customerNumber'])
    .where('c.enterprise_number', 'in', customers).orderBy('ba.number').execute();
  const index = new Map(accounts.map((a, i) => [a.number, i]));
  const rows = await db.selectFrom('sims as s').innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
    .select(['s.msisdn', 'ba.number as account', 'tp.code as planCode', 'tp.name as planName', 'tp.monthly_fee_cents as planFee'])
    .where('c.enterprise_number', 'in', customers).orderBy('s.msisdn').execute();
  const account = new Int32Array(rows.length);
  const plan = new Int16Array(rows.length).fill(-1);
  const planIndex = new Map<string, number>();
  const plans: Array<{ name: string; fee: number }> = [];
  rows.forEach((r, i) => {
    account[i] = index.get(r.account)!;
    if (r.planCode === null || r.planName === null || r.planFee === null) return;
    let k = planIndex.get(r.planCode);
    if (k === undefined) {
      planIndex.set(r.planCode, (k = plans.length));
      plans.push({ name: r.planName, fee: r.planFee });
    }
    plan[i] = k;
  });
  return { accounts, sims: { msisdn: rows.map((r) => r.msisdn), account, tariff: { plan, plans } } };
}

interface Call { sim: number; at: number; type: number; destination: string | null; durationS: number | null; volumeKb: number | null; standard: number; billed: number; free: boolean }

const digits = (rnd: SeededRandom, n: number) => String(Math.floor(rnd.next() * 10 ** n)).padStart(n, '0');

/**
 * Walks the calls of one period in time order: `count` calls spread over [from, to), each for a
 * SIM drawn from all SIMs or, for a share `heavyShare`, from `heavy`. Same seed, same sequence.
 */
function* walkCalls(seed: number, count: number, from: number, to: number, simCount: number, heavy: Int32Array, heavyShare: number): Generator<Call> {
  const rnd = new SeededRandom(seed);
  const step = (to - from) / count;
  const call: Call = { sim: 0, at: 0, type: 0, destination: null, durationS: null, volumeKb: null, standard: 0, billed: 0, free: false };
  for (let k = 0; k < count; k++) {
    call.at = from + Math.floor((k + rnd.next()) * step);
    call.sim = heavy.length > 0 && rnd.next() < heavyShare ? heavy[Math.floor(rnd.next() * heavy.length)]! : Math.floor(rnd.next() * simCount);
    const roll = rnd.next();
    let type = 0;
    while (roll >= TYPE_CUMULATIVE[type]!) type++;
    call.type = type;
    call.free = false;
    call.durationS = null;
    call.volumeKb = null;
    switch (USAGE_TYPES[type]) {
      case 'national_voice': {
        call.durationS = 5 + Math.floor(rnd.next() * 896);
        call.standard = Math.ceil(call.durationS / 60) * 12;
        call.billed = rnd.next() < 0.6 ? 0 : call.standard;
        if (rnd.next() < FREE_SHARE) {
          call.free = true;
          call.destination = FREE_DESTINATIONS[k % FREE_DESTINATIONS.length]!;
          call.standard = 0;
          call.billed = 0;
        } else {
          call.destination = `+324${60 + Math.floor(rnd.next() * 40)}${digits(rnd, 6)}`;
        }
        break;
      }
      case 'sms':
        call.destination = `+324${60 + Math.floor(rnd.next() * 40)}${digits(rnd, 6)}`;
        call.standard = 10;
        call.billed = rnd.next() < 0.5 ? 0 : 10;
        break;
      case 'data':
        call.destination = null;
        call.volumeKb = 50 + Math.floor(rnd.next() * 400_000);
        call.standard = Math.ceil(call.volumeKb / 1024) * 2;
        call.billed = rnd.next() < 0.7 ? 0 : call.standard;
        break;
      case 'international_voice':
        call.durationS = 20 + Math.floor(rnd.next() * 1781);
        call.destination = `+${['33', '31', '49', '44', '352'][Math.floor(rnd.next() * 5)]}${digits(rnd, 9)}`;
        call.standard = Math.ceil(call.durationS / 60) * 45;
        call.billed = call.standard;
        break;
      default: // roaming
        call.durationS = 20 + Math.floor(rnd.next() * 1181);
        call.destination = `+324${70 + Math.floor(rnd.next() * 30)}${digits(rnd, 6)}`;
        call.standard = Math.ceil(call.durationS / 60) * 30;
        call.billed = Math.round(call.standard * 0.8);
    }
    yield call;
  }
}

/** Rows joined into chunks of CHUNK_ROWS lines, so that COPY gets few large writes. */
function* chunked(header: string, rows: Iterable<string>): Generator<string> {
  let buffer: string[] = [header];
  for (const row of rows) {
    buffer.push(row);
    if (buffer.length >= CHUNK_ROWS) {
      yield buffer.join('');
      buffer = [];
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}

export interface LargeMonthPlan {
  /** First day of the month. */
  month: IsoDate;
  runId: string;
  /** Average call details per SIM (the heavy account aside). */
  callsPerSim: number;
  /** Calls of the heavy account's SIMs on top of the average (latest closed month only). */
  heavyCalls: number;
  paid: boolean;
}

/** The closed months of the large data set, oldest first, as of `now`. */
export function largeMonthPlans(now: Date): LargeMonthPlan[] {
  const current = `${brusselsDate(now).slice(0, 7)}-01`;
  const plans: LargeMonthPlan[] = [];
  for (let back = LARGE_CLOSED_MONTHS; back >= 1; back--) {
    const month = addMonths(current, -back);
    plans.push({
      month, runId: `large-${month.slice(0, 7)}`, callsPerSim: back <= LARGE_DETAILED_MONTHS ? LARGE_CALLS_PER_SIM : OLD_CALLS_PER_SIM,
      heavyCalls: back === 1 ? HEAVY_CALLS_PER_SIM - LARGE_CALLS_PER_SIM : 0, paid: back > 1,
    });
  }
  return plans;
}

const invoiceNumber = (account: string, month: IsoDate) => `${account}-${month.slice(0, 4)}${month.slice(5, 7)}`;

/** A closed month as a billing run: periods, invoices, invoice lines (sums of the calls), call details. */
export function closedMonthRun(plan: LargeMonthPlan, accounts: LargeAccount[], sims: LargeSims, options: { seed?: number; onlyAccounts?: ReadonlySet<string> } = {}) {
  const { month } = plan;
  const end = addDays(addMonths(month, 1), -1);
  const from = brusselsStartOfDay(month).getTime();
  const to = brusselsStartOfDay(addMonths(month, 1)).getTime() - 1000;
  const inRun = accounts.map((a) => !options.onlyAccounts || options.onlyAccounts.has(a.number));
  // The SIMs of the run (all, or those of `onlyAccounts`), and those of the heavy account.
  const runSims: number[] = [];
  for (let i = 0; i < sims.msisdn.length; i++) if (inRun[sims.account[i]!]) runSims.push(i);
  const simIndex = Int32Array.from(runSims);
  const heavyAccount = accounts.findIndex((a) => a.number === HEAVY_ACCOUNT);
  const heavy = plan.heavyCalls > 0 ? Int32Array.from(runSims.flatMap((s, i) => (sims.account[s] === heavyAccount ? [i] : []))) : new Int32Array(0);
  const normalCalls = simIndex.length * plan.callsPerSim;
  const heavyCalls = heavy.length * plan.heavyCalls;
  const count = normalCalls + heavyCalls;
  const heavyShare = count > 0 ? heavyCalls / count : 0;
  const seed = options.seed ?? Number(month.slice(0, 4)) * 100 + Number(month.slice(5, 7));
  const walk = () => walkCalls(seed, count, from, to, simIndex.length, heavy, heavyShare);

  // First walk: what the invoice lines must say (INV-5 calls left out, as ingestion does).
  const cents = new Float64Array(simIndex.length * USAGE_TYPES.length);
  const calls = new Int32Array(simIndex.length * USAGE_TYPES.length);
  for (const c of walk()) {
    if (c.free) continue;
    cents[c.sim * USAGE_TYPES.length + c.type]! += c.billed;
    calls[c.sim * USAGE_TYPES.length + c.type]! += 1;
  }

  // A SIM's subscription: its tariff plan's monthly fee, named after the plan (a flat fee without a plan).
  const planOf = (simPos: number) => sims.tariff?.plans[sims.tariff.plan[simIndex[simPos]!]!];
  const subscription = (simPos: number) => planOf(simPos)?.fee ?? 2500 + (simPos % 3) * 500;
  const subscriptionName = (simPos: number) => planOf(simPos)?.name ?? 'Business mobile subscription';
  const totals = new Float64Array(accounts.length);
  for (let p = 0; p < simIndex.length; p++) {
    const a = sims.account[simIndex[p]!]!;
    totals[a]! += subscription(p);
    for (let t = 0; t < USAGE_TYPES.length; t++) totals[a]! += cents[p * USAGE_TYPES.length + t]!;
  }
  const fixedLines = (a: LargeAccount) => (a.type === 'fix' ? [['subscription', 'Business fixed lines (12)', 12, 12 * 2450], ['option', 'Fixed IP and firewall', 1, 1500]] as const : []);
  accounts.forEach((a, i) => { for (const l of fixedLines(a)) totals[i]! += l[3]; });

  const periods = function* () {
    for (let i = 0; i < accounts.length; i++) if (inRun[i]) yield csvRow([accounts[i]!.customerNumber, accounts[i]!.number, month, end]);
  };
  const invoices = function* () {
    const issue = addMonths(month, 1);
    for (let i = 0; i < accounts.length; i++) {
      if (!inRun[i]) continue;
      const a = accounts[i]!;
      const excl = totals[i]!;
      const vat = Math.round(excl * 0.21);
      yield csvRow([a.customerNumber, a.number, invoiceNumber(a.number, month), month, end, issue, addDays(issue, 30), excl, vat, excl + vat, 'EUR',
        plan.paid ? 'paid' : 'open', plan.paid ? addDays(issue, 10) : null]);
    }
  };
  const lines = function* () {
    // Lines numbered per invoice: the fixed account's own lines, then each SIM's, in SIM order.
    const next = new Int32Array(accounts.length);
    for (let i = 0; i < accounts.length; i++) {
      if (!inRun[i]) continue;
      for (const [type, description, quantity, amount] of fixedLines(accounts[i]!)) {
        yield csvRow([invoiceNumber(accounts[i]!.number, month), ++next[i]!, null, null, type, description, quantity, amount, 2100, 'EUR']);
      }
    }
    for (let p = 0; p < simIndex.length; p++) {
      const s = simIndex[p]!;
      const a = sims.account[s]!;
      const number = invoiceNumber(accounts[a]!.number, month);
      const msisdn = sims.msisdn[s]!;
      yield csvRow([number, ++next[a]!, msisdn, null, 'subscription', subscriptionName(p), 1, subscription(p), 2100, 'EUR']);
      for (let t = 0; t < USAGE_TYPES.length; t++) {
        const n = calls[p * USAGE_TYPES.length + t]!;
        if (n > 0) yield csvRow([number, ++next[a]!, msisdn, null, USAGE_TYPES[t], USAGE_TYPES[t]!.replace('_', ' '), n, cents[p * USAGE_TYPES.length + t]!, 2100, 'EUR']);
      }
    }
  };
  // Second walk: the call details themselves, produced as COPY reads them.
  const numbers = accounts.map((a) => invoiceNumber(a.number, month));
  const callDetails = function* (): Generator<string> {
    for (const c of walk()) {
      const s = simIndex[c.sim]!;
      yield `${numbers[sims.account[s]!]},${sims.msisdn[s]},${new Date(c.at).toISOString()},${USAGE_TYPES[c.type]},${c.destination ?? ''},${c.durationS ?? ''},${c.volumeKb ?? ''},${c.standard},${c.billed},EUR\n`;
    }
  };
  return {
    runId: plan.runId,
    callRows: count,
    files: {
      'periods.csv': chunked(csvHeader('periods.csv'), periods()),
      'invoices.csv': chunked(csvHeader('invoices.csv'), invoices()),
      'invoice_lines.csv': chunked(csvHeader('invoice_lines.csv'), lines()),
      'call_details.csv': chunked(csvHeader('call_details.csv'), callDetails()),
    } satisfies Record<string, RunStream>,
  };
}

/** The current month as a billing run: its periods (open) and usage events up to `now`. */
export function openMonthRun(now: Date, accounts: LargeAccount[], sims: LargeSims) {
  const month = `${brusselsDate(now).slice(0, 7)}-01`;
  const end = addDays(addMonths(month, 1), -1);
  const from = brusselsStartOfDay(month).getTime();
  const to = Math.max(from + 60_000, now.getTime() - 60_000);
  const days = Math.max(1, (to - from) / 86_400_000);
  const count = Math.round(sims.msisdn.length * Math.max(3, days * EVENTS_PER_SIM_DAY));
  const seed = Number(month.slice(0, 4)) * 100 + Number(month.slice(5, 7)) + 7;
  const periods = function* () {
    for (const a of accounts) yield csvRow([a.customerNumber, a.number, month, end]);
  };
  const usage = function* (): Generator<string> {
    for (const c of walkCalls(seed, count, from, to, sims.msisdn.length, new Int32Array(0), 0)) {
      yield `${sims.msisdn[c.sim]},${new Date(c.at).toISOString()},${USAGE_TYPES[c.type]},${c.destination ?? ''},${c.durationS ?? ''},${c.volumeKb ?? ''},${c.standard},EUR\n`;
    }
  };
  return {
    // Once per month: a later run of the same month would repeat its events.
    runId: `large-open-${month.slice(0, 7)}`,
    usageRows: count,
    files: {
      'periods.csv': chunked(csvHeader('periods.csv'), periods()),
      'usage.csv': chunked(csvHeader('usage.csv'), usage()),
    } satisfies Record<string, RunStream>,
  };
}

export interface LargeRunReport {
  runId: string;
  status: IngestResult['status'] | 'skipped';
  /** Call-detail (or usage-event) rows generated. */
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

const silentDeps = (db: Kysely<DB>, now: Date): IngestDeps => ({ db, clock: { now: () => now }, log: pino({ level: 'silent' }) });

async function loaded(db: Kysely<DB>, runId: string) {
  return Boolean(await db.selectFrom('billing_runs').select('id').where('id', '=', runId).where('checksum', '<>', 'loading').executeTakeFirst());
}

/** The accounts and SIMs the large data is made for (after `seed(db, { scaleSims: LARGE_SCALE_SIMS })`). */
export async function largeTopology(db: Kysely<DB>, otherSims = OTHER_SIMS) {
  await ensureOtherCustomers(db, otherSims);
  return loadTopology(db);
}

/**
 * Loads what is missing of the large data set, month by month, through ingestion, and reports
 * each run's speed. PostgreSQL only (the caller checks): tens of millions of rows.
 */
export async function seedBillingLarge(
  db: Kysely<DB>, options: { now?: Date; log?: (message: string) => void; /** SIMs of each smaller customer (a small copy of the data set). */ otherSims?: number } = {},
): Promise<LargeRunReport[]> {
  const now = options.now ?? new Date();
  const log = options.log ?? (() => undefined);
  if (!(await db.selectFrom('customers').select('id').where('enterprise_number', '=', SCALE_CUSTOMER_NUMBER).executeTakeFirst())) {
    throw new Error('the scale customer is missing: seed it first (seed(db, { scaleSims }))');
  }
  const { accounts, sims } = await largeTopology(db, options.otherSims);
  const deps = silentDeps(db, now);
  const reports: LargeRunReport[] = [];
  const ingest = async (runId: string, rows: number, files: Record<string, RunStream>) => {
    if (await loaded(db, runId)) {
      reports.push({ runId, status: 'skipped', rows, seconds: 0, rowsPerSecond: 0 });
      return;
    }
    const started = performance.now();
    const result = await ingestBillingRun(deps, memorySource({ runId }, files));
    const seconds = (performance.now() - started) / 1000;
    if (result.status === 'refused') throw new Error(`billing run ${runId} was refused: ${JSON.stringify(result.errors.slice(0, 5))}`);
    const report = { runId, status: result.status, rows, seconds, rowsPerSecond: rows / seconds };
    reports.push(report);
    log(`${runId}: ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(report.rowsPerSecond).toLocaleString('en-US')} rows/s), ${result.status}`);
  };
  // Newest first: an interrupted load already holds the months the benchmark reads most.
  const plans = largeMonthPlans(now).reverse();
  for (const [i, plan] of plans.entries()) {
    if (await loaded(db, plan.runId)) {
      reports.push({ runId: plan.runId, status: 'skipped', rows: 0, seconds: 0, rowsPerSecond: 0 });
    } else {
      const run = closedMonthRun(plan, accounts, sims);
      await ingest(run.runId, run.callRows, run.files);
    }
    if (i === 0) {
      const open = openMonthRun(now, accounts, sims);
      await ingest(open.runId, open.usageRows, open.files);
    }
  }
  return reports;
}
