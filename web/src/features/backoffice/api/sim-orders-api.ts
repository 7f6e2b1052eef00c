import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CompleteOrderBody, OperatorOrder, OperatorOrderKind, OperatorOrderListResponse } from '@mandate/contracts/operator-orders';
import { apiRequest } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import { operatorKeys } from './backoffice-api.ts';

const queueKey = (status: 'requested' | 'all', kind: OperatorOrderKind | null) => [...operatorKeys.all, 'sim-orders', status, kind] as const;

/** GET /operator/sim-orders: the number changes and port-outs waiting for the operator (or all of them), oldest first. */
export function useSimOrderQueue(status: 'requested' | 'all', kind: OperatorOrderKind | null) {
  return useQuery({
    queryKey: queueKey(status, kind),
    queryFn: ({ signal }) => apiRequest<OperatorOrderListResponse>('/operator/sim-orders', { query: { status, kind, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** If-Match with the SIM's version as the operator saw it: a line changed meanwhile is refused (412) rather than decided blind. */
const ifMatch = (order: OperatorOrder) => ({ 'If-Match': `"${order.simVersion}"` });

/** POST /operator/sim-orders/{id}/complete: a number change gets its number, a port-out deactivates the SIM. */
export function useCompleteSimOrder() {
  return useChange(
    ({ order, body }: { order: OperatorOrder; body: CompleteOrderBody }) =>
      apiRequest<OperatorOrder>(`/operator/sim-orders/${encodeURIComponent(order.id)}/complete`, { method: 'POST', body, headers: ifMatch(order) }),
    [operatorKeys.all],
  );
}

/** POST /operator/sim-orders/{id}/reject, with the reason the asker is mailed. */
export function useRejectSimOrder() {
  return useChange(
    ({ order, reason }: { order: OperatorOrder; reason: string }) =>
      apiRequest<OperatorOrder>(`/operator/sim-orders/${encodeURIComponent(order.id)}/reject`, { method: 'POST', body: { reason }, headers: ifMatch(order) }),
    [operatorKeys.all],
  );
}
