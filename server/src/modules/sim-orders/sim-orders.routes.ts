import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { SimParams } from '@mandate/contracts/sims';
import {
  BulkChange, BulkChangeBody, BulkChangeHeaders, BulkChangeItemQuery, BulkChangeItemResponse, BulkChangeParams, OrderHeaders, RejectOrderBody, SelfServiceRights, SimIfMatchHeaders,
  SelfServiceRightsBody, SimDeviceBody, SimOrder, SimOrderBody, SimOrderListQuery, SimOrderListResponse, SimOrderParams, TerminationQuote, WhatIfBody, WhatIfResult,
} from '@mandate/contracts/sim-orders';
import { principalOf } from '../../plugins/authz.ts';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import {
  approveOrder, cancelOrder, getOrder, getOrders, getSelfService, getTerminationQuote, placeOrder, putDevice, putSelfService, rejectOrder,
} from './sim-orders.service.ts';
import { createBulkChange, getBulkChange, getBulkChangeItems, retryBulkChange } from './bulk-changes.service.ts';
import { whatIf } from './what-if.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const changeProblems = { ...problems, 409: Problem, 422: Problem };

/**
 * Orders on a customer's SIMs (MOB-3, MOB-4, MOB-6..10): placing one, the list with the end
 * users' requests awaiting approval, approving, rejecting or cancelling one, the early-termination
 * quote and the end user's self-service rights. Filtered by the Sim rules like the SIMs.
 */
export default async function simOrdersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);
  const read = { authz: { action: 'read', subject: 'Sim', customerParam: 'customerId' } } as const;
  const update = { authz: { action: 'update', subject: 'Sim', customerParam: 'customerId' } } as const;

  // Whoever reads a SIM may ask; the service decides whether he manages it or orders within his self-service rights.
  app.post('/api/v1/customers/:customerId/sims/:simId/orders', {
    config: read,
    schema: {
      tags: ['sims'], summary: "Change the SIM's subscription or line: plan, options, CLIR, premium barring, EU data cut-off, block, suspend, number change, port-out, termination",
      description: "If-Match with the SIM's ETag is required (428 without, 412 when someone changed the SIM meanwhile). An Idempotency-Key makes a retry answer "
        + 'the same order; the same key with another request is refused (422). Subscription changes take effect now or on the first day of the next '
        + "billing period (effective). An end user orders only within his self-service rights; when they need approval the order answers 202 and waits. "
        + 'Opting out of the EU data cut-off needs warningAcknowledged (MOB-9); a termination needs the quoted cost in acceptedCostCents (MOB-10).',
      params: SimParams, headers: OrderHeaders, body: SimOrderBody,
      response: { 201: SimOrder, 202: SimOrder, ...changeProblems, 412: Problem, 428: Problem },
    },
  }, async (request, reply) => {
    const placed = await placeOrder(
      deps, actorOf(request), request.params.customerId, request.params.simId, request.body, request.headers['if-match'], request.headers['idempotency-key'],
    );
    return reply.code(placed.statusCode).header('etag', placed.etag).send(placed.order);
  });

  app.get('/api/v1/customers/:customerId/sim-orders', {
    config: read,
    schema: {
      tags: ['sims'], summary: 'Orders on the SIMs the signed-in user may see, newest first (status awaiting_approval: the end users\' requests to decide)',
      params: CustomerParams, querystring: SimOrderListQuery, response: { 200: SimOrderListResponse, ...problems },
    },
  }, async (request) => getOrders(deps, principalOf(request), request.params.customerId, request.query));

  app.get('/api/v1/customers/:customerId/sim-orders/:orderId', {
    config: read,
    schema: { tags: ['sims'], summary: 'One order', params: SimOrderParams, response: { 200: SimOrder, ...problems } },
  }, async (request) => getOrder(deps, principalOf(request), request.params.customerId, request.params.orderId));

  app.post('/api/v1/customers/:customerId/sim-orders/:orderId/approve', {
    config: update,
    schema: {
      tags: ['sims'], summary: "Approve an end user's request (MOB-4): it takes effect as he asked; 409 when it is no longer waiting or can no longer be made",
      params: SimOrderParams, response: { 200: SimOrder, ...changeProblems },
    },
  }, async (request) => approveOrder(deps, actorOf(request), request.params.customerId, request.params.orderId));

  app.post('/api/v1/customers/:customerId/sim-orders/:orderId/reject', {
    config: update,
    schema: {
      tags: ['sims'], summary: "Reject an end user's request, with the reason", params: SimOrderParams, body: RejectOrderBody,
      response: { 200: SimOrder, ...changeProblems },
    },
  }, async (request) => rejectOrder(deps, actorOf(request), request.params.customerId, request.params.orderId, request.body));

  app.post('/api/v1/customers/:customerId/sim-orders/:orderId/cancel', {
    config: read,
    schema: {
      tags: ['sims'], summary: 'Cancel a scheduled change or a request awaiting approval (its asker or whoever manages the SIM)',
      params: SimOrderParams, response: { 200: SimOrder, ...changeProblems },
    },
  }, async (request) => cancelOrder(deps, actorOf(request), request.params.customerId, request.params.orderId));

  app.get('/api/v1/customers/:customerId/sims/:simId/termination-quote', {
    config: update,
    schema: {
      tags: ['sims'], summary: 'What ending the subscription now costs (MOB-10), with the figures it comes from',
      description: 'Remaining monthly fees to the end of the initial term + 50 % of the average billed call amount of the last 3 closed invoices × remaining months + €50 per SIM; 0 once the initial term has ended.',
      params: SimParams, response: { 200: TerminationQuote, ...problems },
    },
  }, async (request) => getTerminationQuote(deps, principalOf(request), request.params.customerId, request.params.simId));

  app.get('/api/v1/customers/:customerId/sims/:simId/self-service', {
    config: read,
    schema: {
      tags: ['sims'], summary: "What the SIM's end user may change himself (MOB-4): plans, options, CLIR, whether his orders need approval",
      description: "The SIM's ETag comes with the rights: changing them needs it in If-Match.",
      params: SimParams, response: { 200: SelfServiceRights, ...problems },
    },
  }, async (request, reply) => {
    const { rights, etag } = await getSelfService(deps, principalOf(request), request.params.customerId, request.params.simId);
    return reply.header('etag', etag).send(rights);
  });

  app.put('/api/v1/customers/:customerId/sims/:simId/self-service', {
    config: update,
    schema: {
      tags: ['sims'], summary: "Set what the SIM's end user may change himself (ROLE-6: whoever manages the SIM); gives him the right to change his own line if he lacks it",
      description: "If-Match with the SIM's ETag is required (428 without, 412 when stale); a change of the rights is a new version of the SIM.",
      params: SimParams, headers: SimIfMatchHeaders, body: SelfServiceRightsBody, response: { 200: SelfServiceRights, ...changeProblems, 412: Problem, 428: Problem },
    },
  }, async (request, reply) => {
    const { rights, etag } = await putSelfService(deps, actorOf(request), request.params.customerId, request.params.simId, request.body, request.headers['if-match']);
    return reply.header('etag', etag).send(rights);
  });

  app.post('/api/v1/customers/:customerId/sims/what-if', {
    config: update,
    schema: {
      tags: ['sims'], summary: "What-if: each selected SIM's last 3 whole months of call details re-rated on its plan and on a candidate plan, per SIM and in total",
      description: 'Monthly fee, usage beyond the national allowances (with the options\' extras) at the plan\'s rates, international calls and roaming at '
        + 'standard prices; option fees are the same on either plan and left out. Only SIMs you may change (403 for the selection otherwise).',
      params: CustomerParams, body: WhatIfBody, response: { 200: WhatIfResult, ...changeProblems },
    },
  }, async (request) => whatIf(deps, principalOf(request), request.params.customerId, request.body));

  app.post('/api/v1/customers/:customerId/sim-bulk-changes', {
    config: update,
    // The whole fleet's 50,000 ids are some 2 MB of JSON, beyond the server's 1 MiB for other bodies.
    bodyLimit: 4 * 1024 * 1024,
    schema: {
      tags: ['sims'], summary: 'One change on a selection of SIMs (up to the whole fleet), applied by a background job with progress and a result per SIM',
      description: 'Refused as a whole (nothing changed) when a SIM is not one you may change or the catalogue refuses the change; a SIM that refuses '
        + 'it (a deactivated line, an option that does not fit its plan) fails alone and can be retried. Each SIM is changed at most once, also when '
        + 'the server stops mid-way. An Idempotency-Key makes a retry answer the same bulk change.',
      params: CustomerParams, headers: BulkChangeHeaders, body: BulkChangeBody, response: { 202: BulkChange, ...changeProblems },
    },
  }, async (request, reply) => {
    const created = await createBulkChange(deps, actorOf(request), request.params.customerId, request.body, request.headers['idempotency-key']);
    return reply.code(202).header('location', `/api/v1/customers/${request.params.customerId}/sim-bulk-changes/${created.id}`).send(created);
  });

  app.get('/api/v1/customers/:customerId/sim-bulk-changes/:bulkChangeId', {
    config: read,
    schema: {
      tags: ['sims'], summary: 'A bulk change and its progress: SIMs applied, failed and pending', params: BulkChangeParams,
      response: { 200: BulkChange, ...problems },
    },
  }, async (request) => getBulkChange(deps, principalOf(request), request.params.customerId, request.params.bulkChangeId));

  app.get('/api/v1/customers/:customerId/sim-bulk-changes/:bulkChangeId/items', {
    config: read,
    schema: {
      tags: ['sims'], summary: 'The result per SIM of a bulk change (filter status=failed for what to retry)', params: BulkChangeParams,
      querystring: BulkChangeItemQuery, response: { 200: BulkChangeItemResponse, ...problems },
    },
  }, async (request) => getBulkChangeItems(deps, principalOf(request), request.params.customerId, request.params.bulkChangeId, request.query));

  app.post('/api/v1/customers/:customerId/sim-bulk-changes/:bulkChangeId/retry', {
    config: update,
    schema: {
      tags: ['sims'], summary: 'Try the SIMs that failed again (the others are never changed twice)', params: BulkChangeParams,
      response: { 202: BulkChange, ...changeProblems },
    },
  }, async (request, reply) => reply.code(202).send(await retryBulkChange(deps, actorOf(request), request.params.customerId, request.params.bulkChangeId)));

  app.put('/api/v1/customers/:customerId/sims/:simId/device', {
    config: update,
    schema: {
      tags: ['sims'], summary: 'Mark the device in the SIM as the customer\'s own (IMEI, make, model) or as BYOD (no device data kept, MOB-5)',
      description: "If-Match with the SIM's ETag is required (428 without, 412 when stale). The IMEI is checked (15 digits, Luhn).",
      params: SimParams, headers: SimIfMatchHeaders, body: SimDeviceBody, response: { 204: { type: 'null' }, ...changeProblems, 412: Problem, 428: Problem },
    },
  }, async (request, reply) => {
    const { etag } = await putDevice(deps, actorOf(request), request.params.customerId, request.params.simId, request.body, request.headers['if-match']);
    return reply.code(204).header('etag', etag).send();
  });
}
