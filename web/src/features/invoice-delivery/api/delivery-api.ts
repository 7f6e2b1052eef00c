import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import type {
  CancelPreview, DeliveryHistoryResponse, DeliverySetting, DeliverySettingListResponse, GreenBillBody, InvoiceDelivery,
  SandboxInvitation as SandboxInvitationSchema, Verification, ZoomitBank as ZoomitBankSchema, ZoomitBody,
} from '@mandate/contracts/invoice-delivery';
import { ApiError, apiRequest, customerPath } from '../../../lib/api-client.ts';
import { etagOf, requestIfMatch } from './if-match.ts';

export type { CancelPreview, DeliverySetting, GreenBillBody, InvoiceDelivery, Verification, ZoomitBody };
export type ZoomitBank = Static<typeof ZoomitBankSchema>;
export type SandboxInvitation = Static<typeof SandboxInvitationSchema>;
export type DeliveryState = DeliverySetting['state'];
export type DeliveryChannel = DeliverySetting['channel'];
export type DeliveryStatus = InvoiceDelivery['status'];

/**
 * The query keys of invoice delivery: everything under all(customerId) is refetched after a change
 * (a fixed account's GreenBill changes every fixed account's card).
 */
export const deliveryKeys = {
  all: (customerId: string) => ['customers', customerId, 'invoice-delivery'] as const,
  list: (customerId: string, cursor: string | null) => [...deliveryKeys.all(customerId), 'list', cursor] as const,
  banks: (customerId: string) => ['customers', customerId, 'invoice-delivery-banks'] as const,
  cancelPreview: (customerId: string, billingAccountId: string) => [...deliveryKeys.all(customerId), 'cancel-preview', billingAccountId] as const,
  history: (customerId: string, billingAccountId: string, cursor: string | null) => [...deliveryKeys.all(customerId), 'history', billingAccountId, cursor] as const,
  invoice: (customerId: string, invoiceId: string) => [...deliveryKeys.all(customerId), 'invoice', invoiceId] as const,
  verification: (token: string) => ['greenbill-verifications', token] as const,
  sandbox: (invitationId: string) => ['sandbox', 'zoomit', invitationId] as const,
};

const PAGE = 25;
const base = (customerId: string, ...segments: string[]) => customerPath(customerId, 'invoice-delivery', ...segments);

/** GET …/invoice-delivery — the billing accounts the user may see and how each receives its invoices, by number. */
export function useDeliverySettings(customerId: string, cursor: string | null) {
  return useQuery({
    queryKey: deliveryKeys.list(customerId, cursor),
    queryFn: ({ signal }) => apiRequest<DeliverySettingListResponse>(base(customerId), { query: { cursor, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET …/invoice-delivery/zoomit-banks — the banks that offer Zoomit. */
export function useZoomitBanks(customerId: string) {
  return useQuery({
    queryKey: deliveryKeys.banks(customerId),
    queryFn: ({ signal }) => apiRequest<{ items: ZoomitBank[] }>(base(customerId, 'zoomit-banks'), { signal }),
    staleTime: Infinity,
  });
}

/** GET …/{billingAccountId}/cancel-preview — the accounts a return to paper covers and the invoice PDFs to offer first. */
export function useCancelPreview(customerId: string, billingAccountId: string) {
  return useQuery({
    queryKey: deliveryKeys.cancelPreview(customerId, billingAccountId),
    queryFn: ({ signal }) => apiRequest<CancelPreview>(base(customerId, billingAccountId, 'cancel-preview'), { signal }),
  });
}

/** GET …/{billingAccountId}/deliveries — the account's deliveries, newest first, keyset-paged. */
export function useDeliveryHistory(customerId: string, billingAccountId: string, cursor: string | null) {
  return useQuery({
    queryKey: deliveryKeys.history(customerId, billingAccountId, cursor),
    queryFn: ({ signal }) => apiRequest<DeliveryHistoryResponse>(base(customerId, billingAccountId, 'deliveries'), { query: { cursor, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET …/invoices/{invoiceId}/deliveries — one invoice's deliveries, one per channel. */
export function useInvoiceDeliveries(customerId: string, invoiceId: string) {
  return useQuery({
    queryKey: deliveryKeys.invoice(customerId, invoiceId),
    queryFn: ({ signal }) => apiRequest<{ items: InvoiceDelivery[] }>(customerPath(customerId, 'invoices', invoiceId, 'deliveries'), { signal }),
  });
}

/** Whether the server refused a change because the setting moved on since it was read (412). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

/**
 * A change of a delivery setting: on success, and on a 412 (someone changed it meanwhile), the
 * settings are refetched, so that the next try carries the current version.
 */
function useDeliveryChange<V, R>(customerId: string, fn: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  const refetch = () => client.invalidateQueries({ queryKey: deliveryKeys.all(customerId) });
  return useMutation({
    mutationFn: fn,
    onSuccess: refetch,
    onError: (error) => (isStale(error) ? refetch() : undefined),
  });
}

/** POST …/greenbill — 202: a verification mail went to the address; 200: the same address was active, only the announcement changed. */
export function useRequestGreenBill(customerId: string) {
  return useDeliveryChange(customerId, ({ setting, body }: { setting: DeliverySetting; body: GreenBillBody }) =>
    requestIfMatch<DeliverySetting>(base(customerId, setting.billingAccountId, 'greenbill'), etagOf(setting.version), { method: 'POST', body }));
}

/** POST …/zoomit — 202: invited from the next billing cycle; active once the customer accepts in his bank. */
export function useRequestZoomit(customerId: string) {
  return useDeliveryChange(customerId, ({ setting, body }: { setting: DeliverySetting; body: ZoomitBody }) =>
    requestIfMatch<DeliverySetting>(base(customerId, setting.billingAccountId, 'zoomit'), etagOf(setting.version), { method: 'POST', body }));
}

/** POST …/peppol — active at once (422 no_peppol_id when the customer cannot be reached on Peppol). */
export function useActivatePeppol(customerId: string) {
  return useDeliveryChange(customerId, (setting: DeliverySetting) =>
    requestIfMatch<DeliverySetting>(base(customerId, setting.billingAccountId, 'peppol'), etagOf(setting.version), { method: 'POST' }));
}

/** POST …/cancel — back to paper (a fixed account's GreenBill for every fixed account together). */
export function useCancelDelivery(customerId: string) {
  return useDeliveryChange(customerId, (setting: DeliverySetting) =>
    requestIfMatch<DeliverySetting>(base(customerId, setting.billingAccountId, 'cancel'), etagOf(setting.version), { method: 'POST' }));
}

/** POST …/requests/{requestId}/resend — a new verification mail (the earlier link stops working). */
export function useResendVerification(customerId: string) {
  return useDeliveryChange(customerId, ({ billingAccountId, requestId }: { billingAccountId: string; requestId: string }) =>
    apiRequest<DeliverySetting>(base(customerId, billingAccountId, 'requests', requestId, 'resend'), { method: 'POST' }));
}

/** DELETE …/requests/{requestId} — the waiting address or invitation is dropped. */
export function useCancelRequest(customerId: string) {
  return useDeliveryChange(customerId, ({ billingAccountId, requestId }: { billingAccountId: string; requestId: string }) =>
    apiRequest<DeliverySetting>(base(customerId, billingAccountId, 'requests', requestId), { method: 'DELETE' }));
}

// ----- public: the GreenBill verification link and the development sandbox bank -----

/** GET /greenbill/verifications/{token} (no sign-in): 404 unknown_link, 410 link_expired. */
export function useVerification(token: string) {
  return useQuery({
    queryKey: deliveryKeys.verification(token),
    queryFn: ({ signal }) => apiRequest<Verification>(`/greenbill/verifications/${encodeURIComponent(token)}`, { signal, auth: false }),
    retry: false,
  });
}

/** POST /greenbill/verifications/{token}: GreenBill becomes active (410 link_used or link_expired). */
export function useConfirmVerification(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<Verification>(`/greenbill/verifications/${encodeURIComponent(token)}`, { method: 'POST', auth: false }),
    onSuccess: (verification) => client.setQueryData(deliveryKeys.verification(token), verification),
  });
}

const sandboxPath = (invitationId: string, ...rest: string[]) =>
  ['/sandbox/zoomit/invitations', encodeURIComponent(invitationId), ...rest].join('/');

/** GET /sandbox/zoomit/invitations/{id} — development only: the route does not exist in production (404). */
export function useSandboxInvitation(invitationId: string, enabled = true) {
  return useQuery({
    queryKey: deliveryKeys.sandbox(invitationId),
    queryFn: ({ signal }) => apiRequest<SandboxInvitation>(sandboxPath(invitationId), { signal, auth: false }),
    retry: false,
    enabled,
  });
}

/** POST /sandbox/zoomit/invitations/{id}/answer — the sandbox bank reports the answer as a real bank would (a signed webhook). */
export function useSandboxAnswer(invitationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (result: 'accepted' | 'refused') =>
      apiRequest<SandboxInvitation>(sandboxPath(invitationId, 'answer'), { method: 'POST', body: { result }, auth: false }),
    onSuccess: (invitation) => client.setQueryData(deliveryKeys.sandbox(invitationId), invitation),
  });
}
