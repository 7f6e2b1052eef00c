import { subject } from '@casl/ability';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { canGrant, type GrantRefusal } from '@mandate/authz/can-grant';
import type { AccessContext, GrantRight, Scope } from '@mandate/authz/access-context';
import type { Action, GrantableAction } from '@mandate/authz/subjects';
import { APP_ACTIONS, scopeApplies, scopeDimensions } from '@mandate/authz/subjects';
import { GRANT_PRESETS } from '@mandate/authz/grant-presets';
import { SUB_PROFILES, type App, type Profile } from '@mandate/domain/profiles';
import type { GrantBody, GrantItem, GrantPresetsResponse, GrantableResponse } from '@mandate/contracts/grants';
import { delegationFor } from '../../lib/delegation-for.ts';
import { HttpProblem, badRequest, forbidden, notFound } from '../../lib/problem.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { Principal } from '../../types.ts';
import {
  customerApps, deleteGrant, findGrant, findGrantee, listGrants, ownScopeIds, upsertGrant, type GranteeRow, type GrantRow,
} from './grants.repo.ts';

const REFUSALS: Record<GrantRefusal, string> = {
  no_standing: 'You administer no rights at this customer.',
  only_access_owner: 'Only an Access Owner may name an Access Owner.',
  administrators_only: 'Only an Access Owner or Access Manager may give this right.',
  no_rights_on_profile: 'Access Owners and Access Managers hold no app rights: their profile is their right.',
  app_not_subscribed: 'The customer has not subscribed to this app.',
  action_not_in_app: 'This app cannot carry one of these actions.',
  service_user_self_service_only: 'A Service User only gets self-service rights (mobile: read, update) on his own line.',
  beyond_own_scope: 'You cannot give rights beyond your own scope.',
};

/** canGrant's refusal as a 403 whose code is the reason (ROLE-6). */
const refused = (reason: GrantRefusal) => new HttpProblem(403, reason, 'Forbidden', REFUSALS[reason]);

/** The ability decides whether he may touch this grantee's rights at all (AO, AM; a fleet manager: Service Users). */
function assertMay(principal: Principal, action: Action, customerId: string, grantee: GranteeRow): void {
  if (!principal.ability.can(action, subject('Grant', { customerId, granteeProfile: grantee.profile }))) throw forbidden();
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

export async function getUserGrants(app: FastifyInstance, principal: Principal, customerId: string, userId: string): Promise<GrantItem[]> {
  const grantee = await findGrantee(app.db, customerId, userId);
  if (!grantee) throw notFound('user');
  assertMay(principal, 'read', customerId, grantee);
  return (await listGrants(app.db, customerId, grantee.membershipId)).map(toItem);
}

/** 400 when the right is narrowed in a way its app's data cannot be (it would open nothing). */
function assertScopeApplies(right: GrantRight): void {
  if (scopeApplies(right.app, right)) return;
  const dimensions = scopeDimensions(right.app);
  const field = right.costCentreIds.length > 0 && !dimensions.costCentres ? 'costCentreIds' : 'billingAccountIds';
  const what = !dimensions.billingAccounts && !dimensions.costCentres
    ? 'always covers the whole customer'
    : `can be narrowed to ${dimensions.billingAccounts ? 'billing accounts' : 'cost centres'} only`;
  throw badRequest(`body.${field}`, `A right in ${right.app} ${what}.`, 'scope_not_applicable');
}

/** Every id of the scope must be a billing account / cost centre of THIS customer (400 naming the field). */
async function assertOwnScope(db: Kysely<DB>, customerId: string, scope: Scope): Promise<void> {
  for (const [field, kind, ids] of [
    ['billingAccountIds', 'billing_accounts', scope.billingAccountIds],
    ['costCentreIds', 'cost_centres', scope.costCentreIds],
  ] as const) {
    const own = await ownScopeIds(db, customerId, kind, ids);
    const bad = ids.findIndex((id) => !own.has(id));
    if (bad >= 0) {
      throw badRequest(`body.${field}.${bad}`, `${ids[bad]} is not a ${kind === 'billing_accounts' ? 'billing account' : 'cost centre'} of this customer.`, 'scope_not_of_customer');
    }
  }
}

/**
 * PUT …/grants/{app}: create or replace the right (ROLE-6). Order: the grantee must be a member here
 * (404), the ability must let the grantor write this grantee's rights (403), the scope must be one
 * the app's data can be narrowed by and the customer's own (400), and canGrant must accept the
 * right (403 with its reason). Nothing is written before all of that holds; the change and its
 * audit row share one transaction.
 */
export async function putGrant(
  app: FastifyInstance, principal: Principal, customerId: string, userId: string, appName: App, body: GrantBody, ip: string,
): Promise<GrantItem> {
  const right = {
    app: appName,
    actions: body.actions as GrantableAction[],
    billingAccountIds: body.billingAccountIds ?? [],
    costCentreIds: body.costCentreIds ?? [],
  };
  const now = app.clock.now();
  return app.db.transaction().execute(async (trx) => {
    const grantee = await findGrantee(trx, customerId, userId, true);
    if (!grantee) throw notFound('user');
    assertMay(principal, 'update', customerId, grantee);
    assertScopeApplies(right);
    await assertOwnScope(trx, customerId, right);
    const decision = canGrant(principal.context, { customerId, granteeProfile: grantee.profile, right });
    if (!decision.ok) throw refused(decision.reason);
    const before = await findGrant(trx, customerId, grantee.membershipId, appName);
    const { id } = await upsertGrant(trx, { customerId, membershipId: grantee.membershipId, ...right, grantedBy: principal.userId, now });
    await appendAudit(trx, {
      at: now, actorUserId: principal.userId, customerId, delegationId: delegationFor(principal, customerId), action: before ? 'grant.update' : 'grant.create', targetType: 'grant', targetId: id,
      before: before ? snapshot(userId, before) : null, after: snapshot(userId, right), ip,
    });
    const saved = (await listGrants(trx, customerId, grantee.membershipId)).find((g) => g.id === id)!;
    return toItem(saved);
  });
}

/** DELETE …/grants/{app}: the grantor must be able to give that right to remove it (a fleet manager: within his scope). */
export async function removeGrant(app: FastifyInstance, principal: Principal, customerId: string, userId: string, appName: App, ip: string): Promise<void> {
  const now = app.clock.now();
  await app.db.transaction().execute(async (trx) => {
    const grantee = await findGrantee(trx, customerId, userId, true);
    if (!grantee) throw notFound('user');
    assertMay(principal, 'delete', customerId, grantee);
    const before = await findGrant(trx, customerId, grantee.membershipId, appName);
    if (!before) throw notFound('right');
    const decision = canGrant(principal.context, {
      customerId, granteeProfile: grantee.profile,
      right: { app: appName, actions: before.actions as GrantableAction[], billingAccountIds: before.billingAccountIds, costCentreIds: before.costCentreIds },
    });
    // A right that can no longer be given (e.g. the app was unsubscribed) may still be taken away by an administrator.
    if (!decision.ok && decision.reason !== 'app_not_subscribed' && decision.reason !== 'action_not_in_app') throw refused(decision.reason);
    await deleteGrant(trx, customerId, grantee.membershipId, appName);
    await appendAudit(trx, {
      at: now, actorUserId: principal.userId, customerId, delegationId: delegationFor(principal, customerId), action: 'grant.delete', targetType: 'grant', targetId: before.id,
      before: snapshot(userId, before), after: null, ip,
    });
  });
}

/** The scopes worth trying as the widest a grantor may give: the whole customer, then each of his own rights' scopes. */
function candidateScopes(context: AccessContext, customerId: string): Scope[] {
  const own = context.memberships.find((m) => m.customerId === customerId)?.grants ?? [];
  return [{ billingAccountIds: [], costCentreIds: [] }, ...own.map((g) => ({ billingAccountIds: g.billingAccountIds, costCentreIds: g.costCentreIds }))];
}

/** GET …/grantable: per app of the customer, the actions and the widest scope canGrant lets him give this user. */
export async function getGrantable(app: FastifyInstance, principal: Principal, customerId: string, userId: string): Promise<GrantableResponse> {
  const grantee = await findGrantee(app.db, customerId, userId);
  if (!grantee) throw notFound('user');
  assertMay(principal, 'read', customerId, grantee);
  const mayWrite = principal.ability.can('update', subject('Grant', { customerId, granteeProfile: grantee.profile }));
  const apps = await customerApps(app.db, customerId);
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
export async function getPresets(app: FastifyInstance, customerId: string): Promise<GrantPresetsResponse> {
  const apps = new Set(await customerApps(app.db, customerId));
  return {
    items: SUB_PROFILES.map((subProfile) => ({
      subProfile,
      rights: GRANT_PRESETS[subProfile].filter((r) => apps.has(r.app)).map((r) => ({ app: r.app, actions: [...r.actions] })),
    })),
  };
}
