import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { translator } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { reviewsEn, type ReviewsKey, type ReviewsMessages } from './reviews-en.ts';
import { reviewsFr } from './reviews-fr.ts';
import { reviewsNl } from './reviews-nl.ts';

const CATALOGUES: Record<Language, ReviewsMessages> = { en: reviewsEn, fr: reviewsFr, nl: reviewsNl };

export type ReviewsTranslate = (key: ReviewsKey, params?: TranslateParams) => string;

export interface ReviewsI18n extends I18nValue {
  /** The access reviews' own texts, typed on their keys; `t` stays the portal's. */
  tr: ReviewsTranslate;
}

/** The portal's i18n plus the texts of access reviews. */
export function useReviewsI18n(): ReviewsI18n {
  const base = useI18n();
  return useMemo(() => ({ ...base, tr: translator(CATALOGUES[base.language], base.language) }), [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const REVIEWS_CATALOGUES = CATALOGUES;
