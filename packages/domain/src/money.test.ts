import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  withVat,
  add, compare, CurrencyMismatchError, divide, eur, formatMoney, max, min, money, multiply, negate, parseMoney, parseTypedMoney, ratio, subtract, sum, toDecimalString,
} from './money.ts';

const cents = fc.integer({ min: -1e12, max: 1e12 });

describe('Money: integer cents with a currency', () => {
  it('refuses anything but a safe integer number of cents', () => {
    for (const bad of [0.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) expect(() => eur(bad), String(bad)).toThrow(RangeError);
    expect(eur(-0)).toEqual({ cents: 0, currency: 'EUR' });
    expect(Object.is(eur(-0).cents, -0)).toBe(false);
  });

  it('adds, subtracts, sums and compares exactly', () => {
    expect(add(eur(10), eur(20))).toEqual(eur(30));
    expect(subtract(eur(10), eur(25))).toEqual(eur(-15));
    expect(sum([eur(1), eur(2), eur(3)])).toEqual(eur(6));
    expect(sum([])).toEqual(eur(0));
    expect(negate(eur(5))).toEqual(eur(-5));
    expect([compare(eur(1), eur(2)), compare(eur(2), eur(2)), compare(eur(3), eur(2))]).toEqual([-1, 0, 1]);
    expect(max(eur(1), eur(2))).toEqual(eur(2));
    expect(min(eur(1), eur(2))).toEqual(eur(1));
    // 0.1 + 0.2 in floats is 0.30000000000000004; in cents it is 30.
    expect(add(eur(10), eur(20)).cents).toBe(30);
  });

  it('refuses to overflow', () => {
    expect(() => add(eur(Number.MAX_SAFE_INTEGER), eur(1))).toThrow(RangeError);
    expect(() => multiply(eur(Number.MAX_SAFE_INTEGER), 2)).toThrow(RangeError);
  });

  it('refuses to mix currencies', () => {
    // Only EUR exists today; the check guards the day a second currency is added.
    const other = { cents: 1, currency: 'USD' } as unknown as ReturnType<typeof eur>;
    expect(() => add(eur(1), other)).toThrow(CurrencyMismatchError);
    expect(() => compare(eur(1), other)).toThrow(CurrencyMismatchError);
  });

  it('add and subtract are inverse, sum is order-independent', () => {
    fc.assert(fc.property(cents, cents, (a, b) => {
      expect(subtract(add(eur(a), eur(b)), eur(b))).toEqual(eur(a));
      expect(add(eur(a), eur(b))).toEqual(add(eur(b), eur(a)));
    }));
  });
});

describe('multiply by a rate, rounded once, half away from zero, to the cent', () => {
  it.each([
    [12345, 0.15, 1852], // 1851.75
    [-12345, 0.15, -1852],
    [1, 0.5, 1], // 0.5 rounds up
    [-1, 0.5, -1], // a credit rounds like the debit
    [3, 0.5, 2], // 1.5
    [5, 0.1, 1], // 0.5
    [4, 0.1, 0], // 0.4
    [10000, '0.21', 2100],
    [999, '1.005', 1004], // 1003.995
    [100, '1e-2', 1],
    [7, 3, 21], // an integer factor
    [1005, 0.5, 503], // 502.5
  ] as const)('%i × %s = %i', (a, rate, expected) => {
    expect(multiply(eur(a), rate).cents).toBe(expected);
  });

  it('reads a float rate by its decimal spelling, not its binary value', () => {
    // 1.005 is stored as 1.00499999999999989…; read as written it is 1005/1000.
    expect(multiply(eur(100), 1.005).cents).toBe(101); // 100.5 → 101
    expect(multiply(eur(1_000_000_000_001), 0.15).cents).toBe(150_000_000_000); // 150000000000.15
  });

  it('accepts an exact ratio', () => {
    expect(multiply(eur(100), { numerator: 1n, denominator: 3n }).cents).toBe(33);
    expect(multiply(eur(200), { numerator: 1n, denominator: 3n }).cents).toBe(67);
    expect(() => ratio({ numerator: 1n, denominator: 0n })).toThrow(RangeError);
    expect(() => ratio('15%')).toThrow(RangeError);
  });

  it('is never more than half a cent from the exact product', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 10_000 }), (a, basisPoints) => {
      const result = multiply(eur(a), { numerator: BigInt(basisPoints), denominator: 10_000n }).cents;
      const exactTimes2 = (BigInt(a) * BigInt(basisPoints) * 2n);
      const diffTimes2 = BigInt(result) * 20_000n - exactTimes2; // 2 × 10000 × (result − exact)
      expect(diffTimes2 <= 10_000n && diffTimes2 >= -10_000n).toBe(true);
      // symmetric: a credit rounds like the debit
      expect(multiply(eur(-a), { numerator: BigInt(basisPoints), denominator: 10_000n }).cents).toBe(-result || 0);
    }));
  });

  it('divide averages, rounded half away from zero', () => {
    expect(divide(eur(100), 3).cents).toBe(33);
    expect(divide(eur(101), 2).cents).toBe(51);
    expect(divide(eur(-101), 2).cents).toBe(-51);
    expect(() => divide(eur(1), 0)).toThrow(RangeError);
    expect(() => divide(eur(1), 1.5)).toThrow(RangeError);
  });
});

describe('parseMoney and toDecimalString', () => {
  it.each([
    ['12.34', 1234], ['12,34', 1234], ['12.3', 1230], ['12', 1200], ['-0.05', -5], [' 60 ', 6000], ['0', 0],
  ])('%j → %i cents', (input, expected) => {
    expect(parseMoney(input)).toEqual(money(expected));
  });

  it.each(['', '1.234', '1,234.5', 'abc', '€12', '1e3', '12.', '.5', '9999999999999999'])('refuses %j', (input) => {
    expect(parseMoney(input)).toBeNull();
  });

  it.each([
    ['1.700', ',', 170000], ['1.700,50', ',', 170050], ['1 700,5', ',', 170050], ['1\u202f234\u202f567', ',', 123456700], ['12,34', ',', 1234], ['12.34', ',', 1234],
    ['1,700', '.', 170000], ['1,700.50', '.', 170050], ['-1,000', '.', -100000],
  ] as const)('as typed: %j with decimal %j → %i cents', (input, decimal, expected) => {
    expect(parseTypedMoney(input, decimal)).toEqual(money(expected));
  });

  it.each([['1.70.0', ','], ['1.7000', ','], ['12.345,678', ','], ['1,70,0', '.'], ['1.700,50', '.']] as const)('as typed, refuses %j with decimal %j', (input, decimal) => {
    expect(parseTypedMoney(input, decimal)).toBeNull();
  });

  it('round-trips', () => {
    fc.assert(fc.property(cents, (c) => {
      expect(parseMoney(toDecimalString(eur(c)))).toEqual(eur(c));
    }));
    expect(toDecimalString(eur(-5))).toBe('-0.05');
    expect(toDecimalString(eur(123456))).toBe('1234.56');
  });
});

describe('formatMoney (nl-BE, fr-BE, en-BE)', () => {
  // Intl separates with no-break spaces: normalise them to read the expectations.
  const shown = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
  it.each([
    [123456, 'nl-BE', '€ 1.234,56'],
    [123456, 'fr-BE', '1 234,56 €'],
    [123456, 'en-BE', '€1,234.56'],
    [-5, 'nl-BE', '€ -0,05'],
    [-5, 'fr-BE', '-0,05 €'],
    [6000, 'fr-BE', '60,00 €'],
    [0, 'en-BE', '€0.00'],
  ] as const)('%i cents in %s → %s', (c, locale, expected) => {
    expect(shown(formatMoney(eur(c), locale))).toBe(expected);
  });

  it('keeps every cent of the largest amounts (no float on the way)', () => {
    expect(shown(formatMoney(eur(Number.MAX_SAFE_INTEGER), 'en-BE'))).toBe('€90,071,992,547,409.91');
  });
});

describe('withVat', () => {
  it('adds the VAT rounded once, half away from zero', () => {
    expect(withVat(3000, 2100).cents).toBe(3630);
    expect(withVat(1, 2100).cents).toBe(1);
    expect(withVat(3, 2100).cents).toBe(4);
    expect(withVat(-3, 2100).cents).toBe(-4);
    expect(withVat(1234, 0).cents).toBe(1234);
  });
});
