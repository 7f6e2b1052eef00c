import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, JsonValue } from '@mandate/db/database.types';
import { canGrant } from '@mandate/authz/can-grant';
import type { GrantRight } from '@mandate/authz/access-context';
import { GRANT_PRESETS } from '@mandate/authz/grant-presets';
import { ACCESS_OWNER, hasSubProfiles, mayBeDeputy, mayBePrimary } from '@mandate/authz/profile-access';
import { brusselsDate } from '@mandate/domain/dates';
import { PROFILES, SUB_PROFILES, type Language, type Profile } from '@mandate/domain/profiles';
import type {
  CreateUserBody, CreateUserResponse, GrantableProfilesResponse, InitialRight, UpdateUserBody, UserDetail, UserListQuery, UserListResponse, UserSim,
} from '@mandate/contracts/users';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, forQuery, keyset, toPage, type Keyset } from '../../lib/paging.ts';
import { HttpProblem, badRequest, notFound, conflict } from '../../lib/problem.ts';
import { REFUSALS, refused } from '../../lib/refusals.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { upsertGrant } from '../grants/grants.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import type { Principal } from '../../types.ts';
import {
  activateInvitedMembership, activeAccessOwners, activeDeputy, clearMark, customerName, customersWithStalePrimary, deleteMembership,
  findAccessibleUser, findPortalUserByEmail, findUpdatableSims, findUpdatableSimsOfUser, findUserRow, insertMembership, insertPortalUser,
  listUserSims, listUsers, lockAccessOwners, recordEndUserChanges, setSimEndUser, unlinkAllSimsOfUser, updateInvitedAs, updateMembership, updatePortalUser,
  type UserListFilters, type UserRow, type UserSortField,
} from './users.repo.ts';
import { closeOpenInvitations, insertInvitation } from './invitations.repo.ts';
import { INVITATION_MAIL, MEMBERSHIP_INVITATION_MAIL } from './users.mails.ts';

/** An invitation link is valid this long, and once. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** ROLE-2/3/6 through canGrant only: the actor may give `profile`, or act on a user who holds it. */
function requireGrantable(actor: Actor, customerId: string, profile: Profile): void {
  const decision = canGrant(actor.principal.context, { customerId, granteeProfile: profile });
  if (!decision.ok) throw refused(decision.reason);
}

const lastAccessOwner = () =>
  conflict('last_access_owner', 'A customer with Access Owners always keeps at least one active Access Owner. Name another Access Owner first.');

function toDetail(row: NonNullable<UserRow>): UserDetail {
  return {
    id: row.id, membershipId: row.membershipId, email: row.email, firstName: row.firstName, lastName: row.lastName,
    profile: row.profile, subProfiles: row.subProfiles, isPrimary: row.isPrimary, isDeputy: row.isDeputy, status: row.status,
    employmentBasis: row.employmentBasis, employmentEnd: row.employmentEnd, language: row.language as Language,
    accountStatus: row.accountStatus as UserDetail['accountStatus'], createdAt: new Date(row.createdAt).toISOString(),
  };
}

const snapshot = (detail: UserDetail): JsonValue => {
  const { createdAt: _createdAt, ...rest } = detail;
  return rest as unknown as JsonValue;
};

/** Who changed a user, for the audit trail: an actor, or the system (a job) when null. */
const changedBy = (actor: Actor | null, customerId: string) =>
  actor ? auditedBy(actor, customerId) : { actorUserId: null, customerId, delegationId: null, ip: null };

function audit(trx: Kysely<DB>, deps: Deps, actor: Actor | null, customerId: string, action: string, targetId: string, before?: JsonValue, after?: JsonValue) {
  return appendAudit(trx, {
    at: deps.clock.now(), ...changedBy(actor, customerId), action, targetType: 'User', targetId,
    ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}),
  });
}

/** ROLE-7: an employment end date may not lie in the past (Brussels business date). */
function checkEmploymentEnd(deps: Deps, end: string | null | undefined): void {
  if (end && end < brusselsDate(deps.clock.now())) {
    throw badRequest('body.employmentEnd', 'The employment end date may not be in the past.', 'date_in_past');
  }
}

/** ROLE-1: sub-profiles belong to Support Portal Users only. */
function checkSubProfiles(profile: string, subProfiles: string[]): void {
  if (!hasSubProfiles(profile) && subProfiles.length > 0) {
    throw badRequest('body.subProfiles', 'Only a Support Portal User has sub-profiles.', 'sub_profiles_not_allowed');
  }
}

/**
 * After any change to a customer's AOs (ROLE-2): the customer keeps one primary AO, and keeps at
 * least one active AO if it had one. When the primary AO is gone (removed, suspended, demoted, or
 * his employment ended), his deputy takes over as primary AO, without a help-desk call; without a
 * deputy, the longest-standing other active AO becomes primary. Runs under lockAccessOwners.
 */
async function settlePrimary(trx: Kysely<DB>, deps: Deps, actor: Actor | null, customerId: string, hadAccessOwners: boolean): Promise<void> {
  const today = brusselsDate(deps.clock.now());
  let owners = await activeAccessOwners(trx, customerId, today);
  if (owners.length > 0 && owners[0]!.isPrimary) return;
  const deputy = await activeDeputy(trx, customerId, today);
  if (deputy) {
    await clearMark(trx, customerId, 'is_primary');
    await clearMark(trx, customerId, 'is_deputy');
    await updateMembership(trx, customerId, deputy.userId, { profile: ACCESS_OWNER, sub_profiles: [], is_primary: true, is_deputy: false });
    await appendAudit(trx, {
      at: deps.clock.now(), ...changedBy(actor, customerId), action: 'user.deputy_takeover', targetType: 'User',
      targetId: deputy.userId, before: { profile: deputy.profile, isDeputy: true }, after: { profile: ACCESS_OWNER, isPrimary: true, isDeputy: false },
    });
    owners = await activeAccessOwners(trx, customerId, today);
  } else if (owners.length > 0) {
    const next = owners[0]!;
    await clearMark(trx, customerId, 'is_primary');
    await updateMembership(trx, customerId, next.userId, { is_primary: true, is_deputy: false });
    await appendAudit(trx, {
      at: deps.clock.now(), ...changedBy(actor, customerId), action: 'user.primary_takeover', targetType: 'User',
      targetId: next.userId, before: { isPrimary: false }, after: { isPrimary: true },
    });
  }
  if (hadAccessOwners && owners.length === 0) throw lastAccessOwner();
}

/** Within a transaction: lock the customer's AOs and tell whether it has an active one now. */
export async function beginAccessOwnerChange(trx: Kysely<DB>, deps: Deps, customerId: string): Promise<boolean> {
  await lockAccessOwners(trx, customerId);
  return (await activeAccessOwners(trx, customerId, brusselsDate(deps.clock.now()))).length > 0;
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

/** One keyset per sort order: a cursor of one order is refused by another. */
const USER_PAGES: Record<UserSortField, Keyset<readonly ['text' | 'date', 'uuid']>> = {
  name: keyset('users:name', 'text', 'uuid'),
  email: keyset('users:email', 'text', 'uuid'),
  profile: keyset('users:profile', 'text', 'uuid'),
  employmentEnd: keyset('users:employmentEnd', 'date', 'uuid'),
};

/** The keyset of one query of the user list: its order and filters (a cursor of another query is a 400). */
const userPages = (query: UserListQuery) => forQuery(USER_PAGES[(query.sort ?? 'name:asc').split(':')[0] as UserSortField], query);

/** The list query as the repository takes it: the sort split in field and direction, the cursor decoded (400 when it does not fit). */
export function userListFilters(query: UserListQuery): UserListFilters {
  const { cursor, limit = 50, sort = 'name:asc', ...filters } = query;
  const [field, direction] = sort.split(':') as [UserSortField, 'asc' | 'desc'];
  return { ...filters, field, direction, after: decodeCursor(userPages(query), cursor), limit };
}

/** GET …/users: a page of the customer's users the principal may read. */
export async function getUsersPage(deps: Deps, principal: Principal, customerId: string, query: UserListQuery): Promise<UserListResponse> {
  const filters = userListFilters(query);
  const rows = await listUsers(deps.db, principal.ability, customerId, filters);
  return toPage(rows, filters.limit, userPages(query), (r) => [r.sortKey, r.id], ({ sortKey: _sortKey, ...item }) => item);
}

export async function getUser(deps: Deps, principal: Principal, customerId: string, userId: string): Promise<UserDetail> {
  const row = await findAccessibleUser(deps.db, principal.ability, 'read', customerId, userId);
  if (!row) throw notFound('user');
  return toDetail(row);
}

/** A right on the whole customer: initial rights are narrowed later, in the rights editor. */
const wholeCustomer = (r: InitialRight): GrantRight => ({ app: r.app, actions: [...r.actions], billingAccountIds: [], costCentreIds: [] });

/**
 * For the add/edit forms: the profiles the actor may give at this customer, and per sub-profile
 * the preset rights he may give a new Support Portal User (the others withheld with canGrant's reason).
 */
export function grantableProfiles(principal: Principal, customerId: string): GrantableProfilesResponse {
  const decide = (r: InitialRight) => canGrant(principal.context, { customerId, granteeProfile: 'support_portal_user', right: wholeCustomer(r) });
  return {
    profiles: PROFILES.filter((profile) => canGrant(principal.context, { customerId, granteeProfile: profile }).ok),
    presets: SUB_PROFILES.map((subProfile) => {
      const rights: InitialRight[] = [];
      const withheld: GrantableProfilesResponse['presets'][number]['withheld'] = [];
      for (const preset of GRANT_PRESETS[subProfile]) {
        const right = { app: preset.app, actions: [...preset.actions] };
        const decision = decide(right);
        if (decision.ok) rights.push(right);
        else withheld.push({ ...right, reason: decision.reason });
      }
      return { subProfile, rights, withheld };
    }),
  };
}

/**
 * The rights to give with a new membership (ROLE-6): one per app, each one the actor may give to
 * the profile being given (canGrant; 403 naming the refused right, before anything is written).
 */
function initialRights(actor: Actor, customerId: string, profile: Profile, grants: InitialRight[]): GrantRight[] {
  const apps = new Set<string>();
  return grants.map((grant, i) => {
    if (apps.has(grant.app)) throw badRequest(`body.grants.${i}.app`, 'Each app can be given only once.', 'duplicate_app');
    apps.add(grant.app);
    const right = wholeCustomer(grant);
    const decision = canGrant(actor.principal.context, { customerId, granteeProfile: profile, right });
    if (!decision.ok) {
      throw new HttpProblem(403, decision.reason, 'Forbidden', REFUSALS[decision.reason], [{ field: `body.grants.${i}`, message: REFUSALS[decision.reason] }]);
    }
    return right;
  });
}

function newToken() {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/**
 * Adds a user (ROLE-7). Whether or not the address already has a portal account, the person gets
 * an `invited` membership and a single-use invitation link valid INVITATION_TTL_MS, and becomes a
 * member only when he accepts it: an unknown address gets a new account (no password yet), an
 * existing account accepts with its own password. The answer is the same in both cases and shows
 * the person as the actor described him, so adding someone reveals nothing about his account.
 * All in one transaction with the mail.
 */
export async function createUser(deps: Deps, actor: Actor, customerId: string, body: CreateUserBody): Promise<CreateUserResponse> {
  requireGrantable(actor, customerId, body.profile);
  const subProfiles = body.subProfiles ?? [];
  checkSubProfiles(body.profile, subProfiles);
  checkEmploymentEnd(deps, body.employmentEnd);
  const rights = initialRights(actor, customerId, body.profile, body.grants ?? []);
  const described = { email: body.email.toLowerCase(), firstName: body.firstName.trim(), lastName: body.lastName.trim(), language: body.language };
  const now = deps.clock.now();

  return deps.db.transaction().execute(async (trx) => {
    const { name: customer } = await customerName(trx, customerId);
    const existing = await findPortalUserByEmail(trx, described.email);
    if (existing && (await findUserRow(trx, customerId, existing.id))) {
      throw conflict('already_member', 'This person is already a user of this customer.', 'body.email', 'is already a user of this customer');
    }
    const userId = existing?.id ?? (await insertPortalUser(trx, { ...described, createdAt: now }));
    await insertMembership(trx, {
      customerId, userId, profile: body.profile, subProfiles, employmentBasis: body.employmentBasis, employmentEnd: body.employmentEnd ?? null,
      status: 'invited', createdAt: now, invitedAs: described,
    });

    const inviter = await findUserRow(trx, customerId, actor.principal.userId);
    const { token, tokenHash } = newToken();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    await insertInvitation(trx, { customerId, userId, tokenHash, invitedBy: actor.principal.userId, createdAt: now, expiresAt });
    await enqueueMail(trx, {
      to: described.email,
      language: (existing?.language ?? described.language) as Language,
      customerId,
      message: existing?.passwordHash ? MEMBERSHIP_INVITATION_MAIL : INVITATION_MAIL,
      params: {
        firstName: existing?.firstName || described.firstName,
        customer,
        inviter: inviter ? `${inviter.firstName} ${inviter.lastName}`.trim() : customer,
        link: `${actor.origin}/invitation/${token}`,
        expires: brusselsDate(expiresAt),
      },
    }, now);

    const created = await findUserRow(trx, customerId, userId);
    if (!created) throw notFound('user');
    const user = toDetail({ ...created, ...described });
    await audit(trx, deps, actor, customerId, 'user.invite', userId, null, snapshot(user));
    // His rights wait with the membership: they open nothing until he accepts (only an active membership gives access).
    for (const right of rights) {
      const { id } = await upsertGrant(trx, { customerId, membershipId: created.membershipId, ...right, grantedBy: actor.principal.userId, now });
      await appendAudit(trx, {
        at: now, ...auditedBy(actor, customerId), action: 'grant.create', targetType: 'grant', targetId: id,
        before: null, after: { userId, ...right },
      });
    }
    return { user, invited: true, grants: rights.map(({ app, actions }) => ({ app, actions })) };
  });
}

/**
 * The person accepted his invitation (invitations.service): his membership becomes active, and an
 * Access Owner may become the customer's primary AO (ROLE-2). False when there was nothing to accept.
 */
export async function acceptMembership(trx: Kysely<DB>, deps: Deps, customerId: string, userId: string): Promise<boolean> {
  await lockAccessOwners(trx, customerId);
  if (!(await activateInvitedMembership(trx, customerId, userId))) return false;
  await settlePrimary(trx, deps, null, customerId, false);
  return true;
}

/** Edits names, language, profile, sub-profiles and employment (ROLE-2/3/6/7); the last AO cannot be demoted. */
export async function updateUser(deps: Deps, actor: Actor, customerId: string, userId: string, body: UpdateUserBody): Promise<UserDetail> {
  checkEmploymentEnd(deps, body.employmentEnd);
  if (body.profile) requireGrantable(actor, customerId, body.profile);
  return deps.db.transaction().execute(async (trx) => {
    const hadAccessOwners = await beginAccessOwnerChange(trx, deps, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    const profile = body.profile ?? before.profile;
    const profileChanged = profile !== before.profile;
    const subProfiles = body.subProfiles ?? (hasSubProfiles(profile) ? before.subProfiles : []);
    checkSubProfiles(profile, subProfiles);

    // Before he accepts, the administrator edits how the invitation describes him (ROLE-7); an
    // existing account's own names stay his, while an account this invitation created is that description.
    const invited = before.status === 'invited';
    if (invited) {
      await updateInvitedAs(trx, customerId, userId, {
        ...(body.firstName !== undefined ? { invited_first_name: body.firstName.trim() } : {}),
        ...(body.lastName !== undefined ? { invited_last_name: body.lastName.trim() } : {}),
        ...(body.language !== undefined ? { invited_language: body.language } : {}),
      });
    }
    const accountOfHisOwn = invited && Boolean((await findPortalUserByEmail(trx, before.email))?.passwordHash);
    if (!accountOfHisOwn) {
      await updatePortalUser(trx, userId, {
        ...(body.firstName !== undefined ? { first_name: body.firstName.trim() } : {}),
        ...(body.lastName !== undefined ? { last_name: body.lastName.trim() } : {}),
        ...(body.language !== undefined ? { language: body.language } : {}),
      });
    }
    await updateMembership(trx, customerId, userId, {
      ...(profileChanged ? { profile } : {}),
      ...(profileChanged && before.isPrimary && !mayBePrimary(profile) ? { is_primary: false } : {}),
      ...(profileChanged && before.isDeputy && !mayBeDeputy(profile) ? { is_deputy: false } : {}),
      ...(body.subProfiles !== undefined || profileChanged ? { sub_profiles: subProfiles } : {}),
      ...(body.employmentBasis !== undefined ? { employment_basis: body.employmentBasis } : {}),
      ...(body.employmentEnd !== undefined ? { employment_end: body.employmentEnd } : {}),
    });
    if (profileChanged || body.employmentEnd !== undefined) await settlePrimary(trx, deps, actor, customerId, hadAccessOwners);
    const after = toDetail((await findUserRow(trx, customerId, userId))!);
    await audit(trx, deps, actor, customerId, 'user.update', userId, snapshot(toDetail(before)), snapshot(after));
    return after;
  });
}

const invitationPending = () =>
  conflict('invitation_pending', 'This person has not accepted the invitation yet: he becomes a member when he does. Remove him to withdraw it.');

/**
 * Suspends or reactivates the membership (takes effect on the user's next request); the last AO
 * cannot be suspended. A membership not yet accepted is neither: only the person makes it active (ROLE-7).
 */
export async function setUserStatus(deps: Deps, actor: Actor, customerId: string, userId: string, status: 'active' | 'suspended'): Promise<UserDetail> {
  return deps.db.transaction().execute(async (trx) => {
    const hadAccessOwners = await beginAccessOwnerChange(trx, deps, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    if (before.status === 'invited') throw invitationPending();
    if (before.status === status) return toDetail(before);
    await updateMembership(trx, customerId, userId, {
      status,
      // A suspended user is neither the AO nor his deputy; he comes back as a plain AO or AM.
      ...(status === 'suspended' ? { is_primary: false, is_deputy: false } : {}),
    });
    await settlePrimary(trx, deps, actor, customerId, hadAccessOwners);
    const after = toDetail((await findUserRow(trx, customerId, userId))!);
    await audit(trx, deps, actor, customerId, status === 'suspended' ? 'user.suspend' : 'user.reactivate', userId, snapshot(toDetail(before)), snapshot(after));
    return after;
  });
}

/**
 * Removes the user's membership (his grants go with it; the SIMs he used are unlinked; his open
 * invitation links stop working). Takes effect on his next request. The last AO cannot be removed;
 * when the primary AO is removed his deputy takes over (settlePrimary).
 */
export async function removeUser(deps: Deps, actor: Actor, customerId: string, userId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const hadAccessOwners = await beginAccessOwnerChange(trx, deps, customerId);
    const before = await lockTarget(trx, actor, 'delete', customerId, userId);
    await removeLockedMembership(trx, deps, actor, customerId, before, hadAccessOwners);
  });
}

/**
 * removeUser's effect inside the caller's transaction, for callers that began the AO change
 * (beginAccessOwnerChange) and checked the target themselves: an access review's removal, and its
 * closing job (actor null: the system). The last AO still cannot go (settlePrimary throws 409),
 * and the deputy takes over from a removed primary AO.
 */
export async function removeLockedMembership(
  trx: Kysely<DB>, deps: Deps, actor: Actor | null, customerId: string, before: NonNullable<UserRow>, hadAccessOwners: boolean,
  context: Record<string, JsonValue> = {},
): Promise<void> {
  const userId = before.id;
  const unlinked = await unlinkAllSimsOfUser(trx, customerId, userId);
  await recordEndUserChanges(trx, { ...changedBy(actor, customerId), customerId, at: deps.clock.now() }, unlinked.map((s) => ({ simId: s.id, from: userId, to: null })));
  await closeOpenInvitations(trx, customerId, userId, deps.clock.now());
  await deleteMembership(trx, customerId, userId);
  await settlePrimary(trx, deps, actor, customerId, hadAccessOwners);
  const beforeJson = { ...(snapshot(toDetail(before)) as object), simIds: unlinked.map((s) => s.id), ...context };
  await audit(trx, deps, actor, customerId, 'user.remove', userId, beforeJson, null);
}

function requireActiveMembership(deps: Deps, row: NonNullable<UserRow>, eligible: (profile: string) => boolean, code: string, detail: string) {
  const ended = row.employmentEnd !== null && row.employmentEnd < brusselsDate(deps.clock.now());
  if (!eligible(row.profile) || row.status !== 'active' || ended || row.accountStatus !== 'active') {
    throw conflict(code, detail);
  }
}

/** ROLE-2: the AO hands the primary AO role to another active AO. */
export async function makePrimary(deps: Deps, actor: Actor, customerId: string, userId: string): Promise<UserDetail> {
  requireGrantable(actor, customerId, ACCESS_OWNER);
  return deps.db.transaction().execute(async (trx) => {
    await lockAccessOwners(trx, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    if (before.isPrimary) return toDetail(before);
    requireActiveMembership(deps, before, mayBePrimary, 'not_active_access_owner', 'Only an active Access Owner can become the primary Access Owner. Give him the Access Owner profile first.');
    await clearMark(trx, customerId, 'is_primary');
    await updateMembership(trx, customerId, userId, { is_primary: true, is_deputy: false });
    const after = toDetail((await findUserRow(trx, customerId, userId))!);
    await audit(trx, deps, actor, customerId, 'user.make_primary', userId, snapshot(toDetail(before)), snapshot(after));
    return after;
  });
}

/** ROLE-2: the AO names a deputy (an active AO or AM, not the primary) who takes over when the primary AO leaves. */
export async function makeDeputy(deps: Deps, actor: Actor, customerId: string, userId: string): Promise<UserDetail> {
  requireGrantable(actor, customerId, ACCESS_OWNER);
  return deps.db.transaction().execute(async (trx) => {
    await lockAccessOwners(trx, customerId);
    const before = await lockTarget(trx, actor, 'update', customerId, userId);
    if (before.isDeputy) return toDetail(before);
    if (before.isPrimary) throw conflict('deputy_not_eligible', 'The primary Access Owner cannot be his own deputy.');
    requireActiveMembership(deps, before, mayBeDeputy, 'deputy_not_eligible', 'Only an active Access Owner or Access Manager can be the deputy.');
    await clearMark(trx, customerId, 'is_deputy');
    await updateMembership(trx, customerId, userId, { is_deputy: true });
    const after = toDetail((await findUserRow(trx, customerId, userId))!);
    await audit(trx, deps, actor, customerId, 'user.make_deputy', userId, snapshot(toDetail(before)), snapshot(after));
    return after;
  });
}

/**
 * For a scheduled job: customers whose primary AO's membership no longer gives access (his
 * employment ended, ROLE-7) get their deputy (or another AO) as primary AO. Idempotent.
 */
export async function runPrimaryTakeovers(deps: Deps): Promise<number> {
  const today = brusselsDate(deps.clock.now());
  let settled = 0;
  for (const customerId of await customersWithStalePrimary(deps.db, today)) {
    await deps.db.transaction().execute(async (trx) => {
      await lockAccessOwners(trx, customerId);
      // Nothing to protect here: the AO already lost access by his end date; only the primary moves.
      const owners = await activeAccessOwners(trx, customerId, today);
      if (owners[0]?.isPrimary) return;
      await clearMark(trx, customerId, 'is_primary');
      await settlePrimary(trx, deps, null, customerId, false);
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

export async function getUserSims(deps: Deps, principal: Principal, customerId: string, userId: string): Promise<UserSim[]> {
  await requireMember(deps.db, customerId, userId);
  return listUserSims(deps.db, principal.ability, customerId, userId);
}

/**
 * Sets the SIMs the user uses (sims.end_user_id) among those the actor may update (AO, or a fleet
 * manager on his scope): the listed ones are linked to him, his other updatable ones unlinked.
 * SIMs the actor cannot see stay as they are. A SIM that is not the customer's (or not in the
 * actor's scope) → 400 naming it.
 */
export async function setUserSims(deps: Deps, actor: Actor, customerId: string, userId: string, simIds: string[]): Promise<UserSim[]> {
  return deps.db.transaction().execute(async (trx) => {
    await requireMember(trx, customerId, userId);
    const wanted = await findUpdatableSims(trx, actor.principal.ability, customerId, simIds);
    const found = new Set(wanted.map((s) => s.id));
    const missing = simIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw badRequest(`body.simIds.${missing}`, 'is not a SIM of this customer that you may change', 'unknown_sim');
    const current = await findUpdatableSimsOfUser(trx, actor.principal.ability, customerId, userId);
    const toUnlink = current.filter((s) => !simIds.includes(s.id)).map((s) => s.id);
    const toLink = wanted.filter((s) => s.endUserId !== userId).map((s) => s.id);
    const now = deps.clock.now();
    await setSimEndUser(trx, customerId, toUnlink, null, now);
    await setSimEndUser(trx, customerId, toLink, userId, now);
    const previous = new Map(wanted.map((s) => [s.id, s.endUserId]));
    await recordEndUserChanges(trx, { ...changedBy(actor, customerId), customerId, at: now }, [
      ...toUnlink.map((simId) => ({ simId, from: userId, to: null })),
      ...toLink.map((simId) => ({ simId, from: previous.get(simId) ?? null, to: userId })),
    ]);
    if (toLink.length > 0 || toUnlink.length > 0) {
      await audit(trx, deps, actor, customerId, 'user.set_sims', userId,
        { simIds: current.map((s) => s.id), previousEndUsers: Object.fromEntries(wanted.filter((s) => s.endUserId !== userId).map((s) => [s.id, s.endUserId])) },
        { simIds: [...simIds].sort(), linked: toLink, unlinked: toUnlink });
    }
    return listUserSims(trx, actor.principal.ability, customerId, userId);
  });
}
