import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditItem, AuditListResponse } from '@mandate/contracts/audit';
import { delegationFor } from '@mandate/server/lib/actor';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { appendAudit } from '@mandate/server/modules/audit/audit.repo';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * The audit view for the Access Owner (SEC-3, DLG-1..4): who changed which rights, when,
 * acting for whom, through which delegation; filters, keyset pagination and the CSV export.
 * The entries are made by real API calls of other sections, each at a set instant.
 */
let t: TestApp;
const c: Record<string, string> = {};
const u: Record<string, string> = {};
let delegationId: string;
/** delegationFor(principal of Brightwave's AO) while the delegation was active. */
let bwDelegation: { acme: string | null; brightwave: string | null };
const at = {
  grant: '2026-11-02T10:00:00.000Z', // Brussels 2 Nov
  suspend: '2026-11-03T23:30:00.000Z', // Brussels 4 Nov 00:30 — a UTC date would put it on the 3rd
  sims: '2026-11-04T12:00:00.000Z', // Brussels 4 Nov
  revoke: '2026-11-05T09:00:00.000Z', // Brussels 5 Nov
  affiliate: '2026-11-05T09:30:00.000Z',
};

const db = () => t.database.db;
const audit = (customer: string, query = '') => `/api/v1/customers/${customer}/audit${query}`;
/** Signs in at the current clock (access tokens follow the injected clock); once per persona after the setup (sign-ins are rate-limited). */
const sessions = new Map<string, Promise<ApiClient>>();
const as = (email: string): Promise<ApiClient> => {
  if (!sessions.has(email)) sessions.set(email, signedIn(t.url, email));
  return sessions.get(email)!;
};
const list = async (client: ApiClient, customer: string, query = '') => {
  const res = await client.get<AuditListResponse>(audit(customer, query));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const byAction = (items: AuditItem[], action: string) => items.filter((i) => i.action === action);

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, name] of Object.entries({ acme: 'Acme Belgium NV', logistics: 'Acme Logistics BV', brightwave: 'Brightwave IT BV', noordzee: 'Noordzee Bouw NV' })) {
    c[k] = (await db().selectFrom('customers').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  for (const r of await db().selectFrom('users').select(['id', 'email']).execute()) u[r.email] = r.id;
  delegationId = (await db().selectFrom('delegations').select('id').where('customer_id', '=', c.acme!).where('partner_id', '=', c.brightwave!).executeTakeFirstOrThrow()).id;

  // 1. The AO narrows the financial manager's invoices right (grant.update).
  t.clock.set(new Date(at.grant));
  const owner = await signedIn(t.url, 'owner@acme.test');
  const financeBa = (await db().selectFrom('billing_accounts').select('id').where('number', '=', 'ACME-0002').executeTakeFirstOrThrow()).id;
  const grant = await owner.request('PUT', `/api/v1/customers/${c.acme}/users/${u['finance@acme.test']}/grants/invoices`, { actions: ['read'], billingAccountIds: [financeBa] });
  expect(grant.status, JSON.stringify(grant.body)).toBe(200);

  // 2. The AO suspends the fleet manager (user.suspend).
  t.clock.set(new Date(at.suspend));
  const suspended = await (await signedIn(t.url, 'owner@acme.test')).post(`/api/v1/customers/${c.acme}/users/${u['fleet@acme.test']}/suspend`);
  expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);

  // 3. Brightwave's AO, acting for Acme through the seeded delegation (fleet management of "Sales"), links a SIM (user.set_sims).
  t.clock.set(new Date(at.sims));
  const sales = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', c.acme!).where('name', '=', 'Sales').executeTakeFirstOrThrow()).id;
  const salesSims = await db().selectFrom('sims').select(['id', 'end_user_id']).where('customer_id', '=', c.acme!).where('cost_centre_id', '=', sales).orderBy('msisdn').execute();
  const own = salesSims.filter((s) => s.end_user_id === u['employee@acme.test']).map((s) => s.id);
  const extra = salesSims.find((s) => s.end_user_id !== u['employee@acme.test'])!.id;
  const sims = await (await signedIn(t.url, 'admin@brightwave.test')).request('PUT', `/api/v1/customers/${c.acme}/users/${u['employee@acme.test']}/sims`, { simIds: [...own, extra] });
  expect(sims.status, JSON.stringify(sims.body)).toBe(200);
  const bw = (await loadAccessContext(db(), u['admin@brightwave.test']!, null, new Date(at.sims)))!;
  bwDelegation = { acme: delegationFor(bw, c.acme!), brightwave: delegationFor(bw, c.brightwave!) };

  // 4. The AO revokes the delegation (delegation.revoke); 5. invites a user at the affiliate Acme Logistics (user.invite).
  t.clock.set(new Date(at.revoke));
  const revoked = await (await signedIn(t.url, 'owner@acme.test')).post(`/api/v1/customers/${c.acme}/delegations/${delegationId}/revoke`);
  expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
  t.clock.set(new Date(at.affiliate));
  const invited = await (await signedIn(t.url, 'owner@acme.test')).post(`/api/v1/customers/${c.logistics}/users`, {
    email: 'depot@logistics.test', firstName: '=SUM(1;2)', lastName: 'Depot', language: 'nl', profile: 'service_user', employmentBasis: 'employment_indefinite',
  });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  // Another customer's change, which Acme must never see.
  const noordzeeOwner = await signedIn(t.url, 'owner@noordzee.test');
  const noordzeeEmployee = u['employee@noordzee.test']!;
  expect((await noordzeeOwner.post(`/api/v1/customers/${c.noordzee}/users/${noordzeeEmployee}/suspend`)).status).toBe(200);
  t.clock.set(new Date('2026-11-05T10:00:00.000Z'));
});
afterAll(async () => t?.close());

describe('SEC-3: the AO sees who changed what, when, acting for whom, through which delegation', () => {
  it('lists the real changes newest first with actor, acting-for customer, target and before/after', async () => {
    const owner = await as('owner@acme.test');
    const { items } = await list(owner, c.acme!, '?limit=200');
    expect(items.map((i) => i.action)).toEqual(expect.arrayContaining(['grant.update', 'user.suspend', 'user.set_sims', 'delegation.revoke']));
    const times = items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(items.filter((i) => i.actingFor.id !== c.logistics).every((i) => i.actingFor.id === c.acme && i.actingFor.name === 'Acme Belgium NV')).toBe(true);

    const [grant] = byAction(items, 'grant.update');
    expect(grant).toMatchObject({
      at: at.grant, actor: { id: u['owner@acme.test'], name: 'Olivia Owner', email: 'owner@acme.test' }, delegation: null,
      targetType: 'grant', targetLabel: 'Fiona Finance',
      before: { userId: u['finance@acme.test'], app: 'invoices', actions: ['read', 'export'] },
      after: { userId: u['finance@acme.test'], app: 'invoices', actions: ['read'] },
    });
    expect((grant!.after as { billingAccountIds: string[] }).billingAccountIds).toHaveLength(1);

    const [suspend] = byAction(items, 'user.suspend');
    expect(suspend).toMatchObject({
      at: at.suspend, actor: { id: u['owner@acme.test'] }, targetType: 'User', targetId: u['fleet@acme.test'], targetLabel: 'Florian Fleet',
      before: { status: 'active' }, after: { status: 'suspended' },
    });

    const [revoke] = byAction(items, 'delegation.revoke');
    expect(revoke).toMatchObject({ targetType: 'delegation', targetId: delegationId, targetLabel: 'Brightwave IT BV', before: { status: 'active' }, after: { status: 'revoked' } });
  });

  it('DLG-2: a change made through a delegation names the delegate, the customer acted for and the delegation', async () => {
    const { items } = await list(await as('owner@acme.test'), c.acme!, '?action=user.set_sims');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      at: at.sims,
      actor: { id: u['admin@brightwave.test'], name: 'Bart Brightwave', email: 'admin@brightwave.test' },
      actingFor: { id: c.acme, name: 'Acme Belgium NV' },
      delegation: { id: delegationId, partnerName: 'Brightwave IT BV' },
      targetId: u['employee@acme.test'], targetLabel: 'Emma Employee',
    });
  });

  it('delegationFor: the delegation a principal acts through; none for members and for the AO of a parent (DLG-1)', async () => {
    expect(bwDelegation).toEqual({ acme: delegationId, brightwave: null });
    const owner = (await loadAccessContext(db(), u['owner@acme.test']!, null, new Date(at.sims)))!;
    expect(delegationFor(owner, c.acme!)).toBeNull();
    expect(delegationFor(owner, c.logistics!)).toBeNull();
  });

  it('only the customer’s own entries and its members’ acts for an affiliate: another customer’s changes stay out', async () => {
    const { items } = await list(await as('owner@acme.test'), c.acme!, '?limit=200');
    const ids = new Set(items.map((i) => i.targetId));
    expect(ids.has(u['employee@noordzee.test']!)).toBe(false);
    expect(items.every((i) => i.actingFor.id === c.acme || (i.actingFor.id === c.logistics && i.actor?.id === u['owner@acme.test']))).toBe(true);
  });

  it('DLG-1: the Acme AO sees the affiliate’s audit in the affiliate’s context', async () => {
    const { items } = await list(await as('owner@acme.test'), c.logistics!);
    const [invite] = byAction(items, 'user.invite');
    expect(invite).toMatchObject({
      at: at.affiliate, actor: { id: u['owner@acme.test'] }, actingFor: { id: c.logistics, name: 'Acme Logistics BV' }, delegation: null, targetLabel: '=SUM(1;2) Depot',
      // Both contexts: the affiliate acted for, and the company the actor belongs to.
      actingVia: { id: c.acme, name: 'Acme Belgium NV' },
    });
    expect(items.every((i) => i.actingFor.id === c.logistics)).toBe(true);
    // A member of the company itself acts in his own right: no "via".
    const own = (await list(await as('owner@acme.test'), c.acme!, '?limit=200')).items;
    const ownVia = own.filter((i) => i.actor?.id === u['owner@acme.test'] && i.actingFor.id === c.acme).map((i) => i.actingVia);
    expect(ownVia.length).toBeGreaterThan(0);
    expect(ownVia.every((via) => via === null)).toBe(true);
  });

  it('DLG-1: the trail shows both: the act for the affiliate is also in the trail of the actor’s company, named as the affiliate names it', async () => {
    const { items } = await list(await as('owner@acme.test'), c.acme!, '?limit=200');
    const [invite] = items.filter((i) => i.action === 'user.invite' && i.actingFor.id === c.logistics);
    expect(invite).toMatchObject({
      at: at.affiliate, actor: { id: u['owner@acme.test'] }, delegation: null, targetLabel: '=SUM(1;2) Depot',
      actingFor: { id: c.logistics, name: 'Acme Logistics BV' }, actingVia: { id: c.acme, name: 'Acme Belgium NV' },
    });
    // Newest first across both customers' entries, and the CSV names the affiliate acted for.
    const times = items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
    const csv = await (await as('owner@acme.test')).get(`/api/v1/customers/${c.acme}/audit/export.csv`);
    expect(csv.body).toContain('Acme Logistics BV');
  });

  it('DLG-1: what the affiliate’s own members do stays in the affiliate’s trail only', async () => {
    // The member invited above, acting in his own company (written as the server writes every entry).
    const depot = (await db().selectFrom('users').select('id').where('email', '=', 'depot@logistics.test').executeTakeFirstOrThrow()).id;
    await appendAudit(db(), { at: new Date('2026-11-05T09:45:00.000Z'), actorUserId: depot, customerId: c.logistics!, action: 'user.update', targetType: 'user', targetId: depot });
    const ofAffiliate = (await list(await as('owner@acme.test'), c.logistics!, '?limit=200')).items;
    const byMember = ofAffiliate.find((i) => i.actor?.id === depot);
    expect(byMember).toBeDefined();
    const { items } = await list(await as('owner@acme.test'), c.acme!, '?limit=200');
    expect(items.some((i) => i.id === byMember!.id)).toBe(false);
  });
});

describe('names of the ids inside before/after, scoped to the customer whose trail it is', () => {
  it('names the user, billing accounts, SIMs and partner of the entries on the page', async () => {
    const { items } = await list(await as('owner@acme.test'), c.acme!, '?limit=200');
    const [grant] = byAction(items, 'grant.update');
    const after = grant!.after as { userId: string; billingAccountIds: string[] };
    expect(grant!.names[after.userId]).toBe('Fiona Finance');
    expect(grant!.names[after.billingAccountIds[0]!]).toMatch(/^ACME-0002\b/);
    const [sims] = byAction(items, 'user.set_sims');
    const linked = (sims!.after as { linked: string[] }).linked;
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((id) => /^\+?\d+$/.test(sims!.names[id] ?? ''))).toBe(true);
    const [invite] = byAction((await list(await as('owner@acme.test'), c.logistics!)).items, 'user.invite');
    expect(Object.values(invite!.names)).not.toContain(undefined);
  });

  it('never names another customer’s billing account, cost centre, SIM, user or company', async () => {
    // An entry in Brightwave's own trail that (forged) points at Acme's and Noordzee's data: only Brightwave's own and its partner Acme's name come back.
    const first = async (table: 'billing_accounts' | 'sims' | 'cost_centres', customer: string) =>
      (await db().selectFrom(table).select('id').where('customer_id', '=', customer).executeTakeFirst())?.id;
    const foreign = [
      await first('billing_accounts', c.acme!), await first('billing_accounts', c.noordzee!), await first('sims', c.noordzee!), await first('sims', c.acme!),
      await first('cost_centres', c.acme!), u['owner@noordzee.test'], c.noordzee,
    ].filter((id): id is string => Boolean(id));
    const own = (await first('billing_accounts', c.brightwave!))!;
    const { id } = await db().insertInto('audit_log').values({
      at: new Date('2026-11-05T09:59:00.000Z'), actor_user_id: u['admin@brightwave.test']!, customer_id: c.brightwave!, action: 'grant.update', target_type: 'grant',
      before: JSON.stringify({ userId: u['owner@noordzee.test'], billingAccountIds: foreign.slice(0, 2), costCentreIds: foreign.slice(4, 5), simIds: foreign.slice(2, 4) }),
      after: JSON.stringify({ userId: u['admin@brightwave.test'], billingAccountIds: [own], partnerId: c.noordzee, actingFor: c.acme }),
    }).returning('id').executeTakeFirstOrThrow();
    const { items } = await list(await as('admin@brightwave.test'), c.brightwave!, '?limit=200');
    const forged = items.find((i) => i.id === String(id))!;
    expect(forged.names).toEqual({ [own]: expect.stringMatching(/^BRWV-0001\b/), [u['admin@brightwave.test']!]: 'Bart Brightwave', [c.acme!]: 'Acme Belgium NV' });
    expect(foreign.length).toBeGreaterThanOrEqual(6);
  });
});

describe('filters: date range (Brussels days), action, actor, text', () => {
  it('from/to are inclusive Brussels calendar days', async () => {
    const owner = await as('owner@acme.test');
    const day4 = await list(owner, c.acme!, '?from=2026-11-04&to=2026-11-04');
    expect(day4.items.map((i) => i.action)).toEqual(['user.set_sims', 'user.suspend']);
    const upTo3 = await list(owner, c.acme!, '?to=2026-11-03');
    expect(upTo3.items.map((i) => i.action)).toContain('grant.update');
    expect(upTo3.items.map((i) => i.action)).not.toContain('user.suspend');
    const from5 = await list(owner, c.acme!, '?from=2026-11-05');
    expect(from5.items.map((i) => i.action)).toContain('delegation.revoke');
    expect(from5.items.every((i) => i.at >= '2026-11-04T23:00:00.000Z')).toBe(true);
  });

  it('action, actor and text filters', async () => {
    const owner = await as('owner@acme.test');
    const suspends = await list(owner, c.acme!, '?action=user.suspend');
    expect(suspends.items.map((i) => i.targetId)).toEqual([u['fleet@acme.test']]);
    const byBart = await list(owner, c.acme!, `?actorId=${u['admin@brightwave.test']}`);
    expect(byBart.items.map((i) => i.action)).toEqual(['user.set_sims']);
    const aboutFiona = await list(owner, c.acme!, '?q=fiona');
    expect(aboutFiona.items.map((i) => i.action)).toEqual(['grant.update']);
    const grants = await list(owner, c.acme!, '?targetType=GRANT');
    expect(grants.items.every((i) => i.targetType === 'grant')).toBe(true);
    expect(grants.items.length).toBeGreaterThan(0);
    expect((await list(owner, c.acme!, '?q=%25')).items).toEqual([]);
  });

  it('keyset pagination walks every entry exactly once, newest first', async () => {
    const owner = await as('owner@acme.test');
    const all = (await list(owner, c.acme!, '?limit=200')).items.map((i) => i.id);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const walked: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page: AuditListResponse = await list(owner, c.acme!, `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      walked.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(walked).toEqual(all);
  });

  it('bad input → 400 problem+json naming the field', async () => {
    const owner = await as('owner@acme.test');
    for (const [query, field] of [
      ['?from=2026-02-30', 'querystring.from'],
      ['?to=yesterday', 'querystring.to'],
      ['?from=2026-11-05&to=2026-11-01', 'querystring.to'],
      ['?actorId=nobody', 'querystring.actorId'],
      ['?action=drop%20table', 'querystring.action'],
      ['?cursor=bm90LWEtY3Vyc29y', 'querystring.cursor'],
      [`?cursor=${Buffer.from(JSON.stringify(['yesterday', '1'])).toString('base64url')}`, 'querystring.cursor'],
      ['?limit=0', 'querystring.limit'],
    ] as const) {
      const res = await owner.get<{ status: number; errors: Array<{ field: string }> }>(audit(c.acme!, query));
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e) => e.field), query).toContain(field);
    }
    const exported = await owner.get<{ errors: Array<{ field: string }> }>(audit(c.acme!, '/export.csv?from=2026-11-05&to=2026-11-01'));
    expect(exported.status).toBe(400);
  });
});

describe('who may see the audit trail', () => {
  it('AM, SPU, SU and a delegate → 403; another customer → 404; the AO of another customer → 404', async () => {
    for (const email of ['manager@acme.test', 'finance@acme.test', 'employee@acme.test', 'tech@brightwave.test']) {
      const client = await as(email);
      const status = (await client.get(audit(c.acme!))).status;
      expect(status, email).toBe(email === 'tech@brightwave.test' ? 404 : 403);
      expect((await client.get(audit(c.acme!, '/export.csv'))).status, email).toBe(email === 'tech@brightwave.test' ? 404 : 403);
    }
    const noordzee = await as('owner@noordzee.test');
    expect((await noordzee.get(audit(c.acme!))).status).toBe(404);
    expect((await noordzee.get(audit(c.acme!, '/export.csv'))).status).toBe(404);
    const owner = await as('owner@acme.test');
    expect((await owner.get(audit(c.noordzee!))).status).toBe(404);
    // Noordzee's AO sees Noordzee's own change, and nothing of Acme.
    const theirs = await list(noordzee, c.noordzee!);
    expect(theirs.items.map((i) => i.targetId)).toContain(u['employee@noordzee.test']);
    expect(theirs.items.every((i) => i.actingFor.id === c.noordzee)).toBe(true);
  });
});

describe('CSV export (same filters)', () => {
  it('UTF-8 BOM, `;`, CRLF, a header row, one row per entry, formulas neutralised; the export is itself audited', async () => {
    const owner = await as('owner@acme.test');
    const res = await fetch(`${t.url}${audit(c.acme!, '/export.csv?from=2026-11-04&to=2026-11-04')}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('id;at_utc;at_brussels;actor_name;actor_email;acting_for;delegation_id;delegation_partner;action;target_type;target_id;target;before;after');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`;user.set_sims;`);
    expect(lines[1]).toContain(`;Bart Brightwave;admin@brightwave.test;Acme Belgium NV;${delegationId};Brightwave IT BV;`);
    expect(lines[2]).toContain('2026-11-04 00:30:00');
    expect(lines[2]).toContain(';user.suspend;');

    const affiliate = await fetch(`${t.url}${audit(c.logistics!, '/export.csv?action=user.invite')}`, { headers: { authorization: `Bearer ${owner.token}` } });
    const affiliateText = await affiliate.text();
    expect(affiliateText).toContain(`;"'=SUM(1;2) Depot";`);

    // Acme's trail holds both exports: its own, and the one its AO made for the affiliate (DLG-1).
    const exports = await list(owner, c.acme!, '?action=audit.export');
    expect(exports.items.map((i) => i.actingFor.id)).toEqual([c.logistics, c.acme, c.acme]);
    expect(exports.items[1]).toMatchObject({ actor: { id: u['owner@acme.test'] }, after: { filters: { from: '2026-11-04', to: '2026-11-04' }, rows: 2, truncated: false } });
  });
});
