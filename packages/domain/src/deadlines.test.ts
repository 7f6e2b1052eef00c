import { describe, expect, it } from 'vitest';
import {
  canDispute, disputeDeadline, earliestServiceNumberChange, earliestTerminationDate, isNumberChangeAnnouncedInTime, respectsNoticePeriod,
  terminationTakesEffectAt,
} from './deadlines.ts';

const at = (iso: string) => new Date(iso);

describe('ACC-3 notice periods: customer 15 calendar days, operator 3 months', () => {
  it.each([
    ['customer', '2026-03-01T10:00:00Z', '2026-03-16'],
    ['customer', '2026-12-20T10:00:00Z', '2027-01-04'],
    ['customer', '2026-02-28T22:59:59.999Z', '2026-03-15'], // 23:59 on 28 Feb in Brussels
    ['customer', '2026-02-28T23:00:00.000Z', '2026-03-16'], // already 1 March in Brussels
    ['operator', '2026-03-01T10:00:00Z', '2026-06-01'],
    ['operator', '2026-11-30T10:00:00Z', '2027-02-28'], // 30 Nov + 3 months, clamped
  ] as const)('%s notice at %s: earliest termination %s', (by, given, date) => {
    expect(earliestTerminationDate(by, at(given))).toBe(date);
  });

  it('takes effect at 00:00 Brussels on the termination date', () => {
    expect(terminationTakesEffectAt('customer', at('2026-03-01T10:00:00Z')).toISOString()).toBe('2026-03-15T23:00:00.000Z');
    expect(terminationTakesEffectAt('operator', at('2026-03-01T10:00:00Z')).toISOString()).toBe('2026-05-31T22:00:00.000Z');
  });

  it('a later date respects the notice, an earlier one does not', () => {
    const given = at('2026-03-01T10:00:00Z');
    expect(respectsNoticePeriod('customer', given, '2026-03-15')).toBe(false);
    expect(respectsNoticePeriod('customer', given, '2026-03-16')).toBe(true);
    expect(respectsNoticePeriod('operator', given, '2026-05-31')).toBe(false);
    expect(respectsNoticePeriod('operator', given, '2026-06-01')).toBe(true);
  });
});

describe('MOB-8 a number change for service reasons is announced at least 2 months ahead', () => {
  it('counts calendar months from the Brussels day of the announcement', () => {
    expect(earliestServiceNumberChange(at('2026-01-15T10:00:00Z'))).toBe('2026-03-15');
    expect(earliestServiceNumberChange(at('2026-12-31T10:00:00Z'))).toBe('2027-02-28');
    expect(isNumberChangeAnnouncedInTime(at('2026-01-15T10:00:00Z'), '2026-03-14')).toBe(false);
    expect(isNumberChangeAnnouncedInTime(at('2026-01-15T10:00:00Z'), '2026-03-15')).toBe(true);
  });
});

describe('INV-7 a dispute is filed within 30 days of the invoice date', () => {
  it('the 30th day after the invoice date is the last, to the end of that Brussels day', () => {
    expect(disputeDeadline('2026-03-01')).toBe('2026-03-31');
    expect(disputeDeadline('2026-02-01')).toBe('2026-03-03');
    expect(canDispute('2026-03-01', at('2026-03-31T21:59:59.999Z'))).toBe(true); // 23:59:59.999 CEST
    expect(canDispute('2026-03-01', at('2026-03-31T22:00:00.000Z'))).toBe(false);
    expect(canDispute('2026-03-01', at('2026-03-01T00:00:00Z'))).toBe(true);
  });
});
