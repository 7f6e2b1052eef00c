/**
 * The SQL of the scoped queries, committed under __sql__/ and compared on every run (as immich
 * does with its repositories' queries): a change to what a list lets someone see shows in review
 * as a change to a .sql file. Run with `-u` to accept a change on purpose.
 *
 * - accessible-by/<persona>.sql: the translation of the persona's CASL rules (whereAccessible) for
 *   each subject and action the list endpoints filter by, with the columns those lists map;
 * - <module>.repo.sql: the access module's own queries (the access context, who has access, the
 *   administrators), captured while they run against the demo data;
 * - lists.sql: every scoped list query as its repository sends it (filter, joins, keyset page).
 * Parameters are shown by what they name (customer:…, user:…), so the files do not change with ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type CompiledQuery, type Kysely, type KyselyPlugin } from 'kysely';
import { format } from 'sql-formatter';
import type { DB } from '@mandate/db/database.types';
import { defineAbilityFor, type AppAbility } from '@mandate/authz/define-ability';
import type { Action, SubjectType } from '@mandate/authz/subjects';
import { whereAccessible, type ColumnMap } from '@mandate/server/lib/accessible-by';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { isRelatedUser, listAccessExport } from '@mandate/server/modules/access-explain/access-explain.repo';
import { listMembersWithProfiles } from '@mandate/server/modules/me/me.repo';
import { ADMINISTRATOR_PROFILES } from '@mandate/authz/profile-access';
import { brusselsDate } from '@mandate/domain/dates';
import { listUsers, listUserSims } from '@mandate/server/modules/users/users.repo';
import { listSims } from '@mandate/server/modules/sims/sims.repo';
import { listScopeOptions } from '@mandate/server/modules/grants/grants.repo';
import { listAffiliates, listDelegations } from '@mandate/server/modules/delegations/delegations.repo';
import { listAudit } from '@mandate/server/modules/audit/audit-view.repo';
import { listReviews } from '@mandate/server/modules/access-reviews/access-reviews.repo';
import { createTestDatabase } from '../support/test-app.ts';
import { SEED_NOW } from '../support/database-urls.ts';

type Db = Kysely<DB>;

/** The clock of these queries: an hour after the seed, like startTestApp's. */
const NOW = new Date(SEED_NOW.getTime() + 3600_000);

/** AO; AM; SPU financial manager (scoped to billing accounts); fleet manager (scoped to a cost centre); SU; a partner's AO exercising a delegation. */
const PERSONAS = {
  'access-owner': 'owner@acme.test',
  'access-manager': 'manager@acme.test',
  'financial-manager': 'finance@acme.test',
  'fleet-manager': 'fleet@acme.test',
  'service-user': 'employee@acme.test',
  delegate: 'admin@brightwave.test',
} as const;
type Persona = keyof typeof PERSONAS;

const none = sql<string | null>`(SELECT NULL::uuid AS id)`.as('none');

/** Each subject and action a list endpoint filters by, on the table and columns it maps. */
const FILTERS: Array<{ action: Action; subject: SubjectType; list: string; query: (db: Db, where: ReturnType<typeof whereAccessible>) => { compile(): CompiledQuery } }> = [
  { action: 'read', subject: 'User', list: 'users of a customer', query: (db, where) => db.selectFrom('memberships as m').select('m.id').where(where) },
  { action: 'export', subject: 'User', list: 'who has access (export)', query: (db, where) => db.selectFrom('memberships as m').select('m.id').where(where) },
  { action: 'read', subject: 'Sim', list: 'SIMs', query: (db, where) => db.selectFrom('sims as s').select('s.id').where(where) },
  { action: 'update', subject: 'Sim', list: 'SIMs he may change', query: (db, where) => db.selectFrom('sims as s').select('s.id').where(where) },
  { action: 'read', subject: 'BillingAccount', list: 'billing accounts', query: (db, where) => db.selectFrom('billing_accounts as ba').select('ba.id').where(where) },
  { action: 'read', subject: 'CostCentre', list: 'cost centres', query: (db, where) => db.selectFrom('cost_centres as cc').select('cc.id').where(where) },
  { action: 'read', subject: 'ScopeOption', list: 'scope options: billing accounts', query: (db, where) => db.selectFrom(['billing_accounts as ba', none]).select('ba.id').where(where) },
  { action: 'read', subject: 'ScopeOption', list: 'scope options: cost centres', query: (db, where) => db.selectFrom(['cost_centres as cc', none]).select('cc.id').where(where) },
  { action: 'read', subject: 'Delegation', list: 'delegations', query: (db, where) => db.selectFrom('delegations as d').select('d.id').where(where) },
  { action: 'read', subject: 'Affiliate', list: 'affiliates', query: (db, where) => db.selectFrom('affiliate_links as al').select('al.id').where(where) },
  { action: 'read', subject: 'Audit', list: 'audit trail', query: (db, where) => db.selectFrom('audit_log as a').select('a.id').where(where) },
  { action: 'read', subject: 'AccessReview', list: 'access review items', query: (db, where) => db.selectFrom('access_review_items as i').select('i.id').where(where) },
  { action: 'update', subject: 'AccessReview', list: 'access review items he decides', query: (db, where) => db.selectFrom('access_review_items as i').select('i.id').where(where) },
];

/** The columns each list maps the subject's rule fields to (as its repository does). */
const COLUMNS: Record<string, ColumnMap> = {
  'users of a customer': { customerId: 'm.customer_id', userId: 'm.user_id' },
  'who has access (export)': { customerId: 'm.customer_id', userId: 'm.user_id' },
  SIMs: { customerId: 's.customer_id', billingAccountId: 's.billing_account_id', costCentreId: 's.cost_centre_id', endUserId: 's.end_user_id' },
  'SIMs he may change': { customerId: 's.customer_id', billingAccountId: 's.billing_account_id', costCentreId: 's.cost_centre_id', endUserId: 's.end_user_id' },
  'billing accounts': { customerId: 'ba.customer_id', billingAccountId: 'ba.id' },
  'cost centres': { customerId: 'cc.customer_id', costCentreId: 'cc.id' },
  'scope options: billing accounts': { customerId: 'ba.customer_id', billingAccountId: 'ba.id', costCentreId: 'none.id' },
  'scope options: cost centres': { customerId: 'cc.customer_id', billingAccountId: 'none.id', costCentreId: 'cc.id' },
  delegations: { customerId: 'd.customer_id', partnerId: 'd.partner_id' },
  affiliates: { customerId: 'al.customer_id' },
  'audit trail': { customerId: 'a.customer_id' },
  'access review items': { customerId: 'i.customer_id', reviewerId: 'i.reviewer_user_id' },
  'access review items he decides': { customerId: 'i.customer_id', reviewerId: 'i.reviewer_user_id' },
};

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
/** Seeded ids → what they name. */
const labels = new Map<string, string>();
const abilities = {} as Record<Persona, AppAbility>;
const userIds = {} as Record<Persona, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function idOf(name: string): string {
  for (const [id, l] of labels) if (l === name) return id;
  throw new Error(`no seeded ${name}`);
}

function label(value: unknown): string {
  if (typeof value === 'string' && UUID.test(value)) return labels.get(value) ?? '<uuid>';
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** One query as it goes into a .sql file: a title, its parameters by what they name, the formatted SQL. */
function section(title: string, query: CompiledQuery): string {
  const parameters = query.parameters.map((p, i) => `-- $${i + 1} = ${label(p)}`);
  return [`-- ${title}`, ...parameters, `${format(query.sql, { language: 'postgresql', keywordCase: 'upper' })};`].join('\n');
}

/** A db that records every query it runs (compiled as sent), for the module's own functions. */
function recording(base: Db): { db: Db; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      queries.push(base.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: base.withPlugin(plugin), queries };
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
  for (const [persona, email] of Object.entries(PERSONAS) as Array<[Persona, string]>) {
    const id = idOf(`user:${email}`);
    userIds[persona] = id;
    const loaded = await loadAccessContext(db, id, null, NOW);
    abilities[persona] = defineAbilityFor(loaded!.context);
  }
});

afterAll(async () => {
  await database?.close();
});

describe('accessible-by: the SQL filter of each list, per persona', () => {
  for (const persona of Object.keys(PERSONAS) as Persona[]) {
    it(`${persona} (${PERSONAS[persona]})`, async () => {
      const sections = FILTERS.map(({ action, subject, list, query }) =>
        section(`${list}: ${action} ${subject}`, query(db, whereAccessible(abilities[persona], action, subject, COLUMNS[list]!)).compile()));
      await expect(`-- ${PERSONAS[persona]}\n\n${sections.join('\n\n')}\n`).toMatchFileSnapshot(`__sql__/accessible-by/${persona}.sql`);
    });
  }
});

describe('the access module\'s own queries', () => {
  it('access.repo: loadAccessContext, with and without a session', async () => {
    const session = await db.insertInto('sessions').values({ user_id: userIds.delegate, expires_at: new Date(NOW.getTime() + 86_400_000) }).returning('id').executeTakeFirstOrThrow();
    labels.set(session.id, 'session:admin@brightwave.test');
    const { db: recorded, queries } = recording(db);
    const withSession = await loadAccessContext(recorded, userIds.delegate, session.id, NOW);
    expect(withSession?.sessionOpen).toBe(true);
    expect(withSession?.context.delegations).toHaveLength(1);
    await loadAccessContext(recorded, userIds.delegate, null, NOW);
    // One call of the SQL function that holds the rules (migration 0019): its text is reviewed there.
    expect(queries).toHaveLength(2);
    const text = [section('loadAccessContext (a request: the session named)', queries[0]!), section('loadAccessContext ("why can this user see this?": no session)', queries[1]!)];
    await expect(`${text.join('\n\n')}\n`).toMatchFileSnapshot('__sql__/access.repo.sql');
  });

  it('access-explain.repo: who has access (as the AO and as the AM), and who is related to a customer', async () => {
    const acme = idOf('customer:Acme Belgium NV');
    const sections: string[] = [];
    for (const persona of ['access-owner', 'access-manager'] as const) {
      const { db: recorded, queries } = recording(db);
      expect((await listAccessExport(recorded, abilities[persona], acme, NOW)).length).toBeGreaterThan(40);
      sections.push(...queries.map((q, i) => section(`listAccessExport as ${PERSONAS[persona]} (${['members', 'AOs of parent companies', 'delegates'][i]})`, q)));
    }
    const { db: recorded, queries } = recording(db);
    expect(await isRelatedUser(recorded, acme, userIds.delegate)).toBe(true);
    sections.push(section('isRelatedUser', queries[0]!));
    await expect(`${sections.join('\n\n')}\n`).toMatchFileSnapshot('__sql__/access-explain.repo.sql');
  });

  it('me.repo: the administrators of a customer (ROLE-8)', async () => {
    const acme = idOf('customer:Acme Belgium NV');
    const { db: recorded, queries } = recording(db);
    expect(await listMembersWithProfiles(recorded, acme, ADMINISTRATOR_PROFILES, brusselsDate(NOW))).not.toEqual([]);
    await expect(`${section('listMembersWithProfiles (ADMINISTRATOR_PROFILES)', queries[0]!)}\n`).toMatchFileSnapshot('__sql__/me.repo.sql');
  });
});

describe('the scoped lists, as their repositories send them', () => {
  it('users, SIMs, scope options, delegations, affiliates, audit trail, access reviews', async () => {
    const acme = idOf('customer:Acme Belgium NV');
    const sections: string[] = [];
    const capture = async (title: string, run: (recorded: Db) => Promise<unknown>) => {
      const { db: recorded, queries } = recording(db);
      await run(recorded);
      sections.push(...queries.map((q, i) => section(queries.length > 1 ? `${title} (${i + 1}/${queries.length})` : title, q)));
    };
    const at = '2026-01-01T00:00:00.000Z';
    const { access_owner: owner, fleet_manager: fleet, service_user: employee } = {
      access_owner: abilities['access-owner'], fleet_manager: abilities['fleet-manager'], service_user: abilities['service-user'],
    };
    await capture('listUsers as the AO: by name, a second page', (r) =>
      listUsers(r, owner, acme, { field: 'name', direction: 'asc', after: ['owner olivia', idOf('user:owner@acme.test')], limit: 50 }));
    await capture('listUsers as the AO: search and filters, by e-mail descending', (r) =>
      listUsers(r, owner, acme, { field: 'email', direction: 'desc', q: 'jan', profile: 'service_user', status: 'active', limit: 50 }));
    await capture('listSims as the fleet manager (cost centre Sales): a second page, only SIMs he may change', (r) =>
      listSims(r, fleet, acme, { updatable: true, after: '+32470000001', limit: 50 }));
    await capture('listSims as the Service User (his own line)', (r) => listSims(r, employee, acme, { limit: 50 }));
    await capture('listUserSims as the AO', (r) => listUserSims(r, owner, acme, idOf('user:employee@acme.test')));
    await capture('listScopeOptions as the fleet manager', (r) => listScopeOptions(r, fleet, acme));
    await capture('listDelegations as the AO: a second page', (r) => listDelegations(r, owner, acme, { after: [at, idOf('user:owner@acme.test')], limit: 50 }));
    await capture('listAffiliates as the AO', (r) => listAffiliates(r, owner, acme, { after: undefined, limit: 50 }));
    await capture('listAudit as the AO: a second page', (r) => listAudit(r, owner, acme, { after: [at, 1000], limit: 51 }));
    await capture('listReviews as the AO', (r) => listReviews(r, owner, acme, { after: undefined, limit: 50 }));
    await expect(`${sections.join('\n\n')}\n`).toMatchFileSnapshot('__sql__/lists.sql');
  });
});
