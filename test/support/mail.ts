import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { DB } from '@mandate/db/database.types';
import { sendPendingMail, type MailSendResult } from '@mandate/server/modules/mail/mail.service';
import { depsOf } from '@mandate/server/lib/deps';

/**
 * Mail in tests: a real SMTP server that keeps what it receives, helpers to find
 * the latest mail to an address and follow its links, and a direct read of the outbox.
 *
 *   const sink = await startSmtpSink();
 *   const t = await startTestApp({ config: { smtpUrl: sink.url } });
 *   … the change that writes a mail …
 *   await deliverMail(t.app);                         // one run of the sender (the timer is off in tests)
 *   const mail = latestMailTo(sink, 'new@acme.test'); // { to, from, subject, text, headers, … }
 *   const [link] = extractLinks(mail!.text);
 *   await sink.close();
 */

export interface ReceivedMail {
  /** The envelope recipients (RCPT TO), lower-case. */
  to: string[];
  /** The envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** The From header. */
  from: string;
  subject: string;
  /** The decoded text/plain body (line breaks as \n, no trailing newline). */
  text: string;
  /** The files a multipart mail carries. */
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
  /** Header names lower-case; folded lines unfolded; encoded words decoded. */
  headers: Record<string, string>;
  raw: string;
  receivedAt: Date;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> — give it to the app as config.smtpUrl. */
  readonly url: string;
  readonly port: number;
  /** Every mail received, oldest first. */
  readonly messages: ReceivedMail[];
  /** Stops listening (the SMTP server is down: connections are refused); the port is kept for start(). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Forgets the mails received so far. */
  clear(): void;
  /** Resolves with the first mail (already received or still to come) that matches, or rejects after timeoutMs. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// A small RFC 5322 / MIME reader: enough for the mails nodemailer writes (text, or text and files).

function decodeQuotedPrintable(input: string): Buffer {
  const soft = input.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** =?UTF-8?Q?…?= and =?UTF-8?B?…?= (RFC 2047); whitespace between two encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, charset: string, encoding: string, data: string) => {
      const buffer = encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return buffer.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
    });
}

export function parseMail(raw: string): Pick<ReceivedMail, 'headers' | 'from' | 'subject' | 'text' | 'attachments'> {
  const { headers, bytes } = parsePart(raw);
  const boundary = /multipart\/[\w-]+;.*boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) return { headers, from: headers.from ?? '', subject: headers.subject ?? '', text: textOf(bytes), attachments: [] };
  // multipart/mixed (a text part, then the files), as nodemailer writes a mail with attachments.
  const parts = raw.split(`--${boundary}`).slice(1, -1).map((part) => parsePart(part.replace(/^\r?\n/, '')));
  const text = parts.find((part) => (part.headers['content-type'] ?? 'text/plain').startsWith('text/plain'));
  const attachments = parts
    .filter((part) => /attachment/i.test(part.headers['content-disposition'] ?? ''))
    .map((part) => ({
      filename: /filename="?([^";]+)"?/i.exec(part.headers['content-disposition'] ?? '')?.[1] ?? '',
      contentType: (part.headers['content-type'] ?? '').split(';')[0]!.trim(),
      content: part.bytes,
    }));
  return { headers, from: headers.from ?? '', subject: headers.subject ?? '', text: text ? textOf(text.bytes) : '', attachments };
}

const textOf = (bytes: Buffer) => bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n+$/, '');

function parsePart(raw: string): { headers: Record<string, string>; bytes: Buffer } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : Buffer.from(body, 'utf8');
  return { headers, bytes };
}

// ---------------------------------------------------------------------------------------------

/** A real SMTP server (smtp-server) on a random port of 127.0.0.1 that keeps every mail it receives. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<{ match: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }>();
  let server: SMTPServer | null = null;
  let port = 0;

  const listen = async () => {
    const s = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail: ReceivedMail = {
            ...parseMail(raw),
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            raw,
            receivedAt: new Date(),
          };
          messages.push(mail);
          for (const waiter of [...waiters]) {
            if (waiter.match(mail)) {
              waiters.delete(waiter);
              waiter.resolve(mail);
            }
          }
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve();
      });
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };

  const stop = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    stop,
    start: async () => {
      if (!server) await listen();
    },
    clear: () => {
      messages.length = 0;
    },
    waitFor: (match, timeoutMs = 5000) => {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter = { match, resolve: (mail: ReceivedMail) => (clearTimeout(timer), resolve(mail)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching mail within ${timeoutMs} ms (received: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none'})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: stop,
  };
}

/** The latest mail received for an address (case-insensitive), or undefined. */
export function latestMailTo(sink: SmtpSink, address: string): ReceivedMail | undefined {
  const wanted = address.toLowerCase();
  return sink.messages.findLast((m) => m.to.includes(wanted));
}

/** Every http(s) link in a text, in order, without trailing punctuation. */
export function extractLinks(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
}

export interface OutboxMail {
  id: string;
  to: string;
  language: string;
  kind: string;
  subject: string;
  text: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  customerId: string | null;
}

/** The outbox rows for an address (case-insensitive), oldest first: what was written, whether sent or not. */
export function outboxFor(db: Kysely<DB>, address: string): Promise<OutboxMail[]> {
  return db
    .selectFrom('mail_outbox')
    .select([
      'id', 'to_address as to', 'language', 'kind', 'subject', 'body_text as text', 'status', 'attempts', 'last_error as lastError',
      'next_attempt_at as nextAttemptAt', 'created_at as createdAt', 'sent_at as sentAt', 'customer_id as customerId',
    ])
    .where((eb) => eb(eb.fn('lower', ['to_address']), '=', address.toLowerCase()))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The token of the newest invitation link mailed to `address` (from the outbox), if any. */
export async function invitationTokenFor(db: Kysely<DB>, address: string): Promise<string | undefined> {
  const mail = (await outboxFor(db, address)).filter((m) => /\/invitation\//.test(m.text)).at(-1);
  return mail ? /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] : undefined;
}

/**
 * Accepts the newest invitation mailed to `address` as its recipient would, choosing `password`
 * (ROLE-7: an added user is a member only once he accepts). The answer's status, or undefined when
 * no invitation was mailed.
 */
export async function acceptInvitation(db: Kysely<DB>, baseUrl: string, address: string, password = 'a-long-enough-password'): Promise<number | undefined> {
  const token = await invitationTokenFor(db, address);
  if (!token) return undefined;
  const res = await fetch(`${baseUrl}/api/v1/invitations/${token}/accept`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }),
  });
  return res.status;
}

/** One run of the app's mail sender (in tests the timer is off): sends every due mail to config.smtpUrl. */
export function deliverMail(app: FastifyInstance): Promise<MailSendResult> {
  return sendPendingMail(depsOf(app));
}
