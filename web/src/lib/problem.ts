import { ApiError, NetworkError } from './api-client.ts';
import type { MessageKey } from './i18n/en.ts';
import type { Translate } from './i18n/i18n.tsx';

/**
 * The stable `code` of the API's problem+json answers that have a text of their own, in the
 * user's language. Any other code shows the server's detail (in English) as it is.
 */
export const PROBLEM_CODES = [
  'validation_failed', 'not_found', 'forbidden', 'too_many_requests', 'overloaded', 'token_expired', 'invalid_token',
  'session_ended', 'account_suspended', 'invalid_credentials', 'last_access_owner', 'not_active_access_owner',
  'deputy_not_eligible', 'cannot_suspend_self', 'already_member', 'sub_profiles_not_allowed', 'date_in_past',
  'invalid_date_range', 'reason_required', 'already_decided', 'company_not_registered', 'company_not_active',
  'affiliate_is_self', 'delegation_to_self', 'end_date_not_in_future', 'end_date_too_far', 'duplicate_app',
  'scope_outside_customer', 'scope_not_of_customer', 'scope_not_applicable', 'review_open', 'review_closed',
  'nothing_to_review', 'not_a_reviewer', 'deadline_too_soon', 'unknown_sim', 'unknown_item', 'one_target_required',
  'app_not_subscribed', 'no_standing', 'only_access_owner', 'administrators_only', 'no_rights_on_profile',
  'action_not_in_app', 'service_user_self_service_only', 'beyond_own_scope',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];
const KNOWN = new Set<string>(PROBLEM_CODES);

/** Typecheck: every code above has a text in the catalogues. */
export const EVERY_CODE_TRANSLATED: `problem.${ProblemCode}` extends MessageKey ? true : never = true;

export function isProblemCode(code: string): code is ProblemCode {
  return KNOWN.has(code);
}

/** A refusal code (e.g. canGrant's reason for a read-only app) as a sentence; unknown codes as they are. */
export function codeText(t: Translate, code: string): string {
  return isProblemCode(code) ? t(`problem.${code}`) : code;
}

export interface ProblemMessage {
  title: string;
  text: string;
  /** The fields at fault of a 400 (`body.email: …`), as the server named them. */
  fields: Array<{ field: string; message: string }>;
  /** false when asking again cannot help (a 4xx). */
  retryable: boolean;
}

function titleFor(t: Translate, status: number): string {
  if (status === 400) return t('error.validation.title');
  if (status === 401) return t('login.error.title');
  if (status === 403) return t('error.notAvailable.title');
  if (status === 404) return t('error.notFound.title');
  if (status === 409 || status === 412) return t('error.conflict.title');
  // Too many tries by this user or from this address is not the server being overloaded.
  if (status === 429) return t('error.tooMany.title');
  if (status === 503) return t('error.busy.title');
  return t('error.generic.title');
}

/** The specification's rule ids ("(ROLE-2)", "(DLG-2..4)") are for developers, never shown to users. */
export function withoutRuleIds(text: string): string {
  return text.replace(/\s*\((?:[A-Z]{2,5}-\d+(?:\.\.\d+)?[/, ]*)+\)/g, '');
}

/** Any failed request as a title and a sentence in the user's language (the server's detail where the code has no text). */
export function describeError(t: Translate, error: unknown): ProblemMessage {
  if (error instanceof NetworkError) return { title: t('error.network.title'), text: t('error.network.text'), fields: [], retryable: true };
  if (error instanceof ApiError) {
    const text = isProblemCode(error.code)
      ? t(`problem.${error.code}`)
      : error.status >= 500
        ? t('error.generic.text')
        : withoutRuleIds(error.problem.detail ?? error.problem.title);
    // A refusal the portal words itself says it all: the server's field and English message under it
    // would only repeat it. A failed validation lists its fields, which its words do not name.
    const worded = isProblemCode(error.code) && error.code !== 'validation_failed';
    return { title: titleFor(t, error.status), text, fields: worded ? [] : error.problem.errors ?? [], retryable: error.status >= 500 };
  }
  return { title: t('error.generic.title'), text: t('error.generic.text'), fields: [], retryable: true };
}

/** `body.employmentEnd` or `/employmentEnd/0` → `employmentEnd`: the form field a server error names. */
export function fieldOf(serverField: string): string {
  return serverField.replace(/^(body|querystring|params)[./]/, '').replace(/^\//, '').split(/[./]/)[0] ?? serverField;
}
