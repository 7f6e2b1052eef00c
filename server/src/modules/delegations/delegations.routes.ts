import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  AffiliateLink, AffiliateListQuery, AffiliateListResponse, AffiliateRequestBody, Delegation, DelegationListQuery, DelegationListResponse,
  DelegationParams, DelegationProposeBody, DelegationScopeOptions, DelegationUsersBody, OptionalReasonBody,
} from '@mandate/contracts/delegations';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import {
  delegationTransitions, getDelegation, listCustomerAffiliates, listCustomerDelegations, proposeDelegation, requestAffiliate, scopeOptions,
  setDelegationUsers,
} from './delegations.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const changeErrors = { ...errors, 409: Problem };

/** An optional JSON body may be left out entirely (`POST …/decline` without a body). */
export async function emptyBody(request: FastifyRequest) {
  request.body ??= {};
}

/**
 * "Across organisations" (DLG-1..4), customer side: the customer's affiliates and the delegations
 * it gives (outgoing) or receives (incoming). Operator decisions are in backoffice.routes.ts.
 */
export default async function delegationsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/customers/:customerId/affiliates', {
    config: { authz: { action: 'read', subject: 'Affiliate', customerParam: 'customerId' } },
    schema: {
      tags: ['affiliates'], summary: "The customer's affiliates with their basis of control and status (AO, DLG-1, ACC-2)",
      params: CustomerParams, querystring: AffiliateListQuery, response: { 200: AffiliateListResponse, ...errors },
    },
  }, async (request) => listCustomerAffiliates(deps, actorOf(request), request.params.customerId, request.query));

  app.post('/api/v1/customers/:customerId/affiliates', {
    config: { authz: { action: 'create', subject: 'Affiliate', customerParam: 'customerId' } },
    schema: {
      tags: ['affiliates'], summary: 'Ask access to a further affiliate; operator staff approve or refuse it (DLG-1)',
      params: CustomerParams, body: AffiliateRequestBody, response: { 201: AffiliateLink, ...changeErrors },
    },
  }, async (request, reply) => {
    const link = await requestAffiliate(deps, actorOf(request), request.params.customerId, request.body);
    return reply.code(201).send(link);
  });

  app.get('/api/v1/customers/:customerId/delegations', {
    config: { authz: { action: 'read', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: 'Delegations the customer gives (outgoing) and receives (incoming) (DLG-2..4)',
      params: CustomerParams, querystring: DelegationListQuery, response: { 200: DelegationListResponse, ...errors },
    },
  }, async (request) => listCustomerDelegations(deps, actorOf(request), request.params.customerId, request.query));

  app.post('/api/v1/customers/:customerId/delegations', {
    config: { authz: { action: 'create', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: 'Propose a delegation to a partner company (AO only, DLG-2); the operator reviews it first',
      params: CustomerParams, body: DelegationProposeBody, response: { 201: Delegation, ...changeErrors },
    },
  }, async (request, reply) => {
    const delegation = await proposeDelegation(deps, actorOf(request), request.params.customerId, request.body);
    return reply.code(201).send(delegation);
  });

  app.get('/api/v1/customers/:customerId/delegations/scope-options', {
    config: { authz: { action: 'create', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The customer's billing accounts and cost centres a delegation's scope can name",
      params: CustomerParams, response: { 200: DelegationScopeOptions, ...errors },
    },
  }, async (request) => scopeOptions(deps, actorOf(request), request.params.customerId));

  app.get('/api/v1/customers/:customerId/delegations/:delegationId', {
    config: { authz: { action: 'read', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: 'One delegation given or received by the customer',
      params: DelegationParams, response: { 200: Delegation, ...errors },
    },
  }, async (request) => getDelegation(deps, actorOf(request), request.params.customerId, request.params.delegationId));

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/revoke', {
    config: { authz: { action: 'delete', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The delegating customer's AO revokes a delegation (DLG-3); effective on the next request",
      params: DelegationParams, response: { 200: Delegation, ...changeErrors },
    },
  }, async (request) => delegationTransitions.revoke(deps, actorOf(request), request.params.customerId, request.params.delegationId));

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/accept', {
    config: { authz: { action: 'review', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO accepts a delegation the operator approved (the route's customer is the partner)",
      params: DelegationParams, response: { 200: Delegation, ...changeErrors },
    },
  }, async (request) => delegationTransitions.accept(deps, actorOf(request), request.params.customerId, request.params.delegationId));

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/decline', {
    config: { authz: { action: 'review', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO declines a pending delegation",
      params: DelegationParams, body: OptionalReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.decline(deps, actorOf(request), request.params.customerId, request.params.delegationId, request.body?.reason));

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/end', {
    config: { authz: { action: 'review', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO ends an active delegation; effective on the next request",
      params: DelegationParams, body: OptionalReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.end(deps, actorOf(request), request.params.customerId, request.params.delegationId, request.body?.reason));

  app.put('/api/v1/customers/:customerId/delegations/:delegationId/users', {
    config: { authz: { action: 'update', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO or AM chooses which of its own users exercise the delegation (DLG-4)",
      params: DelegationParams, body: DelegationUsersBody, response: { 200: Delegation, ...changeErrors },
    },
  }, async (request) => setDelegationUsers(deps, actorOf(request), request.params.customerId, request.params.delegationId, request.body.userIds));
}
