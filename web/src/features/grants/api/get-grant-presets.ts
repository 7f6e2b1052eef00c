import { useQuery } from '@tanstack/react-query';
import type { GrantPresetsResponse } from '@mandate/contracts/grants';
import { apiRequest } from '../../../lib/api-client.ts';

/** GET /customers/:customerId/grant-presets — the sub-profiles' suggested rights. */
export function useGrantPresets(customerId: string) {
  return useQuery({
    queryKey: ['customers', customerId, 'grant-presets'],
    queryFn: ({ signal }) => apiRequest<GrantPresetsResponse>(`/customers/${encodeURIComponent(customerId)}/grant-presets`, { signal }),
    staleTime: 5 * 60_000,
  });
}
