import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CustomerParams, NoQuery, Problem } from '@mandate/contracts/common';
import { InsightView, InsightViewBody, InsightViewList, InsightViewParams, InsightViewPatch } from '@mandate/contracts/insights';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { insightViews } from './saved-views.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const authz = { action: 'read', subject: 'Insight', customerParam: 'customerId' } as const;

/** INS-3: a user's own saved views of Invoice Insights (the figure and its filters), per customer. */
export default async function savedViewsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/customers/:customerId/insights/views', {
    config: { authz },
    schema: { tags: ['insights'], summary: 'My saved views of Invoice Insights, by name', params: CustomerParams, querystring: NoQuery, response: { 200: InsightViewList, ...errors } },
  }, async (request) => insightViews.list(deps, principalOf(request), request.params.customerId));

  app.post('/api/v1/customers/:customerId/insights/views', {
    config: { authz },
    schema: {
      tags: ['insights'], summary: 'Save a view: a name (unique among my views) and the figure with its filters; at most 50 views',
      params: CustomerParams, body: InsightViewBody, response: { 201: InsightView, ...errors, 409: Problem },
    },
  }, async (request, reply) => reply.code(201).send(await insightViews.create(deps, principalOf(request), request.params.customerId, request.body)));

  app.patch('/api/v1/customers/:customerId/insights/views/:viewId', {
    config: { authz },
    schema: {
      tags: ['insights'], summary: 'Rename one of my saved views, or keep the figure and filters as they are now in it (another user’s is not found)',
      params: InsightViewParams, body: InsightViewPatch, response: { 200: InsightView, ...errors, 409: Problem },
    },
  }, async (request) => insightViews.update(deps, principalOf(request), request.params.customerId, request.params.viewId, request.body));

  app.delete('/api/v1/customers/:customerId/insights/views/:viewId', {
    config: { authz },
    schema: { tags: ['insights'], summary: 'Delete one of my saved views (another user’s is not found)', params: InsightViewParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await insightViews.remove(deps, principalOf(request), request.params.customerId, request.params.viewId);
    return reply.code(204).send(null);
  });
}
