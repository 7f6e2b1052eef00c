import { useQuery } from '@tanstack/react-query';
import type { ScopeOptionsResponse } from '@mandate/contracts/grants';
import { apiRequest } from '../../../lib/api-client.ts';

/** GET /customers/:customerId/scope-options — billing accounts and cost centres to pick a scope from. */
export function useScopeOptions(customerId: string) {
  return useQuery({
    queryKey: ['customers', customerId, 'scope-options'],
    queryFn: ({ signal }) => apiRequest<ScopeOptionsResponse>(`/customers/${encodeURIComponent(customerId)}/scope-options`, { signal }),
    staleTime: 60_000,
  });
}
