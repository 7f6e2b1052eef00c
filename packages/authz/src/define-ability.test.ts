import { subject } from '@casl/ability';
import { APPS, type App } from '@mandate/domain/profiles';
import { describe, expect, it } from 'vitest';
import type { AccessContext, DelegationContext } from './access-context.ts';
import { context, membership, right } from './test-contexts.ts';
import { actableCustomerIds, defineAbilityFor, mayWithinCustomer, type AppAbility } from './define-ability.ts';
import type { Action, SubjectType } from './subjects.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures. Customer B deliberately reuses customer A's billing-account, cost-centre and end-user
// ids, so that only the customerId condition keeps A's rules off B's rows (cross-customer isolation).
// ---------------------------------------------------------------------------------------------
const A = 'cust-a';
const B = 'cust-b';
const F = 'cust-f'; // an affiliate of A (DLG-1)
const P = 'cust-p'; // a partner company (DLG-2 third party)
const N = 'cust-n'; // a customer without the mobile app

const APPS_A: App[] = ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery']; // no 'orders'
const APPS_B: App[] = [...APPS];
const APPS_F: App[] = ['user-management', 'invoices', 'mobile']; // no 'fleet-manager'
const APPS_N: App[] = ['user-management', 'invoices', 'fleet-manager'];

const SU = 'u-su';
const OTHER = 'u-other';

interface Row {
  label: string;
  type: SubjectType;
  fields: Record<string, unknown>;
}
const row = (type: SubjectType, label: string, fields: Record<string, unknown>): Row => ({ type, label, fields });
const customer = (id: string) => row('Customer', `Customer ${id}`, { id });
const app = (customerId: string, name: string) => row('App', `App ${name}@${customerId}`, { customerId, app: name });
const sim = (customerId: string, billingAccountId: string, costCentreId: string | null, endUserId: string) =>
  row('Sim', `Sim ${customerId}/${billingAccountId}/${costCentreId ?? '-'}/${endUserId}`, { customerId, billingAccountId, costCentreId, endUserId });
const usage = (customerId: string, billingAccountId: string, costCentreId: string | null, endUserId: string) =>
  row('Usage', `Usage ${customerId}/${billingAccountId}/${costCentreId ?? '-'}/${endUserId}`, { customerId, billingAccountId, costCentreId, endUserId });
const billingAccount = (customerId: string, billingAccountId: string) =>
  row('BillingAccount', `BillingAccount ${customerId}/${billingAccountId}`, { customerId, billingAccountId });
const invoice = (customerId: string, billingAccountId: string) => row('Invoice', `Invoice ${customerId}/${billingAccountId}`, { customerId, billingAccountId });
const order = (customerId: string, billingAccountId: string) => row('Order', `Order ${customerId}/${billingAccountId}`, { customerId, billingAccountId });
const insight = (customerId: string, billingAccountId: string, costCentreId: string | null) =>
  row('Insight', `Insight ${customerId}/${billingAccountId}/${costCentreId ?? '-'}`, { customerId, billingAccountId, costCentreId });
const costCentre = (customerId: string, costCentreId: string) => row('CostCentre', `CostCentre ${customerId}/${costCentreId}`, { customerId, costCentreId });
const user = (customerId: string, userId = OTHER) => row('User', `User ${customerId}/${userId}`, { customerId, userId });
const onCustomer = (type: SubjectType, customerId: string) => row(type, `${type} ${customerId}`, { customerId });
const profileOf = (userId: string) => row('Profile', `Profile ${userId}`, { userId });

function can(ability: AppAbility, action: Action, r: Row): boolean {
  // A fresh object per check: subject() tags the object with its type.
  return ability.can(action, subject(r.type, { ...r.fields }));
}

// ---------------------------------------------------------------------------------------------
// Access contexts, one per profile (ROLE-1..8, DLG-1..4).
// ---------------------------------------------------------------------------------------------
const ao = context('u-ao', [membership(A, 'access_owner', APPS_A)]);
const aoWithAffiliate = context('u-ao', [membership(A, 'access_owner', APPS_A, { affiliates: [{ customerId: F, apps: APPS_F }] })]);
// The affiliate link is on the membership; an AM must not inherit it (DLG-1 makes the AO, not the AM, AO of affiliates).
const am = context('u-am', [membership(A, 'access_manager', APPS_A, { affiliates: [{ customerId: F, apps: APPS_F }] })]);
const amWithoutUserManagement = context('u-am', [membership(A, 'access_manager', ['invoices'])]);
const financialManager = context('u-fin', [
  membership(A, 'support_portal_user', APPS_A, { subProfiles: ['financial_manager'], grants: [right('invoices', ['read', 'export'], { ba: ['ba-1'] })] }),
]);
const fleetManager = context('u-fleet', [
  membership(A, 'support_portal_user', APPS_A, { subProfiles: ['fleet_manager'], grants: [right('fleet-manager', ['read', 'update', 'export'], { cc: ['cc-1'] })] }),
]);
// PFM-2: the app covers ba-1 only (ba-2 came after its activation, without an approved access request).
const fleetManagerCovered = context('u-fleet', [
  membership(A, 'support_portal_user', APPS_A, { subProfiles: ['fleet_manager'], grants: [right('fleet-manager', ['read', 'update'])], fleetCoverage: ['ba-1'] }),
]);
const fleetManagerOnUncovered = context('u-fleet', [
  membership(A, 'support_portal_user', APPS_A, { subProfiles: ['fleet_manager'], grants: [right('fleet-manager', ['read', 'update'], { ba: ['ba-2'] })], fleetCoverage: ['ba-1'] }),
]);
// INS-1: Insights covers ba-1 only; an invoices right alongside it still reads every account it names.
const insightsCovered = context('u-fin', [
  membership(A, 'support_portal_user', APPS_A, { subProfiles: ['financial_manager'], grants: [right('insights', ['read', 'export'])], insightsCoverage: ['ba-1'] }),
]);
const insightsCoveredWithInvoices = context('u-fin', [
  membership(A, 'support_portal_user', APPS_A, {
    subProfiles: ['financial_manager'], grants: [right('insights', ['read']), right('invoices', ['read'], { ba: ['ba-2'] })], insightsCoverage: ['ba-1'],
  }),
]);
// A grant on an app the customer does not (or no longer) subscribe(s) to opens nothing.
const fleetManagerWithoutApp = context('u-fleet', [
  membership(F, 'support_portal_user', APPS_F, { subProfiles: ['fleet_manager'], grants: [right('fleet-manager', ['read', 'update'])] }),
]);
const serviceUser = context(SU, [membership(A, 'service_user', APPS_A)]);
const serviceUserSelfService = context(SU, [membership(A, 'service_user', APPS_A, { grants: [right('mobile', ['read', 'update'])] })]);
const serviceUserScopedSelfService = context(SU, [membership(A, 'service_user', APPS_A, { grants: [right('mobile', ['read', 'update'], { ba: ['ba-1'] })] })]);
// A stray grant beyond self-service (canGrant refuses it; the ability must still keep the SU on his own rows).
const serviceUserStrayGrant = context(SU, [membership(A, 'service_user', APPS_A, { grants: [right('invoices', ['read']), right('fleet-manager', ['read', 'update'])] })]);
const serviceUserWithoutMobile = context(SU, [membership(N, 'service_user', APPS_N)]);
const operator = context('u-op', [], [], true);
const delegation: DelegationContext = {
  delegationId: 'dlg-1',
  customerId: A,
  partnerId: P,
  billingAccountIds: ['ba-1'],
  costCentreIds: [],
  // 'orders' is delegated but A does not subscribe to it: never opened (DLG-2: within the customer's rights only).
  rights: [{ app: 'invoices', actions: ['read'] }, { app: 'orders', actions: ['read', 'order'] }],
  apps: APPS_A,
};
const delegate = context('u-dlg', [membership(P, 'access_manager', APPS_B)], [delegation]);
const costCentreDelegate = context('u-dlg2', [], [
  { delegationId: 'dlg-2', customerId: A, partnerId: P, billingAccountIds: [], costCentreIds: ['cc-1'], rights: [{ app: 'insights', actions: ['read'] }], apps: APPS_A },
]);

type Expectation = [Action, Row, boolean];
interface Case {
  desc: string;
  ability: AppAbility;
  action: Action;
  row: Row;
  allowed: boolean;
}
function casesFor(who: string, ctx: AccessContext, expectations: Expectation[]): Case[] {
  const ability = defineAbilityFor(ctx);
  return expectations.map(([action, r, allowed]) => ({ desc: `${who} ${allowed ? 'may' : 'may NOT'} ${action} ${r.label}`, ability, action, row: r, allowed }));
}

function expectCases(cases: Case[]) {
  // Each table must test both sides.
  expect(cases.some((c) => c.allowed)).toBe(true);
  expect(cases.some((c) => !c.allowed)).toBe(true);
}

describe('defineAbilityFor — Access Owner (ROLE-2)', () => {
  const cases = casesFor('AO of A', ao, [
    ['act', customer(A), true],
    ['read', customer(A), true],
    ['read', onCustomer('Administrator', A), true],
    ['use', app(A, 'invoices'), true],
    ['use', app(A, 'fleet-manager'), true],
    ['use', app(A, 'user-management'), true],
    ['use', app(A, 'orders'), false], // sees every app the customer *subscribed* to
    ['read', sim(A, 'ba-1', 'cc-1', OTHER), true],
    ['update', sim(A, 'ba-2', null, SU), true],
    ['delete', sim(A, 'ba-2', 'cc-2', SU), true],
    ['read', usage(A, 'ba-1', 'cc-1', OTHER), true],
    ['read', invoice(A, 'ba-2'), true],
    ['export', invoice(A, 'ba-1'), true],
    ['read', billingAccount(A, 'ba-1'), true],
    ['update', costCentre(A, 'cc-1'), true],
    ['order', order(A, 'ba-1'), true], // may order products for the customer
    ['create', user(A), true],
    ['delete', user(A), true],
    ['create', onCustomer('Grant', A), true],
    ['create', onCustomer('Delegation', A), true], // DLG-2: only an AO delegates to a third party
    ['read', onCustomer('Affiliate', A), true],
    ['read', onCustomer('Audit', A), true],
    // Cross-customer isolation: same ids, other customer.
    ['act', customer(B), false],
    ['read', customer(B), false],
    ['read', sim(B, 'ba-1', 'cc-1', OTHER), false],
    ['read', invoice(B, 'ba-1'), false],
    ['read', billingAccount(B, 'ba-1'), false],
    ['create', user(B), false],
    ['create', onCustomer('Grant', B), false],
    ['use', app(B, 'invoices'), false],
    // No affiliate link → nothing at F.
    ['act', customer(F), false],
    ['read', invoice(F, 'ba-1'), false],
    // Operator-only and wildcard actions.
    ['read', onCustomer('OperatorQueue', A), false],
    ['suspend', customer(A), false],
    ['suspend', user(A), false],
    ['manage', sim(A, 'ba-1', 'cc-1', OTHER), false],
    // Everyone reads and updates his own profile, nobody else's.
    ['update', profileOf('u-ao'), true],
    ['read', profileOf(OTHER), false],
  ]);
  it('has allowed and denied cases', () => expectCases(cases));
  it.each(cases)('$desc', ({ ability, action, row: r, allowed }) => {
    expect(can(ability, action, r)).toBe(allowed);
  });
});

describe('defineAbilityFor — AO of a customer with an affiliate (DLG-1)', () => {
  const cases = casesFor('AO of A (affiliate F)', aoWithAffiliate, [
    ['act', customer(A), true],
    ['act', customer(F), true],
    ['read', onCustomer('Administrator', F), true],
    ['read', invoice(F, 'ba-1'), true],
    ['update', sim(F, 'ba-1', 'cc-1', OTHER), true],
    ['order', order(F, 'ba-1'), true], // may order products in the affiliate's name
    ['create', user(F), true],
    ['create', onCustomer('Grant', F), true], // may delegate rights on the affiliate's data
    ['use', app(F, 'invoices'), true],
    ['use', app(F, 'fleet-manager'), false], // the affiliate does not subscribe to it
    ['use', app(F, 'insights'), false],
    // Without those apps, neither their figures (INS-1) nor the fleet's export (PFM-4): its SIMs are mobile-number management's (MOB-1).
    ['read', insight(F, 'ba-1', null), false],
    ['export', sim(F, 'ba-1', 'cc-1', OTHER), false],
    ['read', sim(F, 'ba-1', 'cc-1', OTHER), true],
    ['export', invoice(F, 'ba-1'), true],
    ['read', insight(A, 'ba-1', null), true],
    ['export', sim(A, 'ba-1', 'cc-1', OTHER), true],
    ['act', customer(B), false],
    ['read', invoice(B, 'ba-1'), false],
    ['read', sim(B, 'ba-1', 'cc-1', OTHER), false],
  ]);
  it('has allowed and denied cases', () => expectCases(cases));
  it.each(cases)('$desc', ({ ability, action, row: r, allowed }) => {
    expect(can(ability, action, r)).toBe(allowed);
  });
});

describe('defineAbilityFor — Access Manager (ROLE-3)', () => {
  const cases = [
    ...casesFor('AM of A', am, [
      ['act', customer(A), true],
      ['read', customer(A), true],
      ['read', onCustomer('Administrator', A), true], // ROLE-8
      ['use', app(A, 'user-management'), true],
      ['read', user(A), true],
      ['create', user(A), true],
      ['update', user(A), true],
      ['delete', user(A), true], // may add and remove SPUs and SUs
      ['read', onCustomer('Grant', A), true],
      ['create', onCustomer('Grant', A), true],
      ['delete', onCustomer('Grant', A), true],
      // No customer data: no invoices, usage, SIMs, billing accounts — not even read.
      ['use', app(A, 'invoices'), false],
      ['use', app(A, 'fleet-manager'), false],
      ['use', app(A, 'mobile'), false],
      ['read', invoice(A, 'ba-1'), false],
      ['export', invoice(A, 'ba-1'), false],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), false],
      ['read', sim(A, 'ba-1', 'cc-1', 'u-am'), false],
      ['read', usage(A, 'ba-1', 'cc-1', OTHER), false],
      ['read', billingAccount(A, 'ba-1'), false],
      ['read', costCentre(A, 'cc-1'), false],
      ['read', order(A, 'ba-1'), false],
      ['order', order(A, 'ba-1'), false],
      // Only an AO delegates to a third party (DLG-2) or manages affiliate links (DLG-1).
      ['create', onCustomer('Delegation', A), false],
      ['create', onCustomer('Affiliate', A), false],
      // The affiliate link of his membership does not make an AM anything at the affiliate.
      ['act', customer(F), false],
      ['read', user(F), false],
      ['create', onCustomer('Grant', F), false],
      // Other customers.
      ['act', customer(B), false],
      ['read', user(B), false],
      ['create', onCustomer('Grant', B), false],
    ]),
    ...casesFor('AM of A without the user-management app', amWithoutUserManagement, [
      ['use', app(A, 'user-management'), false],
      ['use', app(A, 'invoices'), false],
      ['read', invoice(A, 'ba-1'), false],
    ]),
  ];
  it('has allowed and denied cases', () => expectCases(cases));
  it.each(cases)('$desc', ({ ability, action, row: r, allowed }) => {
    expect(can(ability, action, r)).toBe(allowed);
  });
});

describe('defineAbilityFor — Support Portal User (ROLE-4, ROLE-6 scopes)', () => {
  const cases = [
    ...casesFor('financial manager (invoices read/export on ba-1)', financialManager, [
      ['act', customer(A), true],
      ['read', onCustomer('Administrator', A), true],
      ['use', app(A, 'invoices'), true],
      ['use', app(A, 'insights'), false], // only the delegated apps
      ['use', app(A, 'fleet-manager'), false],
      ['use', app(A, 'user-management'), false],
      ['read', invoice(A, 'ba-1'), true],
      ['export', invoice(A, 'ba-1'), true],
      ['update', invoice(A, 'ba-1'), false], // action not delegated
      ['read', invoice(A, 'ba-2'), false], // outside the billing-account scope
      ['read', billingAccount(A, 'ba-1'), true],
      ['read', billingAccount(A, 'ba-2'), false],
      ['read', usage(A, 'ba-1', 'cc-2', OTHER), true],
      ['read', usage(A, 'ba-2', 'cc-1', OTHER), false],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), false], // SIMs are not in the invoices app
      ['read', costCentre(A, 'cc-1'), false],
      ['read', user(A), false],
      ['create', onCustomer('Grant', A), false],
      ['read', invoice(B, 'ba-1'), false],
      ['read', billingAccount(B, 'ba-1'), false],
      ['act', customer(B), false],
      ['use', app(B, 'invoices'), false],
    ]),
    ...casesFor('fleet manager (fleet-manager read/update/export on cc-1)', fleetManager, [
      ['use', app(A, 'fleet-manager'), true],
      ['use', app(A, 'mobile'), false],
      ['use', app(A, 'invoices'), false],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), true],
      ['update', sim(A, 'ba-2', 'cc-1', SU), true],
      ['export', sim(A, 'ba-2', 'cc-1', SU), true],
      ['delete', sim(A, 'ba-1', 'cc-1', OTHER), false], // action not delegated
      ['update', sim(A, 'ba-1', 'cc-2', OTHER), false], // other cost centre
      ['update', sim(A, 'ba-1', null, OTHER), false], // a SIM without cost centre is outside a cost-centre scope
      ['read', usage(A, 'ba-1', 'cc-1', OTHER), true],
      ['read', usage(A, 'ba-1', 'cc-2', OTHER), false],
      ['read', costCentre(A, 'cc-1'), true],
      ['read', costCentre(A, 'cc-2'), false],
      // A cost-centre-scoped right never opens billing accounts or invoices (they have no cost centre).
      ['read', billingAccount(A, 'ba-1'), false],
      ['read', invoice(A, 'ba-1'), false],
      ['read', sim(B, 'ba-1', 'cc-1', OTHER), false],
      ['update', sim(B, 'ba-1', 'cc-1', OTHER), false],
      ['read', costCentre(B, 'cc-1'), false],
    ]),
    ...casesFor('fleet manager on the whole customer, the app covering ba-1 (PFM-2)', fleetManagerCovered, [
      ['use', app(A, 'fleet-manager'), true],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), true],
      ['update', sim(A, 'ba-1', null, OTHER), true],
      ['read', sim(A, 'ba-2', 'cc-1', OTHER), false],
      ['update', sim(A, 'ba-2', 'cc-1', OTHER), false],
      ['read', usage(A, 'ba-2', 'cc-1', OTHER), false],
      ['read', invoice(A, 'ba-1'), true],
      ['read', invoice(A, 'ba-2'), false],
      ['read', billingAccount(A, 'ba-2'), false],
      // Cost centres lie on no billing account: the right's own scope (the whole customer) holds for them.
      ['read', costCentre(A, 'cc-2'), true],
      ['read', sim(B, 'ba-1', 'cc-1', OTHER), false],
    ]),
    ...casesFor('an Insights right, the app covering ba-1 (INS-1): its figures stay on the covered accounts; no invoice or usage (ROLE-4)', insightsCovered, [
      ['use', app(A, 'insights'), true],
      ['read', insight(A, 'ba-1', 'cc-1'), true],
      ['read', insight(A, 'ba-2', 'cc-1'), false],
      ['read', billingAccount(A, 'ba-1'), true],
      ['read', billingAccount(A, 'ba-2'), false],
      ['read', costCentre(A, 'cc-2'), true],
      // Insights reads roll-ups: invoices, call details and usage are the invoices app's.
      ['read', invoice(A, 'ba-1'), false],
      ['read', usage(A, 'ba-1', 'cc-1', OTHER), false],
    ]),
    ...casesFor('an Insights right on ba-1 and an invoices right on ba-2 (INS-1): each app its own accounts', insightsCoveredWithInvoices, [
      ['read', insight(A, 'ba-1', null), true],
      ['read', insight(A, 'ba-2', null), false],
      ['read', invoice(A, 'ba-1'), false],
      ['read', invoice(A, 'ba-2'), true],
    ]),
    ...casesFor('fleet manager scoped to an account the app does not cover (PFM-2)', fleetManagerOnUncovered, [
      ['use', app(A, 'fleet-manager'), true],
      ['read', sim(A, 'ba-2', 'cc-1', OTHER), false],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), false],
      ['read', invoice(A, 'ba-2'), false],
    ]),
    ...casesFor('fleet manager at a customer without the fleet-manager app', fleetManagerWithoutApp, [
      ['act', customer(F), true],
      ['use', app(F, 'fleet-manager'), false],
      ['read', sim(F, 'ba-1', 'cc-1', OTHER), false],
      ['update', sim(F, 'ba-1', 'cc-1', OTHER), false],
    ]),
  ];
  it('has allowed and denied cases', () => expectCases(cases));
  it.each(cases)('$desc', ({ ability, action, row: r, allowed }) => {
    expect(can(ability, action, r)).toBe(allowed);
  });
});

describe('defineAbilityFor — Service User (ROLE-5, MOB-4)', () => {
  const cases = [
    ...casesFor('SU without self-service', serviceUser, [
      ['act', customer(A), true],
      ['read', onCustomer('Administrator', A), true], // ROLE-8 "who is my administrator?"
      ['use', app(A, 'mobile'), true],
      ['read', sim(A, 'ba-1', 'cc-1', SU), true],
      ['read', usage(A, 'ba-2', null, SU), true],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), false], // only his own line
      ['read', usage(A, 'ba-1', 'cc-1', OTHER), false],
      ['update', sim(A, 'ba-1', 'cc-1', SU), false], // no self-service right
      ['use', app(A, 'invoices'), false],
      ['use', app(A, 'fleet-manager'), false],
      ['read', invoice(A, 'ba-1'), false],
      ['read', billingAccount(A, 'ba-1'), false],
      ['read', costCentre(A, 'cc-1'), false],
      ['read', user(A), false],
      ['read', sim(B, 'ba-1', 'cc-1', SU), false], // his user id at another customer
      ['act', customer(B), false],
    ]),
    ...casesFor('SU with self-service (mobile read/update)', serviceUserSelfService, [
      // ROLE-5: his update right on his own line is self-service, never the management of the SIM.
      ['selfServe', sim(A, 'ba-1', 'cc-1', SU), true],
      ['update', sim(A, 'ba-1', 'cc-1', SU), false],
      ['update', usage(A, 'ba-1', 'cc-1', SU), true],
      ['selfServe', sim(A, 'ba-2', null, SU), true],
      ['selfServe', sim(A, 'ba-1', 'cc-1', OTHER), false],
      ['update', sim(A, 'ba-1', 'cc-1', OTHER), false],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), false],
      ['delete', sim(A, 'ba-1', 'cc-1', SU), false],
      ['order', sim(A, 'ba-1', 'cc-1', SU), false],
      ['read', invoice(A, 'ba-1'), false],
      ['update', sim(B, 'ba-1', 'cc-1', SU), false],
    ]),
    ...casesFor('SU with self-service scoped to ba-1', serviceUserScopedSelfService, [
      ['selfServe', sim(A, 'ba-1', 'cc-1', SU), true],
      ['selfServe', sim(A, 'ba-2', 'cc-1', SU), false],
      ['read', sim(A, 'ba-2', 'cc-1', SU), true], // still reads his own line
      ['selfServe', sim(A, 'ba-1', 'cc-1', OTHER), false],
    ]),
    ...casesFor('SU with a stray non-self-service grant', serviceUserStrayGrant, [
      ['read', invoice(A, 'ba-1'), false], // invoices carry no end user: never his own
      ['read', billingAccount(A, 'ba-1'), false],
      ['read', costCentre(A, 'cc-1'), false],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), false],
      ['update', sim(A, 'ba-1', 'cc-1', OTHER), false],
      ['selfServe', sim(A, 'ba-1', 'cc-1', SU), true],
      ['read', usage(A, 'ba-1', 'cc-1', SU), true],
    ]),
    ...casesFor('SU at a customer without the mobile app', serviceUserWithoutMobile, [
      ['act', customer(N), true],
      ['use', app(N, 'mobile'), false],
      ['read', sim(N, 'ba-1', 'cc-1', SU), false],
    ]),
  ];
  it('has allowed and denied cases', () => expectCases(cases));
  it.each(cases)('$desc', ({ ability, action, row: r, allowed }) => {
    expect(can(ability, action, r)).toBe(allowed);
  });
});

describe('defineAbilityFor — operator (ACC-5)', () => {
  const cases = casesFor('operator', operator, [
    ['use', app('', 'backoffice'), true],
    ['read', onCustomer('OperatorQueue', A), true],
    ['review', onCustomer('OperatorQueue', A), true],
    ['read', onCustomer('OperatorSimOrder', A), true],
    ['review', onCustomer('OperatorSimOrder', A), true],
    ['create', onCustomer('OperatorSimOrder', A), true],
    ['delete', onCustomer('OperatorSimOrder', A), false],
    ['read', customer(A), true],
    ['suspend', customer(B), true],
    ['suspend', user(A), true],
    // Not a member of any customer: acts for none and sees no customer data.
    ['act', customer(A), false],
    ['read', invoice(A, 'ba-1'), false],
    ['read', sim(A, 'ba-1', 'cc-1', OTHER), false],
    ['read', user(A), false],
    ['create', onCustomer('Grant', A), false],
    ['use', app(A, 'invoices'), false],
    ['manage', customer(A), false],
  ]);
  it('has allowed and denied cases', () => expectCases(cases));
  it.each(cases)('$desc', ({ ability, action, row: r, allowed }) => {
    expect(can(ability, action, r)).toBe(allowed);
  });
  it('a non-operator never reaches the operator queue or suspends', () => {
    for (const ctx of [ao, aoWithAffiliate, am, financialManager, fleetManager, serviceUserSelfService, delegate]) {
      const ability = defineAbilityFor(ctx);
      expect(can(ability, 'read', onCustomer('OperatorQueue', A))).toBe(false);
      for (const action of ['read', 'review', 'create'] as const) expect(can(ability, action, onCustomer('OperatorSimOrder', A))).toBe(false);
      expect(can(ability, 'suspend', customer(A))).toBe(false);
      expect(can(ability, 'use', app('', 'backoffice'))).toBe(false);
    }
  });
});

describe('defineAbilityFor — delegate of a third party (DLG-2..4)', () => {
  const cases = [
    ...casesFor('delegate of A (invoices read + orders, on ba-1)', delegate, [
      ['act', customer(A), true], // acts on behalf of the delegating customer
      ['act', customer(P), true], // and still for his own company
      ['use', app(A, 'invoices'), true],
      ['read', invoice(A, 'ba-1'), true],
      ['read', billingAccount(A, 'ba-1'), true],
      ['read', invoice(A, 'ba-2'), false], // outside the delegation's scope
      ['export', invoice(A, 'ba-1'), false], // action not delegated
      ['update', invoice(A, 'ba-1'), false],
      // A delegated app the delegating customer lacks is never opened.
      ['use', app(A, 'orders'), false],
      ['read', order(A, 'ba-1'), false],
      ['order', order(A, 'ba-1'), false],
      ['read', sim(A, 'ba-1', 'cc-1', OTHER), false], // not delegated
      ['use', app(A, 'fleet-manager'), false],
      ['read', user(A), false],
      ['create', onCustomer('Grant', A), false],
      ['create', onCustomer('Delegation', A), false],
      // The delegating customer only.
      ['read', invoice(B, 'ba-1'), false],
      ['act', customer(B), false],
      // His AM profile at his own company still sees no data there (ROLE-3).
      ['read', invoice(P, 'ba-1'), false],
      ['create', user(P), true],
    ]),
    ...casesFor('delegate of A (insights read on cc-1)', costCentreDelegate, [
      ['read', costCentre(A, 'cc-1'), true],
      ['read', insight(A, 'ba-1', 'cc-1'), true],
      ['read', insight(A, 'ba-1', 'cc-2'), false],
      ['read', usage(A, 'ba-1', 'cc-1', OTHER), false], // Insights opens figures, not usage
      ['read', invoice(A, 'ba-1'), false], // cost-centre scope never opens invoices
      ['read', billingAccount(A, 'ba-1'), false],
    ]),
  ];
  it('has allowed and denied cases', () => expectCases(cases));
  it.each(cases)('$desc', ({ ability, action, row: r, allowed }) => {
    expect(can(ability, action, r)).toBe(allowed);
  });
  it('DLG-3: without the (revoked, refused, expired) delegation in the context nothing of A remains', () => {
    const ability = defineAbilityFor({ ...delegate, delegations: [] });
    expect(can(ability, 'act', customer(A))).toBe(false);
    expect(can(ability, 'read', invoice(A, 'ba-1'))).toBe(false);
    expect(can(ability, 'use', app(A, 'invoices'))).toBe(false);
  });
});

describe('cross-customer isolation', () => {
  const contexts: Array<[string, AccessContext]> = [
    ['AO', ao],
    ['AO with affiliate', aoWithAffiliate],
    ['AM', am],
    ['financial manager', financialManager],
    ['fleet manager', fleetManager],
    ['SU', serviceUserSelfService],
    ['delegate', delegate],
  ];
  const bRows: Row[] = [
    customer(B),
    app(B, 'invoices'),
    app(B, 'mobile'),
    sim(B, 'ba-1', 'cc-1', SU),
    usage(B, 'ba-1', 'cc-1', SU),
    invoice(B, 'ba-1'),
    billingAccount(B, 'ba-1'),
    costCentre(B, 'cc-1'),
    order(B, 'ba-1'),
    user(B),
    ...(['Administrator', 'Grant', 'Affiliate', 'Delegation', 'Audit'] as const).map((t) => onCustomer(t, B)),
  ];
  const actions: Action[] = ['read', 'create', 'update', 'delete', 'export', 'order', 'act', 'use', 'suspend', 'review', 'manage'];
  it.each(contexts)('%s: no action on any row of customer B', (_who, ctx) => {
    const ability = defineAbilityFor(ctx);
    const allowed = bRows.flatMap((r) => actions.filter((a) => can(ability, a, r)).map((a) => `${a} ${r.label}`));
    expect(allowed).toEqual([]);
    expect(mayWithinCustomer(ability, 'read', 'Invoice', B)).toBe(false);
    expect(actableCustomerIds(ability)).not.toContain(B);
  });
});

describe('mayWithinCustomer (route-level check)', () => {
  it.each([
    ['AO', ao, 'read', 'Invoice', A, true],
    ['AO', ao, 'create', 'Delegation', A, true],
    ['AO', ao, 'read', 'Customer', A, true],
    ['AO', ao, 'read', 'Invoice', B, false],
    ['AO', ao, 'read', 'Customer', B, false],
    ['AO', ao, 'read', 'Invoice', F, false],
    ['AO with affiliate', aoWithAffiliate, 'read', 'Invoice', F, true],
    ['AO with affiliate', aoWithAffiliate, 'act', 'Customer', F, true],
    ['AM', am, 'create', 'Grant', A, true],
    ['AM', am, 'read', 'User', A, true],
    ['AM', am, 'read', 'Invoice', A, false],
    ['AM', am, 'read', 'Sim', A, false],
    ['AM', am, 'create', 'Delegation', A, false],
    ['AM', am, 'create', 'Grant', F, false],
    ['financial manager', financialManager, 'read', 'Invoice', A, true], // some invoice in scope may be readable
    ['financial manager', financialManager, 'update', 'Invoice', A, false],
    ['financial manager', financialManager, 'read', 'Sim', A, false],
    ['fleet manager', fleetManager, 'update', 'Sim', A, true],
    ['fleet manager', fleetManager, 'read', 'BillingAccount', A, false],
    ['fleet manager', fleetManager, 'read', 'Invoice', A, false],
    ['SU', serviceUser, 'read', 'Sim', A, true],
    ['SU', serviceUser, 'update', 'Sim', A, false],
    ['SU', serviceUser, 'read', 'Invoice', A, false],
    ['SU with self-service', serviceUserSelfService, 'update', 'Sim', A, false],
    ['SU with self-service', serviceUserSelfService, 'selfServe', 'Sim', A, true],
    ['delegate', delegate, 'read', 'Invoice', A, true],
    ['delegate', delegate, 'read', 'Order', A, false],
    ['delegate', delegate, 'read', 'Sim', A, false],
    ['operator', operator, 'read', 'Customer', B, true],
    ['operator', operator, 'read', 'Invoice', A, false],
  ] as const)('%s: %s %s within %s → %s', (_who, ctx, action, subjectType, customerId, expected) => {
    expect(mayWithinCustomer(defineAbilityFor(ctx), action, subjectType, customerId)).toBe(expected);
  });
});

describe('actableCustomerIds', () => {
  it.each([
    ['AO', ao, [A]],
    ['AO with affiliate (DLG-1)', aoWithAffiliate, [A, F]],
    ['AM (affiliate link ignored)', am, [A]],
    ['financial manager', financialManager, [A]],
    ['SU', serviceUser, [A]],
    ['delegate (own company and delegating customer)', delegate, [A, P]],
    ['delegate without membership', costCentreDelegate, [A]],
    ['operator (member of none)', operator, []],
    ['several memberships', context('u-multi', [membership(A, 'service_user', APPS_A), membership(B, 'access_manager', APPS_B)]), [A, B]],
  ] as const)('%s', (_who, ctx, expected) => {
    expect([...actableCustomerIds(defineAbilityFor(ctx))].sort()).toEqual([...expected].sort());
  });
});
