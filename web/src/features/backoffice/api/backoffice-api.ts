import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AffiliateLink, AffiliateListResponse, Delegation, DelegationListResponse, OperatorCustomer, OperatorCustomerList, OperatorUser, OperatorUserList,
} from '@mandate/contracts/delegations';
import { apiRequest } from '../../../lib/api-client.ts';

/** The operator back office (ACC-5, DLG-1/2): queues, decisions, search, suspension. */
export function useAffiliateQueue(status: string | null) {
  return useQuery({
    queryKey: ['operator', 'affiliate-requests', status],
    queryFn: ({ signal }) => apiRequest<AffiliateListResponse>('/operator/affiliate-requests', { query: { status, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDelegationQueue(status: string | null) {
  return useQuery({
    queryKey: ['operator', 'delegations', status],
    queryFn: ({ signal }) => apiRequest<DelegationListResponse>('/operator/delegations', { query: { status, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOperatorDecision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, id, decision, reason }: { kind: 'affiliate-requests' | 'delegations'; id: string; decision: 'approve' | 'refuse'; reason?: string }) =>
      apiRequest<AffiliateLink | Delegation>(`/operator/${kind}/${encodeURIComponent(id)}/${decision}`, { method: 'POST', body: reason ? { reason } : {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['operator'] }),
  });
}

export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: ['operator', 'customers', q],
    queryFn: ({ signal }) => apiRequest<OperatorCustomerList>('/operator/customers', { query: { q, limit: 20 }, signal }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useUserSearch(q: string) {
  return useQuery({
    queryKey: ['operator', 'users', q],
    queryFn: ({ signal }) => apiRequest<OperatorUserList>('/operator/users', { query: { q, limit: 20 }, signal }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useSuspension() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, id, action, reason }: { kind: 'customers' | 'users'; id: string; action: 'suspend' | 'reactivate'; reason: string }) =>
      apiRequest<OperatorCustomer | OperatorUser>(`/operator/${kind}/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: { reason } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['operator'] }),
  });
}
