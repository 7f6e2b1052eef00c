import { describe, expect, it } from 'vitest';
import type { App } from '@mandate/domain/profiles';
import { scopeApplies, scopeDimensions } from './subjects.ts';

const A = ['ba-1'];
const C = ['cc-1'];

describe('scopeApplies: a right is narrowed only the way its app\'s data can be', () => {
  it.each<[App, string[], string[], boolean]>([
    ['user-management', [], [], true],
    ['user-management', A, [], false], // users and rights have no billing account…
    ['user-management', [], C, false], // …nor cost centre
    ['invoices', A, [], true],
    ['invoices', [], C, true], // usage has a cost centre
    ['invoices', A, C, true], // usage has both
    ['invoice-delivery', A, [], true],
    ['invoice-delivery', [], C, false],
    ['orders', A, [], true],
    ['orders', A, C, false],
    ['fleet-manager', A, C, true],
    ['mobile', [], C, true],
    ['insights', [], C, true],
  ])('%s with %j accounts and %j cost centres → %s', (app, billingAccountIds, costCentreIds, expected) => {
    expect(scopeApplies(app, { billingAccountIds, costCentreIds })).toBe(expected);
  });

  it('scopeDimensions says which pickers to offer', () => {
    expect(scopeDimensions('user-management')).toEqual({ billingAccounts: false, costCentres: false });
    expect(scopeDimensions('orders')).toEqual({ billingAccounts: true, costCentres: false });
    expect(scopeDimensions('mobile')).toEqual({ billingAccounts: true, costCentres: true });
  });
});
