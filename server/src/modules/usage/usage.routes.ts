import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import {
  CallDetailExportQuery, CallDetailPage, CallDetailQuery, ChargesQuery, ChargesResponse, ExpiringExportQuery, InvoiceUsageParams,
  UnbilledPage, UnbilledQuery,
} from '@mandate/contracts/usage';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { EXPORT_200, sendExport } from '../../lib/export-reply.ts';
import { languageOf } from '../../lib/language.ts';
import { getCallDetailPage, prepareCallDetailExport } from './call-details.service.ts';
import { prepareExpiringExport } from './exports.service.ts';
import { getCharges, getUnbilledPage } from './usage.service.ts';



/** Call details of an invoice, unbilled usage, billed charges per SIM and the exports of them (SPEC §4, INV-1..6, RET-1). */
export default async function usageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(app);

  app.get('/api/v1/customers/:customerId/invoices/:invoiceId/call-details', {
    config: { authz: { action: 'read', subject: 'Invoice', customerParam: 'customerId' } },
    schema: {
      tags: ['usage'], summary: "An invoice's call details the signed-in user may see (keyset pages, filters), within the 6-month window (RET-1)",
      description: 'Filters: SIM, type, Brussels days from/to, destination prefix; sort by start. Rows are filtered in SQL by the Usage rules; an invoice that cannot be read or has left its window is 404.',
      params: InvoiceUsageParams, querystring: CallDetailQuery,
      response: { 200: CallDetailPage, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => getCallDetailPage(deps, principalOf(request), request.params.customerId, request.params.invoiceId, request.query));

  app.get('/api/v1/customers/:customerId/invoices/:invoiceId/call-details/export', {
    config: { authz: { action: 'export', subject: 'Usage', customerParam: 'customerId' } },
    schema: {
      tags: ['usage'], summary: "An invoice's call details as a streamed CSV or XLSX file, with the caveat that the official invoice prevails (INV-6) and a data dictionary",
      description: 'Same filters as the list. X-Row-Count tells the rows up front; more than the configured maximum (1,000,000 by default) is 422 export_too_large naming the filters to narrow it with.',
      params: InvoiceUsageParams, querystring: CallDetailExportQuery,
      response: { 200: EXPORT_200, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem },
    },
  }, async (request, reply) => {
    const language = languageOf(request.headers['accept-language']);
    return sendExport(reply, await prepareCallDetailExport(
      deps, principalOf(request), request.params.customerId, request.params.invoiceId, request.query, language,
    ), language);
  });

  app.get('/api/v1/customers/:customerId/usage/unbilled', {
    config: { authz: { action: 'read', subject: 'Usage', customerParam: 'customerId' } },
    schema: {
      tags: ['usage'], summary: 'Usage not billed yet, at standard prices, at least 8 hours old (INV-2, INV-4), newest first',
      params: CustomerParams, querystring: UnbilledQuery,
      response: { 200: UnbilledPage, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => getUnbilledPage(deps, principalOf(request), request.params.customerId, request.query));

  app.get('/api/v1/customers/:customerId/usage/charges', {
    config: { authz: { action: 'read', subject: 'Usage', customerParam: 'customerId' } },
    schema: {
      tags: ['usage'], summary: 'Billed charges of a month per SIM and charge type, from the monthly roll-ups (a Service User: his own line, ROLE-5)',
      params: CustomerParams, querystring: ChargesQuery,
      response: { 200: ChargesResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
    },
  }, async (request) => getCharges(deps, principalOf(request), request.params.customerId, request.query));

  app.get('/api/v1/customers/:customerId/exports/expiring', {
    config: { authz: { action: 'export', subject: 'Invoice', customerParam: 'customerId' } },
    schema: {
      tags: ['usage'], summary: 'Everything that leaves its retention window in the next 30 days (invoices, their lines, call details), streamed (RET-1)',
      description: 'Within the signed-in user\'s scope; CSV sections or XLSX sheets, the caveat that the official invoice prevails (INV-6) and a data dictionary. X-Row-Count up front.',
      params: CustomerParams, querystring: ExpiringExportQuery,
      response: { 200: EXPORT_200, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem },
    },
  }, async (request, reply) => {
    const language = languageOf(request.headers['accept-language']);
    return sendExport(reply, await prepareExpiringExport(
      deps, principalOf(request), request.params.customerId, request.query, language,
    ), language);
  });
}
