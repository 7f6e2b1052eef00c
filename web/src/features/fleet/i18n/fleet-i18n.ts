import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { featureFormats, translator, type FeatureFormats } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { fleetEn, type FleetKey, type FleetMessages } from './fleet-en.ts';
import { fleetFr } from './fleet-fr.ts';
import { fleetNl } from './fleet-nl.ts';

const CATALOGUES: Record<Language, FleetMessages> = { en: fleetEn, fr: fleetFr, nl: fleetNl };

export type FleetTranslate = (key: FleetKey, params?: TranslateParams) => string;

/**
 * A counted text: its catalogues hold `<key>_one` and `<key>_other`, as i18next names the plural
 * forms; the form is the one Intl.PluralRules picks for the count in the language.
 */
type CountBase<K extends string> = K extends `${infer Base}_other` ? (`${Base}_one` extends FleetKey ? Base : never) : never;
export type FleetCountKey = CountBase<FleetKey>;

/** `count` fills {count} (formatted as count() does) and chooses the form. */
export type FleetTranslateCount = (key: FleetCountKey, count: number, params?: TranslateParams) => string;

/**
 * The plural form of `count` in `language`, as a catalogue key's suffix. Dutch, French and English
 * have "one" and "other"; a category they may also report (French "many", for millions) reads as "other".
 */
export function pluralSuffix(language: Language, count: number): 'one' | 'other' {
  return new Intl.PluralRules(language).select(count) === 'one' ? 'one' : 'other';
}

/** A counted translate function over one language's catalogue. */
export function countTranslator(tf: FleetTranslate, language: Language, format: (n: number) => string): FleetTranslateCount {
  return (key, count, params) => tf(`${key}_${pluralSuffix(language, count)}`, { ...params, count: format(count) });
}

/** `count` shows at most one decimal; `day` takes a calendar date or an instant. */
export interface FleetI18n extends I18nValue, Pick<FeatureFormats, 'eur' | 'dateTime' | 'day' | 'lastDayBefore' | 'count' | 'month'> {
  /** The feature's own texts, typed on its keys; `t` stays the portal's. */
  tf: FleetTranslate;
  /** The feature's counted texts, in the singular or plural the count needs. */
  tn: FleetTranslateCount;
}

/** The portal's i18n plus the texts and formats of Fleet Manager and My line. */
export function useFleetI18n(): FleetI18n {
  const base = useI18n();
  return useMemo(() => {
    const { eur, dateTime, day, lastDayBefore, count, month } = featureFormats(base, { countDecimals: 1 });
    const tf = translator(CATALOGUES[base.language], base.language);
    return { ...base, tf, tn: countTranslator(tf, base.language, count), eur, dateTime, day, lastDayBefore, count, month };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const FLEET_CATALOGUES = CATALOGUES;
