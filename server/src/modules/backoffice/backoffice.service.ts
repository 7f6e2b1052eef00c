import type { FastifyInstance } from 'fastify';
import { subject } from '@casl/ability';
import type { OperatorCustomer, OperatorUser } from '@mandate/contracts/delegations';
import { HttpProblem, badRequest, forbidden, notFound } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import { SUSPENSION_MAILS } from '../delegations/delegations.mails.ts';
import { accessOwnersOf } from '../delegations/delegations.repo.ts';
import type { Actor } from '../delegations/delegations.service.ts';
import { findCustomerRow, findUserRow, lockCustomer, lockUser, setCustomerStatus, setUserStatus } from './backoffice.repo.ts';

const isoOrNull = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function toOperatorCustomer(row: NonNullable<Awaited<ReturnType<typeof findCustomerRow>>>): OperatorCustomer {
  return {
    id: row.id, name: row.name, enterpriseNumber: row.enterpriseNumber, city: row.city, status: row.status,
    suspendedAt: isoOrNull(row.suspendedAt), suspensionReason: row.suspensionReason,
  };
}

export function toOperatorUser(row: NonNullable<Awaited<ReturnType<typeof findUserRow>>>): OperatorUser {
  return {
    id: row.id, email: row.email, firstName: row.firstName, lastName: row.lastName, status: row.status, isOperator: row.isOperator,
    suspendedAt: isoOrNull(row.suspendedAt), suspensionReason: row.suspensionReason, customers: row.customers,
  };
}

function reasonOf(reason: string | undefined): string {
  const why = reason?.trim() ?? '';
  if (!why) throw badRequest('reason', 'give the reason', 'reason_required');
  return why;
}

/**
 * ACC-5: operator staff suspend a customer's access at once for security or fraud, or restore it.
 * The access core reads the customer's status on every request: no member acts for it from the next one on.
 */
export async function setCustomerSuspension(app: FastifyInstance, actor: Actor, customerId: string, suspend: boolean, reason: string | undefined) {
  if (!actor.ability.can('suspend', subject('Customer', { id: customerId }))) throw forbidden();
  const why = reasonOf(reason);
  const now = app.clock.now();
  await app.db.transaction().execute(async (trx) => {
    const customer = await lockCustomer(trx, customerId);
    if (!customer) throw notFound('customer');
    const from = suspend ? 'active' : 'suspended';
    if (customer.status !== from) {
      throw new HttpProblem(409, suspend ? 'customer_not_active' : 'customer_not_suspended', 'Conflict', `The customer is ${customer.status}.`);
    }
    const recipients = await accessOwnersOf(trx, [customerId]);
    await setCustomerStatus(trx, customerId, suspend ? 'suspended' : 'active', suspend ? now : null, suspend ? why : null);
    await appendAudit(trx, {
      at: now, actorUserId: actor.userId, customerId, action: suspend ? 'customer.suspend' : 'customer.reactivate', targetType: 'customer',
      targetId: customerId, before: { status: customer.status }, after: { status: suspend ? 'suspended' : 'active', reason: why }, ip: actor.ip,
    });
    const message = suspend ? SUSPENSION_MAILS.customerSuspended : SUSPENSION_MAILS.customerReactivated;
    for (const r of recipients) {
      await enqueueMail(trx, { to: r.email, language: r.language, message, params: { customer: customer.name, reason: why }, customerId }, now);
    }
  });
  return toOperatorCustomer((await findCustomerRow(app.db, customerId))!);
}

/** ACC-5 for one user: a suspended user gets nothing from his next request on (the access core refuses him). */
export async function setUserSuspension(app: FastifyInstance, actor: Actor, userId: string, suspend: boolean, reason: string | undefined) {
  if (!actor.ability.can('suspend', 'User')) throw forbidden();
  const why = reasonOf(reason);
  if (userId === actor.userId) throw new HttpProblem(409, 'cannot_suspend_self', 'Conflict', 'You cannot suspend or reactivate yourself.');
  const now = app.clock.now();
  await app.db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, userId);
    if (!user) throw notFound('user');
    const from = suspend ? 'active' : 'suspended';
    if (user.status !== from) {
      throw new HttpProblem(409, suspend ? 'user_not_active' : 'user_not_suspended', 'Conflict', `The user is ${user.status}.`);
    }
    await setUserStatus(trx, userId, suspend ? 'suspended' : 'active', suspend ? now : null, suspend ? why : null);
    await appendAudit(trx, {
      at: now, actorUserId: actor.userId, customerId: null, action: suspend ? 'user.suspend' : 'user.reactivate', targetType: 'user',
      targetId: userId, before: { status: user.status }, after: { status: suspend ? 'suspended' : 'active', reason: why }, ip: actor.ip,
    });
    const message = suspend ? SUSPENSION_MAILS.userSuspended : SUSPENSION_MAILS.userReactivated;
    await enqueueMail(trx, { to: user.email, language: user.language as 'nl' | 'fr' | 'en', message, params: { reason: why } }, now);
  });
  return toOperatorUser((await findUserRow(app.db, userId))!);
}

