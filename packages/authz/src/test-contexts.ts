import type { App, Profile, SubProfile } from '@mandate/domain/profiles';
import type { AccessContext, DelegationContext, GrantRight, MembershipContext } from './access-context.ts';
import type { GrantableAction } from './subjects.ts';

/** Small builders of access contexts for the authz tests (test code only). */

export function right(app: App, actions: GrantableAction[], scope: { ba?: string[]; cc?: string[] } = {}): GrantRight {
  return { app, actions, billingAccountIds: scope.ba ?? [], costCentreIds: scope.cc ?? [] };
}

export function membership(
  customerId: string,
  profile: Profile,
  apps: App[],
  extra: { grants?: GrantRight[]; subProfiles?: SubProfile[]; affiliates?: MembershipContext['affiliates']; fleetCoverage?: string[]; insightsCoverage?: string[] } = {},
): MembershipContext {
  return {
    customerId, profile, apps, subProfiles: extra.subProfiles ?? [], grants: extra.grants ?? [], affiliates: extra.affiliates ?? [],
    ...(extra.fleetCoverage ? { fleetCoverage: extra.fleetCoverage } : {}),
    ...(extra.insightsCoverage ? { insightsCoverage: extra.insightsCoverage } : {}),
  };
}

export function context(userId: string, memberships: MembershipContext[], delegations: DelegationContext[] = [], isOperator = false): AccessContext {
  return { userId, isOperator, memberships, delegations };
}
