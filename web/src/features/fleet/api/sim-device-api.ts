import type { SimDeviceBody } from '@mandate/contracts/sim-orders';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import { fleetKeys, simEtag } from './fleet-api.ts';

/**
 * PUT …/sims/:simId/device against the SIM's version (If-Match; 412 when stale): the SIM, its
 * history and the lists are refetched, so the page shows the new marking and its history row.
 */
export function useMarkDevice(customerId: string, simId: string) {
  return useChange(
    ({ body, version }: { body: SimDeviceBody; version: number }) =>
      apiRequest<undefined>(customerPath(customerId, 'sims', simId, 'device'), { method: 'PUT', body, headers: { 'If-Match': simEtag(version) } }),
    [fleetKeys.all(customerId)],
  );
}
