import type { UseFormReturnType } from '@mantine/form';
import { ApiError } from '../../../lib/api-client.ts';
import { fieldOf } from '../../../lib/problem.ts';

/**
 * Puts the fields a refused request names (`errors[].field`, e.g. body.mobile) on the form, each with
 * the feature's own text for that field: the server's messages are English, and a French or Dutch
 * screen must not show them. A field without a text of its own gets `fallback`. True when one landed.
 */
export function setFieldProblems<Values extends Record<string, unknown>>(
  form: UseFormReturnType<Values>,
  error: unknown,
  texts: Partial<Record<keyof Values & string, string>>,
  fallback: string,
): boolean {
  if (!(error instanceof ApiError)) return false;
  const known = Object.keys(form.getValues());
  const errors: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    const field = fieldOf(e.field);
    if (known.includes(field) && !(field in errors)) errors[field] = texts[field as keyof Values & string] ?? fallback;
  }
  form.setErrors(errors);
  return Object.keys(errors).length > 0;
}
