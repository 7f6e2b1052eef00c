import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { addDays, addMonths, brusselsDate, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { luhnValid } from '@mandate/domain/imei';
import { SeededRandom } from './random.ts';

/**
 * The fleet's demo data (PFM-1, MOB-1..11): the operator's catalogue (six plans, one withdrawn with
 * its last switch date, six options) and, for every SIM of the demo customers, a plan, options that
 * fit it, CLIR, premium-number barring, the EU data cut-off opt-out, contract dates, devices
 * (customer-owned with their IMEI history, and BYOD) and, at Acme, a change history made by the
 * AO, the fleet manager and Brightwave's delegate. The scale customer's SIMs are inserted with the
 * same subscriptions; their options, devices and history follow in set-based SQL. Everything
 * follows from a SIM's position in msisdn order: the same on every run.
 */

interface PlanSpec {
  code: string;
  name: string;
  fee: number;
  dataMb: number | null;
  voice: number | null;
  sms: number | null;
  rates: [data: number, voice: number, sms: number];
  withdrawn?: [withdrawnAt: IsoDate, lastSwitchOn: IsoDate];
}

export const DEMO_PLANS: readonly PlanSpec[] = [
  { code: 'BM-XS', name: 'Business Mobile XS', fee: 1000, dataMb: 512, voice: 120, sms: 50, rates: [2, 12, 10] },
  { code: 'BM-S', name: 'Business Mobile S', fee: 1700, dataMb: 3072, voice: 300, sms: null, rates: [2, 12, 10] },
  { code: 'BM-M', name: 'Business Mobile M', fee: 2700, dataMb: 15360, voice: null, sms: null, rates: [1, 0, 0] },
  { code: 'BM-UNL', name: 'Business Mobile Unlimited', fee: 4900, dataMb: null, voice: null, sms: null, rates: [0, 0, 0] },
  { code: 'DATA-10', name: 'Data Only 10 GB', fee: 1500, dataMb: 10240, voice: 0, sms: 0, rates: [1, 15, 10] },
  // MOB-11: withdrawn; its subscribers can switch until the last switch date.
  { code: 'BM-CLASSIC', name: 'Business Classic', fee: 2200, dataMb: 1024, voice: 200, sms: 100, rates: [3, 15, 12], withdrawn: ['2026-09-01', '2027-02-28'] },
];

interface OptionSpec {
  code: string;
  name: string;
  kind: 'data' | 'voice' | 'sms' | 'roaming';
  fee: number;
  extra: [dataMb: number, voiceMinutes: number, sms: number];
  plans: readonly string[];
  /** The SIMs that take it (if it fits their plan): position in msisdn order % mod === rest. */
  mod: number;
  rest: number;
}

const ALL_PLANS = DEMO_PLANS.map((p) => p.code);

export const DEMO_OPTIONS: readonly OptionSpec[] = [
  { code: 'DATA-5G', name: 'Data Boost 5 GB', kind: 'data', fee: 1000, extra: [5120, 0, 0], plans: ['BM-XS', 'BM-S', 'BM-M', 'DATA-10', 'BM-CLASSIC'], mod: 5, rest: 2 },
  { code: 'DATA-20G', name: 'Data Boost 20 GB', kind: 'data', fee: 2500, extra: [20480, 0, 0], plans: ['BM-S', 'BM-M', 'DATA-10'], mod: 10, rest: 7 },
  { code: 'INTL-100', name: 'International Calls 100', kind: 'voice', fee: 800, extra: [0, 100, 0], plans: ['BM-XS', 'BM-S', 'BM-M', 'BM-UNL', 'BM-CLASSIC'], mod: 6, rest: 3 },
  { code: 'SMS-500', name: 'SMS Pack 500', kind: 'sms', fee: 300, extra: [0, 0, 500], plans: ['BM-XS', 'BM-CLASSIC'], mod: 9, rest: 4 },
  { code: 'ROAM-WORLD', name: 'World Roaming 1 GB', kind: 'roaming', fee: 1500, extra: [0, 0, 0], plans: ALL_PLANS, mod: 4, rest: 1 },
  { code: 'ROAM-DAY', name: 'Roaming Day Pass', kind: 'roaming', fee: 500, extra: [0, 0, 0], plans: ALL_PLANS, mod: 7, rest: 6 },
];

/** The plan of the SIM at position n (msisdn order within its customer). */
const PLAN_CYCLE = ['BM-S', 'BM-M', 'BM-XS', 'BM-S', 'BM-UNL', 'BM-M', 'DATA-10', 'BM-CLASSIC'] as const;
/** Statuses other than active, by position % 97 (the first 40 positions of Acme hit each once). */
const STATUS_AT: Readonly<Record<number, string>> = { 5: 'suspended', 11: 'blocked', 17: 'port_out_pending', 23: 'deactivated' };
const DEVICES = [['Apple', 'iPhone 15'], ['Samsung', 'Galaxy S24'], ['Google', 'Pixel 8'], ['Fairphone', 'Fairphone 5'], ['Nokia', 'G42']] as const;
const TAC = '35209900';
const SUSPENSION_DAYS_LEFT = 14;
const CONTRACT_BASE: IsoDate = '2024-01-15';

/** The device of the SIM at position n: customer-owned, BYOD or none. */
const deviceAt = (n: number): 'customer' | 'byod' | null => (n % 4 === 1 ? 'byod' : n % 4 === 3 ? null : 'customer');

export interface Catalogue {
  /** By code; `fee` is the monthly fee in cents. */
  plans: Map<string, { id: string; name: string; fee: number }>;
  options: Map<string, { id: string; name: string; fee: number }>;
}

const contractStartAt = (n: number): IsoDate => addMonths(CONTRACT_BASE, (n * 5) % 30);

/** The subscription of the SIM at position n (msisdn order within its customer): the columns of its row in sims. */
export function subscriptionAt(n: number, catalogue: Catalogue) {
  const contractStart = contractStartAt(n);
  return {
    tariff_plan_id: catalogue.plans.get(PLAN_CYCLE[n % PLAN_CYCLE.length]!)!.id,
    status: STATUS_AT[n % 97] ?? 'active',
    clir: n % 7 === 3,
    premium_barring: n % 3 === 0,
    eu_data_cutoff_opt_out: n % 11 === 4,
    contract_start: contractStart,
    initial_term_end: addMonths(contractStart, n % 4 === 0 ? 36 : 24),
  };
}

/** An IMEI: the TAC, a 6-digit serial and its Luhn check digit. */
function imeiOf(serial: number): string {
  const body = `${TAC}${String(serial % 1_000_000).padStart(6, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable: one check digit always fits');
}

/** The catalogue, added once (by code) and read back: a second run adds nothing. */
export async function ensureCatalogue(db: Kysely<DB>): Promise<Catalogue> {
  const rnd = new SeededRandom(20261204);
  await db.insertInto('tariff_plans').values(DEMO_PLANS.map((p) => ({
    id: rnd.uuid(), code: p.code, name: p.name, monthly_fee_cents: p.fee, data_mb: p.dataMb, voice_minutes: p.voice, sms: p.sms,
    data_rate_cents_per_mb: p.rates[0], voice_rate_cents_per_minute: p.rates[1], sms_rate_cents: p.rates[2],
    withdrawn_at: p.withdrawn?.[0] ?? null, last_switch_on: p.withdrawn?.[1] ?? null,
  }))).onConflict((oc) => oc.column('code').doNothing()).execute();
  await db.insertInto('tariff_options').values(DEMO_OPTIONS.map((o) => ({
    id: rnd.uuid(), code: o.code, name: o.name, kind: o.kind, monthly_fee_cents: o.fee,
    extra_data_mb: o.extra[0], extra_voice_minutes: o.extra[1], extra_sms: o.extra[2],
  }))).onConflict((oc) => oc.column('code').doNothing()).execute();
  const plans = new Map((await db.selectFrom('tariff_plans').select(['id', 'code', 'name', 'monthly_fee_cents as fee']).execute()).map((p) => [p.code, p]));
  const options = new Map((await db.selectFrom('tariff_options').select(['id', 'code', 'name', 'monthly_fee_cents as fee']).execute()).map((o) => [o.code, o]));
  const fits = DEMO_OPTIONS.flatMap((o) => o.plans.map((plan) => ({ plan_id: plans.get(plan)!.id, option_id: options.get(o.code)!.id })));
  await db.insertInto('tariff_option_plans').values(fits).onConflict((oc) => oc.columns(['plan_id', 'option_id']).doNothing()).execute();
  return { plans, options };
}

const optionsAt = (n: number, plan: string) => DEMO_OPTIONS.filter((o) => n % o.mod === o.rest && o.plans.includes(plan));

/** What the SIM at position n subscribes to, by the demo fleet's rules (codes of the catalogue). */
export interface DemoLine {
  plan: string;
  /** The options it holds (in DEMO_OPTIONS order), all added at `optionsAddedAt`. */
  options: readonly string[];
  optionsAddedAt: Date;
  /** With a change history: the plan it had before, and when it changed to `plan`. */
  previousPlan: { plan: string; changedAt: Date } | null;
}

/**
 * The plan, options and plan change of the SIM at position n (msisdn order within its customer),
 * as seedFleetDemo records them (`withHistory`: its customer is the one with a change history). The
 * billing demo, seeded before the fleet, bills the same.
 */
export function demoLineAt(n: number, withHistory: boolean, now: Date): DemoLine {
  const plan = PLAN_CYCLE[n % PLAN_CYCLE.length]!;
  return {
    plan,
    options: optionsAt(n, plan).map((o) => o.code),
    optionsAddedAt: new Date(Math.min(now.getTime() - 86_400_000, brusselsStartOfDay(contractStartAt(n)).getTime())),
    previousPlan: withHistory && plan !== 'BM-CLASSIC' && n % 2 === 1 ? { plan: 'BM-CLASSIC', changedAt: new Date(now.getTime() - (40 + n) * 86_400_000) } : null,
  };
}

/**
 * Plans, options, flags, contract dates, devices and (at `historyCustomerNumber`, Acme) a change
 * history for the SIMs of the demo customers, unless they have plans already. `now` is the seed's
 * instant: nothing is dated after it.
 */
export async function seedFleetDemo(db: Kysely<DB>, customerNumbers: readonly string[], historyCustomerNumber: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const catalogue = await ensureCatalogue(tx);
    const sims = await tx
      .selectFrom('sims as s')
      .innerJoin('customers as c', 'c.id', 's.customer_id')
      .leftJoin('cost_centres as cc', (j) => j.onRef('cc.customer_id', '=', 's.customer_id').onRef('cc.id', '=', 's.cost_centre_id'))
      .where('c.enterprise_number', 'in', customerNumbers)
      .select(['s.id', 's.customer_id as customerId', 's.msisdn', 's.tariff_plan_id as planId', 'c.enterprise_number as customerNumber', 'cc.name as costCentre'])
      .orderBy('s.customer_id').orderBy('s.msisdn')
      .execute();
    if (sims.length === 0 || sims.some((s) => s.planId !== null)) return;

    const userId = async (email: string) => (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;
    const [owner, fleet, delegate] = await Promise.all([userId('owner@acme.test'), userId('fleet@acme.test'), userId('admin@brightwave.test')]);
    const delegation = await tx.selectFrom('delegations as d').innerJoin('customers as c', 'c.id', 'd.customer_id')
      .where('c.enterprise_number', '=', historyCustomerNumber).where('d.status', '=', 'active').select('d.id').executeTakeFirst();

    const rnd = new SeededRandom(20261205);
    const day = 86_400_000;
    const options: Insertable<DB['sim_options']>[] = [];
    const devices: Insertable<DB['devices']>[] = [];
    const changes: Insertable<DB['sim_changes']>[] = [];
    const blocks: Insertable<DB['sim_blocks']>[] = [];
    const orders: Insertable<DB['sim_orders']>[] = [];
    const position = new Map<string, number>();
    for (const sim of sims) {
      const n = position.get(sim.customerId) ?? 0;
      position.set(sim.customerId, n + 1);
      const line = demoLineAt(n, sim.customerNumber === historyCustomerNumber, now);
      const planCode = line.plan;
      const subscription = subscriptionAt(n, catalogue);
      const { contract_start: contractStart, status, clir } = subscription;
      const changesBefore = changes.length;
      // A blocked line carries its block (MOB-6: usage since is not charged), a suspended one its end date (MOB-7).
      const statusSince = new Date(now.getTime() - (3 + (n % 5)) * day);
      const lineState = status === 'blocked' ? { blocked_at: statusSince }
        : status === 'suspended' ? { suspended_until: addDays(brusselsDate(now), SUSPENSION_DAYS_LEFT) } : {};
      if (status === 'blocked') blocks.push({ customer_id: sim.customerId, sim_id: sim.id, blocked_from: statusSince });
      // A line waiting for its port-out waits on an order in the operator's queue (MOB-8), as one asked through the API.
      const portOut = status === 'port_out_pending' ? rnd.uuid() : null;
      if (portOut) {
        orders.push({
          customer_id: sim.customerId, id: portOut, sim_id: sim.id, kind: 'port_out', status: 'requested', created_at: statusSince,
          created_by: sim.customerNumber === historyCustomerNumber ? owner : null,
          request: JSON.stringify({ kind: 'port_out', recipientOperator: 'Orange Belgium' }),
        });
      }

      const added = line.optionsAddedAt;
      const taken = DEMO_OPTIONS.filter((o) => line.options.includes(o.code));
      for (const o of taken) options.push({ customer_id: sim.customerId, sim_id: sim.id, option_id: catalogue.options.get(o.code)!.id, added_at: added });

      const ownership = deviceAt(n);
      let device: Record<string, unknown> | null = null;
      let previous: Record<string, unknown> | null = null;
      if (ownership) {
        const [make, model] = DEVICES[n % DEVICES.length]!;
        const since = new Date(now.getTime() - (20 + (n % 200)) * day);
        // IMEI history (MOB-5): half of the customer-owned lines had another phone before.
        if (ownership === 'customer' && n % 2 === 0) {
          const [oldMake, oldModel] = DEVICES[(n + 2) % DEVICES.length]!;
          const oldImei = imeiOf(rnd.int(0, 999_999));
          devices.push({
            customer_id: sim.customerId, id: rnd.uuid(), sim_id: sim.id, imei: oldImei, make: oldMake, model: oldModel, ownership,
            since: new Date(Math.min(brusselsStartOfDay(contractStart).getTime(), since.getTime() - 30 * day)), until: since,
          });
          previous = { ownership, imei: oldImei, make: oldMake, model: oldModel };
        }
        const imei = imeiOf(rnd.int(0, 999_999));
        devices.push({ customer_id: sim.customerId, id: rnd.uuid(), sim_id: sim.id, imei, make, model, ownership, since });
        device = { ownership, imei, make, model, since };
      }

      // Each recorded change raised the version, as a change through the API will.
      const update = async () => tx.updateTable('sims').set({ ...subscription, ...lineState, version: 1 + changes.length - changesBefore })
        .where('customer_id', '=', sim.customerId).where('id', '=', sim.id).execute();
      if (sim.customerNumber !== historyCustomerNumber) {
        await update();
        continue;
      }
      // MOB-3: Acme's history. Who: the AO, the fleet manager on his cost centre, Brightwave's delegate through the delegation.
      const sales = sim.costCentre === 'Sales';
      const manager = sales ? fleet : owner;
      const change = (at: Date, kind: string, before: unknown, after: unknown, actor: string | null, delegationId: string | null = null, orderId: string | null = null) =>
        changes.push({
          customer_id: sim.customerId, id: rnd.uuid(), sim_id: sim.id, at, actor_user_id: actor, delegation_id: delegationId, order_id: orderId, kind,
          before: JSON.stringify(before), after: JSON.stringify(after),
        });
      const planRef = (code: string) => ({ id: catalogue.plans.get(code)!.id, code, name: catalogue.plans.get(code)!.name });
      if (line.previousPlan) {
        change(line.previousPlan.changedAt, 'plan', { tariffPlan: planRef(line.previousPlan.plan) }, { tariffPlan: planRef(planCode) }, manager);
      }
      if (taken.length > 0) {
        const refs = taken.map((o) => ({ id: catalogue.options.get(o.code)!.id, code: o.code, name: o.name }));
        change(added, 'options', { options: [] }, { options: refs }, manager);
      }
      if (device) change(new Date(device.since as Date), 'device', previous ?? {}, { ...device, since: undefined }, manager);
      if (n % 3 === 0) change(new Date(now.getTime() - (10 + n) * day), 'premium_barring', { premiumBarring: false }, { premiumBarring: true }, owner);
      if (status !== 'active') {
        change(statusSince, 'status', { status: 'active' }, portOut ? { status, recipientOperator: 'Orange Belgium' } : { status }, owner, null, portOut);
      }
      if (sales && n % 2 === 0 && delegation) {
        change(now, 'clir', { clir: !clir }, { clir }, delegate, delegation.id);
      }
      await update();
    }
    if (options.length > 0) await tx.insertInto('sim_options').values(options).execute();
    if (devices.length > 0) await tx.insertInto('devices').values(devices).execute();
    if (orders.length > 0) await tx.insertInto('sim_orders').values(orders).execute();
    if (changes.length > 0) await tx.insertInto('sim_changes').values(changes).execute();
    if (blocks.length > 0) await tx.insertInto('sim_blocks').values(blocks).execute();

    // MOB-4: the employee may switch between two plans and add or remove a few options himself, without approval.
    const employee = await userId('employee@acme.test');
    const own = employee ? await tx.selectFrom('sims').select(['customer_id', 'id']).where('end_user_id', '=', employee).execute() : [];
    if (own.length > 0) {
      await tx.insertInto('sim_self_service').values(own.map((s) => ({
        customer_id: s.customer_id, sim_id: s.id, clir: true, requires_approval: false, granted_at: new Date(now.getTime() - 30 * day), granted_by: fleet,
        tariff_plan_ids: ['BM-S', 'BM-M'].map((c) => catalogue.plans.get(c)!.id),
        option_ids: ['DATA-5G', 'INTL-100', 'ROAM-DAY', 'ROAM-WORLD'].map((c) => catalogue.options.get(c)!.id),
      }))).execute();
    }
  });
}

/**
 * The rest of the scale customer's fleet, its SIMs having been inserted with `subscriptionAt`: the
 * options that fit, a device in every fifth line (customer-owned or BYOD, the IMEI's Luhn digit
 * computed in SQL) and a plan change in every fiftieth, each in one set-based statement. Ids derive
 * from the SIM's, so they are the same on every run.
 */
export async function seedFleetScale(db: Kysely<DB>, customerId: string, actorUserId: string, now: Date): Promise<void> {
  const numbered = sql`(SELECT id, customer_id, tariff_plan_id, contract_start, row_number() OVER (ORDER BY msisdn) - 1 AS n FROM sims WHERE customer_id = ${customerId})`;
  const taken = sql.join(DEMO_OPTIONS.map((o) => sql`(o.code = ${o.code} AND x.n % ${sql.lit(o.mod)} = ${sql.lit(o.rest)})`), sql` OR `);
  await sql`INSERT INTO sim_options (customer_id, sim_id, option_id, added_at)
    SELECT x.customer_id, x.id, o.id, least(${new Date(now.getTime() - 86_400_000)}::timestamptz, (x.contract_start::timestamp AT TIME ZONE 'Europe/Brussels'))
    FROM ${numbered} x
    JOIN tariff_options o ON ${taken}
    JOIN tariff_option_plans fit ON fit.option_id = o.id AND fit.plan_id = x.tariff_plan_id`.execute(db);

  const makes = DEVICES.map(([make]) => make);
  const models = DEVICES.map(([, model]) => model);
  await sql`INSERT INTO devices (customer_id, id, sim_id, imei, make, model, ownership, since)
    SELECT d.customer_id, md5('device:' || d.id::text)::uuid, d.id,
      d.body || ((10 - (SELECT sum(CASE WHEN i % 2 = 0 THEN (substr(d.body, i, 1)::int * 2) / 10 + (substr(d.body, i, 1)::int * 2) % 10
                                       ELSE substr(d.body, i, 1)::int END)
                       FROM generate_series(1, 14) i) % 10) % 10)::text,
      (${sql.val(makes)}::text[])[1 + d.n % ${sql.lit(DEVICES.length)}], (${sql.val(models)}::text[])[1 + d.n % ${sql.lit(DEVICES.length)}],
      CASE WHEN d.n % 10 = 0 THEN 'customer' ELSE 'byod' END,
      ${now}::timestamptz - make_interval(days => (20 + d.n % 200)::int)
    FROM (SELECT x.id, x.customer_id, x.n, ${TAC} || lpad((x.n % 1000000)::text, 6, '0') AS body FROM ${numbered} x WHERE x.n % 5 = 0) d`.execute(db);

  await sql`INSERT INTO sim_changes (customer_id, id, sim_id, at, actor_user_id, kind, before, after)
    SELECT x.customer_id, md5('plan-change:' || x.id::text)::uuid, x.id, ${now}::timestamptz - make_interval(days => (1 + x.n % 60)::int), ${actorUserId}::uuid,
      'plan', jsonb_build_object('tariffPlan', jsonb_build_object('id', old.id, 'code', old.code, 'name', old.name)),
      jsonb_build_object('tariffPlan', jsonb_build_object('id', tp.id, 'code', tp.code, 'name', tp.name))
    FROM ${numbered} x
    JOIN tariff_plans tp ON tp.id = x.tariff_plan_id
    JOIN tariff_plans old ON old.code = 'BM-CLASSIC'
    WHERE x.n % 50 = 1 AND tp.code <> 'BM-CLASSIC'`.execute(db);

  await sql`UPDATE sims SET blocked_at = ${now}::timestamptz - interval '3 days' WHERE customer_id = ${customerId} AND status = 'blocked'`.execute(db);
  await sql`INSERT INTO sim_blocks (customer_id, sim_id, blocked_from)
    SELECT customer_id, id, blocked_at FROM sims WHERE customer_id = ${customerId} AND status = 'blocked'`.execute(db);
  await sql`UPDATE sims SET suspended_until = ${addDays(brusselsDate(now), SUSPENSION_DAYS_LEFT)}::date
    WHERE customer_id = ${customerId} AND status = 'suspended'`.execute(db);
}
