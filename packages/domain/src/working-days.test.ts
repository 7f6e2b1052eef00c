import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, isoWeekday } from './dates.ts';
import {
  addWorkingDays, belgianPublicHolidays, deemedAcceptedAt, isDeemedAccepted, isOfficeHours, isPublicHoliday, isWorkingDay,
  nextWorkingDayFrom, objectionDeadline, officeHoursFrom, workingDayCalendar,
} from './working-days.ts';

const at = (iso: string) => new Date(iso);

describe('Belgian public holidays', () => {
  it('are the ten national public holidays (no observances such as Easter Sunday or the King\'s Feast)', () => {
    expect(belgianPublicHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-07-21', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
    ]);
    expect(belgianPublicHolidays(2027).map((h) => h.date)).toContain('2027-03-29'); // Easter Monday moves
    expect(isPublicHoliday('2026-04-05')).toBe(false); // Easter Sunday
    expect(isPublicHoliday('2026-11-15')).toBe(false); // King's Feast
    expect(isPublicHoliday('2026-12-26')).toBe(false);
  });

  it('are named in the language asked', () => {
    expect(belgianPublicHolidays(2026, 'nl')[0]!.name).toBe('Nieuwjaar');
    expect(belgianPublicHolidays(2026, 'fr')[0]!.name).toBe('Nouvel An');
    expect(belgianPublicHolidays(2026, 'en')[0]!.name).toBe("New Year's Day");
  });
});

describe('working days (Mon–Fri except Belgian public holidays)', () => {
  it.each([
    ['2026-07-20', true], // Monday
    ['2026-07-21', false], // National Day, a Tuesday
    ['2026-07-24', true], // Friday
    ['2026-07-25', false], // Saturday
    ['2026-07-26', false], // Sunday
    ['2026-12-25', false], // Christmas, a Friday
    ['2026-11-02', true], // All Souls: an observance, not a public holiday
  ])('%s → %s', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  it.each([
    ['2026-07-17', 1, '2026-07-20'], // Friday + 1 = Monday
    ['2026-07-20', 1, '2026-07-22'], // over National Day
    ['2026-07-18', 5, '2026-07-27'], // from a Saturday: Mon, (Tue holiday), Wed, Thu, Fri, Mon
    ['2026-05-08', 5, '2026-05-18'], // over Ascension Thursday
    ['2026-12-24', 1, '2026-12-28'], // over Christmas and the weekend
    ['2026-12-30', 2, '2027-01-04'], // over New Year, into the next year
    ['2026-07-22', -1, '2026-07-20'], // back over National Day
    ['2027-01-04', -2, '2026-12-30'],
    ['2026-07-25', 0, '2026-07-25'],
  ])('addWorkingDays(%s, %i) = %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it('nextWorkingDayFrom keeps a working day and skips weekends and holidays', () => {
    expect(nextWorkingDayFrom('2026-07-20')).toBe('2026-07-20');
    expect(nextWorkingDayFrom('2026-12-25')).toBe('2026-12-28');
  });

  it('addWorkingDays lands on a working day, counts exactly n working days, and undoes itself', () => {
    const calendar = workingDayCalendar();
    const date = fc.integer({ min: 0, max: 3650 }).map((d) => addDays('2024-01-01', d));
    fc.assert(fc.property(date, fc.integer({ min: 1, max: 40 }), (from, n) => {
      const to = calendar.addWorkingDays(from, n);
      expect(calendar.isWorkingDay(to)).toBe(true);
      let count = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) count++;
      expect(count).toBe(n);
      expect(calendar.addWorkingDays(to, -n) <= from).toBe(true);
      if (calendar.isWorkingDay(from)) expect(calendar.addWorkingDays(to, -n)).toBe(from);
      expect(isoWeekday(to)).toBeLessThanOrEqual(5);
    }), { numRuns: 200 });
  });

  it('a shared calendar answers like fresh ones', () => {
    const calendar = workingDayCalendar();
    for (let d = '2026-12-20'; d <= '2027-01-10'; d = addDays(d, 1)) expect(calendar.isWorkingDay(d), d).toBe(isWorkingDay(d));
  });
});

describe('office hours (08:00–18:00 Brussels on working days)', () => {
  it.each([
    ['2026-07-20T05:59:59.999Z', false], // Monday 07:59:59.999 CEST
    ['2026-07-20T06:00:00.000Z', true], // Monday 08:00 CEST
    ['2026-07-20T15:59:59.999Z', true], // 17:59:59.999
    ['2026-07-20T16:00:00.000Z', false], // 18:00
    ['2026-01-12T07:00:00.000Z', true], // Monday 08:00 CET
    ['2026-01-12T06:59:59.999Z', false],
    ['2026-01-12T16:59:59.999Z', true], // 17:59:59.999 CET
    ['2026-07-21T10:00:00.000Z', false], // National Day
    ['2026-07-25T10:00:00.000Z', false], // Saturday
  ])('%s → %s', (iso, open) => {
    expect(isOfficeHours(at(iso))).toBe(open);
  });

  it.each([
    ['2026-07-20T10:00:00.000Z', '2026-07-20T10:00:00.000Z'], // open: now
    ['2026-07-20T04:00:00.000Z', '2026-07-20T06:00:00.000Z'], // early morning: 08:00 the same day
    ['2026-07-20T16:00:00.000Z', '2026-07-22T06:00:00.000Z'], // evening before National Day: Wednesday 08:00
    ['2026-07-24T20:00:00.000Z', '2026-07-27T06:00:00.000Z'], // Friday evening: Monday
    ['2026-10-23T17:00:00.000Z', '2026-10-26T07:00:00.000Z'], // over the weekend the clocks go back: Monday 08:00 CET
  ])('officeHoursFrom(%s) = %s', (iso, expected) => {
    expect(officeHoursFrom(at(iso)).toISOString()).toBe(expected);
  });
});

describe('INV-8 deemed acceptance: 5 working days after a document appears', () => {
  it('counts from the Brussels day it appeared; the fifth working day is still in time', () => {
    // Appeared on Monday 13 July 2026 (late evening in UTC is still Monday in Brussels).
    const appeared = at('2026-07-13T21:30:00.000Z');
    expect(objectionDeadline(appeared)).toBe('2026-07-20'); // Tue, Wed, Thu, Fri, Mon
    expect(deemedAcceptedAt(appeared).toISOString()).toBe('2026-07-20T22:00:00.000Z');
    expect(isDeemedAccepted(appeared, at('2026-07-20T21:59:59.999Z'))).toBe(false);
    expect(isDeemedAccepted(appeared, at('2026-07-20T22:00:00.000Z'))).toBe(true);
  });

  it('skips holidays and weekends', () => {
    expect(objectionDeadline(at('2026-07-17T10:00:00Z'))).toBe('2026-07-27'); // Fri → Mon, (Tue 21), Wed, Thu, Fri, Mon
    expect(objectionDeadline(at('2026-12-23T10:00:00Z'))).toBe('2026-12-31');
    // Appeared just after midnight Brussels on Saturday: counts from Saturday.
    expect(objectionDeadline(at('2026-07-17T22:00:00.000Z'))).toBe('2026-07-27');
    expect(objectionDeadline(at('2026-07-17T21:59:59.999Z'))).toBe('2026-07-27');
    expect(objectionDeadline(at('2026-07-16T21:59:59.999Z'))).toBe('2026-07-24');
  });
});
