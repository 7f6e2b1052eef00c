import type { App, Profile, SubProfile } from '@mandate/domain/profiles';
import type { GrantableAction } from './subjects.ts';

/** A scope narrows a right to billing accounts and/or cost centres; empty lists mean the whole customer. */
export interface Scope {
  billingAccountIds: string[];
  costCentreIds: string[];
}

export interface GrantRight extends Scope {
  app: App;
  actions: GrantableAction[];
}

export interface MembershipContext {
  customerId: string;
  profile: Profile;
  subProfiles: SubProfile[];
  /** The apps the customer subscribed to (active). */
  apps: App[];
  grants: GrantRight[];
  /**
   * PFM-2: the billing accounts Fleet Manager covers at this customer, when a grant is for it
   * (null or absent otherwise). Its rights never reach past them, whatever their scope.
   */
  fleetCoverage?: string[] | null;
  /** INS-1: the billing accounts Invoice Insights covers here, when a grant is for it (null or absent otherwise). */
  insightsCoverage?: string[] | null;
  /** DLG-1: affiliates of this customer with an active link, loaded for the AFFILIATE_PROFILES (an AO of the customer is AO of these). */
  affiliates: Array<{ customerId: string; apps: App[] }>;
}

/** DLG-2..4: an active delegation from `customerId` to the user's company, assigned to this user. */
export interface DelegationContext extends Scope {
  delegationId: string;
  customerId: string;
  partnerId: string;
  rights: Array<{ app: App; actions: GrantableAction[] }>;
  /** The delegating customer's subscribed apps: a delegation never opens an app the customer lacks. */
  apps: App[];
  /** PFM-2: the billing accounts Fleet Manager covers at the delegating customer, when a right is for it. */
  fleetCoverage?: string[] | null;
  /** INS-1: the billing accounts Invoice Insights covers at the delegating customer, when a right is for it. */
  insightsCoverage?: string[] | null;
}

/**
 * Everything the ability is built from. The server reads it from the database per request
 * (only active customers, active and unexpired memberships, active delegations in their validity);
 * the function that builds the ability has no I/O.
 */
export interface AccessContext {
  userId: string;
  isOperator: boolean;
  memberships: MembershipContext[];
  delegations: DelegationContext[];
}
