import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserDetail } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';

export type UserAction = 'suspend' | 'reactivate' | 'make-primary' | 'make-deputy' | 'remove';

/**
 * POST …/users/:userId/{suspend|reactivate|make-primary|make-deputy} and DELETE …/users/:userId.
 * Primary and deputy changes touch other users too: the whole user list is refetched.
 */
export function useUserAction(customerId: string, userId: string) {
  const queryClient = useQueryClient();
  const base = `/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}`;
  return useMutation({
    mutationFn: (action: UserAction) =>
      action === 'remove'
        ? apiRequest<undefined>(base, { method: 'DELETE' })
        : apiRequest<UserDetail>(`${base}/${action}`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['customers', customerId, 'users'] }),
  });
}
