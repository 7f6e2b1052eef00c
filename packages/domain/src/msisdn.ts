/**
 * Mobile numbers (MSISDN) as people type them and as the portal stores them: E.164
 * ("+32470000001"). Parsing and formatting use libphonenumber-js with its small metadata, which
 * checks a number's length and leading digits per country (not whether it is mobile or fixed).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Longer input is no phone number; refusing it early bounds the work done on client text. */
const MAX_INPUT_LENGTH = 40;

/**
 * A phone number as typed → E.164, or null when it is not a valid number. Accepts the usual
 * spellings: "+32 470 00 00 01", "0032 470 000 001", "0470/00.00-01", "(0470) 00 00 01",
 * "+32 (0)470 00 00 01", and a national number without its leading 0 ("470000001"). A number
 * without a country prefix is read in `defaultCountry`. Refuses extensions and surrounding text.
 */
export function parseMsisdn(input: string, defaultCountry: CountryCode = 'BE'): string | null {
  if (input.length > MAX_INPUT_LENGTH) return null;
  const phone = parsePhoneNumberFromString(input.trim(), { defaultCountry, extract: false });
  if (!phone || phone.ext || !phone.isValid()) return null;
  return phone.number;
}

/** Like `parseMsisdn`, for input that must be a number: throws `InvalidMsisdnError` otherwise. */
export function parseMsisdnOrThrow(input: string, defaultCountry: CountryCode = 'BE'): string {
  const e164 = parseMsisdn(input, defaultCountry);
  if (e164 === null) throw new InvalidMsisdnError(input);
  return e164;
}

/**
 * Whether an E.164 number is a Belgian mobile number: 045–049 and seven more digits in the BIPT
 * numbering plan (04 followed by 0–4 is the Liège area's fixed lines, which the small metadata
 * accepts as valid numbers).
 */
export function isBelgianMobile(e164: string): boolean {
  return /^\+324[5-9]\d{7}$/.test(e164);
}

export class InvalidMsisdnError extends Error {
  readonly code = 'invalid_msisdn';
  constructor(readonly input: string) {
    super('Not a valid phone number.');
    this.name = 'InvalidMsisdnError';
  }
}

export type MsisdnStyle = 'national' | 'international';

/**
 * An E.164 number for display: 'national' as dialled within its country ("0470 00 00 01"),
 * 'international' with its country code ("+32 470 00 00 01"). Anything that does not parse as
 * E.164 is returned unchanged, so a display never fails on odd stored data.
 */
export function formatMsisdn(e164: string, style: MsisdnStyle = 'international'): string {
  const phone = e164.startsWith('+') ? parsePhoneNumberFromString(e164, { extract: false }) : undefined;
  if (!phone) return e164;
  return style === 'national' ? phone.formatNational() : phone.formatInternational();
}

/** How a search for a number as typed matches stored E.164 numbers. */
export type MsisdnSearch =
  /** The stored number starts with `value` (an E.164 prefix such as "+32470"). */
  | { match: 'prefix'; value: string }
  /** The stored number contains the digits `value` anywhere. */
  | { match: 'digits'; value: string };

/**
 * A search for part of a number as people type it. "+32 470 12", "0032470…" and "0470 12…" are
 * prefixes of the international number (a leading 0 is a Belgian national prefix); other
 * digits match anywhere. Everything but digits is ignored. Null when there are no digits to
 * search for (no filter).
 */
export function msisdnSearch(q: string | undefined): MsisdnSearch | null {
  const raw = (q ?? '').trim();
  const digits = raw.replace(/\D/g, '');
  if (!digits) return null;
  if (raw.startsWith('+')) return { match: 'prefix', value: `+${digits}` };
  if (raw.startsWith('00')) return digits.length > 2 ? { match: 'prefix', value: `+${digits.slice(2)}` } : null;
  if (raw.startsWith('0')) return { match: 'prefix', value: `+32${digits.slice(1)}` };
  return { match: 'digits', value: digits };
}

/**
 * The spellings a destination starting with `prefix` may have in call details, which keep the
 * number as the network recorded it: international with "+" or "00", or Belgian national with
 * "0". "+49", "0049" and "49" find the same German calls; "0470" finds "+32470…", "0032470…" and
 * "0470…". `prefix` is digits, optionally after one "+" (as the API's filter validates it).
 */
export function destinationPrefixes(prefix: string): string[] {
  const forms = (international: string) => [`+${international}`, `00${international}`];
  if (prefix.startsWith('+')) return [...new Set([prefix, ...forms(prefix.slice(1))])];
  if (prefix.startsWith('00')) return [...new Set([prefix, ...forms(prefix.slice(2))])];
  if (prefix.startsWith('0')) return [...new Set([prefix, ...forms(`32${prefix.slice(1)}`)])];
  return [...new Set([prefix, ...forms(prefix)])];
}

/**
 * EBL-7: a mobile number shown masked, keeping the country prefix and the last three digits
 * ("+32******001"), enough for its holder to recognise it.
 */
export function maskMsisdn(e164: string): string {
  if (e164.length <= 6) return '*'.repeat(e164.length);
  return e164.slice(0, 3) + '*'.repeat(e164.length - 6) + e164.slice(-3);
}
