import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AdministratorsResponse, MeResponse, UpdateMeBody } from '@mandate/contracts/me';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { depsOf } from '../../lib/deps.ts';
import { principalOf } from '../../plugins/authz.ts';
import { describeMe, listAdministrators, updateMe } from './me.service.ts';

export default async function meRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);

  app.get('/api/v1/me', {
    config: { authz: { action: 'read', subject: 'Profile' } },
    schema: { tags: ['me'], summary: 'The signed-in user, the customers he can act for and his packed rules', response: { 200: MeResponse, 401: Problem } },
  }, async (request) => describeMe(deps, principalOf(request)));

  app.patch('/api/v1/me', {
    config: { authz: { action: 'update', subject: 'Profile' } },
    schema: {
      tags: ['me'], summary: 'Set his own language: of the mails and text messages sent to him, and of the portal where his browser has no choice of its own',
      body: UpdateMeBody, response: { 200: MeResponse, 400: Problem, 401: Problem },
    },
  }, async (request) => updateMe(deps, principalOf(request), request.body));

  app.get('/api/v1/customers/:customerId/administrators', {
    config: { authz: { action: 'read', subject: 'Administrator', customerParam: 'customerId' } },
    schema: {
      tags: ['me'], summary: 'Who is my administrator? (ROLE-8)', params: CustomerParams,
      response: { 200: AdministratorsResponse, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => ({ items: await listAdministrators(deps, request.params.customerId), nextCursor: null }));
}
