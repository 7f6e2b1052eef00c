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
  expect: Record<Persona, number>;
}

const all = (status: number): Record<Persona, number> =>
  Object.fromEntries(Object.keys(PERSONAS).map((p) => [p, status])) as Record<Persona, number>;

export const MATRIX: MatrixRow[] = [
  { method: 'GET', route: '/api/v1/health', path: '/api/v1/health', expect: all(200) },
  { method: 'POST', route: '/api/v1/auth/login', path: '/api/v1/auth/login', body: { email: 'nobody@example.test', password: 'x' }, expect: all(401) },
  { method: 'POST', route: '/api/v1/auth/refresh', path: '/api/v1/auth/refresh', expect: all(401) /* no cookie sent */ },
  { method: 'POST', route: '/api/v1/auth/logout', path: '/api/v1/auth/logout', expect: all(204) },
  { method: 'GET', route: '/api/v1/me', path: '/api/v1/me', expect: { ...all(200), anonymous: 401 } },

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

  // @@matrix:mail
  // @@matrix:users-admin
  // @@matrix:grants
  // @@matrix:delegations
];
