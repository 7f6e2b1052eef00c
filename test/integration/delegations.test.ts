import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delegation, DelegationListResponse } from '@mandate/contracts/delegations';
import type { MeResponse } from '@mandate/contracts/me';
import { enterpriseNumberFromBody } from '@mandate/domain/enterprise-number';
import { brusselsDate } from '@mandate/domain/dates';
import { DEMO_CUSTOMERS } from '@mandate/server/seed/seed';
import { expireDelegations, sendDelegationReminders } from '@mandate/server/modules/delegations/delegations.service';
import { signedIn, startTestApp, type ApiClient, type TestApp } from '../support/test-app.ts';

/**
 * Third-party delegation (DLG-2..4) over real HTTP with the demo personas: proposal by the
 * AO, operator review, partner acceptance and user choice, exercise, revocation, refusal, expiry and
 * renewal reminders; and the bad input that must change nothing.
 */
let t: TestApp;
let owner: ApiClient;
let operator: ApiClient;
let bwAdmin: ApiClient;
let tech: ApiClient;
let manager: ApiClient;
const ids: Record<string, string> = {};

const DAY = 86_400_000;
const db = () => t.database.db;
const today = () => brusselsDate(t.clock.now());
const inDays = (n: number) => brusselsDate(new Date(t.clock.now().getTime() + n * DAY));
const count = async (table: 'delegations' | 'delegation_users' | 'audit_log' | 'mail_outbox') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 100 } });
  for (const [key, name] of [['acme', 'Acme Belgium NV'], ['brightwave', 'Brightwave IT BV'], ['noordzee', 'Noordzee Bouw NV']]) {
    ids[key!] = (await db().selectFrom('customers').select('id').where('name', '=', name!).executeTakeFirstOrThrow()).id;
  }
  for (const email of ['tech@brightwave.test', 'owner@acme.test', 'admin@brightwave.test']) {
    ids[email] = (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  }
  await signInAll();
});
afterAll(async () => t?.close());

async function signInAll() {
  const clients = await Promise.all(
    ['owner@acme.test', 'operator@mandate.test', 'admin@brightwave.test', 'tech@brightwave.test', 'manager@acme.test'].map((e) => signedIn(t.url, e)),
  );
  [owner, operator, bwAdmin, tech, manager] = clients as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
}

const acmePath = (suffix = '') => `/api/v1/customers/${ids.acme}/delegations${suffix}`;
const bwPath = (suffix = '') => `/api/v1/customers/${ids.brightwave}/delegations${suffix}`;

function proposal(overrides: Record<string, unknown> = {}) {
  return {
    partnerEnterpriseNumber: DEMO_CUSTOMERS.brightwave,
    rights: [{ app: 'user-management', actions: ['read'] }],
    endDate: inDays(90),
    ...overrides,
  };
}

/** Proposed by the Acme AO, approved by the operator, accepted by Brightwave's AO, exercised by tech@. */
async function activeDelegation(overrides: Record<string, unknown> = {}): Promise<Delegation> {
  const proposed = await owner.post<Delegation>(acmePath(), proposal(overrides));
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const id = proposed.body.id;
  expect((await operator.post(`/api/v1/operator/delegations/${id}/approve`, {})).status).toBe(200);
  expect((await bwAdmin.post(bwPath(`/${id}/accept`))).status).toBe(200);
  const assigned = await bwAdmin.request<Delegation>('PUT', bwPath(`/${id}/users`), { userIds: [ids['tech@brightwave.test']] });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  return assigned.body;
}

const techSeesAcme = async () => (await tech.get<MeResponse>('/api/v1/me')).body.customers.some((c) => c.id === ids.acme);

describe('third-party delegation life cycle (DLG-2..4)', () => {
  it('DLG-2/3/4: proposed → operator approves → partner accepts and assigns → the user acts for Acme → the AO revokes → refused at once', async () => {
    const outboxBefore = await count('mail_outbox');
    const proposed = await owner.post<Delegation>(acmePath(), proposal());
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const d = proposed.body;
    expect(d).toMatchObject({ status: 'pending_operator', direction: 'outgoing', partnerId: ids.brightwave, customerId: ids.acme, endDate: inDays(90), users: [] });
    // The operator is told (DLG-2 "after prior notice to the operator").
    const opMail = await db().selectFrom('mail_outbox').selectAll().where('kind', '=', 'delegation_proposed').where('to_address', '=', 'operator@mandate.test').execute();
    expect(opMail.length).toBe(1);
    expect(await count('mail_outbox')).toBeGreaterThan(outboxBefore);

    // Nothing is exercised yet; the partner cannot accept before the operator's review.
    expect((await bwAdmin.post(bwPath(`/${d.id}/accept`))).status).toBe(409);
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(404);

    // The operator queue lists it; approval moves it to the partner.
    const queue = await operator.get<DelegationListResponse>('/api/v1/operator/delegations?status=pending_operator');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i) => i.id)).toContain(d.id);
    const approved = await operator.post<Delegation>(`/api/v1/operator/delegations/${d.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('pending_partner');
    const approvalMails = await db().selectFrom('mail_outbox').select(['to_address', 'language', 'subject'])
      .where('kind', 'in', ['delegation_approved', 'delegation_awaiting_acceptance']).orderBy('to_address').execute();
    expect(approvalMails.map((m) => [m.to_address, m.language])).toEqual([['admin@brightwave.test', 'en'], ['owner@acme.test', 'nl']]);
    expect(approvalMails[1]!.subject).toMatch(/goedgekeurd/); // in the recipient's language

    // The partner sees it as incoming; the Acme AO cannot accept on the partner's behalf.
    const incoming = await bwAdmin.get<DelegationListResponse>(bwPath('?direction=incoming'));
    expect(incoming.body.items.find((i) => i.id === d.id)?.direction).toBe('incoming');
    expect((await owner.post(acmePath(`/${d.id}/accept`))).status).toBe(404);
    const accepted = await bwAdmin.post<Delegation>(bwPath(`/${d.id}/accept`));
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('active');

    // Accepted but no user chosen: tech still acts for nobody at Acme.
    expect(await techSeesAcme()).toBe(false);
    const assigned = await bwAdmin.request<Delegation>('PUT', bwPath(`/${d.id}/users`), { userIds: [ids['tech@brightwave.test']] });
    expect(assigned.status).toBe(200);
    expect(assigned.body.users.map((u) => u.email)).toEqual(['tech@brightwave.test']);

    // Next request: tech acts for Acme within the delegated rights (user-management read).
    const me = await tech.get<MeResponse>('/api/v1/me');
    expect(me.body.customers.find((c) => c.id === ids.acme)).toMatchObject({ relation: 'delegation', delegationId: d.id, partnerName: 'Brightwave IT BV' });
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(200);
    // Within the rights only: no delegation administration at Acme.
    expect((await tech.get(acmePath())).status).toBe(403);

    // The AO revokes; the very next request of tech is refused.
    const revoked = await owner.post<Delegation>(acmePath(`/${d.id}/revoke`));
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(404);
    expect(await techSeesAcme()).toBe(false);
    expect((await owner.post(acmePath(`/${d.id}/revoke`))).status).toBe(409);

    // SEC-3: every transition is in the audit trail with the delegation.
    const audit = await db().selectFrom('audit_log').select(['action', 'customer_id']).where('delegation_id', '=', d.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['delegation.propose', 'delegation.approve', 'delegation.accept', 'delegation.users', 'delegation.revoke']);
    expect(audit.every((a) => a.customer_id === ids.acme)).toBe(true);
    const revokeMail = await db().selectFrom('mail_outbox').select('to_address').where('kind', '=', 'delegation_revoked').execute();
    expect(revokeMail.map((m) => m.to_address)).toEqual(['admin@brightwave.test']);
  });

  it('DLG-2: the operator refuses an active delegation (reason mandatory) and it stops at once', async () => {
    const d = await activeDelegation();
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(200);
    const noReason = await operator.post(`/api/v1/operator/delegations/${d.id}/refuse`, {});
    expect(noReason.status).toBe(400);
    // The schema requires a reason that is not blank: the request is refused as sent, naming the field.
    expect(noReason.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.reason' }] });
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(200);
    const refused = await operator.post<Delegation>(`/api/v1/operator/delegations/${d.id}/refuse`, { reason: 'Partner under investigation' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', reason: 'Partner under investigation' });
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(404);
    const mails = await db().selectFrom('mail_outbox').select('to_address').where('kind', '=', 'delegation_refused').orderBy('to_address').execute();
    expect(mails.map((m) => m.to_address)).toEqual(['admin@brightwave.test', 'owner@acme.test']);
    expect((await operator.post(`/api/v1/operator/delegations/${d.id}/approve`, {})).status).toBe(409);
  });

  it('DLG-3: the partner AO declines a pending one and ends an active one', async () => {
    const proposed = await owner.post<Delegation>(acmePath(), proposal());
    await operator.post(`/api/v1/operator/delegations/${proposed.body.id}/approve`, {});
    const declined = await bwAdmin.post<Delegation>(bwPath(`/${proposed.body.id}/decline`), { reason: 'Not our job' });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    expect((await bwAdmin.post(bwPath(`/${proposed.body.id}/accept`))).status).toBe(409);

    const d = await activeDelegation();
    expect((await bwAdmin.post(bwPath(`/${d.id}/decline`))).status).toBe(409); // only while pending
    const ended = await bwAdmin.post<Delegation>(bwPath(`/${d.id}/end`));
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(404);
    const one = await owner.get<Delegation>(acmePath(`/${d.id}`));
    expect(one.body.status).toBe('ended');
  });

  it('DLG-4: a partner AM chooses users, only his own company’s active users, and cannot accept', async () => {
    const tech = await db().selectFrom('users').select('password_hash').where('email', '=', 'tech@brightwave.test').executeTakeFirstOrThrow();
    const am = await db().insertInto('users').values({ email: 'am@brightwave.test', first_name: 'Amy', last_name: 'Manager', language: 'fr', password_hash: tech.password_hash })
      .returning('id').executeTakeFirstOrThrow();
    await db().insertInto('memberships').values({ customer_id: ids.brightwave!, user_id: am.id, profile: 'access_manager', employment_basis: 'employment_indefinite' }).execute();
    const bwAm = await signedIn(t.url, 'am@brightwave.test');

    const proposed = await owner.post<Delegation>(acmePath(), proposal());
    await operator.post(`/api/v1/operator/delegations/${proposed.body.id}/approve`, {});
    expect((await bwAm.post(bwPath(`/${proposed.body.id}/accept`))).status).toBe(403); // accepting is the AO's
    const before = await count('delegation_users');
    const stranger = await bwAm.request('PUT', bwPath(`/${proposed.body.id}/users`), { userIds: [ids['owner@acme.test']] });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ code: 'not_partner_member', errors: [{ field: 'body.userIds' }] });
    expect(await count('delegation_users')).toBe(before);
    const ok = await bwAm.request<Delegation>('PUT', bwPath(`/${proposed.body.id}/users`), { userIds: [am.id, ids['tech@brightwave.test']] });
    expect(ok.status).toBe(200);
    expect(ok.body.users).toHaveLength(2);
    // The delegating side cannot choose the partner's users.
    expect((await owner.request('PUT', acmePath(`/${proposed.body.id}/users`), { userIds: [] })).status).toBe(404);
  });
});

describe('bad input changes nothing (edge cases)', () => {
  const cases: Array<[string, () => Record<string, unknown>, number, string, string]> = [
    ['a delegation to the customer itself', () => proposal({ partnerEnterpriseNumber: DEMO_CUSTOMERS.acme }), 400, 'delegation_to_self', 'body.partnerEnterpriseNumber'],
    ['a company that does not exist', () => proposal({ partnerEnterpriseNumber: enterpriseNumberFromBody(1234567) }), 400, 'company_not_registered', 'body.partnerEnterpriseNumber'],
    ['an invalid enterprise number', () => proposal({ partnerEnterpriseNumber: '0403.170.702' }), 400, 'invalid_enterprise_number', 'body.partnerEnterpriseNumber'],
    ['an end date in the past', () => proposal({ endDate: inDays(-1) }), 400, 'end_date_not_in_future', 'body.endDate'],
    ['an end date today', () => proposal({ endDate: today() }), 400, 'end_date_not_in_future', 'body.endDate'],
    ['an end date beyond two years', () => proposal({ endDate: inDays(2 * 366) }), 400, 'end_date_too_far', 'body.endDate'],
    ['no end date', () => { const p = proposal(); delete (p as Record<string, unknown>).endDate; return p; }, 400, 'validation_failed', 'body.endDate'],
    ['an action the app does not have', () => proposal({ rights: [{ app: 'invoices', actions: ['update'] }] }), 400, 'action_not_in_app', 'body.rights.0.actions'],
    ['an app twice', () => proposal({ rights: [{ app: 'invoices', actions: ['read'] }, { app: 'invoices', actions: ['export'] }] }), 400, 'duplicate_app', 'body.rights.1.app'],
  ];
  it.each(cases)('%s → %i %s', async (_name, body, status, code, field) => {
    const before = [await count('delegations'), await count('audit_log'), await count('mail_outbox')];
    const res = await owner.post<{ code: string; errors: Array<{ field: string }> }>(acmePath(), body());
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.errors?.[0]?.field).toBe(field);
    expect([await count('delegations'), await count('audit_log'), await count('mail_outbox')]).toEqual(before);
  });

  it('a scope naming another customer’s billing account or cost centre → 400 naming the field', async () => {
    const otherBa = (await db().selectFrom('billing_accounts').select('id').where('customer_id', '=', ids.noordzee!).executeTakeFirstOrThrow()).id;
    const otherCc = (await db().selectFrom('cost_centres').select('id').where('customer_id', '=', ids.noordzee!).executeTakeFirstOrThrow()).id;
    const before = await count('delegations');
    const ba = await owner.post(acmePath(), proposal({ billingAccountIds: [otherBa] }));
    expect(ba.status).toBe(400);
    expect(ba.body).toMatchObject({ code: 'scope_outside_customer', errors: [{ field: 'body.billingAccountIds' }] });
    const cc = await owner.post(acmePath(), proposal({ costCentreIds: [otherCc] }));
    expect(cc.body).toMatchObject({ code: 'scope_outside_customer', errors: [{ field: 'body.costCentreIds' }] });
    expect(await count('delegations')).toBe(before);
    // Its own accounts are fine (and offered by scope-options).
    const options = await owner.get<{ billingAccounts: Array<{ id: string }>; costCentres: Array<{ id: string }> }>(acmePath('/scope-options'));
    expect(options.status).toBe(200);
    expect(options.body.billingAccounts.map((b) => b.id)).not.toContain(otherBa);
    const own = await owner.post<Delegation>(acmePath(), proposal({ billingAccountIds: [options.body.billingAccounts[0]!.id] }));
    expect(own.status).toBe(201);
    // The scope comes back by name, to the customer and to the partner alike.
    const account = (await db().selectFrom('billing_accounts').select(['id', 'number', 'name']).where('id', '=', options.body.billingAccounts[0]!.id).executeTakeFirstOrThrow());
    expect(own.body.billingAccounts).toEqual([account]);
    expect(own.body.costCentres).toEqual([]);
    const incoming = await bwAdmin.get<{ items: Delegation[] }>(bwPath('?direction=incoming&limit=200'));
    expect(incoming.body.items.find((d) => d.id === own.body.id)?.billingAccounts).toEqual([account]);
    await owner.post(acmePath(`/${own.body.id}/revoke`));
  });

  it('only an AO proposes (DLG-2): the Acme AM → 403; another customer → 404', async () => {
    const before = await count('delegations');
    expect((await manager.post(acmePath(), proposal())).status).toBe(403);
    const noordzee = await signedIn(t.url, 'owner@noordzee.test');
    expect((await noordzee.post(acmePath(), proposal())).status).toBe(404);
    expect(await count('delegations')).toBe(before);
  });
});

describe('expiry and renewal reminders (DLG-2/3)', () => {
  it('reminds both AOs 30 and 7 days before the end exactly once each, then expires it', async () => {
    const d = await activeDelegation({ endDate: inDays(45) });
    const endsAt = new Date(d.endsAt).getTime();
    const reminders = (kind: string) => db().selectFrom('mail_outbox').select(['to_address', 'language']).where('kind', '=', kind)
      .where('body_text', 'like', '%Acme Belgium NV%').orderBy('to_address').execute();

    expect(await sendDelegationReminders(t.app)).toBe(0);
    t.clock.set(new Date(endsAt - 30 * DAY + 60_000));
    expect(await sendDelegationReminders(t.app)).toBe(1);
    expect(await sendDelegationReminders(t.app)).toBe(0); // idempotent
    expect((await reminders('delegation_reminder_30d')).map((m) => [m.to_address, m.language])).toEqual([['admin@brightwave.test', 'en'], ['owner@acme.test', 'nl']]);
    expect(await reminders('delegation_reminder_7d')).toEqual([]);

    t.clock.set(new Date(endsAt - 7 * DAY + 60_000));
    expect(await sendDelegationReminders(t.app)).toBe(1);
    expect(await sendDelegationReminders(t.app)).toBe(0);
    expect((await reminders('delegation_reminder_7d')).map((m) => m.to_address)).toEqual(['admin@brightwave.test', 'owner@acme.test']);
    expect(await reminders('delegation_reminder_30d')).toHaveLength(2);

    // Still exercised on its last day; refused by time the moment it ends, even before the job runs.
    t.clock.set(new Date(endsAt - 60_000));
    await signInAll();
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(200);
    t.clock.set(new Date(endsAt + 1000));
    expect((await tech.get(`/api/v1/customers/${ids.acme}/users`)).status).toBe(404);
    expect(await expireDelegations(t.app)).toBeGreaterThanOrEqual(1);
    expect(await expireDelegations(t.app)).toBe(0);
    const row = await db().selectFrom('delegations').select('status').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    const audit = await db().selectFrom('audit_log').select('action').where('delegation_id', '=', d.id).where('action', '=', 'delegation.expire').execute();
    expect(audit).toHaveLength(1);
    expect(await sendDelegationReminders(t.app)).toBe(0);
  });
});
