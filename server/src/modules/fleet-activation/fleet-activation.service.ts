import {
  FLEET_MANAGER_MINIMUM_SIMS, type FleetActivation, type FleetActivationDecisionBody, type FleetActivationQueue, type FleetActivationQueueQuery,
  type FleetActivationRequest,
} from '@mandate/contracts/fleet-activation';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { HttpProblem, notFound, conflict } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import {
  activate, countLiveSims, customerExists, deactivate, decide, findFleetApp, findRequest, insertRequest, lastRequestOf, lockPendingRequest, pageRequests,
  type ActivationRequestRow,
} from './fleet-activation.repo.ts';

const person = (id: string | null, first: string | null, last: string | null) => (id ? { id, name: `${first ?? ''} ${last ?? ''}`.trim() } : null);
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const tooFew = (sims: number) => new HttpProblem(422, 'too_few_sims', 'Unprocessable content',
  `Fleet Manager needs at least ${FLEET_MANAGER_MINIMUM_SIMS} SIMs; the customer has ${sims}.`,
  [{ field: 'params.customerId', message: `has ${sims} SIMs, fewer than ${FLEET_MANAGER_MINIMUM_SIMS}` }]);

function toRequest(r: ActivationRequestRow): FleetActivationRequest {
  return {
    id: r.id, customerId: r.customerId, customerName: r.customerName, status: r.status as FleetActivationRequest['status'], sims: r.sims,
    requestedAt: iso(r.requestedAt)!, requestedBy: person(r.requestedById, r.requestedByFirstName, r.requestedByLastName),
    decidedAt: iso(r.decidedAt), decidedBy: person(r.decidedById, r.decidedByFirstName, r.decidedByLastName), reason: r.reason,
  };
}

/** GET …/fleet-manager/activation: whether Fleet Manager is active, asked for, or neither, with the SIMs that count. */
export async function getActivation(deps: Deps, customerId: string): Promise<FleetActivation> {
  const [app, sims, last] = await Promise.all([findFleetApp(deps.db, customerId), countLiveSims(deps.db, customerId), lastRequestOf(deps.db, customerId)]);
  const active = app !== undefined && app.deactivatedAt === null;
  return {
    status: active ? 'active' : last?.status === 'pending' ? 'requested' : 'inactive',
    activatedAt: active ? iso(app.activatedAt) : null, sims, minimumSims: FLEET_MANAGER_MINIMUM_SIMS, lastRequest: last ? toRequest(last) : null,
  };
}

/** POST …/fleet-manager/activation: PFM-1, the AO asks for Fleet Manager; only with at least 30 SIMs (422), once (409). */
export async function requestActivation(deps: Deps, actor: Actor, customerId: string): Promise<FleetActivation> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    // The condition first: a customer under 30 SIMs is refused whether or not an earlier
    // activation is still running (the operator may end that one).
    const sims = await countLiveSims(trx, customerId);
    if (sims < FLEET_MANAGER_MINIMUM_SIMS) throw tooFew(sims);
    const app = await findFleetApp(trx, customerId);
    if (app && app.deactivatedAt === null) throw conflict('already_active', 'Fleet Manager is already active for this customer.');
    let id: string;
    try {
      id = await insertRequest(trx, { customerId, sims, at: now, by: actor.principal.userId });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('activation_pending', 'A request for Fleet Manager is already waiting for the operator.');
      throw error;
    }
    await appendAudit(trx, { at: now, ...auditedBy(actor, customerId), action: 'fleet_manager.activation_requested', targetType: 'app_activation_request', targetId: id, after: { sims } });
  });
  return getActivation(deps, customerId);
}

const PAGES = keyset('fleet-activations', 'timestamp', 'uuid');

/** GET /operator/fleet-manager/activations: the operator's queue (?status=pending), newest first. */
export async function getQueue(deps: Deps, query: FleetActivationQueueQuery): Promise<FleetActivationQueue> {
  const { limit = 50 } = query;
  const rows = await pageRequests(deps.db, { status: query.status, after: decodeCursor(PAGES, query.cursor), limit });
  return toPage(rows, limit, PAGES, (r) => [r.keyAt, r.id], toRequest);
}

/**
 * POST /operator/fleet-manager/activations/{id}/decision: approve (the condition is checked again:
 * 422 below 30 SIMs) and the app is active from now; or refuse with a reason. 409 once decided.
 */
export async function decideActivation(deps: Deps, actor: Actor, requestId: string, body: FleetActivationDecisionBody): Promise<FleetActivationRequest> {
  if (body.decision === 'refuse' && !body.reason) {
    throw new HttpProblem(400, 'validation_failed', 'Invalid request', 'A refusal needs a reason.', [{ field: 'body.reason', message: 'is required to refuse' }]);
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockPendingRequest(trx, requestId);
    if (!request) {
      if (await findRequest(trx, requestId)) throw conflict('already_decided', 'This request was decided already.');
      throw notFound('activation request');
    }
    if (body.decision === 'approve') {
      const sims = await countLiveSims(trx, request.customer_id);
      if (sims < FLEET_MANAGER_MINIMUM_SIMS) throw tooFew(sims);
      await activate(trx, request.customer_id, now);
    }
    await decide(trx, requestId, { status: body.decision === 'approve' ? 'approved' : 'refused', at: now, by: actor.principal.userId, reason: body.reason?.trim() ?? null });
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, request.customer_id), action: `fleet_manager.activation_${body.decision === 'approve' ? 'approved' : 'refused'}`,
      targetType: 'app_activation_request', targetId: requestId, after: { reason: body.reason ?? null },
    });
  });
  return toRequest((await findRequest(deps.db, requestId))!);
}

/** POST /operator/customers/{id}/fleet-manager/end: PFM-1, the operator ends it at once, only when the customer has fewer than 30 SIMs (409 otherwise). */
export async function endActivation(deps: Deps, actor: Actor, customerId: string): Promise<FleetActivation> {
  if (!(await customerExists(deps.db, customerId))) throw notFound('customer');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const sims = await countLiveSims(trx, customerId);
    if (sims >= FLEET_MANAGER_MINIMUM_SIMS) {
      throw conflict('condition_holds', `The customer still has ${sims} SIMs (at least ${FLEET_MANAGER_MINIMUM_SIMS}): Fleet Manager can only be ended when that no longer holds.`);
    }
    if (!(await deactivate(trx, customerId, now))) throw conflict('not_active', 'Fleet Manager is not active for this customer.');
    await appendAudit(trx, { at: now, ...auditedBy(actor, customerId), action: 'fleet_manager.ended', targetType: 'customer', targetId: customerId, after: { sims } });
  });
  return getActivation(deps, customerId);
}
