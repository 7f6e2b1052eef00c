import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { fleetKeys } from './fleet-api.ts';

/**
 * One SIM card's billing (PFM-3): its billed charges per month of the last 12 months and its billed
 * call details of the last 6. The shapes are written here by hand on the API's answers (the
 * generated schema types follow the contracts in packages/contracts/src/sim-billing.ts).
 */

export const CHARGE_TYPES = ['subscription', 'option', 'national_voice', 'international_voice', 'roaming', 'sms', 'data', 'one_off', 'discount'] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];

export const CALL_TYPES = ['national_voice', 'international_voice', 'roaming', 'sms', 'data'] as const;
export type CallType = (typeof CALL_TYPES)[number];

export interface SimBillingMonth {
  /** YYYY-MM */
  month: string;
  periodStart: string;
  periodEnd: string;
  totalCents: number;
  byChargeType: Array<{ chargeType: ChargeType; amountCents: number }>;
  /** When this month's billing data leaves the portal (RET-1). */
  availableUntil: string;
}

export interface SimBillingResponse {
  /** Closed billing periods only, newest month first. */
  items: SimBillingMonth[];
  nextCursor: string | null;
}

export interface SimCallDetail {
  id: number;
  startedAt: string;
  simId: string;
  msisdn: string;
  type: CallType;
  destination: string | null;
  durationS: number | null;
  volumeKb: number | null;
  standardPriceCents: number;
  billedPriceCents: number;
}

export interface SimCallDetailPage {
  items: SimCallDetail[];
  nextCursor: string | null;
  availableUntil: string;
}

export interface SimCallDetailFilter {
  type: CallType | null;
  from: string | null;
  to: string | null;
}

/** Rows per page of a SIM's call details. */
export const SIM_CALLS_PAGE = 25;

/** The query keys, under the SIM's: a change to the SIM refetches them with the rest. */
export const simBillingKeys = {
  billing: (customerId: string, simId: string) => [...fleetKeys.all(customerId), 'billing', simId] as const,
  calls: (customerId: string, simId: string, filter: SimCallDetailFilter, cursor: string | null) =>
    [...fleetKeys.all(customerId), 'call-details', simId, filter, cursor] as const,
};

/** GET …/sims/:simId/billing */
export function useSimBilling(customerId: string, simId: string, enabled = true) {
  return useQuery({
    queryKey: simBillingKeys.billing(customerId, simId),
    queryFn: ({ signal }) => apiRequest<SimBillingResponse>(customerPath(customerId, 'sims', simId, 'billing'), { signal }),
    enabled,
  });
}

/** GET …/sims/:simId/call-details — one keyset page, newest first. */
export function useSimCallDetails(customerId: string, simId: string, filter: SimCallDetailFilter, cursor: string | null, enabled = true) {
  return useQuery({
    queryKey: simBillingKeys.calls(customerId, simId, filter, cursor),
    queryFn: ({ signal }) => apiRequest<SimCallDetailPage>(customerPath(customerId, 'sims', simId, 'call-details'), {
      query: { type: filter.type, from: filter.from, to: filter.to, cursor, limit: SIM_CALLS_PAGE }, signal,
    }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
