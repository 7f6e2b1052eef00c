import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdministratorsResponse, MeResponse, UpdateMeBody } from '@mandate/contracts/me';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { meQueryKey } from '../../../lib/auth.tsx';

export const profileKeys = {
  administrators: (customerId: string | null) => ['customers', customerId, 'administrators'] as const,
};

/** GET /customers/:customerId/administrators — "who is my administrator?" (ROLE-8): the AOs, else the AMs. */
export function useAdministrators(customerId: string | null) {
  return useQuery({
    queryKey: profileKeys.administrators(customerId),
    queryFn: ({ signal }) => apiRequest<AdministratorsResponse>(customerPath(customerId as string, 'administrators'), { signal }),
    enabled: customerId !== null,
    staleTime: 60_000,
  });
}

/** PATCH /me — his own language: of the mails and text messages sent to him. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => apiRequest<MeResponse>('/me', { method: 'PATCH', body }),
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}
