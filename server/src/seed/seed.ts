import type { Insertable, Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { enterpriseNumberFromBody } from '@mandate/domain/enterprise-number';
import { APPS, type App } from '@mandate/domain/profiles';
import { hashPassword } from '../lib/passwords.ts';
import { SeededRandom } from './random.ts';
import { seedBillingDemo } from './billing-demo.ts';
import { ensureCatalogue, seedFleetDemo, seedFleetScale, subscriptionAt } from './fleet-demo.ts';

export const DEMO_PASSWORD = 'Mandate-demo-2026';

export const DEMO_LOGINS = [
  ['operator@mandate.test', 'operator back-office staff'],
  ['owner@acme.test', 'Access Owner of Acme Belgium NV (affiliates Acme Logistics BV, Acme Retail SRL)'],
  ['manager@acme.test', 'Access Manager of Acme Belgium NV'],
  ['finance@acme.test', 'Support Portal User, financial manager, all Acme billing accounts'],
  ['fleet@acme.test', 'Support Portal User, fleet manager, cost centre Sales'],
  ['employee@acme.test', 'Service User, end user of one Acme SIM in cost centre Sales'],
  ['admin@brightwave.test', 'Access Owner of Brightwave IT BV, exercises the Acme delegation (fleet, cost centre Sales)'],
] as const;

/** Well-known enterprise numbers of the demo customers (valid mod-97). */
export const DEMO_CUSTOMERS = {
  acme: enterpriseNumberFromBody(4031707),
  acmeLogistics: enterpriseNumberFromBody(4512345),
  acmeRetail: enterpriseNumberFromBody(4623456),
  brightwave: enterpriseNumberFromBody(7891234),
  noordzee: enterpriseNumberFromBody(4209876),
  lumiere: enterpriseNumberFromBody(8765432),
} as const;

/** The demo customer whose SIMs have a change history (plan switches the billing demo bills too). */
const FLEET_HISTORY_CUSTOMER = DEMO_CUSTOMERS.acme;

export const SCALE_CUSTOMER_NUMBER = enterpriseNumberFromBody(9000001);

const FIRST = ['Anna', 'Bram', 'Chloé', 'Dries', 'Elise', 'Femke', 'Gilles', 'Hanne', 'Ilias', 'Jana', 'Kobe', 'Lotte', 'Mathis', 'Nora', 'Olivier', 'Paulien', 'Quentin', 'Rania', 'Sander', 'Tine', 'Ugo', 'Vera', 'Wout', 'Yasmine', 'Zoë'];
const LAST = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'Dupont', 'Martin', 'Leroy', 'Hermans', 'Michiels', 'Van den Broeck', 'Aerts', 'Declercq'];

type Tx = Kysely<DB>;

interface Ids {
  rnd: SeededRandom;
  passwordHash: string;
}

async function customer(tx: Tx, ids: Ids, c: { number: string; name: string; city: string; apps: readonly App[]; email: string }) {
  const id = ids.rnd.uuid();
  await tx.insertInto('customers').values({
    id, enterprise_number: c.number, name: c.name, street: 'Demostraat 1', postal_code: '1000', city: c.city, contact_email: c.email,
    contract_start: '2024-01-01',
  }).execute();
  await tx.insertInto('customer_apps').values(c.apps.map((app) => ({ customer_id: id, app }))).execute();
  return id;
}

async function user(tx: Tx, ids: Ids, u: { email: string; first: string; last: string; language?: string; operator?: boolean; phone?: string }) {
  const id = ids.rnd.uuid();
  await tx.insertInto('users').values({
    id, email: u.email, first_name: u.first, last_name: u.last, language: u.language ?? 'en', password_hash: ids.passwordHash,
    is_operator: u.operator ?? false, phone: u.phone ?? null,
  }).execute();
  return id;
}

async function member(tx: Tx, ids: Ids, m: { customerId: string; userId: string; profile: string; subProfiles?: string[]; primary?: boolean; basis?: string }) {
  const id = ids.rnd.uuid();
  await tx.insertInto('memberships').values({
    id, customer_id: m.customerId, user_id: m.userId, profile: m.profile, sub_profiles: m.subProfiles ?? [], is_primary: m.primary ?? false,
    employment_basis: m.basis ?? 'employment_indefinite',
  }).execute();
  return id;
}

async function seedDemo(tx: Tx, ids: Ids, now: Date) {
  const { rnd } = ids;
  const operator = await user(tx, ids, { email: 'operator@mandate.test', first: 'Olga', last: 'Operator', operator: true });
  void operator;

  const acme = await customer(tx, ids, { number: DEMO_CUSTOMERS.acme, name: 'Acme Belgium NV', city: 'Brussel', apps: APPS, email: 'it@acme.test' });
  const logistics = await customer(tx, ids, { number: DEMO_CUSTOMERS.acmeLogistics, name: 'Acme Logistics BV', city: 'Antwerpen', apps: ['user-management', 'invoices', 'insights', 'mobile'], email: 'it@logistics.acme.test' });
  const retail = await customer(tx, ids, { number: DEMO_CUSTOMERS.acmeRetail, name: 'Acme Retail SRL', city: 'Liège', apps: ['user-management', 'invoices', 'mobile'], email: 'it@retail.acme.test' });
  const brightwave = await customer(tx, ids, { number: DEMO_CUSTOMERS.brightwave, name: 'Brightwave IT BV', city: 'Gent', apps: ['user-management', 'invoices', 'mobile'], email: 'hello@brightwave.test' });
  // Noordzee's Fleet Manager dates from when it had more lines: with 5 SIMs left, operator staff may end it (PFM-1).
  const noordzee = await customer(tx, ids, { number: DEMO_CUSTOMERS.noordzee, name: 'Noordzee Bouw NV', city: 'Oostende', apps: ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile'], email: 'it@noordzee.test' });
  const lumiere = await customer(tx, ids, { number: DEMO_CUSTOMERS.lumiere, name: 'Lumière SRL', city: 'Namur', apps: ['user-management', 'invoices', 'mobile'], email: 'it@lumiere.test' });

  // ACC-2: Acme controls Logistics de jure (voting rights) and Retail de facto (general meetings).
  await tx.insertInto('affiliate_links').values([
    { id: rnd.uuid(), customer_id: acme, affiliate_id: logistics, basis: 'de_jure_voting_rights', status: 'active', decided_at: now },
    { id: rnd.uuid(), customer_id: acme, affiliate_id: retail, basis: 'de_facto_general_meetings', status: 'active', decided_at: now },
  ]).execute();

  // Billing accounts, cost centres and SIMs, so that scopes point at real rows.
  const accounts = new Map<string, string[]>();
  const centres = new Map<string, Record<string, string>>();
  let msisdn = 470_000_000;
  let iccid = 0;
  // The accounts were opened long before the demo's 14 months of invoices, so the apps switched on by
  // the first billing run (Insights, INS-1) cover them, whatever the clock the demo is seeded at.
  const openedAt = new Date(now.getTime() - 2 * 365 * 86_400_000);
  const addAccounts = async (customerId: string, prefix: string, list: Array<[string, 'fix' | 'mobile']>) => {
    const rows = list.map(([name, type], i) => ({
      id: rnd.uuid(), customer_id: customerId, number: `${prefix}-${String(i + 1).padStart(4, '0')}`, name, type, created_at: openedAt,
    }));
    await tx.insertInto('billing_accounts').values(rows).execute();
    accounts.set(customerId, rows.map((r) => r.id));
    return rows.map((r) => r.id);
  };
  const addCentres = async (customerId: string, names: string[]) => {
    const rows = names.map((name, i) => ({ id: rnd.uuid(), customer_id: customerId, code: `CC${String(i + 1).padStart(2, '0')}`, name }));
    await tx.insertInto('cost_centres').values(rows).execute();
    centres.set(customerId, Object.fromEntries(rows.map((r) => [r.name, r.id])));
    return Object.fromEntries(rows.map((r) => [r.name, r.id]));
  };
  const addSims = async (customerId: string, count: number, billingAccountIds: string[], costCentreIds: string[], endUsers: Array<string | null> = []) => {
    const rows: Insertable<DB['sims']>[] = [];
    for (let i = 0; i < count; i++) {
      rows.push({
        id: rnd.uuid(), customer_id: customerId, msisdn: `+32${++msisdn}`, iccid: `894${String(++iccid).padStart(16, '0')}`,
        billing_account_id: billingAccountIds[i % billingAccountIds.length]!, cost_centre_id: costCentreIds[i % costCentreIds.length] ?? null,
        end_user_id: endUsers[i] ?? null,
      });
    }
    await tx.insertInto('sims').values(rows).execute();
    return rows.map((r) => r.id!);
  };

  const [acmeMobile1, acmeMobile2, acmeFixed] = await addAccounts(acme, 'ACME', [['Acme mobile – head office', 'mobile'], ['Acme mobile – field', 'mobile'], ['Acme fixed lines', 'fix']]);
  const acmeCc = await addCentres(acme, ['Sales', 'Finance', 'Operations']);

  const owner = await user(tx, ids, { email: 'owner@acme.test', first: 'Olivia', last: 'Owner', language: 'nl', phone: '+32470000001' });
  const manager = await user(tx, ids, { email: 'manager@acme.test', first: 'Maarten', last: 'Manager', language: 'nl' });
  const finance = await user(tx, ids, { email: 'finance@acme.test', first: 'Fiona', last: 'Finance', language: 'fr' });
  const fleet = await user(tx, ids, { email: 'fleet@acme.test', first: 'Florian', last: 'Fleet', language: 'en' });
  const employee = await user(tx, ids, { email: 'employee@acme.test', first: 'Emma', last: 'Employee', language: 'nl' });
  await member(tx, ids, { customerId: acme, userId: owner, profile: 'access_owner', primary: true, basis: 'management_contract' });
  await member(tx, ids, { customerId: acme, userId: manager, profile: 'access_manager' });
  const financeM = await member(tx, ids, { customerId: acme, userId: finance, profile: 'support_portal_user', subProfiles: ['financial_manager'] });
  const fleetM = await member(tx, ids, { customerId: acme, userId: fleet, profile: 'support_portal_user', subProfiles: ['fleet_manager'] });
  const employeeM = await member(tx, ids, { customerId: acme, userId: employee, profile: 'service_user', basis: 'employment_fixed_term' });
  const allAcmeAccounts = [acmeMobile1!, acmeMobile2!, acmeFixed!];
  await tx.insertInto('grants').values([
    { id: rnd.uuid(), customer_id: acme, membership_id: financeM, app: 'invoices', actions: ['read', 'export'], billing_account_ids: allAcmeAccounts, granted_by: owner },
    { id: rnd.uuid(), customer_id: acme, membership_id: financeM, app: 'insights', actions: ['read', 'export'], billing_account_ids: allAcmeAccounts, granted_by: owner },
    { id: rnd.uuid(), customer_id: acme, membership_id: financeM, app: 'invoice-delivery', actions: ['read', 'update'], billing_account_ids: allAcmeAccounts, granted_by: owner },
    { id: rnd.uuid(), customer_id: acme, membership_id: fleetM, app: 'fleet-manager', actions: ['read', 'update', 'export'], cost_centre_ids: [acmeCc.Sales!], granted_by: owner },
    { id: rnd.uuid(), customer_id: acme, membership_id: fleetM, app: 'mobile', actions: ['read', 'update'], cost_centre_ids: [acmeCc.Sales!], granted_by: owner },
    // ROLE-6, MOB-4: the fleet manager let the employee change his own line within his self-service rights.
    { id: rnd.uuid(), customer_id: acme, membership_id: employeeM, app: 'mobile', actions: ['read', 'update'], cost_centre_ids: [acmeCc.Sales!], granted_by: fleet },
  ]).execute();

  // More Acme staff, so the user list has pages; each is the end user of one SIM.
  const staff: string[] = [];
  for (let i = 0; i < 36; i++) {
    const first = rnd.pick(FIRST);
    const last = rnd.pick(LAST);
    const email = `${first}.${last}.${i}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9.]/g, '') + '@acme.test';
    const id = await user(tx, ids, { email, first, last, language: rnd.pick(['nl', 'fr', 'en']) });
    await member(tx, ids, { customerId: acme, userId: id, profile: 'service_user', basis: rnd.pick(['employment_indefinite', 'employment_fixed_term']) });
    staff.push(id);
  }
  // The employee's SIM is the first one, in cost centre Sales.
  await addSims(acme, 40, [acmeMobile1!, acmeMobile2!], [acmeCc.Sales!, acmeCc.Finance!, acmeCc.Operations!], [employee, ...staff]);

  // Affiliates: their own accounts and lines (the Acme AO sees them through DLG-1).
  const [logisticsBa] = await addAccounts(logistics, 'ACLO', [['Logistics mobile', 'mobile']]);
  const logisticsCc = await addCentres(logistics, ['Depot']);
  await addSims(logistics, 8, [logisticsBa!], [logisticsCc.Depot!]);
  const [retailBa] = await addAccounts(retail, 'ACRE', [['Retail mobile', 'mobile']]);
  const retailCc = await addCentres(retail, ['Shops']);
  await addSims(retail, 6, [retailBa!], [retailCc.Shops!]);

  // Brightwave: Acme's IT partner (DLG-2), with an active, operator-approved delegation.
  const bwAdmin = await user(tx, ids, { email: 'admin@brightwave.test', first: 'Bart', last: 'Brightwave', language: 'en' });
  await member(tx, ids, { customerId: brightwave, userId: bwAdmin, profile: 'access_owner', primary: true, basis: 'management_contract' });
  const bwTech = await user(tx, ids, { email: 'tech@brightwave.test', first: 'Tess', last: 'Technician', language: 'nl' });
  await member(tx, ids, { customerId: brightwave, userId: bwTech, profile: 'support_portal_user', subProfiles: ['incident_manager'] });
  const [bwBa] = await addAccounts(brightwave, 'BRWV', [['Brightwave mobile', 'mobile']]);
  await addSims(brightwave, 4, [bwBa!], []);
  const delegationId = rnd.uuid();
  const operatorId = (await tx.selectFrom('users').select('id').where('email', '=', 'operator@mandate.test').executeTakeFirstOrThrow()).id;
  await tx.insertInto('delegations').values({
    id: delegationId, customer_id: acme, partner_id: brightwave,
    rights: JSON.stringify([{ app: 'fleet-manager', actions: ['read', 'update'] }, { app: 'mobile', actions: ['read', 'update'] }]),
    cost_centre_ids: [acmeCc.Sales!], status: 'active', starts_at: now, ends_at: new Date(now.getTime() + 365 * 86_400_000),
    proposed_by: owner, decided_by: operatorId, decided_at: now,
  }).execute();
  await tx.insertInto('delegation_users').values({ customer_id: acme, delegation_id: delegationId, user_id: bwAdmin, assigned_by: bwAdmin }).execute();

  // Other customers with their own users: isolation must hold between them.
  for (const [customerId, domain, lang] of [[noordzee, 'noordzee.test', 'nl'], [lumiere, 'lumiere.test', 'fr']] as const) {
    const [ba] = await addAccounts(customerId, domain.slice(0, 4).toUpperCase(), [['Mobile', 'mobile'], ['Fixed', 'fix']]);
    const cc = await addCentres(customerId, ['General']);
    const ao = await user(tx, ids, { email: `owner@${domain}`, first: rnd.pick(FIRST), last: rnd.pick(LAST), language: lang });
    await member(tx, ids, { customerId, userId: ao, profile: 'access_owner', primary: true });
    const am = await user(tx, ids, { email: `manager@${domain}`, first: rnd.pick(FIRST), last: rnd.pick(LAST), language: lang });
    await member(tx, ids, { customerId, userId: am, profile: 'access_manager' });
    const su = await user(tx, ids, { email: `employee@${domain}`, first: rnd.pick(FIRST), last: rnd.pick(LAST), language: lang });
    await member(tx, ids, { customerId, userId: su, profile: 'service_user' });
    await addSims(customerId, 5, [ba!], [cc.General!], [su]);
  }
}

/**
 * A customer at benchmark scale: `sims` SIMs, sims/10 users (SUs, one SIM each), 20 billing
 * accounts and 50 cost centres, and one AO/AM pair (scale-owner@, scale-manager@megacorp.test).
 */
async function seedScale(tx: Tx, ids: Ids, sims: number, fleet: { now: Date } | null) {
  const { rnd } = ids;
  const users = Math.max(10, Math.floor(sims / 10));
  const customerId = await customer(tx, ids, { number: SCALE_CUSTOMER_NUMBER, name: 'Megacorp Scale NV', city: 'Mechelen', apps: APPS, email: 'it@megacorp.test' });
  const owner = await user(tx, ids, { email: 'scale-owner@megacorp.test', first: 'Sam', last: 'Scale' });
  await member(tx, ids, { customerId, userId: owner, profile: 'access_owner', primary: true });
  const manager = await user(tx, ids, { email: 'scale-manager@megacorp.test', first: 'Max', last: 'Scale' });
  await member(tx, ids, { customerId, userId: manager, profile: 'access_manager' });
  const bas = Array.from({ length: 20 }, (_, i) => ({ id: rnd.uuid(), customer_id: customerId, number: `MEGA-${String(i + 1).padStart(4, '0')}`, name: `Megacorp account ${i + 1}`, type: i === 0 ? 'fix' : 'mobile' }));
  await tx.insertInto('billing_accounts').values(bas).execute();
  const ccs = Array.from({ length: 50 }, (_, i) => ({ id: rnd.uuid(), customer_id: customerId, code: `M${String(i + 1).padStart(3, '0')}`, name: `Department ${i + 1}` }));
  await tx.insertInto('cost_centres').values(ccs).execute();
  const userIds: string[] = [];
  const BATCH = 1000;
  const catalogue = fleet ? await ensureCatalogue(tx) : null;
  for (let start = 0; start < users; start += BATCH) {
    const rows = [];
    const memberships = [];
    for (let i = start; i < Math.min(users, start + BATCH); i++) {
      const id = rnd.uuid();
      userIds.push(id);
      const first = rnd.pick(FIRST);
      const last = rnd.pick(LAST);
      rows.push({ id, email: `user${i}@megacorp.test`, first_name: first, last_name: last, language: rnd.pick(['nl', 'fr', 'en']), password_hash: ids.passwordHash });
      memberships.push({ id: rnd.uuid(), customer_id: customerId, user_id: id, profile: i % 25 === 0 ? 'support_portal_user' : 'service_user', employment_basis: 'employment_indefinite' });
    }
    await tx.insertInto('users').values(rows).execute();
    await tx.insertInto('memberships').values(memberships).execute();
  }
  for (let start = 0; start < sims; start += BATCH) {
    const rows: Insertable<DB['sims']>[] = [];
    for (let i = start; i < Math.min(sims, start + BATCH); i++) {
      rows.push({
        id: rnd.uuid(), customer_id: customerId, msisdn: `+3249${String(i).padStart(7, '0')}`, iccid: `8932${String(i).padStart(15, '0')}`,
        billing_account_id: bas[1 + (i % 19)]!.id, cost_centre_id: ccs[i % 50]!.id, end_user_id: i < users ? userIds[i]! : null,
        // Plan, flags and contract dates by the demo fleet's rules (i is the SIM's place in msisdn order).
        ...(catalogue ? subscriptionAt(i, catalogue) : {}),
      });
    }
    await tx.insertInto('sims').values(rows).execute();
  }
  if (fleet) await seedFleetScale(tx, customerId, owner, fleet.now);
}

export interface SeedResult {
  demo: 'created' | 'present';
  scale: 'created' | 'present' | 'skipped';
}

/**
 * Deterministic (seeded random) and idempotent: a second run changes nothing. `billing: false`
 * leaves out the billing and fleet data (a schema migrated only up to the access tables has none).
 */
export async function seed(db: Kysely<DB>, options: { scaleSims?: number; now?: Date; billing?: boolean } = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const exists = async (number: string) =>
    Boolean(await db.selectFrom('customers').select('id').where('enterprise_number', '=', number).executeTakeFirst());
  const result: SeedResult = { demo: 'present', scale: 'skipped' };
  if (!(await exists(DEMO_CUSTOMERS.acme))) {
    await db.transaction().execute((tx) => seedDemo(tx, { rnd: new SeededRandom(20261124), passwordHash }, now));
    // The demo's invoices, call details and usage, through ingestion like any billing run.
    if (options.billing !== false) await seedBillingDemo(db, now, FLEET_HISTORY_CUSTOMER);
    result.demo = 'created';
  }
  // The fleet of the demo customers: also added to demo data seeded before the fleet tables existed.
  if (options.billing !== false) await seedFleetDemo(db, Object.values(DEMO_CUSTOMERS), FLEET_HISTORY_CUSTOMER, now);
  if (options.scaleSims) {
    if (await exists(SCALE_CUSTOMER_NUMBER)) result.scale = 'present';
    else {
      await db.transaction().execute((tx) =>
        seedScale(tx, { rnd: new SeededRandom(50000), passwordHash }, options.scaleSims!, options.billing === false ? null : { now }));
      result.scale = 'created';
    }
  }
  return result;
}
