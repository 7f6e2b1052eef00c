/**
 * Notice periods and time limits in calendar terms, counted on Brussels days. A notice or
 * announcement given at an instant counts from its Brussels day. INV-8's deemed acceptance
 * counts working days and lives in working-days.ts.
 */
import { addDays, addMonths, brusselsDate, brusselsStartOfDay, type IsoDate } from './dates.ts';

/** ACC-3: who ends the customer account (or one app subscription). */
export type TerminatingParty = 'customer' | 'operator';

/** ACC-3: a customer gives 15 calendar days' notice, the operator 3 months'. */
export const NOTICE_PERIOD = Object.freeze({
  customer: Object.freeze({ days: 15, months: 0 }),
  operator: Object.freeze({ days: 0, months: 3 }),
} as const);

/** MOB-8: a number change for service reasons is announced at least this many months ahead. */
export const NUMBER_CHANGE_ANNOUNCEMENT_MONTHS = 2;

/** INV-7: a dispute must be filed within this many days of the invoice date. */
export const DISPUTE_WINDOW_DAYS = 30;

/**
 * ACC-3: the earliest termination date — the first day without the account — for notice given
 * at `noticeGivenAt`: its Brussels day plus the notice period (given on 1 March by the customer:
 * 16 March; by the operator: 1 June).
 */
export function earliestTerminationDate(by: TerminatingParty, noticeGivenAt: Date): IsoDate {
  const period = NOTICE_PERIOD[by];
  return addDays(addMonths(brusselsDate(noticeGivenAt), period.months), period.days);
}

/** ACC-3: the instant a termination on the earliest date takes effect (00:00 Brussels that day). */
export function terminationTakesEffectAt(by: TerminatingParty, noticeGivenAt: Date): Date {
  return brusselsStartOfDay(earliestTerminationDate(by, noticeGivenAt));
}

/** ACC-3: whether a termination on `terminationDate` respects the notice given at `noticeGivenAt`. */
export function respectsNoticePeriod(by: TerminatingParty, noticeGivenAt: Date, terminationDate: IsoDate): boolean {
  return terminationDate >= earliestTerminationDate(by, noticeGivenAt);
}

/** MOB-8: the earliest day a number change for service reasons announced at `announcedAt` may happen. */
export function earliestServiceNumberChange(announcedAt: Date): IsoDate {
  return addMonths(brusselsDate(announcedAt), NUMBER_CHANGE_ANNOUNCEMENT_MONTHS);
}

/** MOB-8: whether a service number change on `changeDate` was announced early enough. */
export function isNumberChangeAnnouncedInTime(announcedAt: Date, changeDate: IsoDate): boolean {
  return changeDate >= earliestServiceNumberChange(announcedAt);
}

/** INV-7: the last day to dispute an invoice dated `invoiceDate` (the 30th day after it, included). */
export function disputeDeadline(invoiceDate: IsoDate): IsoDate {
  return addDays(invoiceDate, DISPUTE_WINDOW_DAYS);
}

/** INV-7: whether an invoice dated `invoiceDate` may still be disputed at `now`. */
export function canDispute(invoiceDate: IsoDate, now: Date): boolean {
  return brusselsDate(now) <= disputeDeadline(invoiceDate);
}
