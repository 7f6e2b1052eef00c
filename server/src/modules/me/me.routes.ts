import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AdministratorsResponse, MeResponse } from '@mandate/contracts/me';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { principalOf } from '../../plugins/authz.ts';
import { describeMe } from './me.service.ts';
import { findAdministrators } from './me.repo.ts';

export default async function meRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/me', {
    config: { authz: { action: 'read', subject: 'Profile' } },
    schema: { tags: ['me'], summary: 'The signed-in user, the customers he can act for and his packed rules', response: { 200: MeResponse, 401: Problem } },
  }, async (request, reply) => {
    // The body depends only on the principal (its cache entry ends with any access change): it is
    // computed and serialized once per entry (describeMe builds exactly the MeResponse shape).
    const principal = principalOf(request);
    let body = principal.memo.get('me') as Promise<string> | undefined;
    if (!body) {
      body = describeMe(app, principal).then((me) => JSON.stringify(me));
      principal.memo.set('me', body);
      body.catch(() => principal.memo.delete('me'));
    }
    // A string payload is sent as it is (already serialized); the type provider only knows objects.
    return reply.type('application/json; charset=utf-8').send((await body) as never);
  });

  app.get('/api/v1/customers/:customerId/administrators', {
    config: { authz: { action: 'read', subject: 'Administrator', customerParam: 'customerId' } },
    schema: {
      tags: ['me'], summary: 'Who is my administrator? (ROLE-8)', params: CustomerParams,
      response: { 200: AdministratorsResponse, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => ({ items: await findAdministrators(app.db, request.params.customerId) }));
}
