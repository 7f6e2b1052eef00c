import { useQuery } from '@tanstack/react-query';
import type { GrantableResponse } from '@mandate/contracts/grants';
import { apiRequest } from '../../../lib/api-client.ts';

/** GET /customers/:customerId/users/:userId/grantable — per app, what the current user may grant (canGrant). */
export function useGrantable(customerId: string, userId: string) {
  return useQuery({
    queryKey: ['customers', customerId, 'users', userId, 'grantable'],
    queryFn: ({ signal }) => apiRequest<GrantableResponse>(`/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}/grantable`, { signal }),
  });
}
