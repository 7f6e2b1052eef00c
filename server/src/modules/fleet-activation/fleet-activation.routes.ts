import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  FleetActivation, FleetActivationDecisionBody, FleetActivationParams, FleetActivationQueue, FleetActivationQueueQuery, FleetActivationRequest,
} from '@mandate/contracts/fleet-activation';
import { InsightCoverage } from '@mandate/contracts/insights';
import { readsOwnLinesOnly } from '@mandate/authz/self-service';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { forbidden } from '../../lib/problem.ts';
import { principalOf } from '../../plugins/authz.ts';
import { getCoverage } from '../insights/insights.service.ts';
import { decideActivation, endActivation, getActivation, getQueue, requestActivation } from './fleet-activation.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/**
 * PFM-1: Fleet Manager on request. The AO reads and asks (AccessRequest, as for the coverage of
 * later billing accounts); operator staff decide and may end it when the customer has fewer than 30 SIMs.
 */
export default async function fleetActivationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);

  app.get('/api/v1/customers/:customerId/fleet-manager/activation', {
    config: { authz: { action: 'read', subject: 'AccessRequest', customerParam: 'customerId' } },
    schema: {
      tags: ['sims'], summary: 'Whether Fleet Manager is active, asked for or not, with the SIMs that count (at least 30 to ask, PFM-1)',
      params: CustomerParams, response: { 200: FleetActivation, ...problems },
    },
  }, async (request) => getActivation(deps, request.params.customerId));

  app.post('/api/v1/customers/:customerId/fleet-manager/activation', {
    config: { authz: { action: 'create', subject: 'AccessRequest', customerParam: 'customerId' } },
    schema: {
      tags: ['sims'], summary: 'Ask operator staff to activate Fleet Manager (PFM-1): 422 with fewer than 30 SIMs, 409 when active or already asked',
      params: CustomerParams, response: { 202: FleetActivation, ...problems, 409: Problem, 422: Problem },
    },
  }, async (request, reply) => reply.code(202).send(await requestActivation(deps, actorOf(request), request.params.customerId)));

  app.get('/api/v1/customers/:customerId/fleet-manager/coverage', {
    config: { authz: { action: 'read', subject: 'Sim', customerParam: 'customerId' } },
    schema: {
      tags: ['sims'],
      summary: 'Which mobile billing accounts Fleet Manager covers (PFM-2): those existing at its activation, and later ones with an approved access request '
        + '(POST …/access-requests with app fleet-manager)',
      params: CustomerParams, response: { 200: InsightCoverage, ...problems },
    },
  }, async (request) => {
    const principal = principalOf(request);
    // An end user reads his own line, not the fleet's accounts (ROLE-5).
    if (readsOwnLinesOnly(principal.ability, request.params.customerId)) throw forbidden();
    return getCoverage(deps, principal, request.params.customerId, 'fleet-manager');
  });

  app.get('/api/v1/operator/fleet-manager/activations', {
    config: { authz: { action: 'read', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Requests to activate Fleet Manager (?status=pending for the queue), newest first',
      querystring: FleetActivationQueueQuery, response: { 200: FleetActivationQueue, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async (request) => getQueue(deps, request.query));

  app.post('/api/v1/operator/fleet-manager/activations/:requestId/decision', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Approve (at least 30 SIMs, checked again) or refuse with a reason a request to activate Fleet Manager',
      params: FleetActivationParams, body: FleetActivationDecisionBody, response: { 200: FleetActivationRequest, ...problems, 409: Problem, 422: Problem },
    },
  }, async (request) => decideActivation(deps, actorOf(request), request.params.requestId, request.body));

  app.post('/api/v1/operator/customers/:customerId/fleet-manager/end', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'End Fleet Manager at once when the customer no longer has 30 SIMs (PFM-1); 409 while it has',
      params: CustomerParams, response: { 200: FleetActivation, ...problems, 409: Problem },
    },
  }, async (request) => endActivation(deps, actorOf(request), request.params.customerId));
}
