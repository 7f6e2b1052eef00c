/**
 * The role × endpoint matrix of the access-administration endpoints in the two contexts
 * that are not the customer's own (test/integration/role-matrix.table.ts has that one):
 *
 * - an AFFILIATE's context (DLG-1): Acme Logistics BV, of which the Acme AO is AO through the affiliate
 *   link; nobody else of Acme (the AM included) nor any other company can act for it (404);
 * - a DELEGATION's context (DLG-2..4): Acme Belgium NV as seen by Brightwave. Its AO (`brightwave`) is the
 *   user Brightwave chose to exercise the seeded delegation (fleet-manager and mobile, read and update,
 *   cost centre Sales): he sees and changes the lines in that scope and nothing of Acme's administration
 *   (DLG-2 "within the delegated rights only"); `tech` is a Brightwave user nobody chose (DLG-4): 404.
 *   The other personas are there too, so every row is complete for every persona.
 *
 * Placeholders: `{acme}` etc. (customers), `{user:<email>}`, `{ba:<number>}`, `{cc:<name>}`, `{sim:<msisdn>}`,
 * `{delegation:seeded}`; `{persona}` in a body makes the data unique per persona (rows never collide).
 * A row whose route is not (yet) in /api/openapi.json is skipped with its reason. A row whose expectation
 * (from the SPEC) the implementation does not meet carries `knownIssue` and runs as an expected failure.
 */
import { PERSONAS as BASE_PERSONAS } from './role-matrix.table.ts';

export const PERSONAS = { ...BASE_PERSONAS, tech: 'tech@brightwave.test' } as const;
export type Persona = keyof typeof PERSONAS;

export const CUSTOMERS = {
  acme: 'Acme Belgium NV',
  logistics: 'Acme Logistics BV',
  brightwave: 'Brightwave IT BV',
} as const;

export interface ContextRow {
  context: 'affiliate' | 'delegation';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  route: string;
  path: string;
  body?: unknown;
  expect: Record<Persona, number>;
  /** The SPEC's expectation is not met (yet): the row runs as an expected failure and the report names it. */
  knownIssue?: string;
}

type Expect = Record<Persona, number>;
const all = (status: number): Expect => Object.fromEntries(Object.keys(PERSONAS).map((p) => [p, status])) as Expect;
/** Only the Acme AO acts for the affiliate (DLG-1). */
const affiliateAo = (owner: number): Expect => ({ ...all(404), anonymous: 401, owner });
/** Acme's own context: ROLE-2..5 for its members, DLG-2 for the delegate, DLG-4 for the Brightwave user nobody chose. */
const acme = (e: Omit<Expect, 'anonymous' | 'operator' | 'noordzee' | 'tech'>): Expect => ({ anonymous: 401, operator: 404, noordzee: 404, tech: 404, ...e });
/** Administration of Acme's access: AO and AM; no data user and no delegate (ROLE-2/3, DLG-2). */
const administrators = acme({ owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403 });
/** The AO's alone (affiliates, outgoing delegations, audit: ROLE-2, DLG-1/2, SEC-3). */
const aoOnly = acme({ owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403 });

const C = '/api/v1/customers/{customerId}';
const LOGISTICS_USER = '{user:ctx-logistics-spu@example.test}';

export const CONTEXT_MATRIX: ContextRow[] = [
  // ---- (a) an affiliate's context: Acme Logistics BV (DLG-1) ----------------------------------------------------------
  // The Acme AO adds a user there (he is its AO); the rows after it act on that user.
  {
    context: 'affiliate', method: 'POST', route: `${C}/users`, path: '/api/v1/customers/{logistics}/users',
    body: { email: 'ctx-logistics-spu@example.test', firstName: 'Lena', lastName: 'Logistics', language: 'nl', profile: 'support_portal_user', subProfiles: ['financial_manager'], employmentBasis: 'employment_indefinite' },
    expect: affiliateAo(201),
  },
  ...([
    [`${C}/users`, '/users'],
    [`${C}/users/grantable-profiles`, '/users/grantable-profiles'],
    [`${C}/users/{userId}`, `/users/${LOGISTICS_USER}`],
    [`${C}/users/{userId}/grants`, `/users/${LOGISTICS_USER}/grants`],
    [`${C}/users/{userId}/grantable`, `/users/${LOGISTICS_USER}/grantable`],
    [`${C}/users/{userId}/sims`, `/users/${LOGISTICS_USER}/sims`],
    [`${C}/grant-presets`, '/grant-presets'],
    [`${C}/scope-options`, '/scope-options'],
    [`${C}/access/explain`, `/access/explain?userId=${LOGISTICS_USER}&billingAccountId={ba:ACLO-0001}`],
    [`${C}/access/export.csv`, '/access/export.csv'],
    [`${C}/affiliates`, '/affiliates'],
    [`${C}/delegations`, '/delegations'],
    [`${C}/delegations/scope-options`, '/delegations/scope-options'],
    [`${C}/administrators`, '/administrators'],
    [`${C}/sims`, '/sims'],
    [`${C}/audit`, '/audit'],
    [`${C}/audit/export.csv`, '/audit/export.csv'],
    [`${C}/access-reviews`, '/access-reviews'],
  ] as const).map(([route, suffix]): ContextRow => ({
    context: 'affiliate', method: 'GET', route, path: `/api/v1/customers/{logistics}${suffix}`, expect: affiliateAo(200),
  })),
  // Writes in the affiliate's context: rights on its own data (DLG-1 "may delegate rights on their data").
  {
    context: 'affiliate', method: 'PATCH', route: `${C}/users/{userId}`, path: `/api/v1/customers/{logistics}/users/${LOGISTICS_USER}`,
    body: { firstName: 'Lena' }, expect: affiliateAo(200),
  },
  {
    context: 'affiliate', method: 'PUT', route: `${C}/users/{userId}/grants/{app}`, path: `/api/v1/customers/{logistics}/users/${LOGISTICS_USER}/grants/invoices`,
    body: { actions: ['read'], billingAccountIds: ['{ba:ACLO-0001}'] }, expect: affiliateAo(200),
  },
  // ROLE-6 / issue 3: a scope naming a billing account of another customer (the parent's) → 400, for whoever passes the gate.
  {
    context: 'affiliate', method: 'PUT', route: `${C}/users/{userId}/grants/{app}`, path: `/api/v1/customers/{logistics}/users/${LOGISTICS_USER}/grants/insights`,
    body: { actions: ['read'], billingAccountIds: ['{ba:ACME-0001}'] }, expect: affiliateAo(400),
  },
  {
    context: 'affiliate', method: 'DELETE', route: `${C}/users/{userId}/grants/{app}`, path: `/api/v1/customers/{logistics}/users/${LOGISTICS_USER}/grants/invoices`,
    expect: affiliateAo(204),
  },
  {
    context: 'affiliate', method: 'POST', route: `${C}/users/{userId}/suspend`, path: `/api/v1/customers/{logistics}/users/${LOGISTICS_USER}/suspend`,
    expect: affiliateAo(200),
  },
  {
    context: 'affiliate', method: 'POST', route: `${C}/users/{userId}/reactivate`, path: `/api/v1/customers/{logistics}/users/${LOGISTICS_USER}/reactivate`,
    expect: affiliateAo(200),
  },
  // DLG-1/2: the Acme AO, AO of the affiliate, may delegate rights on its data to a third party.
  {
    context: 'affiliate', method: 'POST', route: `${C}/delegations`, path: '/api/v1/customers/{logistics}/delegations',
    body: { partnerEnterpriseNumber: '{enterprise:brightwave}', rights: [{ app: 'mobile', actions: ['read'] }], endDate: '{date:+30}' },
    expect: affiliateAo(201),
  },
  {
    context: 'affiliate', method: 'DELETE', route: `${C}/users/{userId}`, path: `/api/v1/customers/{logistics}/users/${LOGISTICS_USER}`,
    expect: affiliateAo(204),
  },

  // ---- (b) a delegation's context: Acme Belgium NV as Brightwave acts for it (DLG-2..4) ------------------------------
  { context: 'delegation', method: 'GET', route: '/api/v1/me', path: '/api/v1/me', expect: { ...all(200), anonymous: 401 } },
  { context: 'delegation', method: 'GET', route: `${C}/users`, path: '/api/v1/customers/{acme}/users', expect: administrators },
  { context: 'delegation', method: 'GET', route: `${C}/users/grantable-profiles`, path: '/api/v1/customers/{acme}/users/grantable-profiles', expect: administrators },
  { context: 'delegation', method: 'GET', route: `${C}/users/{userId}`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}', expect: administrators },
  // ROLE-6: the fleet manager reads and writes the self-service rights of the Service Users; the delegate holds fleet-manager
  // rights as a third party, not the fleet-manager sub-profile of an Acme member: he administers no rights (DLG-2).
  {
    context: 'delegation', method: 'GET', route: `${C}/users/{userId}/grants`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grants',
    expect: { ...administrators, fleet: 200 },
  },
  {
    context: 'delegation', method: 'GET', route: `${C}/users/{userId}/grantable`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grantable',
    expect: { ...administrators, fleet: 200 },
  },
  { context: 'delegation', method: 'GET', route: `${C}/grant-presets`, path: '/api/v1/customers/{acme}/grant-presets', expect: { ...administrators, fleet: 200 } },
  { context: 'delegation', method: 'GET', route: `${C}/scope-options`, path: '/api/v1/customers/{acme}/scope-options', expect: { ...administrators, fleet: 200 } },
  {
    context: 'delegation', method: 'GET', route: `${C}/access/explain`,
    path: '/api/v1/customers/{acme}/access/explain?userId={user:admin@brightwave.test}&msisdn=%2B32470000001', expect: administrators,
  },
  { context: 'delegation', method: 'GET', route: `${C}/access/export.csv`, path: '/api/v1/customers/{acme}/access/export.csv', expect: administrators },
  { context: 'delegation', method: 'GET', route: `${C}/affiliates`, path: '/api/v1/customers/{acme}/affiliates', expect: aoOnly },
  { context: 'delegation', method: 'GET', route: `${C}/delegations`, path: '/api/v1/customers/{acme}/delegations', expect: administrators },
  { context: 'delegation', method: 'GET', route: `${C}/delegations/scope-options`, path: '/api/v1/customers/{acme}/delegations/scope-options', expect: aoOnly },
  // The delegation itself: the delegating AO reads it at Acme (an AM of Acme does not see an outgoing one);
  // at Brightwave its AO reads it, an SPU of Brightwave holds no right on delegations (403).
  {
    context: 'delegation', method: 'GET', route: `${C}/delegations/{delegationId}`, path: '/api/v1/customers/{acme}/delegations/{delegation:seeded}',
    expect: { ...administrators, manager: 404 },
  },
  {
    context: 'delegation', method: 'GET', route: `${C}/delegations/{delegationId}`, path: '/api/v1/customers/{brightwave}/delegations/{delegation:seeded}',
    expect: { ...all(404), anonymous: 401, brightwave: 200, tech: 403 },
  },
  // ROLE-8: "who is my administrator?" is for the customer's own users; a delegate is none of them.
  {
    context: 'delegation', method: 'GET', route: `${C}/administrators`, path: '/api/v1/customers/{acme}/administrators',
    expect: acme({ owner: 200, manager: 200, finance: 200, fleet: 200, employee: 200, brightwave: 403 }),
  },
  // Customer data in the delegation's scope (cost centre Sales, where the employee's line is): the delegate reads it.
  {
    context: 'delegation', method: 'GET', route: `${C}/users/{userId}/sims`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/sims',
    expect: acme({ owner: 200, manager: 403, finance: 403, fleet: 200, employee: 200, brightwave: 200 }),
  },
  {
    context: 'delegation', method: 'GET', route: `${C}/sims`, path: '/api/v1/customers/{acme}/sims',
    expect: acme({ owner: 200, manager: 403, finance: 403, fleet: 200, employee: 200, brightwave: 200 }),
  },
  { context: 'delegation', method: 'GET', route: `${C}/audit`, path: '/api/v1/customers/{acme}/audit', expect: aoOnly },
  { context: 'delegation', method: 'GET', route: `${C}/audit/export.csv`, path: '/api/v1/customers/{acme}/audit/export.csv', expect: aoOnly },
  { context: 'delegation', method: 'GET', route: `${C}/access-reviews`, path: '/api/v1/customers/{acme}/access-reviews', expect: administrators },
  // Writes in the delegation's context. The delegate changes lines in his scope (the employee keeps his own SIM: idempotent)…
  {
    context: 'delegation', method: 'PUT', route: `${C}/users/{userId}/sims`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/sims',
    body: { simIds: ['{sim:+32470000001}'] },
    expect: acme({ owner: 200, manager: 403, finance: 403, fleet: 200, employee: 403, brightwave: 200 }),
  },
  // …but adds no user and gives no right (DLG-2); the AO and AM do (one user per persona: `{persona}`).
  {
    context: 'delegation', method: 'POST', route: `${C}/users`, path: '/api/v1/customers/{acme}/users',
    body: { email: 'ctx-{persona}@example.test', firstName: 'Context', lastName: 'User', language: 'en', profile: 'service_user', employmentBasis: 'employment_indefinite' },
    expect: acme({ owner: 201, manager: 201, finance: 403, fleet: 403, employee: 403, brightwave: 403 }),
  },
  // Self-service rights on the employee's line, within cost centre Sales: the AO, the AM and the fleet manager (ROLE-6).
  {
    context: 'delegation', method: 'PUT', route: `${C}/users/{userId}/grants/{app}`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grants/mobile',
    body: { actions: ['read'], costCentreIds: ['{cc:Sales}'] },
    expect: acme({ owner: 200, manager: 200, finance: 403, fleet: 200, employee: 403, brightwave: 403 }),
  },
  {
    context: 'delegation', method: 'DELETE', route: `${C}/users/{userId}/grants/{app}`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grants/mobile',
    expect: acme({ owner: 204, manager: 404, finance: 403, fleet: 404, employee: 403, brightwave: 403 }),
  },
  // DLG-4: the partner's AO chooses its users (the same one again: idempotent); an SPU of the partner may not.
  {
    context: 'delegation', method: 'PUT', route: `${C}/delegations/{delegationId}/users`, path: '/api/v1/customers/{brightwave}/delegations/{delegation:seeded}/users',
    body: { userIds: ['{user:admin@brightwave.test}'] },
    expect: { ...all(404), anonymous: 401, brightwave: 200, tech: 403 },
  },
  // DLG-2 "within the delegated rights only": a line outside cost centre Sales (+32470000002 is in Finance) is refused
  // to the delegate and to the fleet manager (400 naming it) — the AO links it; the next row gives the employee back his own line.
  {
    context: 'delegation', method: 'PUT', route: `${C}/users/{userId}/sims`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/sims',
    body: { simIds: ['{sim:+32470000002}'] },
    expect: acme({ owner: 200, manager: 403, finance: 403, fleet: 400, employee: 403, brightwave: 400 }),
  },
  {
    context: 'delegation', method: 'PUT', route: `${C}/users/{userId}/sims`, path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/sims',
    body: { simIds: ['{sim:+32470000001}'] },
    expect: acme({ owner: 200, manager: 403, finance: 403, fleet: 200, employee: 403, brightwave: 200 }),
  },
  // DLG-2: only the delegating customer's AO proposes; a delegate does not delegate Acme's rights further.
  {
    context: 'delegation', method: 'POST', route: `${C}/delegations`, path: '/api/v1/customers/{acme}/delegations',
    body: { partnerEnterpriseNumber: '{enterprise:brightwave}', rights: [{ app: 'mobile', actions: ['read'] }], endDate: '{date:+30}' },
    expect: { ...aoOnly, owner: 201 },
  },
];
