import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@mandate/contracts/common';
import { SimBillingParams, SimBillingQuery, SimBillingResponse, SimCallDetailPage, SimCallDetailQuery } from '@mandate/contracts/sim-billing';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { getSimBilling, getSimCallDetails } from './sim-billing.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/**
 * One SIM card's billing on its own page (PFM-3): billed charges of the last 12 months and billed
 * call details of the last 6 (RET-1). Gated like unbilled usage and billed charges (read on Usage:
 * an AM none, ROLE-3); the SIM must be one the user may read (else 404), and its rows are filtered
 * in SQL by his Usage rules (a fleet manager his scope, a Service User his own line, ROLE-5).
 */
export default async function simBillingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);
  const readUsage = { authz: { action: 'read', subject: 'Usage', customerParam: 'customerId' } } as const;

  app.get('/api/v1/customers/:customerId/sims/:simId/billing', {
    config: readUsage,
    schema: {
      tags: ['sims'], summary: "A SIM's billed charges per month and charge type of the last 12 months, closed billing periods only (PFM-3, INV-2, RET-1)",
      description: 'From the monthly roll-ups built when a billing period closes, newest month first; one page (nextCursor null). '
        + 'Filtered in SQL by the Usage rules; a SIM the user may not read is 404.',
      params: SimBillingParams, querystring: SimBillingQuery,
      response: { 200: SimBillingResponse, ...problems },
    },
  }, async (request) => getSimBilling(deps, principalOf(request), request.params.customerId, request.params.simId));

  app.get('/api/v1/customers/:customerId/sims/:simId/call-details', {
    config: readUsage,
    schema: {
      tags: ['sims'], summary: "A SIM's billed call details of the last 6 months, newest first, in keyset pages (PFM-3, RET-1)",
      description: 'Filters: type, Brussels days from/to (to not before from). Filtered in SQL by the Usage rules, no invoice right needed; '
        + 'a SIM the user may not read is 404.',
      params: SimBillingParams, querystring: SimCallDetailQuery,
      response: { 200: SimCallDetailPage, ...problems },
    },
  }, async (request) => getSimCallDetails(deps, principalOf(request), request.params.customerId, request.params.simId, request.query));
}
