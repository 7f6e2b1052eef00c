import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type { CancelPreview, DeliveryHistoryResponse, DeliverySetting, DeliverySettingListResponse, SmsListResponse, Verification } from '@mandate/contracts/invoice-delivery';
import { depsOf } from '@mandate/server/lib/deps';
import { sendDueDeliveries } from '@mandate/server/modules/invoice-delivery/invoice-delivery.sender';
import { RESENDS_PER_HOUR } from '@mandate/server/modules/invoice-delivery/invoice-delivery.routes';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { deliverMail, extractLinks, latestMailTo, startSmtpSink, type SmtpSink } from '../support/mail.ts';
import { loadRun } from './invoices.fixtures.ts';

/**
 * Invoice delivery (EBL-1..7, Peppol) through the HTTP API on a real database, with a real SMTP
 * server receiving the mails: the state machine of a setting, the verification link, the bank's
 * signed webhook, the deliveries of a closed period (once per channel, no paper beside e-mail or
 * Zoomit), bounces, and bad input that changes nothing.
 */
let t: TestApp;
let sink: SmtpSink;
let acme: string;
const accounts = new Map<string, string>();
const db = () => t.database.db;
const problem = (res: { body: unknown }) => res.body as Problem;
const as = (email: string) => signedIn(t.url, email);
const base = () => `/api/v1/customers/${acme}/invoice-delivery`;
const of = (number: string, suffix = '') => `${base()}/${accounts.get(number)}${suffix}`;
const IBAN_BELFIUS = 'BE71 0961 2345 6769';

async function read(client: ApiClient, number: string) {
  const res = await client.get<DeliverySetting>(of(number));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { setting: res.body, etag: res.headers.get('etag')! };
}

/** What the database holds for an account: the proof that a refused request changed nothing. */
async function stored(number: string) {
  const setting = await db().selectFrom('invoice_delivery_settings').select(['channel', 'email', 'iban', 'version'])
    .where('billing_account_id', '=', accounts.get(number)!).executeTakeFirst();
  const pending = await db().selectFrom('invoice_delivery_requests').select(['channel', 'status'])
    .where('billing_account_id', '=', accounts.get(number)!).where('status', '=', 'pending').execute();
  return { setting: setting ?? null, pending };
}

async function verificationLinkTo(address: string): Promise<string> {
  await deliverMail(t.app);
  const mail = latestMailTo(sink, address);
  expect(mail, `no mail to ${address}`).toBeDefined();
  const link = extractLinks(mail!.text).find((l) => l.includes('/greenbill/verify/'));
  expect(link).toBeDefined();
  return link!;
}
const tokenOf = (link: string) => link.split('/greenbill/verify/')[1]!;

function signed(body: unknown, at = t.clock.now(), secret = t.app.config.zoomitWebhookSecret) {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  return { raw, headers: { 'x-zoomit-timestamp': timestamp, 'x-zoomit-signature': signature } };
}
const webhook = (raw: string, headers: Record<string, string>) => new ApiClient(t.url).request('POST', '/api/v1/webhooks/zoomit', raw, headers);

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ config: { smtpUrl: sink.url, loginMaxPerAccount: 10_000 } });
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  for (const a of await db().selectFrom('billing_accounts').select(['id', 'number']).where('customer_id', '=', acme).execute()) accounts.set(a.number, a.id);
}, 180_000);
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe('settings: every account starts on paper; the ETag is the version', () => {
  it('the financial manager lists the Acme accounts by number, masked fields empty, state paper', async () => {
    const finance = await as('finance@acme.test');
    const list = await finance.get<DeliverySettingListResponse>(base());
    expect(list.status).toBe(200);
    expect(list.body.items.map((s) => [s.billingAccountNumber, s.billingAccountType, s.channel, s.state])).toEqual([
      ['ACME-0001', 'mobile', 'paper', 'paper'], ['ACME-0002', 'mobile', 'paper', 'paper'], ['ACME-0003', 'fix', 'paper', 'paper'],
    ]);
    const one = await finance.get<DeliverySetting>(of('ACME-0001'));
    expect(one.headers.get('etag')).toBe(`"${one.body.version}"`);
  });

  it('someone outside the account\'s invoice delivery gets 404 or 403, never the setting', async () => {
    const noordzee = await as('owner@noordzee.test');
    expect((await noordzee.get(of('ACME-0001'))).status).toBe(404);
    const before = await stored('ACME-0001');
    const outside = await noordzee.post(of('ACME-0001', '/greenbill'), { email: 'x@noordzee.test', notify: 'email' }, { 'if-match': '"0"' });
    expect(outside.status).toBe(404);
    expect(await stored('ACME-0001')).toEqual(before);
    const fleet = await as('fleet@acme.test');
    expect((await fleet.get(of('ACME-0001'))).status).toBe(403);
  });
});

describe('GreenBill (EBL-1, EBL-3, EBL-4, EBL-7)', () => {
  it('bad input is refused with the field named, and nothing changes', async () => {
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0001');
    const before = await stored('ACME-0001');
    const cases: Array<[unknown, Record<string, string>, number, string]> = [
      [{ email: 'not-an-address', notify: 'email' }, { 'if-match': etag }, 400, 'body.email'],
      [{ email: 'ap@acme.test', notify: 'sms' }, { 'if-match': etag }, 400, 'body.mobile'],
      [{ email: 'ap@acme.test', mobile: '12', notify: 'both' }, { 'if-match': etag }, 400, 'body.mobile'],
      // A domain without a dot, and numbers that cannot take an SMS: a Liège fixed line, a number too short.
      [{ email: 'compta@acme', notify: 'email' }, { 'if-match': etag }, 400, 'body.email'],
      [{ email: 'ap@acme.test', mobile: '12345', notify: 'sms' }, { 'if-match': etag }, 400, 'body.mobile'],
      [{ email: 'ap@acme.test', mobile: '04 222 22 22', notify: 'both' }, { 'if-match': etag }, 400, 'body.mobile'],
      // Nor does a fixed line abroad (Amsterdam).
      [{ email: 'ap@acme.test', mobile: '+31 20 123 4567', notify: 'sms' }, { 'if-match': etag }, 400, 'body.mobile'],
      [{ email: 'ap@acme.test', notify: 'email' }, {}, 428, 'headers.if-match'],
      [{ email: 'ap@acme.test', notify: 'email' }, { 'if-match': '"999"' }, 412, 'headers.if-match'],
    ];
    for (const [body, headers, status, field] of cases) {
      const res = await finance.post(of('ACME-0001', '/greenbill'), body, headers);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem(res).errors?.map((e) => e.field) ?? []).toContain(field);
    }
    // One error per field: an empty mobile number is too short, not also "must be null" and "must match a schema in anyOf".
    const empty = await finance.post(of('ACME-0001', '/greenbill'), { email: 'ap@acme.test', mobile: '', notify: 'sms' }, { 'if-match': (await read(finance, 'ACME-0001')).etag });
    expect(problem(empty).errors).toEqual([{ field: 'body.mobile', message: expect.not.stringMatching(/null|anyOf/) }]);
    expect(await stored('ACME-0001')).toEqual(before);
  });

  it('an address waits for its link; following it activates GreenBill, never the login e-mail; the link works once', async () => {
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0001');
    const res = await finance.post<DeliverySetting>(of('ACME-0001', '/greenbill'), { email: 'AP.Invoices@acme.test', mobile: '0470 12 34 56', notify: 'both' }, { 'if-match': etag });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ channel: 'paper', state: 'pending', email: null, pending: { channel: 'greenbill', notify: 'both', coversFixedAccounts: false } });
    expect(res.body.pending!.email).not.toContain('ap.invoices@');
    expect(res.body.pending!.email).toMatch(/@acme\.test$/);
    expect(res.headers.get('etag')).not.toBe(etag);
    expect((await stored('ACME-0001')).setting?.channel).toBe('paper');
    // Only the hash of the token is stored.
    const link = await verificationLinkTo('ap.invoices@acme.test');
    const hashes = await db().selectFrom('invoice_delivery_requests').select('token_hash').where('billing_account_id', '=', accounts.get('ACME-0001')!).execute();
    expect(hashes.map((h) => h.token_hash)).not.toContain(tokenOf(link));

    const anonymous = new ApiClient(t.url);
    const seen = await anonymous.get<Verification>(`/api/v1/greenbill/verifications/${tokenOf(link)}`);
    expect(seen.body).toMatchObject({ customerName: 'Acme Belgium NV', billingAccountNumbers: ['ACME-0001'], status: 'pending' });
    const confirmed = await anonymous.post<Verification>(`/api/v1/greenbill/verifications/${tokenOf(link)}`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    const again = await anonymous.post(`/api/v1/greenbill/verifications/${tokenOf(link)}`);
    expect(again.status).toBe(410);
    expect(problem(again).code).toBe('link_used');

    const { setting } = await read(finance, 'ACME-0001');
    expect(setting).toMatchObject({ channel: 'greenbill', state: 'active', notify: 'both', pending: null });
    expect(setting.email).toMatch(/^a.*@acme\.test$/);
    expect(setting.email).not.toBe('ap.invoices@acme.test');
    expect(setting.mobile).not.toContain('123456');
    const login = await db().selectFrom('users').select('email').where('email', '=', 'finance@acme.test').executeTakeFirst();
    expect(login).toBeDefined();
    const audit = await db().selectFrom('audit_log').select('action').where('action', 'like', 'invoice_delivery.greenbill%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['invoice_delivery.greenbill_requested', 'invoice_delivery.greenbill_confirmed']));
  });

  it('a waiting address is sent its verification mail again a few times an hour at most (429), so no mailbox can be flooded', async () => {
    const owner = await as('owner@acme.test');
    const { etag } = await read(owner, 'ACME-0001');
    const res = await owner.post<DeliverySetting>(of('ACME-0001', '/greenbill'), { email: 'flood@acme.test', notify: 'email' }, { 'if-match': etag });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const mails = async () => (await db().selectFrom('mail_outbox').select('id').where('to_address', '=', 'flood@acme.test').execute()).length;
    const before = await mails();
    for (let i = 0; i < RESENDS_PER_HOUR; i++) expect((await owner.post(of('ACME-0001', `/requests/${res.body.pending!.id}/resend`))).status).toBe(200);
    const refused = await owner.post(of('ACME-0001', `/requests/${res.body.pending!.id}/resend`));
    expect(refused.status).toBe(429);
    expect(problem(refused).code).toBe('too_many_requests');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await mails()).toBe(before + RESENDS_PER_HOUR);
    // An hour later it may be sent again.
    t.clock.advance(3_600_000);
    try {
      expect((await (await signedIn(t.url, 'owner@acme.test')).post(of('ACME-0001', `/requests/${res.body.pending!.id}/resend`))).status).toBe(200);
    } finally {
      t.clock.advance(-3_600_000);
    }
    const { etag: now } = await read(owner, 'ACME-0001');
    expect((await owner.request('DELETE', of('ACME-0001', `/requests/${res.body.pending!.id}`), undefined, { 'if-match': now })).status).toBeLessThan(300);
  });

  it('an expired link is refused (410) and activates nothing; resending gives a new link and the old one stops working', async () => {
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0002');
    const res = await finance.post<DeliverySetting>(of('ACME-0002', '/greenbill'), { email: 'late@acme.test', notify: 'email' }, { 'if-match': etag });
    expect(res.status).toBe(202);
    const first = await verificationLinkTo('late@acme.test');
    const resent = await finance.post<DeliverySetting>(of('ACME-0002', `/requests/${res.body.pending!.id}/resend`));
    expect(resent.status).toBe(200);
    sink.clear();
    const second = await verificationLinkTo('late@acme.test');
    expect(second).not.toBe(first);
    expect((await new ApiClient(t.url).post(`/api/v1/greenbill/verifications/${tokenOf(first)}`)).status).toBe(404);

    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 73 * 3_600_000));
    try {
      const expired = await new ApiClient(t.url).post(`/api/v1/greenbill/verifications/${tokenOf(second)}`);
      expect(expired.status).toBe(410);
      expect(problem(expired).code).toBe('link_expired');
      expect((await stored('ACME-0002')).setting?.channel).toBe('paper');
    } finally {
      t.clock.set(now);
    }
    // The pending address can be cancelled: its link stops working.
    const cancelled = await finance.request<DeliverySetting>('DELETE', of('ACME-0002', `/requests/${res.body.pending!.id}`));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'paper', pending: null });
    expect((await new ApiClient(t.url).get(`/api/v1/greenbill/verifications/${tokenOf(second)}`)).status).toBe(404);
  });
});

describe('GreenBill for fixed services covers every fixed account (EBL-2)', () => {
  it('a second fixed account the financial manager may not change: 403; the Access Owner activates both with one link', async () => {
    const second = await db().insertInto('billing_accounts').values({ customer_id: acme, number: 'ACME-0009', name: 'Acme fixed – depot', type: 'fix' })
      .returning('id').executeTakeFirstOrThrow();
    accounts.set('ACME-0009', second.id);
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0003');
    const refused = await finance.post(of('ACME-0003', '/greenbill'), { email: 'fixed@acme.test', notify: 'email' }, { 'if-match': etag });
    expect(refused.status).toBe(403);
    expect(problem(refused).detail).toContain('ACME-0009');
    expect((await stored('ACME-0003')).pending).toEqual([]);

    const owner = await as('owner@acme.test');
    const { etag: ownerTag } = await read(owner, 'ACME-0003');
    const res = await owner.post<DeliverySetting>(of('ACME-0003', '/greenbill'), { email: 'fixed@acme.test', notify: 'email', language: 'en' }, { 'if-match': ownerTag });
    expect(res.status).toBe(202);
    expect(res.body.pending?.coversFixedAccounts).toBe(true);
    expect((await read(owner, 'ACME-0009')).setting.state).toBe('pending');
    const link = await verificationLinkTo('fixed@acme.test');
    expect((await new ApiClient(t.url).get<Verification>(`/api/v1/greenbill/verifications/${tokenOf(link)}`)).body.billingAccountNumbers).toEqual(['ACME-0003', 'ACME-0009']);
    expect((await new ApiClient(t.url).post(`/api/v1/greenbill/verifications/${tokenOf(link)}`)).status).toBe(200);
    for (const n of ['ACME-0003', 'ACME-0009']) expect((await read(owner, n)).setting).toMatchObject({ channel: 'greenbill', state: 'active' });
  });
});

describe('Zoomit (EBL-6): invited, active only on the bank\'s signed acceptance', () => {
  let invitationId: string;

  it('a bad IBAN checksum, an unsupported bank or a bank of another country: 400 naming the field, nothing changes', async () => {
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0002');
    const before = await stored('ACME-0002');
    for (const [body, field, code] of [
      [{ iban: 'BE71 0961 2345 6768', bic: 'GKCCBEBB' }, 'body.iban', 'validation_failed'],
      [{ iban: IBAN_BELFIUS, bic: 'DEUTDEFF' }, 'body.bic', 'unsupported_bank'],
      [{ iban: 'NL91 ABNA 0417 1643 00', bic: 'GKCCBEBB' }, 'body.iban', 'validation_failed'],
    ] as const) {
      const res = await finance.post(of('ACME-0002', '/zoomit'), body, { 'if-match': etag });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(problem(res)).toMatchObject({ code, errors: [expect.objectContaining({ field })] });
    }
    expect(await stored('ACME-0002')).toEqual(before);
  });

  it('an IBAN whose Belgian bank code is of another bank than the chosen one: 422 naming body.iban, nothing changes', async () => {
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0002');
    const before = await stored('ACME-0002');
    for (const body of [
      // A Belfius account (096) said to be at KBC, and a KBC account (734) said to be at Belfius.
      { iban: IBAN_BELFIUS, bic: 'KREDBEBB' },
      { iban: 'BE09 7341 2345 6757', bic: 'GKCCBEBB' },
    ]) {
      const res = await finance.post(of('ACME-0002', '/zoomit'), body, { 'if-match': etag });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(problem(res)).toMatchObject({ code: 'iban_not_of_bank', errors: [expect.objectContaining({ field: 'body.iban' })] });
    }
    expect(await stored('ACME-0002')).toEqual(before);
  });

  it('the banks that offer Zoomit: each once, Crelan (which took over AXA Bank) among them', async () => {
    const finance = await as('finance@acme.test');
    const res = await finance.get<{ items: Array<{ bic: string; name: string }> }>(`${base()}/zoomit-banks`);
    expect(res.status).toBe(200);
    const names = res.body.items.map((b) => b.name);
    expect(names.filter((n) => /crelan/i.test(n))).toEqual(['Crelan']);
    expect(names.some((n) => /axa/i.test(n))).toBe(false);
    expect(new Set(res.body.items.map((b) => b.bic)).size).toBe(res.body.items.length);
  });

  it('an invitation leaves the delivery as it is until the bank reports the acceptance', async () => {
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0002');
    const res = await finance.post<DeliverySetting>(of('ACME-0002', '/zoomit'), { iban: IBAN_BELFIUS, bic: 'gkccbebb' }, { 'if-match': etag });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ channel: 'paper', state: 'invited', pending: { channel: 'zoomit', bic: 'GKCCBEBB' } });
    expect(res.body.pending!.iban).not.toContain('0961 2345');
    invitationId = res.body.pending!.id;
  });

  it('a bad signature, an old timestamp, an unknown invitation: refused, nothing changes', async () => {
    const body = { eventId: 'evt-1', invitationId, result: 'accepted' };
    const wrongKey = signed(body, t.clock.now(), 'not-the-secret');
    expect((await webhook(wrongKey.raw, wrongKey.headers)).status).toBe(401);
    // The body changed after signing.
    const good = signed(body);
    const tampered = await webhook(good.raw.replace('accepted', 'refused'), good.headers);
    expect(tampered.status).toBe(401);
    expect(problem(tampered).code).toBe('bad_signature');
    const old = signed(body, new Date(t.clock.now().getTime() - 600_000));
    const stale = await webhook(old.raw, old.headers);
    expect(stale.status).toBe(401);
    expect(problem(stale).code).toBe('stale_timestamp');
    const unknown = signed({ ...body, invitationId: '00000000-0000-4000-8000-000000000000' });
    expect((await webhook(unknown.raw, unknown.headers)).status).toBe(404);
    expect((await stored('ACME-0002')).setting?.channel).toBe('paper');
  });

  it('the signed acceptance activates Zoomit; the same report again is 409 and changes nothing', async () => {
    const report = signed({ eventId: 'evt-2', invitationId, result: 'accepted' });
    const res = await webhook(report.raw, report.headers);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const finance = await as('finance@acme.test');
    const { setting } = await read(finance, 'ACME-0002');
    expect(setting).toMatchObject({ channel: 'zoomit', state: 'active', bic: 'GKCCBEBB', pending: null });
    const replay = await webhook(report.raw, report.headers);
    expect(replay.status).toBe(409);
    expect(problem(replay).code).toBe('invitation_answered');
    const refusedLater = signed({ eventId: 'evt-3', invitationId, result: 'refused' });
    expect((await webhook(refusedLater.raw, refusedLater.headers)).status).toBe(409);
    expect((await read(finance, 'ACME-0002')).setting.version).toBe(setting.version);
  });
});

describe('deliveries of a closed period: once per channel, no paper beside GreenBill or Zoomit (EBL-3, EBL-5)', () => {
  it('the run schedules them, the sender hands them over, a second run and a second send change nothing', async () => {
    const ids = await loadRun(t, {
      invoices: [
        { account: 'ACME-0001', number: 'DLV-0001', month: '2026-12', lines: [{ amount: 10_000 }] },
        { account: 'ACME-0002', number: 'DLV-0002', month: '2026-12', lines: [{ amount: 20_000 }] },
        { account: 'ACME-0003', number: 'DLV-0003', month: '2026-12', lines: [{ amount: 30_000 }] },
      ],
    });
    const rows = await db().selectFrom('invoice_deliveries').select(['invoice_id', 'channel', 'status'])
      .where('invoice_id', 'in', [...ids.values()]).orderBy('channel').execute();
    const byInvoice = (n: string) => rows.filter((r) => r.invoice_id === ids.get(n)).map((r) => r.channel);
    expect(byInvoice('DLV-0001')).toEqual(['email', 'sms']);
    expect(byInvoice('DLV-0002')).toEqual(['zoomit']);
    expect(byInvoice('DLV-0003')).toEqual(['email']);

    const result = await sendDueDeliveries(depsOf(t.app));
    expect(result).toEqual({ done: 4, retried: 0, failed: 0 });
    expect(await sendDueDeliveries(depsOf(t.app))).toEqual({ done: 0, retried: 0, failed: 0 });
    await deliverMail(t.app);
    const announced = latestMailTo(sink, 'ap.invoices@acme.test')!;
    expect(announced.subject).toContain('DLV-0001');
    // GreenBill: the invoice itself arrives, as PDF (the terms: "received in PDF format at his e-mail address").
    expect(announced.attachments.map((a) => [a.filename, a.contentType])).toEqual([['DLV-0001.pdf', 'application/pdf']]);
    expect(announced.attachments[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(announced.text).toMatch(/The invoice is attached as PDF|De factuur zit als pdf in bijlage|La facture est jointe en PDF/);
    // An open invoice is announced with when it is due.
    expect(announced.text).toMatch(/due on \d|te betalen tegen \d|à payer pour le \d/);
    const shown = await (await as('operator@mandate.test')).get<{ items: Array<{ to: string; kind: string; attachment: string | null }> }>('/api/v1/operator/mailbox?to=ap.invoices');
    expect(shown.body.items.filter((m) => m.kind === 'invoice_ready').map((m) => m.attachment)).toEqual(['DLV-0001.pdf']);
    expect(shown.body.items.filter((m) => m.kind !== 'invoice_ready').every((m) => m.attachment === null)).toBe(true);

    const finance = await as('finance@acme.test');
    const history = await finance.get<DeliveryHistoryResponse>(of('ACME-0001', '/deliveries'));
    // The demo's earlier invoices went by post; this one by e-mail and SMS only.
    expect(history.body.items.filter((d) => d.invoiceNumber.startsWith('DLV-')).map((d) => [d.invoiceNumber, d.channel, d.status]).sort())
      .toEqual([['DLV-0001', 'email', 'sent'], ['DLV-0001', 'sms', 'sent']]);
    expect(history.body.items.filter((d) => !d.invoiceNumber.startsWith('DLV-')).every((d) => d.channel === 'paper')).toBe(true);
    // Keyset pages of 4 add up to the whole history, in the same order; a run's deliveries newest invoice first.
    const paged: string[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const res: { body: DeliveryHistoryResponse } = await finance.get<DeliveryHistoryResponse>(of('ACME-0001', `/deliveries?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      paged.push(...res.body.items.map((d) => d.id));
      cursor = res.body.nextCursor;
    }
    expect(paged).toEqual(history.body.items.map((d) => d.id));
    const demo = history.body.items.filter((d) => !d.invoiceNumber.startsWith('DLV-')).map((d) => d.invoiceNumber);
    expect(demo).toEqual([...demo].sort().reverse());
    // RET-1: the history names only invoices retention still shows; the demo's first months have left the window.
    expect(demo.length).toBeGreaterThan(0);
    for (const invoiceId of new Set(history.body.items.map((d) => d.invoiceId))) {
      expect((await finance.get(`/api/v1/customers/${acme}/invoices/${invoiceId}`)).status, invoiceId).toBe(200);
    }
    expect((await finance.get(of('ACME-0001', '/deliveries?cursor=not-a-cursor'))).status).toBe(400);
    expect(history.body.items.find((d) => d.channel === 'email')!.recipient).not.toBe('ap.invoices@acme.test');
    const zoomit = await finance.get<DeliveryHistoryResponse>(`/api/v1/customers/${acme}/invoices/${ids.get('DLV-0002')}/deliveries`);
    expect(zoomit.body.items.map((d) => [d.channel, d.status])).toEqual([['zoomit', 'delivered']]);

    const operator = await as('operator@mandate.test');
    const sms = await operator.get<SmsListResponse>('/api/v1/operator/mailbox/sms');
    expect(sms.body.items[0]).toMatchObject({ to: '+32470123456', kind: 'invoice_ready', text: expect.stringContaining('DLV-0001') });
  });

  it('a bounced announcement marks the delivery and the setting and tells who may change the account\'s delivery', async () => {
    const mail = await db().selectFrom('invoice_deliveries').select('mail_id').where('channel', '=', 'email').where('recipient', '=', 'ap.invoices@acme.test').executeTakeFirstOrThrow();
    const operator = await as('operator@mandate.test');
    const res = await operator.post<{ notified: number }>(`/api/v1/operator/mailbox/${mail.mail_id}/bounce`, { reason: '550 mailbox unknown' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.notified).toBeGreaterThanOrEqual(1);
    const finance = await as('finance@acme.test');
    expect((await read(finance, 'ACME-0001')).setting.lastBounce).toMatchObject({ reason: '550 mailbox unknown' });
    const history = await finance.get<DeliveryHistoryResponse>(of('ACME-0001', '/deliveries'));
    expect(history.body.items.find((d) => d.channel === 'email')).toMatchObject({ status: 'bounced', reason: '550 mailbox unknown' });
    await deliverMail(t.app);
    expect(latestMailTo(sink, 'finance@acme.test')?.text).toContain('550 mailbox unknown');
    expect((await operator.post(`/api/v1/operator/mailbox/${mail.mail_id}/bounce`, { reason: 'again' })).status).toBe(409);
  });
});

describe('Peppol BIS 3.0 and the return to paper', () => {
  it('Peppol is active at once with participant id 0208:<enterprise number>; the next invoice goes out as a checked UBL document', async () => {
    const finance = await as('finance@acme.test');
    const { etag } = await read(finance, 'ACME-0001');
    const res = await finance.post<DeliverySetting>(of('ACME-0001', '/peppol'), undefined, { 'if-match': etag });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const enterprise = (await db().selectFrom('customers').select('enterprise_number').where('id', '=', acme).executeTakeFirstOrThrow()).enterprise_number;
    expect(res.body).toMatchObject({ channel: 'peppol', state: 'active', peppolId: `0208:${enterprise.replace(/\D/g, '')}`, email: null });
    const ids = await loadRun(t, { invoices: [{ account: 'ACME-0001', number: 'DLV-0101', month: '2027-01', lines: [{ amount: 12_345 }, { amount: -345, chargeType: 'discount' }, { amount: 1_000, vatBp: 0 }] }] });
    await sendDueDeliveries(depsOf(t.app));
    const row = await db().selectFrom('invoice_deliveries').select(['channel', 'status', 'document', 'reason']).where('invoice_id', '=', ids.get('DLV-0101')!).execute();
    expect(row.map((r) => [r.channel, r.status, r.reason])).toEqual([['peppol', 'delivered', null]]);
    expect(row[0]!.document).toContain('urn:fdc:peppol.eu:2017:poacc:billing:3.0');
    expect(row[0]!.document).toContain('<cbc:ID>DLV-0101</cbc:ID>');
  });

  it('returning to paper offers the PDFs first (EBL-5) and then stops GreenBill for every fixed account together', async () => {
    const owner = await as('owner@acme.test');
    const preview = await owner.get<CancelPreview>(of('ACME-0003', '/cancel-preview'));
    expect(preview.status).toBe(200);
    expect(preview.body.accounts.map((a) => a.billingAccountNumber)).toEqual(['ACME-0003', 'ACME-0009']);
    expect(preview.body.invoices.map((i) => i.number)).toContain('DLV-0003');
    const { etag } = await read(owner, 'ACME-0003');
    const res = await owner.post<DeliverySetting>(of('ACME-0003', '/cancel'), undefined, { 'if-match': etag });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ channel: 'paper', state: 'paper', email: null });
    expect((await read(owner, 'ACME-0009')).setting.channel).toBe('paper');
    const again = await owner.post(of('ACME-0003', '/cancel'), undefined, { 'if-match': `"${res.body.version}"` });
    expect(again.status).toBe(409);
    // Paper again: the next invoice goes by post only.
    const ids = await loadRun(t, { invoices: [{ account: 'ACME-0003', number: 'DLV-0103', month: '2027-01', lines: [{ amount: 5_000 }] }] });
    const rows = await db().selectFrom('invoice_deliveries').select(['channel', 'status']).where('invoice_id', '=', ids.get('DLV-0103')!).execute();
    expect(rows).toEqual([{ channel: 'paper', status: 'sent' }]);
  });
});
