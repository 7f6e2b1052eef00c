import { frenchFirst } from '@mandate/domain/dates';
import { formatEnterpriseNumber } from '@mandate/domain/enterprise-number';

/** 0403170701 → 0403.170.701 (leaves anything that is not ten digits as it is). */
export function displayEnterpriseNumber(value: string): string {
  return /^\d{10}$/.test(value) ? formatEnterpriseNumber(value) : value;
}

/** A calendar date (YYYY-MM-DD, no time zone) in the user's locale, e.g. 31/12/2026. */
export function formatDate(isoDate: string, locale: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  if (!year || !month || !day) return isoDate;
  return frenchFirst(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day))), locale);
}

export { frenchFirst };

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

/** The decimal separator of a language's numbers: ',' in Dutch and French, '.' in English. */
export function decimalSeparator(locale: string): ',' | '.' {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value === ',' ? ',' : '.';
}

/** A label before its value: "Date:", but French sets a (non-breaking) space before the colon, "Date :". */
export function withColon(label: string, locale: string): string {
  return locale.startsWith('fr') ? `${label}\u00a0:` : `${label}:`;
}
