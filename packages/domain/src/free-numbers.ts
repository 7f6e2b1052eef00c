/**
 * INV-5: calls and SMS to free numbers and emergency services never enter the portal (law of
 * 13 June 2005 on electronic communications, art. 110 §3: these numbers may not appear on the
 * caller's bill or its details). Ingestion drops them; this module is the one list, used by the
 * ingestion SQL (through the constants) and by code that checks a single number.
 */

/**
 * Short numbers dialled as they are (nationally never with a 0 in front): the emergency services
 * (112, 100 ambulance and fire, 101 police), 110 (reserved for emergency use), and the helplines of
 * social utility that BIPT's numbering plan makes free for the caller: 102 and 103 (children and
 * young people), 105 (Red Cross), 106 and 107 (Tele-Onthaal, Télé-Accueil), 1207 and 1307 (their
 * older numbers), 1712 (violence and abuse), 1813 (suicide prevention), and the harmonised
 * European numbers of social value 116000 (missing children), 116111 (child helpline), 116117
 * (medical on-call service) and 116123 (emotional support).
 */
export const FREE_SHORT_NUMBERS: readonly string[] = Object.freeze([
  '100', '101', '102', '103', '105', '106', '107', '110', '112',
  '1207', '1307', '1712', '1813',
  '116000', '116111', '116117', '116123',
]);

/** Free-phone ranges, written nationally: 0800 (Belgian free numbers) and 0808. */
export const FREE_NUMBER_PREFIXES: readonly string[] = Object.freeze(['0800', '0808']);

/**
 * Separators people and billing systems put in numbers; they never change the number. Every
 * white space (JavaScript's \s, spelled out so that the ingestion SQL removes exactly the same),
 * dots, slashes, brackets and dashes.
 */
export const NUMBER_SEPARATORS = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a'
  + '\u2028\u2029\u202f\u205f\u3000\ufeff./()-';
const SEPARATORS = new RegExp(`[${[...NUMBER_SEPARATORS].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');

/**
 * The number as dialled nationally: "+32 800 12 345" and "0032800…" → "0800…"; "+32 112" → "112"
 * (a short number keeps no 0); a national number stays as it is; a foreign number keeps its "+".
 */
export function nationalForm(destination: string): string {
  const n = destination.replace(SEPARATORS, '');
  const rest = n.startsWith('+32') ? n.slice(3) : n.startsWith('0032') ? n.slice(4) : null;
  if (rest === null) return n;
  return FREE_SHORT_NUMBERS.includes(rest) || rest.startsWith('0') ? rest : `0${rest}`;
}

/** INV-5: true for a free number or an emergency / social-utility short number (national or +32 form). */
export function isFreeOrEmergencyNumber(destination: string | null | undefined): boolean {
  if (!destination) return false;
  const national = nationalForm(destination);
  return FREE_SHORT_NUMBERS.includes(national) || FREE_NUMBER_PREFIXES.some((prefix) => national.startsWith(prefix));
}
