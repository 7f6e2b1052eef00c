import { brusselsDate, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { earliestServiceNumberChange, isNumberChangeAnnouncedInTime } from '@mandate/domain/deadlines';
import { isBelgianMobile, parseMsisdn } from '@mandate/domain/msisdn';
import type { Language } from '@mandate/domain/profiles';
import type {
  CompleteOrderBody, OperatorOrder, OperatorOrderListQuery, OperatorOrderListResponse, RejectOperatorOrderBody, ServiceNumberChangeBody,
} from '@mandate/contracts/operator-orders';
import type { SimOrderStatus } from '@mandate/contracts/sim-orders';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { HttpProblem, notFound, conflict } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { ifMatchHolds } from '../../lib/if-match.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { accessOwnersOf } from '../delegations/delegations.repo.ts';
import { enqueueMail, type MailMessage } from '../mail/mail.repo.ts';
import { closeBlock, decideOrder, insertOrders, lockOrder, msisdnInUse, msisdnWanted } from './sim-orders.repo.ts';
import { lockSims, recordChanges, type ChangeMeta, type SimState } from './sim-changes.ts';
import {
  findOperatorOrder, findSimOfCustomer, listOperatorOrders, setMsisdn, setSimStatus, statusBeforePortOut, type OperatorOrderRow,
} from './operator-orders.repo.ts';
import { SIM_ORDER_MAILS } from './sim-orders.mails.ts';

/**
 * MOB-8 in the back office: operator staff complete or reject the number changes and port-outs
 * customers ask for, and announce number changes for service reasons at least 2 months ahead.
 * Every decision is taken under the order's and the SIM's row locks (a second one finds the order
 * decided: 409), written to the SIM's change history and the audit trail, and mailed, all in one
 * transaction.
 */

const unprocessable = (code: string, field: string, message: string) =>
  new HttpProblem(422, code, 'Unprocessable content', `${field} ${message}`, [{ field, message }]);

const person = (id: string | null, first: string | null, last: string | null) => (id ? { id, name: `${first ?? ''} ${last ?? ''}`.trim() } : null);
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** The statuses from which a line can change its number or leave (not deactivated, not already leaving). */
const LIVE_STATUSES = ['active', 'suspended', 'blocked'];

export function toOperatorOrder(r: OperatorOrderRow): OperatorOrder {
  const request = (r.request ?? {}) as Record<string, unknown>;
  return {
    id: r.id, kind: r.kind as OperatorOrder['kind'], status: r.status as SimOrderStatus, customer: { id: r.customerId, name: r.customerName },
    simId: r.simId, msisdn: r.msisdn, simStatus: r.simStatus, simBlockedAt: iso(r.simBlockedAt as Date | null), simVersion: r.simVersion,
    desiredMsisdn: text(request.desiredMsisdn), recipientOperator: text(request.recipientOperator), note: text(request.note),
    serviceReason: request.serviceReason === true, effectiveAt: iso(r.effectiveAt as Date | null),
    createdAt: iso(r.createdAt as Date)!, createdBy: person(r.createdById, r.createdByFirstName, r.createdByLastName),
    decidedAt: iso(r.decidedAt as Date | null), decidedBy: person(r.decidedById, r.decidedByFirstName, r.decidedByLastName), reason: r.reason,
  };
}

const PAGES = keyset('operator-sim-orders:createdAt:asc', 'timestamp', 'uuid');

/** GET /operator/sim-orders: every customer's number changes and port-outs, oldest first; the requested ones (the queue) unless asked otherwise. */
export async function getOperatorOrders(deps: Deps, query: OperatorOrderListQuery): Promise<OperatorOrderListResponse> {
  const { limit = 50 } = query;
  const status = query.status === 'all' ? undefined : query.status ?? 'requested';
  const rows = await listOperatorOrders(deps.db, { kind: query.kind, status, after: decodeCursor(PAGES, query.cursor), limit });
  return toPage(rows, limit, PAGES, (r) => [r.keyAt, r.id], toOperatorOrder);
}

export interface DecidedOrder {
  order: OperatorOrder;
  etag: string;
}

async function decided(deps: Deps, orderId: string): Promise<DecidedOrder> {
  const order = toOperatorOrder((await findOperatorOrder(deps.db, orderId))!);
  return { order, etag: `"${order.simVersion}"` };
}

/** If-Match is optional here (the order's own status decides a race), but a stale one is refused. */
function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '') return;
  if (!ifMatchHolds(ifMatch, `"${version}"`)) {
    throw new HttpProblem(412, 'precondition_failed', 'Precondition failed',
      'Someone changed this SIM since you read it: read the order again and repeat your decision if it still applies.',
      [{ field: 'headers.if-match', message: 'does not match the current ETag' }]);
  }
}

/** A Belgian mobile number as typed, in E.164; 422 naming the field otherwise (the check of the customer's order). */
function belgianMobile(input: string, field: string): string {
  const msisdn = parseMsisdn(input);
  if (msisdn === null || !isBelgianMobile(msisdn)) throw unprocessable('invalid_msisdn', field, 'is not a valid Belgian mobile number');
  return msisdn;
}

/**
 * A number is free when no SIM of any customer has it, nor is promised to one by an announced change
 * or asked for by another waiting request (given away, that request could never be made as asked);
 * 409 naming the field otherwise. `decidingOrderId`: the request being completed, whose own number it may be.
 */
async function checkFree(trx: Kysely<DB>, msisdn: string, field: string, decidingOrderId?: string): Promise<void> {
  if (await msisdnInUse(trx, msisdn) || await msisdnWanted(trx, msisdn, ['requested', 'scheduled'], decidingOrderId)) {
    throw conflict('msisdn_taken', 'This number is already in use or asked for another line: choose another.', field);
  }
}


/** An order still waiting for the operator, locked, with its SIM locked; 404 unknown, 409 once decided. */
async function lockRequested(trx: Kysely<DB>, row: OperatorOrderRow, ifMatch: string | undefined): Promise<SimState> {
  if (!(await lockOrder(trx, row.customerId, row.id, ['requested']))) {
    throw conflict('order_not_requested', 'This order was completed or rejected already.');
  }
  const state = (await lockSims(trx, row.customerId, [row.simId])).get(row.simId)!;
  checkIfMatch(ifMatch, state.version);
  return state;
}

const metaOf = (actor: Actor, customerId: string, at: Date): ChangeMeta => ({ customerId, at, actorUserId: actor.principal.userId, delegationId: null, ip: actor.ip });

/** The asker of the order hears of the decision, in his language. */
async function mailAsker(trx: Kysely<DB>, row: OperatorOrderRow, message: MailMessage, params: Record<string, string>, now: Date) {
  if (!row.createdByEmail) return;
  // A partner may order for several customers: the mail names whose line it is.
  await enqueueMail(trx, { to: row.createdByEmail, language: (row.createdByLanguage ?? 'nl') as Language, message, params: { customer: row.customerName, ...params }, customerId: row.customerId }, now);
}

async function requestedOrder(deps: Deps, orderId: string): Promise<OperatorOrderRow> {
  const row = await findOperatorOrder(deps.db, orderId);
  if (!row) throw notFound('order');
  if (row.status !== 'requested') throw conflict('order_not_requested', `This order is ${row.status} already: it can no longer be completed or rejected.`);
  return row;
}

/**
 * POST /operator/sim-orders/{orderId}/complete (MOB-8). A number change: the SIM gets the number
 * the operator gives, or else the one the customer asked for (a free Belgian mobile number, checked
 * as the customer's order is); the old number is free from then on. A port-out: the SIM is
 * deactivated, its subscription ends. The order is applied; 409 when it was decided already.
 */
export async function completeOrder(deps: Deps, actor: Actor, orderId: string, body: CompleteOrderBody, ifMatch: string | undefined): Promise<DecidedOrder> {
  const row = await requestedOrder(deps, orderId);
  const request = (row.request ?? {}) as Record<string, unknown>;
  let target: string | null = null;
  if (row.kind === 'number_change') {
    const given = body.msisdn ?? text(request.desiredMsisdn);
    if (given === null) throw unprocessable('msisdn_required', 'body.msisdn', 'is required: the customer asked for no particular number');
    target = belgianMobile(given, 'body.msisdn');
  } else if (body.msisdn !== undefined) {
    throw unprocessable('msisdn_not_applicable', 'body.msisdn', 'is only for a number change: a port-out takes the number away');
  }
  const now = deps.clock.now();
  const meta = metaOf(actor, row.customerId, now);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const state = await lockRequested(trx, row, ifMatch);
      if (target !== null) {
        if (!LIVE_STATUSES.includes(state.status)) {
          throw conflict('sim_status', `The line is ${state.status.replace(/_/g, ' ')}: its number can no longer change. Reject the order.`);
        }
        if (target === state.msisdn) throw unprocessable('msisdn_unchanged', 'body.msisdn', "is the SIM's number already");
        await checkFree(trx, target, 'body.msisdn', orderId);
        await setMsisdn(trx, row.customerId, row.simId, target);
        await decideOrder(trx, row.customerId, orderId, { status: 'applied', decidedAt: now, decidedBy: actor.principal.userId, effectiveAt: now });
        await recordChanges(trx, meta, [{ simId: row.simId, orderId, kind: 'msisdn', before: { msisdn: state.msisdn }, after: { msisdn: target } }]);
        await mailAsker(trx, row, SIM_ORDER_MAILS.numberChangeCompleted, { old: state.msisdn, new: target }, now);
        return;
      }
      if (state.status !== 'port_out_pending') {
        throw conflict('sim_status', `The line is ${state.status.replace(/_/g, ' ')}, not waiting for its port-out. Reject the order.`);
      }
      await setSimStatus(trx, row.customerId, row.simId, { status: 'deactivated', blocked_at: null, suspended_until: null });
      await closeBlock(trx, row.customerId, row.simId, now);
      await decideOrder(trx, row.customerId, orderId, { status: 'applied', decidedAt: now, decidedBy: actor.principal.userId, effectiveAt: now });
      const recipientOperator = text(request.recipientOperator) ?? '';
      await recordChanges(trx, meta, [{
        simId: row.simId, orderId, kind: 'status', before: { status: state.status }, after: { status: 'deactivated', reason: 'port_out', recipientOperator },
      }]);
      await mailAsker(trx, row, SIM_ORDER_MAILS.portOutCompleted, { msisdn: state.msisdn, operator: recipientOperator }, now);
    });
  } catch (error) {
    // Two staff members giving the same free number at once: the unique index lets one through.
    if (target !== null && isUniqueViolation(error)) throw conflict('msisdn_taken', 'This number is already in use: choose another.', 'body.msisdn');
    throw error;
  }
  return decided(deps, orderId);
}

/**
 * POST /operator/sim-orders/{orderId}/reject (MOB-8): the number change or port-out is not made,
 * with a reason the asker is mailed. A rejected port-out puts the line back in the status it had
 * before; a lost line's block, and so its uncharged usage, ran on through the port-out.
 */
export async function rejectOperatorOrder(
  deps: Deps, actor: Actor, orderId: string, body: RejectOperatorOrderBody, ifMatch: string | undefined,
): Promise<DecidedOrder> {
  const row = await requestedOrder(deps, orderId);
  const reason = body.reason.trim();
  const request = (row.request ?? {}) as Record<string, unknown>;
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const state = await lockRequested(trx, row, ifMatch);
    await decideOrder(trx, row.customerId, orderId, { status: 'rejected', decidedAt: now, decidedBy: actor.principal.userId, reason });
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, row.customerId), action: 'sim_order.reject', targetType: 'sim_order', targetId: orderId,
      before: { status: 'requested' }, after: { status: 'rejected', reason },
    });
    if (row.kind === 'number_change') {
      await mailAsker(trx, row, SIM_ORDER_MAILS.numberChangeRejected, { msisdn: state.msisdn, reason }, now);
      return;
    }
    if (state.status === 'port_out_pending') {
      const previous = (await statusBeforePortOut(trx, row.customerId, row.simId, orderId)) ?? 'active';
      // A line blocked before or during its port-out stayed blocked meanwhile: its block goes on unbroken.
      const restored = state.blockedAt !== null ? 'blocked' : LIVE_STATUSES.includes(previous) ? previous : 'active';
      await setSimStatus(trx, row.customerId, row.simId, { status: restored });
      await recordChanges(trx, metaOf(actor, row.customerId, now), [{
        simId: row.simId, orderId, kind: 'status', before: { status: state.status }, after: { status: restored, reason: 'port_out_rejected' },
      }]);
    }
    await mailAsker(trx, row, SIM_ORDER_MAILS.portOutRejected, { msisdn: state.msisdn, operator: text(request.recipientOperator) ?? '', reason }, now);
  });
  return decided(deps, orderId);
}

/** A day as the mails show it in every language (Belgian order). */
const mailDate = (day: IsoDate) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * POST /operator/customers/{customerId}/sims/{simId}/number-changes (MOB-8): operator staff change a
 * line's number for service reasons, announced at least 2 months ahead (422 naming body.effectiveOn
 * when sooner). The change is scheduled for 00:00 Brussels on that day and the customer's Access
 * Owners are mailed at once; the scheduler gives the SIM its new number on the day.
 */
export async function announceServiceNumberChange(
  deps: Deps, actor: Actor, customerId: string, simId: string, body: ServiceNumberChangeBody,
): Promise<DecidedOrder> {
  const sim = await findSimOfCustomer(deps.db, customerId, simId);
  if (!sim) throw notFound('SIM');
  const now = deps.clock.now();
  if (!isNumberChangeAnnouncedInTime(now, body.effectiveOn)) {
    const earliest = earliestServiceNumberChange(now);
    throw unprocessable('announcement_too_late', 'body.effectiveOn',
      `must be ${earliest} or later: a number change for service reasons is announced at least 2 months ahead`);
  }
  const target = belgianMobile(body.msisdn, 'body.msisdn');
  const reason = body.reason.trim();
  let orderId = '';
  await deps.db.transaction().execute(async (trx) => {
    const state = (await lockSims(trx, customerId, [simId])).get(simId)!;
    if (!LIVE_STATUSES.includes(state.status)) throw conflict('sim_status', `The line is ${state.status.replace(/_/g, ' ')}: its number can no longer change.`);
    if (target === state.msisdn) throw unprocessable('msisdn_unchanged', 'body.msisdn', "is the SIM's number already");
    await checkFree(trx, target, 'body.msisdn');
    const pending = await trx.selectFrom('sim_orders').select('id').where('customer_id', '=', customerId).where('sim_id', '=', simId)
      .where('kind', '=', 'number_change').where('status', '=', 'scheduled').executeTakeFirst();
    if (pending) throw conflict('number_change_scheduled', 'A number change is already scheduled for this line.');
    [orderId] = await insertOrders(trx, [{
      customerId, simId, kind: 'number_change', request: { kind: 'number_change', desiredMsisdn: target, note: reason, serviceReason: true },
      status: 'scheduled', effective: 'now', effectiveAt: brusselsStartOfDay(body.effectiveOn), createdAt: now, createdBy: actor.principal.userId,
      delegationId: null, decidedAt: now, decidedBy: actor.principal.userId,
    }]) as [string];
    // A scheduled change is part of the SIM's state, as a customer's is: a change on the version read before it gets 412.
    await trx.updateTable('sims').set((eb) => ({ version: eb('version', '+', 1) })).where('customer_id', '=', customerId).where('id', '=', simId).execute();
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'sim.number_change_announced', targetType: 'sim', targetId: simId,
      before: { msisdn: state.msisdn }, after: { msisdn: target, effectiveOn: body.effectiveOn, reason },
    });
    const params = { customer: sim.customerName, old: state.msisdn, new: target, date: mailDate(body.effectiveOn), reason };
    for (const r of await accessOwnersOf(trx, [customerId], brusselsDate(now))) {
      await enqueueMail(trx, { to: r.email, language: r.language, message: SIM_ORDER_MAILS.serviceNumberChangeAnnounced, params, customerId }, now);
    }
  });
  return decided(deps, orderId);
}

/**
 * The scheduler's part (MOB-8): an announced number change whose day has come gives the SIM its
 * new number, recorded as the operator's change; when the line was deactivated or the number was
 * taken meanwhile it fails with the reason. The caller locked the order.
 */
export async function applyServiceNumberChange(
  trx: Kysely<DB>, order: { customer_id: string; id: string; sim_id: string; request: unknown; created_by: string | null }, now: Date,
): Promise<void> {
  const target = text((order.request as Record<string, unknown> | null)?.desiredMsisdn);
  const state = (await lockSims(trx, order.customer_id, [order.sim_id])).get(order.sim_id)!;
  const fail = (reason: string) => decideOrder(trx, order.customer_id, order.id, { status: 'failed', decidedAt: now, decidedBy: null, reason });
  if (target === null) return void (await fail('The order names no new number.'));
  if (!LIVE_STATUSES.includes(state.status)) return void (await fail(`The line is ${state.status.replace(/_/g, ' ')}: its number can no longer change.`));
  if (target !== state.msisdn && (await msisdnInUse(trx, target))) return void (await fail('The new number is in use by another SIM.'));
  await trx.updateTable('sim_orders').set({ status: 'applied' }).where('customer_id', '=', order.customer_id).where('id', '=', order.id).execute();
  if (target === state.msisdn) return;
  await setMsisdn(trx, order.customer_id, order.sim_id, target);
  await recordChanges(trx, { customerId: order.customer_id, at: now, actorUserId: order.created_by, delegationId: null, ip: null }, [{
    simId: order.sim_id, orderId: order.id, kind: 'msisdn', before: { msisdn: state.msisdn }, after: { msisdn: target, reason: 'service' },
  }]);
}
