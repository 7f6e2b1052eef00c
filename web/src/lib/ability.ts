import { createContext } from 'react';
import { createMongoAbility, subject, type ForcedSubject, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';
import { createContextualCan } from '@casl/react';
import type { Action, SubjectType } from '@mandate/authz/subjects';
import type { MeCustomer, MeResponse } from '@mandate/contracts/me';
import type { App } from '@mandate/domain/profiles';

/**
 * The web's copy of the user's ability, built from the packed rules of GET /me. It only hides
 * what the server would refuse anyway (DESIGN.md convention 1); the server decides.
 */
export type AppAbility = MongoAbility<[Action, SubjectType | ForcedSubject<SubjectType>]>;

type PackedRules = MeResponse['globalRules'];

export function buildAbility(globalRules: PackedRules, customer: MeCustomer | null): AppAbility {
  const packed = [...globalRules, ...(customer?.rules ?? [])] as PackRule<RawRuleOf<AppAbility>>[];
  return createMongoAbility<AppAbility>(unpackRules(packed));
}

export const emptyAbility: AppAbility = createMongoAbility<AppAbility>([]);

export const AbilityContext = createContext<AppAbility>(emptyAbility);
export const Can = createContextualCan(AbilityContext.Consumer);

/** The apps the user may use at a customer: listed by /me and confirmed by the ability. */
export function usableApps(ability: AppAbility, customer: MeCustomer, catalogue: readonly App[]): App[] {
  return catalogue.filter((app) => customer.apps.includes(app) && ability.can('use', subject('App', { customerId: customer.id, app })));
}

export function canUseBackoffice(ability: AppAbility): boolean {
  return ability.can('use', subject('App', { app: 'backoffice' }));
}

/**
 * Whether some rule may let the user `action` a `subject` at this customer: a financial manager on
 * his billing accounts, a Service User on his own line (ROLE-5), an AO on all. A plain
 * `can('read', subject('Invoice', { customerId }))` misses the scoped rules (their conditions name
 * fields the bare subject lacks). The server decides per record; this only chooses what to show.
 */
export function mayAtCustomer(ability: AppAbility, action: Action, subjectType: SubjectType, customerId: string): boolean {
  return ability.rulesFor(action, subjectType).some((rule) => {
    if (rule.inverted) return false;
    const scoped = (rule.conditions as { customerId?: unknown } | undefined)?.customerId;
    return scoped === undefined || scoped === customerId;
  });
}
