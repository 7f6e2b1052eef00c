import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { insightsEn, type InsightsKey, type InsightsMessages } from './en.ts';
import { insightsFr } from './fr.ts';
import { insightsNl } from './nl.ts';
import { translator } from '../../../lib/i18n/feature-i18n.ts';

const CATALOGUES: Record<Language, InsightsMessages> = { en: insightsEn, fr: insightsFr, nl: insightsNl };

export type InsightsTranslate = (key: InsightsKey, params?: TranslateParams) => string;

export interface InsightsI18n extends I18nValue {
  /** Invoice Insights' own texts, in the interface language, {placeholders} filled as t() does. */
  ti: InsightsTranslate;
  /** Cents as euros in the interface language (e.g. € 1.234,56 in Dutch). */
  money: (cents: number) => string;
  /** A signed amount: +€ 12,00 / −€ 3,50. */
  signedMoney: (cents: number) => string;
  /** YYYY-MM as "October 2026" (long) or "Oct 2026" (short). */
  month: (yearMonth: string, style?: 'long' | 'short') => string;
}

export function useInsightsI18n(): InsightsI18n {
  const base = useI18n();
  const { language, locale } = base;
  return useMemo(() => {
    const messages = CATALOGUES[language];
    const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    const signed = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', signDisplay: 'exceptZero' });
    const long = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    // The full year: "Dec 25" reads as a day of December.
    const short = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    return {
      ...base,
      ti: translator(messages, language),
      money: (cents) => euros.format(cents / 100),
      signedMoney: (cents) => signed.format(cents / 100),
      month: (yearMonth, style = 'long') => {
        const [year, month] = yearMonth.split('-').map(Number);
        if (!year || !month) return yearMonth;
        return (style === 'long' ? long : short).format(new Date(Date.UTC(year, month - 1, 1)));
      },
    };
  }, [base, language, locale]);
}
