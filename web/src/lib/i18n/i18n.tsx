import { useEffect, useMemo, type ReactNode } from 'react';
import i18next from 'i18next';
import { frenchElision } from './french.ts';
import { I18nextProvider, initReactI18next, useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import type { MessageKey, Messages } from './en.ts';
import { setRequestLanguage } from '../api-client.ts';

/** Locale used for dates and numbers (Belgian conventions; English in the British style). */
export const LOCALES: Record<Language, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

const STORAGE_KEY = 'mandate.language';

export type TranslateParams = Record<string, string | number>;
/** Typed on the EN catalogue's keys, so a key that does not exist fails the typecheck. */
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function readStored(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Each catalogue is its own chunk: a page loads only the language it shows. */
const catalogues: Record<Language, () => Promise<Messages>> = {
  en: () => import('./en.ts').then((m) => m.en),
  fr: () => import('./fr.ts').then((m) => m.fr),
  nl: () => import('./nl.ts').then((m) => m.nl),
};

/**
 * One i18next instance over the typed catalogues (a missing key fails the typecheck, so there is
 * no fallback language). Keys contain dots ("login.title"), so no key or namespace separator;
 * placeholders are written {name}, as in the catalogues.
 */
const i18n = i18next.createInstance();

// Every request names the language shown (exports are written in it), from the first to the last change.
i18n.on('languageChanged', (language: string) => setRequestLanguage(isLanguage(language) ? language : null));

/** French elides "de" before a filled-in name ("d’Acme"): applied to every French text once it is filled. */
const FRENCH_ELISION = {
  type: 'postProcessor' as const,
  name: 'frenchElision',
  process: (value: string, _key: string | string[], _options: unknown, translator: { language?: string }) =>
    translator.language === 'fr' ? frenchElision(value) : value,
};

async function load(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, 'translation')) i18n.addResourceBundle(language, 'translation', await catalogues[language]());
}

/** Loads the language to show (chosen in this browser, else the browser's) before the first render. */
export async function initI18n(): Promise<void> {
  const language = readStored() ?? browserLanguage();
  await i18n.use(initReactI18next).use(FRENCH_ELISION).init({
    resources: { [language]: { translation: await catalogues[language]() } },
    lng: language,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
    postProcess: [FRENCH_ELISION.name],
  });
}

async function changeLanguage(language: Language): Promise<void> {
  await load(language);
  await i18n.changeLanguage(language);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    const setLang = (lng: string) => {
      document.documentElement.lang = lng;
    };
    setLang(i18n.language);
    i18n.on('languageChanged', setLang);
    return () => i18n.off('languageChanged', setLang);
  }, []);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}

/** An explicit choice by the user: remembered in this browser. */
function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page only
  }
  void changeLanguage(language);
}

/** The user's own preference (me.user.language): applied only when he made no choice in this browser. */
function applyPreferredLanguage(language: Language): void {
  if (readStored() === null && i18n.language !== language) void changeLanguage(language);
}

export interface I18nValue {
  language: Language;
  locale: string;
  t: Translate;
  setLanguage: (language: Language) => void;
  applyPreferredLanguage: (language: Language) => void;
}

export function useI18n(): I18nValue {
  const { i18n: instance } = useTranslation();
  const language = isLanguage(instance.language) ? instance.language : 'en';
  return useMemo<I18nValue>(
    () => ({
      language,
      locale: LOCALES[language],
      t: (key, params) => instance.t(key, { lng: language, ...params }),
      setLanguage,
      applyPreferredLanguage,
    }),
    [instance, language],
  );
}
