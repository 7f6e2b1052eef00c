import { useMutation, useQuery } from '@tanstack/react-query';
import type { AcceptInvitationResponse, InvitationInfo } from '@mandate/contracts/users';
import { apiRequest } from '../../../lib/api-client.ts';

/** GET /invitations/:token (public): who is invited to which customer; 404 when unknown, used or expired. */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitations', token],
    queryFn: ({ signal }) => apiRequest<InvitationInfo>(`/invitations/${encodeURIComponent(token)}`, { signal, auth: false }),
    retry: false,
  });
}

/** POST /invitations/:token/accept (public): sets the password; 410 when used or expired. */
export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      apiRequest<AcceptInvitationResponse>(`/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body: { password }, auth: false }),
  });
}
