import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import {
  AffiliateLink, AffiliateListResponse, Delegation, DelegationListResponse, EndContractBody, IdParams, OperatorAffiliateQuery, OperatorCustomer, OperatorCustomerList,
  OperatorCustomerParams, OperatorDelegationQuery, OperatorUser, OperatorUserList, OperatorUserParams, OptionalReasonBody, ReasonBody, SearchQuery,
} from '@mandate/contracts/delegations';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { emptyBody } from '../delegations/delegations.routes.ts';
import { decideAffiliateRequest, delegationTransitions } from '../delegations/delegations.service.ts';
import {
  endContract, findCustomers, findUsers, listAffiliateRequests, listOperatorDelegations, setCustomerSuspension, setUserSuspension,
} from './backoffice.service.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem };
const changeErrors = { ...errors, 404: Problem, 409: Problem };

/**
 * The operator back office (operator staff only, by the ability: read/review OperatorQueue,
 * suspend Customer/User): the queues of affiliate requests and third-party delegations with their
 * decisions (DLG-1, DLG-2), suspending or reactivating a customer or a user (ACC-5), and the end
 * of a customer's contract, from which its personal data is kept 10 years (RET-2).
 */
export default async function backofficeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/operator/affiliate-requests', {
    config: { authz: { action: 'read', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Affiliate requests (filter ?status=pending for the queue), newest first',
      querystring: OperatorAffiliateQuery, response: { 200: AffiliateListResponse, ...errors },
    },
  }, async (request) => listAffiliateRequests(deps, request.query));

  for (const decision of ['approve', 'refuse'] as const) {
    app.post(`/api/v1/operator/affiliate-requests/:id/${decision}`, {
      config: { authz: { action: 'review', subject: 'OperatorQueue' } },
      schema: {
        tags: ['operator'], summary: decision === 'approve' ? 'Approve an affiliate request (DLG-1)' : 'Refuse an affiliate request, with a reason',
        params: IdParams, body: decision === 'approve' ? OptionalReasonBody : ReasonBody, response: { 200: AffiliateLink, ...changeErrors },
      },
      preValidation: emptyBody,
    }, async (request) => decideAffiliateRequest(deps, actorOf(request), request.params.id, decision, request.body.reason));
  }

  app.get('/api/v1/operator/delegations', {
    config: { authz: { action: 'read', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Third-party delegations (filter ?status=pending_operator for the queue), newest first',
      querystring: OperatorDelegationQuery, response: { 200: DelegationListResponse, ...errors },
    },
  }, async (request) => listOperatorDelegations(deps, request.query));

  app.post('/api/v1/operator/delegations/:id/approve', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Approve a proposed delegation, with an optional note; it then awaits the partner’s acceptance (DLG-2)',
      params: IdParams, body: OptionalReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.approve(deps, actorOf(request), request.params.id, request.body.reason));

  app.post('/api/v1/operator/delegations/:id/refuse', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Refuse a delegation at any moment, also when active, with a reason (DLG-2)',
      params: IdParams, body: ReasonBody, response: { 200: Delegation, ...changeErrors },
    },
    preValidation: emptyBody,
  }, async (request) => delegationTransitions.refuse(deps, actorOf(request), request.params.id, request.body.reason));

  app.get('/api/v1/operator/customers', {
    config: { authz: { action: 'suspend', subject: 'Customer' } },
    schema: {
      tags: ['operator'], summary: 'Find customers by name, enterprise number or city (to suspend or reactivate)',
      querystring: SearchQuery, response: { 200: OperatorCustomerList, ...errors },
    },
  }, async (request) => findCustomers(deps, request.query));

  app.get('/api/v1/operator/users', {
    config: { authz: { action: 'suspend', subject: 'User' } },
    schema: {
      tags: ['operator'], summary: 'Find users by e-mail or name, with their customers (to suspend or reactivate)',
      querystring: SearchQuery, response: { 200: OperatorUserList, ...errors },
    },
  }, async (request) => findUsers(deps, request.query));

  app.post('/api/v1/operator/customers/:customerId/end-contract', {
    config: { authz: { action: 'suspend', subject: 'Customer' } },
    schema: {
      tags: ['operator'],
      summary: "Record the end of a customer's contract (RET-2): its members lose access at once; its personal data is erased 10 years after that day",
      params: OperatorCustomerParams, body: EndContractBody, response: { 200: OperatorCustomer, ...changeErrors },
    },
  }, async (request) => endContract(deps, actorOf(request), request.params.customerId, request.body));

  for (const action of ['suspend', 'reactivate'] as const) {
    app.post(`/api/v1/operator/customers/:customerId/${action}`, {
      config: { authz: { action: 'suspend', subject: 'Customer' } },
      schema: {
        tags: ['operator'], summary: action === 'suspend' ? "Suspend a customer's access at once (ACC-5), with a reason" : "Restore a suspended customer's access, with a reason",
        params: OperatorCustomerParams, body: ReasonBody, response: { 200: OperatorCustomer, ...changeErrors },
      },
      preValidation: emptyBody,
    }, async (request) => setCustomerSuspension(deps, actorOf(request), request.params.customerId, action === 'suspend', request.body.reason));

    app.post(`/api/v1/operator/users/:userId/${action}`, {
      config: { authz: { action: 'suspend', subject: 'User' } },
      schema: {
        tags: ['operator'], summary: action === 'suspend' ? "Suspend a user's access at once (ACC-5), with a reason" : "Restore a suspended user's access, with a reason",
        params: OperatorUserParams, body: ReasonBody, response: { 200: OperatorUser, ...changeErrors },
      },
      preValidation: emptyBody,
    }, async (request) => setUserSuspension(deps, actorOf(request), request.params.userId, action === 'suspend', request.body.reason));
  }
}
