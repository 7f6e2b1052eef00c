/**
 * IBAN (EBL-6, EBL-7) through ibantools: validation of the country's length and format and of
 * the mod-97 check digits, the electronic format to store, and the masked form to show.
 */
import { electronicFormatIBAN, friendlyFormatIBAN, isValidIBAN } from 'ibantools';

/** Input longer than any IBAN written with spaces is refused before any work. */
const MAX_INPUT_LENGTH = 64;

/**
 * An IBAN as typed ("be68 5390 0754 7034", "BE68-5390-0754-7034") → its electronic format
 * ("BE68539007547034"), or null when it is not a valid IBAN.
 */
export function electronicIban(input: string): string | null {
  if (input.length > MAX_INPUT_LENGTH) return null;
  const electronic = electronicFormatIBAN(input.trim());
  return electronic !== null && isValidIBAN(electronic) ? electronic : null;
}

/** Whether `input` (spaces, dashes and case aside) is a valid IBAN. */
export function isValidIban(input: string): boolean {
  return electronicIban(input) !== null;
}

/** An IBAN in groups of four for display ("BE68 5390 0754 7034"). */
export function formatIban(iban: string): string {
  return friendlyFormatIBAN(electronicFormatIBAN(iban) ?? iban) ?? iban;
}

/**
 * EBL-7: an IBAN shown masked, keeping the country, the check digits and the last four
 * characters ("BE68 **** **** 7034"), enough for its holder to recognise it.
 */
export function maskIban(iban: string): string {
  const electronic = electronicFormatIBAN(iban) ?? '';
  if (electronic.length <= 8) return '*'.repeat(electronic.length);
  const masked = electronic.slice(0, 4) + '*'.repeat(electronic.length - 8) + electronic.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}
