import { useQuery } from '@tanstack/react-query';
import type { UserDetail } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';

export const userKey = (customerId: string, userId: string) => ['customers', customerId, 'users', 'detail', userId] as const;

/** GET /customers/:customerId/users/:userId — one user (404 when out of scope). */
export function useUser(customerId: string, userId: string) {
  return useQuery({
    queryKey: userKey(customerId, userId),
    queryFn: ({ signal }) => apiRequest<UserDetail>(`/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}`, { signal }),
  });
}
