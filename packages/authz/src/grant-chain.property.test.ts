import { subject, type ForcedSubject } from '@casl/ability';
import { APPS, type App, type Profile } from '@mandate/domain/profiles';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessContext, GrantRight, MembershipContext } from './access-context.ts';
import { canGrant } from './can-grant.ts';
import { defineAbilityFor, type AppAbility } from './define-ability.ts';
import { ACTIONS, ADMIN_SUBJECTS, APP_ACTIONS, APP_SUBJECTS, GRANTABLE_ACTIONS, type Action, type GrantableAction, type SubjectType } from './subjects.ts';

/*
 * ROLE-6 / DESIGN.md convention 3 — "delegation cannot escalate", as a property.
 *
 * A random world (customers with random apps, billing accounts, cost centres and SIM rows) and a
 * random grant chain: an AO (of the customer itself, or of its parent through DLG-1) or an AM gives
 * rights to an SPU (perhaps a fleet manager) and self-service to SUs; the SPU then tries to hand
 * self-service to SUs. Only what canGrant accepts is applied. Then, for every action and every row:
 *   - nothing is allowed on a row of another customer;
 *   - an SU reaches only his own SIMs and usage (ROLE-5);
 *   - what a grantee gained from one grantor's grants (his ability minus what his bare profile gives)
 *     lies within that grantor's envelope: his own ability for an AO or a fleet manager, and for an
 *     AM (who grants without seeing data, ROLE-3) "the customer's row, in a subscribed app";
 *   - the grantee's full ability is no more than his bare profile plus what each grantor gave.
 */

const CUSTOMER_IDS = ['c0', 'c1', 'c2'] as const;
const TARGET = 'c0'; // where the chain happens; c1 is the parent of c0 when the grantor is an AO via DLG-1
const BA_POOL = ['ba0', 'ba1', 'ba2', 'ba3'];
const CC_POOL = ['cc0', 'cc1', 'cc2'];
const SU_IDS = ['su0', 'su1', 'su2'];
const END_USERS = [...SU_IDS, 'spu', 'grantor', 'nobody'];

type GrantorKind = 'access_owner' | 'access_owner_of_parent' | 'access_manager';

interface CustomerWorld {
  apps: App[];
  billingAccountIds: string[];
  costCentreIds: string[];
}
interface SimSeed {
  customer: number;
  ba: number;
  cc: number | null;
  endUserId: string;
}
interface Row {
  type: SubjectType;
  customerId: string;
  fields: Record<string, unknown>;
  obj: ForcedSubject<SubjectType>;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries. Billing-account and cost-centre ids come from pools shared by all customers, so
// that rows of different customers share ids and only customerId tells them apart.
// ---------------------------------------------------------------------------------------------
const customerArb: fc.Arbitrary<CustomerWorld> = fc.record({
  apps: fc.subarray([...APPS]),
  billingAccountIds: fc.subarray(BA_POOL, { minLength: 1 }),
  costCentreIds: fc.subarray(CC_POOL),
});
// The chain's customer usually has the apps the chain needs (a fleet manager needs fleet-manager and mobile).
const targetCustomerArb: fc.Arbitrary<CustomerWorld> = fc.oneof(
  { weight: 1, arbitrary: customerArb },
  { weight: 3, arbitrary: customerArb.map((c) => ({ ...c, apps: [...new Set<App>([...c.apps, 'fleet-manager', 'mobile'])] })) },
);
const simArb: fc.Arbitrary<SimSeed> = fc.record({
  // Mostly the chain's customer and its Service Users, so hand-offs meet SIMs they apply to.
  customer: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: CUSTOMER_IDS.length - 1 }) }),
  ba: fc.nat(),
  cc: fc.option(fc.nat(), { nil: null, freq: 4 }),
  endUserId: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...SU_IDS) }, { weight: 1, arbitrary: fc.constantFrom(...END_USERS) }),
});
// Often the whole customer (the only scope that opens User and Grant), else billing accounts and/or cost centres.
const scopeArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ billingAccountIds: [] as string[], costCentreIds: [] as string[] }) },
  {
    weight: 3,
    arbitrary: fc.record({
      billingAccountIds: fc.oneof({ weight: 1, arbitrary: fc.constant<string[]>([]) }, { weight: 3, arbitrary: fc.subarray(BA_POOL, { minLength: 1 }) }),
      costCentreIds: fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 2, arbitrary: fc.subarray(CC_POOL, { minLength: 1 }) }),
    }),
  },
);
const actionsArb = fc.subarray([...GRANTABLE_ACTIONS], { minLength: 1 });
// Mostly actions the app carries (APP_ACTIONS), sometimes any action (which canGrant must refuse).
const anyRightArb: fc.Arbitrary<GrantRight> = fc
  .constantFrom(...APPS)
  .chain((app) => fc.record({
    app: fc.constant(app),
    actions: fc.oneof({ weight: 3, arbitrary: fc.subarray([...APP_ACTIONS[app]], { minLength: 1 }) }, { weight: 1, arbitrary: actionsArb }),
    scope: scopeArb,
  }))
  .map(({ app, actions, scope }) => ({ app, actions, ...scope }));
// Biased towards what makes the chain interesting: fleet-manager rights with update for the SPU,
const fleetRightArb: fc.Arbitrary<GrantRight> = fc
  .record({ extra: fc.subarray(['read', 'export'] as GrantableAction[]), scope: scopeArb })
  .map(({ extra, scope }) => ({ app: 'fleet-manager' as const, actions: ['update' as const, ...extra], ...scope }));
// and mobile self-service for the SUs.
const selfServiceArb: fc.Arbitrary<GrantRight> = fc
  .record({ actions: fc.subarray(['read', 'update'] as GrantableAction[], { minLength: 1 }), scope: scopeArb })
  .map(({ actions, scope }) => ({ app: 'mobile' as const, actions, ...scope }));
const spuRightArb = fc.oneof({ weight: 1, arbitrary: fleetRightArb }, { weight: 1, arbitrary: anyRightArb });
const mobileAnyActionsArb: fc.Arbitrary<GrantRight> = fc.record({ actions: actionsArb, scope: scopeArb }).map(({ actions, scope }) => ({ app: 'mobile' as const, actions, ...scope }));
const suRightArb = fc.oneof({ weight: 3, arbitrary: selfServiceArb }, { weight: 1, arbitrary: mobileAnyActionsArb }, { weight: 1, arbitrary: anyRightArb });
const suIndexArb = fc.nat({ max: SU_IDS.length - 1 });

const chainArb = fc.record({
  grantorKind: fc.constantFrom<GrantorKind>('access_owner', 'access_owner_of_parent', 'access_manager'),
  customers: fc.tuple(targetCustomerArb, customerArb, customerArb),
  sims: fc.array(simArb, { minLength: 3, maxLength: 24 }),
  spuRights: fc.array(spuRightArb, { minLength: 1, maxLength: 4 }),
  directSuRights: fc.array(fc.tuple(suIndexArb, suRightArb), { maxLength: 2 }),
  // The flag narrows the handed right into the fleet manager's own scope (otherwise most hand-offs are beyond it).
  handedSuRights: fc.array(fc.tuple(suIndexArb, suRightArb, fc.boolean()), { maxLength: 4 }),
});
type Chain = typeof chainArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------
// Contexts and rows.
// ---------------------------------------------------------------------------------------------
function membership(customerId: string, profile: Profile, apps: App[], grants: GrantRight[] = [], affiliates: MembershipContext['affiliates'] = []): MembershipContext {
  return { customerId, profile, apps, subProfiles: [], grants, affiliates };
}
function single(userId: string, m: MembershipContext): AccessContext {
  return { userId, isOperator: false, memberships: [m], delegations: [] };
}

function grantorContext(kind: GrantorKind, customers: readonly CustomerWorld[]): AccessContext {
  const target = customers[0]!;
  switch (kind) {
    case 'access_owner':
      return single('grantor', membership(TARGET, 'access_owner', target.apps));
    case 'access_owner_of_parent':
      return single('grantor', membership('c1', 'access_owner', customers[1]!.apps, [], [{ customerId: TARGET, apps: target.apps }]));
    case 'access_manager':
      return single('grantor', membership(TARGET, 'access_manager', target.apps));
  }
}

function makeRow(type: SubjectType, fields: Record<string, unknown>): Row {
  const customerId = String(type === 'Customer' ? fields.id : fields.customerId);
  return { type, customerId, fields, obj: subject(type, { ...fields }) };
}

function rowsOf(customers: readonly CustomerWorld[], sims: SimSeed[]): Row[] {
  const rows: Row[] = [];
  CUSTOMER_IDS.forEach((customerId, i) => {
    const c = customers[i]!;
    rows.push(makeRow('Customer', { id: customerId }));
    for (const a of APPS) rows.push(makeRow('App', { customerId, app: a }));
    for (const t of ADMIN_SUBJECTS) rows.push(makeRow(t, { customerId }));
    rows.push(makeRow('Administrator', { customerId }));
    for (const userId of [...SU_IDS, 'spu', 'grantor']) rows.push(makeRow('User', { customerId, userId }));
    for (const billingAccountId of c.billingAccountIds) {
      for (const t of ['BillingAccount', 'Invoice', 'Order'] as const) rows.push(makeRow(t, { customerId, billingAccountId }));
    }
    for (const costCentreId of c.costCentreIds) rows.push(makeRow('CostCentre', { customerId, costCentreId }));
  });
  for (const s of sims) {
    const customerId = CUSTOMER_IDS[s.customer]!;
    const c = customers[s.customer]!;
    const billingAccountId = c.billingAccountIds[s.ba % c.billingAccountIds.length]!;
    const costCentreId = s.cc === null || c.costCentreIds.length === 0 ? null : c.costCentreIds[s.cc % c.costCentreIds.length]!;
    const fields = { customerId, billingAccountId, costCentreId, endUserId: s.endUserId };
    rows.push(makeRow('Sim', fields), makeRow('Usage', fields));
  }
  return rows;
}

/** Every action is checked on every row: an action that makes no sense on a subject must simply never be allowed. */
const CHECKED_ACTIONS: readonly Action[] = ACTIONS;

function amEnvelope(apps: App[], action: Action, r: Row): boolean {
  if (r.customerId !== TARGET) return false;
  if (r.type === 'App') return action === 'use' && apps.includes(r.fields.app as App);
  return (GRANTABLE_ACTIONS as readonly string[]).includes(action) && apps.some((a) => APP_SUBJECTS[a].includes(r.type));
}

const SERVICE_USER_ACTIONS: ReadonlySet<Action> = new Set<Action>(['act', 'use', 'read', 'update', 'selfServe']);

/** A plain assertion for the hot loop (expect() per row × action is too slow); the message is built only on failure. */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

interface Grantee {
  label: string;
  ctx: (grants: GrantRight[]) => AccessContext;
  fromGrantor: GrantRight[];
  fromSpu: GrantRight[];
  isServiceUser: boolean;
  userId: string;
}

interface Stats {
  runs: number;
  spuGranted: number;
  fleetStanding: number;
  handedAccepted: number;
  handedRefused: number;
  directAccepted: number;
  gainedFromGrantor: number;
  gainedFromSpu: number;
  byGrantorKind: Record<GrantorKind, number>;
}

function checkChain(chain: Chain, stats: Stats): void {
  const customers = chain.customers;
  const apps = customers[0]!.apps;
  const grantor = grantorContext(chain.grantorKind, customers);
  const grantorAbility = defineAbilityFor(grantor);

  // 1. Grantor → SPU.
  const spuGrants = chain.spuRights.filter((right) => canGrant(grantor, { customerId: TARGET, granteeProfile: 'support_portal_user', right }).ok);
  const spuCtx = (grants: GrantRight[]) => single('spu', membership(TARGET, 'support_portal_user', apps, grants));
  const spu = spuCtx(spuGrants);
  const spuAbility = defineAbilityFor(spu);

  // 2. Grantor → SU directly, and SPU → SU (only a fleet manager may).
  const suFromGrantor: GrantRight[][] = SU_IDS.map(() => []);
  const suFromSpu: GrantRight[][] = SU_IDS.map(() => []);
  for (const [i, right] of chain.directSuRights) {
    if (canGrant(grantor, { customerId: TARGET, granteeProfile: 'service_user', right }).ok) {
      suFromGrantor[i]!.push(right);
      stats.directAccepted++;
    }
  }
  // The oracle for ROLE-6: a fleet manager is an SPU holding the fleet-manager app with 'update'.
  const fleetGrant = spuGrants.find((g) => g.app === 'fleet-manager' && g.actions.includes('update'));
  const hasFleetStanding = fleetGrant !== undefined && apps.includes('fleet-manager');
  if (hasFleetStanding) stats.fleetStanding++;
  for (const [i, handed, narrow] of chain.handedSuRights) {
    const right: GrantRight =
      narrow && fleetGrant
        ? {
            // Narrowed into the fleet manager's scope: a prefix of his billing accounts, the last of his cost centres.
            ...handed,
            billingAccountIds: fleetGrant.billingAccountIds.length > 0 ? fleetGrant.billingAccountIds.slice(0, 1 + (i % fleetGrant.billingAccountIds.length)) : handed.billingAccountIds,
            costCentreIds: fleetGrant.costCentreIds.length > 0 ? fleetGrant.costCentreIds.slice(-1) : handed.costCentreIds,
          }
        : handed;
    const decision = canGrant(spu, { customerId: TARGET, granteeProfile: 'service_user', right });
    if (decision.ok) {
      // Only a fleet manager hands anything on (ROLE-6), and only mobile read/update (ROLE-5).
      check(hasFleetStanding, () => `an SPU without fleet-manager update handed ${JSON.stringify(right)}`);
      check(right.app === 'mobile' && right.actions.every((a) => a === 'read' || a === 'update'), () => `an SU was handed ${JSON.stringify(right)}`);
      suFromSpu[i]!.push(right);
      stats.handedAccepted++;
    } else {
      stats.handedRefused++;
    }
  }
  if (spuGrants.length > 0) stats.spuGranted++;

  const grantees: Grantee[] = [
    { label: 'spu', userId: 'spu', ctx: spuCtx, fromGrantor: spuGrants, fromSpu: [], isServiceUser: false },
    ...SU_IDS.map((id, i) => ({
      label: id,
      userId: id,
      ctx: (grants: GrantRight[]) => single(id, membership(TARGET, 'service_user', apps, grants)),
      fromGrantor: suFromGrantor[i]!,
      fromSpu: suFromSpu[i]!,
      isServiceUser: true,
    })),
  ];

  const rows = rowsOf(customers, chain.sims);
  const can = (ability: AppAbility, action: Action, r: Row) => ability.can(action, r.obj);
  const grantorEnvelope = (action: Action, r: Row): boolean =>
    chain.grantorKind === 'access_manager' ? amEnvelope(apps, action, r) : can(grantorAbility, action, r);

  for (const g of grantees) {
    const full = defineAbilityFor(g.ctx([...g.fromGrantor, ...g.fromSpu]));
    const bare = defineAbilityFor(g.ctx([]));
    const byGrantor = defineAbilityFor(g.ctx(g.fromGrantor));
    const bySpu = defineAbilityFor(g.ctx(g.fromSpu));
    for (const r of rows) {
      for (const action of CHECKED_ACTIONS) {
        if (!can(full, action, r)) continue;
        const where = () => `${g.label} may ${action} ${r.type} ${JSON.stringify(r.fields)} (grantor ${chain.grantorKind})`;
        // Nothing outside the customer the grants were made at.
        check(r.customerId === TARGET, () => `${where()}: a row of another customer`);
        // ROLE-5: a Service User reaches only his own SIMs and usage.
        if (g.isServiceUser && (r.type === 'Sim' || r.type === 'Usage')) check(r.fields.endUserId === g.userId, () => `${where()}: not his own line`);
        // ROLE-5/MOB-4: self-service is reading and changing his own subscription, nothing more.
        if (g.isServiceUser) check(SERVICE_USER_ACTIONS.has(action), () => `${where()}: beyond self-service`);
        // Composition: the full ability is the bare profile plus what each grantor gave.
        const fromBare = can(bare, action, r);
        const fromGrantor = can(byGrantor, action, r);
        const fromSpu = can(bySpu, action, r);
        check(fromBare || fromGrantor || fromSpu, () => `${where()}: more than the sum of its grants`);
        if (fromBare) continue;
        // What was gained lies within the envelope of whoever gave it; self-service on a line is
        // the narrower form of updating it, which the giver must hold.
        const given = action === 'selfServe' ? 'update' : action;
        if (fromGrantor) {
          stats.gainedFromGrantor++;
          check(grantorEnvelope(given, r), () => `${where()}: beyond the grantor's envelope`);
        }
        if (fromSpu) {
          stats.gainedFromSpu++;
          check(can(spuAbility, given, r), () => `${where()}: beyond the fleet manager's own ability`);
        }
      }
    }
  }
  // The grantor himself (AO or AM of c0) reaches no row of c2, a customer he has no link with.
  for (const r of rows) {
    if (r.customerId !== 'c2') continue;
    for (const action of CHECKED_ACTIONS) check(!can(grantorAbility, action, r), () => `grantor may ${action} ${r.type} of c2`);
  }
  stats.runs++;
  stats.byGrantorKind[chain.grantorKind]++;
}

const SEED = Number(process.env.FC_SEED ?? 20_240_917);

describe('grant chains cannot escalate (ROLE-3..6, DLG-1) — property', () => {
  it('whatever a grantee may do lies within his grantor\'s envelope, and never outside the customer', () => {
    const stats: Stats = {
      runs: 0,
      spuGranted: 0,
      fleetStanding: 0,
      handedAccepted: 0,
      handedRefused: 0,
      directAccepted: 0,
      gainedFromGrantor: 0,
      gainedFromSpu: 0,
      byGrantorKind: { access_owner: 0, access_owner_of_parent: 0, access_manager: 0 },
    };
    fc.assert(
      fc.property(chainArb, (chain) => checkChain(chain, stats)),
      { numRuns: 200, seed: SEED },
    );
    // The generators must actually exercise the chain, or the property proves nothing.
    expect(stats.runs).toBe(200);
    expect(stats.spuGranted).toBeGreaterThan(100);
    expect(stats.fleetStanding).toBeGreaterThan(60);
    expect(stats.handedAccepted).toBeGreaterThan(50);
    expect(stats.handedRefused).toBeGreaterThan(50);
    expect(stats.directAccepted).toBeGreaterThan(50);
    expect(stats.gainedFromGrantor).toBeGreaterThan(1000);
    expect(stats.gainedFromSpu).toBeGreaterThan(30);
    for (const n of Object.values(stats.byGrantorKind)) expect(n).toBeGreaterThan(30);
  }, 20_000); // ~0.5–1.5 s; headroom for a loaded machine

  // ROLE-6 "no one grants more than he may grant": found by this property (an app right with an action
  // the app cannot carry, e.g. 'order' on user management); canGrant now refuses it and the ability ignores it.
  it('an AO cannot give an SPU an action on users that he does not hold himself (order on User/Grant)', () => {
    const apps: App[] = ['user-management'];
    const ao = single('grantor', membership(TARGET, 'access_owner', apps));
    const right: GrantRight = { app: 'user-management', actions: ['order'], billingAccountIds: [], costCentreIds: [] };
    const decision = canGrant(ao, { customerId: TARGET, granteeProfile: 'support_portal_user', right });
    const spuAbility = defineAbilityFor(single('spu', membership(TARGET, 'support_portal_user', apps, decision.ok ? [right] : [])));
    const aoAbility = defineAbilityFor(ao);
    const granteeMay = spuAbility.can('order', subject('User', { customerId: TARGET, userId: 'x' }));
    const grantorMay = aoAbility.can('order', subject('User', { customerId: TARGET, userId: 'x' }));
    // Whatever canGrant decides, the grantee must not end up holding what the grantor lacks.
    expect(!granteeMay || grantorMay, `grantee may order User: ${granteeMay}; grantor may: ${grantorMay}`).toBe(true);
  });
});
