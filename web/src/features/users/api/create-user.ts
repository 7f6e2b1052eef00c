import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, CreateUserResponse } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';

/** POST /customers/:customerId/users — invites a new person or adds an existing portal user. */
export function useCreateUser(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) =>
      apiRequest<CreateUserResponse>(`/customers/${encodeURIComponent(customerId)}/users`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['customers', customerId, 'users'] }),
  });
}
