import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { UserListQuery, UserListResponse } from '@mandate/contracts/users';
import { principalOf } from '../../plugins/authz.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { listUsers } from './users.repo.ts';

export default async function usersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/customers/:customerId/users', {
    config: { authz: { action: 'read', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: "The customer's users (Access Owner and Access Manager)",
      params: CustomerParams, querystring: UserListQuery,
      response: { 200: UserListResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => {
    const { cursor, limit = 50, ...filters } = request.query;
    const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
    const rows = await listUsers(app.db, principalOf(request).ability, request.params.customerId, { ...filters, limit, after });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(({ sortKey: _sortKey, ...item }) => item),
      nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null,
    };
  });
}
