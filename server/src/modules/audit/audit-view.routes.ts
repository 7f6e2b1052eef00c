import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerParams, Problem } from '@mandate/contracts/common';
import { AuditCsv, AuditExportQuery, AuditListQuery, AuditListResponse } from '@mandate/contracts/audit';
import { actorOf } from '../../lib/actor.ts';
import { depsOf } from '../../lib/deps.ts';
import { exportCustomerAudit, listCustomerAudit } from './audit-view.service.ts';

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

/** The audit view of a customer (SEC-3): its Access Owner (and the AO of a parent company, DLG-1). */
export default async function auditViewRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = depsOf(fastify);

  app.get('/api/v1/customers/:customerId/audit', {
    config: { authz: { action: 'read', subject: 'Audit', customerParam: 'customerId' } },
    schema: {
      tags: ['audit'], summary: 'The audit trail of the customer: who changed what, when, acting for whom, through which delegation',
      description: 'Newest first, keyset pagination on (at, id). Filters: from/to (Brussels calendar days, inclusive), actorId, action, targetType, q (actor or target user name/e-mail).',
      params: CustomerParams, querystring: AuditListQuery,
      response: { 200: AuditListResponse, ...problems },
    },
  }, async (request) => listCustomerAudit(deps, actorOf(request), request.params.customerId, request.query));

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
    const { csv, truncated, date } = await exportCustomerAudit(deps, actorOf(request), request.params.customerId, request.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${date}.csv"`)
      .header('cache-control', 'no-store')
      .header('x-export-truncated', truncated ? 'true' : 'false')
      .send(csv);
  });
}
