import type { IsoDate } from './dates.ts';

/** MOB-10: €50 per SIM. */
export const TERMINATION_FEE_PER_SIM_CENTS = 5000;
/** MOB-10: the call amount is averaged over the last 3 closed invoices. */
export const TERMINATION_INVOICES = 3;

/**
 * The monthly fees still due when a line ends early: those of the billing periods (calendar
 * months) after the current one, up to and including the month in which the initial term ends.
 * The current month's fee is already charged.
 */
export function remainingMonths(today: IsoDate, initialTermEnd: IsoDate | null): number {
  if (!initialTermEnd || initialTermEnd < today) return 0;
  const months = (d: IsoDate) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return Math.max(0, months(initialTermEnd) - months(today));
}

export interface TerminationCost {
  remainingMonths: number;
  remainingFeesCents: number;
  averageCallAmountCents: number;
  callCompensationCents: number;
  perSimFeeCents: number;
  totalCents: number;
}

/**
 * MOB-10: ending a fixed-term subscription before the end of its initial term costs the remaining
 * monthly fees, plus 50 % of the average billed call amount of the last 3 closed invoices times
 * the remaining months, plus €50 per SIM. Nothing once the initial term has ended. In integer
 * cents: the compensation is rounded once, half up, from the exact average (the average shown
 * beside it is rounded on its own, for reading).
 */
export function earlyTerminationCost(input: {
  today: IsoDate;
  initialTermEnd: IsoDate | null;
  monthlyFeeCents: number;
  /** The SIM's billed call amount on each of the last closed invoices (at most 3 are used). */
  callAmountsCents: readonly number[];
}): TerminationCost {
  const early = input.initialTermEnd !== null && input.initialTermEnd >= input.today;
  const remaining = remainingMonths(input.today, input.initialTermEnd);
  const amounts = input.callAmountsCents.slice(0, TERMINATION_INVOICES);
  const average = amounts.length === 0 ? 0 : Math.round(amounts.reduce((t, a) => t + a, 0) / amounts.length);
  const remainingFeesCents = input.monthlyFeeCents * remaining;
  const total = amounts.reduce((t, a) => t + a, 0);
  const callCompensationCents = amounts.length === 0 ? 0 : Math.round((total * remaining) / (2 * amounts.length));
  const perSimFeeCents = early ? TERMINATION_FEE_PER_SIM_CENTS : 0;
  return {
    remainingMonths: remaining, remainingFeesCents, averageCallAmountCents: average, callCompensationCents, perSimFeeCents,
    totalCents: early ? remainingFeesCents + callCompensationCents + perSimFeeCents : 0,
  };
}
