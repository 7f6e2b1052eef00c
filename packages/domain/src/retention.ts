/**
 * Retention windows (RET-1, RET-2, INV-3) and the delay before unbilled usage shows (INV-4).
 *
 * A retained record has a reference moment — a date or an instant, read as its Brussels
 * calendar day:
 * - `billing_data` (12 months): the last day of the billing period the data belongs to;
 * - `call_details` (6 months): the day of the call;
 * - `fixed_invoice_pdf` (24 months): the invoice date (PDF invoices of fixed services only);
 * - `traffic_data` (12 months at most): the day of the communication;
 * - `personal_data` (10 years): the last day of the contract.
 *
 * Rule, in Brussels calendar terms: on the Brussels day `today`, a record is retained while its
 * reference day is on or after `today − N months` (month arithmetic as `addMonths`: 31 March −
 * 1 month is 28/29 February). So billing data of a period ending 31 July 2025 is visible through
 * 31 July 2026 and gone at 00:00 Brussels on 1 August 2026. Expired data is invisible from that
 * instant; queries filter on `reference >= retentionStart(kind, now)` and the purge job removes
 * what is below it.
 */
import { addDays, addMonths, brusselsDate, brusselsStartOfDay, type IsoDate } from './dates.ts';

export const RETENTION_MONTHS = Object.freeze({
  billing_data: 12,
  call_details: 6,
  fixed_invoice_pdf: 24,
  traffic_data: 12,
  personal_data: 120,
} as const);

export type RetentionKind = keyof typeof RETENTION_MONTHS;

/** INV-4: unbilled usage shows at the earliest this long after the communication. */
export const UNBILLED_USAGE_DELAY_MS = 8 * 3_600_000;

const dayOf = (ref: Date | IsoDate): IsoDate => (typeof ref === 'string' ? ref : brusselsDate(ref));

/** The first Brussels day whose records of `kind` are still retained on the day of `now`. */
export function retentionCutoffDate(kind: RetentionKind, now: Date): IsoDate {
  return addMonths(brusselsDate(now), -RETENTION_MONTHS[kind]);
}

/** The earliest reference instant still retained at `now` (00:00 Brussels of the cut-off day). */
export function retentionStart(kind: RetentionKind, now: Date): Date {
  return brusselsStartOfDay(retentionCutoffDate(kind, now));
}

/** Whether a record of `kind` with reference `ref` is still retained (visible) at `now`. */
export function isRetained(kind: RetentionKind, ref: Date | IsoDate, now: Date): boolean {
  return dayOf(ref) >= retentionCutoffDate(kind, now);
}

/** The first Brussels day on which a record of `kind` with reference `ref` is no longer retained. */
export function expiryDate(kind: RetentionKind, ref: Date | IsoDate): IsoDate {
  const day = dayOf(ref);
  const months = RETENTION_MONTHS[kind];
  // addMonths clamps to the month's end, so a few days can share a cut-off: step to the first
  // day whose cut-off passes the reference day (at most four steps).
  let expiry = addDays(addMonths(day, months), 1);
  while (addMonths(expiry, -months) <= day) expiry = addDays(expiry, 1);
  return expiry;
}

/** The instant a record of `kind` with reference `ref` stops being retained (exclusive end of its visibility). */
export function availableUntil(kind: RetentionKind, ref: Date | IsoDate): Date {
  return brusselsStartOfDay(expiryDate(kind, ref));
}

/** INV-4: the instant usage of a communication at `at` may first be shown unbilled. */
export function unbilledVisibleFrom(at: Date): Date {
  return new Date(at.getTime() + UNBILLED_USAGE_DELAY_MS);
}

/** INV-4: whether unbilled usage of a communication at `at` may be shown at `now` (8 hours, to the millisecond). */
export function isUnbilledVisible(at: Date, now: Date): boolean {
  return at.getTime() + UNBILLED_USAGE_DELAY_MS <= now.getTime();
}

/** INV-4: the latest communication instant whose unbilled usage may be shown at `now` (filter `at <= cutoff`). */
export function unbilledVisibilityCutoff(now: Date): Date {
  return new Date(now.getTime() - UNBILLED_USAGE_DELAY_MS);
}
