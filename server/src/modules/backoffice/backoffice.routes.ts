import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import {
  AffiliateLink, AffiliateListResponse, Delegation, DelegationListResponse, IdParams, OperatorAffiliateQuery, OperatorCustomer, OperatorCustomerList,
  OperatorCustomerParams, OperatorDelegationQuery, OperatorUser, OperatorUserList, OperatorUserParams, OptionalReasonBody, SearchQuery,
} from '@mandate/contracts/delegations';
import { encodeCursor } from '../../lib/cursor.ts';
import { listAffiliates, listDelegations } from '../delegations/delegations.repo.ts';
import { afterOf, actorOf, emptyBody, pageOf } from '../delegations/delegations.routes.ts';
import { decideAffiliateRequest, delegationTransitions, toAffiliate, toDelegation } from '../delegations/delegations.service.ts';
import { searchCustomers, searchUsers } from './backoffice.repo.ts';
import { setCustomerSuspension, setUserSuspension, toOperatorCustomer, toOperatorUser } from './backoffice.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem };
const changeErrors = { ...errors, 404: Problem, 409: Problem };

/**
 * The operator back office (issue 3; operator staff only, by the ability: read/review OperatorQueue,
 * suspend Customer/User): the queues of affiliate requests and third-party delegations with their
 * decisions (DLG-1, DLG-2), and suspending or reactivating a customer or a user (ACC-5).
 */
export default async function backofficeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/operator/affiliate-requests', {
    config: { authz: { action: 'read', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Affiliate requests (filter ?status=pending for the queue), newest first',
      querystring: OperatorAffiliateQuery, response: { 200: AffiliateListResponse, ...errors },
    },
  }, async (request) => {
    const { limit = 50, cursor, status } = request.query;
    const rows = await listAffiliates(app.db, null, { status, after: afterOf(cursor), limit });
    return pageOf(rows, limit, (r) => r.requestedAt, toAffiliate);
  });

  for (const decision of ['approve', 'refuse'] as const) {
    app.post(`/api/v1/operator/affiliate-requests/:id/${decision}`, {
      config: { authz: { action: 'review', subject: 'OperatorQueue' } },
      schema: {
        tags: ['operator'], summary: decision === 'approve' ? 'Approve an affiliate request (DLG-1)' : 'Refuse an affiliate request, with a reason',
        params: IdParams, body: OptionalReasonBody, response: { 200: AffiliateLink, ...changeErrors },
      },
      preValidation: emptyBody,
    }, async (request) => decideAffiliateRequest(app, actorOf(request), request.params.id, decision, request.body?.reason));
  }

  app.get('/api/v1/operator/delegations', {
    config: { authz: { action: 'read', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Third-party delegations (filter ?status=pending_operator for the queue), newest first',
      querystring: OperatorDelegationQuery, response: { 200: DelegationListResponse, ...errors },
    },
  }, async (request) => {
    const { limit = 50, cursor, status, customerId, partnerId } = request.query;
    const rows = await listDelegations(app.db, null, { status, customerId, partnerId, after: afterOf(cursor), limit });
    return pageOf(rows, limit, (r) => r.createdAt, (r) => toDelegation(r, null));
  });

  app.post('/api/v1/operator/delegations/:id/approve', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Approve a proposed delegation; it then awaits the partner’s acceptance (DLG-2)',
      params: IdParams, body: OptionalReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.approve(app, actorOf(request), request.params.id));

  app.post('/api/v1/operator/delegations/:id/refuse', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Refuse a delegation at any moment, also when active, with a reason (DLG-2)',
      params: IdParams, body: OptionalReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.refuse(app, actorOf(request), request.params.id, request.body?.reason));

  app.get('/api/v1/operator/customers', {
    config: { authz: { action: 'suspend', subject: 'Customer' } },
    schema: {
      tags: ['operator'], summary: 'Find customers by name, enterprise number or city (to suspend or reactivate)',
      querystring: SearchQuery, response: { 200: OperatorCustomerList, ...errors },
    },
  }, async (request) => {
    const { limit = 50, cursor, q } = request.query;
    const rows = await searchCustomers(app.db, { q, after: cursor ? afterCursor(cursor) : undefined, limit });
    return keyPage(rows, limit, toOperatorCustomer);
  });

  app.get('/api/v1/operator/users', {
    config: { authz: { action: 'suspend', subject: 'User' } },
    schema: {
      tags: ['operator'], summary: 'Find users by e-mail or name, with their customers (to suspend or reactivate)',
      querystring: SearchQuery, response: { 200: OperatorUserList, ...errors },
    },
  }, async (request) => {
    const { limit = 50, cursor, q } = request.query;
    const rows = await searchUsers(app.db, { q, after: cursor ? afterCursor(cursor) : undefined, limit });
    return keyPage(rows, limit, toOperatorUser);
  });

  for (const action of ['suspend', 'reactivate'] as const) {
    app.post(`/api/v1/operator/customers/:customerId/${action}`, {
      config: { authz: { action: 'suspend', subject: 'Customer' } },
      schema: {
        tags: ['operator'], summary: action === 'suspend' ? "Suspend a customer's access at once (ACC-5), with a reason" : "Restore a suspended customer's access, with a reason",
        params: OperatorCustomerParams, body: OptionalReasonBody, response: { 200: OperatorCustomer, ...changeErrors },
      },
      preValidation: emptyBody,
    }, async (request) => setCustomerSuspension(app, actorOf(request), request.params.customerId, action === 'suspend', request.body?.reason));

    app.post(`/api/v1/operator/users/:userId/${action}`, {
      config: { authz: { action: 'suspend', subject: 'User' } },
      schema: {
        tags: ['operator'], summary: action === 'suspend' ? "Suspend a user's access at once (ACC-5), with a reason" : "Restore a suspended user's access, with a reason",
        params: OperatorUserParams, body: OptionalReasonBody, response: { 200: OperatorUser, ...changeErrors },
      },
      preValidation: emptyBody,
    }, async (request) => setUserSuspension(app, actorOf(request), request.params.userId, action === 'suspend', request.body?.reason));
  }

}

const afterCursor = (cursor: string) => afterOf(cursor)!;

function keyPage<R extends { id: string; sortKey: string }, T>(rows: R[], limit: number, map: (row: R) => T) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null,
  };
}
