import { subject } from '@casl/ability';
import type { AppAbility } from './define-ability.ts';

/** The fields of a SIM its rules decide on. */
export interface SimFields {
  customerId: string;
  billingAccountId: string;
  costCentreId: string | null;
  endUserId: string | null;
}

/**
 * MOB-4, ROLE-5: true when the user may change this SIM only as its end user, through self-service:
 * what he may change is then narrowed by the SIM's self-service rights (plans, options, CLIR, approval).
 */
export function updatesOnlyAsEndUser(ability: AppAbility, sim: SimFields): boolean {
  const target = subject('Sim', { ...sim });
  return !ability.can('update', target) && ability.can('selfServe', target);
}

/** Whoever may update the SIM manages it: changes it outright, sets its self-service rights, approves its end user's requests. */
export function managesSim(ability: AppAbility, sim: SimFields): boolean {
  return ability.can('update', subject('Sim', { ...sim }));
}

/**
 * ROLE-5: some rule lets the user read SIMs at this customer, and each is narrowed to the lines
 * whose end user he is: he has no fleet to manage, only his own line.
 */
export function readsOwnLinesOnly(ability: AppAbility, customerId: string): boolean {
  const rules = ability.rulesFor('read', 'Sim')
    .filter((rule) => !rule.inverted && (rule.conditions as { customerId?: unknown } | undefined)?.customerId === customerId);
  return rules.length > 0 && rules.every((rule) => (rule.conditions as { endUserId?: unknown }).endUserId !== undefined);
}
