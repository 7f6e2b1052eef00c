import { useQuery } from '@tanstack/react-query';
import type { FleetActivation } from '@mandate/contracts/fleet-activation';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';

/** Fleet Manager on request: the customer's side (whether it is active, asked for, and its SIM cards). */
export const fleetActivationKeys = {
  detail: (customerId: string) => ['customers', customerId, 'fleet-manager', 'activation'] as const,
};

/** GET …/fleet-manager/activation — asked only of whoever may ask for it. */
export function useFleetActivation(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: fleetActivationKeys.detail(customerId),
    queryFn: ({ signal }) => apiRequest<FleetActivation>(customerPath(customerId, 'fleet-manager', 'activation'), { signal }),
    enabled,
  });
}

/** POST …/fleet-manager/activation — 202 with the new state; 422 too_few_sims, 409 already_active / activation_pending. */
export function useRequestFleetActivation(customerId: string) {
  return useChange(
    () => apiRequest<FleetActivation>(customerPath(customerId, 'fleet-manager', 'activation'), { method: 'POST' }),
    [fleetActivationKeys.detail(customerId)],
  );
}
