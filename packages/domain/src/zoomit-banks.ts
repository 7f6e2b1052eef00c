/**
 * EBL-6: Zoomit shows invoices in the banking app of the banks that take part; an invitation to any
 * other bank would never be answered, so only these are offered and accepted (by BIC, as the
 * customer's bank identifies itself). Several brands share a BIC (Fintro and Hello bank! are BNP
 * Paribas Fortis): the list is by BIC, with the brands in its name.
 */
export interface ZoomitBank {
  bic: string;
  name: string;
}

export const ZOOMIT_BANKS: readonly ZoomitBank[] = Object.freeze([
  { bic: 'ARSPBE22', name: 'Argenta' },
  { bic: 'AXABBE22', name: 'AXA Bank / Crelan' },
  { bic: 'BBRUBEBB', name: 'ING Belgium' },
  { bic: 'BPOTBEB1', name: 'bpost bank' },
  { bic: 'CREGBEBB', name: 'CBC Banque' },
  { bic: 'CTBKBEBX', name: 'Beobank' },
  { bic: 'GEBABEBB', name: 'BNP Paribas Fortis / Fintro / Hello bank!' },
  { bic: 'GKCCBEBB', name: 'Belfius' },
  { bic: 'KREDBEBB', name: 'KBC' },
  { bic: 'NICABEBB', name: 'Crelan' },
  { bic: 'VDSPBE91', name: 'vdk bank' },
]);

/** A BIC as typed ("kredbebb", "KREDBEBBXXX") → its 8-character form when it is a supported bank, else null. */
export function supportedZoomitBic(input: string): string | null {
  const bic = input.trim().toUpperCase();
  if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) return null;
  const short = bic.slice(0, 8);
  if (bic.length === 11 && bic.slice(8) !== 'XXX') return null;
  return ZOOMIT_BANKS.some((b) => b.bic === short) ? short : null;
}

/** The country a BIC belongs to (its 5th and 6th characters). */
export const bicCountry = (bic: string): string => bic.slice(4, 6);
