import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import { MailboxQuery, MailboxResponse, type MailboxItem } from '@mandate/contracts/mail';
import { badRequest } from '../../lib/problem.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { listMailbox } from './mail.repo.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A timestamptz as PostgreSQL writes it (`created_at::text`). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)?$/;

function decodeMailboxCursor(cursor: string): [string, string] {
  const [createdAt, id] = decodeCursor(cursor, 2) as [string, string];
  if (!UUID.test(id) || !TIMESTAMP.test(createdAt)) {
    throw badRequest('querystring.cursor', 'is not a cursor this list gave out');
  }
  return [createdAt, id];
}

/**
 * The development mailbox (issue 3 "Mail"): the mail outbox, readable by operator staff. It is
 * never registered in production (the path answers 404 there), so no one reads customers' mail.
 */
export default async function mailRoutes(fastify: FastifyInstance) {
  if (fastify.config.nodeEnv === 'production') return;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/operator/mailbox', {
    config: { authz: { action: 'read', subject: 'Mailbox' } },
    schema: {
      tags: ['operator'], summary: 'Development mailbox: the mail outbox, newest first (operator staff; not in production)',
      querystring: MailboxQuery,
      response: { 200: MailboxResponse, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async (request) => {
    const { cursor, limit = 50, to } = request.query;
    const after = cursor ? decodeMailboxCursor(cursor) : undefined;
    const rows = await listMailbox(app.db, { to, after, limit });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((row): MailboxItem => ({
        id: row.id,
        to: row.to,
        language: row.language as MailboxItem['language'],
        kind: row.kind,
        subject: row.subject,
        text: row.text,
        status: row.status as MailboxItem['status'],
        attempts: row.attempts,
        lastError: row.lastError,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt ? row.sentAt.toISOString() : null,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null,
      smtpConfigured: Boolean(app.config.smtpUrl),
    };
  });
}
