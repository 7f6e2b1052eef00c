import { describe, expect, it } from 'vitest';
import { subject } from '@casl/ability';
import { APPS, PROFILES } from '@mandate/domain/profiles';
import { canGrant } from './can-grant.ts';
import { defineAbilityFor } from './define-ability.ts';
import { ADMINISTRATOR_PROFILES, AFFILIATE_PROFILES, profileAccess } from './profile-access.ts';
import { context, membership } from './test-contexts.ts';

const alone = (profile: (typeof PROFILES)[number], affiliates: Array<{ customerId: string; apps: typeof APPS[number][] }> = []) =>
  defineAbilityFor(context('u', [membership('c', profile, [...APPS], { affiliates })]));

describe('the profile constants agree with the ability', () => {
  it.each(PROFILES)('%s: administers users alone exactly when it is an administrator profile (ROLE-8)', (profile) => {
    const ability = alone(profile);
    const administers = ['read', 'create', 'update', 'delete'].every((a) => ability.can(a as 'read', subject('User', { customerId: 'c' })));
    expect(administers).toBe((ADMINISTRATOR_PROFILES as readonly string[]).includes(profile));
  });

  it('they are in precedence order: only the first names holders of the first (ROLE-2/3)', () => {
    const [first, ...others] = ADMINISTRATOR_PROFILES;
    expect(canGrant(context('u', [membership('c', first, [...APPS])]), { customerId: 'c', granteeProfile: first }).ok).toBe(true);
    for (const p of others) expect(canGrant(context('u', [membership('c', p, [...APPS])]), { customerId: 'c', granteeProfile: first }).ok).toBe(false);
  });

  it.each(PROFILES)('%s: reaches the customer\'s affiliates exactly when it is an affiliate profile (DLG-1)', (profile) => {
    const ability = alone(profile, [{ customerId: 'affiliate', apps: [...APPS] }]);
    expect(ability.can('act', subject('Customer', { id: 'affiliate' }))).toBe((AFFILIATE_PROFILES as readonly string[]).includes(profile));
  });
});

describe('profileAccess: what a profile gives by itself', () => {
  it('AO: the whole customer; AM: user administration only (ROLE-2, ROLE-3); SPU and SU: neither without grants', () => {
    expect(profileAccess('access_owner')).toEqual({ wholeCustomer: true, userActions: ['read', 'create', 'update', 'delete', 'export'] });
    expect(profileAccess('access_manager')).toEqual({ wholeCustomer: false, userActions: ['read', 'create', 'update', 'delete', 'export'] });
    expect(profileAccess('support_portal_user')).toEqual({ wholeCustomer: false, userActions: [] });
    expect(profileAccess('service_user')).toEqual({ wholeCustomer: false, userActions: [] });
  });
});
