import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createTransport } from 'nodemailer';
import { claimDueMail, markMailAttemptFailed, markMailSent, type ClaimedMail } from './mail.repo.ts';

/**
 * The sender of the mail outbox (issue 3 "Mail"): a PostgreSQL-backed queue. Each run claims the
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
 * Time comes from app.clock, so tests move the clock to make retries due.
 */
export async function sendPendingMail(app: FastifyInstance, overrides: Partial<MailSendPolicy> = {}): Promise<MailSendResult> {
  const result: MailSendResult = { sent: 0, retried: 0, failed: 0 };
  const { smtpUrl, mailFrom } = app.config;
  if (!smtpUrl) return result;
  const policy = { ...DEFAULT_MAIL_SEND_POLICY, ...overrides };
  // Short timeouts (unless the URL says otherwise): a dead server costs an attempt, not the lease.
  const transport = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS }, { from: mailFrom });
  try {
    const seen = new Set<string>();
    for (;;) {
      const now = app.clock.now();
      const batch = await claimDueMail(app.db, now, new Date(now.getTime() + policy.leaseMs), policy.batchSize);
      // A mail due again within this run (a zero backoff) waits for the next run.
      const fresh = batch.filter((mail) => !seen.has(mail.id));
      for (const mail of batch) seen.add(mail.id);
      for (const mail of fresh) await sendOne(app, transport, mail, policy, result);
      if (batch.length < policy.batchSize || fresh.length === 0) break;
    }
  } finally {
    transport.close();
  }
  return result;
}

async function sendOne(
  app: FastifyInstance,
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
    });
  } catch (error) {
    const message = describeError(error);
    const giveUp = mail.attempts >= policy.maxAttempts;
    const retryAt = giveUp ? null : new Date(app.clock.now().getTime() + retryDelayMs(mail.attempts, policy));
    await markMailAttemptFailed(app.db, mail.id, message, retryAt);
    app.log.warn({ mailId: mail.id, attempts: mail.attempts, giveUp, err: message }, 'mail not sent');
    if (giveUp) result.failed++;
    else result.retried++;
    return;
  }
  await markMailSent(app.db, mail.id, app.clock.now());
  result.sent++;
}

export interface MailSenderTimer {
  /** Runs the sender now unless a run is already under way (then waits for that one). */
  tick(): Promise<void>;
  /** Stops the timer and waits for a run under way to finish. */
  stop(): Promise<void>;
}

/**
 * Runs the sender every `intervalMs` (real time: the timer only wakes the sender; what is due is
 * decided by app.clock). Runs never overlap within a process; errors are logged, never thrown.
 */
export function startMailSenderTimer(app: FastifyInstance, intervalMs: number, overrides: Partial<MailSendPolicy> = {}): MailSenderTimer {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= sendPendingMail(app, overrides)
      .then(() => undefined, (error: unknown) => app.log.error({ err: describeError(error) }, 'mail sender run failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Starts the sender with the app when SMTP is configured and the interval is not 0
 * (onReady), and stops it on close (waiting for a run under way to finish).
 */
export default fp(async function mailSenderPlugin(app: FastifyInstance) {
  let timer: MailSenderTimer | null = null;
  app.addHook('onReady', async () => {
    if (!app.config.smtpUrl) {
      app.log.info('SMTP_URL is not set: mails stay in the outbox (operator staff read them on the development mailbox, /mailbox)');
      return;
    }
    if (app.config.mailSendIntervalMs === 0) return;
    timer = startMailSenderTimer(app, app.config.mailSendIntervalMs);
  });
  app.addHook('onClose', async () => {
    await timer?.stop();
    timer = null;
  });
});
