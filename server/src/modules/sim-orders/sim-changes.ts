import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { SimChange } from '@mandate/contracts/sim-orders';

/**
 * The one way a subscription change reaches a SIM, for one SIM or a batch of a thousand alike: a
 * single order now, a scheduled order when its day comes, an approved self-service request, an
 * item of a bulk change. Each SIM's state is locked and checked, and then the SIMs that change
 * are written set-based: the SIM (its version raised), its change history (MOB-3) and the audit
 * trail, in the caller's transaction.
 */

/** A SIM as a change sees it, locked for the transaction. */
export interface SimState {
  id: string;
  msisdn: string;
  status: string;
  /** When the line was blocked after a loss or theft (MOB-6), while that block lasts. */
  blockedAt: Date | null;
  version: number;
  tariffPlanId: string | null;
  optionIds: string[];
  clir: boolean;
  premiumBarring: boolean;
  euDataCutoffOptOut: boolean;
}

/** Locks the SIMs (in id order, so two batches never wait on each other in a circle) and reads them with their options. */
export async function lockSims(trx: Kysely<DB>, customerId: string, simIds: readonly string[]): Promise<Map<string, SimState>> {
  if (simIds.length === 0) return new Map();
  const rows = await sql<SimState>`
    SELECT s.id, s.msisdn, s.status, s.blocked_at AS "blockedAt", s.version, s.tariff_plan_id AS "tariffPlanId", s.clir, s.premium_barring AS "premiumBarring",
           s.eu_data_cutoff_opt_out AS "euDataCutoffOptOut",
           coalesce((SELECT array_agg(so.option_id::text ORDER BY so.option_id) FROM sim_options so
                     WHERE so.customer_id = s.customer_id AND so.sim_id = s.id), '{}') AS "optionIds"
      FROM sims s
     WHERE s.customer_id = ${customerId} AND s.id = ANY(${[...simIds]}::uuid[])
     ORDER BY s.id
       FOR UPDATE OF s`.execute(trx);
  return new Map(rows.rows.map((r) => [r.id, r]));
}

/** A plan or option as the history names it. */
export interface CatalogueRef {
  id: string;
  code: string;
  name: string;
}

/** What the catalogue says of the plan or option a change names, and the names the history shows. */
export interface CatalogueFacts {
  plan?: (CatalogueRef & { withdrawn: boolean; optionIds: Set<string> }) | undefined;
  option?: (CatalogueRef & { withdrawn: boolean; planIds: Set<string> }) | undefined;
  plans: Map<string, CatalogueRef>;
  options: Map<string, CatalogueRef>;
}

/** Reads the catalogue (a few dozen rows) with what the change names; a plan or option that does not exist stays undefined. */
export async function catalogueFor(db: Kysely<DB>, change: SimChange, today: string): Promise<CatalogueFacts> {
  const [plans, options, fits] = await Promise.all([
    db.selectFrom('tariff_plans').select(['id', 'code', 'name', sql<string | null>`to_char(withdrawn_at, 'YYYY-MM-DD')`.as('withdrawnOn')]).execute(),
    db.selectFrom('tariff_options').select(['id', 'code', 'name', sql<string | null>`to_char(withdrawn_at, 'YYYY-MM-DD')`.as('withdrawnOn')]).execute(),
    db.selectFrom('tariff_option_plans').select(['plan_id as planId', 'option_id as optionId']).execute(),
  ]);
  const ref = (r: CatalogueRef): CatalogueRef => ({ id: r.id, code: r.code, name: r.name });
  const facts: CatalogueFacts = { plans: new Map(plans.map((p) => [p.id, ref(p)])), options: new Map(options.map((o) => [o.id, ref(o)])) };
  const withdrawn = (on: string | null) => on !== null && on <= today;
  if (change.kind === 'plan') {
    const plan = plans.find((p) => p.id === change.tariffPlanId);
    if (plan) facts.plan = { ...ref(plan), withdrawn: withdrawn(plan.withdrawnOn), optionIds: new Set(fits.filter((f) => f.planId === plan.id).map((f) => f.optionId)) };
  }
  if (change.kind === 'add_option' || change.kind === 'remove_option') {
    const option = options.find((o) => o.id === change.optionId);
    if (option) facts.option = { ...ref(option), withdrawn: withdrawn(option.withdrawnOn), planIds: new Set(fits.filter((f) => f.optionId === option.id).map((f) => f.planId)) };
  }
  return facts;
}

/** Why a change cannot be made: a stable code, the request field it concerns and a sentence for the user. */
export interface Refusal {
  code: string;
  field: string;
  message: string;
}

export type Evaluation =
  | { ok: true; changed: boolean; historyKind: HistoryKind; before: Record<string, unknown>; after: Record<string, unknown> }
  | { ok: false; refusal: Refusal };

type HistoryKind = 'plan' | 'options' | 'clir' | 'premium_barring' | 'eu_data_cutoff';

const refuse = (code: string, field: string, message: string): Evaluation => ({ ok: false, refusal: { code, field, message } });

/**
 * Whether the change can be made to this SIM and what it changes. A line that is deactivated or
 * being ported out keeps its subscription (MOB-8); a withdrawn plan or option is no longer
 * chosen (MOB-11); an option must fit the plan, and a plan change never strands an option.
 * A change to what the SIM already has is made without changing anything.
 */
export function evaluate(change: SimChange, sim: SimState, catalogue: CatalogueFacts): Evaluation {
  if (sim.status === 'deactivated') return refuse('sim_deactivated', 'simId', 'The line is deactivated: its subscription can no longer change.');
  if (sim.status === 'port_out_pending') return refuse('sim_porting_out', 'simId', 'The number is being ported out: its subscription can no longer change.');
  switch (change.kind) {
    case 'plan': {
      const plan = catalogue.plan;
      if (!plan) return refuse('plan_unknown', 'body.tariffPlanId', 'is not a tariff plan of the catalogue');
      const planRef = (id: string | null) => (id === null ? null : catalogue.plans.get(id) ?? { id, code: '', name: '' });
      if (sim.tariffPlanId === plan.id) return { ok: true, changed: false, historyKind: 'plan', before: { tariffPlan: planRef(plan.id) }, after: { tariffPlan: planRef(plan.id) } };
      if (plan.withdrawn) return refuse('plan_withdrawn', 'body.tariffPlanId', `the plan ${plan.code} is withdrawn and can no longer be chosen`);
      const stranded = sim.optionIds.filter((o) => !plan.optionIds.has(o));
      if (stranded.length > 0) {
        const codes = stranded.map((o) => catalogue.options.get(o)?.code ?? o).join(', ');
        return refuse('options_incompatible', 'body.tariffPlanId', `the plan ${plan.code} does not allow the option(s) ${codes}: remove them first`);
      }
      return { ok: true, changed: true, historyKind: 'plan', before: { tariffPlan: planRef(sim.tariffPlanId) }, after: { tariffPlan: planRef(plan.id) } };
    }
    case 'add_option':
    case 'remove_option': {
      const option = catalogue.option;
      if (!option) return refuse('option_unknown', 'body.optionId', 'is not an option of the catalogue');
      const has = sim.optionIds.includes(option.id);
      const refs = (ids: readonly string[]) => ({ options: ids.map((id) => catalogue.options.get(id) ?? { id, code: '', name: '' }) });
      const before = refs(sim.optionIds);
      if (change.kind === 'remove_option') {
        if (!has) return { ok: true, changed: false, historyKind: 'options', before, after: before };
        return { ok: true, changed: true, historyKind: 'options', before, after: refs(sim.optionIds.filter((o) => o !== option.id)) };
      }
      if (has) return { ok: true, changed: false, historyKind: 'options', before, after: before };
      if (option.withdrawn) return refuse('option_withdrawn', 'body.optionId', `the option ${option.code} is withdrawn and can no longer be added`);
      if (sim.tariffPlanId === null || !option.planIds.has(sim.tariffPlanId)) {
        return refuse('option_incompatible', 'body.optionId', `the option ${option.code} cannot be added to the line's tariff plan`);
      }
      return { ok: true, changed: true, historyKind: 'options', before, after: refs([...sim.optionIds, option.id]) };
    }
    case 'clir':
      return flag('clir', sim.clir, change.enabled);
    case 'premium_barring':
      return flag('premium_barring', sim.premiumBarring, change.enabled);
    case 'eu_data_cutoff':
      return flag('eu_data_cutoff', sim.euDataCutoffOptOut, change.optOut);
  }
}

const FLAG_FIELDS = { clir: 'clir', premium_barring: 'premiumBarring', eu_data_cutoff: 'euDataCutoffOptOut' } as const;

function flag(kind: keyof typeof FLAG_FIELDS, current: boolean, wanted: boolean): Evaluation {
  const field = FLAG_FIELDS[kind];
  return { ok: true, changed: current !== wanted, historyKind: kind, before: { [field]: current }, after: { [field]: wanted } };
}

/** Who makes the change, for the history and the audit trail. */
export interface ChangeMeta {
  customerId: string;
  at: Date;
  actorUserId: string | null;
  delegationId: string | null;
  ip: string | null;
}

/** One SIM that changes, with the order that changes it. */
export interface Applied {
  simId: string;
  orderId: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  historyKind: HistoryKind;
}

/**
 * Writes one change to the SIMs it really changes: the SIMs (version raised), the history and
 * the audit trail, set-based. The caller locked and evaluated the SIMs in this transaction.
 */
export async function writeChange(trx: Kysely<DB>, change: SimChange, meta: ChangeMeta, applied: readonly Applied[]): Promise<void> {
  if (applied.length === 0) return;
  const ids = applied.map((a) => a.simId);
  const { customerId } = meta;
  switch (change.kind) {
    case 'plan':
      await trx.updateTable('sims').set({ tariff_plan_id: change.tariffPlanId }).where('customer_id', '=', customerId).where('id', 'in', ids).execute();
      break;
    case 'add_option':
      await trx.insertInto('sim_options')
        .values(ids.map((simId) => ({ customer_id: customerId, sim_id: simId, option_id: change.optionId, added_at: meta.at })))
        .onConflict((oc) => oc.doNothing()).execute();
      break;
    case 'remove_option':
      await trx.deleteFrom('sim_options').where('customer_id', '=', customerId).where('sim_id', 'in', ids).where('option_id', '=', change.optionId).execute();
      break;
    case 'clir':
      await trx.updateTable('sims').set({ clir: change.enabled }).where('customer_id', '=', customerId).where('id', 'in', ids).execute();
      break;
    case 'premium_barring':
      await trx.updateTable('sims').set({ premium_barring: change.enabled }).where('customer_id', '=', customerId).where('id', 'in', ids).execute();
      break;
    case 'eu_data_cutoff':
      await trx.updateTable('sims').set({ eu_data_cutoff_opt_out: change.optOut }).where('customer_id', '=', customerId).where('id', 'in', ids).execute();
      break;
  }
  await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) })).where('customer_id', '=', customerId).where('id', 'in', ids).execute();
  await recordChanges(trx, meta, applied.map((a) => ({ ...a, kind: a.historyKind })));
}

/** One entry of the SIM's history and of the audit trail. */
export interface ChangeRecord {
  simId: string;
  orderId: string | null;
  kind: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** MOB-3: the SIM's history of the changes, one row per SIM. */
export async function recordHistory(trx: Kysely<DB>, meta: Omit<ChangeMeta, 'ip'>, records: readonly ChangeRecord[]): Promise<void> {
  if (records.length === 0) return;
  await trx.insertInto('sim_changes').values(records.map((r) => ({
    customer_id: meta.customerId, sim_id: r.simId, at: meta.at, actor_user_id: meta.actorUserId, delegation_id: meta.delegationId,
    kind: r.kind, before: JSON.stringify(r.before), after: JSON.stringify(r.after), order_id: r.orderId,
  }))).execute();
}

/** MOB-3 and SEC-3: the SIM's history and the audit trail of the changes, one row each per SIM. */
export async function recordChanges(trx: Kysely<DB>, meta: ChangeMeta, records: readonly ChangeRecord[]): Promise<void> {
  if (records.length === 0) return;
  await recordHistory(trx, meta, records);
  await trx.insertInto('audit_log').values(records.map((r) => ({
    at: meta.at, actor_user_id: meta.actorUserId, customer_id: meta.customerId, delegation_id: meta.delegationId,
    action: `sim.${r.kind}`, target_type: 'sim', target_id: r.simId,
    before: JSON.stringify(r.before), after: JSON.stringify(r.after), ip: meta.ip,
  }))).execute();
}

/**
 * SEC-3: orders that do not change the line yet (a request, a change scheduled for the next
 * period, a cancellation) are still changes of the SIMs' state, one audit row each; the change
 * itself, once made, is audited as `sim.<kind>` with the SIM's history.
 */
export async function auditOrders(
  trx: Kysely<DB>, meta: ChangeMeta, action: 'request' | 'schedule' | 'cancel',
  entries: ReadonlyArray<{ simId: string; before: Record<string, unknown> | null; after: Record<string, unknown> }>,
): Promise<void> {
  if (entries.length === 0) return;
  await trx.insertInto('audit_log').values(entries.map((e) => ({
    at: meta.at, actor_user_id: meta.actorUserId, customer_id: meta.customerId, delegation_id: meta.delegationId,
    action: `sim_order.${action}`, target_type: 'sim', target_id: e.simId,
    before: e.before === null ? null : JSON.stringify(e.before), after: JSON.stringify(e.after), ip: meta.ip,
  }))).execute();
}

/** The audit rows of scheduled orders that a change made at once replaced, each naming its replacement. */
export function auditReplaced(
  trx: Kysely<DB>, meta: ChangeMeta, change: SimChange,
  replaced: ReadonlyArray<{ id: string; simId: string }>, replacementOf: ReadonlyMap<string, string>,
): Promise<void> {
  return auditOrders(trx, meta, 'cancel', replaced.map((r) => ({
    simId: r.simId,
    before: { orderId: r.id, kind: change.kind, status: 'scheduled' },
    after: { orderId: r.id, status: 'cancelled', replacedBy: replacementOf.get(r.simId) ?? null },
  })));
}
