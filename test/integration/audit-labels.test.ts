import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMERLESS_AUDIT_ACTIONS, KNOWN_AUDIT_ACTIONS, KNOWN_AUDIT_TARGET_TYPES, type AuditItem, type AuditListResponse } from '@mandate/contracts/audit';
import type { SimDetail } from '@mandate/contracts/sims';
import { csvCell } from '@mandate/server/lib/csv';
import { auditEn } from '../../web/src/features/audit/i18n/audit-en.ts';
import { auditFr } from '../../web/src/features/audit/i18n/audit-fr.ts';
import { auditNl } from '../../web/src/features/audit/i18n/audit-nl.ts';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * SEC-3: every action the server writes to the audit trail has a label in NL, FR and EN, every kind
 * of target a name, and the trail names a target as the customer knows it (a SIM by its mobile
 * number, a dispute by its invoice number, a bill-shock alert by its line), never beyond its own data.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const CODE = /^[a-z_]+\.[a-z_]+$/;
const codesIn = (text: string) => [...text.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1]!);
/** The members of a union of string literals ('a' | 'b'), as the first match of `pattern` (group 1) holds it. */
const unionIn = (path: string, pattern: RegExp): string[] => {
  const found = pattern.exec(read(path))?.[1];
  if (!found) throw new Error(`${path}: ${String(pattern)} no longer finds the values; teach audit-labels.test.ts where they are`);
  return [...found.matchAll(/'(\w+)'/g)].map((m) => m[1]!);
};
const sources = (dir: string): string[] => readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []);

/** The actions built from a template, each with where its variable part's values are declared. */
const TEMPLATES: Record<string, () => string[]> = {
  '`sim.${r.kind}`': () => [
    ...unionIn('server/src/modules/sim-orders/sim-changes.ts', /type HistoryKind = ([^;]+);/),
    ...sources('server/src/modules/sim-orders').flatMap((f) => [...read(f).matchAll(/kind: '(\w+)', before\b/g)].map((m) => m[1]!)),
  ].map((kind) => `sim.${kind}`),
  '`sim_order.${action}`': () => unionIn('server/src/modules/sim-orders/sim-changes.ts', /function auditOrders\([^)]*?action: ([^,]+),/).map((v) => `sim_order.${v}`),
  '`sim_order.${decision}`': () => unionIn('server/src/modules/sim-orders/sim-orders.service.ts', /function auditDecision\([^)]*?decision: ([^,]+),/).map((v) => `sim_order.${v}`),
  '`affiliate.${decision}`': () => unionIn('server/src/modules/delegations/delegations.service.ts', /function decideAffiliateRequest\([^)]*?decision: ([^,]+),/).map((v) => `affiliate.${v}`),
  "`fleet_manager.activation_${body.decision === 'approve' ? 'approved' : 'refused'}`": () => ['fleet_manager.activation_approved', 'fleet_manager.activation_refused'],
  '`invoice_delivery.${request.channel}_request_cancelled`': () =>
    unionIn('server/src/modules/invoice-delivery/invoice-delivery.repo.ts', /channel: ('\w+'(?: \| '\w+')*);/).map((v) => `invoice_delivery.${v}_request_cancelled`),
  '`invoice_delivery.zoomit_${body.result}`': () =>
    unionIn('packages/contracts/src/invoice-delivery.ts', /result: Type\.Union\(\[([^\]]+)\]\)/).map((v) => `invoice_delivery.zoomit_${v}`),
};

/** The actions passed on by a name (a section's own audit helper, a table of transitions, a constant), with where their values are. */
const INDIRECT: Record<string, () => string[]> = {
  'server/src/modules/users/users.service.ts action': () => [...read('server/src/modules/users/users.service.ts').matchAll(/\baudit\(trx,[^;]*/g)].flatMap((m) => codesIn(m[0])),
  'server/src/modules/access-reviews/access-reviews.service.ts action': () =>
    [...read('server/src/modules/access-reviews/access-reviews.service.ts').matchAll(/\baudit\(trx,[^;]*/g)].flatMap((m) => codesIn(m[0])),
  'server/src/modules/delegations/delegations.service.ts spec.auditAction': () =>
    [...read('server/src/modules/delegations/delegations.service.ts').matchAll(/auditAction: '([^']+)'/g)].map((m) => m[1]!),
  'server/src/modules/retention/retention.service.ts ERASED_ACTION': () => codesIn(/ERASED_ACTION = '[^']+'/.exec(read('server/src/modules/retention/retention.repo.ts'))?.[0] ?? ''),
};

/** Codes no section writes any more that old entries still carry: they keep their label. */
const FORMER = ['user.add_membership'];

/** The one writer every section calls (its own insert is no action). */
const WRITER = 'server/src/modules/audit/audit.repo.ts';

/** Every write to audit_log in the server's sources, with the expression of its action. */
function auditWrites(): Array<{ file: string; action: string | null }> {
  return sources('server/src').filter((file) => file !== WRITER).flatMap((file) => {
    const text = read(file);
    expect(text, `${file} writes audit_log in raw SQL: write through appendAudit or Kysely so this test sees the action`).not.toMatch(/insert\s+into\s+"?audit_log/i);
    return [...text.matchAll(/(?<!function )appendAudit\(|insertInto\('audit_log'\)/g)].map((m) => {
      const window = text.slice(m.index, m.index + 900);
      const found = /\baction(?:\s*:\s*([\s\S]*?))?,\s*(?:targetType|target_type)\b/.exec(window);
      if (!found) throw new Error(`${relative(ROOT, join(ROOT, file))}: an audit write whose action this test cannot find`);
      return { file, action: found[1]?.replace(/\s+/g, ' ').trim() ?? null };
    });
  });
}

/** The codes the server writes, by the expression each write names its action with. */
function writtenCodes(writes: Array<{ file: string; action: string | null }>): Set<string> {
  const written = new Set<string>();
  for (const { file, action } of writes) {
    if (action === null || !/['`]/.test(action)) {
      const key = `${file} ${action ?? 'action'}`;
      const of = INDIRECT[key];
      if (!of) throw new Error(`${key}: an action passed on by a name this test does not know; add it to INDIRECT`);
      of().forEach((code) => written.add(code));
    } else if (action.includes('`')) {
      const of = TEMPLATES[action];
      if (!of) throw new Error(`${file}: the action ${action} is built from a template this test does not know; add it to TEMPLATES`);
      of().forEach((code) => written.add(code));
    } else {
      const codes = codesIn(action);
      if (codes.length === 0) throw new Error(`${file}: the action ${action} names no code`);
      codes.forEach((code) => written.add(code));
    }
  }
  return written;
}

describe('every action the server writes has a label', () => {
  let writes: Array<{ file: string; action: string | null }>;
  let written: Set<string>;
  beforeAll(() => {
    writes = auditWrites();
    written = writtenCodes(writes);
  });

  it('the scan finds the sections\' writes (a broken scan would prove nothing)', () => {
    expect(writes.length).toBeGreaterThan(50);
    expect([...written]).toEqual(expect.arrayContaining(['sim.clir', 'sim.msisdn', 'sim_order.request', 'sim_order.reject', 'dispute.answer', 'customer.personal_data_erased']));
    expect([...written].filter((code) => !CODE.test(code))).toEqual([]);
  });

  it('KNOWN_AUDIT_ACTIONS holds every code the server writes, and only those (or former ones)', () => {
    const known = new Set<string>(KNOWN_AUDIT_ACTIONS);
    expect([...written].filter((code) => !known.has(code)).sort()).toEqual([]);
    expect(KNOWN_AUDIT_ACTIONS.filter((code) => !written.has(code))).toEqual(FORMER);
    expect(CUSTOMERLESS_AUDIT_ACTIONS.filter((code) => !written.has(code))).toEqual([]);
  });

  it('every kind of target the server writes is known', () => {
    const types = new Set<string>();
    for (const file of sources('server/src')) {
      const text = read(file);
      for (const m of text.matchAll(/\b(?:targetType|target_type): '(\w+)'/g)) types.add(m[1]!.toLowerCase());
      // The access reviews' helper takes the kind after the code.
      for (const m of text.matchAll(/\baudit\(trx,[^;]*?'[a-z_]+\.[a-z_]+', '(\w+)'/g)) types.add(m[1]!.toLowerCase());
    }
    expect(types.size).toBeGreaterThan(15);
    const known = new Set<string>(KNOWN_AUDIT_TARGET_TYPES);
    expect([...types].filter((type) => !known.has(type)).sort()).toEqual([]);
  });

  it.each([['nl', auditNl], ['fr', auditFr], ['en', auditEn]] as const)('%s: a label for each code and each kind of target, not the code itself', (_language, messages) => {
    const catalogue: Record<string, string> = messages;
    const keys = [...KNOWN_AUDIT_ACTIONS.map((code) => `audit.action.${code}`), ...KNOWN_AUDIT_TARGET_TYPES.map((type) => `audit.targetType.${type}`)];
    expect(keys.filter((key) => !catalogue[key] || CODE.test(catalogue[key]!) || catalogue[key]!.includes('_'))).toEqual([]);
  });

  it('fr: a no-break space before : ; ? ! and the typographic apostrophe', () => {
    const catalogue: Record<string, string> = auditFr;
    expect(Object.entries(catalogue).filter(([, value]) => /[^\u00a0][:;?!](\s|$)/u.test(value) || /\p{L}'\p{L}/u.test(value))).toEqual([]);
  });
});

describe('the trail names a target as the customer knows it', () => {
  let t: TestApp;
  let acme: string;
  let owner: ApiClient;
  const db = () => t.database.db;
  const audit = (customer: string, query = '') => `/api/v1/customers/${customer}/audit${query}`;
  const list = async (client: ApiClient, customer: string, query = '') => {
    const res = await client.get<AuditListResponse>(audit(customer, query));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items;
  };
  const sim = { id: '', msisdn: '' };
  const dispute = { id: '', invoiceNumber: '' };

  beforeAll(async () => {
    t = await startTestApp();
    acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
    owner = await signedIn(t.url, 'owner@acme.test');

    // A fleet action: the fleet manager hides the caller id of a Sales line (sim.clir).
    const line = await db().selectFrom('sims as s').innerJoin('cost_centres as cc', 'cc.id', 's.cost_centre_id')
      .select(['s.id', 's.msisdn']).where('s.customer_id', '=', acme).where('cc.name', '=', 'Sales').where('s.status', '=', 'active')
      .orderBy('s.msisdn').executeTakeFirstOrThrow();
    Object.assign(sim, line);
    const fleet = await signedIn(t.url, 'fleet@acme.test');
    const current = await fleet.get<SimDetail>(`/api/v1/customers/${acme}/sims/${sim.id}`);
    expect(current.status).toBe(200);
    const ordered = await fleet.post(`/api/v1/customers/${acme}/sims/${sim.id}/orders`, { kind: 'clir', enabled: !current.body.clir }, { 'if-match': current.headers.get('etag')! });
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);

    // A bill-shock alert on that line (its target is the alert: named by the line it watches).
    t.clock.advance(60_000);
    const alert = await fleet.post(`/api/v1/customers/${acme}/bill-shock-alerts`, { simId: sim.id, metric: 'roaming', thresholdCents: 5_000 });
    expect(alert.status, JSON.stringify(alert.body)).toBe(201);

    // A dispute answer: the operator takes the demo's open dispute in review (dispute.answer).
    t.clock.advance(60_000);
    const open = await db().selectFrom('disputes as d').innerJoin('invoices as i', 'i.id', 'd.invoice_id')
      .select(['d.id', 'i.number as invoiceNumber']).where('d.customer_id', '=', acme).where('d.status', '=', 'open').executeTakeFirstOrThrow();
    Object.assign(dispute, open);
    const operator = await signedIn(t.url, 'operator@mandate.test');
    const answered = await operator.post(`/api/v1/operator/disputes/${dispute.id}/answer`, { status: 'in_review', answer: 'We are checking the usage records.' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
  });
  afterAll(async () => t?.close());

  const one = (items: AuditItem[], action: string) => {
    const found = items.filter((i) => i.action === action);
    expect(found, action).toHaveLength(1);
    return found[0]!;
  };

  it('a change of a line names its mobile number; a dispute answer its invoice number; an alert the line it watches', async () => {
    const items = await list(owner, acme, '?limit=50');
    expect(one(items, 'sim.clir')).toMatchObject({ targetType: 'sim', targetId: sim.id, targetLabel: sim.msisdn });
    expect(one(items, 'dispute.answer')).toMatchObject({ targetType: 'dispute', targetId: dispute.id, targetLabel: dispute.invoiceNumber });
    expect(one(items, 'bill_shock.create')).toMatchObject({ targetType: 'bill_shock_alert', targetLabel: sim.msisdn });
    // Filtered in SQL as before: the action filter keeps to the one entry.
    expect((await list(owner, acme, '?action=dispute.answer')).map((i) => i.targetLabel)).toEqual([dispute.invoiceNumber]);
  });

  it('the CSV export names the same targets', async () => {
    const res = await owner.get<string>(audit(acme, '/export.csv?action=sim.clir'));
    expect(res.status).toBe(200);
    const [header, row] = res.body.replace(/^\uFEFF/, '').split('\r\n');
    const target = header!.split(';').indexOf('target');
    // As every cell that could start a formula: "+32…" is neutralised by an apostrophe.
    expect(row!.split(';')[target]).toBe(csvCell(sim.msisdn));
  });

  it('another customer\'s SIM or dispute is never named, even if its id lands in this customer\'s trail', async () => {
    const noordzee = (await db().selectFrom('customers').select('id').where('name', '=', 'Noordzee Bouw NV').executeTakeFirstOrThrow()).id;
    const theirSim = await db().selectFrom('sims').select('id').where('customer_id', '=', noordzee).executeTakeFirstOrThrow();
    // An entry that names another customer's SIM cannot be made through the API: written here as a section might by mistake.
    await db().insertInto('audit_log').values({
      at: t.clock.now(), actor_user_id: null, customer_id: acme, action: 'sim.status', target_type: 'sim', target_id: theirSim.id,
    }).execute();
    const items = await list(owner, acme, '?action=sim.status');
    expect(items.find((i) => i.targetId === theirSim.id)).toMatchObject({ targetLabel: null });
  });
});
