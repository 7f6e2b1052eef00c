import { subject } from '@casl/ability';
import { brusselsDate } from '@mandate/domain/dates';
import { expiryDate } from '@mandate/domain/retention';
import type { Language } from '@mandate/domain/profiles';
import type { EndContractBody, OperatorAffiliateQuery, OperatorCustomer, OperatorDelegationQuery, OperatorUser, SearchQuery } from '@mandate/contracts/delegations';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { badRequest, forbidden, notFound, conflict } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import { SUSPENSION_MAILS } from '../delegations/delegations.mails.ts';
import { accessOwnersOf, listAffiliatesForOperator, listDelegationsForOperator } from '../delegations/delegations.repo.ts';
import { OPERATOR_AFFILIATE_KEYSET, OPERATOR_DELEGATION_KEYSET, affiliatePage, delegationPage, requiredReason } from '../delegations/delegations.service.ts';
import {
  findCustomerRow, findUserRow, lockCustomer, lockUser, searchCustomers, searchUsers, setCustomerStatus, setUserStatus, terminateCustomer,
} from './backoffice.repo.ts';

/** Customers are found by name (case-insensitive), users by e-mail: each list pages on that key and the id. */
const CUSTOMER_KEYSET = keyset('operator-customers', 'text', 'uuid');
const USER_KEYSET = keyset('operator-users', 'text', 'uuid');

const isoOrNull = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function toOperatorCustomer(row: NonNullable<Awaited<ReturnType<typeof findCustomerRow>>>): OperatorCustomer {
  return {
    id: row.id, name: row.name, enterpriseNumber: row.enterpriseNumber, city: row.city, status: row.status,
    suspendedAt: isoOrNull(row.suspendedAt), suspensionReason: row.suspensionReason,
    contractEnd: row.contractEnd, personalDataErasedOn: row.contractEnd === null ? null : expiryDate('personal_data', row.contractEnd),
    fleetManagerSims: row.fleetManagerSims,
  };
}

export function toOperatorUser(row: NonNullable<Awaited<ReturnType<typeof findUserRow>>>): OperatorUser {
  return {
    id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName, status: row.status, isOperator: row.isOperator,
    suspendedAt: isoOrNull(row.suspendedAt), suspensionReason: row.suspensionReason, customers: row.customers,
  };
}

/** The queue of affiliate requests (DLG-1), newest first; ?status=pending for what waits for a decision. */
export async function listAffiliateRequests(deps: Deps, query: OperatorAffiliateQuery) {
  const { limit = 50, status } = query;
  const rows = await listAffiliatesForOperator(deps.db, { status, after: decodeCursor(OPERATOR_AFFILIATE_KEYSET, query.cursor), limit });
  return affiliatePage(rows, limit, OPERATOR_AFFILIATE_KEYSET);
}

/** Third-party delegations (DLG-2), newest first; ?status=pending_operator for the queue. */
export async function listOperatorDelegations(deps: Deps, query: OperatorDelegationQuery) {
  const { limit = 50, status, customerId, partnerId } = query;
  const rows = await listDelegationsForOperator(deps.db, { status, customerId, partnerId, after: decodeCursor(OPERATOR_DELEGATION_KEYSET, query.cursor), limit });
  return delegationPage(rows, limit, null, OPERATOR_DELEGATION_KEYSET);
}

/** Customers by name, enterprise number or city, to suspend or reactivate (ACC-5). */
export async function findCustomers(deps: Deps, query: SearchQuery) {
  const { limit = 50, q } = query;
  const rows = await searchCustomers(deps.db, { q, after: decodeCursor(CUSTOMER_KEYSET, query.cursor), limit });
  return toPage(rows, limit, CUSTOMER_KEYSET, (r) => [r.sortKey, r.id], toOperatorCustomer);
}

/** Users by e-mail or name, with their customers, to suspend or reactivate (ACC-5). */
export async function findUsers(deps: Deps, query: SearchQuery) {
  const { limit = 50, q } = query;
  const rows = await searchUsers(deps.db, { q, after: decodeCursor(USER_KEYSET, query.cursor), limit });
  return toPage(rows, limit, USER_KEYSET, (r) => [r.sortKey, r.id], toOperatorUser);
}

/**
 * ACC-5: operator staff suspend a customer's access at once for security or fraud, or restore it.
 * The access core reads the customer's status on every request: no member acts for it from the next one on.
 */
export async function setCustomerSuspension(deps: Deps, actor: Actor, customerId: string, suspend: boolean, reason: string | undefined) {
  if (!actor.principal.ability.can('suspend', subject('Customer', { id: customerId }))) throw forbidden();
  const why = requiredReason(reason, 'give the reason');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const customer = await lockCustomer(trx, customerId);
    if (!customer) throw notFound('customer');
    const from = suspend ? 'active' : 'suspended';
    if (customer.status !== from) {
      throw conflict(suspend ? 'customer_not_active' : 'customer_not_suspended', `The customer is ${customer.status}.`);
    }
    const recipients = await accessOwnersOf(trx, [customerId], brusselsDate(now));
    await setCustomerStatus(trx, customerId, suspend ? 'suspended' : 'active', suspend ? now : null, suspend ? why : null);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: suspend ? 'customer.suspend' : 'customer.reactivate', targetType: 'customer',
      targetId: customerId, before: { status: customer.status }, after: { status: suspend ? 'suspended' : 'active', reason: why },
    });
    const message = suspend ? SUSPENSION_MAILS.customerSuspended : SUSPENSION_MAILS.customerReactivated;
    for (const r of recipients) {
      await enqueueMail(trx, { to: r.email, language: r.language, message, params: { customer: customer.name, reason: why }, customerId }, now);
    }
  });
  return toOperatorCustomer((await findCustomerRow(deps.db, customerId))!);
}

/**
 * RET-2: operator staff record that a customer's contract ended on a day (today at the latest, not
 * before it started). From then on no member acts for it (the access core reads its status on
 * every request) and its personal data is erased 10 years after that day by the retention job.
 */
export async function endContract(deps: Deps, actor: Actor, customerId: string, body: EndContractBody) {
  if (!actor.principal.ability.can('suspend', subject('Customer', { id: customerId }))) throw forbidden();
  const why = requiredReason(body.reason, 'give the reason');
  const now = deps.clock.now();
  const today = brusselsDate(now);
  if (body.contractEnd > today) throw badRequest('body.contractEnd', 'must be today or earlier: record the end of a contract once it has ended');
  await deps.db.transaction().execute(async (trx) => {
    const customer = await lockCustomer(trx, customerId);
    if (!customer) throw notFound('customer');
    if (customer.status === 'terminated') throw conflict('contract_ended', 'The contract of this customer has ended already.');
    if (customer.contractStart !== null && body.contractEnd < customer.contractStart) {
      throw badRequest('body.contractEnd', `must not be before the start of the contract (${customer.contractStart})`);
    }
    await terminateCustomer(trx, customerId, body.contractEnd);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'customer.end_contract', targetType: 'customer',
      targetId: customerId, before: { status: customer.status }, after: { status: 'terminated', contractEnd: body.contractEnd, reason: why },
    });
  });
  return toOperatorCustomer((await findCustomerRow(deps.db, customerId))!);
}

/** ACC-5 for one user: a suspended user gets nothing from his next request on (the access core refuses him). */
export async function setUserSuspension(deps: Deps, actor: Actor, userId: string, suspend: boolean, reason: string | undefined) {
  if (!actor.principal.ability.can('suspend', 'User')) throw forbidden();
  const why = requiredReason(reason, 'give the reason');
  if (userId === actor.principal.userId) throw conflict('cannot_suspend_self', 'You cannot suspend or reactivate yourself.');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, userId);
    if (!user) throw notFound('user');
    const from = suspend ? 'active' : 'suspended';
    if (user.status !== from) {
      throw conflict(suspend ? 'user_not_active' : 'user_not_suspended', `The user is ${user.status}.`);
    }
    await setUserStatus(trx, userId, suspend ? 'suspended' : 'active', suspend ? now : null, suspend ? why : null);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, null), action: suspend ? 'user.suspend' : 'user.reactivate', targetType: 'user',
      targetId: userId, before: { status: user.status }, after: { status: suspend ? 'suspended' : 'active', reason: why },
    });
    const message = suspend ? SUSPENSION_MAILS.userSuspended : SUSPENSION_MAILS.userReactivated;
    await enqueueMail(trx, { to: user.email, language: user.language as Language, message, params: { reason: why } }, now);
  });
  return toOperatorUser((await findUserRow(deps.db, userId))!);
}
