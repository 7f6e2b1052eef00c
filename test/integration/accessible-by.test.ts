/**
 * whereAccessible (DESIGN.md convention 2): the SQL form of the CASL rules must keep exactly the
 * rows the ability permits. Three angles, on the seeded demo data:
 *  - the compiled SQL of every persona's list queries is committed as a snapshot (reviewed like code);
 *  - each persona's rows equal an independent query written by hand from SPEC §2–3;
 *  - each persona's rows equal the rows `ability.can()` allows, checked row by row (SQL ≡ CASL).
 * Then the translator's edges (no rule, `cannot`, empty `$in`, unknown fields) and revocation,
 * which lives in the data: the context is reloaded from the database, no rule is cached (DLG-3, ACC-5, ROLE-7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { AbilityBuilder, createMongoAbility, subject as asSubject } from '@casl/ability';
import type { DB } from '@mandate/db/database.types';
import type { AccessContext } from '@mandate/authz/access-context';
import { defineAbilityFor, type AppAbility } from '@mandate/authz/define-ability';
import type { Action, SubjectType } from '@mandate/authz/subjects';
import { whereAccessible, type ColumnMap } from '@mandate/server/lib/accessible-by';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { createTestDatabase } from '../support/test-app.ts';
import { SEED_NOW } from '../support/database-urls.ts';

type Db = Kysely<DB>;

/** The clock of these tests: an hour after the seed, like startTestApp's. */
const NOW = new Date(SEED_NOW.getTime() + 3600_000);
const DAY = 86_400_000;

const PERSONAS = {
  owner: 'owner@acme.test',
  manager: 'manager@acme.test',
  finance: 'finance@acme.test',
  fleet: 'fleet@acme.test',
  employee: 'employee@acme.test',
  brightwave: 'admin@brightwave.test',
  operator: 'operator@mandate.test',
} as const;
type Persona = keyof typeof PERSONAS;
const PERSONA_NAMES = Object.keys(PERSONAS) as Persona[];

const SIM_COLUMNS = { customerId: 's.customer_id', billingAccountId: 's.billing_account_id', costCentreId: 's.cost_centre_id', endUserId: 's.end_user_id' };
const USER_COLUMNS = { customerId: 'm.customer_id', userId: 'm.user_id' };
const BILLING_ACCOUNT_COLUMNS = { customerId: 'b.customer_id', billingAccountId: 'b.id' };

/** The three list queries under test, as the brief (and the list endpoints) write them. */
const QUERIES = {
  Sim: (db: Db, ability: AppAbility, columns: ColumnMap = SIM_COLUMNS) =>
    db.selectFrom('sims as s').selectAll().where(whereAccessible(ability, 'read', 'Sim', columns)),
  User: (db: Db, ability: AppAbility, columns: ColumnMap = USER_COLUMNS) =>
    db.selectFrom('memberships as m').selectAll().where(whereAccessible(ability, 'read', 'User', columns)),
  BillingAccount: (db: Db, ability: AppAbility, columns: ColumnMap = BILLING_ACCOUNT_COLUMNS) =>
    db.selectFrom('billing_accounts as b').selectAll().where(whereAccessible(ability, 'read', 'BillingAccount', columns)),
} as const;
type ListSubject = keyof typeof QUERIES;
const LIST_SUBJECTS = Object.keys(QUERIES) as ListSubject[];

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
const abilities = {} as Record<Persona, AppAbility>;
/** Seeded ids → readable labels, so snapshots say `customer:Acme Belgium NV` rather than a UUID. */
const labels = new Map<string, string>();

async function userId(tx: Db, email: string): Promise<string> {
  return (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

async function customerId(tx: Db, enterpriseNumber: string): Promise<string> {
  return (await tx.selectFrom('customers').select('id').where('enterprise_number', '=', enterpriseNumber).executeTakeFirstOrThrow()).id;
}

/** Signs the persona in the way the server does: a session row, then the context read per request. */
async function principalOf(tx: Db, email: string, now: Date = NOW) {
  const id = await userId(tx, email);
  const session = await tx.insertInto('sessions').values({ user_id: id, expires_at: new Date(now.getTime() + DAY) }).returning('id').executeTakeFirstOrThrow();
  const loaded = await loadAccessContext(tx, id, session.id, now);
  expect(loaded, email).not.toBeNull();
  expect(loaded!.sessionOpen, email).toBe(true);
  expect(loaded!.user.status, email).toBe('active');
  return loaded!;
}

async function contextOf(tx: Db, email: string, now: Date = NOW): Promise<AccessContext> {
  return (await principalOf(tx, email, now)).context;
}

async function abilityOf(tx: Db, email: string, now: Date = NOW): Promise<AppAbility> {
  return defineAbilityFor(await contextOf(tx, email, now));
}

/**
 * The order of memberships, grants, affiliates and delegations is that of the OR branches in the
 * SQL. The snapshot sorts them itself, so it depends neither on the query nor on the database's
 * collation; the semantics do not depend on that order.
 */
function sortedContext(context: AccessContext): AccessContext {
  const by = <T>(key: (t: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));
  return {
    ...context,
    memberships: [...context.memberships].sort(by((m) => m.customerId)).map((m) => ({
      ...m,
      grants: [...m.grants].sort(by((g) => g.app)),
      affiliates: [...m.affiliates].sort(by((a) => a.customerId)),
    })),
    delegations: [...context.delegations].sort(by((d) => d.delegationId)),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function snapshotOf(query: { compile(): { sql: string; parameters: readonly unknown[] } }) {
  const { sql: text, parameters } = query.compile();
  return { sql: text, parameters: parameters.map((p) => (typeof p === 'string' && UUID.test(p) ? (labels.get(p) ?? '<unlabelled uuid>') : p)) };
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();

/** Rows the ability permits, asked of CASL itself for every row of the table. */
async function idsCaslAllows(tx: Db, ability: AppAbility, subjectType: ListSubject): Promise<string[]> {
  const allowed: string[] = [];
  if (subjectType === 'Sim') {
    for (const r of await tx.selectFrom('sims').select(['id', 'customer_id', 'billing_account_id', 'cost_centre_id', 'end_user_id']).execute()) {
      const fields = { customerId: r.customer_id, billingAccountId: r.billing_account_id, costCentreId: r.cost_centre_id, endUserId: r.end_user_id };
      if (ability.can('read', asSubject('Sim', fields))) allowed.push(r.id);
    }
  } else if (subjectType === 'User') {
    for (const r of await tx.selectFrom('memberships').select(['id', 'customer_id', 'user_id']).execute()) {
      if (ability.can('read', asSubject('User', { customerId: r.customer_id, userId: r.user_id }))) allowed.push(r.id);
    }
  } else {
    for (const r of await tx.selectFrom('billing_accounts').select(['id', 'customer_id']).execute()) {
      if (ability.can('read', asSubject('BillingAccount', { customerId: r.customer_id, billingAccountId: r.id }))) allowed.push(r.id);
    }
  }
  return allowed.sort();
}

/* ---------------------------------------------------------------------------------------------
 * The expected rows, written by hand from SPEC §2–3 without going through the ability.
 * ------------------------------------------------------------------------------------------- */

const NONE = async () => [] as string[];

/** Acme and the companies it controls through an active affiliate link (DLG-1). */
const ACME_GROUP = sql`(SELECT c.id FROM customers c WHERE c.enterprise_number = ${DEMO_CUSTOMERS.acme}
  UNION SELECT al.affiliate_id FROM affiliate_links al JOIN customers p ON p.id = al.customer_id
        WHERE p.enterprise_number = ${DEMO_CUSTOMERS.acme} AND al.status = 'active')`;

const simsOfAcmeSales = sql`SELECT s.id FROM sims s JOIN customers c ON c.id = s.customer_id
  JOIN cost_centres cc ON cc.customer_id = s.customer_id AND cc.id = s.cost_centre_id
  WHERE c.enterprise_number = ${DEMO_CUSTOMERS.acme} AND cc.name = 'Sales'`;

const EXPECTED: Record<ListSubject, Record<Persona, (tx: Db) => Promise<string[]>>> = {
  Sim: {
    // ROLE-2 + DLG-1: all SIMs of Acme and of its affiliates.
    owner: async (tx) => ids((await sql<{ id: string }>`SELECT s.id FROM sims s WHERE s.customer_id IN ${ACME_GROUP}`.execute(tx)).rows),
    // ROLE-3: no customer data.
    manager: NONE,
    // ROLE-4: his apps are invoices, insights and invoice-delivery; none of them is the fleet (see the report).
    finance: NONE,
    // ROLE-4/6: fleet-manager and mobile rights scoped to cost centre Sales.
    fleet: async (tx) => ids((await simsOfAcmeSales.execute(tx)).rows as Array<{ id: string }>),
    // ROLE-5: exactly his own line.
    employee: async (tx) =>
      ids((await sql<{ id: string }>`SELECT s.id FROM sims s JOIN users u ON u.id = s.end_user_id WHERE u.email = ${PERSONAS.employee}`.execute(tx)).rows),
    // DLG-2: Acme's Sales SIMs through the delegation; ROLE-2: every Brightwave SIM as its AO.
    brightwave: async (tx) =>
      ids((await sql<{ id: string }>`${simsOfAcmeSales} UNION SELECT s.id FROM sims s JOIN customers c ON c.id = s.customer_id
        WHERE c.enterprise_number = ${DEMO_CUSTOMERS.brightwave}`.execute(tx)).rows),
    // The back office reads queues, not customer data.
    operator: NONE,
  },
  User: {
    owner: async (tx) => ids((await sql<{ id: string }>`SELECT m.id FROM memberships m WHERE m.customer_id IN ${ACME_GROUP}`.execute(tx)).rows),
    // ROLE-3: the user-management app: every user of Acme.
    manager: async (tx) =>
      ids((await sql<{ id: string }>`SELECT m.id FROM memberships m JOIN customers c ON c.id = m.customer_id
        WHERE c.enterprise_number = ${DEMO_CUSTOMERS.acme}`.execute(tx)).rows),
    finance: NONE,
    fleet: NONE,
    employee: NONE,
    brightwave: async (tx) =>
      ids((await sql<{ id: string }>`SELECT m.id FROM memberships m JOIN customers c ON c.id = m.customer_id
        WHERE c.enterprise_number = ${DEMO_CUSTOMERS.brightwave}`.execute(tx)).rows),
    operator: NONE,
  },
  BillingAccount: {
    owner: async (tx) => ids((await sql<{ id: string }>`SELECT b.id FROM billing_accounts b WHERE b.customer_id IN ${ACME_GROUP}`.execute(tx)).rows),
    manager: NONE,
    // His grants name all three Acme billing accounts.
    finance: async (tx) =>
      ids((await sql<{ id: string }>`SELECT b.id FROM billing_accounts b JOIN customers c ON c.id = b.customer_id
        WHERE c.enterprise_number = ${DEMO_CUSTOMERS.acme}`.execute(tx)).rows),
    // A cost-centre scope never opens billing accounts (define-ability's scopeConditions).
    fleet: NONE,
    employee: NONE,
    // Brightwave's own account only: the delegation is scoped to a cost centre.
    brightwave: async (tx) =>
      ids((await sql<{ id: string }>`SELECT b.id FROM billing_accounts b JOIN customers c ON c.id = b.customer_id
        WHERE c.enterprise_number = ${DEMO_CUSTOMERS.brightwave}`.execute(tx)).rows),
    operator: NONE,
  },
};

/** Row counts of the seed (seed.ts), so that an agreement on "nothing" cannot pass by accident. */
const EXPECTED_COUNTS: Record<ListSubject, Record<Persona, number>> = {
  Sim: { owner: 40 + 8 + 6, manager: 0, finance: 0, fleet: 14, employee: 1, brightwave: 14 + 4, operator: 0 },
  User: { owner: 41, manager: 41, finance: 0, fleet: 0, employee: 0, brightwave: 2, operator: 0 },
  BillingAccount: { owner: 3 + 1 + 1, manager: 0, finance: 3, fleet: 0, employee: 0, brightwave: 1, operator: 0 },
};

/** Runs `fn` in a transaction that is always rolled back, so the seeded data stays as it is for the next test. */
const ROLLBACK = new Error('rollback');
async function rolledBack(fn: (tx: Db) => Promise<void>): Promise<void> {
  try {
    await db.transaction().execute(async (tx) => {
      await fn(tx);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}

async function rows(tx: Db, ability: AppAbility, subjectType: ListSubject): Promise<string[]> {
  return ids(await QUERIES[subjectType](tx, ability).execute());
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  for (const c of await db.selectFrom('customers').select(['id', 'name']).execute()) labels.set(c.id, `customer:${c.name}`);
  for (const b of await db.selectFrom('billing_accounts').select(['id', 'number']).execute()) labels.set(b.id, `billing-account:${b.number}`);
  for (const cc of await db.selectFrom('cost_centres as cc').innerJoin('customers as c', 'c.id', 'cc.customer_id').select(['cc.id', 'cc.name', 'c.name as customer']).execute()) {
    labels.set(cc.id, `cost-centre:${cc.customer}/${cc.name}`);
  }
  for (const u of await db.selectFrom('users').select(['id', 'email']).execute()) labels.set(u.id, `user:${u.email}`);
  for (const persona of PERSONA_NAMES) abilities[persona] = await abilityOf(db, PERSONAS[persona]);
});

afterAll(async () => {
  await database?.close();
});

describe('compiled SQL per persona (committed snapshots)', () => {
  for (const persona of PERSONA_NAMES) {
    for (const subjectType of LIST_SUBJECTS) {
      it(`${persona} (${PERSONAS[persona]}) read ${subjectType}`, async () => {
        const ability = defineAbilityFor(sortedContext(await contextOf(db, PERSONAS[persona])));
        expect(snapshotOf(QUERIES[subjectType](db, ability))).toMatchSnapshot();
      });
    }
  }
});

describe('rows per persona equal the hand-written SPEC query', () => {
  for (const persona of PERSONA_NAMES) {
    for (const subjectType of LIST_SUBJECTS) {
      it(`${persona} read ${subjectType}: ${EXPECTED_COUNTS[subjectType][persona]} rows`, async () => {
        const actual = await rows(db, abilities[persona], subjectType);
        expect(actual).toEqual(await EXPECTED[subjectType][persona](db));
        expect(actual).toHaveLength(EXPECTED_COUNTS[subjectType][persona]);
      });
    }
  }

  it('the employee sees exactly his own SIM, in cost centre Sales (ROLE-5)', async () => {
    const [sim, ...others] = await QUERIES.Sim(db, abilities.employee).execute();
    expect(others).toEqual([]);
    expect(sim!.end_user_id).toBe(await userId(db, PERSONAS.employee));
    expect(labels.get(sim!.cost_centre_id!)).toBe('cost-centre:Acme Belgium NV/Sales');
  });

  it('the Brightwave admin sees no Acme SIM outside the delegated cost centre, and no other customer (DLG-2)', async () => {
    const sims = await QUERIES.Sim(db, abilities.brightwave).execute();
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const brightwave = await customerId(db, DEMO_CUSTOMERS.brightwave);
    expect(new Set(sims.map((s) => s.customer_id))).toEqual(new Set([acme, brightwave]));
    for (const s of sims.filter((x) => x.customer_id === acme)) expect(labels.get(s.cost_centre_id!)).toBe('cost-centre:Acme Belgium NV/Sales');
  });
});

describe('rows per persona equal what ability.can() allows, row by row (SQL ≡ CASL)', () => {
  for (const persona of PERSONA_NAMES) {
    for (const subjectType of LIST_SUBJECTS) {
      it(`${persona} read ${subjectType}`, async () => {
        expect(await rows(db, abilities[persona], subjectType)).toEqual(await idsCaslAllows(db, abilities[persona], subjectType));
      });
    }
  }
});

describe('translation edges', () => {
  /** The builder with plain conditions, as define-ability.ts uses it (CASL's inferred types are too narrow for string subjects). */
  type Rule = (action: Action, subject: SubjectType, conditions?: Record<string, unknown>) => void;
  const build = (define: (can: Rule, cannot: Rule) => void): AppAbility => {
    const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
    define(builder.can.bind(builder) as unknown as Rule, builder.cannot.bind(builder) as unknown as Rule);
    return builder.build();
  };

  it('no rule at all → `false`, zero rows', async () => {
    const ability = build(() => undefined);
    const query = QUERIES.Sim(db, ability);
    expect(query.compile().sql).toBe('select * from "sims" as "s" where false');
    expect(await query.execute()).toEqual([]);
  });

  it('rules for other actions or subjects only → `false`, zero rows', async () => {
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const ability = build((can) => {
      can('update', 'Sim', { customerId: acme });
      can('read', 'Invoice', { customerId: acme });
    });
    expect(QUERIES.Sim(db, ability).compile().sql).toBe('select * from "sims" as "s" where false');
    expect(await QUERIES.Sim(db, ability).execute()).toEqual([]);
  });

  it('an unconditional rule → `true`, every row', async () => {
    const ability = build((can) => can('read', 'Sim'));
    const query = QUERIES.Sim(db, ability);
    expect(query.compile().sql).toBe('select * from "sims" as "s" where true');
    expect(await query.execute()).toHaveLength(Number((await db.selectFrom('sims').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
  });

  it('an inverted rule (`cannot`) becomes NOT', async () => {
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const sales = (await db.selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
    const ability = build((can, cannot) => {
      can('read', 'Sim', { customerId: acme });
      cannot('read', 'Sim', { costCentreId: sales });
    });
    const query = QUERIES.Sim(db, ability);
    expect(snapshotOf(query)).toMatchSnapshot();
    expect(query.compile().sql).toMatch(/\bnot\b/);
    const expected = (await sql<{ id: string }>`SELECT s.id FROM sims s WHERE s.customer_id = ${acme} AND s.cost_centre_id <> ${sales}`.execute(db)).rows;
    expect(ids(await query.execute())).toEqual(ids(expected));
    expect(expected).toHaveLength(40 - 14);
  });

  it('NOT covers the whole conditions of a compound `cannot`, not its first field only', async () => {
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const centres = await db.selectFrom('cost_centres').select(['id', 'name']).where('customer_id', '=', acme).execute();
    const sales = centres.find((c) => c.name === 'Sales')!.id;
    const finance = centres.find((c) => c.name === 'Finance')!.id;
    const logistics = await customerId(db, DEMO_CUSTOMERS.acmeLogistics);
    const ability = build((can, cannot) => {
      can('read', 'Sim', { customerId: acme });
      can('read', 'Sim', { customerId: logistics });
      cannot('read', 'Sim', { customerId: acme, costCentreId: { $in: [sales, finance] } });
    });
    const query = QUERIES.Sim(db, ability);
    expect(snapshotOf(query)).toMatchSnapshot();
    const expected = (await sql<{ id: string }>`SELECT s.id FROM sims s
      WHERE s.customer_id IN (${acme}, ${logistics}) AND NOT (s.customer_id = ${acme} AND s.cost_centre_id IN (${sales}, ${finance}))`.execute(db)).rows;
    expect(expected).toHaveLength(13 + 8); // Acme's Operations SIMs and every Logistics SIM
    expect(ids(await query.execute())).toEqual(ids(expected));
    expect(ids(await query.execute())).toEqual(await idsCaslAllows(db, ability, 'Sim'));
  });

  it('an unconditional `cannot` after a `can` → `false`', async () => {
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const ability = build((can, cannot) => {
      can('read', 'Sim', { customerId: acme });
      cannot('read', 'Sim');
    });
    expect(QUERIES.Sim(db, ability).compile().sql).toBe('select * from "sims" as "s" where false');
    expect(await QUERIES.Sim(db, ability).execute()).toEqual([]);
  });

  it('an empty `$in` is `false` (valid SQL, zero rows); an empty `$nin` is `true`', async () => {
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const none = build((can) => can('read', 'Sim', { customerId: acme, costCentreId: { $in: [] } }));
    expect(snapshotOf(QUERIES.Sim(db, none))).toMatchSnapshot();
    expect(QUERIES.Sim(db, none).compile().sql).not.toMatch(/in \(\)/);
    expect(await QUERIES.Sim(db, none).execute()).toEqual([]);

    const all = build((can) => can('read', 'Sim', { customerId: acme, costCentreId: { $nin: [] } }));
    expect(snapshotOf(QUERIES.Sim(db, all))).toMatchSnapshot();
    expect(await QUERIES.Sim(db, all).execute()).toHaveLength(40);
  });

  it('`null` conditions become IS NULL / IS NOT NULL', async () => {
    const brightwave = await customerId(db, DEMO_CUSTOMERS.brightwave);
    const unassigned = build((can) => can('read', 'Sim', { customerId: brightwave, costCentreId: null }));
    expect(QUERIES.Sim(db, unassigned).compile().sql).toContain('"s"."cost_centre_id" is null');
    expect(await QUERIES.Sim(db, unassigned).execute()).toHaveLength(4);
    const assigned = build((can) => can('read', 'Sim', { customerId: brightwave, costCentreId: { $ne: null } }));
    expect(QUERIES.Sim(db, assigned).compile().sql).toContain('"s"."cost_centre_id" is not null');
    expect(await QUERIES.Sim(db, assigned).execute()).toEqual([]);
  });

  it('values are bound parameters, never spliced into the SQL', async () => {
    const hostile = "x' OR '1'='1";
    const ability = build((can) => can('read', 'Sim', { customerId: hostile }));
    const { sql: text, parameters } = QUERIES.Sim(db, ability).compile();
    expect(text).toBe('select * from "sims" as "s" where "s"."customer_id" = $1');
    expect(parameters).toEqual([hostile]);
  });

  it('a field outside the subject\'s whitelist throws', () => {
    const ability = build((can) => can('read', 'Sim', { msisdn: '+32470000001' }));
    expect(() => QUERIES.Sim(db, ability)).toThrow(/field "msisdn" of Sim is not mapped/);
    // `userId` is whitelisted for User, not for Sim.
    const other = build((can) => can('read', 'Sim', { userId: 'someone' }));
    expect(() => QUERIES.Sim(db, other)).toThrow(/field "userId" of Sim is not mapped/);
  });

  it('a whitelisted field the query does not map throws (rather than dropping the condition)', () => {
    // The employee's rule is on endUserId: a SIM query that forgets to map it must not list the customer's SIMs.
    expect(() => QUERIES.Sim(db, abilities.employee, { customerId: 's.customer_id', costCentreId: 's.cost_centre_id' })).toThrow(/field "endUserId" of Sim is not mapped/);
  });

  it('an operator outside the whitelist throws', () => {
    const ability = build((can) => can('read', 'Sim', { customerId: { $regex: '^a' } }));
    expect(() => QUERIES.Sim(db, ability)).toThrow(/operator "regex" is not supported/);
  });

  /*
   * whereAccessible vs CASL under three-valued logic: CASL evaluates conditions in two-valued logic —
   * a SIM whose cost_centre_id is NULL does not match { costCentreId: X }, so `cannot(..., { costCentreId: X })`
   * does not deny it, and { $ne: X } / { $nin: [X] } match it; { $in: [X, null] } matches NULL. The SQL
   * must keep exactly those rows (IS DISTINCT FROM, explicit IS NULL branches, NOT(coalesce(…, false))).
   */
  describe('NULL columns under negation or `$in: [null]`: SQL keeps the rows CASL allows', () => {
    const brightwaveSims = async () => {
      const brightwave = await customerId(db, DEMO_CUSTOMERS.brightwave);
      const acme = await customerId(db, DEMO_CUSTOMERS.acme);
      const sales = (await db.selectFrom('cost_centres').select('id').where('customer_id', '=', acme).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
      return { brightwave, sales };
    };

    it('cannot(…, { costCentreId: X }) keeps the rows whose cost centre is NULL', async () => {
      const { brightwave, sales } = await brightwaveSims();
      const ability = build((can, cannot) => {
        can('read', 'Sim', { customerId: brightwave });
        cannot('read', 'Sim', { costCentreId: sales });
      });
      const allowed = await idsCaslAllows(db, ability, 'Sim');
      expect(allowed).toHaveLength(4); // the Brightwave SIMs have no cost centre: CASL allows all four
      expect(await rows(db, ability, 'Sim')).toEqual(allowed); // SQL returns none
    });

    it('{ costCentreId: { $ne: X } } keeps the rows whose cost centre is NULL', async () => {
      const { brightwave, sales } = await brightwaveSims();
      const ability = build((can) => can('read', 'Sim', { customerId: brightwave, costCentreId: { $ne: sales } }));
      const allowed = await idsCaslAllows(db, ability, 'Sim');
      expect(allowed).toHaveLength(4);
      expect(await rows(db, ability, 'Sim')).toEqual(allowed);
    });

    it('{ costCentreId: { $nin: [X] } } keeps the rows whose cost centre is NULL', async () => {
      const { brightwave, sales } = await brightwaveSims();
      const ability = build((can) => can('read', 'Sim', { customerId: brightwave, costCentreId: { $nin: [sales] } }));
      const allowed = await idsCaslAllows(db, ability, 'Sim');
      expect(allowed).toHaveLength(4);
      expect(await rows(db, ability, 'Sim')).toEqual(allowed);
    });

    it('{ costCentreId: { $in: [X, null] } } keeps the rows whose cost centre is NULL', async () => {
      const { brightwave, sales } = await brightwaveSims();
      const ability = build((can) => can('read', 'Sim', { customerId: brightwave, costCentreId: { $in: [sales, null] } }));
      const allowed = await idsCaslAllows(db, ability, 'Sim');
      expect(allowed).toHaveLength(4);
      expect(await rows(db, ability, 'Sim')).toEqual(allowed); // SQL: cost_centre_id in ($2, NULL) is never true for NULL
    });
  });
});

describe('revocation is in the data: the reloaded context loses the rows at once', () => {
  const acmeRows = async (tx: Db, ability: AppAbility, subjectType: ListSubject) => {
    const acme = await customerId(tx, DEMO_CUSTOMERS.acme);
    const all = await QUERIES[subjectType](tx, ability).execute();
    return all.filter((r) => r.customer_id === acme);
  };

  it('sanity: the seeded Brightwave admin has 14 Acme SIMs before any change', async () => {
    expect(await acmeRows(db, abilities.brightwave, 'Sim')).toHaveLength(14);
  });

  for (const status of ['revoked', 'refused', 'expired'] as const) {
    it(`delegation ${status} → the Brightwave admin has no Acme row, keeps his own (DLG-3)`, async () => {
      await rolledBack(async (tx) => {
        await tx.updateTable('delegations').set({ status }).execute();
        const ability = await abilityOf(tx, PERSONAS.brightwave);
        for (const subjectType of LIST_SUBJECTS) expect(await acmeRows(tx, ability, subjectType), subjectType).toEqual([]);
        expect(await rows(tx, ability, 'Sim')).toHaveLength(4);
      });
    });
  }

  it('delegation past its end (ends_at) → no Acme row (DLG-3 expiry, by moving the clock)', async () => {
    const { ends_at: endsAt } = await db.selectFrom('delegations').select('ends_at').executeTakeFirstOrThrow();
    const before = await abilityOf(db, PERSONAS.brightwave, new Date(endsAt.getTime() - 1000));
    expect(await acmeRows(db, before, 'Sim')).toHaveLength(14);
    const after = await abilityOf(db, PERSONAS.brightwave, endsAt);
    expect(await acmeRows(db, after, 'Sim')).toEqual([]);
  });

  it('delegation whose ends_at is set in the past → no Acme row', async () => {
    await rolledBack(async (tx) => {
      await tx.updateTable('delegations').set({ ends_at: new Date(NOW.getTime() - 60_000) }).execute();
      expect(await acmeRows(tx, await abilityOf(tx, PERSONAS.brightwave), 'Sim')).toEqual([]);
    });
  });

  it('delegation not yet started (starts_at in the future) → no Acme row', async () => {
    await rolledBack(async (tx) => {
      await tx.updateTable('delegations').set({ starts_at: new Date(NOW.getTime() + 60_000) }).execute();
      expect(await acmeRows(tx, await abilityOf(tx, PERSONAS.brightwave), 'Sim')).toEqual([]);
    });
  });

  it('the partner unassigns the admin from the delegation → no Acme row (DLG-4)', async () => {
    await rolledBack(async (tx) => {
      await tx.deleteFrom('delegation_users').where('user_id', '=', await userId(tx, PERSONAS.brightwave)).execute();
      expect(await acmeRows(tx, await abilityOf(tx, PERSONAS.brightwave), 'Sim')).toEqual([]);
    });
  });

  it('a partner user not assigned to the delegation gets no Acme row (DLG-4)', async () => {
    const tech = await abilityOf(db, 'tech@brightwave.test');
    for (const subjectType of LIST_SUBJECTS) expect(await acmeRows(db, tech, subjectType), subjectType).toEqual([]);
  });

  it('assigning a second partner user gives him the delegated rows, never more (DLG-4)', async () => {
    await rolledBack(async (tx) => {
      const delegation = await tx.selectFrom('delegations').select(['id', 'customer_id']).executeTakeFirstOrThrow();
      await tx.insertInto('delegation_users').values({
        customer_id: delegation.customer_id, delegation_id: delegation.id, user_id: await userId(tx, 'tech@brightwave.test'), assigned_by: await userId(tx, PERSONAS.brightwave),
      }).execute();
      const tech = await abilityOf(tx, 'tech@brightwave.test');
      expect(await rows(tx, tech, 'Sim')).toEqual(ids((await simsOfAcmeSales.execute(tx)).rows as Array<{ id: string }>));
      expect(await rows(tx, tech, 'BillingAccount')).toEqual([]);
      expect(await rows(tx, tech, 'User')).toEqual([]);
    });
  });

  it('DLG-1 reaches an affiliate\'s users for the AO only, not for the AM', async () => {
    await rolledBack(async (tx) => {
      const logistics = await customerId(tx, DEMO_CUSTOMERS.acmeLogistics);
      const user = await tx.insertInto('users').values({ email: 'depot@logistics.acme.test', first_name: 'Dana', last_name: 'Depot' }).returning('id').executeTakeFirstOrThrow();
      const membership = await tx.insertInto('memberships')
        .values({ customer_id: logistics, user_id: user.id, profile: 'service_user', employment_basis: 'employment_indefinite' })
        .returning('id').executeTakeFirstOrThrow();
      expect(await rows(tx, await abilityOf(tx, PERSONAS.owner), 'User')).toContain(membership.id);
      expect(await rows(tx, await abilityOf(tx, PERSONAS.manager), 'User')).not.toContain(membership.id);
      expect(await rows(tx, await abilityOf(tx, PERSONAS.manager), 'User')).toHaveLength(41);
    });
  });

  it('other customers stay apart: each AO sees his own customer only', async () => {
    for (const domain of ['noordzee.test', 'lumiere.test']) {
      const ability = await abilityOf(db, `owner@${domain}`);
      const own = (await db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id').select('m.customer_id')
        .where('u.email', '=', `owner@${domain}`).executeTakeFirstOrThrow()).customer_id;
      const sims = await QUERIES.Sim(db, ability).execute();
      expect(sims).toHaveLength(5);
      expect(new Set(sims.map((s) => s.customer_id))).toEqual(new Set([own]));
      expect(new Set((await QUERIES.User(db, ability).execute()).map((m) => m.customer_id))).toEqual(new Set([own]));
    }
  });

  it('Acme suspended (ACC-5) → the owner has zero rows, affiliates included; the delegate loses Acme too', async () => {
    await rolledBack(async (tx) => {
      await tx.updateTable('customers').set({ status: 'suspended' }).where('enterprise_number', '=', DEMO_CUSTOMERS.acme).execute();
      const owner = await abilityOf(tx, PERSONAS.owner);
      for (const subjectType of LIST_SUBJECTS) expect(await rows(tx, owner, subjectType), subjectType).toEqual([]);
      const brightwave = await abilityOf(tx, PERSONAS.brightwave);
      expect(await acmeRows(tx, brightwave, 'Sim')).toEqual([]);
      expect(await rows(tx, brightwave, 'Sim')).toHaveLength(4);
    });
  });

  it('an affiliate suspended, or its link ended → the owner loses that affiliate only (DLG-1)', async () => {
    const logistics = await customerId(db, DEMO_CUSTOMERS.acmeLogistics);
    const retail = await customerId(db, DEMO_CUSTOMERS.acmeRetail);
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const customersOf = async (tx: Db) => new Set((await QUERIES.Sim(tx, await abilityOf(tx, PERSONAS.owner)).execute()).map((s) => s.customer_id));
    expect(await customersOf(db)).toEqual(new Set([acme, logistics, retail]));
    await rolledBack(async (tx) => {
      await tx.updateTable('customers').set({ status: 'suspended' }).where('id', '=', logistics).execute();
      expect(await customersOf(tx)).toEqual(new Set([acme, retail]));
    });
    await rolledBack(async (tx) => {
      await tx.updateTable('affiliate_links').set({ status: 'ended' }).where('affiliate_id', '=', retail).execute();
      expect(await customersOf(tx)).toEqual(new Set([acme, logistics]));
    });
  });

  it('fleet manager\'s employment ended yesterday → zero rows; ending today still gives access (ROLE-7)', async () => {
    const fleetUser = await userId(db, PERSONAS.fleet);
    await rolledBack(async (tx) => {
      await tx.updateTable('memberships').set({ employment_end: '2026-11-02' }).where('user_id', '=', fleetUser).execute();
      expect(await rows(tx, await abilityOf(tx, PERSONAS.fleet), 'Sim')).toHaveLength(14);
    });
    await rolledBack(async (tx) => {
      await tx.updateTable('memberships').set({ employment_end: '2026-11-01' }).where('user_id', '=', fleetUser).execute();
      const ability = await abilityOf(tx, PERSONAS.fleet);
      for (const subjectType of LIST_SUBJECTS) expect(await rows(tx, ability, subjectType), subjectType).toEqual([]);
    });
  });

  it('the delegate\'s own employment at the partner ended → no Acme row (ROLE-7, DLG-4)', async () => {
    await rolledBack(async (tx) => {
      await tx.updateTable('memberships').set({ employment_end: '2026-11-01' }).where('user_id', '=', await userId(tx, PERSONAS.brightwave)).execute();
      const ability = await abilityOf(tx, PERSONAS.brightwave);
      for (const subjectType of LIST_SUBJECTS) expect(await rows(tx, ability, subjectType), subjectType).toEqual([]);
    });
  });

  it('membership suspended (ACC-5) → zero rows', async () => {
    await rolledBack(async (tx) => {
      await tx.updateTable('memberships').set({ status: 'suspended' }).where('user_id', '=', await userId(tx, PERSONAS.manager)).execute();
      expect(await rows(tx, await abilityOf(tx, PERSONAS.manager), 'User')).toEqual([]);
    });
  });

  it('a grant removed → the fleet manager keeps only what the other grant gives; both removed → nothing', async () => {
    const fleetUser = await userId(db, PERSONAS.fleet);
    const membership = (await db.selectFrom('memberships').select('id').where('user_id', '=', fleetUser).executeTakeFirstOrThrow()).id;
    await rolledBack(async (tx) => {
      await tx.deleteFrom('grants').where('membership_id', '=', membership).where('app', '=', 'fleet-manager').execute();
      expect(await rows(tx, await abilityOf(tx, PERSONAS.fleet), 'Sim')).toHaveLength(14); // the mobile grant has the same scope
      await tx.deleteFrom('grants').where('membership_id', '=', membership).execute();
      expect(await rows(tx, await abilityOf(tx, PERSONAS.fleet), 'Sim')).toEqual([]);
    });
  });

  it('a grant changed in place (scope, actions, app) → the reloaded context has the new values', async () => {
    const fleetUser = await userId(db, PERSONAS.fleet);
    const acme = await customerId(db, DEMO_CUSTOMERS.acme);
    const [ba] = (await db.selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).orderBy('number').execute()).map((r) => r.id);
    await rolledBack(async (tx) => {
      await tx.updateTable('grants').set({ billing_account_ids: [ba!], cost_centre_ids: [], actions: ['read'] })
        .where('membership_id', 'in', tx.selectFrom('memberships').select('id').where('user_id', '=', fleetUser)).where('app', '=', 'fleet-manager').execute();
      await tx.updateTable('grants').set({ app: 'orders' })
        .where('membership_id', 'in', tx.selectFrom('memberships').select('id').where('user_id', '=', fleetUser)).where('app', '=', 'mobile').execute();
      const [membership] = (await contextOf(tx, PERSONAS.fleet)).memberships;
      expect(membership!.grants).toEqual([
        { app: 'fleet-manager', actions: ['read'], billingAccountIds: [ba], costCentreIds: [] },
        expect.objectContaining({ app: 'orders' }),
      ]);
      const expected = await tx.selectFrom('sims').select('id').where('billing_account_id', '=', ba!).orderBy('id').execute();
      expect(await rows(tx, await abilityOf(tx, PERSONAS.fleet), 'Sim')).toEqual(ids(expected));
    });
  });

  it('a delegation changed in place (scope, rights, end) → the partner\'s reloaded context has the new values', async () => {
    await rolledBack(async (tx) => {
      const acme = await customerId(tx, DEMO_CUSTOMERS.acme);
      const [ba] = (await tx.selectFrom('billing_accounts').select('id').where('customer_id', '=', acme).orderBy('number').execute()).map((r) => r.id);
      const endsAt = new Date(NOW.getTime() + 30 * DAY);
      await tx.updateTable('delegations').set({
        billing_account_ids: [ba!], cost_centre_ids: [], ends_at: endsAt, rights: JSON.stringify([{ app: 'invoices', actions: ['read'] }]),
      }).where('customer_id', '=', acme).execute();
      const [delegation] = (await contextOf(tx, PERSONAS.brightwave)).delegations;
      expect(delegation).toMatchObject({ customerId: acme, billingAccountIds: [ba], costCentreIds: [], rights: [{ app: 'invoices', actions: ['read'] }] });
      // Still in force one second before its new end, no longer at it (DLG-3).
      expect((await contextOf(tx, PERSONAS.brightwave, new Date(endsAt.getTime() - 1000))).delegations).toHaveLength(1);
      expect((await contextOf(tx, PERSONAS.brightwave, endsAt)).delegations).toEqual([]);
      // Invoice rights only: no Acme SIM any more.
      expect(await acmeRows(tx, await abilityOf(tx, PERSONAS.brightwave), 'Sim')).toEqual([]);
    });
  });

  it('Acme\'s mobile app deactivated → the employee no longer sees his SIM (ROLE-5 rides on the mobile app)', async () => {
    await rolledBack(async (tx) => {
      await tx.updateTable('customer_apps').set({ deactivated_at: NOW })
        .where('app', '=', 'mobile').where('customer_id', '=', await customerId(tx, DEMO_CUSTOMERS.acme)).execute();
      expect(await rows(tx, await abilityOf(tx, PERSONAS.employee), 'Sim')).toEqual([]);
    });
  });

  it('a customer\'s active apps follow customer_apps (insert, deactivate, reactivate, delete), as the access context reads them', async () => {
    await rolledBack(async (tx) => {
      const brightwave = await customerId(tx, DEMO_CUSTOMERS.brightwave);
      const apps = async () => (await contextOf(tx, PERSONAS.brightwave)).memberships.find((m) => m.customerId === brightwave)!.apps;
      // Insights came with Brightwave's first billing data (INS-1).
      expect(await apps()).toEqual(['insights', 'invoices', 'mobile', 'user-management']);
      await tx.insertInto('customer_apps').values({ customer_id: brightwave, app: 'fleet-manager' }).execute();
      expect(await apps()).toEqual(['fleet-manager', 'insights', 'invoices', 'mobile', 'user-management']);
      await tx.updateTable('customer_apps').set({ deactivated_at: NOW }).where('customer_id', '=', brightwave).where('app', '=', 'invoices').execute();
      expect(await apps()).toEqual(['fleet-manager', 'insights', 'mobile', 'user-management']);
      await tx.updateTable('customer_apps').set({ deactivated_at: null }).where('customer_id', '=', brightwave).where('app', '=', 'invoices').execute();
      expect(await apps()).toEqual(['fleet-manager', 'insights', 'invoices', 'mobile', 'user-management']);
      await tx.deleteFrom('customer_apps').where('customer_id', '=', brightwave).execute();
      expect(await apps()).toEqual([]);
    });
  });

  it('the rolled-back changes left the seeded data as it was', async () => {
    for (const persona of PERSONA_NAMES) {
      for (const subjectType of LIST_SUBJECTS) {
        expect(await rows(db, await abilityOf(db, PERSONAS[persona]), subjectType), `${persona} ${subjectType}`).toHaveLength(EXPECTED_COUNTS[subjectType][persona]);
      }
    }
  });
});
