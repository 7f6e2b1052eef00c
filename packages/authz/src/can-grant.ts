import type { App, Profile } from '@mandate/domain/profiles';
import type { AccessContext, GrantRight, Scope } from './access-context.ts';
import { APP_ACTIONS } from './subjects.ts';

export interface GrantRequest {
  customerId: string;
  /** The profile the grantee holds at the customer, or is being given. */
  granteeProfile: Profile;
  /** The right being given; absent when only the profile is being given. */
  right?: GrantRight;
}

export type GrantRefusal =
  | 'no_standing'            // the grantor administers nothing at this customer
  | 'only_access_owner'      // ROLE-2/6: only an AO names an AO
  | 'administrators_only'    // ROLE-3/6: AO or AM name AMs and give app rights
  | 'no_rights_on_profile'   // AO and AM hold no app rights: their profile is the right
  | 'app_not_subscribed'     // the customer has no such app
  | 'action_not_in_app'      // the app cannot carry that action (APP_ACTIONS)
  | 'service_user_self_service_only' // ROLE-5: a Service User only gets self-service on his own line
  | 'beyond_own_scope';      // ROLE-6: no one grants more than he holds

export type GrantDecision = { ok: true } | { ok: false; reason: GrantRefusal };

type Standing = { kind: 'access_owner' | 'access_manager'; apps: App[] } | { kind: 'fleet_manager'; apps: App[]; scope: Scope } | null;

/** What the grantor may do at the customer: AO (own or via an affiliate link, DLG-1), AM, or fleet manager. */
function standingAt(grantor: AccessContext, customerId: string): Standing {
  const own = grantor.memberships.find((m) => m.customerId === customerId);
  if (own?.profile === 'access_owner') return { kind: 'access_owner', apps: own.apps };
  for (const m of grantor.memberships) {
    if (m.profile !== 'access_owner') continue;
    const affiliate = m.affiliates.find((a) => a.customerId === customerId);
    if (affiliate) return { kind: 'access_owner', apps: affiliate.apps };
  }
  if (own?.profile === 'access_manager') return { kind: 'access_manager', apps: own.apps };
  if (own?.profile === 'support_portal_user') {
    const fleet = own.grants.find((g) => g.app === 'fleet-manager' && g.actions.includes('update'));
    if (fleet && own.apps.includes('fleet-manager')) {
      return { kind: 'fleet_manager', apps: own.apps, scope: { billingAccountIds: fleet.billingAccountIds, costCentreIds: fleet.costCentreIds } };
    }
  }
  return null;
}

/** A narrower-or-equal scope: every list the outer scope restricts must be restricted to a subset. */
export function scopeWithin(inner: Scope, outer: Scope): boolean {
  const within = (i: string[], o: string[]) => o.length === 0 || (i.length > 0 && i.every((id) => o.includes(id)));
  return within(inner.billingAccountIds, outer.billingAccountIds) && within(inner.costCentreIds, outer.costCentreIds);
}

const SELF_SERVICE_ACTIONS = new Set(['read', 'update']);

/** ROLE-6: no one grants more than he may grant. Pure; the server refuses what this refuses. */
export function canGrant(grantor: AccessContext, request: GrantRequest): GrantDecision {
  const standing = standingAt(grantor, request.customerId);
  if (!standing) return { ok: false, reason: 'no_standing' };
  const { granteeProfile, right } = request;

  if (granteeProfile === 'access_owner' || granteeProfile === 'access_manager') {
    if (right) return { ok: false, reason: 'no_rights_on_profile' };
    if (granteeProfile === 'access_owner' && standing.kind !== 'access_owner') return { ok: false, reason: 'only_access_owner' };
    if (standing.kind === 'fleet_manager') return { ok: false, reason: 'administrators_only' };
    return { ok: true };
  }

  if (right && !standing.apps.includes(right.app)) return { ok: false, reason: 'app_not_subscribed' };
  if (granteeProfile === 'service_user' && right && (right.app !== 'mobile' || !right.actions.every((a) => SELF_SERVICE_ACTIONS.has(a)))) {
    return { ok: false, reason: 'service_user_self_service_only' };
  }
  if (right && (right.actions.length === 0 || !right.actions.every((a) => APP_ACTIONS[right.app].includes(a)))) {
    return { ok: false, reason: 'action_not_in_app' };
  }
  if (standing.kind !== 'fleet_manager') return { ok: true };

  // A fleet manager hands self-service rights on SIMs in his scope to the SUs of those SIMs.
  if (granteeProfile !== 'service_user' || !right) return { ok: false, reason: 'administrators_only' };
  if (!scopeWithin(right, standing.scope)) return { ok: false, reason: 'beyond_own_scope' };
  return { ok: true };
}

/**
 * Access reviews: whether an administrator of the customer holding `reviewerProfile` may
 * decide the item of a member holding `memberProfile`. It is the rule for changing that member's
 * profile (canGrant), judged on the reviewer's standing at this customer: only an Access Owner
 * decides for an Access Owner (ROLE-2/3).
 */
export function mayReview(customerId: string, reviewerProfile: Profile, memberProfile: Profile): boolean {
  const reviewer: AccessContext = {
    userId: '', isOperator: false, delegations: [],
    memberships: [{ customerId, profile: reviewerProfile, subProfiles: [], apps: [], grants: [], affiliates: [] }],
  };
  return canGrant(reviewer, { customerId, granteeProfile: memberProfile }).ok;
}
