import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import type { SmsItem as SmsItemSchema, SmsListResponse } from '@mandate/contracts/invoice-delivery';
import type { MailboxQuery, MailboxResponse } from '@mandate/contracts/mail';
import { ApiError, apiRequest } from '../../../lib/api-client.ts';
import type { AppAbility } from '../../../lib/ability.ts';
import { useChange } from '../../../lib/mutation.ts';

export type SmsItem = Static<typeof SmsItemSchema>;

export type MailboxListQuery = Omit<MailboxQuery, 'cursor'> & { cursor: string | null };

export const mailboxKeys = {
  all: ['operator', 'mailbox'] as const,
  list: (query: MailboxListQuery) => [...mailboxKeys.all, 'list', query] as const,
  available: ['operator', 'mailbox', 'available'] as const,
  lists: ['operator', 'mailbox', 'list'] as const,
  sms: (cursor: string | null) => ['operator', 'mailbox', 'sms', cursor] as const,
};

/** GET /operator/mailbox — the development mailbox (operator staff; the route does not exist in production). */
function getMailbox(query: MailboxListQuery, signal?: AbortSignal): Promise<MailboxResponse> {
  return apiRequest<MailboxResponse>('/operator/mailbox', { query, ...(signal ? { signal } : {}) });
}

export function useMailbox(query: MailboxListQuery) {
  return useQuery({
    queryKey: mailboxKeys.list(query),
    queryFn: ({ signal }) => getMailbox(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The ability lets him read the mailbox (operator staff); the server still decides. */
export function canReadMailbox(ability: AppAbility): boolean {
  return ability.can('read', 'Mailbox');
}

/**
 * Whether to offer the mailbox: the ability allows it and the server says it exists (it answers
 * 404 in production). Asked once per session.
 */
export function useMailboxAvailable(ability: AppAbility): boolean {
  const allowed = canReadMailbox(ability);
  const probe = useQuery({
    queryKey: mailboxKeys.available,
    queryFn: async ({ signal }) => {
      try {
        await getMailbox({ limit: 1, cursor: null }, signal);
        return true;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return false;
        throw error;
      }
    },
    enabled: allowed,
    staleTime: Infinity,
    retry: false,
  });
  return allowed && probe.data === true;
}

/** GET /operator/mailbox/sms — what the development SMS gateway recorded, newest first (not in production). */
export function useSms(cursor: string | null, enabled: boolean) {
  return useQuery({
    queryKey: mailboxKeys.sms(cursor),
    queryFn: ({ signal }) => apiRequest<SmsListResponse>('/operator/mailbox/sms', { query: { cursor, limit: 25 }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * POST /operator/mailbox/{mailId}/bounce — plays the mail server's bounce of an invoice
 * announcement (404 for any other mail); the mail to the account's financial managers lands in
 * the outbox, so the list is read again.
 */
export function useBounceMail() {
  return useChange(
    ({ mailId, reason }: { mailId: string; reason: string }) =>
      apiRequest<{ deliveryId: string; notified: number }>(`/operator/mailbox/${encodeURIComponent(mailId)}/bounce`, { method: 'POST', body: { reason } }),
    [mailboxKeys.lists],
  );
}
