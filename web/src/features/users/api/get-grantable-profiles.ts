import { useQuery } from '@tanstack/react-query';
import type { GrantableProfilesResponse } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';

/** GET /customers/:customerId/users/grantable-profiles — the profiles the signed-in user may give (canGrant). */
export function useGrantableProfiles(customerId: string, enabled = true) {
  return useQuery({
    queryKey: ['customers', customerId, 'users', 'grantable-profiles'],
    queryFn: ({ signal }) => apiRequest<GrantableProfilesResponse>(`/customers/${encodeURIComponent(customerId)}/users/grantable-profiles`, { signal }),
    enabled,
    staleTime: 30_000,
  });
}
