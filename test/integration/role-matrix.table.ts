/**
 * The role × endpoint matrix (issue 2; every later issue extends it): each endpoint with the
 * status every persona must get. `{acme}`-style placeholders are resolved from the seeded data.
 */
export const PERSONAS = {
  anonymous: null,
  operator: 'operator@mandate.test',
  owner: 'owner@acme.test',
  manager: 'manager@acme.test',
  finance: 'finance@acme.test',
  fleet: 'fleet@acme.test',
  employee: 'employee@acme.test',
  brightwave: 'admin@brightwave.test',
  noordzee: 'owner@noordzee.test',
} as const;
export type Persona = keyof typeof PERSONAS;

/** Customers by placeholder. */
export const CUSTOMERS = {
  acme: 'Acme Belgium NV',
  logistics: 'Acme Logistics BV',
  retail: 'Acme Retail SRL',
  brightwave: 'Brightwave IT BV',
  noordzee: 'Noordzee Bouw NV',
} as const;

export interface MatrixRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path (with {customerId}) this row exercises. */
  route: string;
  /** The concrete path, with placeholders from CUSTOMERS. */
  path: string;
  body?: unknown;
  /** Headers the request carries besides the persona's credentials. */
  headers?: Record<string, string>;
  expect: Record<Persona, number>;
}

const all = (status: number): Record<Persona, number> =>
  Object.fromEntries(Object.keys(PERSONAS).map((p) => [p, status])) as Record<Persona, number>;

const NO_ID = '00000000-0000-4000-8000-000000000000';
const NO_TOKEN = 'matrix-token-that-was-never-given-out';

export const MATRIX: MatrixRow[] = [
  { method: 'GET', route: '/api/v1/health', path: '/api/v1/health', expect: all(200) },
  { method: 'GET', route: '/api/v1/health/live', path: '/api/v1/health/live', expect: all(200) },
  { method: 'GET', route: '/api/v1/health/ready', path: '/api/v1/health/ready', expect: all(200) },
  { method: 'POST', route: '/api/v1/auth/login', path: '/api/v1/auth/login', body: { email: 'nobody@example.test', password: 'x' }, expect: all(401) },
  { method: 'POST', route: '/api/v1/auth/refresh', path: '/api/v1/auth/refresh', expect: all(401) /* no cookie sent */ },
  { method: 'POST', route: '/api/v1/auth/logout', path: '/api/v1/auth/logout', expect: all(204) },
  { method: 'GET', route: '/api/v1/me', path: '/api/v1/me', expect: { ...all(200), anonymous: 401 } },
  { method: 'PATCH', route: '/api/v1/me', path: '/api/v1/me', body: { language: 'nl' }, expect: { ...all(200), anonymous: 401 } },

  // The customer's users: AO and AM only (ROLE-2, ROLE-3); other profiles 403; a customer one cannot act for 404.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users', path: '/api/v1/customers/{acme}/users',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // DLG-1: the Acme AO is AO of its affiliates; the Acme AM is not.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users', path: '/api/v1/customers/{logistics}/users',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users', path: '/api/v1/customers/{brightwave}/users',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 200, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users', path: '/api/v1/customers/{noordzee}/users',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 404, noordzee: 200 },
  },

  // ROLE-8: "who is my administrator?" for the customer's own users; a delegate is not one of them.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/administrators', path: '/api/v1/customers/{acme}/administrators',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 200, fleet: 200, employee: 200, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/administrators', path: '/api/v1/customers/{retail}/administrators',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  },

  // The development mailbox, operator staff only (and never in production: see mail.test.ts).
  {
    method: 'GET', route: '/api/v1/operator/mailbox', path: '/api/v1/operator/mailbox',
    expect: { ...all(403), anonymous: 401, operator: 200 },
  },
  // Users and profiles (ROLE-2/3/6): AO and AM administer users; only an AO gives or touches the AO profile;
  // SPU/SU and delegates 403; a customer one cannot act for 404. The POST creates the invited AO
  // `matrix-ao@example.test` that the rows below act on (looked up when each row runs); the DELETE removes him last.
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/users', path: '/api/v1/customers/{acme}/users',
    body: { email: 'matrix-ao@example.test', firstName: 'Matrix', lastName: 'Owner', language: 'en', profile: 'access_owner', employmentBasis: 'management_contract' },
    expect: { anonymous: 401, operator: 404, owner: 201, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users/grantable-profiles', path: '/api/v1/customers/{acme}/users/grantable-profiles',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users/{userId}', path: '/api/v1/customers/{acme}/users/{user:matrix-ao@example.test}',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'PATCH', route: '/api/v1/customers/{customerId}/users/{userId}', path: '/api/v1/customers/{acme}/users/{user:matrix-ao@example.test}',
    body: { firstName: 'Matrix' },
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/users/{userId}/suspend', path: '/api/v1/customers/{acme}/users/{user:matrix-ao@example.test}/suspend',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/users/{userId}/reactivate', path: '/api/v1/customers/{acme}/users/{user:matrix-ao@example.test}/reactivate',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // The primary AO is already primary (idempotent 200); the AM becomes the deputy.
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/users/{userId}/make-primary', path: '/api/v1/customers/{acme}/users/{user:owner@acme.test}/make-primary',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/users/{userId}/make-deputy', path: '/api/v1/customers/{acme}/users/{user:manager@acme.test}/make-deputy',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // The SIMs a user uses are customer data (an AM sees none, ROLE-3); the employee sees his own; the fleet manager and
  // Brightwave's delegate (fleet-manager/mobile rights) see and set the lines in their scope.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users/{userId}/sims', path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/sims',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 200, brightwave: 200, noordzee: 404 },
  },
  {
    method: 'PUT', route: '/api/v1/customers/{customerId}/users/{userId}/sims', path: '/api/v1/customers/{acme}/users/{user:matrix-ao@example.test}/sims',
    body: { simIds: [] },
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 403, brightwave: 200, noordzee: 404 },
  },
  // The owner removes him first, so the AM (who may delete users, not an AO) then finds nobody: 404.
  {
    method: 'DELETE', route: '/api/v1/customers/{customerId}/users/{userId}', path: '/api/v1/customers/{acme}/users/{user:matrix-ao@example.test}',
    expect: { anonymous: 401, operator: 404, owner: 204, manager: 404, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // Public invitation links: an unknown token is not found, for everyone.
  {
    method: 'GET', route: '/api/v1/invitations/{token}', path: '/api/v1/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    expect: all(404),
  },
  {
    method: 'POST', route: '/api/v1/invitations/{token}/accept', path: '/api/v1/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/accept',
    body: { password: 'a-long-enough-password' }, expect: all(404),
  },
  // The rights editor (ROLE-3, ROLE-6): AO and AM of the customer; a fleet manager only for Service Users'
  // self-service (canGrant: within his cost centre, so an unscoped grant is refused to him; other users' rights are
  // out of his scope: 404);
  // a delegate (Brightwave) administers no rights at Acme.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users/{userId}/grants', path: '/api/v1/customers/{acme}/users/{user:finance@acme.test}/grants',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 404, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users/{userId}/grants', path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grants',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 200, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'PUT', route: '/api/v1/customers/{customerId}/users/{userId}/grants/{app}', path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grants/mobile',
    body: { actions: ['read'] },
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // The rights editor's one Save (several apps at once): the same gate and canGrant as the single-app PUT.
  {
    method: 'PUT', route: '/api/v1/customers/{customerId}/users/{userId}/grants', path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grants',
    body: { changes: [{ app: 'mobile', actions: ['read'] }] },
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // Runs after the PUT row: the owner removes the right (204); for the manager and the fleet manager it is gone (404).
  {
    method: 'DELETE', route: '/api/v1/customers/{customerId}/users/{userId}/grants/{app}', path: '/api/v1/customers/{acme}/users/{user:employee@acme.test}/grants/mobile',
    expect: { anonymous: 401, operator: 404, owner: 204, manager: 404, finance: 403, fleet: 404, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/users/{userId}/grantable', path: '/api/v1/customers/{acme}/users/{user:finance@acme.test}/grantable',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 404, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/grant-presets', path: '/api/v1/customers/{acme}/grant-presets',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 200, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // 'ScopeOption': names and numbers to pick a scope from (AO, AM; the fleet manager: his own scope).
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/scope-options', path: '/api/v1/customers/{acme}/scope-options',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 200, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/scope-options', path: '/api/v1/customers/{logistics}/scope-options',
    expect: { ...all(404), anonymous: 401, owner: 200 },
  },
  // "Why can this user see this?" and "who has access": AO and AM (read / export User); the affiliate's through DLG-1.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access/explain',
    path: '/api/v1/customers/{acme}/access/explain?userId={user:employee@acme.test}&msisdn=%2B32470000001',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access/explain',
    path: '/api/v1/customers/{logistics}/access/explain?userId={user:owner@acme.test}&msisdn=%2B32470000041',
    expect: { ...all(404), anonymous: 401, owner: 200 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access/export.csv', path: '/api/v1/customers/{acme}/access/export.csv',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access/export.csv', path: '/api/v1/customers/{logistics}/access/export.csv',
    expect: { ...all(404), anonymous: 401, owner: 200 },
  },
  // The customer's SIMs, to link a line to its end user. Customer data: the AO all (an affiliate's
  // in its own context, DLG-1), the fleet manager and Brightwave's delegate their scope, the employee his own line;
  // the AM (ROLE-3) and the financial manager hold no SIM right (403).
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/sims', path: '/api/v1/customers/{acme}/sims?q=0470&unassigned=false',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 200, brightwave: 200, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/sims', path: '/api/v1/customers/{logistics}/sims',
    expect: { ...all(404), anonymous: 401, owner: 200 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/sims', path: '/api/v1/customers/{brightwave}/sims',
    expect: { ...all(404), anonymous: 401, brightwave: 200 },
  },
  // The fleet table's filters and sort change what is listed, never who may list (PFM-4).
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/sims', path: '/api/v1/customers/{acme}/sims?status=active&usageBand=under80&sort=plan:desc',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 200, brightwave: 200, noordzee: 404 },
  },
  // One SIM and its history (MOB-2, MOB-3, MOB-5), by the same Sim rules: an unknown SIM is not found for whoever may
  // read SIMs at Acme; the AM (ROLE-3) and the financial manager hold no SIM right (403).
  ...([
    ['/api/v1/customers/{customerId}/sims/{simId}', `/api/v1/customers/{acme}/sims/${NO_ID}`],
    ['/api/v1/customers/{customerId}/sims/{simId}/history', `/api/v1/customers/{acme}/sims/${NO_ID}/history`],
  ] as const).map(([route, path]): MatrixRow => ({
    method: 'GET', route, path,
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  })),
  // Orders on SIMs (MOB-3, MOB-4, MOB-6..10), by the Sim rules: whoever reads SIMs at Acme may order (the employee
  // within his self-service rights) or cancel his own, and finds no unknown SIM or order; the AM and the financial
  // manager hold no SIM right (403).
  ...([
    ['POST', '/api/v1/customers/{customerId}/sims/{simId}/orders', `/api/v1/customers/{acme}/sims/${NO_ID}/orders`, { kind: 'clir', enabled: true }],
    ['POST', '/api/v1/customers/{customerId}/sim-orders/{orderId}/cancel', `/api/v1/customers/{acme}/sim-orders/${NO_ID}/cancel`, undefined],
    ['GET', '/api/v1/customers/{customerId}/sims/{simId}/self-service', `/api/v1/customers/{acme}/sims/${NO_ID}/self-service`, undefined],
    ['GET', '/api/v1/customers/{customerId}/sim-orders/{orderId}', `/api/v1/customers/{acme}/sim-orders/${NO_ID}`, undefined],
  ] as const).map(([method, route, path, body]): MatrixRow => ({
    method, route, path, ...(body === undefined ? {} : { body }), headers: { 'if-match': '"1"' },
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  })),
  // Managing a SIM (its termination quote, its end user's self-service rights, deciding his requests): whoever may
  // update SIMs at Acme, never the employee, whose right on his own line is self-service only (ROLE-5).
  ...([
    ['PUT', '/api/v1/customers/{customerId}/sims/{simId}/device', `/api/v1/customers/{acme}/sims/${NO_ID}/device`, { ownership: 'byod' }],
    ['GET', '/api/v1/customers/{customerId}/sims/{simId}/termination-quote', `/api/v1/customers/{acme}/sims/${NO_ID}/termination-quote`, undefined],
    ['PUT', '/api/v1/customers/{customerId}/sims/{simId}/self-service', `/api/v1/customers/{acme}/sims/${NO_ID}/self-service`,
      { tariffPlanIds: [], optionIds: [], clir: false, requiresApproval: true }],
    ['POST', '/api/v1/customers/{customerId}/sim-orders/{orderId}/approve', `/api/v1/customers/{acme}/sim-orders/${NO_ID}/approve`, undefined],
    ['POST', '/api/v1/customers/{customerId}/sim-orders/{orderId}/reject', `/api/v1/customers/{acme}/sim-orders/${NO_ID}/reject`, { reason: 'no' }],
  ] as const).map(([method, route, path, body]): MatrixRow => ({
    method, route, path, ...(body === undefined ? {} : { body }),
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 404, employee: 403, brightwave: 404, noordzee: 404 },
  })),
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/sim-orders', path: '/api/v1/customers/{acme}/sim-orders?status=awaiting_approval',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 200, brightwave: 200, noordzee: 404 },
  },
  // Bulk changes and the what-if (PFM-4, MOB-3): a selection with a SIM one may not change is refused as a whole (403),
  // an unknown SIM included; progress and results by the Sim rules like the SIMs.
  ...([
    ['/api/v1/customers/{customerId}/sim-bulk-changes', '/api/v1/customers/{acme}/sim-bulk-changes', { simIds: [NO_ID], change: { kind: 'clir', enabled: true } }],
    ['/api/v1/customers/{customerId}/sims/what-if', '/api/v1/customers/{acme}/sims/what-if', { simIds: [NO_ID], tariffPlanId: NO_ID }],
  ] as const).map(([route, path, body]): MatrixRow => ({
    method: 'POST', route, path, body,
    expect: { anonymous: 401, operator: 404, owner: 403, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  })),
  ...([
    ['/api/v1/customers/{customerId}/sim-bulk-changes/{bulkChangeId}', `/api/v1/customers/{acme}/sim-bulk-changes/${NO_ID}`],
    ['/api/v1/customers/{customerId}/sim-bulk-changes/{bulkChangeId}/items', `/api/v1/customers/{acme}/sim-bulk-changes/${NO_ID}/items`],
  ] as const).map(([route, path]): MatrixRow => ({
    method: 'GET', route, path,
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  })),
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/sim-bulk-changes/{bulkChangeId}/retry', path: `/api/v1/customers/{acme}/sim-bulk-changes/${NO_ID}/retry`,
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 404, employee: 403, brightwave: 404, noordzee: 404 },
  },
  // PFM-4: the fleet table as a file: who holds export on Sim (the AO all, the fleet manager his cost centre Sales);
  // Brightwave's delegation carries no export; the Service User, the AM (ROLE-3) and the financial manager hold none (403).
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/sims/export', path: '/api/v1/customers/{acme}/sims/export?status=active&sort=plan:desc',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // PFM-4: one's own saved views of the fleet table, for whoever reads SIMs at Acme; the AM (ROLE-3) and the financial
  // manager hold no SIM right (403). A body that fails validation past the gate, and an unknown id, create nothing.
  ...([
    ['GET', '/api/v1/customers/{customerId}/fleet/views', '/api/v1/customers/{acme}/fleet/views', 200, undefined],
    ['POST', '/api/v1/customers/{customerId}/fleet/views', '/api/v1/customers/{acme}/fleet/views', 400, {}],
    ['PATCH', '/api/v1/customers/{customerId}/fleet/views/{viewId}', `/api/v1/customers/{acme}/fleet/views/${NO_ID}`, 404, { name: 'Renamed' }],
    ['DELETE', '/api/v1/customers/{customerId}/fleet/views/{viewId}', `/api/v1/customers/{acme}/fleet/views/${NO_ID}`, 404, undefined],
  ] as const).map(([method, route, path, allowed, body]): MatrixRow => ({
    method, route, path, ...(body ? { body } : {}),
    expect: { anonymous: 401, operator: 404, owner: allowed, manager: 403, finance: 403, fleet: allowed, employee: allowed, brightwave: allowed, noordzee: 404 },
  })),
  // Bill-shock alerts: whoever may change SIMs at Acme (never the employee, whose right is self-service only).
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/bill-shock-alerts', path: '/api/v1/customers/{acme}/bill-shock-alerts',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 403, brightwave: 200, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/bill-shock-alerts', path: '/api/v1/customers/{acme}/bill-shock-alerts',
    body: { simId: NO_ID, metric: 'roaming', thresholdCents: 500 },
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 404, employee: 403, brightwave: 404, noordzee: 404 },
  },
  {
    method: 'DELETE', route: '/api/v1/customers/{customerId}/bill-shock-alerts/{alertId}', path: `/api/v1/customers/{acme}/bill-shock-alerts/${NO_ID}`,
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 404, employee: 403, brightwave: 404, noordzee: 404 },
  },
  // PFM-1: Fleet Manager on request. The AO reads and asks (Acme has it already: 409); operator staff decide and end it.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/fleet-manager/activation', path: '/api/v1/customers/{acme}/fleet-manager/activation',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/fleet-manager/activation', path: '/api/v1/customers/{acme}/fleet-manager/activation',
    expect: { anonymous: 401, operator: 404, owner: 409, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // PFM-2: which mobile accounts Fleet Manager covers; whoever manages SIMs reads it (as far as he reads the accounts), not an end user (ROLE-5).
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/fleet-manager/coverage', path: '/api/v1/customers/{acme}/fleet-manager/coverage',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 200, employee: 403, brightwave: 200, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/operator/fleet-manager/activations', path: '/api/v1/operator/fleet-manager/activations?status=pending',
    expect: { ...all(403), anonymous: 401, operator: 200 },
  },
  {
    method: 'POST', route: '/api/v1/operator/fleet-manager/activations/{requestId}/decision', path: `/api/v1/operator/fleet-manager/activations/${NO_ID}/decision`,
    body: { decision: 'approve' }, expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  {
    method: 'POST', route: '/api/v1/operator/customers/{customerId}/fleet-manager/end', path: '/api/v1/operator/customers/{acme}/fleet-manager/end',
    expect: { ...all(403), anonymous: 401, operator: 409 },
  },
  // MOB-11: operator staff withdraw a plan (an unknown one: 404).
  {
    method: 'POST', route: '/api/v1/operator/tariff-plans/{planId}/withdraw', path: `/api/v1/operator/tariff-plans/${NO_ID}/withdraw`,
    body: { withdrawnAt: '2099-01-01', lastSwitchOn: '2099-03-31' }, expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  // The operator's catalogue of plans and options: no customer's data, any signed-in user.
  { method: 'GET', route: '/api/v1/catalogue/tariff-plans', path: '/api/v1/catalogue/tariff-plans', expect: { ...all(200), anonymous: 401 } },
  { method: 'GET', route: '/api/v1/catalogue/tariff-options', path: '/api/v1/catalogue/tariff-options', expect: { ...all(200), anonymous: 401 } },
  // The same catalogue under a customer: whoever acts for it; operator staff and other customers 404.
  ...(['tariff-plans', 'tariff-options'] as const).map((list): MatrixRow => ({
    method: 'GET', route: `/api/v1/customers/{customerId}/${list}`, path: `/api/v1/customers/{acme}/${list}`,
    expect: { ...all(200), anonymous: 401, operator: 404, noordzee: 404 },
  })),
  // Across organisations (DLG-1..4). Affiliates: the AO only (also of an affiliate, DLG-1).
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/affiliates', path: '/api/v1/customers/{acme}/affiliates',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/affiliates', path: '/api/v1/customers/{logistics}/affiliates',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/affiliates', path: '/api/v1/customers/{acme}/affiliates',
    body: { enterpriseNumber: '0403170702', basis: 'de_jure_directors' } /* invalid mod-97: 400 for whoever passes the gate */,
    expect: { anonymous: 401, operator: 404, owner: 400, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // Delegations: the AO (outgoing and incoming) and the AM (incoming, DLG-4) read them; a delegate does not administer them.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/delegations', path: '/api/v1/customers/{acme}/delegations',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/delegations', path: '/api/v1/customers/{brightwave}/delegations',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 200, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/delegations', path: '/api/v1/customers/{acme}/delegations', body: {} /* 400 past the gate */,
    expect: { anonymous: 401, operator: 404, owner: 400, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/delegations/scope-options', path: '/api/v1/customers/{acme}/delegations/scope-options',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/delegations/{delegationId}', path: '/api/v1/customers/{acme}/delegations/00000000-0000-4000-8000-000000000000',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/delegations/{delegationId}/revoke', path: '/api/v1/customers/{acme}/delegations/00000000-0000-4000-8000-000000000000/revoke',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  ...(['accept', 'decline', 'end'] as const).map((action): MatrixRow => ({
    method: 'POST', route: `/api/v1/customers/{customerId}/delegations/{delegationId}/${action}`,
    path: `/api/v1/customers/{brightwave}/delegations/00000000-0000-4000-8000-000000000000/${action}`,
    // The partner's AO only (the route's customer is the partner).
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  })),
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/delegations/{delegationId}/accept', path: '/api/v1/customers/{acme}/delegations/00000000-0000-4000-8000-000000000000/accept',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'PUT', route: '/api/v1/customers/{customerId}/delegations/{delegationId}/users', path: '/api/v1/customers/{acme}/delegations/00000000-0000-4000-8000-000000000000/users',
    body: { userIds: [] },
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'PUT', route: '/api/v1/customers/{customerId}/delegations/{delegationId}/users', path: '/api/v1/customers/{brightwave}/delegations/00000000-0000-4000-8000-000000000000/users',
    body: { userIds: [] },
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 404, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  },
  // Operator back office: operator staff only (ACC-5); unknown ids are 404 for them, everyone else 403.
  ...([
    ['GET', '/api/v1/operator/affiliate-requests', '/api/v1/operator/affiliate-requests?status=pending', 200, undefined],
    ['POST', '/api/v1/operator/affiliate-requests/{id}/approve', '/api/v1/operator/affiliate-requests/00000000-0000-4000-8000-000000000000/approve', 404, {}],
    ['POST', '/api/v1/operator/affiliate-requests/{id}/refuse', '/api/v1/operator/affiliate-requests/00000000-0000-4000-8000-000000000000/refuse', 404, { reason: 'x' }],
    ['GET', '/api/v1/operator/delegations', '/api/v1/operator/delegations?status=pending_operator', 200, undefined],
    ['POST', '/api/v1/operator/delegations/{id}/approve', '/api/v1/operator/delegations/00000000-0000-4000-8000-000000000000/approve', 404, {}],
    ['POST', '/api/v1/operator/delegations/{id}/refuse', '/api/v1/operator/delegations/00000000-0000-4000-8000-000000000000/refuse', 404, { reason: 'x' }],
    ['GET', '/api/v1/operator/customers', '/api/v1/operator/customers?q=acme', 200, undefined],
    ['GET', '/api/v1/operator/users', '/api/v1/operator/users?q=acme', 200, undefined],
    ['POST', '/api/v1/operator/customers/{customerId}/suspend', '/api/v1/operator/customers/00000000-0000-4000-8000-000000000000/suspend', 404, { reason: 'x' }],
    ['POST', '/api/v1/operator/customers/{customerId}/reactivate', '/api/v1/operator/customers/00000000-0000-4000-8000-000000000000/reactivate', 404, { reason: 'x' }],
    ['POST', '/api/v1/operator/users/{userId}/suspend', '/api/v1/operator/users/00000000-0000-4000-8000-000000000000/suspend', 404, { reason: 'x' }],
    ['POST', '/api/v1/operator/users/{userId}/reactivate', '/api/v1/operator/users/00000000-0000-4000-8000-000000000000/reactivate', 404, { reason: 'x' }],
  ] as const).map(([method, route, path, operator, body]): MatrixRow => ({
    method, route, path, ...(body ? { body } : {}), expect: { ...all(403), anonymous: 401, operator },
  })),
  // The audit view (SEC-3): the customer's AO (and the AO of its parent, DLG-1); AM, SPU, SU and a delegate 403; others 404.
  ...(['/api/v1/customers/{customerId}/audit', '/api/v1/customers/{customerId}/audit/export.csv'] as const).flatMap((route): MatrixRow[] => [
    {
      method: 'GET', route, path: route.replace('{customerId}', '{acme}'),
      expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
    },
    {
      method: 'GET', route, path: route.replace('{customerId}', '{logistics}'),
      expect: { ...all(404), anonymous: 401, owner: 200 },
    },
    {
      method: 'GET', route, path: route.replace('{customerId}', '{brightwave}'),
      expect: { ...all(404), anonymous: 401, brightwave: 200 },
    },
  ]),
  // Access reviews: the AO starts and decides (also at its affiliates, DLG-1); an AM reads and decides the items
  // assigned to him (unknown ids → 404, a bad body → 400 after the gate); SPUs, SUs and delegates 403; other customers 404.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access-reviews', path: '/api/v1/customers/{acme}/access-reviews',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 200, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access-reviews', path: '/api/v1/customers/{logistics}/access-reviews',
    expect: { ...all(404), anonymous: 401, owner: 200 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/access-reviews', path: '/api/v1/customers/{acme}/access-reviews',
    body: { deadline: '2000-01-01' },
    expect: { anonymous: 401, operator: 404, owner: 400, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access-reviews/{reviewId}', path: '/api/v1/customers/{acme}/access-reviews/00000000-0000-4000-8000-000000000000',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/access-reviews/{reviewId}/items/confirm',
    path: '/api/v1/customers/{acme}/access-reviews/00000000-0000-4000-8000-000000000000/items/confirm',
    body: { itemIds: ['00000000-0000-4000-8000-000000000000'] },
    expect: { anonymous: 401, operator: 404, owner: 400, manager: 400, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // Invoice Insights (INS-1..3): read Insight — the AO and the financial manager (insights rights); the AM (ROLE-3), the fleet
  // manager, the Service User and Brightwave's fleet delegation hold none (403); other customers 404. Bodies that fail
  // validation past the gate, and unknown ids, keep the rows from creating data.
  ...([
    ['GET', '/api/v1/customers/{customerId}/insights/{figure}', '/api/v1/customers/{acme}/insights/monthly?chargeType=data', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/insights/coverage', '/api/v1/customers/{acme}/insights/coverage', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/insights/views', '/api/v1/customers/{acme}/insights/views', 200, undefined],
    ['POST', '/api/v1/customers/{customerId}/insights/views', '/api/v1/customers/{acme}/insights/views', 400, {}],
    ['PATCH', '/api/v1/customers/{customerId}/insights/views/{viewId}', '/api/v1/customers/{acme}/insights/views/00000000-0000-4000-8000-000000000000', 404, { name: 'Renamed' }],
    ['DELETE', '/api/v1/customers/{customerId}/insights/views/{viewId}', '/api/v1/customers/{acme}/insights/views/00000000-0000-4000-8000-000000000000', 404, undefined],
  ] as const).map(([method, route, path, allowed, body]): MatrixRow => ({
    method, route, path, ...(body ? { body } : {}),
    expect: { anonymous: 401, operator: 404, owner: allowed, manager: 403, finance: allowed, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  })),
  // Access requests (INS-1): the AO asks and reads them (AccessRequest); operator staff decide.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/access-requests', path: '/api/v1/customers/{acme}/access-requests?status=pending',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'POST', route: '/api/v1/customers/{customerId}/access-requests', path: '/api/v1/customers/{acme}/access-requests', body: { app: 'insights' },
    expect: { anonymous: 401, operator: 404, owner: 400, manager: 403, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/operator/access-requests', path: '/api/v1/operator/access-requests?status=pending',
    expect: { ...all(403), anonymous: 401, operator: 200 },
  },
  {
    method: 'POST', route: '/api/v1/operator/access-requests/{requestId}/decision', path: '/api/v1/operator/access-requests/00000000-0000-4000-8000-000000000000/decision',
    body: { approve: true },
    expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  // Billing-run ingestion (operator staff: review OperatorQueue). The run has a bad row: 422, nothing written.
  {
    method: 'POST', route: '/api/v1/operator/billing-runs', path: '/api/v1/operator/billing-runs',
    body: { manifest: { runId: 'role-matrix-run' }, files: { 'periods.csv': 'customer,billing_account,starts_on,ends_on\n0000000097,NONE-0001,2026-01-01,2026-01-31\n' } },
    expect: { ...all(403), anonymous: 401, operator: 422 },
  },
  ...(['confirm', 'remove'] as const).map((verb): MatrixRow => ({
    method: 'POST', route: `/api/v1/customers/{customerId}/access-reviews/{reviewId}/items/{itemId}/${verb}`,
    path: `/api/v1/customers/{acme}/access-reviews/00000000-0000-4000-8000-000000000000/items/00000000-0000-4000-8000-000000000000/${verb}`,
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 404, finance: 403, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  })),
  // My invoice online (INV-1..9): read Invoice / BillingAccount — the AO and the financial manager (invoices rights on every
  // Acme account); the AM (ROLE-3), the fleet manager, the Service User and Brightwave's fleet delegation hold none (403); other
  // customers 404. Disputes: whoever reads invoices may open them (Dispute create). Unknown ids keep the rows from creating data.
  ...([
    ['GET', '/api/v1/customers/{customerId}/billing-accounts', '/api/v1/customers/{acme}/billing-accounts', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoices', '/api/v1/customers/{acme}/invoices?sort=amount:desc&status=paid', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoices/{invoiceId}', '/api/v1/customers/{acme}/invoices/00000000-0000-4000-8000-000000000000', 404, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoices/{invoiceId}/pdf', '/api/v1/customers/{acme}/invoices/00000000-0000-4000-8000-000000000000/pdf', 404, undefined],
    ['POST', '/api/v1/customers/{customerId}/invoices/{invoiceId}/disputes', '/api/v1/customers/{acme}/invoices/00000000-0000-4000-8000-000000000000/disputes', 404,
      { reason: 'matrix', detailedInvoice: false }],
    ['GET', '/api/v1/customers/{customerId}/disputes', '/api/v1/customers/{acme}/disputes?status=open', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/disputes/{disputeId}', '/api/v1/customers/{acme}/disputes/00000000-0000-4000-8000-000000000000', 404, undefined],
    ['POST', '/api/v1/customers/{customerId}/disputes/{disputeId}/withdraw', '/api/v1/customers/{acme}/disputes/00000000-0000-4000-8000-000000000000/withdraw', 404, undefined],
    ['GET', '/api/v1/customers/{customerId}/billing-documents', '/api/v1/customers/{acme}/billing-documents', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/billing-documents/{documentId}/content',
      '/api/v1/customers/{acme}/billing-documents/00000000-0000-4000-8000-000000000000/content', 404, undefined],
  ] as const).map(([method, route, path, allowed, body]): MatrixRow => ({
    method, route, path, ...(body ? { body } : {}),
    expect: { anonymous: 401, operator: 404, owner: allowed, manager: 403, finance: allowed, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  })),
  // DLG-1: the Acme AO reads an affiliate's invoices; nobody else of Acme does.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/invoices', path: '/api/v1/customers/{logistics}/invoices',
    expect: { ...all(404), anonymous: 401, owner: 200 },
  },
  // Call credits (INV-1) are usage of a line: the fleet manager and Brightwave's delegate their cost centre, the employee his own line.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/call-credits', path: '/api/v1/customers/{acme}/call-credits?month=2026-10',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 200, fleet: 200, employee: 200, brightwave: 200, noordzee: 404 },
  },
  // Disputes in the back office: operator staff only (unknown id: 404 for them).
  {
    method: 'GET', route: '/api/v1/operator/disputes', path: '/api/v1/operator/disputes?status=open',
    expect: { ...all(403), anonymous: 401, operator: 200 },
  },
  {
    method: 'POST', route: '/api/v1/operator/disputes/{disputeId}/answer', path: '/api/v1/operator/disputes/00000000-0000-4000-8000-000000000000/answer',
    body: { status: 'rejected', answer: 'matrix' },
    expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  // RET-2: the end of a customer's contract, operator staff only (an unknown customer: 404 for them).
  {
    method: 'POST', route: '/api/v1/operator/customers/{customerId}/end-contract', path: `/api/v1/operator/customers/${NO_ID}/end-contract`,
    body: { contractEnd: '2026-01-31', reason: 'matrix' }, expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  // MOB-8: number changes and port-outs in the back office, operator staff only (unknown order: 404 for them).
  {
    method: 'GET', route: '/api/v1/operator/sim-orders', path: '/api/v1/operator/sim-orders?kind=number_change',
    expect: { ...all(403), anonymous: 401, operator: 200 },
  },
  {
    method: 'POST', route: '/api/v1/operator/sim-orders/{orderId}/complete', path: `/api/v1/operator/sim-orders/${NO_ID}/complete`,
    body: {}, expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  {
    method: 'POST', route: '/api/v1/operator/sim-orders/{orderId}/reject', path: `/api/v1/operator/sim-orders/${NO_ID}/reject`,
    body: { reason: 'matrix' }, expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  {
    method: 'POST', route: '/api/v1/operator/customers/{customerId}/sims/{simId}/number-changes',
    path: `/api/v1/operator/customers/{acme}/sims/${NO_ID}/number-changes`, body: { msisdn: '0499 00 00 01', effectiveOn: '2099-01-01', reason: 'matrix' },
    expect: { ...all(403), anonymous: 401, operator: 404 },
  },
  // Usage (INV-1, INV-2, INV-4, RET-1): call details need a readable invoice (read Invoice: AO and financial manager; an
  // unknown one 404); their export takes export on Usage, which the fleet manager holds for his cost centre, but he reads no
  // invoice at all (403, as for the list). Unbilled usage and billed charges: read Usage — the fleet manager and Brightwave's delegate their cost
  // centre, the employee his own line (ROLE-5), the AM nothing (ROLE-3). The expiring export takes export on Invoice.
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/invoices/{invoiceId}/call-details',
    path: '/api/v1/customers/{acme}/invoices/00000000-0000-4000-8000-000000000000/call-details?type=sms',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 404, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/invoices/{invoiceId}/call-details/export',
    path: '/api/v1/customers/{acme}/invoices/00000000-0000-4000-8000-000000000000/call-details/export?format=csv',
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 404, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/usage/unbilled', path: '/api/v1/customers/{acme}/usage/unbilled?type=data',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 200, fleet: 200, employee: 200, brightwave: 200, noordzee: 404 },
  },
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/usage/charges', path: '/api/v1/customers/{acme}/usage/charges?month=2026-10',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 200, fleet: 200, employee: 200, brightwave: 200, noordzee: 404 },
  },
  // PFM-3: a SIM's billing of 12 months and call details of 6, gated like billed charges (read Usage: the AM none, ROLE-3,
  // 403); past the gate the SIM must be one the user may read, so an unknown SIM is 404 for everyone else (the financial
  // manager reads no SIM).
  ...([
    ['/api/v1/customers/{customerId}/sims/{simId}/billing', `/api/v1/customers/{acme}/sims/${NO_ID}/billing`],
    ['/api/v1/customers/{customerId}/sims/{simId}/call-details', `/api/v1/customers/{acme}/sims/${NO_ID}/call-details?type=sms`],
  ] as const).map(([route, path]): MatrixRow => ({
    method: 'GET', route, path,
    expect: { anonymous: 401, operator: 404, owner: 404, manager: 403, finance: 404, fleet: 404, employee: 404, brightwave: 404, noordzee: 404 },
  })),
  {
    method: 'GET', route: '/api/v1/customers/{customerId}/exports/expiring', path: '/api/v1/customers/{acme}/exports/expiring?format=csv',
    expect: { anonymous: 401, operator: 404, owner: 200, manager: 403, finance: 200, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  },
  // Invoice delivery (EBL-1..7, Peppol): the InvoiceDelivery subject of the invoice-delivery app — the AO and the financial
  // manager (read and update on every Acme account); the AM (ROLE-3), the fleet manager, the Service User and Brightwave's fleet
  // delegation hold none (403); other customers 404. Unknown accounts, requests and invoices keep the rows from changing data.
  ...([
    ['GET', '/api/v1/customers/{customerId}/invoice-delivery', '/api/v1/customers/{acme}/invoice-delivery', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoice-delivery/zoomit-banks', '/api/v1/customers/{acme}/invoice-delivery/zoomit-banks', 200, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}', `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}`, 404, undefined],
    ['POST', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/greenbill', `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/greenbill`, 404,
      { email: 'matrix@acme.test', notify: 'email' }],
    ['POST', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/zoomit', `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/zoomit`, 404,
      { iban: 'BE71 0961 2345 6769', bic: 'GKCCBEBB' }],
    ['POST', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/peppol', `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/peppol`, 404, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/cancel-preview', `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/cancel-preview`, 404, undefined],
    ['POST', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/cancel', `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/cancel`, 404, undefined],
    ['POST', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/requests/{requestId}/resend',
      `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/requests/${NO_ID}/resend`, 404, undefined],
    ['DELETE', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/requests/{requestId}',
      `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/requests/${NO_ID}`, 404, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoice-delivery/{billingAccountId}/deliveries', `/api/v1/customers/{acme}/invoice-delivery/${NO_ID}/deliveries`, 404, undefined],
    ['GET', '/api/v1/customers/{customerId}/invoices/{invoiceId}/deliveries', `/api/v1/customers/{acme}/invoices/${NO_ID}/deliveries`, 404, undefined],
  ] as const).map(([method, route, path, allowed, body]): MatrixRow => ({
    method, route, path, ...(body ? { body } : {}),
    expect: { anonymous: 401, operator: 404, owner: allowed, manager: 403, finance: allowed, fleet: 403, employee: 403, brightwave: 403, noordzee: 404 },
  })),
  // The verification link and the bank's webhook need no sign-in: the token and the signature are their credentials.
  { method: 'GET', route: '/api/v1/greenbill/verifications/{token}', path: `/api/v1/greenbill/verifications/${NO_TOKEN}`, expect: all(404) },
  { method: 'POST', route: '/api/v1/greenbill/verifications/{token}', path: `/api/v1/greenbill/verifications/${NO_TOKEN}`, expect: all(404) },
  {
    method: 'POST', route: '/api/v1/webhooks/zoomit', path: '/api/v1/webhooks/zoomit', body: { eventId: 'matrix', invitationId: NO_ID, result: 'accepted' },
    headers: { 'x-zoomit-timestamp': '1700000000', 'x-zoomit-signature': `sha256=${'0'.repeat(64)}` }, expect: all(401),
  },
  // The development sandbox bank (not in production).
  { method: 'GET', route: '/api/v1/sandbox/zoomit/invitations/{invitationId}', path: `/api/v1/sandbox/zoomit/invitations/${NO_ID}`, expect: all(404) },
  {
    method: 'POST', route: '/api/v1/sandbox/zoomit/invitations/{invitationId}/answer', path: `/api/v1/sandbox/zoomit/invitations/${NO_ID}/answer`,
    body: { result: 'refused' }, expect: all(404),
  },
  // The development SMS gateway's log and bounces: operator staff, beside the development mailbox.
  { method: 'GET', route: '/api/v1/operator/mailbox/sms', path: '/api/v1/operator/mailbox/sms', expect: { ...all(403), anonymous: 401, operator: 200 } },
  {
    method: 'POST', route: '/api/v1/operator/mailbox/{mailId}/bounce', path: `/api/v1/operator/mailbox/${NO_ID}/bounce`, body: { reason: 'matrix' },
    expect: { ...all(403), anonymous: 401, operator: 404 },
  },
];
