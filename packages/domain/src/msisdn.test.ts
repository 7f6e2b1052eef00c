import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { destinationPrefixes, formatMsisdn, InvalidMsisdnError, isBelgianMobile, msisdnSearch, parseMsisdn, parseMsisdnOrThrow } from './msisdn.ts';

describe('parseMsisdn', () => {
  it.each([
    ['+32470000001', '+32470000001'],
    ['+32 470 00 00 01', '+32470000001'],
    ['0470000001', '+32470000001'],
    ['0470 00 00 01', '+32470000001'],
    ['0470/00.00-01', '+32470000001'],
    ['(0470) 00 00 01', '+32470000001'],
    ['0032 470 000 001', '+32470000001'],
    ['+32 (0)470 00 00 01', '+32470000001'],
    ['  +32470000001  ', '+32470000001'],
    ['470000001', '+32470000001'], // a national number without its leading 0
    ['+32499999999', '+32499999999'],
    ['+32490000001', '+32490000001'],
    ['02 212 34 56', '+3222123456'], // a Brussels fixed number is a valid number too
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+31 6 12345678', '+31612345678'],
  ])('%j → %s', (input, e164) => {
    expect(parseMsisdn(input)).toBe(e164);
  });

  it.each([
    '', ' ', '+', 'abc', '0470', '0470 12', '+32 470 00 00 011', '+32470000001x', '+32470000001 ext. 5', 'call +32470000001',
    '0612345678', // a French mobile written nationally is no Belgian number
    '1'.repeat(41),
  ])('refuses %j', (input) => {
    expect(parseMsisdn(input)).toBeNull();
  });

  it('reads national numbers in the default country asked', () => {
    expect(parseMsisdn('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(parseMsisdn('+32470000001', 'FR')).toBe('+32470000001');
  });

  it('parseMsisdnOrThrow throws a typed error', () => {
    expect(parseMsisdnOrThrow('0470 00 00 01')).toBe('+32470000001');
    expect(() => parseMsisdnOrThrow('0470')).toThrow(InvalidMsisdnError);
    try { parseMsisdnOrThrow('nope'); } catch (e) { expect((e as InvalidMsisdnError).code).toBe('invalid_msisdn'); }
  });

  it('is idempotent and agrees with the national and international displays of a Belgian mobile', () => {
    const mobile = fc.tuple(fc.integer({ min: 5, max: 9 }), fc.integer({ min: 0, max: 9_999_999 }))
      .map(([b, rest]) => `+324${b}${String(rest).padStart(7, '0')}`);
    fc.assert(fc.property(mobile, (e164) => {
      expect(parseMsisdn(e164)).toBe(e164);
      expect(parseMsisdn(formatMsisdn(e164, 'national'))).toBe(e164);
      expect(parseMsisdn(formatMsisdn(e164, 'international'))).toBe(e164);
    }));
  });

  it('never throws, whatever the input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 50 }), (s) => {
      const r = parseMsisdn(s);
      expect(r === null || /^\+[1-9]\d{6,14}$/.test(r)).toBe(true);
    }));
  });
});

describe('isBelgianMobile', () => {
  it('is 045–049 and seven more digits; Liège fixed lines (040–044), other zones and other countries are not', () => {
    for (const n of ['+32456123456', '+32470000001', '+32485123456', '+32499123456']) expect(isBelgianMobile(n), n).toBe(true);
    for (const n of ['+3242221111', '+32400000000', '+32444123456', '+3225551212', '+31612345678', '+3247012345', '+324701234567']) {
      expect(isBelgianMobile(n), n).toBe(false);
    }
  });
});

describe('formatMsisdn', () => {
  it.each([
    ['+32470000001', 'national', '0470 00 00 01'],
    ['+32470000001', 'international', '+32 470 00 00 01'],
    ['+3222123456', 'national', '02 212 34 56'],
    ['+33612345678', 'international', '+33 6 12 34 56 78'],
  ] as const)('%s as %s → %s', (e164, style, shown) => {
    expect(formatMsisdn(e164, style)).toBe(shown);
  });

  it('shows what is not E.164 unchanged', () => {
    expect(formatMsisdn('0470000001')).toBe('0470000001');
    expect(formatMsisdn('')).toBe('');
    expect(formatMsisdn('+')).toBe('+');
  });
});

describe('msisdnSearch (part of a number as people type it)', () => {
  it.each([
    ['+32470000001', { match: 'prefix', value: '+32470000001' }],
    ['0032 470 000 001', { match: 'prefix', value: '+32470000001' }],
    ['0470/00.00-01', { match: 'prefix', value: '+32470000001' }],
    ['0470 000 001', { match: 'prefix', value: '+32470000001' }],
    ['+32 470', { match: 'prefix', value: '+32470' }],
    ['0470', { match: 'prefix', value: '+32470' }],
    ['7000003', { match: 'digits', value: '7000003' }],
    ['  12-34 ', { match: 'digits', value: '1234' }],
  ] as const)('%j → %o', (q, expected) => {
    expect(msisdnSearch(q)).toEqual(expected);
  });

  it.each([undefined, '', '   ', 'abc', '+', '00', '%_'])('%j: no filter', (q) => {
    expect(msisdnSearch(q)).toBeNull();
  });

  it('only ever yields "+" and ASCII digits', () => {
    fc.assert(fc.property(fc.string(), (q) => {
      const s = msisdnSearch(q);
      if (s) expect(s.value).toMatch(/^\+?\d+$/);
    }));
  });
});

describe('destinationPrefixes (a destination filter as people type it)', () => {
  it.each([
    ['+49', ['+49', '0049']],
    ['0049', ['0049', '+49']],
    ['49', ['49', '+49', '0049']],
    ['0470', ['0470', '+32470', '0032470']],
    ['+32470', ['+32470', '0032470']],
    ['0', ['0', '+32', '0032']],
    ['00', ['00', '+']],
  ])('%s', (prefix, expected) => {
    expect(destinationPrefixes(prefix)).toEqual(expected);
  });
});
