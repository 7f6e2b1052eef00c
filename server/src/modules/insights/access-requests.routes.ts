import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  AccessRequest, AccessRequestBody, AccessRequestDecisionBody, AccessRequestList, AccessRequestListQuery, AccessRequestParams,
} from '@mandate/contracts/insights';
import { actorOf } from '../../lib/actor.ts';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { decideRequest, listAccessRequests, listOperatorAccessRequests, requestAccess } from './access-requests.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/**
 * INS-1: access requests that bring a billing account created after an app's activation into its
 * coverage. The AO asks (AccessRequest create); operator staff decide (OperatorQueue review).
 */
export default async function accessRequestsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/customers/:customerId/access-requests', {
    config: { authz: { action: 'read', subject: 'AccessRequest', customerParam: 'customerId' } },
    schema: {
      tags: ['insights'], summary: "The customer's access requests to bring a billing account into an app, newest first",
      params: CustomerParams, querystring: AccessRequestListQuery, response: { 200: AccessRequestList, ...errors },
    },
  }, async (request) => listAccessRequests(deps, principalOf(request), request.params.customerId, request.query));

  app.post('/api/v1/customers/:customerId/access-requests', {
    config: { authz: { action: 'create', subject: 'AccessRequest', customerParam: 'customerId' } },
    schema: {
      tags: ['insights'], summary: 'Ask operator staff to bring a billing account created after Invoice Insights was activated into its coverage (INS-1)',
      description: '409 when a request for the account is pending, or the app already covers it; 400 for a billing account that is not the customer’s.',
      params: CustomerParams, body: AccessRequestBody, response: { 201: AccessRequest, ...errors, 409: Problem },
    },
  }, async (request, reply) => reply.code(201).send(await requestAccess(deps, actorOf(request), request.params.customerId, request.body)));

  app.get('/api/v1/operator/access-requests', {
    config: { authz: { action: 'read', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Access requests of every customer (filter ?status=pending for the queue), newest first',
      querystring: AccessRequestListQuery, response: { 200: AccessRequestList, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async (request) => listOperatorAccessRequests(deps, request.query));

  app.post('/api/v1/operator/access-requests/:requestId/decision', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Approve or refuse (with a reason) a pending access request; the requester is mailed',
      params: AccessRequestParams, body: AccessRequestDecisionBody, response: { 200: AccessRequest, ...errors, 409: Problem },
    },
  }, async (request) => decideRequest(deps, actorOf(request), request.params.requestId, request.body));
}
