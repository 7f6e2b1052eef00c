import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { APP_ACTIONS, type Action } from '@mandate/authz/subjects';
import type { App } from '@mandate/domain/profiles';
import { brusselsDate, brusselsEndOfDay, isIsoDate, lastBrusselsDay } from '@mandate/domain/dates';
import { normaliseEnterpriseNumber } from '@mandate/domain/enterprise-number';
import type {
  AffiliateLink, AffiliateListQuery, AffiliateRequestBody, Delegation, DelegationListQuery, DelegationProposeBody, DelegationStatus,
} from '@mandate/contracts/delegations';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { badRequest, notFound, conflict } from '../../lib/problem.ts';
import { foreignScopeIds } from '../../lib/customer-scope.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail, type MailMessage } from '../mail/mail.repo.ts';
import { AFFILIATE_MAILS, DELEGATION_MAILS } from './delegations.mails.ts';
import {
  accessOwnersOf, activePartnerMembers, decideAffiliate, delegationById, delegationScopeOptions, delegationsDueForReminder, delegationsToExpire,
  delegationUserIds, findAffiliate, findCustomer, findCustomerByNumber, findDelegation, insertDelegation, linkBetween, listAffiliates,
  listDelegations, lockAffiliate, lockDelegation, markExpired, operatorStaff, recordReminder, replaceDelegationUsers,
  setDelegationStatus, subscribedApps, upsertAffiliateRequest, type AffiliateRow, type DelegationRow, type Recipient,
} from './delegations.repo.ts';

/** Both lists are newest first; a cursor holds the row's time (microseconds) and id. */
/** The customer's lists and the operator's lists of the same rows keep cursors of their own: a cursor of one is refused by the other. */
export const DELEGATION_KEYSET = keyset('delegations', 'timestamp', 'uuid');
export const AFFILIATE_KEYSET = keyset('affiliates', 'timestamp', 'uuid');
export const OPERATOR_DELEGATION_KEYSET = keyset('operator:delegations', 'timestamp', 'uuid');
export const OPERATOR_AFFILIATE_KEYSET = keyset('operator:affiliate-requests', 'timestamp', 'uuid');

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

/** The last day (Europe/Brussels) a delegation ending at `endsAt` (exclusive) can be exercised. */
export const lastDay = (endsAt: Date | string) => lastBrusselsDay(new Date(endsAt));

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
    billingAccounts: row.billingAccounts,
    costCentres: row.costCentres,
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
    id: row.id,
    customerId: row.customerId,
    customerName: row.customerName,
    customerEnterpriseNumber: row.customerEnterpriseNumber,
    affiliateId: row.affiliateId,
    affiliateName: row.affiliateName,
    affiliateEnterpriseNumber: row.affiliateEnterpriseNumber,
    basis: row.basis as AffiliateLink['basis'],
    status: row.status as AffiliateLink['status'],
    reason: row.reason,
    requestedAt: iso(row.requestedAt),
    decidedAt: isoOrNull(row.decidedAt),
  };
}

/** A page of delegations seen from `perspective` (null: the back office). */
export const delegationPage = (rows: DelegationRow[], limit: number, perspective: string | null, set = DELEGATION_KEYSET) =>
  toPage(rows, limit, set, (r) => [r.sortKey, r.id], (r) => toDelegation(r, perspective));
export const affiliatePage = (rows: AffiliateRow[], limit: number, set = AFFILIATE_KEYSET) =>
  toPage(rows, limit, set, (r) => [r.sortKey, r.id], toAffiliate);

/** A text the user may leave out or blank: trimmed, or undefined. */
export const optionalText = (text: string | undefined) => text?.trim() || undefined;

/** A mandatory reason (the operator's refusals and suspensions): trimmed, never blank. */
export function requiredReason(reason: string | undefined, detail: string): string {
  const why = optionalText(reason);
  if (!why) throw badRequest('body.reason', detail, 'reason_required');
  return why;
}

export async function mailAll(trx: Kysely<DB>, recipients: Recipient[], message: MailMessage, params: Record<string, string>, now: Date) {
  const seen = new Set<string>();
  for (const r of recipients) {
    if (seen.has(r.email)) continue;
    seen.add(r.email);
    await enqueueMail(trx, { to: r.email, language: r.language, message, params, customerId: r.customerId }, now);
  }
}


/** Validates and normalises an enterprise number from a body field (ACC-1: mod-97). */
function enterpriseNumberOf(field: string, raw: string): string {
  const number = normaliseEnterpriseNumber(raw);
  if (!number) throw badRequest(field, 'is not a valid Belgian enterprise number (10 digits, mod-97 check)', 'invalid_enterprise_number');
  return number;
}

async function registeredCompany(deps: Deps, field: string, raw: string) {
  const number = enterpriseNumberOf(field, raw);
  const company = await findCustomerByNumber(deps.db, number);
  if (!company) throw badRequest(field, 'no company with this enterprise number is registered on the portal', 'company_not_registered');
  if (company.status !== 'active') throw badRequest(field, 'this company has no active portal account', 'company_not_active');
  return company;
}

// ---- Affiliates (DLG-1) -------------------------------------------------------------------------

/** The customer's affiliates with their basis of control (ACC-2), as far as the actor may read them. */
export async function listCustomerAffiliates(deps: Deps, actor: Actor, customerId: string, query: AffiliateListQuery) {
  const { limit = 50, status } = query;
  const rows = await listAffiliates(deps.db, actor.principal.ability, customerId, { status, after: decodeCursor(AFFILIATE_KEYSET, query.cursor), limit });
  return affiliatePage(rows, limit);
}

/** The AO asks access to a further affiliate (DLG-1): pending until operator staff decide. */
export async function requestAffiliate(deps: Deps, actor: Actor, customerId: string, body: AffiliateRequestBody): Promise<AffiliateLink> {
  const affiliate = await registeredCompany(deps, 'body.enterpriseNumber', body.enterpriseNumber);
  if (affiliate.id === customerId) throw badRequest('body.enterpriseNumber', 'a company cannot be its own affiliate', 'affiliate_is_self');
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
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
      at: now, ...auditedBy(actor, customerId), action: 'affiliate.request', targetType: 'affiliate_link', targetId: linkId,
      after: { affiliateId: affiliate.id, basis: body.basis, status: 'pending' },
    });
    return linkId;
  });
  return toAffiliate((await findAffiliate(deps.db, id))!);
}

/** Operator staff approve (a note may be given) or refuse (the reason is mandatory) an affiliate request. */
export async function decideAffiliateRequest(deps: Deps, actor: Actor, id: string, decision: 'approve' | 'refuse', reason: string | undefined) {
  const why = decision === 'refuse' ? requiredReason(reason, 'give the reason of the refusal') : optionalText(reason);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const link = await lockAffiliate(trx, id);
    if (!link) throw notFound('affiliate request');
    if (link.status !== 'pending') throw conflict('affiliate_request_decided', `This request is already ${link.status}.`);
    const to = decision === 'approve' ? 'active' : 'refused';
    await decideAffiliate(trx, id, to, actor.principal.userId, now, why ?? null);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, link.customer_id), action: `affiliate.${decision}`, targetType: 'affiliate_link', targetId: id,
      before: { status: 'pending' }, after: { status: to, affiliateId: link.affiliate_id, ...(why ? { reason: why } : {}) },
    });
    const [customer, affiliate] = await Promise.all([findCustomer(trx, link.customer_id), findCustomer(trx, link.affiliate_id)]);
    await mailAll(trx, await accessOwnersOf(trx, [link.customer_id], brusselsDate(now)), decision === 'approve' ? AFFILIATE_MAILS.approved : AFFILIATE_MAILS.refused,
      { customer: customer!.name, affiliate: affiliate!.name, reason: why ?? '' }, now);
  });
  return toAffiliate((await findAffiliate(deps.db, id))!);
}

// ---- Delegations (DLG-2..4) ---------------------------------------------------------------------

/** The delegations the customer gives (outgoing) and receives (incoming), as far as the actor may read them. */
export async function listCustomerDelegations(deps: Deps, actor: Actor, customerId: string, query: DelegationListQuery) {
  const { limit = 50, direction, status } = query;
  const rows = await listDelegations(deps.db, actor.principal.ability, customerId, {
    direction, status, after: decodeCursor(DELEGATION_KEYSET, query.cursor), limit,
  });
  return delegationPage(rows, limit, customerId);
}

/** One delegation given or received by the customer; 404 when out of the actor's scope. */
export async function getDelegation(deps: Deps, actor: Actor, customerId: string, id: string): Promise<Delegation> {
  const row = await findDelegation(deps.db, actor.principal.ability, 'read', id, { customerId, as: 'either' });
  if (!row) throw notFound('delegation');
  return toDelegation(row, customerId);
}

/** The customer's billing accounts and cost centres the actor may name in a delegation's scope. */
export const scopeOptions = (deps: Deps, actor: Actor, customerId: string) => delegationScopeOptions(deps.db, actor.principal.ability, customerId);

/** Only an AO proposes (the route's ability check); everything is validated before anything is written. */
export async function proposeDelegation(deps: Deps, actor: Actor, customerId: string, body: DelegationProposeBody): Promise<Delegation> {
  const partner = await registeredCompany(deps, 'body.partnerEnterpriseNumber', body.partnerEnterpriseNumber);
  if (partner.id === customerId) throw badRequest('body.partnerEnterpriseNumber', 'a customer cannot delegate to itself', 'delegation_to_self');

  const apps = await subscribedApps(deps.db, customerId);
  const seen = new Set<string>();
  body.rights.forEach((right, i) => {
    if (seen.has(right.app)) throw badRequest(`body.rights.${i}.app`, 'names an app twice', 'duplicate_app');
    seen.add(right.app);
    if (!apps.includes(right.app)) throw badRequest(`body.rights.${i}.app`, 'the customer does not subscribe to this app', 'app_not_subscribed');
    const allowed = APP_ACTIONS[right.app as App];
    const bad = right.actions.find((a) => !(allowed as readonly string[]).includes(a));
    if (bad) throw badRequest(`body.rights.${i}.actions`, `"${bad}" is not an action of this app (${allowed.join(', ')})`, 'action_not_in_app');
  });

  const billingAccountIds = body.billingAccountIds ?? [];
  const costCentreIds = body.costCentreIds ?? [];
  if ((await foreignScopeIds(deps.db, customerId, 'billing_accounts', billingAccountIds)).length > 0) throw badRequest('body.billingAccountIds', 'names a billing account that is not this customer’s', 'scope_outside_customer');
  if ((await foreignScopeIds(deps.db, customerId, 'cost_centres', costCentreIds)).length > 0) throw badRequest('body.costCentreIds', 'names a cost centre that is not this customer’s', 'scope_outside_customer');

  const now = deps.clock.now();
  const today = brusselsDate(now);
  if (!isIsoDate(body.endDate)) throw badRequest('body.endDate', 'is not a calendar date', 'validation_failed');
  if (body.endDate <= today) throw badRequest('body.endDate', 'must be in the future', 'end_date_not_in_future');
  const [ty, tmd] = [Number(today.slice(0, 4)), today.slice(4)];
  if (body.endDate > `${ty + 2}${tmd}`) throw badRequest('body.endDate', 'can be at most two years ahead', 'end_date_too_far');
  const endsAt = brusselsEndOfDay(body.endDate);

  const rights = body.rights.map((r) => ({ app: r.app, actions: [...r.actions].sort() }));
  const id = await deps.db.transaction().execute(async (trx) => {
    const delegationId = await insertDelegation(trx, {
      customerId, partnerId: partner.id, rights, billingAccountIds, costCentreIds, startsAt: now, endsAt, proposedBy: actor.principal.userId, now,
    });
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), delegationId, action: 'delegation.propose', targetType: 'delegation', targetId: delegationId,
      after: { partnerId: partner.id, rights, billingAccountIds, costCentreIds, endDate: body.endDate, status: 'pending_operator' },
    });
    const customer = await findCustomer(trx, customerId);
    await mailAll(trx, await operatorStaff(trx), DELEGATION_MAILS.proposedToOperator, { customer: customer!.name, partner: partner.name, endDate: body.endDate }, now);
    return delegationId;
  });
  return toDelegation((await delegationById(deps.db, id))!, customerId);
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
  reason?: string | undefined;
  mails: Array<{ to: 'customer' | 'partner'; message: MailMessage }>;
}

/**
 * One state change of a delegation (DLG-3): found through the ability on the right side of the
 * route's customer (else 404), locked, checked against its current state (else 409), audited
 * and mailed in one transaction. The access core reads the new state on the very next request.
 */
async function transition(deps: Deps, actor: Actor, id: string, routeCustomerId: string | null, spec: TransitionSpec): Promise<Delegation> {
  const found = spec.side === 'operator'
    ? await delegationById(deps.db, id)
    : await findDelegation(deps.db, actor.principal.ability, spec.action, id, { customerId: routeCustomerId!, as: spec.side });
  if (!found) throw notFound('delegation');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
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
      ...(decision ? { decidedBy: actor.principal.userId, decidedAt: now } : {}),
      ...(spec.reason !== undefined ? { reason: spec.reason } : {}),
    });
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, row.customer_id), delegationId: id, action: spec.auditAction, targetType: 'delegation', targetId: id,
      before: { status: row.status },
      after: { status: spec.to, ...(spec.reason ? { reason: spec.reason } : {}), ...(spec.side === 'partner' ? { actingFor: row.partner_id } : {}) },
    });
    const params = { customer: found.customerName, partner: found.partnerName, endDate: lastDay(found.endsAt), reason: spec.reason ?? '' };
    for (const mail of spec.mails) {
      const recipients = await accessOwnersOf(trx, [mail.to === 'customer' ? row.customer_id : row.partner_id], brusselsDate(now));
      await mailAll(trx, recipients, mail.message, params, now);
    }
  });
  return toDelegation((await delegationById(deps.db, id))!, routeCustomerId);
}

const OPEN: readonly DelegationStatus[] = ['pending_operator', 'pending_partner', 'active'];

export const delegationTransitions = {
  /** The delegating customer's AO revokes it (DLG-3), whatever its open state. */
  revoke: (deps: Deps, actor: Actor, customerId: string, id: string) => transition(deps, actor, id, customerId, {
    side: 'customer', action: 'delete', from: OPEN, to: 'revoked', auditAction: 'delegation.revoke',
    mails: [{ to: 'partner', message: DELEGATION_MAILS.revoked }],
  }),
  /** The partner's AO accepts after the operator's review. */
  accept: (deps: Deps, actor: Actor, customerId: string, id: string) => transition(deps, actor, id, customerId, {
    side: 'partner', action: 'review', from: ['pending_partner'], to: 'active', auditAction: 'delegation.accept',
    mails: [{ to: 'customer', message: DELEGATION_MAILS.accepted }],
  }),
  /** The partner's AO declines while it is pending. */
  decline: (deps: Deps, actor: Actor, customerId: string, id: string, reason?: string) => transition(deps, actor, id, customerId, {
    side: 'partner', action: 'review', from: ['pending_operator', 'pending_partner'], to: 'declined', auditAction: 'delegation.decline',
    reason: optionalText(reason), mails: [{ to: 'customer', message: DELEGATION_MAILS.declined }],
  }),
  /** The partner's AO ends an active delegation. */
  end: (deps: Deps, actor: Actor, customerId: string, id: string, reason?: string) => transition(deps, actor, id, customerId, {
    side: 'partner', action: 'review', from: ['active'], to: 'ended', auditAction: 'delegation.end',
    reason: optionalText(reason), mails: [{ to: 'customer', message: DELEGATION_MAILS.ended }],
  }),
  /** Operator review (DLG-2 "after prior notice to the operator"): on to the partner's acceptance; a note may be given. */
  approve: (deps: Deps, actor: Actor, id: string, reason?: string) => transition(deps, actor, id, null, {
    side: 'operator', action: 'review', from: ['pending_operator'], to: 'pending_partner', auditAction: 'delegation.approve',
    reason: optionalText(reason),
    mails: [{ to: 'customer', message: DELEGATION_MAILS.approvedToCustomer }, { to: 'partner', message: DELEGATION_MAILS.approvedToPartner }],
  }),
  /** The operator may refuse at any moment, also after it started (DLG-2); the reason is mandatory. */
  refuse: (deps: Deps, actor: Actor, id: string, reason: string | undefined) => {
    const why = requiredReason(reason, 'give the reason of the refusal');
    return transition(deps, actor, id, null, {
      side: 'operator', action: 'review', from: OPEN, to: 'refused', auditAction: 'delegation.refuse', reason: why,
      mails: [{ to: 'customer', message: DELEGATION_MAILS.refused }, { to: 'partner', message: DELEGATION_MAILS.refused }],
    });
  },
};

/** DLG-4: the partner's AO or AM chooses which of its own (active) users exercise the delegation. */
export async function setDelegationUsers(deps: Deps, actor: Actor, partnerId: string, id: string, userIds: string[]): Promise<Delegation> {
  const found = await findDelegation(deps.db, actor.principal.ability, 'update', id, { customerId: partnerId, as: 'partner' });
  if (!found) throw notFound('delegation');
  const now = deps.clock.now();
  const members = new Set(await activePartnerMembers(deps.db, partnerId, userIds, brusselsDate(now)));
  const strangers = userIds.filter((u) => !members.has(u));
  if (strangers.length > 0) {
    throw badRequest('body.userIds', `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not an active user of ${found.partnerName}`, 'not_partner_member');
  }
  const sorted = [...userIds].sort();
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockDelegation(trx, id);
    if (!row) throw notFound('delegation');
    if (row.status !== 'pending_partner' && row.status !== 'active') {
      throw conflict('delegation_invalid_state', `The delegation is ${row.status}; its users can no longer change.`);
    }
    const before = await delegationUserIds(trx, id);
    await replaceDelegationUsers(trx, { id, customerId: row.customer_id }, sorted, actor.principal.userId, now);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, row.customer_id), delegationId: id, action: 'delegation.users', targetType: 'delegation', targetId: id,
      before: { userIds: before }, after: { userIds: sorted, actingFor: partnerId },
    });
  });
  return toDelegation((await delegationById(deps.db, id))!, partnerId);
}

// ---- Scheduled: expiry and renewal reminders (DLG-3) --------------------------------------------

const DAY = 86_400_000;

/**
 * Renewal reminders (DLG-2): to the AOs of both companies, 30 and 7 days before a delegation
 * ends. Idempotent: each reminder is recorded (delegation_reminders) in the same transaction as
 * its mails, and a second run (or a second process) sends nothing again. A delegation already
 * within 7 days gets only the 7-day reminder. Returns the reminders sent.
 */
export async function sendDelegationReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  let sent = 0;
  for (const [kind, within, message] of [['7d', 7 * DAY, DELEGATION_MAILS.reminder7], ['30d', 30 * DAY, DELEGATION_MAILS.reminder30]] as const) {
    for (const d of await delegationsDueForReminder(deps.db, now, within, kind)) {
      await deps.db.transaction().execute(async (trx) => {
        const endsAt = new Date(d.endsAt);
        // Within 7 days the 30-day reminder is moot: record it as done without a mail.
        if (kind === '7d') await recordReminder(trx, { customerId: d.customerId, delegationId: d.id, kind: '30d', endsAt, now, mailed: false });
        if (!(await recordReminder(trx, { customerId: d.customerId, delegationId: d.id, kind, endsAt, now, mailed: true }))) return;
        const params = { customer: d.customerName, partner: d.partnerName, endDate: lastDay(endsAt) };
        for (const r of await accessOwnersOf(trx, [d.customerId, d.partnerId], today)) {
          await enqueueMail(trx, { to: r.email, language: r.language, message, params, customerId: r.customerId }, now);
        }
        sent++;
      });
    }
  }
  return sent;
}

/**
 * DLG-3: an open delegation whose end passed becomes `expired` (the access core already refuses it
 * by time; this records the state, audits it and tells both AOs). Returns how many expired.
 */
export async function expireDelegations(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  let expired = 0;
  for (const d of await delegationsToExpire(deps.db, now)) {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await markExpired(trx, d.id, now))) return;
      await appendAudit(trx, {
        at: now, actorUserId: null, customerId: d.customerId, delegationId: d.id, action: 'delegation.expire', targetType: 'delegation', targetId: d.id,
        before: { status: d.status }, after: { status: 'expired' },
      });
      const params = { customer: d.customerName, partner: d.partnerName, endDate: lastDay(d.endsAt) };
      for (const r of await accessOwnersOf(trx, [d.customerId, d.partnerId], today)) {
        await enqueueMail(trx, { to: r.email, language: r.language, message: DELEGATION_MAILS.expired, params, customerId: r.customerId }, now);
      }
      expired++;
    });
  }
  return expired;
}

/** The delegation jobs of one scheduled run: expiry first, then the reminders of what is still open. */
export async function runDelegationJobs(deps: Deps): Promise<void> {
  await expireDelegations(deps);
  await sendDelegationReminders(deps);
}
