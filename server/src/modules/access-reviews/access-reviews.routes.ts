import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  AccessReview, BulkConfirmBody, BulkConfirmResponse, ReviewDetail, ReviewItem, ReviewItemParams, ReviewItemsQuery, ReviewListQuery, ReviewListResponse,
  ReviewParams, StartReviewBody,
} from '@mandate/contracts/access-reviews';
import { principalOf } from '../../plugins/authz.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { publicOrigin } from '../../lib/public-origin.ts';
import type { Actor } from '../users/users.service.ts';
import { listReviews } from './access-reviews.repo.ts';
import { confirmItems, getReview, removeItem, startReview, toReview } from './access-reviews.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

function actorOf(request: FastifyRequest): Actor {
  return { principal: principalOf(request), ip: request.ip, origin: publicOrigin(request) };
}

/** Issue 3 — access reviews: the AO starts them; the reviewers (AO, or the AM an item is assigned to) decide. */
export default async function accessReviewsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const base = '/api/v1/customers/:customerId/access-reviews';

  app.get(base, {
    config: { authz: { action: 'read', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: "The customer's access reviews, newest first (an AM sees the ones with items assigned to him)",
      params: CustomerParams, querystring: ReviewListQuery, response: { 200: ReviewListResponse, ...problems },
    },
  }, async (request) => {
    const { limit = 50, cursor } = request.query;
    const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
    const rows = await listReviews(app.db, principalOf(request).ability, request.params.customerId, { limit, after });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toReview), nextCursor: rows.length > limit && last ? encodeCursor([new Date(last.startedAt).toISOString(), last.id]) : null };
  });

  app.post(base, {
    config: { authz: { action: 'create', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: 'Start an access review (AO): deadline from tomorrow to 90 days ahead; reviewers among the AOs and AMs',
      params: CustomerParams, body: StartReviewBody, response: { 201: AccessReview, ...problems, 409: Problem },
    },
  }, async (request, reply) => reply.code(201).send(await startReview(app, actorOf(request), request.params.customerId, request.body)));

  app.get(`${base}/:reviewId`, {
    config: { authz: { action: 'read', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: 'One review with a keyset page of its items (sorted by name; filters: decision, mine)',
      params: ReviewParams, querystring: ReviewItemsQuery, response: { 200: ReviewDetail, ...problems },
    },
  }, async (request) => getReview(app, principalOf(request), request.params.customerId, request.params.reviewId, request.query));

  app.post(`${base}/:reviewId/items/confirm`, {
    config: { authz: { action: 'update', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: 'Confirm several items at once (all or nothing)',
      params: ReviewParams, body: BulkConfirmBody, response: { 200: BulkConfirmResponse, ...problems, 409: Problem },
    },
  }, async (request) => ({
    items: await confirmItems(app, actorOf(request), request.params.customerId, request.params.reviewId, request.body.itemIds, 'bulk'),
  }));

  app.post(`${base}/:reviewId/items/:itemId/confirm`, {
    config: { authz: { action: 'update', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: { tags: ['access-reviews'], summary: "Confirm the user's rights", params: ReviewItemParams, response: { 200: ReviewItem, ...problems, 409: Problem } },
  }, async (request) => {
    const [item] = await confirmItems(app, actorOf(request), request.params.customerId, request.params.reviewId, [request.params.itemId], 'single');
    return item!;
  });

  app.post(`${base}/:reviewId/items/:itemId/remove`, {
    config: { authz: { action: 'update', subject: 'AccessReview', customerParam: 'customerId' } },
    schema: {
      tags: ['access-reviews'], summary: "Remove the user's rights: his membership goes, as DELETE /users/{userId} (from his next request; never the last AO)",
      params: ReviewItemParams, response: { 200: ReviewItem, ...problems, 409: Problem },
    },
  }, async (request) => removeItem(app, actorOf(request), request.params.customerId, request.params.reviewId, request.params.itemId));
}
