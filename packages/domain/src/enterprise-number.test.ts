import { describe, expect, it } from 'vitest';
import { enterpriseNumberFromBody, formatEnterpriseNumber, isValidEnterpriseNumber, normaliseEnterpriseNumber } from './enterprise-number.ts';

describe('enterprise number (ACC-1, mod-97)', () => {
  it.each([
    ['0403.170.701', '0403170701'],
    ['BE 0403 170 701', '0403170701'],
    ['403170701', '0403170701'],
  ])('accepts %s', (input, expected) => {
    expect(normaliseEnterpriseNumber(input)).toBe(expected);
  });
  it.each(['0403.170.702', '2403170701', '12345', 'abc', ''])('rejects %s', (input) => {
    expect(isValidEnterpriseNumber(input)).toBe(false);
  });
  it('generates valid numbers', () => {
    for (const body of [1, 4031707, 12345678, 9999999]) {
      expect(isValidEnterpriseNumber(enterpriseNumberFromBody(body))).toBe(true);
    }
    expect(formatEnterpriseNumber('0403170701')).toBe('0403.170.701');
  });
});
