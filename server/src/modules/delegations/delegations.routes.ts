import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  AffiliateLink, AffiliateListQuery, AffiliateListResponse, AffiliateRequestBody, Delegation, DelegationListQuery, DelegationListResponse,
  DelegationParams, DelegationProposeBody, DelegationScopeOptions, DelegationUsersBody, OptionalReasonBody,
} from '@mandate/contracts/delegations';
import { principalOf } from '../../plugins/authz.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { notFound } from '../../lib/problem.ts';
import { delegationScopeOptions, findDelegation, listAffiliates, listDelegations } from './delegations.repo.ts';
import {
  delegationTransitions, proposeDelegation, requestAffiliate, setDelegationUsers, toAffiliate, toDelegation, type Actor,
} from './delegations.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const changeErrors = { ...errors, 409: Problem };

export function actorOf(request: FastifyRequest): Actor {
  const { userId, ability } = principalOf(request);
  return { userId, ability, ip: request.ip ?? null };
}

/** Keyset page of rows ordered by (timestamp desc, id desc). */
export function pageOf<R extends { id: string }, T>(rows: R[], limit: number, key: (row: R) => Date | string, map: (row: R) => T) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor([new Date(key(last)).toISOString(), last.id]) : null,
  };
}

/** An optional JSON body may be left out entirely (`POST …/decline` without a body). */
export async function emptyBody(request: FastifyRequest) {
  request.body ??= {};
}

export const afterOf = (cursor: string | undefined) => (cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined);

/**
 * Issue 3 "Across organisations" (DLG-1..4), customer side: the customer's affiliates and the
 * delegations it gives (outgoing) or receives (incoming). Operator decisions are in backoffice.routes.ts.
 */
export default async function delegationsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/customers/:customerId/affiliates', {
    config: { authz: { action: 'read', subject: 'Affiliate', customerParam: 'customerId' } },
    schema: {
      tags: ['affiliates'], summary: "The customer's affiliates with their basis of control and status (AO, DLG-1, ACC-2)",
      params: CustomerParams, querystring: AffiliateListQuery, response: { 200: AffiliateListResponse, ...errors },
    },
  }, async (request) => {
    const { limit = 50, cursor, status } = request.query;
    const rows = await listAffiliates(app.db, principalOf(request).ability, { customerId: request.params.customerId, status, after: afterOf(cursor), limit });
    return pageOf(rows, limit, (r) => r.requestedAt, toAffiliate);
  });

  app.post('/api/v1/customers/:customerId/affiliates', {
    config: { authz: { action: 'create', subject: 'Affiliate', customerParam: 'customerId' } },
    schema: {
      tags: ['affiliates'], summary: 'Ask access to a further affiliate; operator staff approve or refuse it (DLG-1)',
      params: CustomerParams, body: AffiliateRequestBody, response: { 201: AffiliateLink, ...changeErrors },
    },
  }, async (request, reply) => {
    const link = await requestAffiliate(app, actorOf(request), request.params.customerId, request.body);
    return reply.code(201).send(link);
  });

  app.get('/api/v1/customers/:customerId/delegations', {
    config: { authz: { action: 'read', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: 'Delegations the customer gives (outgoing) and receives (incoming) (DLG-2..4)',
      params: CustomerParams, querystring: DelegationListQuery, response: { 200: DelegationListResponse, ...errors },
    },
  }, async (request) => {
    const { limit = 50, cursor, direction, status } = request.query;
    const customerId = request.params.customerId;
    const rows = await listDelegations(app.db, principalOf(request).ability, { customerOf: customerId, direction, status, after: afterOf(cursor), limit });
    return pageOf(rows, limit, (r) => r.createdAt, (r) => toDelegation(r, customerId));
  });

  app.post('/api/v1/customers/:customerId/delegations', {
    config: { authz: { action: 'create', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: 'Propose a delegation to a partner company (AO only, DLG-2); the operator reviews it first',
      params: CustomerParams, body: DelegationProposeBody, response: { 201: Delegation, ...changeErrors },
    },
  }, async (request, reply) => {
    const delegation = await proposeDelegation(app, actorOf(request), request.params.customerId, request.body);
    return reply.code(201).send(delegation);
  });

  app.get('/api/v1/customers/:customerId/delegations/scope-options', {
    config: { authz: { action: 'create', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The customer's billing accounts and cost centres a delegation's scope can name",
      params: CustomerParams, response: { 200: DelegationScopeOptions, ...errors },
    },
  }, async (request) => delegationScopeOptions(app.db, principalOf(request).ability, request.params.customerId));

  app.get('/api/v1/customers/:customerId/delegations/:delegationId', {
    config: { authz: { action: 'read', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: 'One delegation given or received by the customer',
      params: DelegationParams, response: { 200: Delegation, ...errors },
    },
  }, async (request) => {
    const { customerId, delegationId } = request.params;
    const row = await findDelegation(app.db, principalOf(request).ability, 'read', delegationId, { customerId, as: 'either' });
    if (!row) throw notFound('delegation');
    return toDelegation(row, customerId);
  });

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/revoke', {
    config: { authz: { action: 'delete', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The delegating customer's AO revokes a delegation (DLG-3); effective on the next request",
      params: DelegationParams, response: { 200: Delegation, ...changeErrors },
    },
  }, async (request) => delegationTransitions.revoke(app, actorOf(request), request.params.customerId, request.params.delegationId));

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/accept', {
    config: { authz: { action: 'review', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO accepts a delegation the operator approved (the route's customer is the partner)",
      params: DelegationParams, response: { 200: Delegation, ...changeErrors },
    },
  }, async (request) => delegationTransitions.accept(app, actorOf(request), request.params.customerId, request.params.delegationId));

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/decline', {
    config: { authz: { action: 'review', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO declines a pending delegation",
      params: DelegationParams, body: OptionalReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.decline(app, actorOf(request), request.params.customerId, request.params.delegationId, request.body?.reason));

  app.post('/api/v1/customers/:customerId/delegations/:delegationId/end', {
    config: { authz: { action: 'review', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO ends an active delegation; effective on the next request",
      params: DelegationParams, body: OptionalReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.end(app, actorOf(request), request.params.customerId, request.params.delegationId, request.body?.reason));

  app.put('/api/v1/customers/:customerId/delegations/:delegationId/users', {
    config: { authz: { action: 'update', subject: 'Delegation', customerParam: 'customerId' } },
    schema: {
      tags: ['delegations'], summary: "The partner's AO or AM chooses which of its own users exercise the delegation (DLG-4)",
      params: DelegationParams, body: DelegationUsersBody, response: { 200: Delegation, ...changeErrors },
    },
  }, async (request) => setDelegationUsers(app, actorOf(request), request.params.customerId, request.params.delegationId, request.body.userIds));
}
