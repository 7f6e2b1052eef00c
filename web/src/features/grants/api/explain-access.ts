import { useQuery } from '@tanstack/react-query';
import type { ExplainQuery, ExplainResponse } from '@mandate/contracts/grants';
import { apiRequest } from '../../../lib/api-client.ts';

/** GET /customers/:customerId/access/explain — why (or why not) a user sees a billing account, cost centre or SIM. */
export function useExplainAccess(customerId: string, query: ExplainQuery | null) {
  return useQuery({
    queryKey: ['customers', customerId, 'access', 'explain', query],
    queryFn: ({ signal }) => apiRequest<ExplainResponse>(`/customers/${encodeURIComponent(customerId)}/access/explain`, { query: { ...query }, signal }),
    enabled: query !== null,
    retry: false,
  });
}
