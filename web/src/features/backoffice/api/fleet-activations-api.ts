import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { FleetActivation, FleetActivationDecisionBody, FleetActivationQueue, FleetActivationRequest } from '@mandate/contracts/fleet-activation';
import { apiRequest } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import { operatorKeys } from './backoffice-api.ts';

export type FleetActivationStatus = FleetActivationRequest['status'];

const queueKey = (status: FleetActivationStatus | null) => [...operatorKeys.all, 'fleet-manager-activations', status] as const;

/** GET /operator/fleet-manager/activations with a status (null: all), newest first. */
export function useFleetActivationQueue(status: FleetActivationStatus | null) {
  return useQuery({
    queryKey: queueKey(status),
    queryFn: ({ signal }) => apiRequest<FleetActivationQueue>('/operator/fleet-manager/activations', { query: { status, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** POST /operator/fleet-manager/activations/{id}/decision: the server checks the 30 SIM cards again on approval. */
export function useFleetActivationDecision() {
  return useChange(
    ({ id, ...body }: FleetActivationDecisionBody & { id: string }) =>
      apiRequest<FleetActivationRequest>(`/operator/fleet-manager/activations/${encodeURIComponent(id)}/decision`, { method: 'POST', body }),
    [operatorKeys.all],
  );
}

/** POST /operator/customers/{id}/fleet-manager/end: refused (409 condition_holds) while the customer has 30 SIM cards or more. */
export function useEndFleetManager() {
  return useChange(
    (customerId: string) => apiRequest<FleetActivation>(`/operator/customers/${encodeURIComponent(customerId)}/fleet-manager/end`, { method: 'POST' }),
    [operatorKeys.all],
  );
}
