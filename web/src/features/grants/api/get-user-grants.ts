import { useQuery } from '@tanstack/react-query';
import type { GrantListResponse } from '@mandate/contracts/grants';
import { apiRequest } from '../../../lib/api-client.ts';

export const userGrantsKey = (customerId: string, userId: string) => ['customers', customerId, 'users', userId, 'grants'] as const;

/** GET /customers/:customerId/users/:userId/grants — the user's rights at this customer. */
export function useUserGrants(customerId: string, userId: string) {
  return useQuery({
    queryKey: userGrantsKey(customerId, userId),
    queryFn: ({ signal }) => apiRequest<GrantListResponse>(`/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}/grants`, { signal }),
  });
}
