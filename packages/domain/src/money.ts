/**
 * Money as an integer number of cents with its currency, never a float. Arithmetic refuses
 * mixed currencies and results beyond Number.MAX_SAFE_INTEGER cents. Multiplying by a rate
 * rounds once, half away from zero, to the cent ("half-up" on the amount, so a credit rounds
 * like the matching debit); the rate is read as its exact decimal digits, so 0.15 is 15/100
 * and not the binary float nearest to it.
 */

export type Currency = 'EUR';

export interface Money {
  readonly cents: number;
  readonly currency: Currency;
}

export type MoneyLocale = 'nl-BE' | 'fr-BE' | 'en-BE';

export class CurrencyMismatchError extends Error {
  constructor(a: Currency, b: Currency) {
    super(`Cannot combine ${a} with ${b}`);
    this.name = 'CurrencyMismatchError';
  }
}

function checkedCents(cents: number | bigint): number {
  const n = typeof cents === 'bigint' ? Number(cents) : cents;
  if (!Number.isSafeInteger(n) || (typeof cents === 'bigint' && BigInt(n) !== cents)) {
    throw new RangeError(`An amount must be a safe integer number of cents, got ${String(cents)}`);
  }
  return Object.is(n, -0) ? 0 : n;
}

/** `cents` cents of `currency` (default EUR). */
export function money(cents: number, currency: Currency = 'EUR'): Money {
  return { cents: checkedCents(cents), currency };
}

/** `cents` euro cents. */
export function eur(cents: number): Money {
  return money(cents, 'EUR');
}

export const ZERO_EUR: Money = Object.freeze(eur(0));

/**
 * An amount written in units with at most two decimals ("12.34", "-0.5", "1234,50") → Money.
 * Null when it is not such an amount.
 */
export function parseMoney(input: string, currency: Currency = 'EUR'): Money | null {
  const m = /^\s*(-?)(\d{1,15})(?:[.,](\d{1,2}))?\s*$/.exec(input);
  if (!m) return null;
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  const value = m[1] === '-' ? -cents : cents;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return null;
  return money(Number(value), currency);
}

/**
 * An amount as a person types it in a language whose decimal separator is `decimal`: thousands may
 * be grouped by the other separator or a space ("1.700,50" in Dutch, "1 700,50" in French,
 * "1,700.50" in English). Anything else is read as parseMoney reads it.
 */
export function parseTypedMoney(input: string, decimal: ',' | '.', currency: Currency = 'EUR'): Money | null {
  const group = decimal === ',' ? '\\.' : ',';
  const grouped = new RegExp(`^\\s*(-?)(\\d{1,3}(?:[${group} \\u00a0\\u202f]\\d{3})+)(?:\\${decimal}(\\d{1,2}))?\\s*$`).exec(input);
  if (!grouped) return parseMoney(input, currency);
  return parseMoney(`${grouped[1]}${grouped[2]!.replace(/\D/g, '')}${grouped[3] ? `.${grouped[3]}` : ''}`, currency);
}

function sameCurrency(a: Money, b: Money): Currency {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
  return a.currency;
}

export function add(a: Money, b: Money): Money {
  return money(checkedCents(a.cents + b.cents), sameCurrency(a, b));
}

export function subtract(a: Money, b: Money): Money {
  return money(checkedCents(a.cents - b.cents), sameCurrency(a, b));
}

/** The sum of amounts (zero of `currency` for none). */
export function sum(amounts: readonly Money[], currency: Currency = 'EUR'): Money {
  return amounts.reduce((total, m) => add(total, m), money(0, currency));
}

export function negate(a: Money): Money {
  return money(-a.cents, a.currency);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.cents < b.cents ? -1 : a.cents > b.cents ? 1 : 0;
}

export function max(a: Money, b: Money): Money {
  return compare(a, b) >= 0 ? a : b;
}

export function min(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}

/** An exact rational number, numerator / denominator (denominator > 0). */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * A rate as an exact ratio: a decimal number or string (0.15, "0.15", "15e-2") or already a
 * ratio. A float rate is read by its shortest decimal spelling, which is what was written.
 */
export function ratio(rate: number | string | Ratio): Ratio {
  if (typeof rate === 'object') {
    if (rate.denominator <= 0n) throw new RangeError('A ratio needs a positive denominator');
    return rate;
  }
  const text = typeof rate === 'number' ? String(rate) : rate.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) throw new RangeError(`Not a decimal rate: ${JSON.stringify(String(rate))}`);
  const fraction = m[3] ?? '';
  let numerator = BigInt(m[2]! + fraction) * (m[1] === '-' ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  const exponent = Number(m[4] ?? 0);
  if (Math.abs(exponent) > 30) throw new RangeError(`Rate out of range: ${text}`);
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  return Object.freeze({ numerator, denominator });
}

/** numerator / denominator rounded half away from zero, for BigInts. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) return divideRounded(-numerator, -denominator);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/** `a` times `rate`, rounded once, half away from zero, to the cent. */
export function multiply(a: Money, rate: number | string | Ratio): Money {
  const r = ratio(rate);
  return money(checkedCents(divideRounded(BigInt(a.cents) * r.numerator, r.denominator)), a.currency);
}

/** A net amount with its VAT (rate in basis points, 2100 = 21 %), the VAT rounded once to the cent. */
export function withVat(netCents: number, vatRateBp: number): Money {
  const net = eur(netCents);
  return add(net, multiply(net, ratio({ numerator: BigInt(vatRateBp), denominator: 10_000n })));
}

/** `a` divided by a positive whole number, rounded half away from zero to the cent (an average). */
export function divide(a: Money, by: number): Money {
  if (!Number.isSafeInteger(by) || by <= 0) throw new RangeError(`Can only divide by a positive integer, got ${by}`);
  return money(checkedCents(divideRounded(BigInt(a.cents), BigInt(by))), a.currency);
}

/** Amounts for display in the user's language (nl-BE "€ 1.234,56", fr-BE "1 234,56 €", en-BE "€1,234.56"). */
export function formatMoney(a: Money, locale: MoneyLocale): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: a.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })
    .format(toDecimalString(a) as Intl.StringNumericLiteral); // a decimal string keeps every cent exact
}

/** The amount in units with two decimals and a point ("1234.56"), for exports and machine reading. */
export function toDecimalString(a: Money): string {
  const abs = Math.abs(a.cents);
  return `${a.cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
