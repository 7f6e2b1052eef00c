import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import { MailboxQuery, MailboxResponse } from '@mandate/contracts/mail';
import { depsOf } from '../../lib/deps.ts';
import { readMailbox } from './mail.service.ts';

/**
 * The development mailbox: the mail outbox, readable by operator staff. It is never registered in
 * production (the path answers 404 there), so no one reads customers' mail.
 */
export default async function mailRoutes(fastify: FastifyInstance) {
  if (fastify.config.nodeEnv === 'production') return;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/operator/mailbox', {
    config: { authz: { action: 'read', subject: 'Mailbox' } },
    schema: {
      tags: ['operator'], summary: 'Development mailbox: the mail outbox, newest first (operator staff; not in production)',
      querystring: MailboxQuery,
      response: { 200: MailboxResponse, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async (request) => readMailbox(deps, request.query));
}
