import {
  CUSTOMERLESS_AUDIT_ACTIONS, KNOWN_AUDIT_ACTIONS, KNOWN_AUDIT_TARGET_TYPES, type AuditItem, type KnownAuditAction, type KnownAuditTargetType,
} from '@mandate/contracts/audit';
import type { Translate } from '../../../lib/i18n/i18n.tsx';
import type { MessageKey } from '../../../lib/i18n/en.ts';
import { formatDate } from '../../../lib/format.ts';
import type { AuditKey } from '../i18n/audit-en.ts';
import type { AuditTranslate } from '../i18n/audit-i18n.ts';

const KNOWN = new Set<string>(KNOWN_AUDIT_ACTIONS);
/** Typecheck: every known action code has a label in the feature's catalogues (EN is the type source; NL/FR must hold every EN key). */
export const EVERY_ACTION_LABELLED: `audit.action.${KnownAuditAction}` extends AuditKey ? true : never = true;

/** A translated label for the action codes the portal writes; any other code is shown as it is. */
export function auditActionLabel(ta: AuditTranslate, action: string): string {
  return KNOWN.has(action) ? ta(`audit.action.${action}` as AuditKey) : action;
}

const CUSTOMERLESS = new Set<string>(CUSTOMERLESS_AUDIT_ACTIONS);
/** The codes a customer's trail can hold: the action filter offers no choice that always finds nothing. */
export const CUSTOMER_AUDIT_ACTIONS: readonly KnownAuditAction[] = KNOWN_AUDIT_ACTIONS.filter((code) => !CUSTOMERLESS.has(code));

/** An instant in the business time zone, formatted for the user's locale. */
export function formatAuditTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Brussels' }).format(new Date(iso));
}

const TARGET_TYPES = new Set<string>(KNOWN_AUDIT_TARGET_TYPES);
/** Typecheck: every kind of target the sections write has a name in the feature's catalogues. */
export const EVERY_TARGET_TYPE_LABELLED: `audit.targetType.${KnownAuditTargetType}` extends AuditKey ? true : never = true;

/** "Right", "User", "SIM card"… for the kind of object an entry concerns; an unknown kind as it is. */
export function targetTypeLabel(ta: AuditTranslate, targetType: string): string {
  const type = targetType.toLowerCase();
  return TARGET_TYPES.has(type) ? ta(`audit.targetType.${type}` as AuditKey) : targetType;
}

/** How the values of a field read: the sections write these field names in before/after. */
type Kind =
  | 'name' | 'names' | 'app' | 'actions' | 'profile' | 'profiles' | 'subProfiles' | 'yesNo' | 'date' | 'language'
  | 'status' | 'basis' | 'employmentBasis' | 'rights' | 'simUsers' | 'filters' | 'text';

const FIELDS: Record<string, Kind> = {
  userId: 'name', userIds: 'names', reviewerIds: 'names', partnerId: 'name', affiliateId: 'name', actingFor: 'name',
  billingAccountIds: 'names', costCentreIds: 'names', simIds: 'names', linked: 'names', unlinked: 'names', previousEndUsers: 'simUsers',
  app: 'app', actions: 'actions', rights: 'rights',
  profile: 'profile', profiles: 'profiles', subProfiles: 'subProfiles',
  isPrimary: 'yesNo', isDeputy: 'yesNo', passwordSet: 'yesNo', membershipRemoved: 'yesNo', truncated: 'yesNo',
  status: 'status', accountStatus: 'status', decision: 'status',
  email: 'text', firstName: 'text', lastName: 'text', reason: 'text', items: 'text', rows: 'text',
  confirmed: 'text', removed: 'text', kept: 'text', pending: 'text',
  language: 'language', employmentBasis: 'employmentBasis', employmentEnd: 'date', endDate: 'date', deadline: 'date',
  basis: 'basis', filters: 'filters',
};

/** Ids only a developer needs: shown under "technical details", never as a change. */
const TECHNICAL = new Set(['id', 'membershipId', 'reviewId']);

const STATUSES = new Set([
  'pending', 'pending_operator', 'pending_partner', 'active', 'invited', 'suspended', 'refused', 'declined', 'revoked', 'ended', 'expired',
  'open', 'closed', 'confirmed', 'removed', 'kept',
]);
const LANGUAGES = new Set(['nl', 'fr', 'en']);
const SUB_PROFILES = new Set(['purchaser', 'incident_manager', 'financial_manager', 'fleet_manager']);
const PROFILES = new Set(['access_owner', 'access_manager', 'support_portal_user', 'service_user']);
const APPS = new Set(['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery', 'orders']);
const ACTIONS = new Set(['read', 'create', 'update', 'delete', 'export', 'order']);
const BASES = new Set(['de_jure_voting_rights', 'de_jure_directors', 'de_jure_statutes', 'de_facto_general_meetings']);
const EMPLOYMENT = new Set(['employment_fixed_term', 'employment_indefinite']);

export interface Humanizer {
  /** The portal's texts: apps, actions, profiles, languages… */
  t: Translate;
  /** The audit trail's own texts: fields, statuses, yes/no. */
  ta: AuditTranslate;
  locale: string;
  /** Names of the ids inside before/after, as the server resolved them. */
  names: Record<string, string>;
}

const EMPTY = '—';
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]);
const known = <K extends string>(set: Set<string>, v: unknown, key: (s: string) => K, translate: (key: K) => string) =>
  typeof v === 'string' && set.has(v) ? translate(key(v)) : String(v);

/** A camelCase field name nobody labelled yet, readable ("someField" → "Some field") rather than raw. */
function humanKey(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function fieldLabel(ta: AuditTranslate, key: string): string {
  return key in FIELDS ? ta(`audit.field.${key}` as AuditKey) : humanKey(key);
}

/** One value of a field as an administrator reads it: names, labels, yes/no, localised dates. */
export function showValue(h: Humanizer, key: string, value: unknown): string {
  const { t, ta, locale, names } = h;
  if (value === undefined || value === null || value === '') return EMPTY;
  const name = (id: unknown) => (typeof id === 'string' ? (names[id] ?? ta('audit.detail.unnamed', { id: id.slice(0, 8) })) : String(id));
  const list = (items: string[]) => (items.length === 0 ? EMPTY : items.join(', '));
  switch (FIELDS[key]) {
    case 'name':
      return name(value);
    case 'names':
      // An empty scope is the whole company; an empty list of people is nobody.
      if (asList(value).length === 0) return key === 'billingAccountIds' || key === 'costCentreIds' ? ta('audit.value.all') : EMPTY;
      return list(asList(value).map(name));
    case 'app':
      return known(APPS, value, (v) => `app.${v}` as MessageKey, t);
    case 'actions':
      return list(asList(value).map((a) => known(ACTIONS, a, (v) => `grants.action.${v}` as MessageKey, t)));
    case 'profile':
      return known(PROFILES, value, (v) => `profileName.${v}` as MessageKey, t);
    case 'profiles':
      return list(asList(value).map((p) => known(PROFILES, p, (v) => `profileName.${v}` as MessageKey, t)));
    case 'subProfiles':
      return list(asList(value).map((p) => known(SUB_PROFILES, p, (v) => `subProfile.${v}` as MessageKey, t)));
    case 'yesNo':
      return value === true ? ta('audit.value.yes') : value === false ? ta('audit.value.no') : String(value);
    case 'date':
      return typeof value === 'string' ? formatDate(value, locale) : String(value);
    case 'language':
      return known(LANGUAGES, value, (v) => `language.${v}` as MessageKey, t);
    case 'status':
      return known(STATUSES, value, (v) => `audit.status.${v}` as AuditKey, ta);
    case 'basis':
      return known(BASES, value, (v) => `aff.basis.${v}` as MessageKey, t);
    case 'employmentBasis':
      return known(EMPLOYMENT, value, (v) => `userAdmin.basis.${v}` as MessageKey, t);
    case 'rights':
      return list(asList(value).map((r) => {
        const right = r as { app?: unknown; actions?: unknown };
        return `${showValue(h, 'app', right.app)}: ${showValue(h, 'actions', right.actions)}`;
      }));
    case 'simUsers':
      if (typeof value !== 'object') return String(value);
      return list(Object.entries(value as Record<string, unknown>).map(([sim, user]) => `${name(sim)}: ${user ? name(user) : EMPTY}`));
    case 'filters':
      if (typeof value !== 'object') return String(value);
      return list(Object.entries(value as Record<string, unknown>).map(([k, v]) => `${humanKey(k)}: ${String(v)}`));
    default:
      if (Array.isArray(value)) return list(value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))));
      if (typeof value === 'object') return JSON.stringify(value);
      return String(value);
  }
}

export interface DiffLine {
  key: string;
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? null : { value: v };

/** before/after as labelled "old → new" lines: the fields that changed first, then the rest; technical ids left out. */
export function auditDiff(item: Pick<AuditItem, 'before' | 'after' | 'names'>, t: Translate, ta: AuditTranslate, locale: string): DiffLine[] {
  const h: Humanizer = { t, ta, locale, names: item.names ?? {} };
  const before = asRecord(item.before) ?? {};
  const after = asRecord(item.after) ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !TECHNICAL.has(k));
  const lines = keys.map((key) => ({
    key,
    label: fieldLabel(ta, key),
    before: showValue(h, key, before[key]),
    after: showValue(h, key, after[key]),
    changed: JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  }));
  return [...lines.filter((l) => l.changed), ...lines.filter((l) => !l.changed)];
}
