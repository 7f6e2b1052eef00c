import { subject } from '@casl/ability';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { canGrant, type GrantRefusal } from '@mandate/authz/can-grant';
import type { AccessContext, GrantRight, Scope } from '@mandate/authz/access-context';
import type { Action, GrantableAction } from '@mandate/authz/subjects';
import { APP_ACTIONS, scopeApplies, scopeDimensions } from '@mandate/authz/subjects';
import { GRANT_PRESETS } from '@mandate/authz/grant-presets';
import { SUB_PROFILES, type App, type Profile } from '@mandate/domain/profiles';
import type { GrantBody, GrantChangesBody, GrantItem, GrantPresetsResponse, GrantableResponse, ScopeOptionsResponse } from '@mandate/contracts/grants';
import { sameIds } from '../../lib/ids.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import type { Deps } from '../../lib/deps.ts';
import { HttpProblem, badRequest, notFound } from '../../lib/problem.ts';
import { refused } from '../../lib/refusals.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { Principal } from '../../types.ts';
import {
  customerApps, deleteGrant, findGrant, findGrantee, listGrants, listScopeOptions, ownScopeIds, upsertGrant, type GranteeRow, type GrantRow,
} from './grants.repo.ts';

/**
 * The grantee as the ability lets the principal `action` his rights (AO, AM; a fleet manager:
 * Service Users). A member outside that scope is not found, like a user of another customer.
 */
async function granteeInScope(db: Kysely<DB>, principal: Principal, action: Action, customerId: string, userId: string, forUpdate = false): Promise<GranteeRow> {
  const grantee = await findGrantee(db, customerId, userId, forUpdate);
  if (!grantee || !principal.ability.can(action, subject('Grant', { customerId, granteeProfile: grantee.profile }))) throw notFound('user');
  return grantee;
}

function toItem(g: GrantRow): GrantItem {
  return {
    id: g.id, app: g.app, actions: g.actions, billingAccountIds: g.billingAccountIds, costCentreIds: g.costCentreIds,
    grantedBy: g.grantedById ? { id: g.grantedById, name: g.grantedByName ?? '' } : null,
    createdAt: new Date(g.createdAt).toISOString(),
  };
}

const snapshot = (userId: string, r: { app: string; actions: string[]; billingAccountIds: string[]; costCentreIds: string[] }) => ({
  userId, app: r.app, actions: r.actions, billingAccountIds: r.billingAccountIds, costCentreIds: r.costCentreIds,
});

export async function getUserGrants(deps: Deps, principal: Principal, customerId: string, userId: string): Promise<GrantItem[]> {
  const grantee = await granteeInScope(deps.db, principal, 'read', customerId, userId);
  return (await listGrants(deps.db, customerId, grantee.membershipId)).map(toItem);
}

/** 400 when the right is narrowed in a way its app's data cannot be (it would open nothing). */
function assertScopeApplies(right: GrantRight, at: string): void {
  if (scopeApplies(right.app, right)) return;
  const dimensions = scopeDimensions(right.app);
  const field = right.costCentreIds.length > 0 && !dimensions.costCentres ? 'costCentreIds' : 'billingAccountIds';
  const what = !dimensions.billingAccounts && !dimensions.costCentres
    ? 'always covers the whole customer'
    : `can be narrowed to ${dimensions.billingAccounts ? 'billing accounts' : 'cost centres'} only`;
  throw badRequest(`${at}.${field}`, `A right in ${right.app} ${what}.`, 'scope_not_applicable');
}

/** Every id of the scope must be a billing account / cost centre of THIS customer (400 naming the field). */
async function assertOwnScope(db: Kysely<DB>, customerId: string, scope: Scope, at: string): Promise<void> {
  for (const [field, kind, ids] of [
    ['billingAccountIds', 'billing_accounts', scope.billingAccountIds],
    ['costCentreIds', 'cost_centres', scope.costCentreIds],
  ] as const) {
    const own = await ownScopeIds(db, customerId, kind, ids);
    const bad = ids.findIndex((id) => !own.has(id));
    if (bad >= 0) {
      throw badRequest(`${at}.${field}.${bad}`, `${ids[bad]} is not a ${kind === 'billing_accounts' ? 'billing account' : 'cost centre'} of this customer.`, 'scope_not_of_customer');
    }
  }
}

/**
 * Writes one right inside the caller's transaction: the scope must be one the app's data can be
 * narrowed by and the customer's own (400 naming the field under `at`), and canGrant must accept it
 * (403 with its reason). `skipUnchanged` leaves an identical right (and the audit trail) untouched.
 */
async function writeRight(
  trx: Kysely<DB>, actor: Actor, customerId: string, grantee: GranteeRow, right: GrantRight, now: Date, at: string, skipUnchanged: boolean,
): Promise<void> {
  assertScopeApplies(right, at);
  await assertOwnScope(trx, customerId, right, at);
  const decision = canGrant(actor.principal.context, { customerId, granteeProfile: grantee.profile, right });
  if (!decision.ok) throw refusedAt(decision.reason, at, right.app);
  const before = await findGrant(trx, customerId, grantee.membershipId, right.app);
  if (skipUnchanged && before && sameIds(before.actions, right.actions)
    && sameIds(before.billingAccountIds, right.billingAccountIds) && sameIds(before.costCentreIds, right.costCentreIds)) return;
  const { id } = await upsertGrant(trx, { customerId, membershipId: grantee.membershipId, ...right, grantedBy: actor.principal.userId, now });
  await appendAudit(trx, {
    at: now, ...auditedBy(actor, customerId), action: before ? 'grant.update' : 'grant.create', targetType: 'grant', targetId: id,
    before: before ? snapshot(grantee.userId, before) : null, after: snapshot(grantee.userId, right),
  });
}

/**
 * Takes one right away inside the caller's transaction. The grantor must be able to give that
 * right to remove it (a fleet manager: within his scope). `mustExist` makes a missing right a 404.
 */
async function takeRight(trx: Kysely<DB>, actor: Actor, customerId: string, grantee: GranteeRow, appName: App, now: Date, at: string, mustExist: boolean): Promise<void> {
  const before = await findGrant(trx, customerId, grantee.membershipId, appName);
  if (!before) {
    if (mustExist) throw notFound('right');
    return;
  }
  const decision = canGrant(actor.principal.context, {
    customerId, granteeProfile: grantee.profile,
    right: { app: appName, actions: before.actions as GrantableAction[], billingAccountIds: before.billingAccountIds, costCentreIds: before.costCentreIds },
  });
  // A right that can no longer be given (e.g. the app was unsubscribed) may still be taken away by an administrator.
  if (!decision.ok && decision.reason !== 'app_not_subscribed' && decision.reason !== 'action_not_in_app') throw refusedAt(decision.reason, at, appName);
  await deleteGrant(trx, customerId, grantee.membershipId, appName);
  await appendAudit(trx, {
    at: now, ...auditedBy(actor, customerId), action: 'grant.delete', targetType: 'grant', targetId: before.id,
    before: snapshot(grantee.userId, before), after: null,
  });
}

/** canGrant's refusal; in a bulk change also naming the item and its app, so a client can say which one failed. */
function refusedAt(reason: GrantRefusal, at: string, appName: App) {
  const problem = refused(reason);
  if (!at.startsWith('body.changes.')) return problem;
  return new HttpProblem(problem.status, problem.code, problem.title, `${appName}: ${problem.detail ?? problem.title}`, [{ field: at, message: problem.detail ?? problem.title }]);
}

const rightOf = (appName: App, body: { actions: string[]; billingAccountIds?: string[] | undefined; costCentreIds?: string[] | undefined }): GrantRight => ({
  app: appName,
  actions: body.actions as GrantableAction[],
  billingAccountIds: body.billingAccountIds ?? [],
  costCentreIds: body.costCentreIds ?? [],
});

/**
 * PUT …/grants/{app}: create or replace the right (ROLE-6). Order: the grantee must be a member here
 * whose rights the ability lets the grantor write (404 otherwise), then writeRight's checks. Nothing
 * is written before all of that holds; the change and its audit row share one transaction.
 */
export async function putGrant(deps: Deps, actor: Actor, customerId: string, userId: string, appName: App, body: GrantBody): Promise<GrantItem> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const grantee = await granteeInScope(trx, actor.principal, 'update', customerId, userId, true);
    await writeRight(trx, actor, customerId, grantee, rightOf(appName, body), now, 'body', false);
    const saved = (await listGrants(trx, customerId, grantee.membershipId)).find((g) => g.app === appName)!;
    return toItem(saved);
  });
}

/** DELETE …/grants/{app}: 404 when the user holds no right in that app. */
export async function removeGrant(deps: Deps, actor: Actor, customerId: string, userId: string, appName: App): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const grantee = await granteeInScope(trx, actor.principal, 'delete', customerId, userId, true);
    await takeRight(trx, actor, customerId, grantee, appName, now, 'params.app', true);
  });
}

/**
 * PUT …/users/{userId}/grants: the rights editor's one Save. Every change is checked exactly as its
 * single-app counterpart (canGrant per right, scope of this customer), in ONE transaction: the first
 * refusal names its item (`body.changes.N…`, its app in the detail) and nothing at all is written.
 * Each app that really changes gets its own audit row; removing a right the user does not hold
 * and re-sending an identical right change nothing.
 */
export async function putGrants(deps: Deps, actor: Actor, customerId: string, userId: string, body: GrantChangesBody): Promise<GrantItem[]> {
  const seen = new Set<App>();
  body.changes.forEach((change, i) => {
    if (seen.has(change.app)) throw badRequest(`body.changes.${i}.app`, `${change.app} is listed more than once.`, 'duplicate_app');
    seen.add(change.app);
  });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const grantee = await granteeInScope(trx, actor.principal, 'update', customerId, userId, true);
    if (body.changes.some((c) => c.actions.length === 0)) await granteeInScope(trx, actor.principal, 'delete', customerId, userId);
    for (const [i, change] of body.changes.entries()) {
      const at = `body.changes.${i}`;
      if (change.actions.length === 0) await takeRight(trx, actor, customerId, grantee, change.app, now, at, false);
      else await writeRight(trx, actor, customerId, grantee, rightOf(change.app, change), now, at, true);
    }
    return (await listGrants(trx, customerId, grantee.membershipId)).map(toItem);
  });
}

/** The scopes worth trying as the widest a grantor may give: the whole customer, then each of his own rights' scopes. */
function candidateScopes(context: AccessContext, customerId: string): Scope[] {
  const own = context.memberships.find((m) => m.customerId === customerId)?.grants ?? [];
  return [{ billingAccountIds: [], costCentreIds: [] }, ...own.map((g) => ({ billingAccountIds: g.billingAccountIds, costCentreIds: g.costCentreIds }))];
}

/** GET …/grantable: per app of the customer, the actions and the widest scope canGrant lets him give this user. */
export async function getGrantable(deps: Deps, principal: Principal, customerId: string, userId: string): Promise<GrantableResponse> {
  const grantee = await granteeInScope(deps.db, principal, 'read', customerId, userId);
  const mayWrite = principal.ability.can('update', subject('Grant', { customerId, granteeProfile: grantee.profile }));
  const apps = await customerApps(deps.db, customerId);
  const scopes = candidateScopes(principal.context, customerId);
  const decide = (appName: App, actions: GrantableAction[], scope: Scope) =>
    canGrant(principal.context, { customerId, granteeProfile: grantee.profile as Profile, right: { app: appName, actions, ...scope } });
  return {
    user: {
      id: grantee.userId, email: grantee.email, firstName: grantee.firstName, lastName: grantee.lastName,
      profile: grantee.profile, subProfiles: grantee.subProfiles, status: grantee.status,
    },
    apps: apps.map((appName) => {
      if (!mayWrite) return { app: appName, actions: [], scope: null, refusal: 'forbidden' };
      const actions = APP_ACTIONS[appName].filter((a) => scopes.some((s) => decide(appName, [a], s).ok));
      const scope = actions.length > 0 ? (scopes.find((s) => decide(appName, actions, s).ok) ?? null) : null;
      const first = decide(appName, [APP_ACTIONS[appName][0]!], scopes[0]!);
      return { app: appName, actions: scope ? actions : [], scope, refusal: scope ? null : (first.ok ? 'beyond_own_scope' : first.reason) };
    }),
  };
}

/** GET …/grant-presets: the sub-profiles' suggested rights, limited to the customer's apps. */
export async function getPresets(deps: Deps, customerId: string): Promise<GrantPresetsResponse> {
  const apps = new Set(await customerApps(deps.db, customerId));
  return {
    items: SUB_PROFILES.map((subProfile) => ({
      subProfile,
      rights: GRANT_PRESETS[subProfile].filter((r) => apps.has(r.app)).map((r) => ({ app: r.app, actions: [...r.actions] })),
    })),
  };
}

/** GET …/scope-options: the billing accounts and cost centres the principal may pick a right's scope from. */
export function getScopeOptions(deps: Deps, principal: Principal, customerId: string): Promise<ScopeOptionsResponse> {
  return listScopeOptions(deps.db, principal.ability, customerId);
}
