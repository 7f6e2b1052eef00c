import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { InsightCoverage, InsightParams, InsightQuery, InsightResponse } from '@mandate/contracts/insights';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { getCoverage, getFigure } from './insights.service.ts';
import savedViewsRoutes from './saved-views.routes.ts';
import accessRequestsRoutes from './access-requests.routes.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/**
 * Invoice Insights (INS-1..3): figures over the monthly roll-ups of closed periods (never the raw
 * call details), the app's coverage of billing accounts, saved views and access requests.
 */
export default async function insightsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/customers/:customerId/insights/coverage', {
    config: { authz: { action: 'read', subject: 'Insight', customerParam: 'customerId' } },
    schema: {
      tags: ['insights'], summary: 'Which billing accounts Invoice Insights covers (INS-1): those existing at its activation, and later ones with an approved access request',
      params: CustomerParams, response: { 200: InsightCoverage, ...errors },
    },
  }, async (request) => getCoverage(deps, principalOf(request), request.params.customerId));

  app.get('/api/v1/customers/:customerId/insights/:figure', {
    config: { authz: { action: 'read', subject: 'Insight', customerParam: 'customerId' } },
    schema: {
      tags: ['insights'],
      summary: 'One Invoice Insights figure over closed months, from the monthly roll-ups (INS-2, INS-3)',
      description: 'figure: monthly (cost per month), charge-types, billing-accounts, cost-centres, top-sims (10 SIMs that cost most), change '
        + '(the last month against the one before, with what drove it); an unknown figure is a 400. Only billing accounts the app covers (INS-1) '
        + 'and the caller may read; months past the 12-month window are not there. Amounts excl. VAT, in cents.',
      params: InsightParams, querystring: InsightQuery, response: { 200: InsightResponse, ...errors },
    },
  }, async (request) => getFigure(deps, principalOf(request), request.params.customerId, request.params.figure, request.query));

  await app.register(savedViewsRoutes);
  await app.register(accessRequestsRoutes);
}
