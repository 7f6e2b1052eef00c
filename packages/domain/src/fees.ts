/**
 * Fees the terms set (004 art. 6). Amounts in cents, rounded once, half away from zero, to the
 * cent (see money.ts). The early-termination cost (MOB-10) is in termination.ts.
 */
import { eur, max, money, multiply, ratio, type Money } from './money.ts';

/** INV-9: the late-payment fee rate and its minimum. */
export const LATE_PAYMENT_RATE = ratio('0.15');
export const LATE_PAYMENT_MINIMUM: Money = Object.freeze(eur(6000));

/**
 * INV-9: the fee on an overdue amount: 15 % of it, at least €60. Nothing is overdue, no fee:
 * an amount due of zero or less (a credit) costs nothing.
 */
export function latePaymentFee(amountDue: Money): Money {
  if (amountDue.cents <= 0) return money(0, amountDue.currency);
  return max(multiply(amountDue, LATE_PAYMENT_RATE), money(LATE_PAYMENT_MINIMUM.cents, amountDue.currency));
}
