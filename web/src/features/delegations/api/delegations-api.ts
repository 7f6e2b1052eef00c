import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AffiliateLink, AffiliateListResponse, AffiliateRequestBody, Delegation, DelegationListResponse, DelegationProposeBody, DelegationScopeOptions,
} from '@mandate/contracts/delegations';
import { apiRequest } from '../../../lib/api-client.ts';

/** Issue 3, DLG-1..4: one file for the affiliate and delegation operations of a customer. */
const base = (customerId: string) => `/customers/${encodeURIComponent(customerId)}`;

export function useAffiliates(customerId: string) {
  return useQuery({
    queryKey: ['customers', customerId, 'affiliates'],
    queryFn: ({ signal }) => apiRequest<AffiliateListResponse>(`${base(customerId)}/affiliates`, { query: { limit: 200 }, signal }),
  });
}

export function useRequestAffiliate(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AffiliateRequestBody) => apiRequest<AffiliateLink>(`${base(customerId)}/affiliates`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['customers', customerId, 'affiliates'] }),
  });
}

export function useDelegations(customerId: string, direction: 'outgoing' | 'incoming', cursor: string | null) {
  return useQuery({
    queryKey: ['customers', customerId, 'delegations', direction, cursor],
    queryFn: ({ signal }) =>
      apiRequest<DelegationListResponse>(`${base(customerId)}/delegations`, { query: { direction, limit: 25, cursor }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDelegationScopeOptions(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['customers', customerId, 'delegations', 'scope-options'],
    queryFn: ({ signal }) => apiRequest<DelegationScopeOptions>(`${base(customerId)}/delegations/scope-options`, { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export type DelegationAction = 'revoke' | 'accept' | 'decline' | 'end';

/** Every change of a delegation refreshes the lists and /me (the switcher may gain or lose a customer). */
function useDelegationMutation<V>(customerId: string, fn: (v: V) => Promise<Delegation>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['customers', customerId, 'delegations'] }),
        client.invalidateQueries({ queryKey: ['me'] }),
      ]);
    },
  });
}

export function useProposeDelegation(customerId: string) {
  return useDelegationMutation(customerId, (body: DelegationProposeBody) =>
    apiRequest<Delegation>(`${base(customerId)}/delegations`, { method: 'POST', body }));
}

export function useDelegationAction(customerId: string) {
  return useDelegationMutation(customerId, ({ id, action, reason }: { id: string; action: DelegationAction; reason?: string }) =>
    apiRequest<Delegation>(`${base(customerId)}/delegations/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      ...(action === 'decline' || action === 'end' ? { body: reason ? { reason } : {} } : {}),
    }));
}

export function useSetDelegationUsers(customerId: string) {
  return useDelegationMutation(customerId, ({ id, userIds }: { id: string; userIds: string[] }) =>
    apiRequest<Delegation>(`${base(customerId)}/delegations/${encodeURIComponent(id)}/users`, { method: 'PUT', body: { userIds } }));
}
