import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  TariffOptionListQuery, TariffOptionListResponse, TariffPlanListQuery, TariffPlanListResponse, TariffPlanParams, WithdrawPlanBody, WithdrawPlanResult,
} from '@mandate/contracts/catalogue';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { getTariffOptions, getTariffPlans, withdrawTariffPlan } from './catalogue.service.ts';

/**
 * The operator's catalogue of tariff plans and options: the same for every customer and no
 * customer's data, so any signed-in user may read it (an Access Manager too, ROLE-3). The rule is
 * read on Profile, the one every signed-in principal holds (as GET /me), since no subject stands
 * for the operator's public offer and a customer-scoped one (Sim) would refuse the Access Manager.
 */
export default async function catalogueRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);
  const signedIn = { authz: { action: 'read', subject: 'Profile' } } as const;

  app.get('/api/v1/catalogue/tariff-plans', {
    config: signedIn,
    schema: {
      tags: ['catalogue'], summary: "The operator's tariff plans: monthly fee, allowances, rates beyond them; a withdrawn plan with its last switch date (MOB-11)",
      querystring: TariffPlanListQuery,
      response: { 200: TariffPlanListResponse, 400: Problem, 401: Problem, 403: Problem },
    },
  }, async () => getTariffPlans(deps));

  app.get('/api/v1/catalogue/tariff-options', {
    config: signedIn,
    schema: {
      tags: ['catalogue'], summary: "The operator's options (roaming, data, voice, SMS) with what they add and the plans they fit; planId: only those that fit that plan",
      querystring: TariffOptionListQuery,
      response: { 200: TariffOptionListResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => getTariffOptions(deps, request.query));

  // The same catalogue under the customer, as the customer's screens reach it: anyone who may act
  // for the customer reads it (another customer's path is a 404 like every customer route).
  const ofCustomer = { authz: { action: 'act', subject: 'Customer', customerParam: 'customerId' } } as const;

  app.get('/api/v1/customers/:customerId/tariff-plans', {
    config: ofCustomer,
    schema: {
      tags: ['catalogue'], summary: "The operator's tariff plans as offered to this customer (the catalogue): a withdrawn plan with its last switch date (MOB-11)",
      params: CustomerParams, querystring: TariffPlanListQuery,
      response: { 200: TariffPlanListResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async () => getTariffPlans(deps));

  app.get('/api/v1/customers/:customerId/tariff-options', {
    config: ofCustomer,
    schema: {
      tags: ['catalogue'], summary: "The operator's options as offered to this customer; planId: only those that fit that plan",
      params: CustomerParams, querystring: TariffOptionListQuery,
      response: { 200: TariffOptionListResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => getTariffOptions(deps, request.query));

  app.post('/api/v1/operator/tariff-plans/:planId/withdraw', {
    config: { authz: { action: 'review', subject: 'OperatorQueue' } },
    schema: {
      tags: ['operator'], summary: 'Withdraw a tariff plan (MOB-11): no longer chosen from withdrawnAt; the customers with lines on it are told until when they can switch',
      params: TariffPlanParams, body: WithdrawPlanBody,
      response: { 200: WithdrawPlanResult, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem },
    },
  }, async (request) => withdrawTariffPlan(deps, actorOf(request), request.params.planId, request.body));
}
