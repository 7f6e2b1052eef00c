import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { AccessCsv, ExplainQuery, ExplainResponse } from '@mandate/contracts/grants';
import { depsOf } from '../../lib/deps.ts';
import { principalOf } from '../../plugins/authz.ts';
import { explainAccess, exportAccessCsv } from './access-explain.service.ts';

/** "Why can this user see this?" and "who has access": the customer's AO and AM. */
export default async function accessExplainRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);

  app.get('/api/v1/customers/:customerId/access/explain', {
    config: { authz: { action: 'read', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['grants'], summary: 'Which membership, grant, affiliate link or delegation gives a user access to a billing account, cost centre or SIM',
      params: CustomerParams, querystring: ExplainQuery,
      response: { 200: ExplainResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => explainAccess(deps, principalOf(request).ability, request.params.customerId, request.query));

  app.get('/api/v1/customers/:customerId/access/export.csv', {
    config: { authz: { action: 'export', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['grants'], summary: 'Who has access: one row per user × right (CSV, `;`-separated, UTF-8 with BOM)',
      params: CustomerParams,
      response: {
        200: { description: 'text/csv', content: { 'text/csv': { schema: AccessCsv } } },
        401: Problem, 403: Problem, 404: Problem,
      },
    },
  }, async (request, reply) => {
    const csv = await exportAccessCsv(deps, principalOf(request).ability, request.params.customerId);
    const date = app.clock.now().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="access-${date}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
