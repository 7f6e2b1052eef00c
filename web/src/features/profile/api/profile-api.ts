import { useQuery } from '@tanstack/react-query';
import type { AdministratorsResponse } from '@mandate/contracts/me';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';

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
