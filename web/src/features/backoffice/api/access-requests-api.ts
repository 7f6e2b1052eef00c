import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AccessRequest, AccessRequestDecisionBody, AccessRequestList } from '@mandate/contracts/insights';
import { apiRequest } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import { operatorKeys } from './backoffice-api.ts';

export type AccessRequestStatus = AccessRequest['status'];
/** A customer's request to bring a later billing account into an app's coverage (INS-1). */
export type OperatorAccessRequest = AccessRequest;

const queueKey = (status: AccessRequestStatus | null) => [...operatorKeys.all, 'access-requests', status] as const;

/** GET /operator/access-requests with a status (null: all). */
export function useAccessRequestQueue(status: AccessRequestStatus | null) {
  return useQuery({
    queryKey: queueKey(status),
    queryFn: ({ signal }) => apiRequest<AccessRequestList>('/operator/access-requests', { query: { status, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** POST /operator/access-requests/{id}/decision {approve, reason}: every operator queue is refetched. */
export function useAccessRequestDecision() {
  return useChange(
    ({ id, ...body }: AccessRequestDecisionBody & { id: string }) =>
      apiRequest<OperatorAccessRequest>(`/operator/access-requests/${encodeURIComponent(id)}/decision`, { method: 'POST', body }),
    [operatorKeys.all],
  );
}
