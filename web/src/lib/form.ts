import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Errors, ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { isEmailAddress } from '@mandate/contracts/common';
import { ApiError } from './api-client.ts';
import { useI18n, type Translate } from './i18n/i18n.tsx';
import { fieldOf } from './problem.ts';

/**
 * Forms are validated in the browser by the same TypeBox schemas the server validates the request
 * with (packages/contracts): the values become the request body, the schema's errors become field
 * messages in the user's language. The server checks again and its 400 names the field too.
 */

// The string formats the contracts use, as the server's Ajv reads them.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', isEmailAddress);
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', isDate);
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));

export type FieldErrors = Record<string, string>;

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function message(t: Translate, error: ValueError): string {
  if (blank(error.value) || error.type === ValueErrorType.ObjectRequiredProperty) return t('form.required');
  const schema = error.schema as { format?: string; minLength?: number; maxLength?: number; minItems?: number };
  switch (error.type) {
    case ValueErrorType.StringFormat:
      return schema.format === 'email' ? t('form.email') : schema.format === 'date' ? t('form.date') : t('form.invalid');
    case ValueErrorType.StringMinLength:
      return t('form.tooShort', { min: schema.minLength ?? 1 });
    case ValueErrorType.StringMaxLength:
      return t('form.tooLong', { max: schema.maxLength ?? 0 });
    case ValueErrorType.ArrayMinItems:
      return t('form.pickAtLeast', { min: schema.minItems ?? 1 });
    default:
      return t('form.invalid');
  }
}

/** The schema's complaints about `body`, one message per top-level field (`/rights/0/app` → `rights`). */
export function schemaErrors(t: Translate, schema: TSchema, body: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const error of Errors(schema, body)) {
    const field = error.path.split('/')[1] ?? '';
    if (field && !(field in errors)) errors[field] = message(t, error);
  }
  return errors;
}

export interface SchemaFormOptions<Values extends Record<string, unknown>, Body> {
  initialValues: Values;
  /** The contracts schema of the request body. */
  schema: TSchema;
  /** The request body the values make: the same function makes the body that is sent. */
  toBody: (values: Values) => Body;
  /** Rules a schema cannot say (no date in the past, two passwords alike), by field. */
  refine?: (values: Values, t: Translate) => Partial<Record<string, string | false | null | undefined>>;
}

/**
 * A Mantine form validated by a contracts schema (and `refine`), in the user's language. A refused
 * submit puts focus on the first field in error, so that a keyboard or screen-reader user lands on
 * what to correct rather than staying on the button with nothing said.
 */
export function useSchemaForm<Values extends Record<string, unknown>, Body>(options: SchemaFormOptions<Values, Body>): UseFormReturnType<Values> {
  const { t } = useI18n();
  const form = useForm<Values>({
    initialValues: options.initialValues,
    validate: (values) => {
      const errors = schemaErrors(t, options.schema, options.toBody(values));
      for (const [field, text] of Object.entries(options.refine?.(values, t) ?? {})) {
        if (text && !(field in errors)) errors[field] = text;
      }
      return errors;
    },
  });
  const onSubmit: typeof form.onSubmit = (handleSubmit, handleValidationFailure) => (event) => {
    const element = event?.currentTarget;
    form.onSubmit(handleSubmit, (errors, values, submitEvent) => {
      handleValidationFailure?.(errors, values, submitEvent);
      // Once the fields have drawn their errors (aria-invalid), in the form's own order.
      if (element instanceof HTMLFormElement) requestAnimationFrame(() => element.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    })(event);
  };
  return { ...form, onSubmit };
}

/** Puts a 400's `errors[].field` (e.g. body.employmentEnd) on the form's fields; true when one landed. */
export function setServerErrors<Values>(form: UseFormReturnType<Values>, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const errors: FieldErrors = {};
  const known = Object.keys(form.getValues() as Record<string, unknown>);
  for (const e of error.problem.errors ?? []) {
    const field = fieldOf(e.field);
    if (known.includes(field) && !(field in errors)) errors[field] = e.message;
  }
  form.setErrors(errors);
  return Object.keys(errors).length > 0;
}
