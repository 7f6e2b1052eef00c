import { describe, expect, it } from 'vitest';
import { brusselsDate, membershipEnded } from './dates.ts';

const at = (iso: string) => new Date(iso);

describe('brusselsDate', () => {
  it('turns at midnight in Brussels, winter (UTC+1) and summer (UTC+2)', () => {
    expect(brusselsDate(at('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(brusselsDate(at('2026-01-14T23:00:00.000Z'))).toBe('2026-01-15');
    expect(brusselsDate(at('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(brusselsDate(at('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15');
  });

  it('answers for the instant asked, whatever was asked before (back and forth across midnight and DST)', () => {
    const instants: Array<[string, string]> = [
      ['2026-03-28T22:59:59.999Z', '2026-03-28'],
      ['2026-03-28T23:00:00.000Z', '2026-03-29'], // midnight, the night clocks go forward
      ['2026-03-28T22:59:00.000Z', '2026-03-28'], // the same minute as the first, asked again
      ['2026-03-29T01:30:00.000Z', '2026-03-29'],
      ['2026-10-24T21:59:30.000Z', '2026-10-24'],
      ['2026-10-24T22:00:30.000Z', '2026-10-25'], // midnight (UTC+2), the night clocks go back
      ['2026-10-24T21:59:59.999Z', '2026-10-24'],
    ];
    for (const [iso, date] of [...instants, ...instants.reverse()]) expect(brusselsDate(at(iso)), iso).toBe(date);
  });

  it('refuses an invalid date every time', () => {
    expect(() => brusselsDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => brusselsDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('membershipEnded (ROLE-7)', () => {
  it('gives access up to and including the end date, in Brussels', () => {
    expect(membershipEnded('2026-01-14', at('2026-01-14T22:59:59Z'))).toBe(false);
    expect(membershipEnded('2026-01-14', at('2026-01-14T23:00:00Z'))).toBe(true);
    expect(membershipEnded(null, at('2030-01-01T00:00:00Z'))).toBe(false);
  });
});
