import { LANGUAGES, type Language } from '@mandate/domain/profiles';

/** A text in each language of the portal (DESIGN §9: texts exist in NL, FR and EN). */
export type Localized = Readonly<Record<Language, string>>;

/** The language of an answer when the request names none of the portal's. */
export const DEFAULT_LANGUAGE: Language = 'en';

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/** `q=0.8` → 0.8; null when it is no quality value (RFC 9110 §12.4.2: 0 to 1, at most three decimals). */
function qualityOf(param: string): number | null {
  const match = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(param);
  return match ? Number(match[1]) : null;
}

/**
 * The language of the human texts of an answer (exports), from the request's Accept-Language
 * (RFC 9110 §12.5.4): of nl, fr and en, the one named with the highest quality, a regional tag
 * counting for its language (`fr-BE` is fr); on equal quality the one named first. A range with
 * q=0, an unknown language, `*` or a malformed entry is passed over. English when none is left
 * (or there is no header).
 */
export function languageOf(acceptLanguage: string | readonly string[] | undefined): Language {
  const header = typeof acceptLanguage === 'string' ? acceptLanguage : acceptLanguage?.join(',');
  if (!header) return DEFAULT_LANGUAGE;
  let best: { language: Language; q: number } | undefined;
  for (const entry of header.split(',')) {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim());
    const language = range.toLowerCase().split('-')[0] ?? '';
    if (!isLanguage(language)) continue;
    let q: number | null = 1;
    for (const param of params) if (/^q\s*=/i.test(param)) q = qualityOf(param);
    if (q === null || q === 0) continue;
    if (!best || q > best.q) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}
