import { type App, type Profile } from '@mandate/domain/profiles';
import { describe, expect, it } from 'vitest';
import type { AccessContext, GrantRight, Scope } from './access-context.ts';
import { context, membership, right } from './test-contexts.ts';
import { canGrant, mayReview, scopeWithin, type GrantDecision, type GrantRefusal, type GrantRequest } from './can-grant.ts';
import type { GrantableAction } from './subjects.ts';

const A = 'cust-a';
const B = 'cust-b';
const F = 'cust-f'; // affiliate of A (DLG-1)
const M = 'cust-m'; // a customer with the fleet-manager app but without mobile
const P = 'cust-p'; // a partner company (DLG-2)

const APPS_A: App[] = ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery']; // no 'orders'
const APPS_F: App[] = ['user-management', 'invoices', 'mobile']; // no 'fleet-manager'
const APPS_M: App[] = ['user-management', 'fleet-manager'];

function req(customerId: string, granteeProfile: Profile, r?: GrantRight): GrantRequest {
  return r ? { customerId, granteeProfile, right: r } : { customerId, granteeProfile };
}

// Grantors.
const aoA = context('u-ao', [membership(A, 'access_owner', APPS_A)]);
const aoAF = context('u-ao', [membership(A, 'access_owner', APPS_A, { affiliates: [{ customerId: F, apps: APPS_F }] })]);
// An AO of the parent who also holds a lesser profile at the affiliate keeps his AO standing there (DLG-1).
const aoAFAndSuAtF = context('u-ao', [membership(F, 'service_user', APPS_F), membership(A, 'access_owner', APPS_A, { affiliates: [{ customerId: F, apps: APPS_F }] })]);
const amA = context('u-am', [membership(A, 'access_manager', APPS_A, { affiliates: [{ customerId: F, apps: APPS_F }] })]);
const fleet = (actions: GrantableAction[], scope: { ba?: string[]; cc?: string[] }, customerId = A, apps = APPS_A) =>
  context('u-fleet', [membership(customerId, 'support_portal_user', apps, { subProfiles: ['fleet_manager'], grants: [right('fleet-manager', actions, scope)] })]);
const fmBa = fleet(['read', 'update'], { ba: ['ba-1'] });
const fmCc = fleet(['update'], { cc: ['cc-1'] });
const fmBaCc = fleet(['read', 'update'], { ba: ['ba-1', 'ba-2'], cc: ['cc-1'] });
const fmWhole = fleet(['read', 'update', 'export'], {});
const fmReadOnly = fleet(['read', 'export'], {}); // no 'update': no standing to hand out self-service
const fmAppGone = fleet(['read', 'update'], {}, F, APPS_F); // the customer no longer has the fleet-manager app
const fmNoMobile = fleet(['read', 'update'], {}, M, APPS_M);
const financialManager = context('u-fin', [
  membership(A, 'support_portal_user', APPS_A, { subProfiles: ['financial_manager'], grants: [right('invoices', ['read', 'update', 'export'])] }),
]);
const suA = context('u-su', [membership(A, 'service_user', APPS_A, { grants: [right('mobile', ['read', 'update'])] })]);
const delegate = context('u-dlg', [], [
  {
    delegationId: 'dlg-1',
    customerId: A,
    partnerId: P,
    billingAccountIds: [],
    costCentreIds: [],
    rights: [{ app: 'user-management', actions: ['read', 'create', 'update', 'delete'] }, { app: 'fleet-manager', actions: ['read', 'update'] }],
    apps: APPS_A,
  },
]);
const operator = context('u-op', [], [], true);

const SELF_SERVICE = right('mobile', ['read', 'update']);
const OK: GrantDecision = { ok: true };
const no = (reason: GrantRefusal): GrantDecision => ({ ok: false, reason });

type Case = [string, AccessContext, GrantRequest, GrantDecision];

const refusals: Case[] = [
  // no_standing: the grantor administers nothing at this customer.
  ['financial manager (SPU without fleet standing) gives an SPU a right', financialManager, req(A, 'support_portal_user', right('invoices', ['read'])), no('no_standing')],
  ['financial manager gives an SU self-service', financialManager, req(A, 'service_user', SELF_SERVICE), no('no_standing')],
  ['SU hands his own self-service to another SU', suA, req(A, 'service_user', SELF_SERVICE), no('no_standing')],
  ['delegate (delegations only) gives an SU self-service', delegate, req(A, 'service_user', SELF_SERVICE), no('no_standing')],
  ['delegate (delegations only) names an AM', delegate, req(A, 'access_manager'), no('no_standing')],
  ['delegate (delegations only) gives an SPU a right', delegate, req(A, 'support_portal_user', right('invoices', ['read'])), no('no_standing')],
  ['operator names an AO', operator, req(A, 'access_owner'), no('no_standing')],
  ['AO of A at customer B', aoA, req(B, 'access_manager'), no('no_standing')],
  ['AO of A at F without an affiliate link', aoA, req(F, 'support_portal_user', right('invoices', ['read'])), no('no_standing')],
  ['AM of A at affiliate F (DLG-1 is for the AO only)', amA, req(F, 'access_manager'), no('no_standing')],
  ['AM of A at affiliate F gives a right', amA, req(F, 'support_portal_user', right('invoices', ['read'])), no('no_standing')],
  ['fleet manager without update hands self-service', fmReadOnly, req(A, 'service_user', SELF_SERVICE), no('no_standing')],
  ['fleet manager whose customer lost the app hands self-service', fmAppGone, req(F, 'service_user', SELF_SERVICE), no('no_standing')],
  ['fleet manager of A at customer B', fmWhole, req(B, 'service_user', SELF_SERVICE), no('no_standing')],
  // only_access_owner: ROLE-2/3/6.
  ['AM names an AO', amA, req(A, 'access_owner'), no('only_access_owner')],
  ['fleet manager names an AO', fmBa, req(A, 'access_owner'), no('only_access_owner')],
  // administrators_only: a fleet manager only hands self-service to SUs.
  ['fleet manager names an AM', fmBa, req(A, 'access_manager'), no('administrators_only')],
  ['fleet manager names an SPU', fmWhole, req(A, 'support_portal_user'), no('administrators_only')],
  ['fleet manager gives an SPU fleet-manager rights', fmWhole, req(A, 'support_portal_user', right('fleet-manager', ['read'])), no('administrators_only')],
  ['fleet manager gives an SPU mobile read/update', fmWhole, req(A, 'support_portal_user', SELF_SERVICE), no('administrators_only')],
  ['fleet manager makes someone an SU (profile only)', fmWhole, req(A, 'service_user'), no('administrators_only')],
  // no_rights_on_profile: the AO/AM profile is the right.
  ['AO names an AO with an app right', aoA, req(A, 'access_owner', right('invoices', ['read'])), no('no_rights_on_profile')],
  ['AO names an AM with an app right', aoA, req(A, 'access_manager', right('user-management', ['read'])), no('no_rights_on_profile')],
  ['AM names an AM with an app right', amA, req(A, 'access_manager', right('invoices', ['read'])), no('no_rights_on_profile')],
  // app_not_subscribed.
  ['AO gives an SPU an app A lacks', aoA, req(A, 'support_portal_user', right('orders', ['read', 'order'])), no('app_not_subscribed')],
  ['AM gives an SPU an app A lacks', amA, req(A, 'support_portal_user', right('orders', ['read'])), no('app_not_subscribed')],
  // action_not_in_app: a right carries only the actions of its app (an AO holds exactly these).
  ['AO gives an SPU "order" on user management', aoA, req(A, 'support_portal_user', right('user-management', ['read', 'order'])), no('action_not_in_app')],
  ['AM gives an SPU "update" on invoices', amA, req(A, 'support_portal_user', right('invoices', ['update'])), no('action_not_in_app')],
  ['AO gives an SPU a right without actions', aoA, req(A, 'support_portal_user', right('invoices', [])), no('action_not_in_app')],
  ['AO of A gives an SPU at F an app F lacks (DLG-1)', aoAF, req(F, 'support_portal_user', right('fleet-manager', ['read'])), no('app_not_subscribed')],
  ['AO of A gives an SU at F an app F lacks', aoAF, req(F, 'service_user', right('insights', ['read'])), no('app_not_subscribed')],
  ['fleet manager hands mobile self-service where mobile is not subscribed', fmNoMobile, req(M, 'service_user', SELF_SERVICE), no('app_not_subscribed')],
  // service_user_self_service_only: ROLE-5/MOB-4.
  ['AO gives an SU invoices', aoA, req(A, 'service_user', right('invoices', ['read'])), no('service_user_self_service_only')],
  ['AO gives an SU fleet-manager read/update', aoA, req(A, 'service_user', right('fleet-manager', ['read', 'update'])), no('service_user_self_service_only')],
  ['AO gives an SU mobile delete', aoA, req(A, 'service_user', right('mobile', ['read', 'delete'])), no('service_user_self_service_only')],
  ['AM gives an SU mobile order', amA, req(A, 'service_user', right('mobile', ['update', 'order'])), no('service_user_self_service_only')],
  ['AM gives an SU mobile export', amA, req(A, 'service_user', right('mobile', ['export'])), no('service_user_self_service_only')],
  ['fleet manager hands an SU mobile create, within scope', fmBa, req(A, 'service_user', right('mobile', ['update', 'create'], { ba: ['ba-1'] })), no('service_user_self_service_only')],
  ['fleet manager hands an SU fleet-manager update, within scope', fmBa, req(A, 'service_user', right('fleet-manager', ['update'], { ba: ['ba-1'] })), no('service_user_self_service_only')],
  // beyond_own_scope: ROLE-6 no one grants more than he holds.
  ['fleet manager (ba-1) hands self-service on ba-2', fmBa, req(A, 'service_user', right('mobile', ['update'], { ba: ['ba-2'] })), no('beyond_own_scope')],
  ['fleet manager (ba-1) hands self-service on ba-1 and ba-2', fmBa, req(A, 'service_user', right('mobile', ['update'], { ba: ['ba-1', 'ba-2'] })), no('beyond_own_scope')],
  ['fleet manager (ba-1) hands self-service on the whole customer', fmBa, req(A, 'service_user', SELF_SERVICE), no('beyond_own_scope')],
  ['fleet manager (ba-1) hands self-service scoped only by cost centre', fmBa, req(A, 'service_user', right('mobile', ['update'], { cc: ['cc-1'] })), no('beyond_own_scope')],
  ['fleet manager (cc-1) hands self-service on cc-2', fmCc, req(A, 'service_user', right('mobile', ['update'], { cc: ['cc-2'] })), no('beyond_own_scope')],
  ['fleet manager (cc-1) hands self-service scoped only by billing account', fmCc, req(A, 'service_user', right('mobile', ['update'], { ba: ['ba-1'] })), no('beyond_own_scope')],
  ['fleet manager (ba-1,ba-2 × cc-1) hands self-service on ba-1 without a cost centre', fmBaCc, req(A, 'service_user', right('mobile', ['update'], { ba: ['ba-1'] })), no('beyond_own_scope')],
];

const allowed: Case[] = [
  // Only an AO names an AO (ROLE-2/6), AO or AM name AMs (ROLE-3).
  ['AO names an AO', aoA, req(A, 'access_owner'), OK],
  ['AO names an AM', aoA, req(A, 'access_manager'), OK],
  ['AM names a further AM', amA, req(A, 'access_manager'), OK],
  // AO and AM add SPUs and SUs and give them app rights (ROLE-3/4/6).
  ['AO adds an SPU (profile only)', aoA, req(A, 'support_portal_user'), OK],
  ['AM adds an SU (profile only)', amA, req(A, 'service_user'), OK],
  ['AO gives an SPU invoices on ba-1', aoA, req(A, 'support_portal_user', right('invoices', ['read', 'export'], { ba: ['ba-1'] })), OK],
  ['AO gives an SPU the fleet-manager app with update', aoA, req(A, 'support_portal_user', right('fleet-manager', ['read', 'update'], { cc: ['cc-1'] })), OK],
  ['AM gives an SPU rights on data he cannot see (ROLE-3)', amA, req(A, 'support_portal_user', right('fleet-manager', ['read', 'update', 'export'])), OK],
  ['AM gives an SPU user-management', amA, req(A, 'support_portal_user', right('user-management', ['read', 'create'])), OK],
  ['AO gives an SU self-service read/update', aoA, req(A, 'service_user', SELF_SERVICE), OK],
  ['AM gives an SU self-service read only', amA, req(A, 'service_user', right('mobile', ['read'])), OK],
  ['AM gives an SU scoped self-service', amA, req(A, 'service_user', right('mobile', ['update'], { ba: ['ba-9'] })), OK],
  // DLG-1: the AO of the parent is AO of its affiliates.
  ['AO of A names an AO at affiliate F', aoAF, req(F, 'access_owner'), OK],
  ['AO of A names an AM at affiliate F', aoAF, req(F, 'access_manager'), OK],
  ['AO of A gives an SPU at F invoices', aoAF, req(F, 'support_portal_user', right('invoices', ['read'])), OK],
  ['AO of A gives an SU at F self-service', aoAF, req(F, 'service_user', SELF_SERVICE), OK],
  ['AO of A who is also SU at F names an AO at F', aoAFAndSuAtF, req(F, 'access_owner'), OK],
  // ROLE-6: a fleet manager hands self-service on SIMs in his scope to their SUs.
  ['fleet manager (ba-1) hands self-service on ba-1', fmBa, req(A, 'service_user', right('mobile', ['read', 'update'], { ba: ['ba-1'] })), OK],
  ['fleet manager (ba-1) hands self-service on ba-1 × cc-7 (narrower)', fmBa, req(A, 'service_user', right('mobile', ['update'], { ba: ['ba-1'], cc: ['cc-7'] })), OK],
  ['fleet manager (cc-1) hands self-service on cc-1', fmCc, req(A, 'service_user', right('mobile', ['update'], { cc: ['cc-1'] })), OK],
  ['fleet manager (cc-1) hands self-service on cc-1 × ba-2', fmCc, req(A, 'service_user', right('mobile', ['read'], { ba: ['ba-2'], cc: ['cc-1'] })), OK],
  ['fleet manager (ba-1,ba-2 × cc-1) hands self-service on ba-2 × cc-1', fmBaCc, req(A, 'service_user', right('mobile', ['update'], { ba: ['ba-2'], cc: ['cc-1'] })), OK],
  ['fleet manager (whole customer) hands self-service on the whole customer', fmWhole, req(A, 'service_user', SELF_SERVICE), OK],
];

describe('canGrant (ROLE-2..6, DLG-1..4)', () => {
  it.each(refusals)('refuses: %s', (_label, grantor, request, expected) => {
    expect(canGrant(grantor, request)).toEqual(expected);
  });
  it.each(allowed)('allows: %s', (_label, grantor, request, expected) => {
    expect(canGrant(grantor, request)).toEqual(expected);
  });
  it('covers every refusal reason of the GrantRefusal union', () => {
    const all: Record<GrantRefusal, true> = {
      no_standing: true,
      only_access_owner: true,
      administrators_only: true,
      no_rights_on_profile: true,
      app_not_subscribed: true,
      action_not_in_app: true,
      service_user_self_service_only: true,
      beyond_own_scope: true,
    };
    const seen = new Set(refusals.map(([, , , d]) => (d.ok ? 'ok' : d.reason)));
    expect([...seen].sort()).toEqual(Object.keys(all).sort());
  });
  it('a delegate gains standing only through a membership, never through the delegation (DLG-2..4)', () => {
    const withAm = { ...delegate, memberships: [membership(A, 'access_manager', APPS_A)] };
    expect(canGrant(delegate, req(A, 'access_manager'))).toEqual(no('no_standing'));
    expect(canGrant(withAm, req(A, 'access_manager'))).toEqual(OK);
  });
  it('no profile other than AO ever names an AO', () => {
    const grantors = [amA, fmBa, fmWhole, financialManager, suA, delegate, operator];
    for (const g of grantors) expect(canGrant(g, req(A, 'access_owner')).ok).toBe(false);
  });
  it('the AO/AM profile never carries an app right, whoever grants it', () => {
    for (const g of [aoA, aoAF, amA]) {
      for (const profile of ['access_owner', 'access_manager'] as const) {
        for (const app of APPS_A) expect(canGrant(g, req(A, profile, right(app, ['read'])))).toEqual(no('no_rights_on_profile'));
      }
    }
  });
  it('an SU never gets more than read/update on mobile, whoever grants it', () => {
    const actions: GrantableAction[] = ['read', 'create', 'update', 'delete', 'export', 'order'];
    for (const g of [aoA, amA, fmWhole]) {
      for (const app of APPS_A) {
        for (const action of actions) {
          const decision = canGrant(g, req(A, 'service_user', right(app, [action])));
          expect(decision.ok, `${g.userId} ${app} ${action}`).toBe(app === 'mobile' && (action === 'read' || action === 'update'));
        }
      }
    }
  });
});

describe('scopeWithin', () => {
  const s = (ba: string[], cc: string[]): Scope => ({ billingAccountIds: ba, costCentreIds: cc });
  it.each([
    ['anything within the whole customer', s(['b1'], ['c1']), s([], []), true],
    ['the whole customer within the whole customer', s([], []), s([], []), true],
    ['equal billing accounts', s(['b1', 'b2'], []), s(['b1', 'b2'], []), true],
    ['a subset of billing accounts', s(['b2'], []), s(['b1', 'b2'], []), true],
    ['narrowed by an extra cost centre', s(['b1'], ['c1']), s(['b1'], []), true],
    ['narrowed by an extra billing account', s(['b1'], ['c1']), s([], ['c1']), true],
    ['the whole customer within a billing-account scope', s([], []), s(['b1'], []), false],
    ['a billing account outside', s(['b3'], []), s(['b1', 'b2'], []), false],
    ['a superset of billing accounts', s(['b1', 'b2'], []), s(['b1'], []), false],
    ['a cost-centre scope within a billing-account scope', s([], ['c1']), s(['b1'], []), false],
    ['a cost centre outside', s(['b1'], ['c2']), s(['b1'], ['c1']), false],
    ['no cost centre within a cost-centre scope', s(['b1'], []), s(['b1'], ['c1']), false],
  ] as const)('%s → %s', (_label, inner, outer, expected) => {
    expect(scopeWithin(inner, outer)).toBe(expected);
  });
});

describe('mayReview (access reviews: who decides whose item)', () => {
  const PROFILES: Profile[] = ['access_owner', 'access_manager', 'support_portal_user', 'service_user'];
  it.each(PROFILES)('an Access Owner decides the item of a %s', (member) => {
    expect(mayReview('c1', 'access_owner', member)).toBe(true);
  });
  it.each(PROFILES)('an Access Manager decides the item of a %s only when it is not an Access Owner', (member) => {
    expect(mayReview('c1', 'access_manager', member)).toBe(member !== 'access_owner');
  });
  it.each(['support_portal_user', 'service_user'] as Profile[])('a %s decides nobody\'s item', (reviewer) => {
    for (const member of PROFILES) expect(mayReview('c1', reviewer, member)).toBe(false);
  });
});
