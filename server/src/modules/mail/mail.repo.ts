import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { frenchElision } from '@mandate/domain/french';
import type { Language } from '@mandate/domain/profiles';

/** A text in the three portal languages; `{name}` placeholders are filled from `params`. */
export type Localized = Record<Language, string>;

export interface MailMessage {
  kind: string;
  subject: Localized;
  text: Localized;
}

export interface OutgoingMail {
  to: string;
  /** The recipient's language: the mail is written in it. */
  language: Language;
  message: MailMessage;
  params?: Record<string, string>;
  customerId?: string | null;
  /** One file the mail carries (a GreenBill invoice's PDF). */
  attachment?: { name: string; content: Buffer } | undefined;
}

function fill(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}

/**
 * A mail's text in its language. French as the screens write it: the typographic apostrophe in the
 * portal's own words (not in what was filled in, such as a typed reason), and "de" or "que"
 * elided before a name that starts with a vowel ("d’Acme").
 */
export function mailText(template: string, language: Language, params: Record<string, string> = {}): string {
  return language === 'fr' ? frenchElision(fill(template.replace(/'/g, '\u2019'), params)) : fill(template, params);
}

/**
 * Writes a mail to the outbox in the caller's transaction: it is sent only if the change commits,
 * and always if it does (the sender job retries).
 */
export async function enqueueMail(trx: Kysely<DB>, mail: OutgoingMail, now: Date): Promise<string> {
  const row = await trx
    .insertInto('mail_outbox')
    .values({
      to_address: mail.to,
      language: mail.language,
      kind: mail.message.kind,
      subject: mailText(mail.message.subject[mail.language], mail.language, mail.params),
      body_text: mailText(mail.message.text[mail.language], mail.language, mail.params),
      customer_id: mail.customerId ?? null,
      attachment_name: mail.attachment?.name ?? null,
      attachment: mail.attachment?.content ?? null,
      created_at: now,
      next_attempt_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A mail the sender has claimed: it owns it until `next_attempt_at` (the lease) passes. */
export interface ClaimedMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  language: string;
  attempts: number;
  attachmentName: string | null;
  attachment: Uint8Array | null;
}

/**
 * Claims up to `limit` due mails in one statement: the rows are locked with FOR UPDATE SKIP LOCKED
 * (a concurrent sender skips them, on PostgreSQL and PGlite alike), their attempt is counted, and
 * `next_attempt_at` moves to the end of a lease so no other sender picks them up while this one
 * talks to the SMTP server. A sender that dies mid-way leaves them due again when the lease ends.
 */
export async function claimDueMail(db: Kysely<DB>, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMail[]> {
  return db
    .updateTable('mail_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    // The sub-select re-checks a row updated meanwhile by another sender (READ COMMITTED re-evaluation).
    .where('status', '=', 'pending')
    .returning(['id', 'to_address as to', 'subject', 'body_text as text', 'language', 'attempts', 'attachment_name as attachmentName', 'attachment'])
    .execute();
}

/** Delivered: never sent again (only a pending mail is marked). */
export async function markMailSent(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();  // A mail that announces an invoice (GreenBill) carries that invoice's delivery along.
  await db
    .updateTable('invoice_deliveries')
    .set({ status: 'sent', sent_at: now, reason: null, updated_at: now })
    .where('mail_id', '=', id)
    .where('status', '=', 'queued')
    .execute();
}

/** A failed attempt: due again at `retryAt`, or given up ('failed') when `retryAt` is null. */
export async function markMailAttemptFailed(db: Kysely<DB>, id: string, error: string, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set(retryAt ? { last_error: error, next_attempt_at: retryAt } : { last_error: error, status: 'failed' })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();  if (!retryAt) {
    await db
      .updateTable('invoice_deliveries')
      .set({ status: 'failed', reason: error, updated_at: new Date() })
      .where('mail_id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  }
}

export interface MailboxRow {
  id: string;
  to: string;
  language: string;
  kind: string;
  subject: string;
  text: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  attachmentName: string | null;
  /** created_at at the database's full (microsecond) precision, for the keyset cursor. */
  sortKey: string;
}

/** The development mailbox: the whole outbox, newest first, keyset-paged on (created_at, id). */
export function listMailbox(
  db: Kysely<DB>,
  query: { to?: string | undefined; after?: readonly [string, string] | undefined; limit: number },
): Promise<MailboxRow[]> {
  let q = db
    .selectFrom('mail_outbox as m')
    .select([
      'm.id', 'm.to_address as to', 'm.language', 'm.kind', 'm.subject', 'm.body_text as text', 'm.status', 'm.attempts',
      'm.last_error as lastError', 'm.created_at as createdAt', 'm.sent_at as sentAt', 'm.attachment_name as attachmentName',
      sql<string>`to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('sortKey'),
    ]);
  if (query.to) {
    const like = `%${query.to.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<string>`lower(m.to_address)`, 'like', like);
  }
  if (query.after) {
    const [createdAt, id] = query.after;
    q = q.where(sql<boolean>`(m.created_at, m.id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(query.limit + 1).execute();
}
