import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UserListQuery, UserListResponse } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';

export type UsersQuery = Omit<UserListQuery, 'cursor'> & { cursor: string | null };

/** GET /customers/:customerId/users — keyset-paged, sorted and filtered by the server (AO and AM only). */
export function getUsers(customerId: string, query: UsersQuery, signal?: AbortSignal): Promise<UserListResponse> {
  return apiRequest<UserListResponse>(`/customers/${encodeURIComponent(customerId)}/users`, { query, ...(signal ? { signal } : {}) });
}

export function useUsers(customerId: string, query: UsersQuery) {
  return useQuery({
    queryKey: ['customers', customerId, 'users', query],
    queryFn: ({ signal }) => getUsers(customerId, query, signal),
    placeholderData: keepPreviousData,
  });
}
