import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  BillShockAlert, BillShockAlertListQuery, BillShockAlertListResponse, BillShockAlertParams, CreateBillShockAlertBody,
} from '@mandate/contracts/bill-shock';
import { principalOf } from '../../plugins/authz.ts';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { createAlert, getAlerts, removeAlert } from './bill-shock.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/** Bill-shock alerts on SIMs or cost centres, for whoever may change those SIMs (fleet manager, AO, delegate). */
export default async function billShockRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);
  const manage = { authz: { action: 'update', subject: 'Sim', customerParam: 'customerId' } } as const;

  app.get('/api/v1/customers/:customerId/bill-shock-alerts', {
    config: manage,
    schema: {
      tags: ['sims'], summary: 'Bill-shock alerts on SIMs or cost centres you may change, with when each last went off',
      params: CustomerParams, querystring: BillShockAlertListQuery, response: { 200: BillShockAlertListResponse, ...problems },
    },
  }, async (request) => getAlerts(deps, principalOf(request), request.params.customerId, request.query));

  app.post('/api/v1/customers/:customerId/bill-shock-alerts', {
    config: manage,
    schema: {
      tags: ['sims'], summary: "A threshold on this month's usage (roaming or all) of one SIM, or of each SIM of a cost centre",
      description: 'Checked as usage arrives; a SIM over it is mailed to you once a month with one-click remedies (a roaming option, the EU data cut-off) '
        + 'that open the change as a normal order. A cost centre needs every one of its SIMs within your rights.',
      params: CustomerParams, body: CreateBillShockAlertBody, response: { 201: BillShockAlert, ...problems, 409: Problem },
    },
  }, async (request, reply) => reply.code(201).send(await createAlert(deps, actorOf(request), request.params.customerId, request.body)));

  app.delete('/api/v1/customers/:customerId/bill-shock-alerts/:alertId', {
    config: manage,
    schema: { tags: ['sims'], summary: 'Remove an alert', params: BillShockAlertParams, response: { 204: { type: 'null' }, ...problems } },
  }, async (request, reply) => {
    await removeAlert(deps, actorOf(request), request.params.customerId, request.params.alertId);
    return reply.code(204).send();
  });
}
