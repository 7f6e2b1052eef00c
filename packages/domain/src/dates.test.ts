import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays, addMonths, brusselsDate, brusselsDateTime, brusselsEndOfDay, brusselsInstant, brusselsOffsetMs, brusselsStartOfDay,
  daysBetween, isIsoDate, isoWeekday, lastBrusselsDay,
} from './dates.ts';

const at = (iso: string) => new Date(iso);
/** Instants from 1971 to 2099, to the millisecond. */
const instant = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms));
const isoDate = fc.integer({ min: Date.UTC(1971, 0, 1) / 86_400_000, max: Date.UTC(2099, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

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

describe('brusselsDateTime and brusselsOffsetMs', () => {
  it.each([
    ['2026-01-14T23:00:00.000Z', '2026-01-15 00:00:00', 1],
    ['2026-07-14T16:05:09.999Z', '2026-07-14 18:05:09', 2],
    ['2026-03-29T00:59:59.000Z', '2026-03-29 01:59:59', 1], // the last second of winter time
    ['2026-03-29T01:00:00.000Z', '2026-03-29 03:00:00', 2], // the clocks jump from 02:00 to 03:00
    ['2026-10-25T00:59:59.000Z', '2026-10-25 02:59:59', 2], // the first 02:59:59
    ['2026-10-25T01:00:00.000Z', '2026-10-25 02:00:00', 1], // the clocks go back from 03:00 to 02:00
  ])('%s is %s in Brussels (UTC+%i)', (iso, wall, hours) => {
    expect(brusselsDateTime(at(iso))).toBe(wall);
    expect(brusselsOffsetMs(at(iso))).toBe(hours * 3_600_000);
  });
});

describe('brusselsInstant (parsing Brussels wall-clock time)', () => {
  it.each([
    ['2026-01-15', '00:00', '2026-01-14T23:00:00.000Z'],
    ['2026-07-15', '00:00', '2026-07-14T22:00:00.000Z'],
    ['2026-07-15', '08:00', '2026-07-15T06:00:00.000Z'],
    ['2026-07-15', '23:59:59', '2026-07-15T21:59:59.000Z'],
    ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', '02:30', '2026-03-29T01:30:00.000Z'], // does not exist: read with the winter offset (03:30 CEST)
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    ['2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'], // happens twice: the first (CEST)
    ['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
  ])('%s %s → %s', (date, time, iso) => {
    expect(brusselsInstant(date, time).toISOString()).toBe(iso);
  });

  it('refuses what is not a date or a time', () => {
    for (const [date, time] of [['2026-02-30', '00:00'], ['2026-1-5', '00:00'], ['2026-01-05', '24:00'], ['2026-01-05', '8:00'], ['2026-01-05', '08:60']]) {
      expect(() => brusselsInstant(date!, time), `${date} ${time}`).toThrow(RangeError);
    }
  });

  it('round-trips with brusselsDateTime for every instant on a whole second outside the autumn repeated hour', () => {
    fc.assert(fc.property(instant, (a) => {
      const whole = new Date(Math.floor(a.getTime() / 1000) * 1000);
      const [date, time] = brusselsDateTime(whole).split(' ') as [string, string];
      const back = brusselsInstant(date, time);
      // In the repeated hour the wall time names two instants; the first is chosen.
      if (back.getTime() !== whole.getTime()) expect(whole.getTime() - back.getTime()).toBe(3_600_000);
      else expect(back.getTime()).toBe(whole.getTime());
    }));
  });

  it('a Brussels day runs from brusselsStartOfDay to brusselsEndOfDay (23, 24 or 25 hours)', () => {
    expect(brusselsEndOfDay('2026-03-29').getTime() - brusselsStartOfDay('2026-03-29').getTime()).toBe(23 * 3_600_000);
    expect(brusselsEndOfDay('2026-10-25').getTime() - brusselsStartOfDay('2026-10-25').getTime()).toBe(25 * 3_600_000);
    fc.assert(fc.property(isoDate, (date) => {
      const start = brusselsStartOfDay(date);
      expect(brusselsDate(start)).toBe(date);
      expect(brusselsDate(new Date(start.getTime() - 1))).toBe(addDays(date, -1));
      expect(lastBrusselsDay(brusselsEndOfDay(date))).toBe(date);
    }));
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 0, '2026-03-29'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', -12, '2027-02-28'],
    ['2026-08-31', -6, '2026-02-28'],
    ['2026-07-15', -12, '2025-07-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-31', 0, '2026-05-31'],
  ])('addMonths(%s, %i) = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it('addDays and daysBetween agree, and a date plus one day is the next Brussels day', () => {
    fc.assert(fc.property(isoDate, fc.integer({ min: -2000, max: 2000 }), (date, n) => {
      expect(daysBetween(date, addDays(date, n))).toBe(n);
      expect(addDays(addDays(date, n), -n)).toBe(date);
    }));
  });

  it('addMonths never overshoots the target month and keeps the day when it can', () => {
    fc.assert(fc.property(isoDate, fc.integer({ min: -240, max: 240 }), (date, n) => {
      const result = addMonths(date, n);
      const months = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
      expect(months(result) - months(date)).toBe(n);
      const day = Number(date.slice(8));
      expect(Number(result.slice(8)) === day || addDays(result, 1).slice(8) === '01').toBe(true);
    }));
  });

  it('isoWeekday counts from Monday', () => {
    expect(['2026-07-13', '2026-07-14', '2026-07-15', '2026-07-16', '2026-07-17', '2026-07-18', '2026-07-19'].map(isoWeekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('isIsoDate accepts real calendar days only', () => {
    expect(['2026-01-01', '2028-02-29', '2026-12-31'].every(isIsoDate)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1', '2026-01-01T00:00', ''].some(isIsoDate)).toBe(false);
  });

  it('refuses fractional day and month counts', () => {
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => addMonths('2026-01-01', Number.NaN)).toThrow(RangeError);
  });
});
