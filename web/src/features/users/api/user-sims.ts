import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserSimsResponse } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';
import { customerSimsKey } from './get-customer-sims.ts';

const simsKey = (customerId: string, userId: string) => ['customers', customerId, 'users', 'sims', userId] as const;
const path = (customerId: string, userId: string) => `/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}/sims`;

/** GET …/users/:userId/sims — the lines he uses, as far as the signed-in user may see them. */
export function useUserSims(customerId: string, userId: string, enabled: boolean) {
  return useQuery({
    queryKey: simsKey(customerId, userId),
    queryFn: ({ signal }) => apiRequest<UserSimsResponse>(path(customerId, userId), { signal }),
    enabled,
  });
}

/** PUT …/users/:userId/sims — sets the lines he uses (within the signed-in user's scope). */
export function useSetUserSims(customerId: string, userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (simIds: string[]) => apiRequest<UserSimsResponse>(path(customerId, userId), { method: 'PUT', body: { simIds } }),
    onSuccess: (data) => {
      queryClient.setQueryData(simsKey(customerId, userId), data);
      // Issue 3 (sims): the SIM lists show each line's end user; a moved line left another user's list.
      void queryClient.invalidateQueries({ queryKey: customerSimsKey(customerId) });
      void queryClient.invalidateQueries({ queryKey: ['customers', customerId, 'users', 'sims'] });
    },
  });
}
