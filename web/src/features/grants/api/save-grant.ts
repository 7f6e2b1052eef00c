import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GrantBody, GrantItem } from '@mandate/contracts/grants';
import type { App } from '@mandate/domain/profiles';
import { apiRequest } from '../../../lib/api-client.ts';
import { userGrantsKey } from './get-user-grants.ts';

const path = (customerId: string, userId: string, app: App) =>
  `/customers/${encodeURIComponent(customerId)}/users/${encodeURIComponent(userId)}/grants/${encodeURIComponent(app)}`;

/** PUT …/grants/:app — create or replace the right for one app. */
export function useSaveGrant(customerId: string, userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ app, body }: { app: App; body: GrantBody }) => apiRequest<GrantItem>(path(customerId, userId, app), { method: 'PUT', body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userGrantsKey(customerId, userId) }),
  });
}

/** DELETE …/grants/:app — remove the right for one app. */
export function useRemoveGrant(customerId: string, userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (app: App) => apiRequest<void>(path(customerId, userId, app), { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: userGrantsKey(customerId, userId) }),
  });
}
