import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MailboxQuery, MailboxResponse } from '@mandate/contracts/mail';
import { ApiError, apiRequest } from '../../../lib/api-client.ts';
import type { AppAbility } from '../../../lib/ability.ts';

export type MailboxListQuery = Omit<MailboxQuery, 'cursor'> & { cursor: string | null };

export const mailboxKeys = {
  all: ['operator', 'mailbox'] as const,
  list: (query: MailboxListQuery) => [...mailboxKeys.all, 'list', query] as const,
  available: ['operator', 'mailbox', 'available'] as const,
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
