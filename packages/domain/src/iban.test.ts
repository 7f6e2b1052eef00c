import { describe, expect, it } from 'vitest';
import { electronicIban, formatIban, isValidIban, maskIban } from './iban.ts';

describe('IBAN (EBL-6, EBL-7)', () => {
  it.each([
    ['BE68539007547034', 'BE68539007547034'],
    ['BE68 5390 0754 7034', 'BE68539007547034'],
    ['be68 5390 0754 7034', 'BE68539007547034'],
    [' BE68-5390-0754-7034 ', 'BE68539007547034'],
    ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
    ['FR1420041010050500013M02606', 'FR1420041010050500013M02606'],
  ])('%j → %s', (input, electronic) => {
    expect(electronicIban(input)).toBe(electronic);
    expect(isValidIban(input)).toBe(true);
  });

  it.each([
    'BE68539007547035', // check digits wrong
    'BE6853900754703', // too short for Belgium
    'BE685390075470344',
    'XX68539007547034',
    'BE68 5390 0754 703A',
    '',
    'BE68539007547034'.repeat(5),
  ])('refuses %j', (input) => {
    expect(isValidIban(input)).toBe(false);
    expect(electronicIban(input)).toBeNull();
  });

  it('formats in groups of four and masks all but the country, check digits and last four', () => {
    expect(formatIban('BE68539007547034')).toBe('BE68 5390 0754 7034');
    expect(formatIban('be68 5390 0754 7034')).toBe('BE68 5390 0754 7034');
    expect(maskIban('BE68539007547034')).toBe('BE68 **** **** 7034');
    expect(maskIban('BE68 5390 0754 7034')).toBe('BE68 **** **** 7034');
    expect(maskIban('NL91ABNA0417164300')).toBe('NL91 **** **** **43 00');
    expect(maskIban('BE68')).toBe('****');
  });
});
