import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditListQuery, AuditListResponse } from '@mandate/contracts/audit';
import { apiDownload, apiRequest } from '../../../lib/api-client.ts';

export type AuditFilters = Omit<AuditListQuery, 'cursor' | 'limit'>;
export type AuditQuery = AuditFilters & { limit: number; cursor: string | null };

const base = (customerId: string) => `/customers/${encodeURIComponent(customerId)}/audit`;

/** GET /customers/:customerId/audit — newest first, keyset-paged and filtered by the server (the AO only). */
export function useAudit(customerId: string, query: AuditQuery, enabled = true) {
  return useQuery({
    queryKey: ['customers', customerId, 'audit', query],
    queryFn: ({ signal }) => apiRequest<AuditListResponse>(base(customerId), { query, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** GET /customers/:customerId/audit/export.csv with the same filters — saves the CSV in the browser. */
export async function downloadAuditExport(customerId: string, filters: AuditFilters): Promise<void> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  const search = params.toString();
  const { blob, filename } = await apiDownload(`${base(customerId)}/export.csv${search ? `?${search}` : ''}`);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename ?? 'audit.csv';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
