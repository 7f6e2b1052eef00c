import type { GrantRefusal } from '@mandate/authz/can-grant';
import { HttpProblem } from './problem.ts';

/** One text per reason canGrant refuses, whether a profile or a right is being given (ROLE-2/3/5/6). */
export const REFUSALS: Record<GrantRefusal, string> = {
  no_standing: 'You administer no users or rights at this customer.',
  only_access_owner: 'Only an Access Owner may give or change the Access Owner profile.',
  administrators_only: 'Only an Access Owner or Access Manager may do this.',
  no_rights_on_profile: 'Access Owners and Access Managers hold no app rights: their profile is their right.',
  app_not_subscribed: 'The customer has not subscribed to this app.',
  action_not_in_app: 'This app cannot carry one of these actions.',
  service_user_self_service_only: 'A Service User only gets self-service rights (mobile: read, update) on his own line.',
  beyond_own_scope: 'You cannot give rights beyond your own scope.',
};

/** canGrant's refusal as a 403 whose code is the reason. */
export const refused = (reason: GrantRefusal) => new HttpProblem(403, reason, 'Forbidden', REFUSALS[reason]);
