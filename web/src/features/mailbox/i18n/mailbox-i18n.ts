import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { translator } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { mailboxEn, type MailboxKey, type MailboxMessages } from './mailbox-en.ts';
import { mailboxFr } from './mailbox-fr.ts';
import { mailboxNl } from './mailbox-nl.ts';

const CATALOGUES: Record<Language, MailboxMessages> = { en: mailboxEn, fr: mailboxFr, nl: mailboxNl };

export type MailboxTranslate = (key: MailboxKey, params?: TranslateParams) => string;

export interface MailboxI18n extends I18nValue {
  /** The mailbox's own texts, typed on its keys; `t` stays the portal's. */
  tm: MailboxTranslate;
}

/** The portal's i18n plus the texts of the development mailbox. */
export function useMailboxI18n(): MailboxI18n {
  const base = useI18n();
  return useMemo(() => ({ ...base, tm: translator(CATALOGUES[base.language], base.language) }), [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const MAILBOX_CATALOGUES = CATALOGUES;
