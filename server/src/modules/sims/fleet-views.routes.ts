import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CustomerParams, NoQuery, Problem } from '@mandate/contracts/common';
import { FleetView, FleetViewBody, FleetViewList, FleetViewParams, FleetViewPatch, FleetViewState } from '@mandate/contracts/fleet-views';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { checkOwnIds, savedViews } from '../saved-views/saved-views.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const authz = { action: 'read', subject: 'Sim', customerParam: 'customerId' } as const;

/** The fleet table's state (filters, sort, columns) the user keeps under a name; the page decides what the values mean. */
const fleetViews = savedViews({
  app: 'fleet-manager',
  state: FleetViewState,
  check: async (state, at) => {
    if (state.ba) await checkOwnIds(at, 'billing_accounts', [state.ba], 'body.state.ba', true);
    if (state.cc) await checkOwnIds(at, 'cost_centres', [state.cc], 'body.state.cc', true);
  },
});

/** PFM-4: a user's own saved views of the fleet table, per customer; whoever may read SIMs there keeps his own. */
export default async function fleetViewsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/customers/:customerId/fleet/views', {
    config: { authz },
    schema: { tags: ['sims'], summary: 'My saved views of the fleet table, by name', params: CustomerParams, querystring: NoQuery, response: { 200: FleetViewList, ...errors } },
  }, async (request) => fleetViews.list(deps, principalOf(request), request.params.customerId));

  app.post('/api/v1/customers/:customerId/fleet/views', {
    config: { authz },
    schema: {
      tags: ['sims'], summary: 'Save a view of the fleet table: a name (unique among my views) and its filters, sort and columns; at most 50 views',
      params: CustomerParams, body: FleetViewBody, response: { 201: FleetView, ...errors, 409: Problem },
    },
  }, async (request, reply) => reply.code(201).send(await fleetViews.create(deps, principalOf(request), request.params.customerId, request.body)));

  app.patch('/api/v1/customers/:customerId/fleet/views/:viewId', {
    config: { authz },
    schema: {
      tags: ['sims'], summary: 'Rename one of my saved views of the fleet table, or keep the table as it is now in it (another user’s is not found)',
      params: FleetViewParams, body: FleetViewPatch, response: { 200: FleetView, ...errors, 409: Problem },
    },
  }, async (request) => fleetViews.update(deps, principalOf(request), request.params.customerId, request.params.viewId, request.body));

  app.delete('/api/v1/customers/:customerId/fleet/views/:viewId', {
    config: { authz },
    schema: { tags: ['sims'], summary: 'Delete one of my saved views of the fleet table (another user’s is not found)', params: FleetViewParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await fleetViews.remove(deps, principalOf(request), request.params.customerId, request.params.viewId);
    return reply.code(204).send(null);
  });
}
