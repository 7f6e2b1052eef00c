import { describe, expect, it } from 'vitest';
import { earlyTerminationCost, remainingMonths } from './termination.ts';

describe('MOB-10 early-termination cost, against cases computed by hand from the terms', () => {
  it('counts the billing periods after the current one up to the month the initial term ends', () => {
    expect(remainingMonths('2026-12-04', '2027-06-30')).toBe(6); // Jan..Jun
    expect(remainingMonths('2026-12-04', '2026-12-31')).toBe(0); // ends this month
    expect(remainingMonths('2026-12-04', '2027-01-01')).toBe(1);
    expect(remainingMonths('2026-12-04', '2026-12-03')).toBe(0); // already ended
    expect(remainingMonths('2026-12-04', null)).toBe(0);
  });

  it('€27 a month, 6 months left, calls of €12.40, €8.10 and €15.00: 6 × 27 + 50 % × 11.8333… × 6 + 50 = €247.50', () => {
    // average (1240 + 810 + 1500) / 3 = 1183.33…; compensation 0.5 × 1183.33… × 6 = 3550 exactly (rounded once, from the
    // exact average: 1183 × 6 / 2 would give 3549); fees 2700 × 6 = 16200; + 5000
    expect(earlyTerminationCost({ today: '2026-12-04', initialTermEnd: '2027-06-30', monthlyFeeCents: 2700, callAmountsCents: [1240, 810, 1500] })).toEqual({
      remainingMonths: 6, remainingFeesCents: 16200, averageCallAmountCents: 1183, callCompensationCents: 3550, perSimFeeCents: 5000, totalCents: 24750,
    });
  });

  it('only the last 3 invoices count; fewer are averaged over those there are; an odd half cent rounds up', () => {
    expect(earlyTerminationCost({ today: '2026-12-04', initialTermEnd: '2027-01-15', monthlyFeeCents: 1000, callAmountsCents: [101, 0, 0, 9999] }))
      .toMatchObject({ remainingMonths: 1, averageCallAmountCents: 34, callCompensationCents: 17, totalCents: 1000 + 17 + 5000 });
    expect(earlyTerminationCost({ today: '2026-12-04', initialTermEnd: '2027-01-15', monthlyFeeCents: 1000, callAmountsCents: [301] }))
      .toMatchObject({ averageCallAmountCents: 301, callCompensationCents: 151, totalCents: 6151 });
  });

  it('a line whose term ends this month still pays the €50; one whose term has ended pays nothing', () => {
    expect(earlyTerminationCost({ today: '2026-12-04', initialTermEnd: '2026-12-20', monthlyFeeCents: 2700, callAmountsCents: [5000] }).totalCents).toBe(5000);
    expect(earlyTerminationCost({ today: '2026-12-04', initialTermEnd: '2026-11-30', monthlyFeeCents: 2700, callAmountsCents: [5000] }).totalCents).toBe(0);
    expect(earlyTerminationCost({ today: '2026-12-04', initialTermEnd: null, monthlyFeeCents: 2700, callAmountsCents: [] }).totalCents).toBe(0);
  });
});
