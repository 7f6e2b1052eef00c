import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { featureFormats, translator, type FeatureFormats } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { invoicesEn, type InvoicesKey, type InvoicesMessages } from './invoices-en.ts';
import { invoicesFr } from './invoices-fr.ts';
import { invoicesNl } from './invoices-nl.ts';

const CATALOGUES: Record<Language, InvoicesMessages> = { en: invoicesEn, fr: invoicesFr, nl: invoicesNl };

export type InvoicesTranslate = (key: InvoicesKey, params?: TranslateParams) => string;

export interface InvoicesI18n extends I18nValue, Pick<FeatureFormats, 'eur' | 'dateTime' | 'dayOf' | 'lastDayBefore' | 'count' | 'month'> {
  /** The feature's own texts, typed on its keys; `t` stays the portal's. */
  ti: InvoicesTranslate;
}

/** The portal's i18n plus the texts and formats of My invoice online. */
export function useInvoicesI18n(): InvoicesI18n {
  const base = useI18n();
  return useMemo(() => {
    const { eur, dateTime, dayOf, lastDayBefore, count, month } = featureFormats(base);
    return { ...base, ti: translator(CATALOGUES[base.language], base.language), eur, dateTime, dayOf, lastDayBefore, count, month };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const INVOICES_CATALOGUES = CATALOGUES;
