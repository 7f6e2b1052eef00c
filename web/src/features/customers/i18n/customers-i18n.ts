import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { featureFormats, translator } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { customersEn, type CustomersKey, type CustomersMessages } from './customers-en.ts';
import { customersFr } from './customers-fr.ts';
import { customersNl } from './customers-nl.ts';

const CATALOGUES: Record<Language, CustomersMessages> = { en: customersEn, fr: customersFr, nl: customersNl };

export type CustomersTranslate = (key: CustomersKey, params?: TranslateParams) => string;

export interface CustomersI18n extends I18nValue {
  /** The customer home's own texts, typed on its keys; `t` stays the portal's. */
  tc: CustomersTranslate;
  /** An instant as a Brussels date. */
  day: (iso: string) => string;
}

export function useCustomersI18n(): CustomersI18n {
  const base = useI18n();
  return useMemo(() => ({ ...base, tc: translator(CATALOGUES[base.language], base.language), day: featureFormats(base).dayOf }), [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const CUSTOMERS_CATALOGUES = CATALOGUES;
