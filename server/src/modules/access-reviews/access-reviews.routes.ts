import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  AccessReview, BulkConfirmBody, BulkConfirmResponse, ReviewDetail, ReviewItem, ReviewItemParams, ReviewItemsQuery, ReviewListQuery, ReviewListResponse,
  ReviewParams, StartReviewBody,
} from '@mandate/contracts/access-reviews';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { confirmItems, getReview, listCustomerReviews, removeItem, startReview } from './access-reviews.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/** Access reviews: the AO starts them; the reviewers (AO, or the AM an item is assigned to) decide. */
export default async function accessReviewsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);
  const base = '/api/v1/customers/:customerId/access-reviews';

  app.get(base, {
    config: { authz: { action: 'read', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: "The customer's access reviews, newest first (an AM sees the ones with items assigned to him)",
      params: CustomerParams, querystring: ReviewListQuery, response: { 200: ReviewListResponse, ...problems },
    },
  }, async (request) => listCustomerReviews(deps, actorOf(request), request.params.customerId, request.query));

  app.post(base, {
    config: { authz: { action: 'create', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: 'Start an access review (AO): deadline from tomorrow to 90 days ahead; reviewers among the AOs and AMs',
      params: CustomerParams, body: StartReviewBody, response: { 201: AccessReview, ...problems, 409: Problem },
    },
  }, async (request, reply) => reply.code(201).send(await startReview(deps, actorOf(request), request.params.customerId, request.body)));

  app.get(`${base}/:reviewId`, {
    config: { authz: { action: 'read', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: 'One review with a keyset page of its items (sorted by name; filters: decision, mine)',
      params: ReviewParams, querystring: ReviewItemsQuery, response: { 200: ReviewDetail, ...problems },
    },
  }, async (request) => getReview(deps, actorOf(request), request.params.customerId, request.params.reviewId, request.query));

  app.post(`${base}/:reviewId/items/confirm`, {
    config: { authz: { action: 'update', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: 'Confirm several items at once (all or nothing)',
      params: ReviewParams, body: BulkConfirmBody, response: { 200: BulkConfirmResponse, ...problems, 409: Problem },
    },
  }, async (request) => ({
    items: await confirmItems(deps, actorOf(request), request.params.customerId, request.params.reviewId, request.body.itemIds, 'bulk'),
  }));

  app.post(`${base}/:reviewId/items/:itemId/confirm`, {
    config: { authz: { action: 'update', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: { tags: ['access-reviews'], summary: "Confirm the user's rights", params: ReviewItemParams, response: { 200: ReviewItem, ...problems, 409: Problem } },
  }, async (request) => {
    const [item] = await confirmItems(deps, actorOf(request), request.params.customerId, request.params.reviewId, [request.params.itemId], 'single');
    return item!;
  });

  app.post(`${base}/:reviewId/items/:itemId/remove`, {
    config: { authz: { action: 'update', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: "Remove the user's rights: his membership goes, as DELETE /users/{userId} (from his next request; never the last AO)",
      params: ReviewItemParams, response: { 200: ReviewItem, ...problems, 409: Problem },
    },
  }, async (request) => removeItem(deps, actorOf(request), request.params.customerId, request.params.reviewId, request.params.itemId));
}
