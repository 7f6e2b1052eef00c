/**
 * Fees the terms set (004 art. 6; mobile specific terms). Amounts in cents, rounded once,
 * half away from zero, to the cent (see money.ts).
 */
import { addMonths, type IsoDate } from './dates.ts';
import { eur, max, money, multiply, ratio, sum, type Money } from './money.ts';

/** INV-9: the late-payment fee rate and its minimum. */
export const LATE_PAYMENT_RATE = ratio('0.15');
export const LATE_PAYMENT_MINIMUM: Money = Object.freeze(eur(6000));

/** MOB-10: the part of the average billed call amount due per remaining month, and the fee per SIM. */
export const EARLY_TERMINATION_CALL_SHARE = ratio('0.5');
export const EARLY_TERMINATION_SIM_FEE: Money = Object.freeze(eur(5000));
/** MOB-10: how many of the latest closed invoices the average call amount is taken over. */
export const EARLY_TERMINATION_INVOICES = 3;

/**
 * INV-9: the fee on an overdue amount: 15 % of it, at least €60. Nothing is overdue, no fee:
 * an amount due of zero or less (a credit) costs nothing.
 */
export function latePaymentFee(amountDue: Money): Money {
  if (amountDue.cents <= 0) return money(0, amountDue.currency);
  return max(multiply(amountDue, LATE_PAYMENT_RATE), money(LATE_PAYMENT_MINIMUM.cents, amountDue.currency));
}

/**
 * MOB-10: the monthly fees still to come from `terminationDate` (the first day without the
 * subscription) to `initialTermEnd` (the last day of the initial term, included). A started month
 * counts as a whole one, as it would have been billed: one day left is one month; none is zero.
 */
export function remainingTermMonths(terminationDate: IsoDate, initialTermEnd: IsoDate): number {
  let months = 0;
  while (addMonths(terminationDate, months) <= initialTermEnd) months++;
  return months;
}

export interface EarlyTerminationInput {
  /** The first day without the subscription (Brussels). */
  terminationDate: IsoDate;
  /** The last day of the initial fixed term (Brussels, included). */
  initialTermEnd: IsoDate;
  /** The subscription's monthly fee. */
  monthlyFee: Money;
  /**
   * The billed call amounts of the latest closed invoices, at most three. Fewer (a young
   * subscription) average over those there are; none makes that part zero.
   */
  lastClosedInvoiceCallAmounts: readonly Money[];
  /** SIMs the termination covers. */
  sims: number;
}

export interface EarlyTerminationFee {
  remainingMonths: number;
  /** Remaining monthly fees to the end of the initial term. */
  remainingFees: Money;
  /** 50 % of the average billed call amount × the remaining months. */
  callCompensation: Money;
  /** €50 per SIM. */
  simFees: Money;
  total: Money;
}

/**
 * MOB-10: what ending a fixed-term professional subscription early costs, itemised to be shown
 * before the user confirms. Nothing when the initial term is over.
 */
export function earlyTerminationFee(input: EarlyTerminationInput): EarlyTerminationFee {
  const { monthlyFee, lastClosedInvoiceCallAmounts: calls, sims } = input;
  if (calls.length > EARLY_TERMINATION_INVOICES) {
    throw new RangeError(`At most ${EARLY_TERMINATION_INVOICES} closed invoices count, got ${calls.length}`);
  }
  if (!Number.isSafeInteger(sims) || sims < 0) throw new RangeError(`sims must be a whole number, got ${sims}`);
  const currency = monthlyFee.currency;
  const remainingMonths = remainingTermMonths(input.terminationDate, input.initialTermEnd);
  if (remainingMonths === 0) {
    const zero = money(0, currency);
    return { remainingMonths, remainingFees: zero, callCompensation: zero, simFees: zero, total: zero };
  }
  const remainingFees = multiply(monthlyFee, remainingMonths);
  // 50 % × (sum / count) × months, rounded once at the end.
  const callCompensation = calls.length === 0
    ? money(0, currency)
    : multiply(sum(calls, currency), {
      numerator: EARLY_TERMINATION_CALL_SHARE.numerator * BigInt(remainingMonths),
      denominator: EARLY_TERMINATION_CALL_SHARE.denominator * BigInt(calls.length),
    });
  const simFees = multiply(money(EARLY_TERMINATION_SIM_FEE.cents, currency), sims);
  return { remainingMonths, remainingFees, callCompensation, simFees, total: sum([remainingFees, callCompensation, simFees], currency) };
}
