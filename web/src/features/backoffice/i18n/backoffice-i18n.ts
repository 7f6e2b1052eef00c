import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { ApiError } from '../../../lib/api-client.ts';
import { featureFormats, translator, type FeatureFormats } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { backofficeEn, type BackofficeKey, type BackofficeMessages } from './backoffice-en.ts';
import { backofficeFr } from './backoffice-fr.ts';
import { backofficeNl } from './backoffice-nl.ts';

const CATALOGUES: Record<Language, BackofficeMessages> = { en: backofficeEn, fr: backofficeFr, nl: backofficeNl };

export type BackofficeTranslate = (key: BackofficeKey, params?: TranslateParams) => string;

export interface BackofficeI18n extends I18nValue, Pick<FeatureFormats, 'dateTime' | 'eur'> {
  /** The back office's own texts, typed on its keys; `t` stays the portal's. */
  tb: BackofficeTranslate;
  /**
   * A refusal of the API whose code has a text here, as the same error with that text as its detail
   * (the portal's dialogs show an unknown code's detail); any other error as it is.
   */
  localise: (error: unknown, texts: Partial<Record<string, string>>) => unknown;
}

export function useBackofficeI18n(): BackofficeI18n {
  const base = useI18n();
  return useMemo(() => {
    const { dateTime, eur } = featureFormats(base);
    return {
      ...base,
      tb: translator(CATALOGUES[base.language], base.language),
      dateTime,
      eur,
      localise: (error, texts) => {
        if (!(error instanceof ApiError)) return error;
        const text = texts[error.code];
        if (!text) return error;
        // The back office's words say what is wrong: the server's English field messages would repeat it in another language.
        const { errors: _fields, ...problem } = error.problem;
        return new ApiError({ ...problem, detail: text });
      },
    };
  }, [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const BACKOFFICE_CATALOGUES = CATALOGUES;
