import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateUserBody, UserDetail } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';
import { userKey } from './get-user.ts';

/** PATCH /customers/:customerId/users/:userId — names, language, profile, sub-profiles, employment. */
export function useUpdateUser(customerId: string, userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserBody) =>
      apiRequest<UserDetail>(`/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body }),
    onSuccess: (user) => {
      queryClient.setQueryData(userKey(customerId, userId), user);
      return queryClient.invalidateQueries({ queryKey: ['customers', customerId, 'users'] });
    },
  });
}
