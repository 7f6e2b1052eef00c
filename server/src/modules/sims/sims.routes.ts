import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { SimListQuery, SimListResponse } from '@mandate/contracts/sims';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { getSimPage } from './sims.service.ts';

/** A customer's SIMs, to find the lines a Service User uses (the end user of a line). */
export default async function simsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);

  app.get('/api/v1/customers/:customerId/sims', {
    config: { authz: { action: 'read', subject: 'Sim', customerParam: 'customerId' } },
    schema: {
      tags: ['sims'], summary: "The customer's SIMs the signed-in user may see (AO all, fleet manager his scope, Service User his own line; an AM none, ROLE-3)",
      description: 'Search by number (q), unassigned (no end user), updatable (only SIMs you may change), cost centre and billing account filters; keyset pagination on the msisdn; filtered in SQL by the ability.',
      params: CustomerParams, querystring: SimListQuery,
      response: { 200: SimListResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => getSimPage(deps, principalOf(request), request.params.customerId, request.query));
}
