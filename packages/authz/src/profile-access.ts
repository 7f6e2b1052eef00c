import { subject } from '@casl/ability';
import { APPS, type Profile } from '@mandate/domain/profiles';
import { defineAbilityFor } from './define-ability.ts';
import { DATA_SUBJECTS, GRANTABLE_ACTIONS, type GrantableAction } from './subjects.ts';

/**
 * The profiles, as data the server may select by, for the few queries that must pick members by
 * profile, and what a profile implies for a membership's own data (not decisions about what an
 * actor may do: those are made by the ability and canGrant). The selection constants are checked
 * against defineAbilityFor in profile-access.test.ts, so the queries cannot drift from the ability.
 */

/**
 * ROLE-8: who is shown as a customer's administrators: the members holding the first of these
 * profiles the customer has (its Access Owners, or its Access Managers when it has none). These
 * are the profiles that administer users by themselves, without any grant.
 */
export const ADMINISTRATOR_PROFILES = ['access_owner', 'access_manager'] as const satisfies readonly Profile[];

/** DLG-1: the profiles a membership carries over to the customer's affiliates (the AO is AO of them too). */
export const AFFILIATE_PROFILES = ['access_owner'] as const satisfies readonly Profile[];

/** ROLE-2: the profile a customer keeps at least one holder of, and the one the primary AO holds. */
export const ACCESS_OWNER = 'access_owner' satisfies Profile;

/** ROLE-1: only a Support Portal User has sub-profiles (purchaser, fleet manager…). */
export const hasSubProfiles = (profile: string | null | undefined): boolean => profile === 'support_portal_user';

/** ROLE-2: the primary AO is an Access Owner. */
export const mayBePrimary = (profile: string): boolean => profile === ACCESS_OWNER;

/** ROLE-2: the primary AO's deputy, who takes over when he leaves, is an Access Owner or an Access Manager. */
export const mayBeDeputy = (profile: string): boolean => (ADMINISTRATOR_PROFILES as readonly string[]).includes(profile);

export interface ProfileAccess {
  /** Every data subject of the customer, all apps ("all" in the who-has-access export). */
  wholeCustomer: boolean;
  /** What the profile alone may do with the customer's users (user administration). */
  userActions: GrantableAction[];
}

/** What a profile gives at a customer by itself, without any grant (ROLE-2..5), as the ability decides it. */
export function profileAccess(profile: Profile): ProfileAccess {
  const customerId = 'customer';
  const ability = defineAbilityFor({
    userId: 'member', isOperator: false, delegations: [],
    memberships: [{ customerId, profile, subProfiles: [], apps: [...APPS], grants: [], affiliates: [] }],
  });
  return {
    wholeCustomer: DATA_SUBJECTS.every((s) => ability.can('read', subject(s, { customerId }))),
    userActions: GRANTABLE_ACTIONS.filter((a) => ability.can(a, subject('User', { customerId }))),
  };
}
