import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  GrantBody, GrantChangesBody, GrantItem, GrantListResponse, GrantPresetsResponse, GrantableResponse, ScopeOptionsResponse, UserGrantParams, UserGrantsParams,
} from '@mandate/contracts/grants';
import { principalOf } from '../../plugins/authz.ts';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { getGrantable, getPresets, getScopeOptions, getUserGrants, putGrant, putGrants, removeGrant } from './grants.service.ts';

/**
 * The rights editor (ROLE-6). The gate lets through whoever has some rule on 'Grant' at the
 * customer (AO, AM; a fleet manager for Service Users); the service then asks the ability about this
 * grantee (404 outside it) and canGrant about this right.
 */
export default async function grantsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);
  const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

  app.get('/api/v1/customers/:customerId/users/:userId/grants', {
    config: { authz: { action: 'read', subject: 'Grant', customerParam: 'customerId' } },
    schema: { tags: ['grants'], summary: "The user's rights at this customer (ROLE-6)", params: UserGrantsParams, response: { 200: GrantListResponse, ...errors } },
  }, async (request) => ({ items: await getUserGrants(deps, principalOf(request), request.params.customerId, request.params.userId), nextCursor: null }));

  app.put('/api/v1/customers/:customerId/users/:userId/grants', {
    config: { authz: { action: 'update', subject: 'Grant', customerParam: 'customerId' } },
    schema: {
      tags: ['grants'], summary: 'Change the rights of several apps at once, all or nothing (canGrant per right, ROLE-6)',
      params: UserGrantsParams, body: GrantChangesBody, response: { 200: GrantListResponse, ...errors },
    },
  }, async (request) => {
    const { customerId, userId } = request.params;
    return { items: await putGrants(deps, actorOf(request), customerId, userId, request.body), nextCursor: null };
  });

  app.put('/api/v1/customers/:customerId/users/:userId/grants/:app', {
    config: { authz: { action: 'update', subject: 'Grant', customerParam: 'customerId' } },
    schema: {
      tags: ['grants'], summary: 'Create or replace the right for one app (decided by canGrant, ROLE-6)',
      params: UserGrantParams, body: GrantBody, response: { 200: GrantItem, ...errors },
    },
  }, async (request) => {
    const { customerId, userId, app: appName } = request.params;
    return putGrant(deps, actorOf(request), customerId, userId, appName, request.body);
  });

  app.delete('/api/v1/customers/:customerId/users/:userId/grants/:app', {
    config: { authz: { action: 'delete', subject: 'Grant', customerParam: 'customerId' } },
    schema: { tags: ['grants'], summary: 'Remove the right for one app', params: UserGrantParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    const { customerId, userId, app: appName } = request.params;
    await removeGrant(deps, actorOf(request), customerId, userId, appName);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/customers/:customerId/users/:userId/grantable', {
    config: { authz: { action: 'read', subject: 'Grant', customerParam: 'customerId' } },
    schema: {
      tags: ['grants'], summary: 'What the signed-in user may grant this user, per app (canGrant)',
      params: UserGrantsParams, response: { 200: GrantableResponse, ...errors },
    },
  }, async (request) => getGrantable(deps, principalOf(request), request.params.customerId, request.params.userId));

  app.get('/api/v1/customers/:customerId/grant-presets', {
    config: { authz: { action: 'update', subject: 'Grant', customerParam: 'customerId' } },
    schema: {
      tags: ['grants'], summary: "The sub-profiles' suggested rights (presets), limited to the customer's apps",
      params: CustomerParams, response: { 200: GrantPresetsResponse, ...errors },
    },
  }, async (request) => getPresets(deps, request.params.customerId));

  app.get('/api/v1/customers/:customerId/scope-options', {
    config: { authz: { action: 'read', subject: 'ScopeOption', customerParam: 'customerId' } },
    schema: {
      tags: ['grants'], summary: 'Billing accounts and cost centres to pick a scope from (AO, AM; a fleet manager: his scope)',
      params: CustomerParams, response: { 200: ScopeOptionsResponse, ...errors },
    },
  }, async (request) => getScopeOptions(deps, principalOf(request), request.params.customerId));
}
