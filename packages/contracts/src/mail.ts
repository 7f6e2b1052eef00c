import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, SearchText, Uuid } from './common.ts';

/** The development mailbox (operator staff only, never in production). */
export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const MailboxQuery = Type.Object(
  {
    ...PageQuery,
    to: Type.Optional(SearchText({ maxLength: 320, description: 'part of the recipient address (case-insensitive)' })),
  },
  { additionalProperties: false },
);
export type MailboxQuery = Static<typeof MailboxQuery>;

export const MailboxItem = Type.Object(
  {
    id: Uuid,
    to: Type.String(),
    language: Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')]),
    kind: Type.String(),
    subject: Type.String(),
    text: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
    attempts: Type.Integer(),
    /** The last delivery error (null when none). */
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** The name of the file the mail carries (a GreenBill invoice's PDF), or null. */
    attachment: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type MailboxItem = Static<typeof MailboxItem>;

export const MailboxResponse = Type.Object(
  {
    items: Type.Array(MailboxItem),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    /** False when no SMTP server is configured: the mails are not sent, they wait here. */
    smtpConfigured: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type MailboxResponse = Static<typeof MailboxResponse>;
