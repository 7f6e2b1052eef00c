import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { formatMoney, money, type MoneyLocale } from '@mandate/domain/money';
import { formatDate } from '../../../lib/format.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { fleetEn, type FleetKey, type FleetMessages } from './fleet-en.ts';
import { fleetFr } from './fleet-fr.ts';
import { fleetNl } from './fleet-nl.ts';

const CATALOGUES: Record<Language, FleetMessages> = { en: fleetEn, fr: fleetFr, nl: fleetNl };
/** Amounts the Belgian way in every language. */
const MONEY_LOCALES: Record<Language, MoneyLocale> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' };

export type FleetTranslate = (key: FleetKey, params?: TranslateParams) => string;

export interface FleetI18n extends I18nValue {
  /** The feature's own texts, typed on its keys; `t` stays the portal's. */
  tf: FleetTranslate;
  /** Integer cents as an amount in euro. */
  eur: (cents: number) => string;
  /** An instant as a Brussels date and time. */
  dateTime: (iso: string) => string;
  /** A calendar date (YYYY-MM-DD) or an instant's Brussels day. */
  day: (iso: string) => string;
  /** A number with the language's grouping (and at most one decimal). */
  count: (n: number) => string;
  /** YYYY-MM as "November 2026". */
  month: (yearMonth: string) => string;
}

function fill(text: string, params?: TranslateParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The portal's i18n plus the texts and formats of Fleet Manager and My line. */
export function useFleetI18n(): FleetI18n {
  const base = useI18n();
  return useMemo(() => {
    const messages = CATALOGUES[base.language];
    const moneyLocale = MONEY_LOCALES[base.language];
    const dateTimeFormat = new Intl.DateTimeFormat(base.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' });
    const dayFormat = new Intl.DateTimeFormat(base.locale, { dateStyle: 'medium', timeZone: 'Europe/Brussels' });
    const monthFormat = new Intl.DateTimeFormat(base.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const numberFormat = new Intl.NumberFormat(base.locale, { maximumFractionDigits: 1 });
    return {
      ...base,
      tf: (key, params) => fill(messages[key], params),
      eur: (cents) => formatMoney(money(cents), moneyLocale),
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      day: (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso, base.locale) : dayFormat.format(new Date(iso))),
      count: (n) => numberFormat.format(n),
      month: (yearMonth) => {
        const [year, month] = yearMonth.split('-').map(Number);
        return year && month ? monthFormat.format(new Date(Date.UTC(year, month - 1, 1))) : yearMonth;
      },
    };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const FLEET_CATALOGUES = CATALOGUES;
