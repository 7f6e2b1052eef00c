import { useQuery } from '@tanstack/react-query';
import type { AdministratorsResponse } from '@mandate/contracts/me';
import { apiRequest } from '../../../lib/api-client.ts';

/** GET /customers/:customerId/administrators — "who is my administrator?" (ROLE-8): the AOs, else the AMs. */
export function getAdministrators(customerId: string, signal?: AbortSignal): Promise<AdministratorsResponse> {
  return apiRequest<AdministratorsResponse>(`/customers/${encodeURIComponent(customerId)}/administrators`, signal ? { signal } : {});
}

export function useAdministrators(customerId: string | null) {
  return useQuery({
    queryKey: ['customers', customerId, 'administrators'],
    queryFn: ({ signal }) => getAdministrators(customerId as string, signal),
    enabled: customerId !== null,
    staleTime: 60_000,
  });
}
