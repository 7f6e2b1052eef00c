import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidImei, luhnValid, normaliseImei } from './imei.ts';

describe('IMEI (15 digits, Luhn check digit)', () => {
  it.each([
    ['490154203237518', '490154203237518'],
    ['35-209900-176148-1', '352099001761481'],
    ['35 209900 176148 1', '352099001761481'],
    ['35/209900/176148/1', '352099001761481'],
  ])('%j → %s', (input, imei) => {
    expect(normaliseImei(input)).toBe(imei);
    expect(isValidImei(input)).toBe(true);
  });

  it.each([
    '490154203237517', // check digit wrong
    '49015420323751', // 14 digits
    '4901542032375180', // 16 digits (an IMEISV has no check digit)
    '49015420323751A',
    '',
    '1'.repeat(41),
  ])('refuses %j', (input) => {
    expect(isValidImei(input)).toBe(false);
  });

  it('exactly one check digit completes any 14 digits', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{14}$/), (body) => {
      const valid = [...'0123456789'].filter((d) => luhnValid(body + d));
      expect(valid).toHaveLength(1);
      expect(isValidImei(body + valid[0])).toBe(true);
    }));
  });
});
