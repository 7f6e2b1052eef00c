import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import { AcceptInvitationBody, AcceptInvitationResponse, InvitationInfo, InvitationParams } from '@mandate/contracts/users';
import { depsOf } from '../../lib/deps.ts';
import { throttle, type Limiter } from '../auth/throttle.ts';
import { acceptInvitation, describeInvitation } from './invitations.service.ts';

/** Public: the invitation link to accept a membership (single use, expiring, stored hashed). */
export default async function invitationsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Guessing tokens is hopeless (256 bits), but throttle anyway, like sign-in (its own counters).
  const limiter = app.createRateLimit({
    max: app.config.loginMaxPerIp, timeWindow: app.config.loginWindowSeconds * 1000, keyGenerator: (request) => `invitation-ip:${request.ip}`,
  }) as Limiter;

  app.get('/api/v1/invitations/:token', {
    config: { public: true },
    schema: {
      tags: ['users'], summary: 'Who is invited to which customer (404: unknown, used or expired link)',
      params: InvitationParams, response: { 200: InvitationInfo, 400: Problem, 404: Problem, 429: Problem },
    },
  }, async (request) => describeInvitation(depsOf(app), request.params.token));

  app.post('/api/v1/invitations/:token/accept', {
    config: { public: true },
    preHandler: throttle([limiter], 'attempts'),
    schema: {
      tags: ['users'], summary: 'Accept the invitation: a new account sets its password (at least 12 characters), an existing one gives its own (400 wrong_password otherwise); 410 when used or expired',
      params: InvitationParams, body: AcceptInvitationBody,
      response: { 200: AcceptInvitationResponse, 400: Problem, 404: Problem, 410: Problem, 429: Problem },
    },
  }, async (request) => acceptInvitation(depsOf(app), request.params.token, request.body.password, request.ip));
}
