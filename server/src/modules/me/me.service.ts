import { subject } from '@casl/ability';
import { packRules } from '@casl/ability/extra';
import { APPS } from '@mandate/domain/profiles';
import { brusselsDate } from '@mandate/domain/dates';
import { actableCustomerIds } from '@mandate/authz/define-ability';
import { ADMINISTRATOR_PROFILES } from '@mandate/authz/profile-access';
import type { AdministratorsResponse, MeCustomer, MeResponse, UpdateMeBody } from '@mandate/contracts/me';
import type { Deps } from '../../lib/deps.ts';
import type { Principal } from '../../types.ts';
import { findCustomers, findUser, listMembersWithProfiles, setLanguage } from './me.repo.ts';

const RELATION_ORDER = { member: 0, affiliate: 1, delegation: 2 } as const;

type RawRule =  { conditions?: Record<string, unknown> };

function ruleCustomer(rule: RawRule): string | undefined {
  const c = rule.conditions;
  // customerId for customer data, id for the Customer itself, partnerId for delegations a company receives.
  const value = c?.customerId ?? c?.partnerId ?? (c && 'id' in c ? c.id : undefined);
  return typeof value === 'string' ? value : undefined;
}

/** PATCH /me: the user's own language (his mails and text messages follow it), then /me as it is now. */
export async function updateMe(deps: Pick<Deps, 'db'>, principal: Principal, body: UpdateMeBody): Promise<MeResponse> {
  await setLanguage(deps.db, principal.userId, body.language);
  return describeMe(deps, principal);
}

/** The user, the customers he can act for (own, affiliates, delegating customers) and the packed rules per customer. */
export async function describeMe({ db }: Pick<Deps, 'db'>, principal: Principal): Promise<MeResponse> {
  const { ability, context } = principal;
  const [user, customers] = await Promise.all([findUser(db, principal.userId), findCustomers(db, actableCustomerIds(ability))]);
  const rules = ability.rules as RawRule[];

  const describe = (c: { id: string; name: string; enterprise_number: string }, names: Map<string, string>): MeCustomer => {
    const membership = context.memberships.find((m) => m.customerId === c.id);
    const parent = membership ? undefined : context.memberships.find((m) => m.affiliates.some((a) => a.customerId === c.id));
    const delegation = membership || parent ? undefined : context.delegations.find((d) => d.customerId === c.id);
    return {
      id: c.id,
      name: c.name,
      enterpriseNumber: c.enterprise_number,
      relation: membership ? 'member' : parent ? 'affiliate' : 'delegation',
      profile: membership?.profile ?? null,
      subProfiles: membership?.subProfiles ?? [],
      viaCustomerId: parent?.customerId ?? null,
      delegationId: delegation?.delegationId ?? null,
      partnerName: delegation ? (names.get(delegation.partnerId) ?? null) : null,
      apps: APPS.filter((app) => ability.can('use', subject('App', { customerId: c.id, app }))),
      rules: packRules(ability.rules.filter((r) => ruleCustomer(r as RawRule) === c.id)) as unknown[][],
    };
  };

  const partnerIds = context.delegations.map((d) => d.partnerId).filter((id) => !customers.some((c) => c.id === id));
  const partners = await findCustomers(db, [...new Set(partnerIds)]);
  const names = new Map([...customers, ...partners].map((c) => [c.id, c.name]));

  return {
    user: {
      id: user.id,
      email: user.email,
      firstName: user.first_name,
      lastName: user.last_name,
      language: user.language as 'nl' | 'fr' | 'en',
      isOperator: user.is_operator,
    },
    // His own companies first, then affiliates, then customers that delegated to his company.
    customers: customers.map((c) => describe(c, names)).sort((a, b) => RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation]),
    globalRules: packRules(ability.rules.filter((r, i) => ruleCustomer(rules[i]!) === undefined)) as unknown[][],
  };
}

/**
 * ROLE-8, "who is my administrator?": the members holding the first of the ADMINISTRATOR_PROFILES
 * the customer has — its Access Owners (primary first) or, when it has none, its Access Managers.
 */
export async function listAdministrators({ db, clock }: Pick<Deps, 'db' | 'clock'>, customerId: string): Promise<AdministratorsResponse['items']> {
  const members = await listMembersWithProfiles(db, customerId, ADMINISTRATOR_PROFILES, brusselsDate(clock.now()));
  const first = ADMINISTRATOR_PROFILES.find((profile) => members.some((m) => m.profile === profile));
  return members.filter((m) => m.profile === first);
}
