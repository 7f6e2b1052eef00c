import { createHash } from 'node:crypto';
import { managesSim, updatesOnlyAsEndUser, type SimFields } from '@mandate/authz/self-service';
import { addDays, addMonths, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { TERMINATION_INVOICES, earlyTerminationCost } from '@mandate/domain/termination';
import { isBelgianMobile, parseMsisdn } from '@mandate/domain/msisdn';
import { normaliseImei } from '@mandate/domain/imei';
import type {
  OrderEffective, RejectOrderBody, SimDeviceBody, SelfServiceRights, SelfServiceRightsBody, SimChange, SimOrder, SimOrderBody, SimOrderListQuery,
  SimOrderListResponse, SimOrderStatus, TerminationQuote,
} from '@mandate/contracts/sim-orders';
import { CANCELLABLE_ORDER_STATUSES, MAX_SUSPENSION_DAYS } from '@mandate/contracts/sim-orders';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { sameIds } from '../../lib/ids.ts';
import type { Deps } from '../../lib/deps.ts';
import { delegationFor, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { HttpProblem, forbidden, idempotencyKeyReused, notFound, conflict } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { ifMatchHolds } from '../../lib/if-match.ts';
import type { Principal } from '../../types.ts';
import { findGrant, findGrantee } from '../grants/grants.repo.ts';
import { putGrant } from '../grants/grants.service.ts';
import { findCurrentDevice, findSim, findSimOptions } from '../sims/sims.repo.ts';
import {
  decideOrder, findByIdempotencyKey, findOrder, findOrderById, findSelfService, insertOrders, lastClosedInvoices, listOrders, lockDueOrders,
  closeBlock, lockOrder, msisdnInUse, msisdnWanted, openBlock, nextPeriodStart, replaceDevice, supersedeSameSetting, scheduledByOther, upsertSelfService, type NewOrder, type OrderRow,
} from './sim-orders.repo.ts';
import { auditOrders, auditReplaced, catalogueFor, evaluate, lockSims, recordChanges, writeChange, type ChangeMeta, type Refusal } from './sim-changes.ts';
import { applyServiceNumberChange } from './operator-orders.service.ts';

/** MOB-7: a suspension is for a fixed period of at most a year. */

const unprocessable = (r: Refusal) => new HttpProblem(422, r.code, 'Unprocessable content', `${r.field === 'simId' ? '' : `${r.field} `}${r.message}`.trim(),
  [{ field: r.field, message: r.message }]);

/** The refusal of a change to what the line has already, naming the field that asks for it. */
function noChange(body: SimChange): Refusal {
  const field = body.kind === 'plan' ? 'body.tariffPlanId' : body.kind === 'add_option' || body.kind === 'remove_option' ? 'body.optionId'
    : body.kind === 'eu_data_cutoff' ? 'body.optOut' : 'body.enabled';
  const what = body.kind === 'plan' ? 'is the tariff plan of the line already' : body.kind === 'add_option' ? 'is an option of the line already'
    : body.kind === 'remove_option' ? 'is not an option of the line' : 'is the setting of the line already';
  return { code: 'no_change', field, message: `${what}: nothing to change` };
}

const SUBSCRIPTION_KINDS = new Set<SimOrderBody['kind']>(['plan', 'add_option', 'remove_option', 'clir', 'premium_barring', 'eu_data_cutoff']);
const isSubscriptionChange = (body: SimOrderBody): body is SimChange => SUBSCRIPTION_KINDS.has(body.kind);

/** JSON with its object keys sorted, so the same request hashes alike however its keys were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
export const requestHash = (scope: string, body: unknown) => createHash('sha256').update(`${scope}\n${canonical(body)}`).digest('hex');

/** DESIGN.md: a versioned resource changes only with If-Match; missing: 428, stale: 412. */
function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new HttpProblem(428, 'precondition_required', 'Precondition required', "Send the SIM's ETag in If-Match: read the SIM first.",
      [{ field: 'headers.if-match', message: 'is required' }]);
  }
  if (!ifMatchHolds(ifMatch, `"${version}"`)) {
    throw new HttpProblem(412, 'precondition_failed', 'Precondition failed',
      'Someone changed this SIM since you read it: read it again and repeat your change if it still applies.',
      [{ field: 'headers.if-match', message: 'does not match the current ETag' }]);
  }
}

/** A deactivated line has no end user to give rights to nor a device in use: nothing of it changes any more. */
function refuseDeactivated(status: string): void {
  if (status === 'deactivated') throw conflict('sim_deactivated', 'The line is deactivated: it can no longer change.', 'params.simId', 'is a deactivated line');
}

const personOf = (id: string | null, first: string | null, last: string | null) => (id ? { id, name: `${first ?? ''} ${last ?? ''}`.trim() } : null);
const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toOrder(r: OrderRow): SimOrder {
  return {
    id: r.id, simId: r.simId, msisdn: r.msisdn, kind: r.kind as SimOrder['kind'], request: r.request, status: r.status as SimOrderStatus,
    effective: r.effective as OrderEffective, effectiveAt: iso(r.effectiveAt as Date | null), createdAt: iso(r.createdAt as Date)!,
    createdBy: personOf(r.createdById, r.createdByFirstName, r.createdByLastName),
    delegation: r.delegationId ? { id: r.delegationId } : null,
    decidedAt: iso(r.decidedAt as Date | null), decidedBy: personOf(r.decidedById, r.decidedByFirstName, r.decidedByLastName),
    decisionDelegation: r.decidedDelegationId ? { id: r.decidedDelegationId } : null,
    reason: r.reason, bulkChangeId: r.bulkChangeId,
  };
}

/** The SIM the principal may read, with the fields its rules decide on; 404 otherwise. */
async function readableSim(deps: Deps, principal: Principal, customerId: string, simId: string) {
  const sim = await findSim(deps.db, principal.ability, customerId, simId);
  if (!sim) throw notFound('SIM');
  const fields: SimFields = { customerId, billingAccountId: sim.billingAccountId, costCentreId: sim.costCentreId, endUserId: sim.endUserId };
  return { sim, fields };
}

/** When an order placed now takes effect: at once, or on the first day of the SIM's next billing period (00:00 Brussels). */
export async function effectiveAtOf(db: Kysely<DB>, customerId: string, billingAccountId: string, effective: OrderEffective, now: Date): Promise<Date | null> {
  if (effective === 'now') return null;
  const today = brusselsDate(now);
  const next = (await nextPeriodStart(db, customerId, billingAccountId, today)) ?? `${addMonths(`${today.slice(0, 7)}-01`, 1)}`;
  return brusselsStartOfDay(next);
}

function metaOf(actor: Actor, customerId: string, at: Date): ChangeMeta {
  return { customerId, at, actorUserId: actor.principal.userId, delegationId: delegationFor(actor.principal, customerId), ip: actor.ip };
}

/** One order's audit row (sim-changes.ts, auditOrders). */
function auditOrder(
  trx: Kysely<DB>, meta: ChangeMeta, action: 'request' | 'schedule' | 'cancel', simId: string,
  before: Record<string, unknown> | null, after: Record<string, unknown>,
) {
  return auditOrders(trx, meta, action, [{ simId, before, after }]);
}

/**
 * MOB-4, ROLE-5: what an end user may order himself, from his self-service rights; anything else is
 * refused whatever the client sends. Answers whether the order waits for approval.
 */
async function checkSelfService(deps: Deps, customerId: string, simId: string, body: SimOrderBody): Promise<boolean> {
  const rights = await findSelfService(deps.db, customerId, simId);
  const outside = (field: string, what: string) => new HttpProblem(403, 'outside_self_service', 'Forbidden',
    `Your self-service rights do not let you ${what}. Ask your fleet manager.`, [{ field, message: `is not within your self-service rights` }]);
  if (!rights) throw outside('body.kind', 'change this line');
  switch (body.kind) {
    case 'plan':
      if (!rights.tariffPlanIds.includes(body.tariffPlanId)) throw outside('body.tariffPlanId', 'switch to this tariff plan');
      break;
    case 'add_option':
    case 'remove_option':
      if (!rights.optionIds.includes(body.optionId)) throw outside('body.optionId', 'change this option');
      break;
    case 'clir':
      if (!rights.clir) throw outside('body.kind', 'change caller id hiding');
      break;
    default:
      throw outside('body.kind', 'make this change');
  }
  return rights.requiresApproval;
}

export interface PlacedOrder {
  order: SimOrder;
  /** 201 when applied, scheduled or requested; 202 when it waits for approval. */
  statusCode: 201 | 202;
  etag: string;
}

async function placed(deps: Deps, customerId: string, orderId: string): Promise<PlacedOrder> {
  const row = (await findOrderById(deps.db, customerId, orderId))!;
  const sim = await deps.db.selectFrom('sims').select('version').where('customer_id', '=', customerId).where('id', '=', row.simId).executeTakeFirstOrThrow();
  return { order: toOrder(row), statusCode: row.status === 'awaiting_approval' ? 202 : 201, etag: `"${sim.version}"` };
}

/**
 * POST …/sims/{simId}/orders: one change of the SIM (MOB-3, MOB-6..10). The SIM must be readable
 * (else 404) and changeable by the principal (else 403); an end user only within his
 * self-service rights, his orders waiting for approval when those say so. If-Match on the SIM's
 * version (428, 412), checked under the SIM's row lock so of two changes on the same version one
 * wins; an Idempotency-Key makes a retry answer the same order, the same key with another request
 * is refused (422).
 */
export async function placeOrder(
  deps: Deps, actor: Actor, customerId: string, simId: string, body: SimOrderBody, ifMatch: string | undefined, idempotencyKey: string | undefined,
): Promise<PlacedOrder> {
  const { principal } = actor;
  const hash = requestHash(simId, body);
  if (idempotencyKey) {
    const earlier = await findByIdempotencyKey(deps.db, customerId, principal.userId, idempotencyKey);
    if (earlier) {
      if (earlier.requestHash !== hash) throw idempotencyKeyReused('order');
      return placed(deps, customerId, earlier.id);
    }
  }
  const { sim, fields } = await readableSim(deps, principal, customerId, simId);
  const selfService = updatesOnlyAsEndUser(principal.ability, fields);
  if (!selfService && !managesSim(principal.ability, fields)) throw forbidden('You may read this SIM but not change it.');
  const awaitsApproval = selfService ? await checkSelfService(deps, customerId, simId, body) : false;
  if (body.kind === 'eu_data_cutoff' && body.optOut && body.warningAcknowledged !== true) {
    throw unprocessable({ code: 'warning_not_acknowledged', field: 'body.warningAcknowledged',
      message: 'must be true: without the cut-off, EU mobile data is no longer stopped at €60 a month (MOB-9)' });
  }

  const now = deps.clock.now();
  const effective: OrderEffective = isSubscriptionChange(body) ? (body.effective ?? 'now') : 'now';
  const effectiveAt = await effectiveAtOf(deps.db, customerId, sim.billingAccountId, effective, now);
  const meta = metaOf(actor, customerId, now);
  const base = {
    customerId, simId, kind: body.kind, request: body, effective, effectiveAt, createdAt: now, createdBy: principal.userId,
    delegationId: meta.delegationId, idempotencyKey: idempotencyKey ?? null, requestHash: idempotencyKey ? hash : null,
  };

  try {
    const orderId = await deps.db.transaction().execute(async (trx) => {
      const state = (await lockSims(trx, customerId, [simId])).get(simId)!;
      // A retry sent while the first request held the SIM answers that request's order (its
      // If-Match no longer holds: the order it retries raised the version).
      if (idempotencyKey) {
        const earlier = await findByIdempotencyKey(trx, customerId, principal.userId, idempotencyKey);
        if (earlier) {
          if (earlier.requestHash !== hash) throw idempotencyKeyReused('order');
          return earlier.id;
        }
      }
      checkIfMatch(ifMatch, state.version);
      if (isSubscriptionChange(body)) {
        // The catalogue of the day it takes effect: a plan withdrawn by then cannot be scheduled for it.
        const evaluation = evaluate(body, state, await catalogueFor(trx, body, brusselsDate(effectiveAt ?? now)));
        if (!evaluation.ok) throw evaluation.refusal.code === 'sim_deactivated' || evaluation.refusal.code === 'sim_porting_out'
          ? conflict(evaluation.refusal.code, evaluation.refusal.message) : unprocessable(evaluation.refusal);
        // An order for what the line has already would only fill its history; one for the next period may undo a scheduled one.
        if (!evaluation.changed && effective === 'now') throw unprocessable(noChange(body));
        if (awaitsApproval) {
          // His later request of the same setting replaces the one still waiting: the manager decides on what he wants now.
          const replaced = await supersedeSameSetting(trx, customerId, [simId], body, { at: now, userId: principal.userId, delegationId: meta.delegationId },
            { onlyOf: principal.userId, waiting: true });
          const [id] = await insertOrders(trx, [{ ...base, status: 'awaiting_approval' }]);
          await auditOrder(trx, meta, 'request', simId, replaced.length > 0 ? { replacedOrderIds: replaced.map((r) => r.id) } : null,
            { orderId: id!, kind: body.kind, status: 'awaiting_approval', request: body });
          return id!;
        }
        if (effective === 'next_period') {
          // An end user replaces only his own scheduled change: the one his manager scheduled stands.
          if (selfService && await scheduledByOther(trx, customerId, simId, body, principal.userId)) {
            throw conflict('change_scheduled', 'A change of this setting is already scheduled for the next period by whoever manages the line.',
              'body.effective', 'a change of this setting is already scheduled for the next period by whoever manages the line');
          }
          const replaced = await supersedeSameSetting(trx, customerId, [simId], body, { at: now, userId: principal.userId, delegationId: meta.delegationId });
          const [id] = await insertOrders(trx, [{ ...base, status: 'scheduled' }]);
          // A scheduled change is part of the SIM's state: a concurrent change on the same version gets 412.
          await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) })).where('customer_id', '=', customerId).where('id', '=', simId).execute();
          await auditOrder(trx, meta, 'schedule', simId, replaced.length > 0 ? { replacedOrderIds: replaced.map((r) => r.id) } : null,
            { orderId: id!, kind: body.kind, status: 'scheduled', request: body, effectiveAt: effectiveAt!.toISOString() });
          return id!;
        }
        const [id] = await insertOrders(trx, [{ ...base, status: 'applied', decidedAt: now, decidedBy: principal.userId }]);
        await writeChange(trx, body, meta, [{ simId, orderId: id!, before: evaluation.before, after: evaluation.after, historyKind: evaluation.historyKind }]);
        // The later decision wins: a change of this setting scheduled for the next period would undo this one on its day.
        const replaced = await supersedeSameSetting(trx, customerId, [simId], body, { at: now, userId: principal.userId, delegationId: meta.delegationId },
          { effective: 'now', ...(selfService ? { onlyOf: principal.userId } : {}) });
        await auditReplaced(trx, meta, body, replaced, new Map([[simId, id!]]));
        return id!;
      }
      if (selfService) throw forbidden('Your self-service rights do not cover this.');
      return applyStatusOrder(trx, body, state, { ...base, sim, meta });
    });
    return await placed(deps, customerId, orderId);
  } catch (error) {
    // The same key sent at once for another SIM: the second insert meets the unique index.
    if (idempotencyKey && isUniqueViolation(error)) {
      const earlier = await findByIdempotencyKey(deps.db, customerId, principal.userId, idempotencyKey);
      if (earlier && earlier.requestHash === hash) return placed(deps, customerId, earlier.id);
    }
    throw error;
  }
}

type StatusBody = Exclude<SimOrderBody, SimChange>;

/** A line's status as a refusal names it: "while the line is …". */
const STATUS_WORDS: Record<string, string> = {
  active: 'active', suspended: 'suspended', blocked: 'blocked after a loss or theft', port_out_pending: 'waiting for its port-out', deactivated: 'deactivated',
};
type SimRow = NonNullable<Awaited<ReturnType<typeof findSim>>>;

/**
 * The line's status changes (MOB-6..8, MOB-10), at once: blocked after loss or theft (usage after
 * the block is not charged), reactivated, suspended until a date (fees keep running), a number
 * change asked of the operator, a port-out under way, an early termination at the cost the user
 * confirmed.
 */
async function applyStatusOrder(
  trx: Kysely<DB>, body: StatusBody, state: { id: string; status: string; blockedAt: Date | null; version: number },
  o: Omit<NewOrder, 'status'> & { sim: SimRow; meta: ChangeMeta },
): Promise<string> {
  const { meta, sim, ...order } = o;
  const now = meta.at;
  const today = brusselsDate(now);
  const from = { status: state.status };
  const statusIs = (...allowed: string[]) => {
    if (!allowed.includes(state.status)) throw conflict('sim_status', `This cannot be done while the line is ${STATUS_WORDS[state.status] ?? state.status}.`);
  };
  let to: Record<string, unknown>;
  let set: { status: string; blocked_at?: Date | null; suspended_until?: string | null };
  switch (body.kind) {
    case 'block_lost_stolen':
      statusIs('active', 'suspended', 'port_out_pending');
      if (state.blockedAt !== null) throw conflict('sim_status', 'The line is already blocked after a loss or theft.');
      // MOB-6: a SIM lost while its number waits to leave is blocked at once all the same; the line
      // keeps waiting for the operator, who completes the port-out or, rejecting it, leaves it blocked.
      // A suspension's last day is kept: the loss does not end the suspension the customer asked for.
      set = { status: state.status === 'port_out_pending' ? 'port_out_pending' : 'blocked', blocked_at: now };
      to = { status: set.status, blockedAt: now.toISOString(), ...(body.note ? { note: body.note } : {}) };
      break;
    case 'reactivate': {
      statusIs('blocked', 'suspended');
      // Reactivating a lost line that was suspended returns it to its suspension while that runs
      // (MOB-7: fees keep running, usage stays barred); reactivating a suspended line ends the suspension.
      const stillSuspended = state.status === 'blocked' && sim.suspendedUntil !== null && sim.suspendedUntil >= today;
      set = stillSuspended
        ? { status: 'suspended', blocked_at: null }
        : { status: 'active', blocked_at: null, suspended_until: null };
      to = stillSuspended ? { status: 'suspended', until: sim.suspendedUntil } : { status: 'active' };
      break;
    }
    case 'suspend': {
      statusIs('active');
      if (body.until < today || body.until > addDays(today, MAX_SUSPENSION_DAYS)) {
        throw unprocessable({ code: 'suspension_period', field: 'body.until', message: `must be between today and ${MAX_SUSPENSION_DAYS} days from now` });
      }
      set = { status: 'suspended', suspended_until: body.until };
      to = { status: 'suspended', until: body.until };
      break;
    }
    case 'number_change': {
      // The request itself first: a malformed number is that, whatever the line's state.
      const desired = body.desiredMsisdn === undefined ? undefined : parseMsisdn(body.desiredMsisdn);
      if (desired === null || (desired !== undefined && !isBelgianMobile(desired))) {
        throw unprocessable({ code: 'invalid_msisdn', field: 'body.desiredMsisdn', message: 'is not a valid Belgian mobile number' });
      }
      statusIs('active', 'suspended', 'blocked');
      const pending = await trx.selectFrom('sim_orders').select('id')
        .where('customer_id', '=', meta.customerId).where('sim_id', '=', state.id)
        .where('kind', '=', 'number_change').where('status', 'in', ['requested', 'scheduled'])
        .executeTakeFirst();
      // One number change at a time, the customer's or the operator's: each would otherwise be carried out in turn.
      if (pending) throw conflict('number_change_pending', 'A number change of this line already waits for the operator.');
      if (desired !== undefined) {
        if (await msisdnInUse(trx, desired) || await msisdnWanted(trx, desired, ['requested', 'scheduled'])) {
          throw conflict('msisdn_taken', 'This number is already in use or asked for another line: choose another or leave it to the operator.',
            'body.desiredMsisdn', 'is already in use or asked for another line');
        }
        order.request = { ...body, desiredMsisdn: desired };
      }
      const [id] = await insertOrders(trx, [{ ...order, status: 'requested' }]);
      await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) })).where('customer_id', '=', meta.customerId).where('id', '=', state.id).execute();
      await auditOrder(trx, meta, 'request', state.id, null, { orderId: id!, kind: body.kind, status: 'requested', request: order.request });
      return id!;
    }
    case 'port_out': {
      // MOB-8: only a number that is not deactivated can leave; the port-out ends the subscription,
      // so within its initial term it costs what an early termination costs (MOB-10).
      statusIs('active', 'suspended', 'blocked');
      const quote = await quoteFor(trx, meta.customerId, sim, now);
      if (body.acceptedCostCents !== undefined) acceptedCostHolds(body.acceptedCostCents, quote);
      set = { status: 'port_out_pending' };
      to = { status: 'port_out_pending', recipientOperator: body.recipientOperator, ...(quote.totalCents > 0 ? { earlyTerminationCostCents: quote.totalCents } : {}) };
      break;
    }
    case 'terminate': {
      statusIs('active', 'suspended', 'blocked');
      const quote = await quoteFor(trx, meta.customerId, sim, now);
      acceptedCostHolds(body.acceptedCostCents, quote);
      set = { status: 'deactivated', blocked_at: null, suspended_until: null };
      to = { status: 'deactivated', earlyTerminationCostCents: quote.totalCents };
      break;
    }
  }
  // MOB-8: the line waits in port_out_pending until operator staff complete the port-out (or reject it).
  const [id] = await insertOrders(trx, [body.kind === 'port_out'
    ? { ...order, status: 'requested' }
    : { ...order, status: 'applied', decidedAt: now, decidedBy: meta.actorUserId }]);
  await trx.updateTable('sims').set((eb) => ({ ...set, version: eb('version', '+', 1) })).where('customer_id', '=', meta.customerId).where('id', '=', state.id).execute();
  // MOB-6: the block's period, during which usage is not charged, ends when the line leaves the blocked
  // status; a port-out asked for a lost line keeps it blocked until the number has gone or stays.
  if (body.kind === 'block_lost_stolen') await openBlock(trx, meta.customerId, state.id, now);
  else if (state.status === 'blocked' && set.status !== 'port_out_pending') await closeBlock(trx, meta.customerId, state.id, now);
  await recordChanges(trx, meta, [{ simId: state.id, orderId: id!, kind: 'status', before: from, after: to }]);
  return id!;
}

/** MOB-10: the cost the user confirmed must be the cost of ending the line now. */
function acceptedCostHolds(acceptedCostCents: number, quote: TerminationQuote): void {
  if (acceptedCostCents === quote.totalCents) return;
  throw conflict('termination_cost_changed',
    `The early-termination cost is now ${quote.totalCents} cents, not ${acceptedCostCents}: read the quote again and confirm it.`,
    'body.acceptedCostCents', 'is not the current early-termination cost');
}

/** MOB-10: the cost of ending the line now, with the figures it comes from (the domain's earlyTerminationCost). */
async function quoteFor(db: Kysely<DB>, customerId: string, sim: SimRow, now: Date): Promise<TerminationQuote> {
  const today = brusselsDate(now);
  const initialTermEnd = sim.initialTermEnd ? String(sim.initialTermEnd) : null;
  const options = await findSimOptions(db, customerId, sim.id);
  const monthlyFeeCents = (sim.planMonthlyFeeCents ?? 0) + options.reduce((t, o) => t + o.monthlyFeeCents, 0);
  const invoices = await lastClosedInvoices(db, customerId, sim.billingAccountId, sim.id, TERMINATION_INVOICES);
  const amounts = invoices.map((i) => Number(i.callAmountCents));
  const cost = earlyTerminationCost({ today, initialTermEnd, monthlyFeeCents, callAmountsCents: amounts });
  return {
    simId: sim.id, asOf: today, initialTermEnd, monthlyFeeCents, ...cost,
    closedInvoices: invoices.map((i, n) => ({ invoiceId: i.invoiceId, number: i.number, period: i.period, callAmountCents: amounts[n]! })),
    currency: 'EUR',
  };
}

/** GET …/sims/{simId}/termination-quote: what ending the line now costs (MOB-10), for whoever may change the SIM. */
export async function getTerminationQuote(deps: Deps, principal: Principal, customerId: string, simId: string): Promise<TerminationQuote> {
  const { sim, fields } = await readableSim(deps, principal, customerId, simId);
  if (!managesSim(principal.ability, fields)) throw forbidden('You may read this SIM but not end its subscription.');
  // A line that has ended, or is leaving with its number, has no subscription left to end early.
  if (sim.status === 'deactivated' || sim.status === 'port_out_pending') {
    throw conflict('sim_status', `This cannot be done while the line is ${STATUS_WORDS[sim.status] ?? sim.status}.`);
  }
  return quoteFor(deps.db, customerId, sim, deps.clock.now());
}

const ORDER_PAGES = keyset('sim-orders', 'timestamp', 'uuid');

/** GET …/sim-orders: the orders of the SIMs the principal may read, newest first. */
export async function getOrders(deps: Deps, principal: Principal, customerId: string, query: SimOrderListQuery): Promise<SimOrderListResponse> {
  const { limit = 50 } = query;
  const after = decodeCursor(ORDER_PAGES, query.cursor);
  const rows = await listOrders(deps.db, principal.ability, customerId, { status: query.status, simId: query.simId, after, limit });
  return toPage(rows, limit, ORDER_PAGES, (r) => [r.keyAt, r.id], toOrder);
}

export async function getOrder(deps: Deps, principal: Principal, customerId: string, orderId: string): Promise<SimOrder> {
  const row = await findOrder(deps.db, principal.ability, customerId, orderId);
  if (!row) throw notFound('order');
  return toOrder(row);
}

/** An order the principal may read and decide on as manager of its SIM (404 unseen, 403 read-only). */
async function managedOrder(deps: Deps, principal: Principal, customerId: string, orderId: string) {
  const row = await findOrder(deps.db, principal.ability, customerId, orderId);
  if (!row) throw notFound('order');
  const fields: SimFields = { customerId, billingAccountId: row.billingAccountId, costCentreId: row.costCentreId, endUserId: row.endUserId };
  return { row, manages: managesSim(principal.ability, fields) };
}

/**
 * POST …/sim-orders/{orderId}/approve: MOB-4, the fleet manager approves an end user's request; it
 * then takes effect as the end user asked (now or next period). 409 when it is no longer
 * awaiting approval or can no longer be made (the SIM changed meanwhile): nothing changes.
 */
export async function approveOrder(deps: Deps, actor: Actor, customerId: string, orderId: string): Promise<SimOrder> {
  const { row, manages } = await managedOrder(deps, actor.principal, customerId, orderId);
  if (!manages) throw forbidden('Only whoever manages this SIM approves its requests.');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, customerId, orderId, ['awaiting_approval']);
    if (!order) throw conflict('order_not_awaiting_approval', 'This request is no longer awaiting approval.');
    const change = order.request as SimChange;
    const state = (await lockSims(trx, customerId, [row.simId])).get(row.simId)!;
    const evaluation = evaluate(change, state, await catalogueFor(trx, change, brusselsDate(now)));
    if (!evaluation.ok) throw conflict(evaluation.refusal.code, `The request can no longer be made: ${evaluation.refusal.message}. Reject it.`);
    // Made meanwhile (another request, the fleet manager himself): approving it would report a change that changes nothing.
    if (!evaluation.changed && order.effective === 'now') {
      const refusal = noChange(change);
      throw conflict(refusal.code, `The request can no longer be made: ${refusal.field} ${refusal.message}. Reject it.`, refusal.field, refusal.message);
    }
    const decision = { decidedAt: now, decidedBy: actor.principal.userId, decidedDelegationId: delegationFor(actor.principal, customerId) };
    if (order.effective === 'next_period') {
      const effectiveAt = await effectiveAtOf(trx, customerId, row.billingAccountId, 'next_period', now);
      await supersedeSameSetting(trx, customerId, [row.simId], change, { at: now, userId: decision.decidedBy, delegationId: decision.decidedDelegationId });
      await decideOrder(trx, customerId, orderId, { ...decision, status: 'scheduled', effectiveAt });
      await auditDecision(trx, actor, row, 'approve', { status: 'scheduled' }, now);
      return;
    }
    await decideOrder(trx, customerId, orderId, { ...decision, status: 'applied', effectiveAt: now });
    await auditDecision(trx, actor, row, 'approve', { status: 'applied' }, now);
    // The change is the end user's, approved by the fleet manager: the history names who asked it.
    const meta: ChangeMeta = { customerId, at: now, actorUserId: order.created_by, delegationId: order.delegation_id, ip: actor.ip };
    await writeChange(trx, change, meta, [{ simId: row.simId, orderId, before: evaluation.before, after: evaluation.after, historyKind: evaluation.historyKind }]);
    // Approved, it is the fleet manager's decision too: it replaces what was scheduled for this setting, as his own change would.
    const replaced = await supersedeSameSetting(trx, customerId, [row.simId], change, { at: now, userId: decision.decidedBy, delegationId: decision.decidedDelegationId }, { effective: 'now' });
    await auditReplaced(trx, metaOf(actor, customerId, now), change, replaced, new Map([[row.simId, orderId]]));
  });
  return getOrder(deps, actor.principal, customerId, orderId);
}

/**
 * The audit trail names who decided on an end user's request and through which delegation; the
 * change itself, once made, is in the SIM's history under the asker's name.
 */
function auditDecision(trx: Kysely<DB>, actor: Actor, order: OrderRow, decision: 'approve' | 'reject', after: Record<string, unknown>, at: Date) {
  return trx.insertInto('audit_log').values({
    at, actor_user_id: actor.principal.userId, customer_id: order.customerId, delegation_id: delegationFor(actor.principal, order.customerId),
    action: `sim_order.${decision}`, target_type: 'sim', target_id: order.simId,
    before: JSON.stringify({ orderId: order.id, kind: order.kind, status: 'awaiting_approval' }), after: JSON.stringify({ orderId: order.id, ...after }), ip: actor.ip,
  }).execute();
}

/** POST …/sim-orders/{orderId}/reject: the end user's request is not made; the reason is kept. */
export async function rejectOrder(deps: Deps, actor: Actor, customerId: string, orderId: string, body: RejectOrderBody): Promise<SimOrder> {
  const { row, manages } = await managedOrder(deps, actor.principal, customerId, orderId);
  if (!manages) throw forbidden('Only whoever manages this SIM rejects its requests.');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await lockOrder(trx, customerId, orderId, ['awaiting_approval']))) throw conflict('order_not_awaiting_approval', 'This request is no longer awaiting approval.');
    const reason = body.reason.trim();
    await decideOrder(trx, customerId, orderId, {
      status: 'rejected', decidedAt: now, decidedBy: actor.principal.userId, decidedDelegationId: delegationFor(actor.principal, customerId), reason,
    });
    await auditDecision(trx, actor, row, 'reject', { status: 'rejected', reason }, now);
  });
  return getOrder(deps, actor.principal, customerId, orderId);
}

/** POST …/sim-orders/{orderId}/cancel: a scheduled change or a request awaiting approval is withdrawn, by its asker or the SIM's manager. */
export async function cancelOrder(deps: Deps, actor: Actor, customerId: string, orderId: string): Promise<SimOrder> {
  const { row, manages } = await managedOrder(deps, actor.principal, customerId, orderId);
  if (row.kind === 'number_change' && row.status === 'scheduled') throw forbidden('A number change for service reasons is the operator\'s: it is not cancelled here.');
  if (!manages && row.createdById !== actor.principal.userId) throw forbidden('Only its asker or whoever manages this SIM cancels this order.');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await lockOrder(trx, customerId, orderId, CANCELLABLE_ORDER_STATUSES))) {
      throw conflict('order_not_cancellable', 'Only a scheduled change or a request awaiting approval can be cancelled.');
    }
    await decideOrder(trx, customerId, orderId, { status: 'cancelled', decidedAt: now, decidedBy: actor.principal.userId, decidedDelegationId: delegationFor(actor.principal, customerId) });
    // Scheduling raised the SIM's version, as part of what the line will be: withdrawing it does too.
    if (row.status === 'scheduled') {
      await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) })).where('customer_id', '=', customerId).where('id', '=', row.simId).execute();
    }
    await auditOrder(trx, metaOf(actor, customerId, now), 'cancel', row.simId, { orderId, kind: row.kind, status: row.status }, { orderId, status: 'cancelled' });
  });
  return getOrder(deps, actor.principal, customerId, orderId);
}

/**
 * The job: scheduled changes whose first day of the billing period has come are made, each under
 * its own lock (another worker skips it); one that can no longer be made fails with its reason.
 * Lines whose suspension ended are active again (MOB-7). Answers how many orders it settled.
 */
export async function applyDueOrders(deps: Deps, batch = 200): Promise<number> {
  const now = deps.clock.now();
  let settled = 0;
  for (;;) {
    const count = await deps.db.transaction().execute(async (trx) => {
      const due = await lockDueOrders(trx, now, batch);
      for (const order of due) {
        // MOB-8: a number change for service reasons, announced by the operator, takes effect on its day.
        if (order.kind === 'number_change') {
          await applyServiceNumberChange(trx, order, now);
          continue;
        }
        const change = order.request as SimChange;
        const state = (await lockSims(trx, order.customer_id, [order.sim_id])).get(order.sim_id)!;
        const evaluation = evaluate(change, state, await catalogueFor(trx, change, brusselsDate(now)));
        if (!evaluation.ok) {
          await decideOrder(trx, order.customer_id, order.id, { status: 'failed', decidedAt: now, decidedBy: null, reason: evaluation.refusal.message });
          continue;
        }
        await trx.updateTable('sim_orders').set({ status: 'applied' }).where('customer_id', '=', order.customer_id).where('id', '=', order.id).execute();
        if (evaluation.changed) {
          const meta: ChangeMeta = { customerId: order.customer_id, at: now, actorUserId: order.created_by, delegationId: order.delegation_id, ip: null };
          await writeChange(trx, change, meta, [{ simId: order.sim_id, orderId: order.id, before: evaluation.before, after: evaluation.after, historyKind: evaluation.historyKind }]);
        }
      }
      return due.length;
    });
    settled += count;
    if (count < batch) break;
  }
  await endSuspensions(deps, now);
  return settled;
}

/** MOB-7: a suspension ends after its last day; the line is active again, recorded as the operator's change. */
async function endSuspensions(deps: Deps, now: Date): Promise<void> {
  const today = brusselsDate(now);
  await deps.db.transaction().execute(async (trx) => {
    const ended = await trx.updateTable('sims').set((eb) => ({ status: 'active', suspended_until: null, version: eb('version', '+', 1) }))
      .where('status', '=', 'suspended').where('suspended_until', '<', today as never)
      .returning(['customer_id as customerId', 'id', 'suspended_until as until']).execute();
    // A lost line's suspension ends too while it stays blocked: reactivating it then makes it active.
    await trx.updateTable('sims').set((eb) => ({ suspended_until: null, version: eb('version', '+', 1) }))
      .where('status', '=', 'blocked').where('suspended_until', '<', today as never).execute();
    const byCustomer = new Map<string, typeof ended>();
    for (const s of ended) byCustomer.set(s.customerId, [...(byCustomer.get(s.customerId) ?? []), s]);
    for (const [customerId, sims] of byCustomer) {
      await recordChanges(trx, { customerId, at: now, actorUserId: null, delegationId: null, ip: null },
        sims.map((s) => ({ simId: s.id, orderId: null, kind: 'status', before: { status: 'suspended' }, after: { status: 'active', reason: 'suspension_ended' } })));
    }
  });
}

/** GET …/sims/{simId}/self-service: the end user's self-service rights on the SIM (none set: nothing allowed). */
export async function getSelfService(deps: Deps, principal: Principal, customerId: string, simId: string): Promise<{ rights: SelfServiceRights; etag: string }> {
  const { sim } = await readableSim(deps, principal, customerId, simId);
  return { rights: await selfServiceOf(deps.db, customerId, simId), etag: `"${sim.version}"` };
}

async function selfServiceOf(db: Kysely<DB>, customerId: string, simId: string): Promise<SelfServiceRights> {
  const rights = await findSelfService(db, customerId, simId);
  if (!rights) return { simId, tariffPlanIds: [], optionIds: [], clir: false, requiresApproval: true, grantedAt: null, grantedBy: null };
  return {
    simId, tariffPlanIds: rights.tariffPlanIds, optionIds: rights.optionIds, clir: rights.clir, requiresApproval: rights.requiresApproval,
    grantedAt: iso(rights.grantedAt as Date), grantedBy: personOf(rights.grantedById, rights.grantedByFirstName, rights.grantedByLastName),
  };
}

/**
 * ROLE-6: the end user needs the right to change his own line ('mobile' read and update), which a
 * fleet manager may hand to the Service Users of SIMs in his scope. Given through the rights'
 * own checks (canGrant, audit) when he lacks it; a right he holds already is left as it is.
 */
async function ensureMobileUpdateRight(deps: Deps, actor: Actor, customerId: string, endUserId: string, sim: SimFields): Promise<void> {
  const grantee = await findGrantee(deps.db, customerId, endUserId);
  if (!grantee) return;
  const held = await findGrant(deps.db, customerId, grantee.membershipId, 'mobile');
  if (held?.actions.includes('update')) return;
  try {
    await putGrant(deps, actor, customerId, endUserId, 'mobile', {
      actions: ['read', 'update'], billingAccountIds: [sim.billingAccountId], costCentreIds: sim.costCentreId ? [sim.costCentreId] : [],
    });
  } catch (error) {
    // The rights' own refusal speaks of a user and a body this request does not have: say it of the line.
    if (!(error instanceof HttpProblem) || error.status >= 500) throw error;
    throw conflict('end_user_not_grantable',
      'The line\'s end user cannot be given the right to change his own line by you (self-service is for the Service Users in your scope): link the line to such a user first.',
      'params.simId', 'its end user cannot be given self-service rights by you');
  }
}

/**
 * PUT …/sims/{simId}/self-service: MOB-4, ROLE-6: whoever manages the SIM says what its end user may
 * change himself. Plans and options must be in the catalogue and not withdrawn; the SIM needs an end
 * user, who is given the right to change his own line if he lacks it.
 */
export async function putSelfService(
  deps: Deps, actor: Actor, customerId: string, simId: string, body: SelfServiceRightsBody, ifMatch: string | undefined,
): Promise<{ rights: SelfServiceRights; etag: string }> {
  const { sim, fields } = await readableSim(deps, actor.principal, customerId, simId);
  if (!managesSim(actor.principal.ability, fields)) throw forbidden('Only whoever manages this SIM sets its self-service rights.');
  if (!sim.endUserId) throw conflict('sim_unassigned', 'The line has no end user to give self-service rights to: link it to a user first.');
  const today = brusselsDate(deps.clock.now());
  const plans = await deps.db.selectFrom('tariff_plans').select(['id', 'withdrawn_at as withdrawnAt']).where('id', 'in', body.tariffPlanIds.length ? body.tariffPlanIds : ['00000000-0000-0000-0000-000000000000']).execute();
  body.tariffPlanIds.forEach((id, n) => {
    const plan = plans.find((p) => p.id === id);
    if (!plan || (plan.withdrawnAt !== null && String(plan.withdrawnAt) <= today)) {
      throw unprocessable({ code: 'plan_unknown', field: `body.tariffPlanIds.${n}`, message: 'is not a tariff plan that can be chosen' });
    }
  });
  const options = await deps.db.selectFrom('tariff_options').select(['id', 'withdrawn_at as withdrawnAt']).where('id', 'in', body.optionIds.length ? body.optionIds : ['00000000-0000-0000-0000-000000000000']).execute();
  body.optionIds.forEach((id, n) => {
    const option = options.find((o) => o.id === id);
    if (!option || (option.withdrawnAt !== null && String(option.withdrawnAt) <= today)) {
      throw unprocessable({ code: 'option_unknown', field: `body.optionIds.${n}`, message: 'is not an option that can be chosen' });
    }
  });
  // Checked before the end user is given the right to change his line, so a stale change gives nothing.
  checkIfMatch(ifMatch, sim.version);
  await ensureMobileUpdateRight(deps, actor, customerId, sim.endUserId, fields);
  const now = deps.clock.now();
  const version = await deps.db.transaction().execute(async (trx) => {
    const state = (await lockSims(trx, customerId, [simId])).get(simId)!;
    checkIfMatch(ifMatch, state.version);
    refuseDeactivated(state.status);
    const before = await selfServiceOf(trx, customerId, simId);
    // PUT is idempotent: the rights the line has already change nothing, not even its version.
    const same = before.grantedAt !== null && before.clir === body.clir && before.requiresApproval === body.requiresApproval
      && sameIds(before.tariffPlanIds, body.tariffPlanIds) && sameIds(before.optionIds, body.optionIds);
    if (same) return state.version;
    await upsertSelfService(trx, customerId, simId, { ...body, grantedAt: now, grantedBy: actor.principal.userId });
    await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) })).where('customer_id', '=', customerId).where('id', '=', simId).execute();
    await trx.insertInto('audit_log').values({
      at: now, actor_user_id: actor.principal.userId, customer_id: customerId, delegation_id: delegationFor(actor.principal, customerId),
      action: 'sim.self_service', target_type: 'sim', target_id: simId,
      before: JSON.stringify({ tariffPlanIds: before.tariffPlanIds, optionIds: before.optionIds, clir: before.clir, requiresApproval: before.requiresApproval }),
      after: JSON.stringify(body), ip: actor.ip,
    }).execute();
    return state.version + 1;
  });
  return { rights: await selfServiceOf(deps.db, customerId, simId), etag: `"${version}"` };
}

/**
 * PUT …/sims/{simId}/device: MOB-5, the customer marks the device in the SIM as its own (with its
 * IMEI, Luhn-checked, make and model) or as BYOD (no device data kept; the customer answers for
 * the marking). If-Match on the SIM's version; the old device's period ends, the change is in the
 * history (a BYOD side shows no device data) and the audit trail. The marking it has already is no change.
 */
export async function putDevice(
  deps: Deps, actor: Actor, customerId: string, simId: string, body: SimDeviceBody, ifMatch: string | undefined,
): Promise<{ etag: string }> {
  const { principal } = actor;
  const { fields } = await readableSim(deps, principal, customerId, simId);
  if (!managesSim(principal.ability, fields)) throw forbidden('You may read this SIM but not mark its device.');
  let device: { imei: string; make: string | null; model: string | null } | null = null;
  if (body.ownership === 'customer') {
    const imei = body.imei === undefined ? null : normaliseImei(body.imei);
    if (imei === null) {
      throw unprocessable({ code: 'invalid_imei', field: 'body.imei', message: body.imei === undefined
        ? 'is required for a customer-owned device' : 'is not a valid IMEI (15 digits, the last a Luhn check digit)' });
    }
    device = { imei, make: body.make?.trim() || null, model: body.model?.trim() || null };
  } else if (body.imei !== undefined || body.make !== undefined || body.model !== undefined) {
    throw unprocessable({ code: 'byod_device_data', field: 'body.imei', message: 'is not kept for a BYOD device: send only the ownership' });
  }
  const now = deps.clock.now();
  const meta = metaOf(actor, customerId, now);
  const version = await deps.db.transaction().execute(async (trx) => {
    const state = (await lockSims(trx, customerId, [simId])).get(simId)!;
    checkIfMatch(ifMatch, state.version);
    refuseDeactivated(state.status);
    const current = await findCurrentDevice(trx, customerId, simId);
    const before = current ? { ownership: current.ownership, imei: current.imei, make: current.make, model: current.model } : {};
    const after = { ownership: body.ownership, ...(device ?? {}) };
    // PUT is idempotent: the marking the line has already changes nothing, not even its version.
    const same = current !== undefined && current.ownership === body.ownership && current.imei === (device?.imei ?? null)
      && current.make === (device?.make ?? null) && current.model === (device?.model ?? null);
    if (same) return state.version;
    await replaceDevice(trx, customerId, simId, now, { ownership: body.ownership, imei: device?.imei ?? null, make: device?.make ?? null, model: device?.model ?? null });
    await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) })).where('customer_id', '=', customerId).where('id', '=', simId).execute();
    await recordChanges(trx, meta, [{ simId, orderId: null, kind: 'device', before, after }]);
    return state.version + 1;
  });
  return { etag: `"${version}"` };
}
