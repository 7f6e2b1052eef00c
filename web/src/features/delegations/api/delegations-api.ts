import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  AffiliateLink, AffiliateListResponse, AffiliateRequestBody, Delegation, DelegationListResponse, DelegationProposeBody, DelegationScopeOptions,
} from '@mandate/contracts/delegations';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { meQueryKey } from '../../../lib/auth.tsx';
import { useChange } from '../../../lib/mutation.ts';

/** The query keys of a customer's affiliates (DLG-1) and delegations (DLG-2..4). */
export const delegationsKeys = {
  affiliates: (customerId: string) => ['customers', customerId, 'affiliates'] as const,
  all: (customerId: string) => ['customers', customerId, 'delegations'] as const,
  list: (customerId: string, direction: 'outgoing' | 'incoming', cursor: string | null) => [...delegationsKeys.all(customerId), direction, cursor] as const,
  scopeOptions: (customerId: string) => [...delegationsKeys.all(customerId), 'scope-options'] as const,
};

export function useAffiliates(customerId: string) {
  return useQuery({
    queryKey: delegationsKeys.affiliates(customerId),
    queryFn: ({ signal }) => apiRequest<AffiliateListResponse>(customerPath(customerId, 'affiliates'), { query: { limit: 200 }, signal }),
  });
}

export function useRequestAffiliate(customerId: string) {
  return useChange(
    (body: AffiliateRequestBody) => apiRequest<AffiliateLink>(customerPath(customerId, 'affiliates'), { method: 'POST', body }),
    [delegationsKeys.affiliates(customerId)],
  );
}

export function useDelegations(customerId: string, direction: 'outgoing' | 'incoming', cursor: string | null) {
  return useQuery({
    queryKey: delegationsKeys.list(customerId, direction, cursor),
    queryFn: ({ signal }) => apiRequest<DelegationListResponse>(customerPath(customerId, 'delegations'), { query: { direction, limit: 25, cursor }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDelegationScopeOptions(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: delegationsKeys.scopeOptions(customerId),
    queryFn: ({ signal }) => apiRequest<DelegationScopeOptions>(customerPath(customerId, 'delegations', 'scope-options'), { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export type DelegationAction = 'revoke' | 'accept' | 'decline' | 'end';

/** Every change of a delegation refreshes the lists and /me (the switcher may gain or lose a customer). */
function useDelegationMutation<V>(customerId: string, fn: (variables: V) => Promise<Delegation>) {
  return useChange(fn, [delegationsKeys.all(customerId), meQueryKey]);
}

export function useProposeDelegation(customerId: string) {
  return useDelegationMutation(customerId, (body: DelegationProposeBody) =>
    apiRequest<Delegation>(customerPath(customerId, 'delegations'), { method: 'POST', body }));
}

export function useDelegationAction(customerId: string) {
  return useDelegationMutation(customerId, ({ id, action, reason }: { id: string; action: DelegationAction; reason?: string }) =>
    apiRequest<Delegation>(customerPath(customerId, 'delegations', id, action), {
      method: 'POST',
      ...(action === 'decline' || action === 'end' ? { body: reason ? { reason } : {} } : {}),
    }));
}

export function useSetDelegationUsers(customerId: string) {
  return useDelegationMutation(customerId, ({ id, userIds }: { id: string; userIds: string[] }) =>
    apiRequest<Delegation>(customerPath(customerId, 'delegations', id, 'users'), { method: 'PUT', body: { userIds } }));
}
