import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { APP_ACTIONS, type Action } from '@mandate/authz/subjects';
import type { App } from '@mandate/domain/profiles';
import { brusselsDate } from '@mandate/domain/dates';
import { normaliseEnterpriseNumber } from '@mandate/domain/enterprise-number';
import type {
  AffiliateLink, AffiliateRequestBody, Delegation, DelegationProposeBody, DelegationStatus,
} from '@mandate/contracts/delegations';
import { HttpProblem, badRequest, notFound } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail, type MailMessage } from '../mail/mail.repo.ts';
import { AFFILIATE_MAILS, DELEGATION_MAILS } from './delegations.mails.ts';
import {
  accessOwnersOf, activePartnerMembers, decideAffiliate, delegationUserIds, findAffiliate, findCustomer, findCustomerByNumber,
  findDelegation, insertDelegation, linkBetween, lockAffiliate, lockDelegation, operatorStaff, ownScopeCounts, replaceDelegationUsers,
  setDelegationStatus, subscribedApps, upsertAffiliateRequest, type AffiliateRow, type DelegationRow, type Recipient,
} from './delegations.repo.ts';

/** Who acts: the signed-in user, his ability and where the request came from (SEC-3). */
export interface Actor {
  userId: string;
  ability: AppAbility;
  ip: string | null;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

/** The last day (Europe/Brussels) a delegation ending at `endsAt` (exclusive) can be exercised. */
export const lastDay = (endsAt: Date | string) => brusselsDate(new Date(new Date(endsAt).getTime() - 1));

/** 00:00 Europe/Brussels at the start of `date` (YYYY-MM-DD), as an instant. */
export function brusselsMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utc = Date.UTC(y, m - 1, d);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Brussels', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(utc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(utc - (local - utc));
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isRealDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d;
}

export function toDelegation(row: DelegationRow, perspective: string | null): Delegation {
  return {
    id: row.id,
    direction: perspective === null ? null : row.customerId === perspective ? 'outgoing' : 'incoming',
    customerId: row.customerId,
    customerName: row.customerName,
    customerEnterpriseNumber: row.customerEnterpriseNumber,
    partnerId: row.partnerId,
    partnerName: row.partnerName,
    partnerEnterpriseNumber: row.partnerEnterpriseNumber,
    rights: row.rights as Delegation['rights'],
    billingAccountIds: row.billingAccountIds,
    costCentreIds: row.costCentreIds,
    status: row.status as DelegationStatus,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    endDate: lastDay(row.endsAt),
    reason: row.reason,
    decidedAt: isoOrNull(row.decidedAt),
    createdAt: iso(row.createdAt),
    users: row.users,
  };
}

export function toAffiliate(row: AffiliateRow): AffiliateLink {
  return {
    ...row,
    basis: row.basis as AffiliateLink['basis'],
    status: row.status as AffiliateLink['status'],
    requestedAt: iso(row.requestedAt),
    decidedAt: isoOrNull(row.decidedAt),
  };
}

async function mailAll(trx: Kysely<DB>, recipients: Recipient[], message: MailMessage, params: Record<string, string>, now: Date) {
  const seen = new Set<string>();
  for (const r of recipients) {
    if (seen.has(r.email)) continue;
    seen.add(r.email);
    await enqueueMail(trx, { to: r.email, language: r.language, message, params, customerId: r.customerId }, now);
  }
}

const conflict = (code: string, detail: string) => new HttpProblem(409, code, 'Conflict', detail);

/** Validates and normalises an enterprise number from a body field (ACC-1: mod-97). */
function enterpriseNumberOf(field: string, raw: string): string {
  const number = normaliseEnterpriseNumber(raw);
  if (!number) throw badRequest(field, 'is not a valid Belgian enterprise number (10 digits, mod-97 check)', 'invalid_enterprise_number');
  return number;
}

async function registeredCompany(app: FastifyInstance, field: string, raw: string) {
  const number = enterpriseNumberOf(field, raw);
  const company = await findCustomerByNumber(app.db, number);
  if (!company) throw badRequest(field, 'no company with this enterprise number is registered on the portal', 'company_not_registered');
  if (company.status !== 'active') throw badRequest(field, 'this company has no active portal account', 'company_not_active');
  return company;
}

// ---- Affiliates (DLG-1) -------------------------------------------------------------------------

/** The AO asks access to a further affiliate (DLG-1): pending until operator staff decide. */
export async function requestAffiliate(app: FastifyInstance, actor: Actor, customerId: string, body: AffiliateRequestBody): Promise<AffiliateLink> {
  const affiliate = await registeredCompany(app, 'enterpriseNumber', body.enterpriseNumber);
  if (affiliate.id === customerId) throw badRequest('enterpriseNumber', 'a company cannot be its own affiliate', 'affiliate_is_self');
  const now = app.clock.now();
  const id = await app.db.transaction().execute(async (trx) => {
    const links = await linkBetween(trx, customerId, affiliate.id);
    for (const link of links) {
      const mine = link.customer_id === customerId;
      if (mine && link.status === 'active') throw conflict('affiliate_already_linked', `${affiliate.name} is already an affiliate of this customer.`);
      if (mine && link.status === 'pending') throw conflict('affiliate_request_pending', `A request for ${affiliate.name} is already waiting for the operator.`);
      if (!mine && (link.status === 'active' || link.status === 'pending')) {
        throw conflict('affiliate_is_parent', `${affiliate.name} controls this customer (or asked to); it cannot also be its affiliate.`);
      }
    }
    const linkId = await upsertAffiliateRequest(trx, { customerId, affiliateId: affiliate.id, basis: body.basis, now });
    await appendAudit(trx, {
      at: now, actorUserId: actor.userId, customerId, action: 'affiliate.request', targetType: 'affiliate_link', targetId: linkId,
      after: { affiliateId: affiliate.id, basis: body.basis, status: 'pending' }, ip: actor.ip,
    });
    return linkId;
  });
  return toAffiliate((await findAffiliate(app.db, id))!);
}

/** Operator staff approve or refuse an affiliate request (reason mandatory for a refusal). */
export async function decideAffiliateRequest(app: FastifyInstance, actor: Actor, id: string, decision: 'approve' | 'refuse', reason: string | undefined) {
  const why = reason?.trim() ?? '';
  if (decision === 'refuse' && !why) throw badRequest('reason', 'give the reason of the refusal', 'reason_required');
  const now = app.clock.now();
  await app.db.transaction().execute(async (trx) => {
    const link = await lockAffiliate(trx, id);
    if (!link) throw notFound('affiliate request');
    if (link.status !== 'pending') throw conflict('affiliate_request_decided', `This request is already ${link.status}.`);
    const to = decision === 'approve' ? 'active' : 'refused';
    await decideAffiliate(trx, id, to, actor.userId, now, why || null);
    await appendAudit(trx, {
      at: now, actorUserId: actor.userId, customerId: link.customer_id, action: `affiliate.${decision}`, targetType: 'affiliate_link', targetId: id,
      before: { status: 'pending' }, after: { status: to, affiliateId: link.affiliate_id, ...(why ? { reason: why } : {}) }, ip: actor.ip,
    });
    const [customer, affiliate] = await Promise.all([findCustomer(trx, link.customer_id), findCustomer(trx, link.affiliate_id)]);
    await mailAll(trx, await accessOwnersOf(trx, [link.customer_id]), decision === 'approve' ? AFFILIATE_MAILS.approved : AFFILIATE_MAILS.refused,
      { customer: customer!.name, affiliate: affiliate!.name, reason: why }, now);
  });
  return toAffiliate((await findAffiliate(app.db, id))!);
}

// ---- Delegations (DLG-2..4) ---------------------------------------------------------------------

/** Only an AO proposes (the route's ability check); everything is validated before anything is written. */
export async function proposeDelegation(app: FastifyInstance, actor: Actor, customerId: string, body: DelegationProposeBody): Promise<Delegation> {
  const partner = await registeredCompany(app, 'partnerEnterpriseNumber', body.partnerEnterpriseNumber);
  if (partner.id === customerId) throw badRequest('partnerEnterpriseNumber', 'a customer cannot delegate to itself', 'delegation_to_self');

  const apps = await subscribedApps(app.db, customerId);
  const seen = new Set<string>();
  body.rights.forEach((right, i) => {
    if (seen.has(right.app)) throw badRequest(`rights.${i}.app`, 'names an app twice', 'duplicate_app');
    seen.add(right.app);
    if (!apps.includes(right.app)) throw badRequest(`rights.${i}.app`, 'the customer does not subscribe to this app', 'app_not_subscribed');
    const allowed = APP_ACTIONS[right.app as App];
    const bad = right.actions.find((a) => !(allowed as readonly string[]).includes(a));
    if (bad) throw badRequest(`rights.${i}.actions`, `"${bad}" is not an action of this app (${allowed.join(', ')})`, 'action_not_in_app');
  });

  const billingAccountIds = body.billingAccountIds ?? [];
  const costCentreIds = body.costCentreIds ?? [];
  const counts = await ownScopeCounts(app.db, customerId, billingAccountIds, costCentreIds);
  if (counts.ba !== billingAccountIds.length) throw badRequest('billingAccountIds', 'names a billing account that is not this customer’s', 'scope_outside_customer');
  if (counts.cc !== costCentreIds.length) throw badRequest('costCentreIds', 'names a cost centre that is not this customer’s', 'scope_outside_customer');

  const now = app.clock.now();
  const today = brusselsDate(now);
  if (!isRealDate(body.endDate)) throw badRequest('endDate', 'is not a calendar date', 'validation_failed');
  if (body.endDate <= today) throw badRequest('endDate', 'must be in the future', 'end_date_not_in_future');
  const [ty, tmd] = [Number(today.slice(0, 4)), today.slice(4)];
  if (body.endDate > `${ty + 2}${tmd}`) throw badRequest('endDate', 'can be at most two years ahead', 'end_date_too_far');
  const endsAt = brusselsMidnight(addDays(body.endDate, 1));

  const rights = body.rights.map((r) => ({ app: r.app, actions: [...r.actions].sort() }));
  const id = await app.db.transaction().execute(async (trx) => {
    const delegationId = await insertDelegation(trx, {
      customerId, partnerId: partner.id, rights, billingAccountIds, costCentreIds, startsAt: now, endsAt, proposedBy: actor.userId, now,
    });
    await appendAudit(trx, {
      at: now, actorUserId: actor.userId, customerId, delegationId, action: 'delegation.propose', targetType: 'delegation', targetId: delegationId,
      after: { partnerId: partner.id, rights, billingAccountIds, costCentreIds, endDate: body.endDate, status: 'pending_operator' }, ip: actor.ip,
    });
    const customer = await findCustomer(trx, customerId);
    await mailAll(trx, await operatorStaff(trx), DELEGATION_MAILS.proposedToOperator, { customer: customer!.name, partner: partner.name, endDate: body.endDate }, now);
    return delegationId;
  });
  return toDelegation((await findDelegation(app.db, null, 'read', id))!, customerId);
}

type Side = 'customer' | 'partner' | 'operator';

interface TransitionSpec {
  /** Who acts: the delegating customer's AO, the partner's AO/AM, or operator staff (back office). */
  side: Side;
  /** The ability action the row must allow (not checked for the operator, whose route gate decides). */
  action: Action;
  from: readonly DelegationStatus[];
  to: DelegationStatus;
  auditAction: string;
  reason?: string;
  mails: Array<{ to: 'customer' | 'partner'; message: MailMessage }>;
}

/**
 * One state change of a delegation (DLG-3): found through the ability on the right side of the
 * route's customer (else 404), locked, checked against its current state (else 409), audited
 * and mailed in one transaction. The access core reads the new state on the very next request.
 */
async function transition(app: FastifyInstance, actor: Actor, id: string, routeCustomerId: string | null, spec: TransitionSpec): Promise<Delegation> {
  const found = spec.side === 'operator'
    ? await findDelegation(app.db, null, 'read', id)
    : await findDelegation(app.db, actor.ability, spec.action, id, { customerId: routeCustomerId!, as: spec.side });
  if (!found) throw notFound('delegation');
  const now = app.clock.now();
  await app.db.transaction().execute(async (trx) => {
    const row = await lockDelegation(trx, id);
    if (!row) throw notFound('delegation');
    if (!spec.from.includes(row.status as DelegationStatus)) {
      throw conflict('delegation_invalid_state', `The delegation is ${row.status}; it cannot become ${spec.to} now.`);
    }
    if ((spec.to === 'active' || spec.to === 'pending_partner') && new Date(row.ends_at).getTime() <= now.getTime()) {
      throw conflict('delegation_expired', 'The delegation’s end date has passed.');
    }
    const decision = spec.side !== 'customer' || spec.to === 'revoked';
    await setDelegationStatus(trx, id, spec.from, spec.to, {
      ...(decision ? { decidedBy: actor.userId, decidedAt: now } : {}),
      ...(spec.reason !== undefined ? { reason: spec.reason } : {}),
    });
    await appendAudit(trx, {
      at: now, actorUserId: actor.userId, customerId: row.customer_id, delegationId: id, action: spec.auditAction, targetType: 'delegation', targetId: id,
      before: { status: row.status },
      after: { status: spec.to, ...(spec.reason ? { reason: spec.reason } : {}), ...(spec.side === 'partner' ? { actingFor: row.partner_id } : {}) },
      ip: actor.ip,
    });
    const params = { customer: found.customerName, partner: found.partnerName, endDate: lastDay(found.endsAt), reason: spec.reason ?? '' };
    for (const mail of spec.mails) {
      const recipients = await accessOwnersOf(trx, [mail.to === 'customer' ? row.customer_id : row.partner_id]);
      await mailAll(trx, recipients, mail.message, params, now);
    }
  });
  return toDelegation((await findDelegation(app.db, null, 'read', id))!, routeCustomerId);
}

const OPEN: readonly DelegationStatus[] = ['pending_operator', 'pending_partner', 'active'];

export const delegationTransitions = {
  /** The delegating customer's AO revokes it (DLG-3), whatever its open state. */
  revoke: (app: FastifyInstance, actor: Actor, customerId: string, id: string) => transition(app, actor, id, customerId, {
    side: 'customer', action: 'delete', from: OPEN, to: 'revoked', auditAction: 'delegation.revoke',
    mails: [{ to: 'partner', message: DELEGATION_MAILS.revoked }],
  }),
  /** The partner's AO accepts after the operator's review. */
  accept: (app: FastifyInstance, actor: Actor, customerId: string, id: string) => transition(app, actor, id, customerId, {
    side: 'partner', action: 'review', from: ['pending_partner'], to: 'active', auditAction: 'delegation.accept',
    mails: [{ to: 'customer', message: DELEGATION_MAILS.accepted }],
  }),
  /** The partner's AO declines while it is pending. */
  decline: (app: FastifyInstance, actor: Actor, customerId: string, id: string, reason?: string) => transition(app, actor, id, customerId, {
    side: 'partner', action: 'review', from: ['pending_operator', 'pending_partner'], to: 'declined', auditAction: 'delegation.decline',
    ...(reason?.trim() ? { reason: reason.trim() } : {}),
    mails: [{ to: 'customer', message: DELEGATION_MAILS.declined }],
  }),
  /** The partner's AO ends an active delegation. */
  end: (app: FastifyInstance, actor: Actor, customerId: string, id: string, reason?: string) => transition(app, actor, id, customerId, {
    side: 'partner', action: 'review', from: ['active'], to: 'ended', auditAction: 'delegation.end',
    ...(reason?.trim() ? { reason: reason.trim() } : {}),
    mails: [{ to: 'customer', message: DELEGATION_MAILS.ended }],
  }),
  /** Operator review (DLG-2 "after prior notice to the operator"): on to the partner's acceptance. */
  approve: (app: FastifyInstance, actor: Actor, id: string) => transition(app, actor, id, null, {
    side: 'operator', action: 'review', from: ['pending_operator'], to: 'pending_partner', auditAction: 'delegation.approve',
    mails: [{ to: 'customer', message: DELEGATION_MAILS.approvedToCustomer }, { to: 'partner', message: DELEGATION_MAILS.approvedToPartner }],
  }),
  /** The operator may refuse at any moment, also after it started (DLG-2); the reason is mandatory. */
  refuse: (app: FastifyInstance, actor: Actor, id: string, reason: string | undefined) => {
    const why = reason?.trim() ?? '';
    if (!why) throw badRequest('reason', 'give the reason of the refusal', 'reason_required');
    return transition(app, actor, id, null, {
      side: 'operator', action: 'review', from: OPEN, to: 'refused', auditAction: 'delegation.refuse', reason: why,
      mails: [{ to: 'customer', message: DELEGATION_MAILS.refused }, { to: 'partner', message: DELEGATION_MAILS.refused }],
    });
  },
};

/** DLG-4: the partner's AO or AM chooses which of its own (active) users exercise the delegation. */
export async function setDelegationUsers(app: FastifyInstance, actor: Actor, partnerId: string, id: string, userIds: string[]): Promise<Delegation> {
  const found = await findDelegation(app.db, actor.ability, 'update', id, { customerId: partnerId, as: 'partner' });
  if (!found) throw notFound('delegation');
  const now = app.clock.now();
  const members = new Set(await activePartnerMembers(app.db, partnerId, userIds, brusselsDate(now)));
  const strangers = userIds.filter((u) => !members.has(u));
  if (strangers.length > 0) {
    throw badRequest('userIds', `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not an active user of ${found.partnerName}`, 'not_partner_member');
  }
  const sorted = [...userIds].sort();
  await app.db.transaction().execute(async (trx) => {
    const row = await lockDelegation(trx, id);
    if (!row) throw notFound('delegation');
    if (row.status !== 'pending_partner' && row.status !== 'active') {
      throw conflict('delegation_invalid_state', `The delegation is ${row.status}; its users can no longer change.`);
    }
    const before = await delegationUserIds(trx, id);
    await replaceDelegationUsers(trx, { id, customerId: row.customer_id }, sorted, actor.userId, now);
    await appendAudit(trx, {
      at: now, actorUserId: actor.userId, customerId: row.customer_id, delegationId: id, action: 'delegation.users', targetType: 'delegation', targetId: id,
      before: { userIds: before }, after: { userIds: sorted, actingFor: partnerId }, ip: actor.ip,
    });
  });
  return toDelegation((await findDelegation(app.db, null, 'read', id))!, partnerId);
}
