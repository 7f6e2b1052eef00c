import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  CreateUserBody, CreateUserResponse, GrantableProfilesResponse, UpdateUserBody, UserDetail, UserListQuery, UserListResponse, UserParams,
  UserSimsBody, UserSimsResponse,
} from '@mandate/contracts/users';
import { principalOf } from '../../plugins/authz.ts';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import {
  createUser, getUser, getUserSims, getUsersPage, grantableProfiles, makeDeputy, makePrimary, removeUser, setUserSims, setUserStatus, updateUser,
} from './users.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export default async function usersRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);

  app.get('/api/v1/customers/:customerId/users', {
    config: { authz: { action: 'read', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: "The customer's users (Access Owner and Access Manager)",
      description: 'Search (q: name or e-mail), filters (profile, subProfile, status, employmentEndBefore: ends on or before), sort and keyset pagination; filtered in SQL by the ability.',
      params: CustomerParams, querystring: UserListQuery,
      response: { 200: UserListResponse, ...problems },
    },
  }, async (request) => getUsersPage(deps, principalOf(request), request.params.customerId, request.query));

  app.post('/api/v1/customers/:customerId/users', {
    config: { authz: { action: 'create', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: 'Add a user (ROLE-2/3/6/7): the person is invited by e-mail and becomes a member when he accepts; the answer does not tell whether the address has an account',
      description: 'Optional `grants`: rights (app and actions, on the whole customer) given with the membership in the same transaction, e.g. the reviewed preset rights of the chosen sub-profiles; each is decided by canGrant (403 naming `body.grants.N`) and audited as a grant.',
      params: CustomerParams, body: CreateUserBody,
      response: { 201: CreateUserResponse, ...problems, 409: Problem },
    },
  }, async (request, reply) => {
    const created = await createUser(deps, actorOf(request), request.params.customerId, request.body);
    return reply.code(201).send(created);
  });

  app.get('/api/v1/customers/:customerId/users/grantable-profiles', {
    config: { authz: { action: 'read', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: 'The profiles the signed-in user may give at this customer, and the sub-profiles\' preset rights he may give a new Support Portal User (canGrant)',
      params: CustomerParams, response: { 200: GrantableProfilesResponse, ...problems },
    },
  }, async (request) => grantableProfiles(principalOf(request), request.params.customerId));

  app.get('/api/v1/customers/:customerId/users/:userId', {
    config: { authz: { action: 'read', subject: 'User', customerParam: 'customerId' } },
    schema: { tags: ['users'], summary: 'One user of the customer', params: UserParams, response: { 200: UserDetail, ...problems } },
  }, async (request) => getUser(deps, principalOf(request), request.params.customerId, request.params.userId));

  app.patch('/api/v1/customers/:customerId/users/:userId', {
    config: { authz: { action: 'update', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: 'Edit names, language, profile, sub-profiles and employment (the last AO cannot be demoted)',
      params: UserParams, body: UpdateUserBody, response: { 200: UserDetail, ...problems, 409: Problem },
    },
  }, async (request) => updateUser(deps, actorOf(request), request.params.customerId, request.params.userId, request.body));

  app.post('/api/v1/customers/:customerId/users/:userId/suspend', {
    config: { authz: { action: 'update', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: "Suspend the user's membership (from his next request; the last AO cannot be suspended)",
      params: UserParams, response: { 200: UserDetail, ...problems, 409: Problem },
    },
  }, async (request) => setUserStatus(deps, actorOf(request), request.params.customerId, request.params.userId, 'suspended'));

  app.post('/api/v1/customers/:customerId/users/:userId/reactivate', {
    config: { authz: { action: 'update', subject: 'User', customerParam: 'customerId' } },
    schema: { tags: ['users'], summary: "Reactivate the user's membership (409 while he has not accepted his invitation)", params: UserParams, response: { 200: UserDetail, ...problems, 409: Problem } },
  }, async (request) => setUserStatus(deps, actorOf(request), request.params.customerId, request.params.userId, 'active'));

  app.delete('/api/v1/customers/:customerId/users/:userId', {
    config: { authz: { action: 'delete', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: 'Remove the user from the customer (from his next request; the last AO cannot be removed; the deputy takes over from a removed primary AO)',
      params: UserParams, response: { 204: { type: 'null' }, ...problems, 409: Problem },
    },
  }, async (request, reply) => {
    await removeUser(deps, actorOf(request), request.params.customerId, request.params.userId);
    return reply.code(204).send();
  });

  app.post('/api/v1/customers/:customerId/users/:userId/make-primary', {
    config: { authz: { action: 'update', subject: 'User', customerParam: 'customerId' } },
    schema: { tags: ['users'], summary: 'Hand the primary AO role to another AO (ROLE-2)', params: UserParams, response: { 200: UserDetail, ...problems, 409: Problem } },
  }, async (request) => makePrimary(deps, actorOf(request), request.params.customerId, request.params.userId));

  app.post('/api/v1/customers/:customerId/users/:userId/make-deputy', {
    config: { authz: { action: 'update', subject: 'User', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: "Name the primary AO's deputy (an AO or AM who becomes primary AO when the primary leaves, ROLE-2)",
      params: UserParams, response: { 200: UserDetail, ...problems, 409: Problem },
    },
  }, async (request) => makeDeputy(deps, actorOf(request), request.params.customerId, request.params.userId));

  app.get('/api/v1/customers/:customerId/users/:userId/sims', {
    config: { authz: { action: 'read', subject: 'Sim', customerParam: 'customerId' } },
    schema: { tags: ['users'], summary: 'The SIMs the user uses (end user of the line), as far as one may see them', params: UserParams, response: { 200: UserSimsResponse, ...problems } },
  }, async (request) => ({ items: await getUserSims(deps, principalOf(request), request.params.customerId, request.params.userId), nextCursor: null }));

  app.put('/api/v1/customers/:customerId/users/:userId/sims', {
    config: { authz: { action: 'update', subject: 'Sim', customerParam: 'customerId' } },
    schema: {
      tags: ['users'], summary: 'Set the SIMs the user uses (AO, or a fleet manager within his scope)',
      params: UserParams, body: UserSimsBody, response: { 200: UserSimsResponse, ...problems },
    },
  }, async (request) => ({ items: await setUserSims(deps, actorOf(request), request.params.customerId, request.params.userId, request.body.simIds), nextCursor: null }));
}
