import { useRef } from 'react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { FleetView, FleetViewBody, FleetViewList, FleetViewPatch } from '@mandate/contracts/fleet-views';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import type {
  BillShockAlert, BillShockAlertListResponse, CreateBillShockAlertBody,
  BulkChange, BulkChangeBody, BulkChangeItemResponse, ScopeOptionsResponse, SelfServiceRights, SelfServiceRightsBody, SimDetail, SimHistoryResponse,
  SimListQuery, SimListResponse, SimOrder, SimOrderBody, SimOrderListResponse, SimOrderStatus, TariffOptionListResponse, TariffPlanListResponse,
  TerminationQuote, WhatIfResult,
} from './fleet-types.ts';

/** The list filters the fleet table sends (no cursor or limit: the infinite query adds them). */
export type SimListFilter = Omit<SimListQuery, 'cursor' | 'limit'>;

/**
 * The query keys of Fleet Manager. Everything about SIMs lives under all(customerId), so an order
 * refetches the lists, the SIM, its history and the pickers of other features at once.
 */
export const fleetKeys = {
  all: (customerId: string) => ['customers', customerId, 'sims'] as const,
  list: (customerId: string, filter: SimListFilter) => [...fleetKeys.all(customerId), 'fleet', filter] as const,
  myLines: (customerId: string) => [...fleetKeys.all(customerId), 'my-lines'] as const,
  detail: (customerId: string, simId: string) => [...fleetKeys.all(customerId), 'detail', simId] as const,
  history: (customerId: string, simId: string) => [...fleetKeys.all(customerId), 'history', simId] as const,
  selfService: (customerId: string, simId: string) => [...fleetKeys.all(customerId), 'self-service', simId] as const,
  quote: (customerId: string, simId: string) => [...fleetKeys.all(customerId), 'termination-quote', simId] as const,
  orders: (customerId: string, filter: { status?: SimOrderStatus[]; simId?: string }) => ['customers', customerId, 'sim-orders', filter] as const,
  allOrders: (customerId: string) => ['customers', customerId, 'sim-orders'] as const,
  bulk: (customerId: string, bulkChangeId: string) => ['customers', customerId, 'sim-bulk-changes', bulkChangeId] as const,
  bulkFailed: (customerId: string, bulkChangeId: string) => ['customers', customerId, 'sim-bulk-changes', bulkChangeId, 'failed'] as const,
  scopeOptions: (customerId: string) => ['customers', customerId, 'scope-options'] as const,
  billShock: (customerId: string) => ['customers', customerId, 'bill-shock-alerts'] as const,
  billShockList: (customerId: string, simId: string | null) => [...fleetKeys.billShock(customerId), simId ?? 'all'] as const,
  /** Not under all(customerId): a change to a SIM does not make the user's saved views stale. */
  views: (customerId: string) => ['customers', customerId, 'fleet-views'] as const,
  plans: () => ['catalogue', 'tariff-plans'] as const,
  options: (planId: string | null) => ['catalogue', 'tariff-options', planId] as const,
};

/** Rows per keyset page of the fleet table (the API's maximum). */
export const FLEET_PAGE = 200;

/** GET …/sims — keyset pages loaded one after the other as the table scrolls. */
export function useFleetSims(customerId: string, filter: SimListFilter) {
  return useInfiniteQuery({
    queryKey: fleetKeys.list(customerId, filter),
    queryFn: ({ signal, pageParam }) =>
      apiRequest<SimListResponse>(customerPath(customerId, 'sims'), { query: { ...toQuery(filter), limit: FLEET_PAGE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The list filters as query parameters (booleans as the API reads them). */
export function toQuery(filter: SimListFilter): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, value === undefined ? undefined : String(value)]));
}

/** The signed-in user's own lines: those whose end user he is, within what his rights show him. */
export function useMyLines(customerId: string) {
  return useQuery({
    queryKey: fleetKeys.myLines(customerId),
    queryFn: ({ signal }) => apiRequest<SimListResponse>(customerPath(customerId, 'sims'), { query: { mine: 'true', limit: 50 }, signal }),
  });
}

/** GET …/sims/:simId — with this month's usage; its version is its ETag. */
export function useSim(customerId: string, simId: string) {
  return useQuery({
    queryKey: fleetKeys.detail(customerId, simId),
    queryFn: ({ signal }) => apiRequest<SimDetail>(customerPath(customerId, 'sims', simId), { signal }),
  });
}

/** GET …/sims/:simId/history — newest first, keyset pages on "load more". */
export function useSimHistory(customerId: string, simId: string) {
  return useInfiniteQuery({
    queryKey: fleetKeys.history(customerId, simId),
    queryFn: ({ signal, pageParam }) =>
      apiRequest<SimHistoryResponse>(customerPath(customerId, 'sims', simId, 'history'), { query: { limit: 25, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** GET /catalogue/tariff-plans — the operator's plans (the same for every customer). */
export function useTariffPlans() {
  return useQuery({
    queryKey: fleetKeys.plans(),
    queryFn: ({ signal }) => apiRequest<TariffPlanListResponse>('/catalogue/tariff-plans', { signal }),
    staleTime: 10 * 60_000,
  });
}

/** GET /catalogue/tariff-options ?planId — all options, or those that fit one plan. */
export function useTariffOptions(planId: string | null = null) {
  return useQuery({
    queryKey: fleetKeys.options(planId),
    queryFn: ({ signal }) => apiRequest<TariffOptionListResponse>('/catalogue/tariff-options', { query: { planId }, signal }),
    staleTime: 10 * 60_000,
  });
}

/** GET …/scope-options — the billing accounts and cost centres within the user's scope, for the filters. */
export function useScopeOptions(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: fleetKeys.scopeOptions(customerId),
    queryFn: ({ signal }) => apiRequest<ScopeOptionsResponse>(customerPath(customerId, 'scope-options'), { signal }),
    staleTime: 60_000,
    enabled,
  });
}

/** GET …/sim-orders ?status ?simId — the orders the user may see. */
export function useSimOrders(customerId: string, filter: { status?: SimOrderStatus[]; simId?: string }, enabled = true) {
  return useQuery({
    queryKey: fleetKeys.orders(customerId, filter),
    queryFn: ({ signal }) => apiRequest<SimOrderListResponse>(customerPath(customerId, 'sim-orders'), { query: { ...filter, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * An Idempotency-Key per request body: asking again with the same body (after a network error)
 * sends the same key, so the server answers the first order rather than placing a second; a
 * changed body is a new request with a new key.
 */
export function useIdempotencyKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return (body) => {
    const json = JSON.stringify(body);
    if (last.current?.body !== json) last.current = { body: json, key: newKey() };
    return last.current.key;
  };
}

function newKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The strong ETag of a SIM at `version`, as the server writes it. */
export const simEtag = (version: number): string => `"${version}"`;

/** POST …/sims/:simId/orders — against the SIM's version (If-Match), at most once per key. */
export function useOrderSim(customerId: string, simId: string) {
  return useChange(
    ({ body, version, key }: { body: SimOrderBody; version: number; key: string }) =>
      apiRequest<SimOrder>(customerPath(customerId, 'sims', simId, 'orders'), {
        method: 'POST', body, headers: { 'If-Match': simEtag(version), 'Idempotency-Key': key },
      }),
    [fleetKeys.all(customerId), fleetKeys.allOrders(customerId)],
  );
}

/** POST …/sim-orders/:orderId/approve | reject | cancel. */
export function useDecideOrder(customerId: string) {
  return useChange(
    ({ orderId, decision, reason }: { orderId: string; decision: 'approve' | 'reject' | 'cancel'; reason?: string }) =>
      apiRequest<SimOrder>(customerPath(customerId, 'sim-orders', orderId, decision), {
        method: 'POST', ...(decision === 'reject' ? { body: { reason } } : {}),
      }),
    [fleetKeys.all(customerId), fleetKeys.allOrders(customerId)],
  );
}

/** GET …/sims/:simId/termination-quote — the cost of ending now, with the figures it comes from. */
export function useTerminationQuote(customerId: string, simId: string, enabled: boolean) {
  return useQuery({
    queryKey: fleetKeys.quote(customerId, simId),
    queryFn: ({ signal }) => apiRequest<TerminationQuote>(customerPath(customerId, 'sims', simId, 'termination-quote'), { signal }),
    enabled,
    staleTime: 0,
  });
}

/** GET …/sims/:simId/self-service — what the end user may change himself. */
export function useSelfService(customerId: string, simId: string, enabled = true) {
  return useQuery({
    queryKey: fleetKeys.selfService(customerId, simId),
    queryFn: ({ signal }) => apiRequest<SelfServiceRights>(customerPath(customerId, 'sims', simId, 'self-service'), { signal }),
    enabled,
    retry: false,
  });
}

/** PUT …/sims/:simId/self-service against the SIM's version (If-Match; 412 when stale): a change of the rights is a new version of the SIM, so it is refetched. */
export function useSaveSelfService(customerId: string, simId: string) {
  return useChange(
    ({ body, version }: { body: SelfServiceRightsBody; version: number }) =>
      apiRequest<SelfServiceRights>(customerPath(customerId, 'sims', simId, 'self-service'), { method: 'PUT', body, headers: { 'If-Match': simEtag(version) } }),
    [fleetKeys.all(customerId)],
  );
}

/** POST …/sim-bulk-changes — one change on many SIMs, applied by a background job. */
export function useStartBulkChange(customerId: string) {
  return useChange(
    ({ body, key }: { body: BulkChangeBody; key: string }) =>
      apiRequest<BulkChange>(customerPath(customerId, 'sim-bulk-changes'), { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
    [],
  );
}

/**
 * GET …/sim-bulk-changes/:id — polled every second while it runs. `started` is the bulk change as its
 * start answered it: shown (its count of SIMs, nothing done yet) until the first poll answers.
 */
export function useBulkChange(customerId: string, started: BulkChange) {
  return useQuery({
    queryKey: fleetKeys.bulk(customerId, started.id),
    queryFn: ({ signal }) => apiRequest<BulkChange>(customerPath(customerId, 'sim-bulk-changes', started.id), { signal }),
    initialData: started,
    initialDataUpdatedAt: 0,
    refetchInterval: (query) => (query.state.data?.status === 'done' ? false : 1000),
  });
}

/** GET …/sim-bulk-changes/:id/items ?status=failed — the SIMs it could not change and why. */
export function useBulkFailures(customerId: string, bulkChangeId: string, enabled: boolean) {
  return useQuery({
    queryKey: fleetKeys.bulkFailed(customerId, bulkChangeId),
    queryFn: ({ signal }) =>
      apiRequest<BulkChangeItemResponse>(customerPath(customerId, 'sim-bulk-changes', bulkChangeId, 'items'), { query: { status: 'failed', limit: 200 }, signal }),
    enabled,
  });
}

/** POST …/sim-bulk-changes/:id/retry — the failed SIMs again. */
export function useRetryBulkChange(customerId: string, bulkChangeId: string) {
  return useChange(
    () => apiRequest<BulkChange>(customerPath(customerId, 'sim-bulk-changes', bulkChangeId, 'retry'), { method: 'POST' }),
    [fleetKeys.bulk(customerId, bulkChangeId), fleetKeys.bulkFailed(customerId, bulkChangeId)],
  );
}

/** POST …/sims/what-if — each SIM's last 3 closed months re-rated on a candidate plan. */
export function fetchWhatIf(customerId: string, simIds: string[], tariffPlanId: string, signal?: AbortSignal): Promise<WhatIfResult> {
  return apiRequest<WhatIfResult>(customerPath(customerId, 'sims', 'what-if'), { method: 'POST', body: { simIds, tariffPlanId }, ...(signal ? { signal } : {}) });
}

/** GET …/bill-shock-alerts ?simId — the alerts the user may manage (one SIM's, or all of them), newest first, "load more". */
export function useBillShockAlerts(customerId: string, simId: string | null = null) {
  return useInfiniteQuery({
    queryKey: fleetKeys.billShockList(customerId, simId),
    queryFn: ({ signal, pageParam }) =>
      apiRequest<BillShockAlertListResponse>(customerPath(customerId, 'bill-shock-alerts'), { query: { simId, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** POST …/bill-shock-alerts — on one SIM or on each SIM of a cost centre. */
export function useCreateBillShockAlert(customerId: string) {
  return useChange(
    (body: CreateBillShockAlertBody) => apiRequest<BillShockAlert>(customerPath(customerId, 'bill-shock-alerts'), { method: 'POST', body }),
    [fleetKeys.billShock(customerId)],
  );
}

/** DELETE …/bill-shock-alerts/:alertId. */
export function useRemoveBillShockAlert(customerId: string) {
  return useChange(
    (alertId: string) => apiRequest<undefined>(customerPath(customerId, 'bill-shock-alerts', alertId), { method: 'DELETE' }),
    [fleetKeys.billShock(customerId)],
  );
}

/** GET …/fleet/views — the signed-in user's own saved views of the fleet table, by name. */
export function useFleetViews(customerId: string) {
  return useQuery({
    queryKey: fleetKeys.views(customerId),
    queryFn: ({ signal }) => apiRequest<FleetViewList>(customerPath(customerId, 'fleet', 'views'), { signal }),
  });
}

/** POST …/fleet/views {name, state} — 409 view_name_taken (he has one of that name) or view_limit_reached. */
export function useSaveFleetView(customerId: string) {
  return useChange(
    (body: FleetViewBody) => apiRequest<FleetView>(customerPath(customerId, 'fleet', 'views'), { method: 'POST', body }),
    [fleetKeys.views(customerId)],
  );
}

/** PATCH …/fleet/views/:viewId: a new name, or the table as it is now. */
export function useUpdateFleetView(customerId: string) {
  return useChange(
    ({ id, body }: { id: string; body: FleetViewPatch }) => apiRequest<FleetView>(customerPath(customerId, 'fleet', 'views', id), { method: 'PATCH', body }),
    [fleetKeys.views(customerId)],
  );
}

/** DELETE …/fleet/views/:viewId. */
export function useDeleteFleetView(customerId: string) {
  return useChange(
    (viewId: string) => apiRequest<undefined>(customerPath(customerId, 'fleet', 'views', viewId), { method: 'DELETE' }),
    [fleetKeys.views(customerId)],
  );
}
