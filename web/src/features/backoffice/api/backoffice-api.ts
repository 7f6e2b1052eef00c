import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  AffiliateLink, AffiliateListResponse, Delegation, DelegationListResponse, EndContractBody, OperatorCustomer, OperatorCustomerList, OperatorUser, OperatorUserList,
} from '@mandate/contracts/delegations';
import { apiRequest } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';

export type QueueKind = 'affiliate-requests' | 'delegations';
export type SearchKind = 'customers' | 'users';

/** The operator back office (ACC-5, DLG-1/2, RET-2): every key under all() is refetched after a decision, a suspension or the end of a contract. */
export const operatorKeys = {
  all: ['operator'] as const,
  queue: (kind: QueueKind, status: string | null) => ['operator', kind, status] as const,
  search: (kind: SearchKind, q: string) => ['operator', kind, q] as const,
};

interface QueueAnswer {
  'affiliate-requests': AffiliateListResponse;
  delegations: DelegationListResponse;
}

/** GET /operator/affiliate-requests or /operator/delegations with a status (null: all). */
export function useQueue<K extends QueueKind>(kind: K, status: string | null) {
  return useQuery({
    queryKey: operatorKeys.queue(kind, status),
    queryFn: ({ signal }) => apiRequest<QueueAnswer[K]>(`/operator/${kind}`, { query: { status, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
  });
}

interface SearchAnswer {
  customers: OperatorCustomerList;
  users: OperatorUserList;
}

/** GET /operator/customers or /operator/users?q= — from two characters on. */
export function useOperatorSearch<K extends SearchKind>(kind: K, q: string) {
  return useQuery({
    queryKey: operatorKeys.search(kind, q),
    queryFn: ({ signal }) => apiRequest<SearchAnswer[K]>(`/operator/${kind}`, { query: { q, limit: 20 }, signal }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useOperatorDecision() {
  return useChange(
    ({ kind, id, decision, reason }: { kind: QueueKind; id: string; decision: 'approve' | 'refuse'; reason?: string }) =>
      apiRequest<AffiliateLink | Delegation>(`/operator/${kind}/${encodeURIComponent(id)}/${decision}`, { method: 'POST', body: reason ? { reason } : {} }),
    [operatorKeys.all],
  );
}

export function useSuspension() {
  return useChange(
    ({ kind, id, action, reason }: { kind: SearchKind; id: string; action: 'suspend' | 'reactivate'; reason: string }) =>
      apiRequest<OperatorCustomer | OperatorUser>(`/operator/${kind}/${encodeURIComponent(id)}/${action}`, { method: 'POST', body: { reason } }),
    [operatorKeys.all],
  );
}

/** RET-2: the contract of a customer ended on `contractEnd`; the answer is the customer, terminated. */
export function useEndContract() {
  return useChange(
    ({ id, contractEnd, reason }: { id: string } & EndContractBody) =>
      apiRequest<OperatorCustomer>(`/operator/customers/${encodeURIComponent(id)}/end-contract`, { method: 'POST', body: { contractEnd, reason } }),
    [operatorKeys.all],
  );
}
