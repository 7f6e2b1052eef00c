import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  SimDetail, SimDetailQuery, SimExportQuery, SimHistoryQuery, SimHistoryResponse, SimListQuery, SimListResponse, SimParams,
} from '@mandate/contracts/sims';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { EXPORT_200, sendExport } from '../../lib/export-reply.ts';
import { languageOf } from '../../lib/language.ts';
import { etagOf, getSimDetail, getSimHistory, getSimPage } from './sims.service.ts';
import { SIM_EXPORT_MAX_ROWS, prepareSimExport } from './sims-export.service.ts';
import fleetViewsRoutes from './fleet-views.routes.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };



/**
 * A customer's SIMs (PFM-1, PFM-4, MOB-1..5): the fleet table and its export, one SIM with its
 * subscription and this month's usage, its change history, and the user's own saved views of the
 * table. All filtered by the Sim rules: the AO all, a fleet manager or delegate his scope, a Service
 * User his own line (the export: who holds export on Sim); a SIM out of scope is not found.
 */
export default async function simsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);
  const read = { authz: { action: 'read', subject: 'Sim', customerParam: 'customerId' } } as const;

  app.get('/api/v1/customers/:customerId/sims', {
    config: read,
    schema: {
      tags: ['sims'], summary: "The customer's SIMs the signed-in user may see (AO all, fleet manager his scope, Service User his own line; an AM none, ROLE-3)",
      description: 'Search by number or end user (q); filters on status, tariff plan, option, cost centre, billing account, this month\'s data usage '
        + 'against the allowance (usageBand), unassigned (no end user) and updatable (only SIMs you may change); sort by number, status, plan, '
        + 'cost centre, billing account, end user or end of the initial term; keyset pagination; filtered in SQL by the ability.',
      params: CustomerParams, querystring: SimListQuery,
      response: { 200: SimListResponse, ...problems },
    },
  }, async (request) => getSimPage(deps, principalOf(request), request.params.customerId, request.query));

  // A static segment wins over :simId in the router, whatever the order the routes are declared in.
  app.get('/api/v1/customers/:customerId/sims/export', {
    config: { authz: { action: 'export', subject: 'Sim', customerParam: 'customerId' } },
    schema: {
      tags: ['sims'], summary: 'The fleet table as a streamed CSV or XLSX file with a data dictionary (PFM-4): the SIMs the signed-in user may export',
      description: 'Same filters and sort as the list; filtered in SQL by the export rules on Sim (the AO all, a fleet manager with the export '
        + 'right his scope; a Service User none). Columns: number, ICCID, status, end user, cost centre, billing account, tariff plan, '
        + 'options, CLIR, premium barring, EU data cut-off opt-out, contract start and end of the initial term. X-Row-Count tells the '
        + `rows up front; more than ${SIM_EXPORT_MAX_ROWS.toLocaleString('en')} (or the configured maximum, if lower) is 422 export_too_large.`,
      params: CustomerParams, querystring: SimExportQuery,
      response: { 200: EXPORT_200, ...problems, 422: Problem },
    },
  }, async (request, reply) => {
    const language = languageOf(request.headers['accept-language']);
    return sendExport(reply, await prepareSimExport(
      deps, principalOf(request), request.params.customerId, request.query, language,
    ), language);
  });

  app.get('/api/v1/customers/:customerId/sims/:simId', {
    config: read,
    schema: {
      tags: ['sims'], summary: 'One SIM: plan, options, CLIR and barring, contract dates, this month\'s usage against the allowance (MOB-2); its ETag is its version',
      description: 'The device (IMEI, make, model) only when the customer marked it as its own, never of a BYOD device (MOB-5). '
        + 'Usage is null for a user who may not read the line\'s usage.',
      params: SimParams, querystring: SimDetailQuery,
      response: { 200: SimDetail, ...problems },
    },
  }, async (request, reply) => {
    const sim = await getSimDetail(deps, principalOf(request), request.params.customerId, request.params.simId);
    return reply.header('etag', etagOf(sim)).send(sim);
  });

  app.get('/api/v1/customers/:customerId/sims/:simId/history', {
    config: read,
    schema: {
      tags: ['sims'], summary: "The SIM's change history, newest first (MOB-3): who, when, for which customer, through which delegation, before and after",
      params: SimParams, querystring: SimHistoryQuery,
      response: { 200: SimHistoryResponse, ...problems },
    },
  }, async (request) => getSimHistory(deps, principalOf(request), request.params.customerId, request.params.simId, request.query));

  await app.register(fleetViewsRoutes);
}
