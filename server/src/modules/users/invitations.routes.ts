import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import { AcceptInvitationBody, AcceptInvitationResponse, InvitationInfo, InvitationParams } from '@mandate/contracts/users';
import { HttpProblem } from '../../lib/problem.ts';
import { acceptInvitation, describeInvitation } from './invitations.service.ts';

/** Public: the invitation link of a new portal account (single use, expiring, stored hashed). */
export default async function invitationsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Guessing tokens is hopeless (256 bits), but throttle anyway, like sign-in.
  const limiter = app.createRateLimit({ max: app.config.loginMaxPerIp, timeWindow: app.config.loginWindowSeconds * 1000 });
  const throttle = async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) {
      reply.header('retry-after', String(result.ttlInSeconds));
      throw new HttpProblem(429, 'too_many_requests', 'Too many requests', `Too many attempts. Try again in ${result.ttlInSeconds} seconds.`);
    }
  };

  app.get('/api/v1/invitations/:token', {
    config: { public: true },
    schema: {
      tags: ['users'], summary: 'Who is invited to which customer (404: unknown, used or expired link)',
      params: InvitationParams, response: { 200: InvitationInfo, 400: Problem, 404: Problem, 429: Problem },
    },
  }, async (request) => describeInvitation(app, request.params.token));

  app.post('/api/v1/invitations/:token/accept', {
    config: { public: true },
    preHandler: throttle,
    schema: {
      tags: ['users'], summary: 'Set the password of the invited account (at least 12 characters) and activate it; 410 when used or expired',
      params: InvitationParams, body: AcceptInvitationBody,
      response: { 200: AcceptInvitationResponse, 400: Problem, 404: Problem, 410: Problem, 429: Problem },
    },
  }, async (request) => acceptInvitation(app, request.params.token, request.body.password, request.ip));
}
