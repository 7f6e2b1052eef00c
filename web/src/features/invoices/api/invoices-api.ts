import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiRequest, customerPath, downloadFile } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import type {
  AnswerDisputeBody, BillingAccountList, BillingDocumentList, CallCreditsQuery, CallCreditsResponse, CallDetailQuery, CallDetailResponse,
  ChargesResponse, CreateDisputeBody, Dispute, DisputeListResponse, DisputeStatus, InvoiceDetail, InvoiceListQuery, InvoiceListResponse, OperatorDispute, OperatorDisputeListResponse,
  SimList, UnbilledResponse, UsageType,
} from './invoices-types.ts';

/**
 * The query keys of My invoice online: everything under all(customerId) is refetched after a
 * dispute is opened or withdrawn (the invoice's status, its lines, the lists and totals change).
 */
export const invoicesKeys = {
  all: (customerId: string) => ['customers', customerId, 'invoices'] as const,
  billingAccounts: (customerId: string) => [...invoicesKeys.all(customerId), 'billing-accounts'] as const,
  list: (customerId: string, query: InvoiceListQuery) => [...invoicesKeys.all(customerId), 'list', query] as const,
  detail: (customerId: string, invoiceId: string) => [...invoicesKeys.all(customerId), 'detail', invoiceId] as const,
  callDetails: (customerId: string, invoiceId: string, query: Omit<CallDetailQuery, 'cursor'>) =>
    [...invoicesKeys.all(customerId), 'call-details', invoiceId, query] as const,
  disputes: (customerId: string, status: DisputeStatus | null, cursor: string | null) => [...invoicesKeys.all(customerId), 'disputes', status, cursor] as const,
  documents: (customerId: string, cursor: string | null) => [...invoicesKeys.all(customerId), 'documents', cursor] as const,
  unbilled: (customerId: string, query: UnbilledFilter & { cursor: string | null }) => ['customers', customerId, 'usage', 'unbilled', query] as const,
  charges: (customerId: string, month: string, cursor: string | null) => ['customers', customerId, 'usage', 'charges', month, cursor] as const,
  callCredits: (customerId: string, query: CallCreditsQuery) => ['customers', customerId, 'usage', 'call-credits', query] as const,
  /** Under the customer's SIM lists: refetched with them when a line changes hands. */
  simOptions: (customerId: string, q: string | null) => ['customers', customerId, 'sims', 'options', q] as const,
  operatorDisputes: (status: string | null) => ['operator', 'disputes', status] as const,
};

const PAGE = 25;

/** GET …/billing-accounts — the accounts the user may read, for the filters. */
export function useBillingAccounts(customerId: string, enabled = true) {
  return useQuery({
    queryKey: invoicesKeys.billingAccounts(customerId),
    queryFn: ({ signal }) => apiRequest<BillingAccountList>(customerPath(customerId, 'billing-accounts'), { signal }),
    staleTime: 60_000,
    enabled,
  });
}

/** GET …/invoices — filtered, sorted and keyset-paged by the server, with the totals of the filtered set. */
export function useInvoices(customerId: string, query: InvoiceListQuery, enabled: boolean) {
  return useQuery({
    queryKey: invoicesKeys.list(customerId, query),
    queryFn: ({ signal }) => apiRequest<InvoiceListResponse>(customerPath(customerId, 'invoices'), { query: { ...query, limit: query.limit ?? PAGE }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** GET …/invoices/:invoiceId — with its lines, their groupings and its disputes (404 when out of scope or expired). */
export function useInvoice(customerId: string, invoiceId: string) {
  return useQuery({
    queryKey: invoicesKeys.detail(customerId, invoiceId),
    queryFn: ({ signal }) => apiRequest<InvoiceDetail>(customerPath(customerId, 'invoices', invoiceId), { signal }),
  });
}

/** GET …/invoices/:invoiceId/pdf — the shipped PDF, or one the portal generates. */
export function downloadInvoicePdf(customerId: string, invoiceId: string, number: string): Promise<void> {
  return downloadFile(customerPath(customerId, 'invoices', invoiceId, 'pdf'), undefined, `invoice-${number}.pdf`);
}

/** POST …/invoices/:invoiceId/disputes (INV-7). */
export function useCreateDispute(customerId: string, invoiceId: string) {
  return useChange(
    (body: CreateDisputeBody) => apiRequest<Dispute>(customerPath(customerId, 'invoices', invoiceId, 'disputes'), { method: 'POST', body }),
    [invoicesKeys.all(customerId)],
  );
}

/** POST …/disputes/:disputeId/withdraw. */
export function useWithdrawDispute(customerId: string) {
  return useChange(
    (disputeId: string) => apiRequest<Dispute>(customerPath(customerId, 'disputes', disputeId, 'withdraw'), { method: 'POST' }),
    [invoicesKeys.all(customerId)],
  );
}

/** GET …/invoices/:invoiceId/call-details — keyset pages, loaded one after the other as the table scrolls. */
export function useCallDetails(customerId: string, invoiceId: string, query: Omit<CallDetailQuery, 'cursor' | 'limit'>, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: invoicesKeys.callDetails(customerId, invoiceId, query),
    queryFn: ({ signal, pageParam }) =>
      apiRequest<CallDetailResponse>(customerPath(customerId, 'invoices', invoiceId, 'call-details'), {
        query: { ...query, limit: 200, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** GET …/disputes ?status — keyset-paged. */
export function useDisputes(customerId: string, status: DisputeStatus | null, cursor: string | null) {
  return useQuery({
    queryKey: invoicesKeys.disputes(customerId, status, cursor),
    queryFn: ({ signal }) => apiRequest<DisputeListResponse>(customerPath(customerId, 'disputes'), { query: { status, cursor, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET …/billing-documents (INV-8). */
export function useBillingDocuments(customerId: string, cursor: string | null) {
  return useQuery({
    queryKey: invoicesKeys.documents(customerId, cursor),
    queryFn: ({ signal }) => apiRequest<BillingDocumentList>(customerPath(customerId, 'billing-documents'), { query: { cursor, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function downloadBillingDocument(customerId: string, documentId: string, title: string): Promise<void> {
  return downloadFile(customerPath(customerId, 'billing-documents', documentId, 'content'), undefined, `${title.replace(/[^\p{L}\p{N} ._-]+/gu, '') || 'document'}.pdf`);
}

/** GET …/usage/unbilled — events of open periods at least 8 hours old, at standard prices (INV-4), of one SIM or all. */
export interface UnbilledFilter {
  type: UsageType | null;
  simId: string | null;
  /** A mobile number as typed: the server reads it (national or international) and refuses what is no number. */
  msisdn: string | null;
}

export function useUnbilledUsage(customerId: string, filter: UnbilledFilter, cursor: string | null) {
  const { type, simId, msisdn } = filter;
  return useQuery({
    queryKey: invoicesKeys.unbilled(customerId, { type, simId, msisdn, cursor }),
    queryFn: ({ signal }) => apiRequest<UnbilledResponse>(customerPath(customerId, 'usage', 'unbilled'), { query: { type, simId, msisdn, cursor, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET …/sims ?q — the SIM cards the user may see whose number holds `q`, for a filter (a Service User: his own line). */
export function useSimOptions(customerId: string, q: string | null) {
  return useQuery({
    queryKey: invoicesKeys.simOptions(customerId, q),
    queryFn: ({ signal }) => apiRequest<SimList>(customerPath(customerId, 'sims'), { query: { q, limit: 50 }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** GET …/call-credits ?month ?billingAccountId — a month's call credits per SIM, keyset-paged, and the transfers of the page's SIMs. */
export function useCallCredits(customerId: string, query: CallCreditsQuery) {
  return useQuery({
    queryKey: invoicesKeys.callCredits(customerId, query),
    queryFn: ({ signal }) => apiRequest<CallCreditsResponse>(customerPath(customerId, 'call-credits'), { query: { ...query, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET …/usage/charges ?month — billed charges per line and type of charge (a Service User: his own line). */
export function useCharges(customerId: string, month: string, cursor: string | null) {
  return useQuery({
    queryKey: invoicesKeys.charges(customerId, month, cursor),
    queryFn: ({ signal }) => apiRequest<ChargesResponse>(customerPath(customerId, 'usage', 'charges'), { query: { month, cursor, limit: 200 }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET /operator/disputes ?status — the back office's queue. */
export function useOperatorDisputes(status: string | null) {
  return useQuery({
    queryKey: invoicesKeys.operatorDisputes(status),
    queryFn: ({ signal }) => apiRequest<OperatorDisputeListResponse>('/operator/disputes', { query: { status, limit: 100 }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** POST /operator/disputes/:disputeId/answer — the customer is mailed. */
export function useAnswerDispute() {
  return useChange(
    ({ disputeId, body }: { disputeId: string; body: AnswerDisputeBody }) =>
      apiRequest<OperatorDispute>(`/operator/disputes/${encodeURIComponent(disputeId)}/answer`, { method: 'POST', body }),
    [['operator', 'disputes']],
  );
}
