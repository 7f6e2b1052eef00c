import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { AuditCsv, AuditExportQuery, AuditListQuery, AuditListResponse } from '@mandate/contracts/audit';
import { principalOf } from '../../plugins/authz.ts';
import { exportCustomerAudit, listCustomerAudit } from './audit-view.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/** The audit view of a customer (issue 3, SEC-3): its Access Owner (and the AO of a parent company, DLG-1). */
export default async function auditViewRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/customers/:customerId/audit', {
    config: { authz: { action: 'read', subject: 'Audit', customerParam: 'customerId' } },
    schema: {
      tags: ['audit'], summary: 'The audit trail of the customer: who changed what, when, acting for whom, through which delegation',
      description: 'Newest first, keyset pagination on (at, id). Filters: from/to (Brussels calendar days, inclusive), actorId, action, targetType, q (actor or target user name/e-mail).',
      params: CustomerParams, querystring: AuditListQuery,
      response: { 200: AuditListResponse, ...problems },
    },
  }, async (request) => listCustomerAudit(app, principalOf(request), request.params.customerId, request.query));

  app.get('/api/v1/customers/:customerId/audit/export.csv', {
    config: { authz: { action: 'export', subject: 'Audit', customerParam: 'customerId' } },
    schema: {
      tags: ['audit'], summary: 'The audit trail as CSV (same filters; `;`-separated, UTF-8 with BOM, at most 50,000 rows)',
      params: CustomerParams, querystring: AuditExportQuery,
      response: {
        200: { description: 'text/csv', content: { 'text/csv': { schema: AuditCsv } } },
        ...problems,
      },
    },
  }, async (request, reply) => {
    const { csv, truncated } = await exportCustomerAudit(app, principalOf(request), request.params.customerId, request.query, request.ip);
    const date = app.clock.now().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${date}.csv"`)
      .header('cache-control', 'no-store')
      .header('x-export-truncated', truncated ? 'true' : 'false')
      .send(csv);
  });
}
