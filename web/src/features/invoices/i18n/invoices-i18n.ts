import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { formatMoney, money, type MoneyLocale } from '@mandate/domain/money';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { invoicesEn, type InvoicesKey, type InvoicesMessages } from './invoices-en.ts';
import { invoicesFr } from './invoices-fr.ts';
import { invoicesNl } from './invoices-nl.ts';

const CATALOGUES: Record<Language, InvoicesMessages> = { en: invoicesEn, fr: invoicesFr, nl: invoicesNl };
/** Amounts the Belgian way in every language (€ and the decimal comma or point of the language). */
const MONEY_LOCALES: Record<Language, MoneyLocale> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' };

export type InvoicesTranslate = (key: InvoicesKey, params?: TranslateParams) => string;

export interface InvoicesI18n extends I18nValue {
  /** The feature's own texts, typed on its keys; `t` stays the portal's. */
  ti: InvoicesTranslate;
  /** Integer cents as an amount in euro. */
  eur: (cents: number) => string;
  /** An instant as a Brussels date and time. */
  dateTime: (iso: string) => string;
  /** An instant as its Brussels calendar date. */
  dayOf: (iso: string) => string;
  /** A number with the language's grouping. */
  count: (n: number) => string;
  /** YYYY-MM or YYYY-MM-DD as "November 2026". */
  month: (iso: string) => string;
}

function fill(text: string, params?: TranslateParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The portal's i18n plus the texts and formats of My invoice online. */
export function useInvoicesI18n(): InvoicesI18n {
  const base = useI18n();
  return useMemo(() => {
    const messages = CATALOGUES[base.language];
    const moneyLocale = MONEY_LOCALES[base.language];
    const dateTimeFormat = new Intl.DateTimeFormat(base.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' });
    const dayFormat = new Intl.DateTimeFormat(base.locale, { dateStyle: 'medium', timeZone: 'Europe/Brussels' });
    const monthFormat = new Intl.DateTimeFormat(base.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const numberFormat = new Intl.NumberFormat(base.locale);
    return {
      ...base,
      ti: (key, params) => fill(messages[key], params),
      eur: (cents) => formatMoney(money(cents), moneyLocale),
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      dayOf: (iso) => dayFormat.format(new Date(iso)),
      count: (n) => numberFormat.format(n),
      month: (iso) => {
        const [year, month] = iso.split('-').map(Number);
        return year && month ? monthFormat.format(new Date(Date.UTC(year, month - 1, 1))) : iso;
      },
    };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const INVOICES_CATALOGUES = CATALOGUES;
