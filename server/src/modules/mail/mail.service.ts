import { createTransport } from 'nodemailer';
import type { MailboxItem, MailboxQuery, MailboxResponse } from '@mandate/contracts/mail';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { claimDueMail, listMailbox, markMailAttemptFailed, markMailSent, type ClaimedMail, type MailboxRow } from './mail.repo.ts';

/**
 * The sender of the mail outbox: a PostgreSQL-backed queue. Each run claims the
 * due mails (FOR UPDATE SKIP LOCKED, then a lease), sends them over SMTP with nodemailer, and
 * marks each one sent, or due again after an exponential backoff, or failed after the last attempt.
 * Any number of API processes may run it at the same time: a mail is claimed by one of them only.
 */
export interface MailSendPolicy {
  /** Mails claimed per run. */
  batchSize: number;
  /** Attempts before a mail is given up ('failed'). */
  maxAttempts: number;
  /** Delay after the first failed attempt; doubled after each further one, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed mail belongs to the sender that claimed it (longer than any SMTP timeout). */
  leaseMs: number;
}

export const DEFAULT_MAIL_SEND_POLICY: Readonly<MailSendPolicy> = Object.freeze({
  batchSize: 20,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  leaseMs: 5 * 60_000,
});

/** The delay before the next attempt after `attempts` attempts: 30 s, 1 min, 2 min, 4 min… at most 1 h. */
export function retryDelayMs(attempts: number, policy: MailSendPolicy = DEFAULT_MAIL_SEND_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export interface MailSendResult {
  sent: number;
  retried: number;
  failed: number;
}

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 1000);
}

/**
 * One run of the sender: sends every due mail (batch after batch) and returns what happened.
 * Without SMTP_URL it does nothing: the mails stay pending in the outbox (the development mailbox).
 * Time comes from the injected clock, so tests move the clock to make retries due.
 */
export async function sendPendingMail(deps: Deps, overrides: Partial<MailSendPolicy> = {}): Promise<MailSendResult> {
  const result: MailSendResult = { sent: 0, retried: 0, failed: 0 };
  const { smtpUrl, mailFrom } = deps.config;
  if (!smtpUrl) return result;
  const policy = { ...DEFAULT_MAIL_SEND_POLICY, ...overrides };
  // Short timeouts (unless the URL says otherwise): a dead server costs an attempt, not the lease.
  const transport = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS }, { from: mailFrom });
  try {
    const seen = new Set<string>();
    for (;;) {
      const now = deps.clock.now();
      const batch = await claimDueMail(deps.db, now, new Date(now.getTime() + policy.leaseMs), policy.batchSize);
      // A mail due again within this run (a zero backoff) waits for the next run.
      const fresh = batch.filter((mail) => !seen.has(mail.id));
      for (const mail of batch) seen.add(mail.id);
      for (const mail of fresh) await sendOne(deps, transport, mail, policy, result);
      if (batch.length < policy.batchSize || fresh.length === 0) break;
    }
  } finally {
    transport.close();
  }
  return result;
}

async function sendOne(
  deps: Deps,
  transport: ReturnType<typeof createTransport>,
  mail: ClaimedMail,
  policy: MailSendPolicy,
  result: MailSendResult,
): Promise<void> {
  try {
    await transport.sendMail({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      // A stable id: a mail sent again after a crash between sending and marking is recognisably the same.
      messageId: `<${mail.id}@mandate.outbox>`,
      headers: { 'Content-Language': mail.language, 'X-Mandate-Mail-Id': mail.id },
      ...(mail.attachmentName && mail.attachment
        ? { attachments: [{ filename: mail.attachmentName, content: Buffer.from(mail.attachment), contentType: 'application/pdf' }] }
        : {}),
    });
  } catch (error) {
    const message = describeError(error);
    const giveUp = mail.attempts >= policy.maxAttempts;
    const retryAt = giveUp ? null : new Date(deps.clock.now().getTime() + retryDelayMs(mail.attempts, policy));
    await markMailAttemptFailed(deps.db, mail.id, message, retryAt);
    deps.log.warn({ mailId: mail.id, attempts: mail.attempts, giveUp, err: message }, 'mail not sent');
    if (giveUp) result.failed++;
    else result.retried++;
    return;
  }
  await markMailSent(deps.db, mail.id, deps.clock.now());
  result.sent++;
}

/** The development mailbox pages newest first on (created_at, id). */
const MAILBOX_KEYSET = keyset('mailbox', 'timestamp', 'uuid');

function toMailboxItem(row: MailboxRow): MailboxItem {
  return {
    id: row.id,
    to: row.to,
    language: row.language as MailboxItem['language'],
    kind: row.kind,
    subject: row.subject,
    text: row.text,
    status: row.status as MailboxItem['status'],
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt ? new Date(row.sentAt).toISOString() : null,
    attachment: row.attachmentName,
  };
}

/** One page of the development mailbox (the whole outbox), optionally only the mails to an address like `to`. */
export async function readMailbox(deps: Deps, query: MailboxQuery): Promise<MailboxResponse> {
  const { limit = 50, to } = query;
  const rows = await listMailbox(deps.db, { to, after: decodeCursor(MAILBOX_KEYSET, query.cursor), limit });
  return { ...toPage(rows, limit, MAILBOX_KEYSET, (r) => [r.sortKey, r.id], toMailboxItem), smtpConfigured: Boolean(deps.config.smtpUrl) };
}
