/**
 * Belgian enterprise number (ondernemingsnummer / numéro d'entreprise), ACC-1.
 * Ten digits, starting with 0 or 1; the last two digits are 97 − (first eight mod 97).
 * Accepts the usual spellings ("0403.170.701", "BE 0403 170 701", "403170701").
 */
export function normaliseEnterpriseNumber(input: string): string | null {
  const digits = input.replace(/^\s*BE/i, '').replace(/[\s.-]/g, '');
  if (!/^\d{9,10}$/.test(digits)) return null;
  const ten = digits.length === 9 ? `0${digits}` : digits;
  if (ten[0] !== '0' && ten[0] !== '1') return null;
  const body = Number(ten.slice(0, 8));
  const check = Number(ten.slice(8));
  return 97 - (body % 97) === check ? ten : null;
}

export function isValidEnterpriseNumber(input: string): boolean {
  return normaliseEnterpriseNumber(input) !== null;
}

/** 0403170701 → 0403.170.701 */
export function formatEnterpriseNumber(ten: string): string {
  return `${ten.slice(0, 4)}.${ten.slice(4, 7)}.${ten.slice(7)}`;
}

/** Builds a valid enterprise number from an eight-digit body (used by the data generator). */
export function enterpriseNumberFromBody(body: number): string {
  const head = String(body).padStart(8, '0');
  const check = 97 - (body % 97);
  return `${head}${String(check).padStart(2, '0')}`;
}
