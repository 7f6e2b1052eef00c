import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { featureFormats, translator, type FeatureFormats } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { deliveryEn, type DeliveryKey, type DeliveryMessages } from './delivery-en.ts';
import { deliveryFr } from './delivery-fr.ts';
import { deliveryNl } from './delivery-nl.ts';

const CATALOGUES: Record<Language, DeliveryMessages> = { en: deliveryEn, fr: deliveryFr, nl: deliveryNl };

export type DeliveryTranslate = (key: DeliveryKey, params?: TranslateParams) => string;

export interface DeliveryI18n extends I18nValue, Pick<FeatureFormats, 'dateTime' | 'dayOf'> {
  /** The feature's own texts, typed on its keys; `t` stays the portal's. */
  td: DeliveryTranslate;
}

/**
 * The portal's i18n plus the texts of invoice delivery. The public pages (the verification link,
 * the sandbox bank) use it too: it needs no signed-in user.
 */
export function useDeliveryI18n(): DeliveryI18n {
  const base = useI18n();
  return useMemo(() => {
    const { dateTime, dayOf } = featureFormats(base);
    return { ...base, td: translator(CATALOGUES[base.language], base.language), dateTime, dayOf };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const DELIVERY_CATALOGUES = CATALOGUES;
