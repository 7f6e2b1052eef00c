import { createMongoAbility, type ForcedSubject, type MongoAbility, type MongoQuery, type RawRuleOf } from '@casl/ability';
import type { App } from '@mandate/domain/profiles';
import type { AccessContext, GrantRight, Scope } from './access-context.ts';
import { ADMIN_SUBJECTS, APP_ACTIONS, APP_SUBJECTS, DATA_SUBJECTS, SUBJECT_FIELDS, scopeFits, type Action, type SubjectType } from './subjects.ts';

export type AppAbility = MongoAbility<[Action, SubjectType | ForcedSubject<SubjectType>], MongoQuery>;

/** The builder's `can`, with string subjects and plain conditions (CASL's inferred condition types are too narrow for string subjects). */
type Can = (action: Action | readonly Action[], subject: SubjectType | readonly SubjectType[], conditions?: Record<string, unknown>) => void;

/**
 * The conditions of a right's scope: the customer, and the billing accounts, cost centres and end
 * user it is narrowed to. The same for every subject the scope fits, so one object serves all of
 * a right's rules that scopeFits (CASL never changes a rule's conditions).
 */
function scopeConditions(customerId: string, scope: Scope, endUserId?: string): Record<string, unknown> {
  const conditions: Record<string, unknown> = { customerId };
  if (scope.billingAccountIds.length > 0) conditions.billingAccountId = { $in: scope.billingAccountIds };
  if (scope.costCentreIds.length > 0) conditions.costCentreId = { $in: scope.costCentreIds };
  if (endUserId !== undefined) conditions.endUserId = endUserId;
  return conditions;
}

/**
 * The data rules of the rights already added, by scope (customer, accounts, cost centres, end
 * user) and subject: a right whose scope and subject match an earlier one adds its actions to
 * that rule rather than a rule of its own. Every app of a customer opens Usage, most open
 * invoices or SIMs, so 50 grants gave a few hundred rules of which a third repeated another's
 * conditions; fewer rules make the ability, every check on it and every SQL filter smaller.
 */
type ScopedRules = Map<string, Array<{ scope: Scope; endUserId: string | undefined; bySubject: Map<SubjectType, Action[]> }>>;

const sameIds = (a: string[], b: string[]) => a === b || (a.length === b.length && a.every((id, i) => id === b[i]));

/** The rules already added for this customer and scope, by subject (compared by content: no key strings to build and hash). */
function rulesOfScope(scoped: ScopedRules, customerId: string, scope: Scope, endUserId: string | undefined): Map<SubjectType, Action[]> {
  let ofCustomer = scoped.get(customerId);
  if (!ofCustomer) scoped.set(customerId, (ofCustomer = []));
  for (const entry of ofCustomer) {
    if (entry.endUserId === endUserId && sameIds(entry.scope.billingAccountIds, scope.billingAccountIds) && sameIds(entry.scope.costCentreIds, scope.costCentreIds)) {
      return entry.bySubject;
    }
  }
  const bySubject = new Map<SubjectType, Action[]>();
  ofCustomer.push({ scope, endUserId, bySubject });
  return bySubject;
}

/**
 * The actions a right's actions give on one subject: ROLE-4, an SPU uses his app fully, its
 * requests included, so whoever reads invoices may dispute them (INV-7); ROLE-5, a Service User's
 * update right on his own line is self-service (selfServe), never the management of the SIM.
 */
function subjectActions(subject: SubjectType, actions: Action[], endUserId: string | undefined): Action[] {
  if (subject === 'Dispute' && actions.includes('read')) return [...actions, 'create'];
  if (subject === 'Sim' && endUserId !== undefined) return actions.map((a) => (a === 'update' ? 'selfServe' : a));
  return actions.slice();
}

/** The rules of `actions` on `subjects` within one scope (shared with earlier rights of the same scope, see ScopedRules). */
function scopeRules(can: Can, scoped: ScopedRules, customerId: string, scope: Scope, subjects: readonly SubjectType[], actions: Action[], endUserId?: string): void {
  const bySubject = rulesOfScope(scoped, customerId, scope, endUserId);
  let conditions: Record<string, unknown> | undefined;
  for (const subject of subjects) {
    const ruleActions = bySubject.get(subject);
    if (ruleActions) {
      for (const action of subjectActions(subject, actions, endUserId)) if (!ruleActions.includes(action)) ruleActions.push(action);
      continue;
    }
    if (!scopeFits(subject, scope, endUserId)) continue;
    conditions ??= scopeConditions(customerId, scope, endUserId);
    const action = subjectActions(subject, actions, endUserId);
    bySubject.set(subject, action);
    can(action, subject, conditions);
  }
}

const onBillingAccounts = (subject: SubjectType) => SUBJECT_FIELDS[subject as Exclude<SubjectType, 'all'>]?.includes('billingAccountId') ?? false;

/**
 * PFM-2, INS-1: a Fleet Manager or Insights right reaches only the billing accounts the app covers.
 * Its scope's accounts are cut to them (all of them when the scope names none); null when none is left.
 */
function coveredScope(right: GrantRight, coverage: readonly string[]): Scope | null {
  const ids = right.billingAccountIds.length === 0 ? [...coverage] : right.billingAccountIds.filter((id) => coverage.includes(id));
  return ids.length === 0 ? null : { billingAccountIds: ids, costCentreIds: right.costCentreIds };
}

/** The apps that cover only some billing accounts (PFM-2, INS-1), with that coverage as the access context carries it. */
interface Coverage {
  fleetCoverage?: readonly string[] | null;
  insightsCoverage?: readonly string[] | null;
}

const coverageOf = (app: App, coverage: Coverage): readonly string[] | null | undefined =>
  app === 'fleet-manager' ? coverage.fleetCoverage : app === 'insights' ? coverage.insightsCoverage : undefined;

/**
 * The rules of one right. The coverage of its app (PFM-2, INS-1) narrows the right's subjects that
 * lie on a billing account to the covered accounts; its subjects without one (cost centres) keep
 * the right's scope. The access context carries the coverage with every Fleet Manager and
 * Insights right.
 */
function grantRules(can: Can, scoped: ScopedRules, customerId: string, right: GrantRight, customerApps: App[], endUserId: string | undefined, coverage: Coverage): void {
  if (!customerApps.includes(right.app)) return;
  const actions = right.actions.filter((a) => APP_ACTIONS[right.app].includes(a));
  if (actions.length === 0) return;
  can('use', 'App', { customerId, app: right.app });
  const subjects = APP_SUBJECTS[right.app];
  const appCoverage = coverageOf(right.app, coverage);
  if (!appCoverage) {
    scopeRules(can, scoped, customerId, right, subjects, actions, endUserId);
    return;
  }
  const covered = coveredScope(right, appCoverage);
  if (covered) scopeRules(can, scoped, customerId, covered, subjects.filter(onBillingAccounts), actions, endUserId);
  scopeRules(can, scoped, customerId, right, subjects.filter((s) => !onBillingAccounts(s)), actions, endUserId);
}

/**
 * ROLE-6: a fleet manager (fleet-manager 'update' right) hands self-service rights on
 * SIMs in his scope to the SUs of those SIMs. He may read and write Service Users' grants (canGrant
 * narrows each write to 'mobile' read/update within his own scope) and read the scope options in his scope.
 */
function fleetManagerGrantRules(can: Can, customerId: string, grants: GrantRight[], customerApps: App[]): void {
  if (!customerApps.includes('fleet-manager')) return;
  const fleet = grants.find((g) => g.app === 'fleet-manager' && g.actions.includes('update'));
  if (!fleet) return;
  can(['read', 'update', 'delete'], 'Grant', { customerId, granteeProfile: 'service_user' });
  if (scopeFits('ScopeOption', fleet)) can('read', 'ScopeOption', scopeConditions(customerId, fleet));
}

function accessOwnerRules(can: Can, customerId: string, apps: App[]): void {
  can(['act', 'read'], 'Customer', { id: customerId });
  can('read', 'Administrator', { customerId });
  can('use', 'App', { customerId, app: { $in: apps } });
  // ROLE-2: every app and all data of the customer, users and rights included; but only the apps the
  // customer has: Insights' figures once it is activated (INS-1), the fleet's export with Fleet Manager
  // (PFM-1, PFM-4), which mobile-number management alone does not give (MOB-1).
  const subjects = DATA_SUBJECTS.filter((s) => s !== 'Insight' || apps.includes('insights'));
  can(['read', 'create', 'update', 'delete', 'order'], subjects, { customerId });
  can('export', subjects.filter((s) => s !== 'Sim' || apps.includes('fleet-manager')), { customerId });
  can(['read', 'create', 'update', 'delete', 'export'], [...ADMIN_SUBJECTS], { customerId });
  can('read', 'ScopeOption', { customerId }); // to pick a right's scope
  // Access reviews: the AO starts reviews, sees all of them and decides every item.
  can(['read', 'create', 'update'], 'AccessReview', { customerId });
}

/**
 * Builds the one ability every permission decision goes through (DESIGN.md convention 1).
 *
 * The raw rules are collected in a plain array and handed to CASL at once. Rights with the same
 * scope share their data rules (see ScopedRules), so the ability and its SQL filters stay small;
 * nothing else is merged.
 */
export function defineAbilityFor(context: AccessContext): AppAbility {
  const rules: RawRuleOf<AppAbility>[] = [];
  const can: Can = (action, subject, conditions) => {
    rules.push((conditions === undefined ? { action, subject } : { action, subject, conditions }) as RawRuleOf<AppAbility>);
  };
  const scoped: ScopedRules = new Map();
  can(['read', 'update'], 'Profile', { userId: context.userId });

  if (context.isOperator) {
    can('use', 'App', { app: 'backoffice' });
    can(['read', 'review'], 'OperatorQueue');
    // MOB-8: number changes and port-outs are the operator's to carry out, and a number change for service reasons its to announce.
    can(['read', 'review', 'create'], 'OperatorSimOrder');
    can(['read', 'suspend'], 'Customer');
    can('suspend', 'User');
    // Operator staff read the development mailbox (the route exists outside production only).
    can('read', 'Mailbox');
  }

  for (const m of context.memberships) {
    const customerId = m.customerId;
    switch (m.profile) {
      case 'access_owner':
        accessOwnerRules(can, customerId, m.apps);
        // DLG-1: the customer's AO is also AO of its affiliates.
        for (const affiliate of m.affiliates) accessOwnerRules(can, affiliate.customerId, affiliate.apps);
        // DLG-2..4, partner side: the AO of a partner company sees the delegations
        // it receives, accepts, declines or ends them (review) and chooses which of its users exercise them (update).
        can(['read', 'update', 'review'], 'Delegation', { partnerId: customerId });
        break;
      case 'access_manager':
        // ROLE-3: the portal and the user-management app only; no customer data.
        can(['act', 'read'], 'Customer', { id: customerId });
        can('read', 'Administrator', { customerId });
        if (m.apps.includes('user-management')) can('use', 'App', { customerId, app: 'user-management' });
        can(['read', 'create', 'update', 'delete'], ['User', 'Grant'], { customerId });
        // DLG-4: the partner's AM chooses which of its own users exercise a delegation it receives.
        can(['read', 'update'], 'Delegation', { partnerId: customerId });
        // The "who has access" export is user administration, not customer data;
        // the names of accounts and cost centres let the AM pick a scope without seeing their data.
        can('export', 'User', { customerId });
        can('read', 'ScopeOption', { customerId });
        // Access reviews: an AM reads and decides only the review items assigned to him.
        can(['read', 'update'], 'AccessReview', { customerId, reviewerId: context.userId });
        break;
      case 'support_portal_user':
        // ROLE-4: only the apps delegated to him, all data within his scope.
        can(['act', 'read'], 'Customer', { id: customerId });
        can('read', 'Administrator', { customerId });
        for (const right of m.grants) grantRules(can, scoped, customerId, right, m.apps, undefined, m);
        fleetManagerGrantRules(can, customerId, m.grants, m.apps);
        break;
      case 'service_user':
        // ROLE-5: only his own line; self-service rights (MOB-4) stay on his own SIMs.
        can(['act', 'read'], 'Customer', { id: customerId });
        can('read', 'Administrator', { customerId });
        if (m.apps.includes('mobile')) {
          can('use', 'App', { customerId, app: 'mobile' });
          can('read', ['Sim', 'Usage'], { customerId, endUserId: context.userId });
        }
        for (const right of m.grants) grantRules(can, scoped, customerId, right, m.apps, context.userId, m);
        break;
    }
  }

  // DLG-2..4: a delegate acts for the delegating customer within the delegated rights only.
  for (const d of context.delegations) {
    can(['act', 'read'], 'Customer', { id: d.customerId });
    for (const right of d.rights) {
      grantRules(can, scoped, d.customerId, { app: right.app, actions: right.actions, billingAccountIds: d.billingAccountIds, costCentreIds: d.costCentreIds }, d.apps, undefined, d);
    }
  }

  return createMongoAbility<AppAbility>(rules);
}

/** True when some rule may allow `action` on `subject` within `customerId` (route-level check). */
export function mayWithinCustomer(ability: AppAbility, action: Action, subject: SubjectType, customerId: string): boolean {
  return ability.rulesFor(action, subject).some((rule) => {
    if (rule.inverted) return false;
    const conditions = rule.conditions as Record<string, unknown> | undefined;
    if (!conditions) return true;
    // A partner-side Delegation rule ({ partnerId }) applies within the partner company.
    const scoped = subject === 'Customer' ? conditions.id : (conditions.customerId ?? conditions.partnerId);
    return scoped === undefined || scoped === customerId;
  });
}

/** The customers the ability lets the user act for. */
export function actableCustomerIds(ability: AppAbility): string[] {
  const ids = new Set<string>();
  for (const rule of ability.rulesFor('act', 'Customer')) {
    const id = (rule.conditions as { id?: unknown } | undefined)?.id;
    if (!rule.inverted && typeof id === 'string') ids.add(id);
  }
  return [...ids];
}
