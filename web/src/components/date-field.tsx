import { useEffect, useState, type FocusEventHandler, type ReactNode } from 'react';
import { DateInput } from '@mantine/dates';
import type { MantineStyleProp, StyleProp } from '@mantine/core';
import dayjs from 'dayjs';
import 'dayjs/locale/fr';
import 'dayjs/locale/nl';
import 'dayjs/locale/en-gb';
import type { Language } from '@mandate/domain/profiles';
import { useI18n } from '../lib/i18n/i18n.tsx';
import '@mantine/dates/styles.css';

/**
 * Day/month/year in every interface language: Belgian usage in Dutch and French, the British
 * usage the English interface follows for its other dates (LOCALES: en-GB).
 */
export const DATE_FORMATS: Record<Language, string> = { nl: 'DD/MM/YYYY', fr: 'DD/MM/YYYY', en: 'DD/MM/YYYY' };
const DAYJS_LOCALES: Record<Language, string> = { nl: 'nl', fr: 'fr', en: 'en-gb' };

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * What a person types: 31/12/2026, 31-12-2026, 31.12.2026, 1/2/2026, or 2026-12-31. A partial or
 * impossible date (31/02/2026) is no date, so the value does not change while he is still typing.
 */
export function parseTypedDate(text: string): string | null {
  const value = text.trim();
  const iso = ISO.exec(value);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = DAY_FIRST.exec(value);
  if (dayFirst) return isoOf(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  return null;
}

/** The days the API takes (its dates are checked against 1900-01-01 to 2999-12-31). */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2999-12-31';

/**
 * Said on the field for a year outside them. Kept with the field, whose code loads with the pages
 * that have one, rather than in the catalogue every page (sign-in first) loads.
 */
const OUT_OF_RANGE: Record<Language, string> = {
  nl: 'Kies een datum tussen 1900 en 2999.',
  fr: 'Choisissez une date entre 1900 et 2999.',
  en: 'Choose a date between 1900 and 2999.',
};

/** Said on the field when what was typed is no day (31/02/2027, 12/2026): the field is emptied, so no earlier date goes with the form. */
const UNREADABLE: Record<Language, (typed: string, format: string) => string> = {
  nl: (typed, format) => `“${typed}” is geen geldige datum: typ ze als ${format}.`,
  fr: (typed, format) => `« ${typed} » n’est pas une date valide\u00a0: tapez-la sous la forme ${format}.`,
  en: (typed, format) => `“${typed}” is not a valid date: type it as ${format}.`,
};

export interface DateFieldProps {
  label: ReactNode;
  /** 'YYYY-MM-DD', or '' for no date (optional only so that a form's getInputProps can be spread). */
  value?: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  required?: boolean;
  /** 'YYYY-MM-DD': earlier days cannot be picked in the calendar (a typed one reaches the form's own check). */
  minDate?: string;
  maxDate?: string;
  testId?: string;
  onFocus?: FocusEventHandler<HTMLInputElement>;
  onBlur?: FocusEventHandler<HTMLInputElement>;
  w?: StyleProp<React.CSSProperties['width']>;
  style?: MantineStyleProp;
}

/**
 * A date in the interface language's format, typed or picked from a calendar that opens below the
 * field (Escape closes it), and cleared with its clear button or by emptying the field.
 * Days outside [minDate, maxDate] are disabled in the calendar only: a date typed outside them is
 * kept so that the form can say why it is refused, rather than being silently dropped.
 */
export function DateField({ label, value, onChange, error, description, required, minDate, maxDate, testId, onFocus, onBlur, w, style }: DateFieldProps) {
  const { language, t } = useI18n();
  // The date typed is shown at once, even while the owner of the value (e.g. the address bar)
  // has not rendered it yet: leaving the field must not flash back to the previous date.
  const [date, setDate] = useState(value ?? '');
  useEffect(() => setDate(value ?? ''), [value]);
  // A year typed out of the API's range is said at once, not after a refused request.
  const outOfRange = date !== '' && (date < FIRST_DAY || date > LAST_DAY);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  // The calendar opens as the field is focused, clicked or typed in, and closes on Escape or as
  // focus leaves. While it is open, Escape is the calendar's: a dialog around the field (Mantine's
  // modal listens first) leaves it alone, so the dialog and what was typed in it stay.
  const [calendarOpen, setCalendarOpen] = useState(false);
  const outside = minDate || maxDate ? (day: string) => (minDate !== undefined && day < minDate) || (maxDate !== undefined && day > maxDate) : undefined;
  return (
    <DateInput
      label={label}
      description={description}
      error={unreadable !== null ? UNREADABLE[language](unreadable, t('date.placeholder')) : error ?? (outOfRange ? OUT_OF_RANGE[language] : undefined)}
      required={required}
      value={date === '' ? null : date}
      onChange={(next) => {
        const iso = next ? dayjs(next).format('YYYY-MM-DD') : '';
        setUnreadable(null);
        setDate(iso);
        onChange(iso);
      }}
      valueFormat={DATE_FORMATS[language]}
      locale={DAYJS_LOCALES[language]}
      firstDayOfWeek={1}
      dateParser={parseTypedDate}
      placeholder={t('date.placeholder')}
      excludeDate={outside}
      defaultDate={date === '' ? minDate : undefined}
      clearable
      clearButtonProps={{ 'aria-label': t('date.clear') }}
      nextLabel={t('common.next')}
      previousLabel={t('common.previous')}
      popoverProps={{ withinPortal: true }}
      onFocus={(event) => {
        setCalendarOpen(true);
        onFocus?.(event);
      }}
      onBlur={(event) => {
        setCalendarOpen(false);
        const typed = event.currentTarget.value.trim();
        if (typed !== '' && parseTypedDate(typed) === null) {
          setUnreadable(typed);
          if (date !== '') {
            setDate('');
            onChange('');
          }
        } else setUnreadable(null);
        onBlur?.(event);
      }}
      onClick={() => setCalendarOpen(true)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setCalendarOpen(false);
        else if (event.key.length === 1 || event.key === 'Backspace' || event.key === 'Delete') setCalendarOpen(true);
      }}
      data-mantine-stop-propagation={calendarOpen ? 'true' : undefined}
      w={w}
      style={style}
      data-testid={testId}
    />
  );
}
