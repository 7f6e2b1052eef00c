import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  AnswerDisputeBody, CreateDisputeBody, Dispute, DisputeListQuery, DisputeListResponse, DisputeParams, IdempotencyHeaders, InvoiceParams,
  OperatorDispute, OperatorDisputeListQuery, OperatorDisputeListResponse, OperatorDisputeParams,
} from '@mandate/contracts/invoices';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { answerDispute, getDispute, getDisputePage, getOperatorDisputePage, openDispute, withdrawDispute } from './disputes.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/**
 * Disputes of invoices (INV-7): opened by whoever reads the invoice (the ability gives Dispute
 * `create` with `read`), within 30 days of the invoice date; answered by operator staff in the
 * back office, who mail the opener.
 */
export default async function disputesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);
  const base = '/api/v1/customers/:customerId';

  app.post(`${base}/invoices/:invoiceId/disputes`, {
    config: { authz: { action: 'create', subject: 'Dispute', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'Dispute an invoice or some of its lines (INV-7: within 30 days of the invoice date; the undisputed part stays due)',
      description: 'lineNos absent: the whole invoice. detailedInvoice asks for a free detailed invoice. '
        + 'An Idempotency-Key header makes a retry answer the same dispute; the same key with another request is refused (422). '
        + '422 dispute_window_closed after the 30th day; 409 already_disputed for a line (or the invoice) in an open, in-review, accepted or rejected dispute (a withdrawn one frees its lines).',
      params: InvoiceParams, headers: IdempotencyHeaders, body: CreateDisputeBody,
      response: { 201: Dispute, ...problems, 409: Problem, 422: Problem },
    },
  }, async (request, reply) => reply.code(201).send(await openDispute(
    deps, actorOf(request), request.params.customerId, request.params.invoiceId, request.body, request.headers['idempotency-key'],
  )));

  app.get(`${base}/disputes`, {
    config: { authz: { action: 'read', subject: 'Dispute', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: "The customer's disputes you may read, newest first (keyset pagination)",
      params: CustomerParams, querystring: DisputeListQuery, response: { 200: DisputeListResponse, ...problems },
    },
  }, async (request) => getDisputePage(deps, actorOf(request), request.params.customerId, request.query));

  app.get(`${base}/disputes/:disputeId`, {
    config: { authz: { action: 'read', subject: 'Dispute', customerParam: 'customerId' } },
    schema: { tags: ['invoices'], summary: 'One dispute with its status history', params: DisputeParams, response: { 200: Dispute, ...problems } },
  }, async (request) => getDispute(deps, actorOf(request), request.params.customerId, request.params.disputeId));

  app.post(`${base}/disputes/:disputeId/withdraw`, {
    config: { authz: { action: 'create', subject: 'Dispute', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'Withdraw an open or in-review dispute: its opener, or whoever may update disputes (the Access Owner)',
      params: DisputeParams, response: { 200: Dispute, ...problems, 409: Problem },
    },
  }, async (request) => withdrawDispute(deps, actorOf(request), request.params.customerId, request.params.disputeId));

  app.get('/api/v1/operator/disputes', {
    config: { authz: { action: 'read', subject: 'OperatorQueue' } },
    schema: {
      tags: ['backoffice'], summary: "Every customer's disputes, oldest first (operator staff)",
      querystring: OperatorDisputeListQuery, response: { 200: OperatorDisputeListResponse, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async (request) => getOperatorDisputePage(deps, request.query));

  app.post('/api/v1/operator/disputes/:disputeId/answer', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['backoffice'], summary: 'Answer a dispute: in review, accepted or rejected, with a text; the opener is mailed in his language',
      params: OperatorDisputeParams, body: AnswerDisputeBody, response: { 200: OperatorDispute, ...problems, 409: Problem },
    },
  }, async (request) => answerDispute(deps, actorOf(request), request.params.disputeId, request.body));
}
