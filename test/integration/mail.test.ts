import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxResponse } from '@mandate/contracts/mail';
import type { Language } from '@mandate/domain/profiles';
import { buildApp } from '@mandate/server/app';
import { testConfig } from '@mandate/server/config';
import { enqueueMail, type MailMessage } from '@mandate/server/modules/mail/mail.repo';
import { DEFAULT_MAIL_SEND_POLICY, retryDelayMs, sendPendingMail } from '@mandate/server/modules/mail/mail.service';
import { ApiClient, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { deliverMail, extractLinks, latestMailTo, outboxFor, startSmtpSink, type SmtpSink } from '../support/mail.ts';
import { PERSONAS, type Persona } from './role-matrix.table.ts';

/**
 * Mail: the transactional outbox, its sender (nodemailer over real SMTP to an
 * smtp-server sink, retries with exponential backoff on the injected clock, never twice), and
 * the development mailbox (operator staff only, never in production).
 */

const MESSAGE: MailMessage = {
  kind: 'test.invitation',
  subject: { nl: 'Uitnodiging voor {company}', fr: 'Invitation à rejoindre {company}', en: 'Invitation to {company}' },
  text: {
    nl: 'Hallo {name},\n\nKlik hier: {link}\n\nTot ziens.',
    fr: 'Bonjour {name},\n\nCliquez ici : {link}.\n\nÀ bientôt, l’équipe.',
    en: 'Hello {name},\n\nClick here: {link}\n\nBye.',
  },
};

let sink: SmtpSink;
let t: TestApp;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ config: { smtpUrl: sink.url } });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}@mail.test`;

async function enqueue(to: string, language: Language = 'en', params: Record<string, string> = {}) {
  await t.app.db.transaction().execute((trx) =>
    enqueueMail(trx, { to, language, message: MESSAGE, params: { company: 'Acme Belgium NV', name: 'Eva', link: 'http://portal.test/x', ...params } }, t.clock.now()),
  );
}

describe('the transactional outbox', () => {
  it('a mail written in a transaction that rolls back is never written, so never sent', async () => {
    const to = unique('rollback');
    await expect(
      t.app.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, { to, language: 'en', message: MESSAGE }, t.clock.now());
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await outboxFor(t.app.db, to)).toEqual([]);
    await deliverMail(t.app);
    expect(latestMailTo(sink, to)).toBeUndefined();
  });

  it('a committed mail is delivered over SMTP in the recipient’s language, with its links, once', async () => {
    const to = unique('Committed');
    await enqueue(to, 'fr', { link: 'http://portal.test/invitations/abc?token=x1' });
    const [queued] = await outboxFor(t.app.db, to);
    expect(queued).toMatchObject({ status: 'pending', attempts: 0, language: 'fr', subject: 'Invitation à rejoindre Acme Belgium NV' });

    const result = await sendPendingMail(t.app);
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const mail = latestMailTo(sink, to);
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual([to.toLowerCase()]);
    expect(mail!.subject).toBe('Invitation à rejoindre Acme Belgium NV');
    expect(mail!.text).toBe('Bonjour Eva,\n\nCliquez ici : http://portal.test/invitations/abc?token=x1.\n\nÀ bientôt, l’équipe.');
    expect(mail!.from).toBe('Mandate <no-reply@mandate.test>');
    expect(mail!.headers['content-language']).toBe('fr');
    expect(mail!.headers['message-id']).toBe(`<${queued!.id}@mandate.outbox>`);
    expect(extractLinks(mail!.text)).toEqual(['http://portal.test/invitations/abc?token=x1']);

    const [sent] = await outboxFor(t.app.db, to);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(sent!.sentAt?.getTime()).toBe(t.clock.now().getTime());

    // Idempotent: another run does not send it again.
    const count = sink.messages.length;
    await sendPendingMail(t.app);
    expect(sink.messages.length).toBe(count);
  });

  it('SMTP down: the mail is retried with exponential backoff on the clock, then delivered when the server is back', async () => {
    const to = unique('retry');
    await sink.stop();
    try {
      await enqueue(to, 'nl');
      expect((await sendPendingMail(t.app)).retried).toBeGreaterThanOrEqual(1);
      let [row] = await outboxFor(t.app.db, to);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row!.lastError).toBeTruthy();
      expect(row!.nextAttemptAt.getTime()).toBe(t.clock.now().getTime() + retryDelayMs(1));

      // Not due yet: no attempt.
      t.clock.advance(retryDelayMs(1) - 1000);
      await sendPendingMail(t.app);
      [row] = await outboxFor(t.app.db, to);
      expect(row!.attempts).toBe(1);

      // Due: a second attempt, and the delay doubles.
      t.clock.advance(1000);
      await sendPendingMail(t.app);
      [row] = await outboxFor(t.app.db, to);
      expect(row).toMatchObject({ status: 'pending', attempts: 2 });
      expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
      expect(row!.nextAttemptAt.getTime()).toBe(t.clock.now().getTime() + retryDelayMs(2));
    } finally {
      await sink.start();
    }
    t.clock.advance(retryDelayMs(2));
    await sendPendingMail(t.app);
    const [row] = await outboxFor(t.app.db, to);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(latestMailTo(sink, to)?.subject).toBe('Uitnodiging voor Acme Belgium NV');
  });

  it(`gives up after ${DEFAULT_MAIL_SEND_POLICY.maxAttempts} attempts: the mail is failed and never tried again`, async () => {
    const to = unique('giveup');
    await sink.stop();
    try {
      await enqueue(to);
      for (let attempt = 1; attempt <= DEFAULT_MAIL_SEND_POLICY.maxAttempts; attempt++) {
        await sendPendingMail(t.app);
        const [row] = await outboxFor(t.app.db, to);
        expect(row!.attempts).toBe(attempt);
        expect(row!.status).toBe(attempt < DEFAULT_MAIL_SEND_POLICY.maxAttempts ? 'pending' : 'failed');
        t.clock.advance(retryDelayMs(attempt));
      }
    } finally {
      await sink.start();
    }
    t.clock.advance(24 * 3600_000);
    await sendPendingMail(t.app);
    const [row] = await outboxFor(t.app.db, to);
    expect(row).toMatchObject({ status: 'failed', attempts: DEFAULT_MAIL_SEND_POLICY.maxAttempts, sentAt: null });
    expect(row!.lastError).toBeTruthy();
    expect(latestMailTo(sink, to)).toBeUndefined();
  });

  it('two senders running at the same time (two app processes on one database) never send a mail twice', async () => {
    const second = await buildApp({ config: testConfig({ smtpUrl: sink.url }), database: t.database, clock: t.clock });
    try {
      const addresses = Array.from({ length: 30 }, (_, i) => unique(`concurrent${i}`));
      for (const to of addresses) await enqueue(to);
      const before = sink.messages.length;
      const results = await Promise.all([
        sendPendingMail(t.app, { batchSize: 5 }),
        sendPendingMail(second, { batchSize: 5 }),
        sendPendingMail(t.app, { batchSize: 5 }),
      ]);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(addresses.length);
      const received = sink.messages.slice(before).map((m) => m.to[0]!);
      expect(received.length).toBe(addresses.length);
      expect(new Set(received)).toEqual(new Set(addresses.map((a) => a.toLowerCase())));
      for (const to of addresses) expect((await outboxFor(t.app.db, to))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await second.close();
    }
  });

  it('the app starts the sender on ready when SMTP is configured, and stops it on close', async () => {
    const own = await startTestApp({ config: { smtpUrl: sink.url, mailSendIntervalMs: 25 } });
    try {
      const to = unique('timer');
      await own.app.db.transaction().execute((trx) => enqueueMail(trx, { to, language: 'en', message: MESSAGE }, own.clock.now()));
      const mail = await sink.waitFor((m) => m.to.includes(to), 10_000);
      expect(mail.subject).toBe('Invitation to {company}');
    } finally {
      await own.close();
    }
  });

  it('without SMTP_URL the mails stay pending in the outbox', async () => {
    const own = await startTestApp();
    try {
      const to = unique('nosmtp');
      await own.app.db.transaction().execute((trx) => enqueueMail(trx, { to, language: 'en', message: MESSAGE }, own.clock.now()));
      expect(await sendPendingMail(own.app)).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(await outboxFor(own.app.db, to)).toMatchObject([{ status: 'pending', attempts: 0 }]);
    } finally {
      await own.close();
    }
  });
});

describe('a real mail, followed like a person would (tests receive real SMTP and follow the links)', () => {
  it('ROLE-1: the AO adds a user → the invitation arrives over SMTP in his language → its link sets the password once', async () => {
    const owner = await signedIn(t.url, 'owner@acme.test');
    const acme = (await t.app.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
    const email = unique('invited');
    const created = await owner.post(`/api/v1/customers/${acme}/users`, {
      email, firstName: 'Inès', lastName: 'Invitée', language: 'fr', profile: 'service_user', employmentBasis: 'employment_indefinite', employmentEnd: null,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await deliverMail(t.app);
    const mail = await sink.waitFor((m) => m.to.includes(email.toLowerCase()));
    expect(mail.headers['content-language']).toBe('fr');
    expect(mail.text).toMatch(/Bonjour Inès/);
    const link = extractLinks(mail.text).find((l) => /\/invitation\//.test(l));
    expect(link, mail.text).toBeDefined();
    const token = new URL(link!).pathname.split('/').pop()!;
    const password = 'A-long-enough-password-1';
    expect((await new ApiClient(t.url).post(`/api/v1/invitations/${token}/accept`, { password })).status).toBe(200);
    expect((await new ApiClient(t.url).post(`/api/v1/invitations/${token}/accept`, { password })).status).toBe(410);
    expect((await new ApiClient(t.url).login(email, password)).status).toBe(200);
  });

  it('with PUBLIC_URL the invitation link points there, whatever Host header the request carried', async () => {
    const own = await startTestApp({ config: { smtpUrl: sink.url, publicUrl: 'https://portal.example.test/mandate' } });
    try {
      const owner = await signedIn(own.url, 'owner@acme.test');
      const acme = (await own.app.db.selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
      const email = unique('public-url');
      const response = await fetch(`${own.url}/api/v1/customers/${acme}/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json', host: 'evil.example.test' },
        body: JSON.stringify({ email, firstName: 'Paul', lastName: 'Public', language: 'en', profile: 'service_user', employmentBasis: 'employment_indefinite', employmentEnd: null }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      await deliverMail(own.app);
      const mail = await sink.waitFor((m) => m.to.includes(email.toLowerCase()));
      const link = extractLinks(mail.text).find((l) => /\/invitation\//.test(l));
      expect(link, mail.text).toMatch(/^https:\/\/portal\.example\.test\/mandate\/invitation\/[^/]+$/);
      expect(mail.text).not.toContain('evil.example.test');
    } finally {
      await own.close();
    }
  });
});

describe('GET /api/v1/operator/mailbox (development mailbox)', () => {
  it('operator staff read the outbox newest first, filter by recipient and page with a keyset cursor', async () => {
    const operator = await signedIn(t.url, 'operator@mandate.test');
    const to = unique('mailbox');
    for (const language of ['nl', 'fr', 'en'] as const) {
      await enqueue(to, language);
      t.clock.advance(1000);
    }
    const first = await operator.get<MailboxResponse>(`/api/v1/operator/mailbox?to=${encodeURIComponent(to.toUpperCase())}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.smtpConfigured).toBe(true);
    expect(first.body.items.map((m) => m.language)).toEqual(['en', 'fr']);
    expect(first.body.items[0]).toMatchObject({ to, kind: 'test.invitation', subject: 'Invitation to Acme Belgium NV', status: 'pending', attempts: 0, sentAt: null });
    expect(first.body.items[0]!.text).toContain('Click here: http://portal.test/x');
    expect(first.body.nextCursor).toBeTruthy();
    const second = await operator.get<MailboxResponse>(`/api/v1/operator/mailbox?to=${encodeURIComponent(to)}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(second.status).toBe(200);
    expect(second.body.items.map((m) => m.language)).toEqual(['nl']);
    expect(second.body.nextCursor).toBeNull();

    const all = await operator.get<MailboxResponse>('/api/v1/operator/mailbox?limit=200');
    expect(all.body.items.length).toBeGreaterThan(3);
  });

  it('answers 400 on a cursor it did not give out and on a bad limit, never 500', async () => {
    const operator = await signedIn(t.url, 'operator@mandate.test');
    const forged = Buffer.from(JSON.stringify(['not a date', 'not a uuid'])).toString('base64url');
    for (const query of [`cursor=${forged}`, 'cursor=%%%', 'limit=0', 'limit=abc', 'unknown=1']) {
      const res = await operator.get(`/api/v1/operator/mailbox?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it.each(Object.keys(PERSONAS) as Persona[])('as %s: operator 200, anonymous 401, everyone else 403', async (persona) => {
    const email = PERSONAS[persona];
    const client = email ? await signedIn(t.url, email) : new ApiClient(t.url);
    const res = await client.get('/api/v1/operator/mailbox');
    expect(res.status).toBe(persona === 'operator' ? 200 : persona === 'anonymous' ? 401 : 403);
  });

  it('does not exist in production: 404 for everyone, operator staff included', async () => {
    const prod = await startTestApp({ config: { nodeEnv: 'production' } });
    try {
      const operator = new ApiClient(prod.url);
      expect((await operator.login('operator@mandate.test')).status).toBe(200);
      const res = await operator.get('/api/v1/operator/mailbox');
      expect(res.status).toBe(404);
      expect((await new ApiClient(prod.url).get('/api/v1/operator/mailbox')).status).toBe(404);
      const spec = await new ApiClient(prod.url).get<{ paths: Record<string, unknown> }>('/api/openapi.json');
      expect(Object.keys(spec.body.paths)).not.toContain('/api/v1/operator/mailbox');
    } finally {
      await prod.close();
    }
  });

  it('says when no SMTP server is configured (the mails wait in the mailbox)', async () => {
    const own = await startTestApp();
    try {
      const operator = await signedIn(own.url, 'operator@mandate.test');
      const res = await operator.get<MailboxResponse>('/api/v1/operator/mailbox');
      expect(res.status).toBe(200);
      expect(res.body.smtpConfigured).toBe(false);
    } finally {
      await own.close();
    }
  });
});
