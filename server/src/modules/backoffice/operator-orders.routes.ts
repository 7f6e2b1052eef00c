import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import {
  CompleteOrderBody, OperatorOrder, OperatorOrderHeaders, OperatorOrderListQuery, OperatorOrderListResponse, OperatorOrderParams, RejectOperatorOrderBody,
  ServiceNumberChangeBody, ServiceNumberChangeParams,
} from '@mandate/contracts/operator-orders';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { emptyBody } from '../delegations/delegations.routes.ts';
import { announceServiceNumberChange, completeOrder, getOperatorOrders, rejectOperatorOrder } from '../sim-orders/operator-orders.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const decisionProblems = { ...problems, 409: Problem, 412: Problem, 422: Problem };

/**
 * MOB-8 in the back office (operator staff only, by the ability: read/review OperatorSimOrder):
 * the number changes and port-outs customers asked for, completed or rejected by staff, and the
 * number changes staff announce for service reasons (create OperatorSimOrder).
 */
export default async function operatorOrdersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/operator/sim-orders', {
    config: { authz: { action: 'read', subject: 'OperatorSimOrder' } },
    schema: {
      tags: ['operator'], summary: 'Number changes and port-outs of every customer, oldest first: those waiting for the operator (status requested) unless ?status= says otherwise',
      querystring: OperatorOrderListQuery, response: { 200: OperatorOrderListResponse, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async (request) => getOperatorOrders(deps, request.query));

  app.post('/api/v1/operator/sim-orders/:orderId/complete', {
    config: { authz: { action: 'review', subject: 'OperatorSimOrder' } },
    schema: {
      tags: ['operator'],
      summary: 'Complete a number change (the SIM gets the new number) or a port-out (the SIM is deactivated: its subscription ends), MOB-8',
      description: 'A number change takes body.msisdn, or else the number the customer asked for: a free Belgian mobile number (422 invalid, 409 taken). '
        + "409 when the order was completed or rejected already. If-Match with the SIM's ETag is optional; a stale one is refused (412). The asker is mailed.",
      params: OperatorOrderParams, headers: OperatorOrderHeaders, body: CompleteOrderBody, response: { 200: OperatorOrder, ...decisionProblems },
    },
    preValidation: emptyBody,
  }, async (request, reply) => {
    const done = await completeOrder(deps, actorOf(request), request.params.orderId, request.body, request.headers['if-match']);
    return reply.header('etag', done.etag).send(done.order);
  });

  app.post('/api/v1/operator/sim-orders/:orderId/reject', {
    config: { authz: { action: 'review', subject: 'OperatorSimOrder' } },
    schema: {
      tags: ['operator'],
      summary: 'Reject a number change or a port-out, with a reason the asker is mailed; a rejected port-out puts the line back in its earlier status',
      params: OperatorOrderParams, headers: OperatorOrderHeaders, body: RejectOperatorOrderBody, response: { 200: OperatorOrder, ...decisionProblems },
    },
  }, async (request, reply) => {
    const done = await rejectOperatorOrder(deps, actorOf(request), request.params.orderId, request.body, request.headers['if-match']);
    return reply.header('etag', done.etag).send(done.order);
  });

  app.post('/api/v1/operator/customers/:customerId/sims/:simId/number-changes', {
    config: { authz: { action: 'create', subject: 'OperatorSimOrder' } },
    schema: {
      tags: ['operator'],
      summary: "Announce a number change for service reasons: at least 2 months ahead (422 naming body.effectiveOn), the customer's Access Owners are mailed at once",
      description: 'The new number must be a free Belgian mobile number (422 invalid, 409 taken). The change is scheduled for 00:00 Europe/Brussels on '
        + 'effectiveOn and made by the scheduler on that day; 409 when the line is deactivated or being ported out, or already has one scheduled.',
      params: ServiceNumberChangeParams, body: ServiceNumberChangeBody, response: { 201: OperatorOrder, ...problems, 409: Problem, 422: Problem },
    },
  }, async (request, reply) => {
    const done = await announceServiceNumberChange(deps, actorOf(request), request.params.customerId, request.params.simId, request.body);
    return reply.code(201).header('etag', done.etag).send(done.order);
  });
}
