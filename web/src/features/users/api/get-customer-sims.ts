import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SimListQuery, SimListResponse } from '@mandate/contracts/sims';
import { apiRequest } from '../../../lib/api-client.ts';

/** The query key prefix of every SIM list of a customer (invalidated when a line is linked or unlinked). */
export const customerSimsKey = (customerId: string) => ['customers', customerId, 'sims'] as const;

/** GET /customers/:customerId/sims — the SIMs the signed-in user may see, searched and filtered by the server. */
export function getCustomerSims(customerId: string, query: SimListQuery, signal?: AbortSignal): Promise<SimListResponse> {
  const { unassigned, updatable, ...rest } = query;
  const params = { ...rest, unassigned: unassigned === undefined ? undefined : String(unassigned), updatable: updatable ? 'true' : undefined };
  return apiRequest<SimListResponse>(`/customers/${encodeURIComponent(customerId)}/sims`, { query: params, ...(signal ? { signal } : {}) });
}

export function useCustomerSims(customerId: string, query: SimListQuery, enabled: boolean) {
  return useQuery({
    queryKey: [...customerSimsKey(customerId), query],
    queryFn: ({ signal }) => getCustomerSims(customerId, query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
