import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type {
  BulkChange, BulkChangeBody, BulkChangeItemQuery, BulkChangeItemResponse, OrderEffective, SimChange,
} from '@mandate/contracts/sim-orders';
import { addMonths, brusselsDate } from '@mandate/domain/dates';
import type { Deps } from '../../lib/deps.ts';
import { delegationFor, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { HttpProblem, idempotencyKeyReused, notFound, conflict } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import type { Principal } from '../../types.ts';
import { auditOrders, auditReplaced, catalogueFor, evaluate, lockSims, writeChange, type Applied, type CatalogueFacts, type ChangeMeta } from './sim-changes.ts';
import { insertOrders, supersedeSameSetting, type NewOrder } from './sim-orders.repo.ts';
import {
  claimBulkChange, countItemsNotReadable, countUpdatable, findBulkChange, insertItems, recordItemResults, type BulkRow,
} from './bulk-changes.repo.ts';
import { effectiveAtOf, requestHash } from './sim-orders.service.ts';

/** SIMs changed per transaction: small enough to hold their locks briefly, large enough for set-based writes. */
const BATCH = 1000;
/** How long a worker holds a bulk change between batches; a worker that died lets it go after this. */
const LEASE_MS = 60_000;

const personOf = (id: string | null, first: string | null, last: string | null) => (id ? { id, name: `${first ?? ''} ${last ?? ''}`.trim() } : null);

async function loadBulkChange(db: Kysely<DB>, customerId: string, id: string): Promise<BulkChange | undefined> {
  const row = await findBulkChange(db, customerId, id);
  if (!row) return undefined;
  const counts = (typeof row.counts === 'string' ? JSON.parse(row.counts) : row.counts) as Record<'total' | 'applied' | 'unchanged' | 'failed' | 'pending', number>;
  return {
    id: row.id, change: row.change as SimChange, status: row.status as BulkChange['status'],
    total: Number(counts.total), applied: Number(counts.applied), unchanged: Number(counts.unchanged), failed: Number(counts.failed), pending: Number(counts.pending),
    createdAt: new Date(row.createdAt).toISOString(), createdBy: personOf(row.createdById, row.firstName, row.lastName),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  };
}

/** A bulk change the principal may see: every SIM of it is one he may read (else 404, as for a SIM). */
async function visibleBulkChange(deps: Deps, principal: Principal, customerId: string, id: string): Promise<BulkChange> {
  const outside = await countItemsNotReadable(deps.db, principal.ability, customerId, id);
  const change = outside === 0 ? await loadBulkChange(deps.db, customerId, id) : undefined;
  if (!change) throw notFound('bulk change');
  return change;
}

const refusal = (status: number, code: string, field: string, message: string) => new HttpProblem(status, code, status === 403 ? 'Forbidden' : 'Unprocessable content', message, [{ field, message }]);

/**
 * POST …/sim-bulk-changes: one change on a selection of SIMs (up to the whole fleet), applied by a
 * background job. Refused as a whole (nothing recorded) when a SIM is not one the principal may
 * change, or when the catalogue refuses the change for every SIM alike (an unknown or withdrawn
 * plan or option); what only some SIMs refuse (a deactivated line, an option that does not fit)
 * fails for those SIMs, reported per SIM and retryable. An Idempotency-Key makes a retry answer
 * the same bulk change.
 */
export async function createBulkChange(
  deps: Deps, actor: Actor, customerId: string, body: BulkChangeBody, idempotencyKey: string | undefined,
): Promise<BulkChange> {
  const { principal } = actor;
  const hash = requestHash('bulk', body);
  if (idempotencyKey) {
    const earlier = await deps.db.selectFrom('sim_bulk_changes').select(['id', 'request_hash as requestHash'])
      .where('customer_id', '=', customerId).where('created_by', '=', principal.userId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    if (earlier) {
      if (earlier.requestHash !== hash) {
        throw idempotencyKeyReused('bulk change');
      }
      return (await loadBulkChange(deps.db, customerId, earlier.id))!;
    }
  }
  const { change } = body;
  const outside = body.simIds.length - await countUpdatable(deps.db, principal.ability, customerId, body.simIds);
  if (outside > 0) {
    throw refusal(403, 'sims_out_of_scope', 'body.simIds', `${outside} of the ${body.simIds.length} SIMs are not SIMs you may change: nothing was changed.`);
  }
  // The catalogue of the day it takes effect (billing periods are calendar months): a plan withdrawn by then cannot be scheduled for it.
  const today = brusselsDate(deps.clock.now());
  const catalogue = await catalogueFor(deps.db, change, change.effective === 'next_period' ? addMonths(`${today.slice(0, 7)}-01`, 1) : today);
  checkCatalogue(change, catalogue);

  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const created = await trx.insertInto('sim_bulk_changes').values({
        customer_id: customerId, change: JSON.stringify(change), created_at: now, created_by: principal.userId,
        delegation_id: delegationFor(principal, customerId), ip: actor.ip,
        idempotency_key: idempotencyKey ?? null, request_hash: idempotencyKey ? hash : null,
      }).returning('id').executeTakeFirstOrThrow();
      await insertItems(trx, customerId, created.id, body.simIds);
      await trx.insertInto('audit_log').values({
        at: now, actor_user_id: principal.userId, customer_id: customerId, delegation_id: delegationFor(principal, customerId),
        action: 'sim.bulk_change', target_type: 'sim_bulk_change', target_id: created.id, before: null,
        after: JSON.stringify({ change, sims: body.simIds.length }), ip: actor.ip,
      }).execute();
      return created.id;
    });
    return (await loadBulkChange(deps.db, customerId, id))!;
  } catch (error) {
    if (idempotencyKey && isUniqueViolation(error)) return createBulkChange(deps, actor, customerId, body, idempotencyKey);
    throw error;
  }
}

/** What the catalogue refuses for every SIM alike: the whole bulk change is refused. */
function checkCatalogue(change: SimChange, catalogue: CatalogueFacts): void {
  if (change.kind === 'plan') {
    if (!catalogue.plan) throw refusal(422, 'plan_unknown', 'body.change.tariffPlanId', 'is not a tariff plan of the catalogue');
    if (catalogue.plan.withdrawn) throw refusal(422, 'plan_withdrawn', 'body.change.tariffPlanId', `the plan ${catalogue.plan.code} is withdrawn and can no longer be chosen`);
  }
  if (change.kind === 'add_option' || change.kind === 'remove_option') {
    if (!catalogue.option) throw refusal(422, 'option_unknown', 'body.change.optionId', 'is not an option of the catalogue');
    if (change.kind === 'add_option' && catalogue.option.withdrawn) {
      throw refusal(422, 'option_withdrawn', 'body.change.optionId', `the option ${catalogue.option.code} is withdrawn and can no longer be added`);
    }
  }
  if (change.kind === 'eu_data_cutoff' && change.optOut && change.warningAcknowledged !== true) {
    throw refusal(422, 'warning_not_acknowledged', 'body.change.warningAcknowledged',
      'must be true: without the cut-off, EU mobile data is no longer stopped at €60 a month (MOB-9)');
  }
}

export async function getBulkChange(deps: Deps, principal: Principal, customerId: string, id: string): Promise<BulkChange> {
  return visibleBulkChange(deps, principal, customerId, id);
}

const ITEM_PAGES = keyset('sim-bulk-items', 'uuid');

/** GET …/sim-bulk-changes/{id}/items: the result per SIM, by SIM id. */
export async function getBulkChangeItems(
  deps: Deps, principal: Principal, customerId: string, id: string, query: BulkChangeItemQuery,
): Promise<BulkChangeItemResponse> {
  await visibleBulkChange(deps, principal, customerId, id);
  const { limit = 50 } = query;
  const after = decodeCursor(ITEM_PAGES, query.cursor);
  let q = deps.db.selectFrom('sim_bulk_change_items as i')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'i.customer_id').onRef('s.id', '=', 'i.sim_id'))
    .select(['i.sim_id as simId', 's.msisdn', 'i.status', 'i.order_id as orderId', 'i.reason', 'i.code'])
    .where('i.customer_id', '=', customerId).where('i.bulk_change_id', '=', id);
  if (query.status) q = q.where('i.status', '=', query.status);
  if (after) q = q.where('i.sim_id', '>', after[0]);
  const rows = await q.orderBy('i.sim_id').limit(limit + 1).execute();
  return toPage(rows, limit, ITEM_PAGES, (r) => [r.simId], (r) => ({ ...r, status: r.status as 'pending' | 'applied' | 'failed' }));
}

/** POST …/sim-bulk-changes/{id}/retry: the SIMs that failed are tried again (the others are never touched twice). */
export async function retryBulkChange(deps: Deps, actor: Actor, customerId: string, id: string): Promise<BulkChange> {
  const { principal } = actor;
  const current = await visibleBulkChange(deps, principal, customerId, id);
  if (current.status !== 'done' || current.failed === 0) {
    throw conflict('nothing_to_retry', current.status !== 'done' ? 'The bulk change is still running.' : 'No SIM failed: there is nothing to retry.');
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('sim_bulk_change_items').set({ status: 'pending', code: null, reason: null })
      .where('customer_id', '=', customerId).where('bulk_change_id', '=', id).where('status', '=', 'failed').execute();
    await trx.updateTable('sim_bulk_changes').set({ status: 'queued', finished_at: null, lease_until: null })
      .where('customer_id', '=', customerId).where('id', '=', id).execute();
    await trx.insertInto('audit_log').values({
      at: deps.clock.now(), actor_user_id: principal.userId, customer_id: customerId, delegation_id: delegationFor(principal, customerId),
      action: 'sim.bulk_change_retry', target_type: 'sim_bulk_change', target_id: id,
      before: JSON.stringify({ failed: current.failed }), after: JSON.stringify({ retried: current.failed }), ip: actor.ip,
    }).execute();
  });
  return (await loadBulkChange(deps.db, customerId, id))!;
}

export interface BulkRunOptions {
  batchSize?: number;
  /** Stop after this many batches (the job goes on at its next run): a worker stopped mid-way. */
  maxBatches?: number;
}

/**
 * The job: takes the oldest bulk change no live worker holds (a lease, renewed every batch) and
 * applies its pending SIMs batch by batch. Each batch is one transaction: the SIMs, their orders,
 * history and audit rows and the items' results commit together, so a worker killed mid-way
 * leaves whole batches behind and the next one resumes at the first SIM still pending: no SIM
 * is changed twice. Answers how many SIMs it settled.
 */
export async function runBulkChanges(deps: Deps, options: BulkRunOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? BATCH;
  let settled = 0;
  let batches = 0;
  for (;;) {
    const job = await claim(deps);
    if (!job) return settled;
    const change = job.change as SimChange;
    const catalogue = await catalogueFor(deps.db, change, brusselsDate(deps.clock.now()));
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return settled;
      const done = await applyBatch(deps, job, change, catalogue, batchSize);
      batches++;
      settled += done;
      if (done === 0) break;
    }
    await deps.db.updateTable('sim_bulk_changes').set({ status: 'done', finished_at: deps.clock.now(), lease_until: null })
      .where('customer_id', '=', job.customer_id).where('id', '=', job.id).execute();
  }
}

/** Takes a bulk change that is not done and that no live worker holds, for LEASE_MS. */
function claim(deps: Deps): Promise<BulkRow | undefined> {
  const now = deps.clock.now();
  return claimBulkChange(deps.db, now, new Date(now.getTime() + LEASE_MS));
}

/** One batch of a bulk change's pending SIMs, in one transaction; answers how many it settled (0: none pending). */
async function applyBatch(deps: Deps, job: BulkRow, change: SimChange, catalogue: CatalogueFacts, batchSize: number): Promise<number> {
  const now = deps.clock.now();
  const customerId = job.customer_id;
  return deps.db.transaction().execute(async (trx) => {
    const pending = await trx.selectFrom('sim_bulk_change_items').select('sim_id')
      .where('customer_id', '=', customerId).where('bulk_change_id', '=', job.id).where('status', '=', 'pending')
      .orderBy('sim_id').limit(batchSize).forUpdate().skipLocked().execute();
    if (pending.length === 0) return 0;
    const states = await lockSims(trx, customerId, pending.map((p) => p.sim_id));
    const effective: OrderEffective = change.effective ?? 'now';
    const meta: ChangeMeta = { customerId, at: now, actorUserId: job.created_by, delegationId: job.delegation_id, ip: job.ip };
    const ok: Array<{ simId: string; evaluation: Extract<ReturnType<typeof evaluate>, { ok: true }> }> = [];
    const unchanged: string[] = [];
    const failed: Array<{ simId: string; code: string; reason: string }> = [];
    for (const { sim_id: simId } of pending) {
      const state = states.get(simId);
      if (!state) {
        failed.push({ simId, code: 'unknown_sim', reason: 'The SIM no longer exists.' });
        continue;
      }
      const evaluation = evaluate(change, state, catalogue);
      if (!evaluation.ok) failed.push({ simId, code: evaluation.refusal.code, reason: evaluation.refusal.message });
      // What the line has already, effective now, is no order (a next-period one may undo a scheduled change).
      else if (!evaluation.changed && effective === 'now') unchanged.push(simId);
      else ok.push({ simId, evaluation });
    }

    const orderIds = new Map<string, string>();
    if (ok.length > 0) {
      // The next billing period is the same for every SIM of an account; a fleet has a handful of accounts.
      const accounts = await trx.selectFrom('sims').select(['id', 'billing_account_id']).where('customer_id', '=', customerId)
        .where('id', 'in', ok.map((o) => o.simId)).execute();
      const accountOf = new Map(accounts.map((a) => [a.id, a.billing_account_id]));
      const effectiveAt = new Map<string, Date | null>();
      for (const account of new Set(accountOf.values())) effectiveAt.set(account, await effectiveAtOf(trx, customerId, account, effective, now));
      const status = effective === 'next_period' ? 'scheduled' : 'applied';
      // The later decision wins: what was scheduled for this setting is replaced, whether this change waits for the next period or not.
      const replaced = await supersedeSameSetting(trx, customerId, ok.map((o) => o.simId), change, { at: now, userId: job.created_by, delegationId: job.delegation_id }, { effective });
      const orders: NewOrder[] = ok.map((o) => ({
        customerId, simId: o.simId, kind: change.kind, request: change, status, effective, effectiveAt: effectiveAt.get(accountOf.get(o.simId)!) ?? null,
        createdAt: now, createdBy: job.created_by, delegationId: job.delegation_id, bulkChangeId: job.id,
        ...(status === 'applied' ? { decidedAt: now, decidedBy: job.created_by } : {}),
      }));
      const ids = await insertOrders(trx, orders);
      ok.forEach((o, n) => orderIds.set(o.simId, ids[n]!));
      if (effective === 'now') {
        const applied: Applied[] = ok.map((o) => ({
          simId: o.simId, orderId: orderIds.get(o.simId)!, before: o.evaluation.before, after: o.evaluation.after, historyKind: o.evaluation.historyKind,
        }));
        await writeChange(trx, change, meta, applied);
        await auditReplaced(trx, meta, change, replaced, orderIds);
      } else {
        await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) }))
          .where('customer_id', '=', customerId).where('id', 'in', ok.map((o) => o.simId)).execute();
        const replacedOf = new Map<string, string[]>();
        for (const r of replaced) replacedOf.set(r.simId, [...(replacedOf.get(r.simId) ?? []), r.id]);
        await auditOrders(trx, meta, 'schedule', ok.map((o) => {
          const replacedIds = replacedOf.get(o.simId) ?? [];
          return {
            simId: o.simId,
            before: replacedIds.length > 0 ? { replacedOrderIds: replacedIds } : null,
            after: {
              orderId: orderIds.get(o.simId)!, kind: change.kind, status: 'scheduled', request: change,
              effectiveAt: effectiveAt.get(accountOf.get(o.simId)!)?.toISOString(), bulkChangeId: job.id,
            },
          };
        }));
      }
    }
    const results = [
      ...ok.map((o) => ({ simId: o.simId, status: 'applied', orderId: orderIds.get(o.simId)!, code: null, reason: null })),
      ...unchanged.map((simId) => ({ simId, status: 'unchanged', orderId: null, code: 'no_change', reason: 'The SIM has this already.' })),
      ...failed.map((f) => ({ simId: f.simId, status: 'failed', orderId: null, code: f.code, reason: f.reason })),
    ];
    await recordItemResults(trx, customerId, job.id, results);
    await trx.updateTable('sim_bulk_changes').set({ lease_until: new Date(deps.clock.now().getTime() + LEASE_MS) })
      .where('customer_id', '=', customerId).where('id', '=', job.id).execute();
    return pending.length;
  });
}
