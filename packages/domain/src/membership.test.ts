import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { brusselsDate } from './dates.ts';
import { membershipValidOn } from './membership.ts';

describe('membershipValidOn (ROLE-7, ACC-5)', () => {
  it.each([
    [{ status: 'active', employmentEnd: null }, '2030-01-01', true],
    [{ status: 'active', employmentEnd: '2026-01-14' }, '2026-01-13', true],
    [{ status: 'active', employmentEnd: '2026-01-14' }, '2026-01-14', true], // the end date itself is still valid
    [{ status: 'active', employmentEnd: '2026-01-14' }, '2026-01-15', false],
    [{ status: 'suspended', employmentEnd: null }, '2026-01-14', false],
    [{ status: 'suspended', employmentEnd: '2026-12-31' }, '2026-01-14', false],
  ])('%o on %s → %s', (membership, today, valid) => {
    expect(membershipValidOn(membership, today)).toBe(valid);
  });

  it('ends when the end date is over in Brussels, not in UTC', () => {
    const m = { status: 'active', employmentEnd: '2026-01-14' };
    expect(membershipValidOn(m, brusselsDate(new Date('2026-01-14T22:59:59.999Z')))).toBe(true);
    expect(membershipValidOn(m, brusselsDate(new Date('2026-01-14T23:00:00.000Z')))).toBe(false);
    expect(membershipValidOn(m, brusselsDate(new Date('2026-07-14T21:59:59.999Z')))).toBe(false);
  });

  it('an active membership is valid exactly on the days up to its end', () => {
    const day = fc.integer({ min: 0, max: 20_000 }).map((d) => new Date(Date.UTC(1990, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(fc.property(day, day, (end, today) => {
      expect(membershipValidOn({ status: 'active', employmentEnd: end }, today)).toBe(today <= end);
    }));
  });
});
