import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
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
}

function fill(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}

/**
 * Writes a mail to the outbox in the caller's transaction: it is sent only if the change commits,
 * and always if it does (the sender job retries).
 */
export async function enqueueMail(trx: Kysely<DB>, mail: OutgoingMail, now: Date): Promise<void> {
  await trx
    .insertInto('mail_outbox')
    .values({
      to_address: mail.to,
      language: mail.language,
      kind: mail.message.kind,
      subject: fill(mail.message.subject[mail.language], mail.params),
      body_text: fill(mail.message.text[mail.language], mail.params),
      customer_id: mail.customerId ?? null,
      created_at: now,
      next_attempt_at: now,
    })
    .execute();
}
