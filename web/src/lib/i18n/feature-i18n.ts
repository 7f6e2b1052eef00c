import type { Language } from '@mandate/domain/profiles';
import { formatMoney, money, type MoneyLocale } from '@mandate/domain/money';
import { formatDate, frenchFirst } from '../format.ts';
import { frenchElision } from './french.ts';
import type { TranslateParams } from './i18n.tsx';

/*
 * What every feature's own catalogue needs beside the portal's i18n: its texts filled as t() fills
 * the portal's, and the formats its screens share. Each feature's hook keeps its own names for them.
 */

/** {name} placeholders of `text` filled from `params`; one without a value stays as written. */
export function fill(text: string, params?: TranslateParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A translate function over one feature catalogue in one language, typed on its keys (French elides
 * "de" before a filled-in name). A key the catalogue lacks (a code the API added later) shows as itself.
 */
export function translator<K extends string>(messages: Record<K, string>, language: Language): (key: K, params?: TranslateParams) => string {
  const text = (key: K, params?: TranslateParams) => fill(messages[key] ?? key, params);
  return language === 'fr' ? (key, params) => frenchElision(text(key, params)) : text;
}

/** Amounts the Belgian way in every language (€ and the decimal comma or point of the language). */
const MONEY_LOCALES: Record<Language, MoneyLocale> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' };

export interface FeatureFormats {
  /** Integer cents as an amount in euro. */
  eur: (cents: number) => string;
  /** An instant as a Brussels date and time. */
  dateTime: (iso: string) => string;
  /** An instant as its Brussels calendar date. */
  dayOf: (iso: string) => string;
  /**
   * The last Brussels day before an instant: what a window that closes then still holds. Data
   * leaving at 7 December 00:00 is "available until 6 December".
   */
  lastDayBefore: (iso: string) => string;
  /** A calendar date (YYYY-MM-DD) as it is, or an instant's Brussels day. */
  day: (iso: string) => string;
  /** A number with the language's grouping. */
  count: (n: number) => string;
  /** YYYY-MM or YYYY-MM-DD as "November 2026". */
  month: (iso: string) => string;
}

/**
 * The formats of one language, built once per language change (inside the hook's useMemo).
 * `countDecimals`: the most decimals count() shows (the language's default otherwise).
 */
export function featureFormats({ language, locale }: { language: Language; locale: string }, { countDecimals }: { countDecimals?: number } = {}): FeatureFormats {
  const moneyLocale = MONEY_LOCALES[language];
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' });
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Brussels' });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const numberFormat = new Intl.NumberFormat(locale, countDecimals === undefined ? {} : { maximumFractionDigits: countDecimals });
  const dayOf = (iso: string) => frenchFirst(dayFormat.format(new Date(iso)), locale);
  return {
    eur: (cents) => formatMoney(money(cents), moneyLocale),
    dateTime: (iso) => frenchFirst(dateTimeFormat.format(new Date(iso)), locale),
    dayOf,
    lastDayBefore: (iso) => frenchFirst(dayFormat.format(new Date(Date.parse(iso) - 1)), locale),
    day: (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso, locale) : dayOf(iso)),
    count: (n) => numberFormat.format(n),
    month: (iso) => {
      const [year, month] = iso.split('-').map(Number);
      return year && month ? monthFormat.format(new Date(Date.UTC(year, month - 1, 1))) : iso;
    },
  };
}
