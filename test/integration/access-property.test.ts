import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';
import type { MeResponse } from '@mandate/contracts/me';
import type { ExplainResponse } from '@mandate/contracts/grants';
import type { Delegation } from '@mandate/contracts/delegations';
import { brusselsDate } from '@mandate/domain/dates';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { expireDelegations } from '@mandate/server/modules/delegations/delegations.service';
import { ApiClient, startTestApp, type ApiResponse, type TestApp } from '../support/test-app.ts';

/**
 * Property-based: random sequences of grant, revoke, delegate (propose, approve,
 * accept and assign), refuse, revoke a delegation, expire (the clock moves past its end) and
 * membership end (an employment end that passes, a suspension) never let any user read or change
 * a row outside what the rules give (ROLE-2..7, DLG-2..4), checked against the database after
 * every step.
 *
 * Everything goes through the real HTTP API of one app on a real database. After every step an
 * ORACLE written from the SPEC (not from packages/authz) reads the database — memberships that
 * are active and not ended (ROLE-7, ACC-5), their grants (ROLE-4..6), the delegations active at
 * the clock's time and the users their partner assigned (DLG-3/4) — and computes, per observer,
 * which Acme SIMs and billing accounts he may read and which SIMs he may change. The API's answers
 * are compared with it: the observer's own `/me` rules for Acme (what every list is filtered by),
 * a data read (`GET …/users/{id}/sims`), the "why can this user see this?" answer of the AO, the
 * user list gate; and write attempts by the observers (a right, the SIMs a user uses) may only
 * change the database within what the oracle allows.
 */

// ---- the SPEC's reading of which app opens which data (ROLE-4..6, §4–8) --------------------------
/** Apps whose data are the SIMs (Fleet Manager §6, Mobile-number management §7). */
const SIM_APPS = new Set(['fleet-manager', 'mobile']);
/** Apps whose data are per billing account (My invoice online §4, Insights §5, Fleet Manager's billing data §6, delivery §8). */
const BA_APPS = new Set(['invoices', 'insights', 'fleet-manager', 'invoice-delivery']);

const DAY = 86_400_000;
let t: TestApp;
const db = () => t.database.db;

const ids = { acme: '', brightwave: '', seededDelegation: '' };
const userIds = new Map<string, string>();
/** Observers whose view is checked after every step; grant targets are among them. */
const OBSERVERS = ['finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'manager@acme.test', 'STAFF', 'tech@brightwave.test', 'admin@brightwave.test'];
const ACME_TARGETS = ['finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'manager@acme.test', 'STAFF'];
let staffEmail = '';
const clients = new Map<string, ApiClient | null>();
/** The clock moved in the run: sign everybody in again before the next (a suspension ends no session either). */
let clockMoved = false;

interface Snapshot {
  memberships: Array<{ id: string; status: string; employment_end: string | null }>;
  grants: Array<Record<string, unknown>>;
  delegationUsers: Array<{ customer_id: string; delegation_id: string; user_id: string; assigned_by: string | null }>;
  sims: Map<string, string | null>;
}
let snapshot: Snapshot;
let acmeBas: string[] = [];
let acmeCcs: string[] = [];
let acmeSimIds: string[] = [];

const email = (e: string) => (e === 'STAFF' ? staffEmail : e);
const uid = (e: string) => userIds.get(email(e))!;
const acme = (suffix: string) => `/api/v1/customers/${ids.acme}${suffix}`;
const bw = (suffix: string) => `/api/v1/customers/${ids.brightwave}${suffix}`;

function dateString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

async function login(e: string): Promise<ApiClient | null> {
  const client = new ApiClient(t.url);
  const res = await client.login(email(e));
  return res.status === 200 ? client : null;
}
async function relogin() {
  for (const e of [...OBSERVERS, 'owner@acme.test', 'manager@acme.test', 'operator@mandate.test']) clients.set(e, await login(e));
}
const as = (e: string) => clients.get(e) ?? null;

// ---- the oracle ----------------------------------------------------------------------------------

interface World {
  now: Date;
  today: string;
  acmeApps: Set<string>;
  activeCustomers: Set<string>;
  sims: Array<{ id: string; ba: string; cc: string | null; endUser: string | null }>;
  bas: string[];
  /** PFM-2: the mobile billing accounts that existed at Fleet Manager's activation, and those with an approved access request. */
  fleetCovered: Set<string>;
  memberships: Array<{ id: string; customerId: string; userId: string; profile: string; status: string; end: string | null }>;
  grants: Array<{ membershipId: string; app: string; actions: string[]; ba: string[]; cc: string[] }>;
  delegations: Array<{ id: string; customerId: string; partnerId: string; status: string; startsAt: number; endsAt: number; rights: Array<{ app: string; actions: string[] }>; ba: string[]; cc: string[] }>;
  delegationUsers: Array<{ delegationId: string; userId: string }>;
}

async function readWorld(): Promise<World> {
  const now = t.clock.now();
  const [apps, customers, sims, bas, memberships, grants, delegations, dus, approved] = await Promise.all([
    db().selectFrom('customer_apps').select(['app', 'activated_at']).where('customer_id', '=', ids.acme).where('deactivated_at', 'is', null).execute(),
    db().selectFrom('customers').select(['id', 'status']).execute(),
    db().selectFrom('sims').select(['id', 'billing_account_id', 'cost_centre_id', 'end_user_id']).where('customer_id', '=', ids.acme).execute(),
    db().selectFrom('billing_accounts').select(['id', 'type', 'created_at']).where('customer_id', '=', ids.acme).execute(),
    db().selectFrom('memberships').select(['id', 'customer_id', 'user_id', 'profile', 'status', 'employment_end']).where('customer_id', 'in', [ids.acme, ids.brightwave]).execute(),
    db().selectFrom('grants').select(['membership_id', 'app', 'actions', 'billing_account_ids', 'cost_centre_ids']).where('customer_id', '=', ids.acme).execute(),
    db().selectFrom('delegations').selectAll().where('customer_id', '=', ids.acme).execute(),
    db().selectFrom('delegation_users').select(['delegation_id', 'user_id']).where('customer_id', '=', ids.acme).execute(),
    db().selectFrom('app_access_requests').select('billing_account_id').where('customer_id', '=', ids.acme).where('app', '=', 'fleet-manager').where('status', '=', 'approved').execute(),
  ]);
  const fleetActivation = apps.find((a) => a.app === 'fleet-manager')?.activated_at;
  const fleetCovered = new Set(bas.filter((b) => fleetActivation !== undefined && b.type === 'mobile'
    && (new Date(b.created_at) <= new Date(fleetActivation) || approved.some((r) => r.billing_account_id === b.id))).map((b) => b.id));
  return {
    now, today: brusselsDate(now),
    acmeApps: new Set(apps.map((a) => a.app)),
    activeCustomers: new Set(customers.filter((c) => c.status === 'active').map((c) => c.id)),
    sims: sims.map((s) => ({ id: s.id, ba: s.billing_account_id, cc: s.cost_centre_id, endUser: s.end_user_id })),
    bas: bas.map((b) => b.id),
    fleetCovered,
    memberships: memberships.map((m) => ({ id: m.id, customerId: m.customer_id, userId: m.user_id, profile: m.profile, status: m.status, end: dateString(m.employment_end) })),
    grants: grants.map((g) => ({ membershipId: g.membership_id, app: g.app, actions: g.actions, ba: g.billing_account_ids, cc: g.cost_centre_ids })),
    delegations: delegations.map((d) => ({
      id: d.id, customerId: d.customer_id, partnerId: d.partner_id, status: d.status, startsAt: new Date(d.starts_at).getTime(), endsAt: new Date(d.ends_at).getTime(),
      rights: json(d.rights), ba: d.billing_account_ids, cc: d.cost_centre_ids,
    })),
    delegationUsers: dus.map((d) => ({ delegationId: d.delegation_id, userId: d.user_id })),
  };
}

interface Right { app: string; actions: string[]; ba: string[]; cc: string[] }
interface Expected {
  /** He can act for Acme at all (a membership that gives access, or a delegation he exercises). */
  context: boolean;
  profile: string | null;
  readSims: Set<string>;
  updateSims: Set<string>;
  /** ROLE-5: the Service User's own lines he may change within his self-service rights (never "update"). */
  selfServeSims: Set<string>;
  readBas: Set<string>;
  /** The user-management app (the user list): AO and AM by profile (ROLE-2/3), an SPU through a right in it (ROLE-4). */
  readUsers: boolean;
  /** ROLE-6: the fleet manager's scope, when he may hand self-service rights to Service Users. */
  fleetScope: { ba: string[]; cc: string[] } | null;
}

/** ROLE-7 / ACC-5: a membership gives access while it is active, its employment has not ended, and its customer is active. */
const givesAccess = (w: World, m: World['memberships'][number]) =>
  m.status === 'active' && (m.end === null || m.end >= w.today) && w.activeCustomers.has(m.customerId);

/** ROLE-6: a scope narrows to billing accounts and/or cost centres; empty lists mean the whole customer. */
const simInScope = (s: World['sims'][number], r: { ba: string[]; cc: string[] }) =>
  (r.ba.length === 0 || r.ba.includes(s.ba)) && (r.cc.length === 0 || (s.cc !== null && r.cc.includes(s.cc)));

function expectedFor(w: World, userId: string): Expected {
  const out: Expected = { context: false, profile: null, readSims: new Set(), updateSims: new Set(), selfServeSims: new Set(), readBas: new Set(), readUsers: false, fleetScope: null };
  const apply = (r: Right, ownOnly: boolean) => {
    if (!w.acmeApps.has(r.app)) return; // a right never opens an app the customer lacks
    // Users lie within no billing account or cost centre: only an unnarrowed user-management right opens the list.
    if (!ownOnly && r.app === 'user-management' && r.actions.includes('read') && r.ba.length === 0 && r.cc.length === 0) out.readUsers = true;
    // PFM-2: a Fleet Manager right reaches the accounts the app covers only.
    const covered = (ba: string) => r.app !== 'fleet-manager' || w.fleetCovered.has(ba);
    for (const s of w.sims) {
      if (!SIM_APPS.has(r.app) || !simInScope(s, r) || !covered(s.ba) || (ownOnly && s.endUser !== userId)) continue;
      if (r.actions.includes('read')) out.readSims.add(s.id);
      if (r.actions.includes('update')) (ownOnly ? out.selfServeSims : out.updateSims).add(s.id);
    }
    // A billing account lies within a right narrowed to billing accounts, never within one narrowed to cost centres.
    if (!ownOnly && BA_APPS.has(r.app) && r.actions.includes('read') && r.cc.length === 0) {
      for (const b of w.bas) if ((r.ba.length === 0 || r.ba.includes(b)) && covered(b)) out.readBas.add(b);
    }
  };
  const m = w.memberships.find((x) => x.customerId === ids.acme && x.userId === userId && givesAccess(w, x));
  if (m) {
    out.context = true;
    out.profile = m.profile;
    const grants = w.grants.filter((g) => g.membershipId === m.id);
    if (m.profile === 'access_owner') {
      // ROLE-2: all the customer's data.
      for (const s of w.sims) { out.readSims.add(s.id); out.updateSims.add(s.id); }
      for (const b of w.bas) out.readBas.add(b);
      out.readUsers = true;
    } else if (m.profile === 'access_manager') {
      out.readUsers = true;
    } else if (m.profile === 'support_portal_user') {
      // ROLE-4: the delegated apps, all data within his scope.
      for (const g of grants) apply(g, false);
      const fleet = grants.find((g) => g.app === 'fleet-manager' && g.actions.includes('update') && w.acmeApps.has('fleet-manager'));
      if (fleet) out.fleetScope = { ba: fleet.ba, cc: fleet.cc };
    } else if (m.profile === 'service_user') {
      // ROLE-5: only his own line; self-service rights (MOB-4) on it.
      if (w.acmeApps.has('mobile')) for (const s of w.sims) if (s.endUser === userId) out.readSims.add(s.id);
      for (const g of grants) apply(g, true);
    }
    // ROLE-3: an Access Manager sees no customer data.
  }
  // DLG-3/4: active delegations within their validity, exercised by users the partner chose while they belong to it.
  for (const d of w.delegations) {
    const t0 = w.now.getTime();
    if (d.status !== 'active' || d.startsAt > t0 || d.endsAt <= t0) continue;
    if (!w.activeCustomers.has(d.customerId) || !w.activeCustomers.has(d.partnerId)) continue;
    if (!w.delegationUsers.some((u) => u.delegationId === d.id && u.userId === userId)) continue;
    if (!w.memberships.some((x) => x.customerId === d.partnerId && x.userId === userId && givesAccess(w, x))) continue;
    out.context = true;
    for (const r of d.rights) apply({ ...r, ba: d.ba, cc: d.cc }, false);
  }
  return out;
}

// ---- what the API says ----------------------------------------------------------------------------

function acmeAbility(me: MeResponse): MongoAbility | null {
  const c = me.customers.find((x) => x.id === ids.acme);
  if (!c) return null;
  return createMongoAbility(unpackRules(c.rules as PackRule<never>[]) as never) as MongoAbility;
}

const setOf = (xs: Iterable<string>) => [...new Set(xs)].sort();

async function checkObserver(w: World, observer: string, rnd: number, log: string[]) {
  const userId = uid(observer);
  const exp = expectedFor(w, userId);
  const client = as(observer);
  const label = `${email(observer)} (step log: ${log.join(' | ')})`;
  if (!client) {
    // A principal that cannot sign in sees nothing; the oracle must agree.
    expect(exp.readSims.size, label).toBe(0);
    return;
  }
  // 1. His own rules for Acme: every list the API serves is filtered by them.
  const me = await client.get<MeResponse>('/api/v1/me');
  expect(me.status, label).toBe(200);
  const ability = acmeAbility(me.body);
  expect(ability !== null, `${label}: acts for Acme`).toBe(exp.context);
  if (ability) {
    const simSubject = (s: World['sims'][number]) => subject('Sim', { customerId: ids.acme, billingAccountId: s.ba, costCentreId: s.cc, endUserId: s.endUser });
    expect(setOf(w.sims.filter((s) => ability.can('read', simSubject(s))).map((s) => s.id)), `${label}: readable SIMs`).toEqual(setOf(exp.readSims));
    expect(setOf(w.sims.filter((s) => ability.can('update', simSubject(s))).map((s) => s.id)), `${label}: changeable SIMs`).toEqual(setOf(exp.updateSims));
    expect(setOf(w.sims.filter((s) => ability.can('selfServe', simSubject(s))).map((s) => s.id)), `${label}: self-service SIMs`).toEqual(setOf(exp.selfServeSims));
    expect(setOf(w.bas.filter((b) => ability.can('read', subject('BillingAccount', { customerId: ids.acme, billingAccountId: b }))) ), `${label}: readable billing accounts`)
      .toEqual(setOf(exp.readBas));
  }
  // 2. A data read: the SIMs one end user uses, as far as the observer may see them.
  const endUsers = [...new Set(w.sims.map((s) => s.endUser).filter((u): u is string => u !== null))].sort();
  const endUser = rnd % 3 === 0 ? userId : endUsers[rnd % endUsers.length]!;
  const res = await client.get<{ items: Array<{ id: string }> }>(acme(`/users/${endUser}/sims`));
  const visible = setOf(w.sims.filter((s) => s.endUser === endUser && exp.readSims.has(s.id)).map((s) => s.id));
  const member = w.memberships.some((m) => m.customerId === ids.acme && m.userId === endUser);
  if (!exp.context) expect(res.status, `${label}: GET sims of ${endUser}`).toBe(404);
  else if (!member) expect([403, 404], `${label}: GET sims of non-member ${endUser}`).toContain(res.status);
  else if (visible.length > 0) {
    expect(res.status, `${label}: GET sims of ${endUser}`).toBe(200);
    expect(setOf(res.body.items.map((i) => i.id)), `${label}: GET sims of ${endUser}`).toEqual(visible);
  } else {
    expect([200, 403], `${label}: GET sims of ${endUser} ${JSON.stringify(res.body)}`).toContain(res.status);
    if (res.status === 200) expect(res.body.items, label).toEqual([]);
  }
  // 3. The user list: the administrators' (ROLE-2/3) and an SPU's with a user-management right (ROLE-4).
  if (rnd % 2 === 0) {
    const list = await client.get(acme('/users?limit=1'));
    const want = !exp.context ? 404 : exp.readUsers ? 200 : 403;
    expect(list.status, `${label}: GET users`).toBe(want);
  }
}

/** "Why can this user see this?" (the AO's view) agrees with the oracle for one user and one SIM. */
async function checkExplain(w: World, observer: string, simId: string, log: string[]) {
  const owner = as('owner@acme.test')!;
  const userId = uid(observer);
  const res = await owner.get<ExplainResponse>(acme(`/access/explain?userId=${userId}&simId=${simId}`));
  const exp = expectedFor(w, userId);
  const label = `explain ${email(observer)} × ${simId} (${log.join(' | ')})`;
  if (res.status === 404) {
    // Only for somebody with no link to Acme at all (he is no member, no delegation names him).
    const linked = w.memberships.some((m) => m.customerId === ids.acme && m.userId === userId)
      || w.delegationUsers.some((d) => d.userId === userId);
    expect(linked, `${label}: 404 ${JSON.stringify(res.body)}`).toBe(false);
    expect(exp.readSims.has(simId), label).toBe(false);
    return;
  }
  expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(200);
  expect(res.body.allowed, `${label}: ${JSON.stringify(res.body.reasons)}`).toBe(exp.readSims.has(simId));
}

// ---- the commands -----------------------------------------------------------------------------------

const APPS = ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery', 'orders'] as const;
const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'order'] as const;
const scopeArb = fc.record({ kind: fc.constantFrom('none', 'ba', 'cc', 'both'), pick: fc.nat(10) });
const actionsArb = fc.oneof(
  fc.constant<string[]>(['read']), fc.constant<string[]>(['read', 'update']), fc.constant<string[]>(['read', 'export']),
  fc.subarray<string>([...ACTIONS], { minLength: 1 }),
);
const rightArb = fc.record({ app: fc.constantFrom(...APPS), actions: actionsArb, scope: scopeArb });

const commandArb = fc.oneof(
  fc.record({ kind: fc.constant('grant' as const), by: fc.constantFrom('owner@acme.test', 'manager@acme.test'), target: fc.nat(ACME_TARGETS.length - 1), right: rightArb }),
  fc.record({ kind: fc.constant('selfServiceGrant' as const), by: fc.constantFrom('owner@acme.test', 'fleet@acme.test'), target: fc.nat(ACME_TARGETS.length - 1), update: fc.boolean(), scope: scopeArb }),
  fc.record({ kind: fc.constant('revoke' as const), by: fc.constantFrom('owner@acme.test', 'manager@acme.test'), target: fc.nat(ACME_TARGETS.length - 1), app: fc.constantFrom(...APPS) }),
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('propose' as const),
    rights: fc.subarray(['fleet-manager', 'mobile', 'invoices'], { minLength: 1 }),
    update: fc.boolean(), scope: scopeArb, days: fc.integer({ min: 1, max: 3 }),
    /** How far the new delegation goes at once: proposed, approved by the operator, accepted, users assigned. */
    flow: fc.constantFrom(0, 1, 2, 3, 3, 3), users: fc.subarray(['tech@brightwave.test', 'admin@brightwave.test'], { minLength: 1 }),
  }) },
  fc.record({ kind: fc.constant('approve' as const), pick: fc.nat(5) }),
  fc.record({ kind: fc.constant('refuse' as const), pick: fc.nat(5) }),
  fc.record({ kind: fc.constant('accept' as const), pick: fc.nat(5), users: fc.subarray(['tech@brightwave.test', 'admin@brightwave.test']) }),
  fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(5), users: fc.subarray(['tech@brightwave.test', 'admin@brightwave.test']) }),
  fc.record({ kind: fc.constant('revokeDelegation' as const), pick: fc.nat(5) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('expire' as const), days: fc.integer({ min: 1, max: 3 }), job: fc.boolean(), toEnd: fc.constantFrom('no', 'just-before', 'at') }) },
  fc.record({ kind: fc.constant('endMembership' as const), target: fc.constantFrom('finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'STAFF', 'tech@brightwave.test') }),
  fc.record({ kind: fc.constant('suspend' as const), target: fc.constantFrom('finance@acme.test', 'fleet@acme.test', 'employee@acme.test', 'STAFF') }),
  fc.record({ kind: fc.constant('attackGrant' as const), attacker: fc.nat(OBSERVERS.length - 1), target: fc.nat(ACME_TARGETS.length - 1), right: rightArb }),
  fc.record({ kind: fc.constant('attackSims' as const), attacker: fc.nat(OBSERVERS.length - 1), target: fc.nat(ACME_TARGETS.length - 1), sim: fc.nat(39) }),
);
type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never;

function scopeOf(scope: { kind: string; pick: number }) {
  const ba = scope.kind === 'ba' || scope.kind === 'both' ? [acmeBas[scope.pick % acmeBas.length]!] : [];
  const cc = scope.kind === 'cc' || scope.kind === 'both' ? [acmeCcs[scope.pick % acmeCcs.length]!] : [];
  return { billingAccountIds: ba, costCentreIds: cc };
}

function noServerError(res: ApiResponse, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
}

async function delegationsIn(statuses: string[]) {
  return (await db().selectFrom('delegations').select('id').where('customer_id', '=', ids.acme).where('status', 'in', statuses).orderBy('created_at').orderBy('id').execute()).map((d) => d.id);
}

async function run(cmd: Command, log: string[]): Promise<void> {
  switch (cmd.kind) {
    case 'grant':
    case 'attackGrant': {
      const by = cmd.kind === 'grant' ? cmd.by : OBSERVERS[cmd.attacker]!;
      const target = ACME_TARGETS[cmd.target]!;
      const body = { actions: cmd.right.actions, ...scopeOf(cmd.right.scope) };
      const before = await readWorld();
      const client = as(by);
      log.push(`${cmd.kind} ${email(by)}→${email(target)} ${cmd.right.app} ${cmd.right.actions.join('+')} ${JSON.stringify(body.billingAccountIds.length + body.costCentreIds.length)}`);
      if (!client) return;
      const res = await client.request('PUT', acme(`/users/${uid(target)}/grants/${cmd.right.app}`), body);
      noServerError(res, log.at(-1)!);
      log[log.length - 1] += ` → ${res.status}`;
      if (cmd.kind === 'attackGrant') assertGrantWriteAllowed(before, by, target, cmd.right.app, body, res.status);
      return;
    }
    case 'selfServiceGrant': {
      // ROLE-6 / MOB-4: self-service rights on a Service User's own line (the fleet manager within his scope).
      const target = ACME_TARGETS[cmd.target]!;
      const body = { actions: cmd.update ? ['read', 'update'] : ['read'], ...scopeOf(cmd.scope) };
      const before = await readWorld();
      const client = as(cmd.by);
      log.push(`selfService ${cmd.by}→${email(target)} ${body.actions.join('+')}`);
      if (!client) return;
      const res = await client.request('PUT', acme(`/users/${uid(target)}/grants/mobile`), body);
      noServerError(res, log.at(-1)!);
      log[log.length - 1] += ` → ${res.status}`;
      assertGrantWriteAllowed(before, cmd.by, target, 'mobile', body, res.status);
      return;
    }
    case 'revoke': {
      const target = ACME_TARGETS[cmd.target]!;
      const res = await as(cmd.by)!.request('DELETE', acme(`/users/${uid(target)}/grants/${cmd.app}`));
      log.push(`revoke ${cmd.by}→${email(target)} ${cmd.app} → ${res.status}`);
      noServerError(res, log.at(-1)!);
      return;
    }
    case 'propose': {
      const body = {
        partnerEnterpriseNumber: DEMO_CUSTOMERS.brightwave,
        rights: cmd.rights.map((app) => ({ app, actions: app === 'invoices' ? ['read'] : cmd.update ? ['read', 'update'] : ['read'] })),
        ...scopeOf(cmd.scope),
        endDate: brusselsDate(new Date(t.clock.now().getTime() + cmd.days * DAY)),
      };
      const res = await as('owner@acme.test')!.post<Delegation>(acme('/delegations'), body);
      log.push(`propose ${cmd.rights.join('+')} ${cmd.scope.kind} ${cmd.days}d → ${res.status}`);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const id = res.body.id;
      const admin = as('admin@brightwave.test');
      if (cmd.flow >= 1) {
        const approved = await as('operator@mandate.test')!.post(`/api/v1/operator/delegations/${id}/approve`, {});
        log.push(`approve ${id.slice(0, 8)} → ${approved.status}`);
        expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      }
      if (cmd.flow >= 2 && admin) {
        const accepted = await admin.post(bw(`/delegations/${id}/accept`));
        log.push(`accept ${id.slice(0, 8)} → ${accepted.status}`);
        expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      }
      if (cmd.flow >= 3 && admin) {
        const assigned = await admin.request('PUT', bw(`/delegations/${id}/users`), { userIds: cmd.users.map(uid) });
        log.push(`assign ${id.slice(0, 8)} ${cmd.users.join('+')} → ${assigned.status}`);
        noServerError(assigned, log.at(-1)!);
      }
      return;
    }
    case 'approve':
    case 'refuse': {
      const open = await delegationsIn(cmd.kind === 'approve' ? ['pending_operator'] : ['pending_operator', 'pending_partner', 'active']);
      if (open.length === 0) return void log.push(`${cmd.kind} (none)`);
      const id = open[cmd.pick % open.length]!;
      const res = await as('operator@mandate.test')!.post(`/api/v1/operator/delegations/${id}/${cmd.kind}`, cmd.kind === 'refuse' ? { reason: 'property test' } : {});
      log.push(`${cmd.kind} ${id.slice(0, 8)} → ${res.status}`);
      noServerError(res, log.at(-1)!);
      return;
    }
    case 'accept':
    case 'assign': {
      const open = await delegationsIn(cmd.kind === 'accept' ? ['pending_partner'] : ['active']);
      if (open.length === 0) return void log.push(`${cmd.kind} (none)`);
      const id = open[cmd.pick % open.length]!;
      const admin = as('admin@brightwave.test');
      if (!admin) return void log.push(`${cmd.kind}: the partner AO cannot sign in`);
      if (cmd.kind === 'accept') {
        const res = await admin.post(bw(`/delegations/${id}/accept`));
        log.push(`accept ${id.slice(0, 8)} → ${res.status}`);
        noServerError(res, log.at(-1)!);
      }
      const res = await admin.request('PUT', bw(`/delegations/${id}/users`), { userIds: cmd.users.map(uid) });
      log.push(`assign ${id.slice(0, 8)} ${cmd.users.join('+') || '-'} → ${res.status}`);
      noServerError(res, log.at(-1)!);
      return;
    }
    case 'revokeDelegation': {
      const open = await delegationsIn(['pending_operator', 'pending_partner', 'active']);
      if (open.length === 0) return void log.push('revokeDelegation (none)');
      const id = open[cmd.pick % open.length]!;
      const res = await as('owner@acme.test')!.post(acme(`/delegations/${id}/revoke`));
      log.push(`revokeDelegation ${id.slice(0, 8)} → ${res.status}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return;
    }
    case 'expire': {
      // Time passes: delegations past their end and employments that ended stop giving access (DLG-3, ROLE-7),
      // whether or not the expiry job has already marked them.
      // Either some days, or to the very edge of the end of a delegation of this run (a second before it, or at it).
      // (Preferably one that somebody exercises.)
      const ending = cmd.toEnd === 'no' ? undefined : await db().selectFrom('delegations as d').select('d.ends_at').where('d.customer_id', '=', ids.acme)
        .where('d.id', '<>', ids.seededDelegation).where('d.status', 'in', ['active', 'pending_partner', 'pending_operator'])
        .where('d.ends_at', '>', t.clock.now())
        .orderBy((eb) => eb.exists(eb.selectFrom('delegation_users as u').select('u.user_id').whereRef('u.delegation_id', '=', 'd.id')), 'desc')
        .orderBy('d.ends_at').executeTakeFirst();
      if (ending) t.clock.set(new Date(new Date(ending.ends_at).getTime() - (cmd.toEnd === 'just-before' ? 1000 : 0)));
      else t.clock.advance(cmd.days * DAY + 3600_000);
      if (cmd.job) await expireDelegations(t.app);
      log.push(`expire ${ending ? cmd.toEnd : `+${cmd.days}d`}${cmd.job ? ' (job)' : ''}`);
      // The sessions of before have ended (12 h): everybody signs in again.
      await relogin();
      clockMoved = true;
      return;
    }
    case 'endMembership': {
      // The API takes no past date: the employment ends today, and ends access once the day has passed.
      const onBrightwave = cmd.target === 'tech@brightwave.test';
      const client = as(onBrightwave ? 'admin@brightwave.test' : 'owner@acme.test');
      if (!client) return void log.push('endMembership: the administrator cannot sign in');
      const path = onBrightwave ? bw(`/users/${uid(cmd.target)}`) : acme(`/users/${uid(cmd.target)}`);
      const res = await client.request('PATCH', path, { employmentEnd: brusselsDate(t.clock.now()) });
      log.push(`endMembership ${email(cmd.target)} → ${res.status}`);
      noServerError(res, log.at(-1)!);
      return;
    }
    case 'suspend': {
      const res = await as('owner@acme.test')!.post(acme(`/users/${uid(cmd.target)}/suspend`));
      log.push(`suspend ${email(cmd.target)} → ${res.status}`);
      noServerError(res, log.at(-1)!);
      return;
    }
    case 'attackSims': {
      const attacker = OBSERVERS[cmd.attacker]!;
      const target = ACME_TARGETS[cmd.target]!;
      const simId = acmeSimIds[cmd.sim % acmeSimIds.length]!;
      const before = await readWorld();
      const client = as(attacker);
      log.push(`attackSims ${email(attacker)}: ${simId.slice(0, 8)}→${email(target)}`);
      if (!client) return;
      const res = await client.request('PUT', acme(`/users/${uid(target)}/sims`), { simIds: [simId] });
      noServerError(res, log.at(-1)!);
      log[log.length - 1] += ` → ${res.status}`;
      // Whatever the answer, only SIMs the oracle lets him change may have changed hands.
      const after = await readWorld();
      const allowed = expectedFor(before, uid(attacker)).updateSims;
      const changed = after.sims.filter((s) => before.sims.find((b) => b.id === s.id)!.endUser !== s.endUser).map((s) => s.id);
      expect(changed.filter((id) => !allowed.has(id)), `${log.at(-1)}: changed SIMs outside his rights`).toEqual([]);
      if (res.status === 200) expect(allowed.has(simId), `${log.at(-1)}: 200 for a SIM he may not change`).toBe(true);
      return;
    }
  }
}

/** A write of a right by somebody other than the AO/AM is only possible as ROLE-6 allows it. */
function assertGrantWriteAllowed(before: World, by: string, target: string, app: string, body: { actions: string[]; billingAccountIds: string[]; costCentreIds: string[] }, status: number) {
  if (status >= 300) return;
  const grantor = expectedFor(before, uid(by));
  const grantee = before.memberships.find((m) => m.customerId === ids.acme && m.userId === uid(target));
  const what = `${email(by)} wrote ${app} ${body.actions.join('+')} for ${email(target)} (${status})`;
  expect(grantee, what).toBeDefined();
  if (grantor.profile === 'access_owner' || grantor.profile === 'access_manager') {
    // ROLE-6: AO and AM give app rights to SPUs and SUs only (AO/AM hold their profile, not app rights).
    expect(['support_portal_user', 'service_user'], what).toContain(grantee!.profile);
    return;
  }
  // Anybody else: only a fleet manager, self-service (mobile read/update) to a Service User, within his own scope.
  expect(grantor.fleetScope, what).not.toBeNull();
  expect(grantee!.profile, what).toBe('service_user');
  expect(app, what).toBe('mobile');
  expect(body.actions.every((a) => a === 'read' || a === 'update'), what).toBe(true);
  const within = (inner: string[], outer: string[]) => outer.length === 0 || (inner.length > 0 && inner.every((x) => outer.includes(x)));
  expect(within(body.billingAccountIds, grantor.fleetScope!.ba) && within(body.costCentreIds, grantor.fleetScope!.cc), what).toBe(true);
}

// ---- setup and reset ------------------------------------------------------------------------------------

async function reset() {
  const now = t.clock.now();
  for (const m of snapshot.memberships) {
    await db().updateTable('memberships').set({ status: m.status, employment_end: m.employment_end }).where('id', '=', m.id).execute();
  }
  await db().deleteFrom('grants').where('customer_id', '=', ids.acme).execute();
  await db().insertInto('grants').values(snapshot.grants as never).execute();
  // Delegations of earlier runs are closed; the seeded one is active again, for a year from now, with its one user.
  await db().updateTable('delegations').set({ status: 'revoked' }).where('customer_id', '=', ids.acme).where('id', '<>', ids.seededDelegation)
    .where('status', 'in', ['pending_operator', 'pending_partner', 'active']).execute();
  await db().updateTable('delegations').set({ status: 'active', ends_at: new Date(now.getTime() + 365 * DAY) }).where('id', '=', ids.seededDelegation).execute();
  await db().deleteFrom('delegation_users').where('delegation_id', '=', ids.seededDelegation).execute();
  await db().insertInto('delegation_users').values(snapshot.delegationUsers).execute();
  const sims = await db().selectFrom('sims').select(['id', 'end_user_id']).where('customer_id', '=', ids.acme).execute();
  for (const s of sims) {
    const was = snapshot.sims.get(s.id) ?? null;
    if (s.end_user_id !== was) await db().updateTable('sims').set({ end_user_id: was, end_user_since: null }).where('id', '=', s.id).execute();
  }
}

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 100_000, loginMaxPerIp: 100_000 } });
  for (const [key, name] of [['acme', 'Acme Belgium NV'], ['brightwave', 'Brightwave IT BV']] as const) {
    ids[key] = (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  ids.seededDelegation = (await db().selectFrom('delegations').select('id').where('customer_id', '=', ids.acme).executeTakeFirstOrThrow()).id;
  for (const u of await db().selectFrom('users').select(['id', 'email']).execute()) userIds.set(u.email, u.id);
  const financeCc = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', ids.acme).where('name', '=', 'Finance').executeTakeFirstOrThrow()).id;
  // A Service User (one of the staff) whose line is in cost centre Finance: outside the fleet manager's scope.
  const staffSim = await db().selectFrom('sims as s').innerJoin('users as u', 'u.id', 's.end_user_id').select('u.email')
    .where('s.customer_id', '=', ids.acme).where('s.cost_centre_id', '=', financeCc).where('u.email', '<>', 'employee@acme.test').orderBy('s.msisdn').executeTakeFirstOrThrow();
  staffEmail = staffSim.email;
  acmeBas = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', ids.acme).orderBy('number').execute()).map((r) => r.id);
  acmeCcs = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', ids.acme).orderBy('code').execute()).map((r) => r.id);
  acmeSimIds = (await db().selectFrom('sims').select('id').where('customer_id', '=', ids.acme).orderBy('msisdn').execute()).map((r) => r.id);
  snapshot = {
    memberships: (await db().selectFrom('memberships').select(['id', 'status', 'employment_end']).where('customer_id', 'in', [ids.acme, ids.brightwave]).execute())
      .map((m) => ({ id: m.id, status: m.status, employment_end: dateString(m.employment_end) })),
    // The columns a grant is written with.
    grants: await db().selectFrom('grants')
      .select(['customer_id', 'id', 'membership_id', 'app', 'actions', 'billing_account_ids', 'cost_centre_ids', 'granted_by', 'created_at'])
      .where('customer_id', '=', ids.acme).execute(),
    delegationUsers: await db().selectFrom('delegation_users').select(['customer_id', 'delegation_id', 'user_id', 'assigned_by']).where('delegation_id', '=', ids.seededDelegation).execute(),
    sims: new Map((await db().selectFrom('sims').select(['id', 'end_user_id']).where('customer_id', '=', ids.acme).execute()).map((s) => [s.id, s.end_user_id])),
  };
  await relogin();
});
afterAll(async () => t?.close());

describe('access property (ROLE-2..7, DLG-2..4): no sequence of changes lets anybody read or change beyond the rules', () => {
  it('grant, revoke, delegate, refuse, revoke a delegation, expire and membership end: the API agrees with the oracle after every step', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 4, maxLength: 8 }), fc.nat(1_000), async (commands, salt) => {
        runs++;
        await reset();
        if (clockMoved) await relogin();
        clockMoved = false;
        const log: string[] = [];
        // The seeded state already satisfies the rules.
        for (const [i, cmd] of commands.entries()) {
          await run(cmd, log);
          const w = await readWorld();
          for (const [j, observer] of OBSERVERS.entries()) await checkObserver(w, observer, salt + i * 7 + j, log);
          const observer = OBSERVERS[(salt + i) % OBSERVERS.length]!;
          await checkExplain(w, observer, acmeSimIds[(salt * 13 + i) % acmeSimIds.length]!, log);
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 15), endOnFailure: true, verbose: 1 },
    );
    expect(runs).toBeGreaterThan(0);
  }, 240_000);
});
