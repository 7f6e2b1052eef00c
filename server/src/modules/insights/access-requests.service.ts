import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AccessRequest, AccessRequestBody, AccessRequestDecisionBody, AccessRequestList, AccessRequestListQuery } from '@mandate/contracts/insights';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import type { Deps } from '../../lib/deps.ts';
import { cursorTime, decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { badRequest, notFound, conflict } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import type { Principal } from '../../types.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import {
  decideAccessRequest, findAccessRequest, findBillingAccount, findLiveRequest, insertAccessRequest, isCovered, listAllAccessRequests,
  listCustomerAccessRequests, lockAccessRequest, requesterOf, type AccessRequestFilters, type AccessRequestRow,
} from './access-requests.repo.ts';
import { appActivation } from './insights.repo.ts';
import { ACCESS_REQUEST_MAILS } from './insights.mails.ts';


const REQUEST_PAGES = keyset('access-requests:requestedAt', 'timestamp', 'uuid');

function toAccessRequest(r: AccessRequestRow): AccessRequest {
  return {
    id: r.id, customerId: r.customerId, customerName: r.customerName, app: r.app as AccessRequest['app'],
    billingAccount: { id: r.billingAccountId, number: r.billingAccountNumber, name: r.billingAccountName },
    status: r.status as AccessRequest['status'], requestedAt: new Date(r.requestedAt).toISOString(),
    requestedBy: { id: r.requesterId, name: `${r.requesterFirstName} ${r.requesterLastName}`.trim() },
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null, reason: r.reason,
  };
}

async function requestPage(query: AccessRequestListQuery, list: (f: AccessRequestFilters) => Promise<AccessRequestRow[]>): Promise<AccessRequestList> {
  const limit = query.limit ?? 50;
  const rows = await list({ status: query.status, after: decodeCursor(REQUEST_PAGES, query.cursor), limit });
  return toPage(rows, limit, REQUEST_PAGES, (r) => [cursorTime(r.requestedAt), r.id], toAccessRequest);
}

/** GET …/access-requests: the customer's requests, as far as the caller may read them. */
export function listAccessRequests(deps: Deps, principal: Principal, customerId: string, query: AccessRequestListQuery) {
  return requestPage(query, (f) => listCustomerAccessRequests(deps.db, principal.ability, customerId, f));
}

/** GET /operator/access-requests: the operator's queue (?status=pending), newest first. */
export function listOperatorAccessRequests(deps: Deps, query: AccessRequestListQuery) {
  return requestPage(query, (f) => listAllAccessRequests(deps.db, f));
}


const APP_NAMES = { insights: 'Invoice Insights', 'fleet-manager': 'Fleet Manager' } as const;

/**
 * INS-1, PFM-2: the AO asks that a billing account created after the app's activation be covered
 * (Fleet Manager: a mobile one). One live (pending or approved) request per account and app; an
 * account already covered needs none.
 */
export async function requestAccess(deps: Deps, actor: Actor, customerId: string, body: AccessRequestBody): Promise<AccessRequest> {
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const account = await findBillingAccount(trx, customerId, body.billingAccountId);
    if (!account) throw badRequest('body.billingAccountId', 'is not a billing account of this customer', 'unknown_billing_account');
    const appName = APP_NAMES[body.app];
    if (body.app === 'fleet-manager' && account.type !== 'mobile') {
      throw badRequest('body.billingAccountId', 'is not a mobile billing account: Fleet Manager covers mobile accounts only', 'not_a_mobile_account');
    }
    if (!(await appActivation(trx, customerId, body.app))) throw conflict('app_not_active', `${appName} is not active for this customer.`);
    const covered = await isCovered(trx, customerId, body.app, account.id);
    const live = await findLiveRequest(trx, customerId, body.app, account.id);
    if (live?.status === 'pending') throw conflict('access_request_pending', `A request for ${account.number} is already waiting for the operator.`);
    if (covered || live) throw conflict('already_covered', `${appName} already covers ${account.number}.`);
    let requestId: string;
    try {
      requestId = await insertAccessRequest(trx, { customerId, app: body.app, billingAccountId: account.id, requestedBy: actor.principal.userId, now });
    } catch (error) {
      // A request made at the same moment by someone else (the live-request index keeps one); the transaction is rolled back.
      if (isUniqueViolation(error)) throw conflict('access_request_pending', `A request for ${account.number} is already waiting for the operator.`);
      throw error;
    }
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'access_request.create', targetType: 'app_access_request', targetId: requestId,
      after: { app: body.app, billingAccountId: account.id, status: 'pending' },
    });
    return requestId;
  });
  return toAccessRequest((await findAccessRequest(deps.db, id))!);
}

/** Operator staff approve or refuse (with a reason) a pending request; the requester is mailed. */
export async function decideRequest(deps: Deps, actor: Actor, requestId: string, body: AccessRequestDecisionBody): Promise<AccessRequest> {
  const reason = body.reason?.trim() || null;
  if (!body.approve && !reason) throw badRequest('body.reason', 'give the reason of the refusal', 'reason_required');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockAccessRequest(trx, requestId);
    if (!request) throw notFound('access request');
    if (request.status !== 'pending') throw conflict('access_request_decided', `This request is already ${request.status}.`);
    const status = body.approve ? 'approved' : 'refused';
    await decideAccessRequest(trx, { id: request.id, customerId: request.customerId, status, decidedBy: actor.principal.userId, now, reason });
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, request.customerId), action: body.approve ? 'access_request.approve' : 'access_request.refuse',
      targetType: 'app_access_request', targetId: request.id,
      before: { status: 'pending' }, after: { status, billingAccountId: request.billingAccountId, ...(reason ? { reason } : {}) },
    });
    await mailRequester(trx, request.requestedBy, request.id, status, reason, now);
  });
  return toAccessRequest((await findAccessRequest(deps.db, requestId))!);
}

async function mailRequester(trx: Kysely<DB>, userId: string, requestId: string, status: 'approved' | 'refused', reason: string | null, now: Date) {
  const [user, request] = await Promise.all([requesterOf(trx, userId), findAccessRequest(trx, requestId)]);
  if (!user || !request || user.status !== 'active') return;
  const language: Language = (LANGUAGES as readonly string[]).includes(user.language) ? (user.language as Language) : 'en';
  await enqueueMail(trx, {
    to: user.email, language, message: status === 'approved' ? ACCESS_REQUEST_MAILS.approved : ACCESS_REQUEST_MAILS.refused,
    params: {
      app: APP_NAMES[request.app as AccessRequest['app']], account: request.billingAccountNumber, accountName: request.billingAccountName,
      customer: request.customerName, reason: reason ?? '',
    },
    customerId: request.customerId,
  }, now);
}
