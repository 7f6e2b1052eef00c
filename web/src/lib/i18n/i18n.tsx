import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import { en, type MessageKey, type Messages } from './en.ts';
import { fr } from './fr.ts';
import { nl } from './nl.ts';

const catalogues: Record<Language, Messages> = { en, fr, nl };
/** Locale used for dates and numbers (Belgian conventions; English in the British style). */
export const LOCALES: Record<Language, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

const STORAGE_KEY = 'mandate.language';

export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

interface I18nValue {
  language: Language;
  locale: string;
  t: Translate;
  /** An explicit choice by the user: remembered in this browser. */
  setLanguage: (language: Language) => void;
  /** The user's own preference (me.user.language): applied only when he made no choice here. */
  applyPreferredLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

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

function interpolate(template: string, params?: TranslateParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => readStored() ?? browserLanguage());

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage unavailable (private mode): the choice lasts for this page only
    }
    setLanguageState(next);
  }, []);

  const applyPreferredLanguage = useCallback((preferred: Language) => {
    if (readStored() === null) setLanguageState(preferred);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const messages = catalogues[language];
    return {
      language,
      locale: LOCALES[language],
      t: (key, params) => interpolate(messages[key], params),
      setLanguage,
      applyPreferredLanguage,
    };
  }, [language, setLanguage, applyPreferredLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
