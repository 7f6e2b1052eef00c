import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SimListQuery, SimListResponse } from '@mandate/contracts/sims';
import type {
  AcceptInvitationResponse, CreateUserBody, CreateUserResponse, GrantableProfilesResponse, InvitationInfo, UpdateUserBody, UserDetail,
  UserListQuery, UserListResponse, UserSimsResponse,
} from '@mandate/contracts/users';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';

export type UsersQuery = Omit<UserListQuery, 'cursor'> & { cursor: string | null };
export type UserAction = 'suspend' | 'reactivate' | 'make-primary' | 'make-deputy' | 'remove';

/** The query keys of user management: everything under all(customerId) is refetched after a change to a user. */
export const usersKeys = {
  all: (customerId: string) => ['customers', customerId, 'users'] as const,
  list: (customerId: string, query: UsersQuery) => [...usersKeys.all(customerId), 'list', query] as const,
  detail: (customerId: string, userId: string) => [...usersKeys.all(customerId), 'detail', userId] as const,
  grantableProfiles: (customerId: string) => [...usersKeys.all(customerId), 'grantable-profiles'] as const,
  sims: (customerId: string, userId: string) => [...usersKeys.all(customerId), 'sims', userId] as const,
  customerSims: (customerId: string) => ['customers', customerId, 'sims'] as const,
  invitation: (token: string) => ['invitations', token] as const,
};

/** GET /customers/:customerId/users — keyset-paged, sorted and filtered by the server (AO and AM only). */
export function useUsers(customerId: string, query: UsersQuery) {
  return useQuery({
    queryKey: usersKeys.list(customerId, query),
    queryFn: ({ signal }) => apiRequest<UserListResponse>(customerPath(customerId, 'users'), { query, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET …/users/:userId — one user (404 when out of scope). */
export function useUser(customerId: string, userId: string) {
  return useQuery({
    queryKey: usersKeys.detail(customerId, userId),
    queryFn: ({ signal }) => apiRequest<UserDetail>(customerPath(customerId, 'users', userId), { signal }),
  });
}

/** GET …/users/grantable-profiles — the profiles the signed-in user may give (canGrant on the server). */
export function useGrantableProfiles(customerId: string, enabled = true) {
  return useQuery({
    queryKey: usersKeys.grantableProfiles(customerId),
    queryFn: ({ signal }) => apiRequest<GrantableProfilesResponse>(customerPath(customerId, 'users', 'grantable-profiles'), { signal }),
    enabled,
    staleTime: 30_000,
  });
}

/** A change to users: the user lists (and details) of the customer are refetched. */
function useUsersMutation<V, R>(customerId: string, fn: (variables: V) => Promise<R>, onSuccess?: (result: R) => void) {
  return useChange(fn, [usersKeys.all(customerId)], onSuccess);
}

/** POST …/users — invites a person to the customer. */
export function useCreateUser(customerId: string) {
  return useUsersMutation(customerId, (body: CreateUserBody) =>
    apiRequest<CreateUserResponse>(customerPath(customerId, 'users'), { method: 'POST', body }));
}

/** PATCH …/users/:userId — names, language, profile, sub-profiles, employment. */
export function useUpdateUser(customerId: string, userId: string) {
  const client = useQueryClient();
  return useUsersMutation(
    customerId,
    (body: UpdateUserBody) => apiRequest<UserDetail>(customerPath(customerId, 'users', userId), { method: 'PATCH', body }),
    (user) => client.setQueryData(usersKeys.detail(customerId, userId), user),
  );
}

/** POST …/users/:userId/{suspend|reactivate|make-primary|make-deputy} and DELETE …/users/:userId (primary and deputy touch other users too). */
export function useUserAction(customerId: string, userId: string) {
  return useUsersMutation(customerId, (action: UserAction) =>
    action === 'remove'
      ? apiRequest<undefined>(customerPath(customerId, 'users', userId), { method: 'DELETE' })
      : apiRequest<UserDetail>(customerPath(customerId, 'users', userId, action), { method: 'POST' }));
}

/** GET …/users/:userId/sims — the lines he uses, as far as the signed-in user may see them. */
export function useUserSims(customerId: string, userId: string) {
  return useQuery({
    queryKey: usersKeys.sims(customerId, userId),
    queryFn: ({ signal }) => apiRequest<UserSimsResponse>(customerPath(customerId, 'users', userId, 'sims'), { signal }),
  });
}

/** PUT …/users/:userId/sims — sets the lines he uses; a moved line leaves another user's list, so every SIM list is refetched. */
export function useSetUserSims(customerId: string, userId: string) {
  const client = useQueryClient();
  return useChange(
    (simIds: string[]) => apiRequest<UserSimsResponse>(customerPath(customerId, 'users', userId, 'sims'), { method: 'PUT', body: { simIds } }),
    [usersKeys.customerSims(customerId), [...usersKeys.all(customerId), 'sims']],
    (data) => client.setQueryData(usersKeys.sims(customerId, userId), data),
  );
}

/** GET /customers/:customerId/sims — the SIM cards the signed-in user may see, searched and filtered by the server. */
export function useCustomerSims(customerId: string, query: SimListQuery, enabled: boolean) {
  const { unassigned, updatable, mine, ...rest } = query;
  const params = { ...rest, unassigned: unassigned === undefined ? undefined : String(unassigned), updatable: updatable ? 'true' : undefined, mine: mine ? 'true' : undefined };
  return useQuery({
    queryKey: [...usersKeys.customerSims(customerId), query],
    queryFn: ({ signal }) => apiRequest<SimListResponse>(customerPath(customerId, 'sims'), { query: params, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** GET /invitations/:token (public): who is invited to which customer; 404 when unknown, used or expired. */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: usersKeys.invitation(token),
    queryFn: ({ signal }) => apiRequest<InvitationInfo>(`/invitations/${encodeURIComponent(token)}`, { signal, auth: false }),
    retry: false,
  });
}

/** POST /invitations/:token/accept (public): sets the password; 410 when used or expired. */
export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      apiRequest<AcceptInvitationResponse>(`/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body: { password }, auth: false }),
  });
}
