import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditListQuery, AuditListResponse } from '@mandate/contracts/audit';
import { apiRequest, customerPath, downloadFile } from '../../../lib/api-client.ts';

export type AuditFilters = Omit<AuditListQuery, 'cursor' | 'limit'>;
export type AuditQuery = AuditFilters & { limit: number; cursor: string | null };

export const auditKeys = {
  all: (customerId: string) => ['customers', customerId, 'audit'] as const,
  list: (customerId: string, query: AuditQuery) => [...auditKeys.all(customerId), 'list', query] as const,
};

/** GET /customers/:customerId/audit — newest first, keyset-paged and filtered by the server (the AO only). */
export function useAudit(customerId: string, query: AuditQuery, enabled = true) {
  return useQuery({
    queryKey: auditKeys.list(customerId, query),
    queryFn: ({ signal }) => apiRequest<AuditListResponse>(customerPath(customerId, 'audit'), { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** GET /customers/:customerId/audit/export.csv with the same filters — saves the CSV in the browser. */
export function downloadAuditExport(customerId: string, filters: AuditFilters): Promise<void> {
  return downloadFile(customerPath(customerId, 'audit', 'export.csv'), filters, 'audit.csv');
}
