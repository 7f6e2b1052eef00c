import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latePaymentFee } from './fees.ts';
import { eur } from './money.ts';

describe('INV-9 late-payment fee: 15 % of the amount due, at least €60', () => {
  it.each([
    [100_000, 15_000], // €1000 → €150
    [40_000, 6_000], // €400 → €60 exactly
    [40_001, 6_000], // €400.01 → 60.0015 → €60.00
    [40_004, 6_001], // 60.006 → €60.01
    [39_999, 6_000], // 15 % would be €59.99: the minimum applies
    [1, 6_000], // a cent overdue still costs the minimum
    [1_234_567, 185_185], // €12,345.67 × 0.15 = 185185.05 cents → €1,851.85
    [0, 0], // nothing due, nothing to pay
    [-5_000, 0], // a credit is not overdue
  ])('%i cents due → %i cents fee', (due, fee) => {
    expect(latePaymentFee(eur(due)).cents).toBe(fee);
  });

  it('is at least €60 and at least 15 % for any positive amount', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e12 }), (due) => {
      const fee = latePaymentFee(eur(due)).cents;
      expect(fee).toBeGreaterThanOrEqual(6000);
      expect(fee).toBeGreaterThanOrEqual(Math.floor(due * 0.15));
      expect(fee).toBeLessThanOrEqual(Math.max(6000, Math.ceil(due * 0.15)));
    }));
  });
});
