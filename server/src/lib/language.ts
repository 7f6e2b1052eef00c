import Negotiator from 'negotiator';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';

/** A text in each language of the portal (DESIGN §9: texts exist in NL, FR and EN). */
export type Localized = Readonly<Record<Language, string>>;

/** The language of an answer when the request names none of the portal's. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** The portal's languages, English first: the one a request gets when it names none or accepts any (`*`). */
const OFFERED: readonly Language[] = [DEFAULT_LANGUAGE, ...LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE)];

/**
 * The language of the human texts of an answer (exports, generated PDFs), from the request's
 * Accept-Language (RFC 9110 §12.5.4), negotiated by `negotiator` (the one Express and Koa use): of
 * nl, fr and en, the one named with the highest quality, a regional tag counting for its language
 * (`fr-BE` is fr). English when none is acceptable or there is no header.
 */
export function languageOf(acceptLanguage: string | readonly string[] | undefined): Language {
  const header = typeof acceptLanguage === 'string' ? acceptLanguage : acceptLanguage?.join(',');
  if (!header?.trim()) return DEFAULT_LANGUAGE;
  const [best] = new Negotiator({ headers: { 'accept-language': header } }).languages([...OFFERED]);
  return (OFFERED as readonly string[]).includes(best ?? '') ? best as Language : DEFAULT_LANGUAGE;
}
