import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, NoQuery, Problem } from '@mandate/contracts/common';
import {
  BillingAccountListResponse, BillingDocumentListQuery, BillingDocumentListResponse, BillingDocumentParams, CallCreditsQuery, CallCreditsResponse,
  InvoiceDetail, InvoiceListQuery, InvoiceListResponse, InvoiceParams, InvoicePdf,
} from '@mandate/contracts/invoices';
import { principalOf } from '../../plugins/authz.ts';
import { depsOf } from '../../lib/deps.ts';
import { getBillingAccounts, getInvoiceDetail, getInvoicePage, getInvoicePdf } from './invoices.service.ts';
import { getDocumentContent, getDocumentPage } from './billing-documents.service.ts';
import { getCallCredits } from './call-credits.service.ts';
import { languageOf } from '../../lib/language.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
const binary = (type: string, description: string) => ({ description, content: { [type]: { schema: InvoicePdf } } });

/**
 * "My invoice online" (SPEC §4): billing accounts, invoices, their PDFs, other billing documents
 * (INV-8) and call credits (INV-1). Every list is filtered in SQL by the ability and by retention
 * (RET-1, INV-3); a record out of scope or expired is 404.
 */
export default async function invoicesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);
  const base = '/api/v1/customers/:customerId';

  app.get(`${base}/billing-accounts`, {
    config: { authz: { action: 'read', subject: 'BillingAccount', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'The billing accounts the signed-in user may read, by number',
      params: CustomerParams, querystring: NoQuery, response: { 200: BillingAccountListResponse, ...problems },
    },
  }, async (request) => getBillingAccounts(deps, principalOf(request), request.params.customerId));

  app.get(`${base}/invoices`, {
    config: { authz: { action: 'read', subject: 'Invoice', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'Invoices (billing data of the last 12 months; fixed-service PDFs 24 months, INV-3), with the totals of the filtered set',
      description: 'Filters: billing account, period (YYYY-MM, by period start), status (derived: disputed, paid, overdue, open), amount incl. VAT. '
        + 'Sort issueDate/amount/dueDate asc|desc with keyset pagination (a cursor of another sort is refused). '
        + 'Overdue invoices carry what is owed: the undisputed amount and the late-payment fee, 15 % and at least €60 (INV-9).',
      params: CustomerParams, querystring: InvoiceListQuery, response: { 200: InvoiceListResponse, ...problems },
    },
  }, async (request) => getInvoicePage(deps, principalOf(request), request.params.customerId, request.query));

  app.get(`${base}/invoices/:invoiceId`, {
    config: { authz: { action: 'read', subject: 'Invoice', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'One invoice: its lines grouped by SIM and by charge type, and its disputes (a PDF-only invoice: its header only)',
      params: InvoiceParams, response: { 200: InvoiceDetail, ...problems },
    },
  }, async (request) => getInvoiceDetail(deps, principalOf(request), request.params.customerId, request.params.invoiceId));

  app.get(`${base}/invoices/:invoiceId/pdf`, {
    config: { authz: { action: 'read', subject: 'Invoice', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'The invoice as PDF: the one the billing run shipped, else generated (it says the official invoice prevails, INV-6)',
      params: InvoiceParams, response: { 200: binary('application/pdf', 'the invoice as PDF'), ...problems },
    },
  }, async (request, reply) => {
    const language = languageOf(request.headers['accept-language']);
    const { number, pdf, language: written } = await getInvoicePdf(deps, principalOf(request), request.params.customerId, request.params.invoiceId, language);
    if (written) reply.header('content-language', written);
    return reply
      .type('application/pdf')
      .header('vary', 'Accept-Language')
      .header('content-disposition', `attachment; filename="${number.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.get(`${base}/billing-documents`, {
    config: { authz: { action: 'read', subject: 'Invoice', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'Documents and reports other than invoices, newest first, with their objection deadline (INV-8: 5 working days)',
      params: CustomerParams, querystring: BillingDocumentListQuery, response: { 200: BillingDocumentListResponse, ...problems },
    },
  }, async (request) => getDocumentPage(deps, principalOf(request), request.params.customerId, request.query));

  app.get(`${base}/billing-documents/:documentId/content`, {
    config: { authz: { action: 'read', subject: 'Invoice', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: 'The content of a billing document, as shipped',
      params: BillingDocumentParams,
      response: { 200: { description: 'the document', content: { 'application/pdf': { schema: InvoicePdf }, 'application/octet-stream': { schema: InvoicePdf } } }, ...problems },
    },
  }, async (request, reply) => {
    const doc = await getDocumentContent(deps, principalOf(request), request.params.customerId, request.params.documentId);
    return reply
      .type(doc.type)
      .header('content-disposition', `attachment; filename="${doc.filename}"`)
      .header('cache-control', 'no-store')
      .send(doc.content);
  });

  app.get(`${base}/call-credits`, {
    config: { authz: { action: 'read', subject: 'Usage', customerParam: 'customerId' } },
    schema: {
      tags: ['invoices'], summary: "A month's call credits per SIM and their transfers (INV-1), for the lines whose usage you may read",
      params: CustomerParams, querystring: CallCreditsQuery, response: { 200: CallCreditsResponse, ...problems },
    },
  }, async (request) => getCallCredits(deps, principalOf(request), request.params.customerId, request.query));
}
