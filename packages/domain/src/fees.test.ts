import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { earlyTerminationFee, latePaymentFee, remainingTermMonths } from './fees.ts';
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

describe('MOB-10 early termination', () => {
  it.each([
    ['2026-01-15', '2026-03-14', 2], // 15 Jan–14 Feb, 15 Feb–14 Mar
    ['2026-01-15', '2026-03-15', 3], // one day into a third month
    ['2026-01-15', '2026-01-15', 1], // the last day of the term: one started month
    ['2026-01-15', '2026-01-14', 0], // the term is over
    ['2026-01-31', '2026-02-27', 1],
    ['2026-01-31', '2026-02-28', 2], // 31 Jan + 1 month is 28 Feb (clamped): a second month starts on the term's last day
  ])('remainingTermMonths(%s, %s) = %i', (from, end, months) => {
    expect(remainingTermMonths(from, end)).toBe(months);
  });

  it('adds the remaining monthly fees, 50 % of the average call amount per remaining month, and €50 per SIM', () => {
    const fee = earlyTerminationFee({
      terminationDate: '2026-01-15', initialTermEnd: '2026-07-14', // 6 months left
      monthlyFee: eur(2_500), // €25
      lastClosedInvoiceCallAmounts: [eur(1_000), eur(2_000), eur(3_001)], // average €20.003333…
      sims: 2,
    });
    expect(fee).toEqual({
      remainingMonths: 6,
      remainingFees: eur(15_000), // 6 × €25
      callCompensation: eur(6_001), // 0.5 × 6001/3 × 6 = 6001 cents, rounded once
      simFees: eur(10_000), // 2 × €50
      total: eur(31_001),
    });
  });

  it('rounds the call part once, half away from zero', () => {
    const fee = earlyTerminationFee({
      terminationDate: '2026-01-01', initialTermEnd: '2026-01-31', monthlyFee: eur(0),
      lastClosedInvoiceCallAmounts: [eur(1), eur(0), eur(0)], sims: 0,
    });
    expect(fee.callCompensation.cents).toBe(0); // 0.5 × 1/3 × 1 = 0.1666… → 0
    const half = earlyTerminationFee({
      terminationDate: '2026-01-01', initialTermEnd: '2026-01-31', monthlyFee: eur(0),
      lastClosedInvoiceCallAmounts: [eur(1)], sims: 0,
    });
    expect(half.callCompensation.cents).toBe(1); // 0.5 × 1 × 1 = 0.5 → 1
  });

  it('averages over the closed invoices there are (fewer than three for a young subscription, none → no call part)', () => {
    const base = { terminationDate: '2026-01-01', initialTermEnd: '2026-12-31', monthlyFee: eur(1_000), sims: 1 };
    expect(earlyTerminationFee({ ...base, lastClosedInvoiceCallAmounts: [eur(4_000)] }).callCompensation).toEqual(eur(24_000)); // 0.5 × 40 × 12
    expect(earlyTerminationFee({ ...base, lastClosedInvoiceCallAmounts: [] }).callCompensation).toEqual(eur(0));
    expect(() => earlyTerminationFee({ ...base, lastClosedInvoiceCallAmounts: [eur(1), eur(1), eur(1), eur(1)] })).toThrow(RangeError);
    expect(() => earlyTerminationFee({ ...base, lastClosedInvoiceCallAmounts: [], sims: -1 })).toThrow(RangeError);
  });

  it('costs nothing once the initial term is over', () => {
    const fee = earlyTerminationFee({
      terminationDate: '2027-01-01', initialTermEnd: '2026-12-31', monthlyFee: eur(1_000), lastClosedInvoiceCallAmounts: [eur(5_000)], sims: 3,
    });
    expect(fee.total).toEqual(eur(0));
    expect(fee.remainingMonths).toBe(0);
  });
});
