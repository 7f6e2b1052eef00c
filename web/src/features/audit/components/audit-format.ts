import { KNOWN_AUDIT_ACTIONS, type AuditItem, type KnownAuditAction } from '@mandate/contracts/audit';
import type { Translate } from '../../../lib/i18n/i18n.tsx';
import type { MessageKey } from '../../../lib/i18n/en.ts';

const KNOWN = new Set<string>(KNOWN_AUDIT_ACTIONS);
/** Typecheck: every known action code has a label in the catalogues (EN is the type source; NL/FR must hold every EN key). */
export const EVERY_ACTION_LABELLED: `audit.action.${KnownAuditAction}` extends MessageKey ? true : never = true;

/** A translated label for the action codes the portal writes; any other code is shown as it is. */
export function auditActionLabel(t: Translate, action: string): string {
  return KNOWN.has(action) ? t(`audit.action.${action}` as MessageKey) : action;
}

/** An instant in the business time zone, formatted for the user's locale. */
export function formatAuditTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Brussels' }).format(new Date(iso));
}

export interface DiffLine {
  key: string;
  before: string;
  after: string;
  changed: boolean;
}

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? null : { value: v };

/** before/after as "key: old → new" lines, the changed ones first-class. */
export function auditDiff(item: Pick<AuditItem, 'before' | 'after'>): DiffLine[] {
  const before = asRecord(item.before) ?? {};
  const after = asRecord(item.after) ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.map((key) => {
    const b = show(before[key]);
    const a = show(after[key]);
    return { key, before: b, after: a, changed: JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null) };
  });
}
