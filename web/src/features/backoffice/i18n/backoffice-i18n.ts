import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { formatMoney, money, type MoneyLocale } from '@mandate/domain/money';
import { ApiError } from '../../../lib/api-client.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { backofficeEn, type BackofficeKey, type BackofficeMessages } from './backoffice-en.ts';
import { backofficeFr } from './backoffice-fr.ts';
import { backofficeNl } from './backoffice-nl.ts';

const CATALOGUES: Record<Language, BackofficeMessages> = { en: backofficeEn, fr: backofficeFr, nl: backofficeNl };
const MONEY_LOCALES: Record<Language, MoneyLocale> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' };

export type BackofficeTranslate = (key: BackofficeKey, params?: TranslateParams) => string;

export interface BackofficeI18n extends I18nValue {
  /** The back office's own texts, typed on its keys; `t` stays the portal's. */
  tb: BackofficeTranslate;
  /** An instant as a Brussels date and time. */
  dateTime: (iso: string) => string;
  /** An amount in euro cents, as the language writes it. */
  eur: (cents: number) => string;
  /**
   * A refusal of the API whose code has a text here, as the same error with that text as its detail
   * (the portal's dialogs show an unknown code's detail); any other error as it is.
   */
  localise: (error: unknown, texts: Partial<Record<string, string>>) => unknown;
}

function fill(text: string, params?: TranslateParams): string {
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

export function useBackofficeI18n(): BackofficeI18n {
  const base = useI18n();
  return useMemo(() => {
    const messages = CATALOGUES[base.language];
    const dateTimeFormat = new Intl.DateTimeFormat(base.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' });
    return {
      ...base,
      tb: (key, params) => fill(messages[key], params),
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      eur: (cents) => formatMoney(money(cents), MONEY_LOCALES[base.language]),
      localise: (error, texts) => {
        if (!(error instanceof ApiError)) return error;
        const text = texts[error.code];
        return text ? new ApiError({ ...error.problem, detail: text }) : error;
      },
    };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const BACKOFFICE_CATALOGUES = CATALOGUES;
