/**
 * IMEI: 15 digits, the last being a Luhn check digit over the first 14. People write them with
 * spaces, dashes, slashes or dots ("35-209900-176148-1"); those are ignored.
 */

/** Whether a string of digits passes the Luhn check (its last digit checks the others). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}

/** An IMEI as typed → its 15 digits, or null when it is not a valid IMEI. */
export function normaliseImei(input: string): string | null {
  if (input.length > 40) return null;
  const digits = input.trim().replace(/[\s./-]/g, '');
  return /^\d{15}$/.test(digits) && luhnValid(digits) ? digits : null;
}

export function isValidImei(input: string): boolean {
  return normaliseImei(input) !== null;
}
