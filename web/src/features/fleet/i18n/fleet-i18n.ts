import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { featureFormats, translator, type FeatureFormats } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { fleetEn, type FleetKey, type FleetMessages } from './fleet-en.ts';
import { fleetFr } from './fleet-fr.ts';
import { fleetNl } from './fleet-nl.ts';

const CATALOGUES: Record<Language, FleetMessages> = { en: fleetEn, fr: fleetFr, nl: fleetNl };

export type FleetTranslate = (key: FleetKey, params?: TranslateParams) => string;

/** `count` shows at most one decimal; `day` takes a calendar date or an instant. */
export interface FleetI18n extends I18nValue, Pick<FeatureFormats, 'eur' | 'dateTime' | 'day' | 'lastDayBefore' | 'count' | 'month'> {
  /** The feature's own texts, typed on its keys; `t` stays the portal's. */
  tf: FleetTranslate;
}

/** The portal's i18n plus the texts and formats of Fleet Manager and My line. */
export function useFleetI18n(): FleetI18n {
  const base = useI18n();
  return useMemo(() => {
    const { eur, dateTime, day, lastDayBefore, count, month } = featureFormats(base, { countDecimals: 1 });
    return { ...base, tf: translator(CATALOGUES[base.language], base.language), eur, dateTime, day, lastDayBefore, count, month };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const FLEET_CATALOGUES = CATALOGUES;
