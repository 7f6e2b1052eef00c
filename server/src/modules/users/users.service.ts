import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '@mandate/db/database.types';
import { canGrant, type GrantRefusal } from '@mandate/authz/can-grant';
import { brusselsDate } from '@mandate/domain/dates';
import { PROFILES, type Language, type Profile } from '@mandate/domain/profiles';
import type { CreateUserBody, CreateUserResponse, UpdateUserBody, UserDetail, UserSim } from '@mandate/contracts/users';
import { delegationFor } from '../../lib/delegation-for.ts';
import { HttpProblem, badRequest, forbidden, notFound } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import type { Principal } from '../../types.ts';
import {
  activeAccessOwners, activeDeputy, clearMark, customerName, deleteMembership, findAccessibleUser, findPortalUserByEmail,
  findUpdatableSims, findUpdatableSimsOfUser, findUserRow, insertMembership, insertPortalUser, listUserSims, lockAccessOwners,
  setSimEndUser, unlinkAllSimsOfUser, updateMembership, updatePortalUser, type UserRow,
} from './users.repo.ts';
import { closeOpenInvitations, insertInvitation } from './invitations.repo.ts';
import { INVITATION_MAIL, ACCESS_GRANTED_MAIL } from './users.mails.ts';

/** An invitation link is valid this long, and once. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

/** Who acts, from where: every change is audited with it (SEC-3). */
export interface Actor {
  principal: Principal;
  ip: string;
  /** The portal's origin, for links in mails (e.g. https://portal.example). */
  origin: string;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const REFUSALS: Record<GrantRefusal, string> = {
  no_standing: 'You do not administer users of this customer.',
  only_access_owner: 'Only an Access Owner may give or change the Access Owner profile (ROLE-2).',
  administrators_only: 'Only an Access Owner or Access Manager may do this (ROLE-3).',
  no_rights_on_profile: 'This profile carries no app rights.',
  app_not_subscribed: 'The customer has no such app.',
  action_not_in_app: 'The app does not carry that action.',
  service_user_self_service_only: 'A Service User only gets self-service rights on his own line.',
  beyond_own_scope: 'You cannot grant more than you hold.',
};

/** ROLE-2/3/6 through canGrant only: the actor may give `profile`, or act on a user who holds it. */
function requireGrantable(actor: Actor, customerId: string, profile: Profile): void {
  const decision = canGrant(actor.principal.context, { customerId, granteeProfile: profile });
  if (!decision.ok) throw forbidden(REFUSALS[decision.reason]);
}

const lastAccessOwner = () =>
  new HttpProblem(409, 'last_access_owner', 'Conflict', 'A customer with Access Owners always keeps at least one active Access Owner (ROLE-2). Name another Access Owner first.');

function toDetail(row: NonNullable<UserRow>): UserDetail {
  return {
    id: row.id, membershipId: row.membershipId, email: row.email, firstName: row.firstName, lastName: row.lastName,
    profile: row.profile, subProfiles: row.subProfiles, isPrimary: row.isPrimary, isDeputy: row.isDeputy, status: row.status,
    employmentBasis: row.employmentBasis, employmentEnd: row.employmentEnd, language: row.language as Language,
    accountStatus: row.accountStatus as UserDetail['accountStatus'], createdAt: new Date(row.createdAt).toISOString(),
  };
}

const snapshot = (row: NonNullable<UserRow>): JsonValue => {
  const { createdAt: _createdAt, ...rest } = toDetail(row);
  return rest as unknown as JsonValue;
};

function audit(trx: Kysely<DB>, app: FastifyInstance, actor: Actor, customerId: string, action: string, targetId: string, before?: JsonValue, after?: JsonValue) {
  return appendAudit(trx, {
    at: app.clock.now(), actorUserId: actor.principal.userId, customerId, delegationId: delegationFor(actor.principal, customerId),
    action, targetType: 'User', targetId, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}), ip: actor.ip,
  });
}

/** ROLE-7: an employment end date may not lie in the past (Brussels business date). */
function checkEmploymentEnd(app: FastifyInstance, end: string | null | undefined): void {
  if (end && end < brusselsDate(app.clock.now())) {
    throw badRequest('body.employmentEnd', 'The employment end date may not be in the past.', 'date_in_past');
  }
}

/** ROLE-1: sub-profiles belong to Support Portal Users only. */
function checkSubProfiles(profile: string, subProfiles: string[]): void {
  if (profile !== 'support_portal_user' && subProfiles.length > 0) {
    throw badRequest('body.subProfiles', 'Only a Support Portal User has sub-profiles.', 'sub_profiles_not_allowed');
  }
}

/**
 * After any change to a customer's AOs (ROLE-2): the customer keeps one primary AO, and keeps at
 * least one active AO if it had one. When the primary AO is gone (removed, suspended, demoted, or
 * his employment ended), his deputy takes over as primary AO, without a help-desk call; without a
 * deputy, the longest-standing other active AO becomes primary. Runs under lockAccessOwners.
 */
async function settlePrimary(trx: Kysely<DB>, app: FastifyInstance, actor: Actor | null, customerId: string, hadAccessOwners: boolean): Promise<void> {
  const today = brusselsDate(app.clock.now());
  let owners = await activeAccessOwners(trx, customerId, today);
  if (owners.length > 0 && owners[0]!.isPrimary) return;
  const deputy = await activeDeputy(trx, customerId, today);
  if (deputy) {
    await clearMark(trx, customerId, 'is_primary');
    await clearMark(trx, customerId, 'is_deputy');
    await updateMembership(trx, customerId, deputy.userId, { profile: 'access_owner', sub_profiles: [], is_primary: true, is_deputy: false });
    await appendAudit(trx, {
      at: app.clock.now(), actorUserId: actor?.principal.userId ?? null, customerId, action: 'user.deputy_takeover', targetType: 'User',
      targetId: deputy.userId, before: { profile: deputy.profile, isDeputy: true }, after: { profile: 'access_owner', isPrimary: true, isDeputy: false },
      ip: actor?.ip ?? null,
    });
    owners = await activeAccessOwners(trx, customerId, today);
  } else if (owners.length > 0) {
    const next = owners[0]!;
    await clearMark(trx, customerId, 'is_primary');
    await updateMembership(trx, customerId, next.userId, { is_primary: true, is_deputy: false });
    await appendAudit(trx, {
      at: app.clock.now(), actorUserId: actor?.principal.userId ?? null, customerId, action: 'user.primary_takeover', targetType: 'User',
      targetId: next.userId, before: { isPrimary: false }, after: { isPrimary: true }, ip: actor?.ip ?? null,
    });
  }
  if (hadAccessOwners && owners.length === 0) throw lastAccessOwner();
}

/** Within a transaction: lock the customer's AOs and tell whether it has an active one now. */
export async function beginAccessOwnerChange(trx: Kysely<DB>, app: FastifyInstance, customerId: string): Promise<boolean> {
  await lockAccessOwners(trx, customerId);
  return (await activeAccessOwners(trx, customerId, brusselsDate(app.clock.now()))).length > 0;
}

/** The target as the actor may change him (404 out of scope), re-read and locked inside the transaction. */
async function lockTarget(trx: Kysely<DB>, actor: Actor, action: 'update' | 'delete', customerId: string, userId: string) {
  const visible = await findAccessibleUser(trx, actor.principal.ability, action, customerId, userId);
  if (!visible) throw notFound('user');
  const row = await findUserRow(trx, customerId, userId, { forUpdate: true });
  if (!row) throw notFound('user');
  requireGrantable(actor, customerId, row.profile as Profile);
  return row;
}

// ---------------------------------------------------------------------------------------------

export async function getUser(app: FastifyInstance, principal: Principal, customerId: string, userId: string): Promise<UserDetail> {
  const row = await findAccessibleUser(app.db, principal.ability, 'read', customerId, userId);
  if (!row) throw notFound('user');
  return toDetail(row);
}

/** The profiles the actor may give at this customer (canGrant), for the add/edit forms. */
export function grantableProfiles(principal: Principal, customerId: string): Profile[] {
  return PROFILES.filter((profile) => canGrant(principal.context, { customerId, granteeProfile: profile }).ok);
}

function newToken() {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/**
 * Adds a user (ROLE-7): an unknown e-mail gets a portal account (status `invited`, no password),
 * the membership and a single-use invitation link valid INVITATION_TTL_MS; an existing portal user
 * gets the membership and a mail that he has access. All in one transaction with the mail.
 */
export async function createUser(app: FastifyInstance, actor: Actor, customerId: string, body: CreateUserBody): Promise<CreateUserResponse> {
  requireGrantable(actor, customerId, body.profile);
  const subProfiles = body.subProfiles ?? [];
  checkSubProfiles(body.profile, subProfiles);
  checkEmploymentEnd(app, body.employmentEnd);
  const email = body.email.trim().toLowerCase();
  const now = app.clock.now();

  return app.db.transaction().execute(async (trx) => {
    if (body.profile === 'access_owner') await lockAccessOwners(trx, customerId);
    const { name: customer } = await customerName(trx, customerId);
    const existing = await findPortalUserByEmail(trx, email);
    if (existing && (await findUserRow(trx, customerId, existing.id))) {
      throw new HttpProblem(409, 'already_member', 'Conflict', 'This person is already a user of this customer.', [{ field: 'body.email', message: 'is already a user of this customer' }]);
    }
    let userId: string;
    if (existing) {
      userId = existing.id;
    } else {
      try {
        userId = await insertPortalUser(trx, { email, firstName: body.firstName.trim(), lastName: body.lastName.trim(), language: body.language, createdAt: now });
      } catch (error) {
        // The users e-mail check (lower case, a@b): the schema's format is looser than the table's.
        if (String((error as { code?: unknown }).code) === '23514') throw badRequest('body.email', 'is not a valid e-mail address');
        throw error;
      }
    }
    await insertMembership(trx, {
      customerId, userId, profile: body.profile, subProfiles, employmentBasis: body.employmentBasis, employmentEnd: body.employmentEnd ?? null, createdAt: now,
    });
    if (body.profile === 'access_owner') await settlePrimary(trx, app, actor, customerId, true);

    const invite = !existing || existing.passwordHash === null;
    const language = (existing?.language ?? body.language) as Language;
    const firstName = existing?.firstName || body.firstName.trim();
    const inviter = await findUserRow(trx, customerId, actor.principal.userId);
    const inviterName = inviter ? `${inviter.firstName} ${inviter.lastName}`.trim() : customer;
    if (invite) {
      const { token, tokenHash } = newToken();
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
      await insertInvitation(trx, { customerId, userId, tokenHash, invitedBy: actor.principal.userId, createdAt: now, expiresAt });
      await enqueueMail(trx, {
        to: email, language, customerId, message: INVITATION_MAIL,
        params: { firstName, customer, inviter: inviterName, link: `${actor.origin}/invitation/${token}`, expires: brusselsDate(expiresAt) },
      }, now);
    } else {
      await enqueueMail(trx, {
        to: email, language, customerId, message: ACCESS_GRANTED_MAIL,
        params: { firstName, customer, inviter: inviterName, link: `${actor.origin}/customers/${customerId}` },
      }, now);
    }
    const created = await findUserRow(trx, customerId, userId);
    if (!created) throw notFound('user');
    await audit(trx, app, actor, customerId, invite ? 'user.invite' : 'user.add_membership', userId, null, snapshot(created));
    return { user: toDetail(created), invited: invite };
  });
}

/** Edits names, language, profile, sub-profiles and employment (ROLE-2/3/6/7); the last AO cannot be demoted. */
export async function updateUser(app: FastifyInstance, actor: Actor, customerId: string, userId: string, body: UpdateUserBody): Promise<UserDetail> {
  checkEmploymentEnd(app, body.employmentEnd);
  if (body.profile) requireGrantable(actor, customerId, body.profile);
  return app.db.transaction().execute(async (trx) => {
    const hadAccessOwners = await beginAccessOwnerChange(trx, app, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    const profile = body.profile ?? before.profile;
    const profileChanged = profile !== before.profile;
    const subProfiles = body.subProfiles ?? (profile === 'support_portal_user' ? before.subProfiles : []);
    checkSubProfiles(profile, subProfiles);

    await updatePortalUser(trx, userId, {
      ...(body.firstName !== undefined ? { first_name: body.firstName.trim() } : {}),
      ...(body.lastName !== undefined ? { last_name: body.lastName.trim() } : {}),
      ...(body.language !== undefined ? { language: body.language } : {}),
    });
    await updateMembership(trx, customerId, userId, {
      ...(profileChanged ? { profile } : {}),
      ...(profileChanged && before.isPrimary && profile !== 'access_owner' ? { is_primary: false } : {}),
      ...(profileChanged && before.isDeputy && profile !== 'access_owner' && profile !== 'access_manager' ? { is_deputy: false } : {}),
      ...(body.subProfiles !== undefined || profileChanged ? { sub_profiles: subProfiles } : {}),
      ...(body.employmentBasis !== undefined ? { employment_basis: body.employmentBasis } : {}),
      ...(body.employmentEnd !== undefined ? { employment_end: body.employmentEnd } : {}),
    });
    if (profileChanged || body.employmentEnd !== undefined) await settlePrimary(trx, app, actor, customerId, hadAccessOwners);
    const after = await findUserRow(trx, customerId, userId);
    await audit(trx, app, actor, customerId, 'user.update', userId, snapshot(before), snapshot(after!));
    return toDetail(after!);
  });
}

/** Suspends or reactivates the membership (takes effect on the user's next request); the last AO cannot be suspended. */
export async function setUserStatus(app: FastifyInstance, actor: Actor, customerId: string, userId: string, status: 'active' | 'suspended'): Promise<UserDetail> {
  return app.db.transaction().execute(async (trx) => {
    const hadAccessOwners = await beginAccessOwnerChange(trx, app, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    if (before.status === status) return toDetail(before);
    await updateMembership(trx, customerId, userId, {
      status,
      // A suspended user is neither the AO nor his deputy; he comes back as a plain AO or AM.
      ...(status === 'suspended' ? { is_primary: false, is_deputy: false } : {}),
    });
    await settlePrimary(trx, app, actor, customerId, hadAccessOwners);
    const after = await findUserRow(trx, customerId, userId);
    await audit(trx, app, actor, customerId, status === 'suspended' ? 'user.suspend' : 'user.reactivate', userId, snapshot(before), snapshot(after!));
    return toDetail(after!);
  });
}

/**
 * Removes the user's membership (his grants go with it; the SIMs he used are unlinked; his open
 * invitation links stop working). Takes effect on his next request. The last AO cannot be removed;
 * when the primary AO is removed his deputy takes over (settlePrimary).
 */
export async function removeUser(app: FastifyInstance, actor: Actor, customerId: string, userId: string): Promise<void> {
  await app.db.transaction().execute(async (trx) => {
    const hadAccessOwners = await beginAccessOwnerChange(trx, app, customerId);
    const before = await lockTarget(trx, actor, 'delete', customerId, userId);
    await removeLockedMembership(trx, app, actor, customerId, before, hadAccessOwners);
  });
}

/**
 * removeUser's effect inside the caller's transaction, for callers that began the AO change
 * (beginAccessOwnerChange) and checked the target themselves. Issue 3 (access reviews) uses it for a
 * reviewer's removal and for the closing job (actor null: the system). The last AO still cannot
 * go (settlePrimary throws 409), and the deputy takes over from a removed primary AO.
 */
export async function removeLockedMembership(
  trx: Kysely<DB>, app: FastifyInstance, actor: Actor | null, customerId: string, before: NonNullable<UserRow>, hadAccessOwners: boolean,
  context: Record<string, JsonValue> = {},
): Promise<void> {
  const userId = before.id;
  const unlinked = await unlinkAllSimsOfUser(trx, customerId, userId);
  await closeOpenInvitations(trx, customerId, userId, app.clock.now());
  await deleteMembership(trx, customerId, userId);
  await settlePrimary(trx, app, actor, customerId, hadAccessOwners);
  const beforeJson = { ...(snapshot(before) as object), simIds: unlinked.map((s) => s.id), ...context };
  if (actor) await audit(trx, app, actor, customerId, 'user.remove', userId, beforeJson, null);
  else await appendAudit(trx, { at: app.clock.now(), actorUserId: null, customerId, action: 'user.remove', targetType: 'User', targetId: userId, before: beforeJson, after: null });
}

function requireActiveMembership(app: FastifyInstance, row: NonNullable<UserRow>, profiles: string[], code: string, detail: string) {
  const ended = row.employmentEnd !== null && row.employmentEnd < brusselsDate(app.clock.now());
  if (!profiles.includes(row.profile) || row.status !== 'active' || ended || row.accountStatus !== 'active') {
    throw new HttpProblem(409, code, 'Conflict', detail);
  }
}

/** ROLE-2: the AO hands the primary AO role to another active AO. */
export async function makePrimary(app: FastifyInstance, actor: Actor, customerId: string, userId: string): Promise<UserDetail> {
  requireGrantable(actor, customerId, 'access_owner');
  return app.db.transaction().execute(async (trx) => {
    await lockAccessOwners(trx, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    if (before.isPrimary) return toDetail(before);
    requireActiveMembership(app, before, ['access_owner'], 'not_active_access_owner', 'Only an active Access Owner can become the primary Access Owner. Give him the Access Owner profile first.');
    await clearMark(trx, customerId, 'is_primary');
    await updateMembership(trx, customerId, userId, { is_primary: true, is_deputy: false });
    const after = await findUserRow(trx, customerId, userId);
    await audit(trx, app, actor, customerId, 'user.make_primary', userId, snapshot(before), snapshot(after!));
    return toDetail(after!);
  });
}

/** ROLE-2: the AO names a deputy (an active AO or AM, not the primary) who takes over when the primary AO leaves. */
export async function makeDeputy(app: FastifyInstance, actor: Actor, customerId: string, userId: string): Promise<UserDetail> {
  requireGrantable(actor, customerId, 'access_owner');
  return app.db.transaction().execute(async (trx) => {
    await lockAccessOwners(trx, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    if (before.isDeputy) return toDetail(before);
    if (before.isPrimary) throw new HttpProblem(409, 'deputy_not_eligible', 'Conflict', 'The primary Access Owner cannot be his own deputy.');
    requireActiveMembership(app, before, ['access_owner', 'access_manager'], 'deputy_not_eligible', 'Only an active Access Owner or Access Manager can be the deputy.');
    await clearMark(trx, customerId, 'is_deputy');
    await updateMembership(trx, customerId, userId, { is_deputy: true });
    const after = await findUserRow(trx, customerId, userId);
    await audit(trx, app, actor, customerId, 'user.make_deputy', userId, snapshot(before), snapshot(after!));
    return toDetail(after!);
  });
}

/**
 * For a scheduled job: customers whose primary AO's membership no longer gives access (his
 * employment ended, ROLE-7) get their deputy (or another AO) as primary AO. Idempotent.
 */
export async function runPrimaryTakeovers(app: FastifyInstance): Promise<number> {
  const today = brusselsDate(app.clock.now());
  const stale = await app.db
    .selectFrom('memberships')
    .where('is_primary', '=', true)
    .where((eb) => eb.or([eb('status', '<>', 'active'), eb.and([eb('employment_end', 'is not', null), eb('employment_end', '<', today)])]))
    .select('customer_id as customerId')
    .execute();
  let settled = 0;
  for (const { customerId } of stale) {
    await app.db.transaction().execute(async (trx) => {
      await lockAccessOwners(trx, customerId);
      // Nothing to protect here: the AO already lost access by his end date; only the primary moves.
      const owners = await activeAccessOwners(trx, customerId, today);
      if (owners[0]?.isPrimary) return;
      await clearMark(trx, customerId, 'is_primary');
      await settlePrimary(trx, app, null, customerId, false);
      settled++;
    });
  }
  return settled;
}

// ---------------------------------------------------------------------------------------------
// Service Users and the SIMs they use.

async function requireMember(db: Kysely<DB>, customerId: string, userId: string) {
  const row = await findUserRow(db, customerId, userId);
  if (!row) throw notFound('user');
  return row;
}

export async function getUserSims(app: FastifyInstance, principal: Principal, customerId: string, userId: string): Promise<UserSim[]> {
  await requireMember(app.db, customerId, userId);
  return listUserSims(app.db, principal.ability, customerId, userId);
}

/**
 * Sets the SIMs the user uses (sims.end_user_id) among those the actor may update (AO, or a fleet
 * manager on his scope): the listed ones are linked to him, his other updatable ones unlinked.
 * SIMs the actor cannot see stay as they are. A SIM that is not the customer's (or not in the
 * actor's scope) → 400 naming it.
 */
export async function setUserSims(app: FastifyInstance, actor: Actor, customerId: string, userId: string, simIds: string[]): Promise<UserSim[]> {
  return app.db.transaction().execute(async (trx) => {
    await requireMember(trx, customerId, userId);
    const wanted = await findUpdatableSims(trx, actor.principal.ability, customerId, simIds);
    const found = new Set(wanted.map((s) => s.id));
    const missing = simIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw badRequest(`body.simIds.${missing}`, 'is not a SIM of this customer that you may change', 'unknown_sim');
    const current = await findUpdatableSimsOfUser(trx, actor.principal.ability, customerId, userId);
    const toUnlink = current.filter((s) => !simIds.includes(s.id)).map((s) => s.id);
    const toLink = wanted.filter((s) => s.endUserId !== userId).map((s) => s.id);
    await setSimEndUser(trx, customerId, toUnlink, null);
    await setSimEndUser(trx, customerId, toLink, userId);
    if (toLink.length > 0 || toUnlink.length > 0) {
      await audit(trx, app, actor, customerId, 'user.set_sims', userId,
        { simIds: current.map((s) => s.id), previousEndUsers: Object.fromEntries(wanted.filter((s) => s.endUserId !== userId).map((s) => [s.id, s.endUserId])) },
        { simIds: [...simIds].sort(), linked: toLink, unlinked: toUnlink });
    }
    return listUserSims(trx, actor.principal.ability, customerId, userId);
  });
}
