import { ApiError, NetworkError } from '../../../lib/api-client.ts';
import type { MessageKey } from '../../../lib/i18n/en.ts';
import type { Translate } from '../../../lib/i18n/i18n.tsx';

/** canGrant's refusal codes (ROLE-6) and the grants API's own codes, with a text in the user's language. */
const CODES: Record<string, MessageKey> = {
  no_standing: 'grants.refusal.no_standing',
  only_access_owner: 'grants.refusal.only_access_owner',
  administrators_only: 'grants.refusal.administrators_only',
  no_rights_on_profile: 'grants.refusal.no_rights_on_profile',
  app_not_subscribed: 'grants.refusal.app_not_subscribed',
  action_not_in_app: 'grants.refusal.action_not_in_app',
  service_user_self_service_only: 'grants.refusal.service_user_self_service_only',
  beyond_own_scope: 'grants.refusal.beyond_own_scope',
  forbidden: 'grants.refusal.forbidden',
  scope_not_of_customer: 'grants.error.scope_not_of_customer',
  scope_not_applicable: 'grants.error.scope_not_applicable',
  not_found: 'grants.error.not_found',
};

export function refusalText(t: Translate, code: string): string {
  const key = CODES[code];
  return key ? t(key) : code;
}

/** A failed request as one sentence (and the fields at fault), from its problem+json. */
export function problemText(t: Translate, error: unknown): { text: string; fields: string[] } {
  if (error instanceof NetworkError) return { text: t('error.network.text'), fields: [] };
  if (error instanceof ApiError) {
    const known = CODES[error.code];
    const fields = (error.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
    return { text: known ? t(known) : (error.problem.detail ?? error.problem.title), fields };
  }
  return { text: t('error.generic.text'), fields: [] };
}
