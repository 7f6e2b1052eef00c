import { useMemo } from 'react';
import type { Language } from '@mandate/domain/profiles';
import { translator } from '../../../lib/i18n/feature-i18n.ts';
import { useI18n, type I18nValue, type TranslateParams } from '../../../lib/i18n/i18n.tsx';
import { auditEn, type AuditKey, type AuditMessages } from './audit-en.ts';
import { auditFr } from './audit-fr.ts';
import { auditNl } from './audit-nl.ts';

const CATALOGUES: Record<Language, AuditMessages> = { en: auditEn, fr: auditFr, nl: auditNl };

export type AuditTranslate = (key: AuditKey, params?: TranslateParams) => string;

export interface AuditI18n extends I18nValue {
  /** The audit trail's own texts, typed on its keys; `t` stays the portal's. */
  ta: AuditTranslate;
}

/** The portal's i18n plus the texts of the audit trail. */
export function useAuditI18n(): AuditI18n {
  const base = useI18n();
  return useMemo(() => ({ ...base, ta: translator(CATALOGUES[base.language], base.language) }), [base]);
}

/** Every catalogue of the feature, for the tests that check the words the screens use. */
export const AUDIT_CATALOGUES = CATALOGUES;
