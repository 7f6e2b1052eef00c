import { describe, expect, it } from 'vitest';
import { defineAbilityFor } from './define-ability.ts';
import { managesSim, readsOwnLinesOnly, updatesOnlyAsEndUser } from './self-service.ts';
import { context, membership, right } from './test-contexts.ts';

const A = 'cust-a';
const APPS = ['user-management', 'fleet-manager', 'mobile'] as const;
const own = { customerId: A, billingAccountId: 'ba-1', costCentreId: 'cc-1', endUserId: 'su' };
const other = { ...own, endUserId: 'someone-else' };

describe('self-service: who changes a SIM as its end user, who manages it', () => {
  it('a Service User with the mobile update right changes only his own line, as its end user', () => {
    const su = defineAbilityFor(context('su', [membership(A, 'service_user', [...APPS], { grants: [right('mobile', ['read', 'update'])] })]));
    expect(updatesOnlyAsEndUser(su, own)).toBe(true);
    expect(managesSim(su, own)).toBe(false);
    expect(updatesOnlyAsEndUser(su, other)).toBe(false);
  });

  it('a fleet manager manages the SIMs of his scope and changes none as end user', () => {
    const fm = defineAbilityFor(context('fm', [membership(A, 'support_portal_user', [...APPS], { grants: [right('fleet-manager', ['read', 'update'], { cc: ['cc-1'] })] })]));
    expect(managesSim(fm, own)).toBe(true);
    expect(updatesOnlyAsEndUser(fm, own)).toBe(false);
    expect(managesSim(fm, { ...own, costCentreId: 'cc-2' })).toBe(false);
  });

  it('a Service User without the update right changes nothing', () => {
    const su = defineAbilityFor(context('su', [membership(A, 'service_user', [...APPS])]));
    expect(updatesOnlyAsEndUser(su, own)).toBe(false);
    expect(managesSim(su, own)).toBe(false);
  });

  it('only a user whose every rule to read SIMs is narrowed to his own lines reads his own lines only', () => {
    const su = defineAbilityFor(context('su', [membership(A, 'service_user', [...APPS], { grants: [right('mobile', ['read', 'update'])] })]));
    const fm = defineAbilityFor(context('fm', [membership(A, 'support_portal_user', [...APPS], { grants: [right('fleet-manager', ['read', 'update'], { cc: ['cc-1'] })] })]));
    expect(readsOwnLinesOnly(su, A)).toBe(true);
    expect(readsOwnLinesOnly(fm, A)).toBe(false);
    expect(readsOwnLinesOnly(su, 'cust-b')).toBe(false);
  });
});
