import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { deliveryEn, type DeliveryKey, type DeliveryMessages } from './delivery-en.ts';
import { deliveryFr } from './delivery-fr.ts';
import { deliveryNl } from './delivery-nl.ts';

const CATALOGUES: Record<Language, DeliveryMessages> = { en: deliveryEn, fr: deliveryFr, nl: deliveryNl };

export type DeliveryTranslate = (key: DeliveryKey, params?: TranslateParams) => string;

export interface DeliveryI18n extends I18nValue {
  /** The feature's own texts, typed on its keys; `t` stays the portal's. */
  td: DeliveryTranslate;
  /** An instant as a Brussels date and time. */
  dateTime: (iso: string) => string;
  /** An instant as its Brussels calendar date. */
  dayOf: (iso: string) => string;
}

function fill(text: string, params?: TranslateParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * The portal's i18n plus the texts of invoice delivery. The public pages (the verification link,
 * the sandbox bank) use it too: it needs no signed-in user.
 */
export function useDeliveryI18n(): DeliveryI18n {
  const base = useI18n();
  return useMemo(() => {
    const messages = CATALOGUES[base.language];
    const dateTimeFormat = new Intl.DateTimeFormat(base.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' });
    const dayFormat = new Intl.DateTimeFormat(base.locale, { dateStyle: 'medium', timeZone: 'Europe/Brussels' });
    return {
      ...base,
      td: (key, params) => fill(messages[key], params),
      dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
      dayOf: (iso) => dayFormat.format(new Date(iso)),
    };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const DELIVERY_CATALOGUES = CATALOGUES;
