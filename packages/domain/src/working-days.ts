/**
 * Working days and office hours (SPEC "Words"): a working day is Monday to Friday except Belgian
 * public holidays; office hours are 08:00–18:00 Europe/Brussels on working days.
 *
 * The holidays come from date-holidays (country BE, type "public" only: not observances such as
 * Easter Sunday or the King's Feast, nor regional or community holidays). That package carries
 * the rules of every country (~0.8 MB of data), so it lives in this module alone: code that needs
 * only dates imports `dates.ts`, and the web imports this module only from lazily loaded pages.
 *
 * A date-holidays instance keeps state (its language changes with each call), so it is never
 * shared: each reading of a year's holidays builds its own.
 */
import Holidays from 'date-holidays';
import { addDays, brusselsDate, brusselsEndOfDay, brusselsInstant, brusselsWallTime, isoWeekday, type IsoDate } from './dates.ts';

export interface PublicHoliday {
  date: IsoDate;
  /** The holiday's name in the language asked for. */
  name: string;
}

/** Office hours on a working day, Brussels wall-clock time: [opens, closes). */
export const OFFICE_HOURS = { opens: '08:00', closes: '18:00' } as const;

/** INV-8: documents other than invoices are deemed accepted after this many working days without objection. */
export const DEEMED_ACCEPTANCE_WORKING_DAYS = 5;

function publicHolidays(year: number, language: string): PublicHoliday[] {
  if (!Number.isSafeInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  return new Holidays('BE', { types: ['public'], languages: [language], timezone: 'Europe/Brussels' })
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
}

/** The Belgian public holidays of a year, in date order (names in Dutch, French or English). */
export function belgianPublicHolidays(year: number, language: 'nl' | 'fr' | 'en' = 'nl'): PublicHoliday[] {
  return publicHolidays(year, language);
}

/**
 * Working-day arithmetic over holidays read once per calendar. Reading a year's holidays costs
 * about a millisecond, so code that asks about many dates at once (a page of documents) makes one
 * calendar for that work and drops it afterwards; a calendar is never kept in module scope.
 */
export interface WorkingDayCalendar {
  isPublicHoliday(date: IsoDate): boolean;
  isWorkingDay(date: IsoDate): boolean;
  /**
   * The `n`-th working day after `date` (before it when `n` is negative); `date` itself need
   * not be a working day (5 working days after a Saturday is the next Friday, holidays aside).
   * `n = 0` answers `date` unchanged.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** `date` if it is a working day, otherwise the first working day after it. */
  nextWorkingDayFrom(date: IsoDate): IsoDate;
}

export function workingDayCalendar(): WorkingDayCalendar {
  const byYear = new Map<number, Set<IsoDate>>();
  const isPublicHoliday = (date: IsoDate): boolean => {
    const year = Number(date.slice(0, 4));
    let dates = byYear.get(year);
    if (!dates) {
      dates = new Set(publicHolidays(year, 'en').map((h) => h.date));
      byYear.set(year, dates);
    }
    return dates.has(date);
  };
  const isWorkingDay = (date: IsoDate): boolean => isoWeekday(date) <= 5 && !isPublicHoliday(date);
  return {
    isPublicHoliday,
    isWorkingDay,
    addWorkingDays(date, n) {
      if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
      const step = n < 0 ? -1 : 1;
      let day = date;
      for (let left = Math.abs(n); left > 0; ) {
        day = addDays(day, step);
        if (isWorkingDay(day)) left--;
      }
      return day;
    },
    nextWorkingDayFrom(date) {
      let day = date;
      while (!isWorkingDay(day)) day = addDays(day, 1);
      return day;
    },
  };
}

/** Whether `date` is a Belgian public holiday. */
export function isPublicHoliday(date: IsoDate): boolean {
  return workingDayCalendar().isPublicHoliday(date);
}

/** Whether `date` is a working day: Monday to Friday and not a Belgian public holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  return workingDayCalendar().isWorkingDay(date);
}

/** See `WorkingDayCalendar.addWorkingDays`. */
export function addWorkingDays(date: IsoDate, n: number, calendar: WorkingDayCalendar = workingDayCalendar()): IsoDate {
  return calendar.addWorkingDays(date, n);
}

/** `date` if it is a working day, otherwise the first working day after it. */
export function nextWorkingDayFrom(date: IsoDate): IsoDate {
  return workingDayCalendar().nextWorkingDayFrom(date);
}

/** The Brussels day and HH:mm at `at`. */
function wallClock(at: Date): { date: IsoDate; time: string } {
  const w = brusselsWallTime(at);
  return { date: w.date, time: `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}` };
}

/** Whether the office is open at `at`: a working day, from 08:00 (included) to 18:00 (excluded) in Brussels. */
export function isOfficeHours(at: Date, calendar: WorkingDayCalendar = workingDayCalendar()): boolean {
  const { date, time } = wallClock(at);
  return time >= OFFICE_HOURS.opens && time < OFFICE_HOURS.closes && calendar.isWorkingDay(date);
}

/** `at` itself during office hours, otherwise the instant the office next opens. */
export function officeHoursFrom(at: Date, calendar: WorkingDayCalendar = workingDayCalendar()): Date {
  if (isOfficeHours(at, calendar)) return at;
  const { date, time } = wallClock(at);
  const fromDay = time < OFFICE_HOURS.opens ? date : addDays(date, 1);
  return brusselsInstant(calendar.nextWorkingDayFrom(fromDay), OFFICE_HOURS.opens);
}

/**
 * INV-8: the last day to object to a document that appeared in the portal at `appearedAt`:
 * the fifth working day after the (Brussels) day it appeared. An objection on that day is in time.
 */
export function objectionDeadline(appearedAt: Date, calendar: WorkingDayCalendar = workingDayCalendar()): IsoDate {
  return calendar.addWorkingDays(brusselsDate(appearedAt), DEEMED_ACCEPTANCE_WORKING_DAYS);
}

/** INV-8: the instant a document without objection counts as accepted (the end of the objection deadline's day). */
export function deemedAcceptedAt(appearedAt: Date, calendar: WorkingDayCalendar = workingDayCalendar()): Date {
  return brusselsEndOfDay(objectionDeadline(appearedAt, calendar));
}

/** INV-8: whether a document that appeared at `appearedAt` and was not objected to counts as accepted at `now`. */
export function isDeemedAccepted(appearedAt: Date, now: Date, calendar: WorkingDayCalendar = workingDayCalendar()): boolean {
  return now.getTime() >= deemedAcceptedAt(appearedAt, calendar).getTime();
}
