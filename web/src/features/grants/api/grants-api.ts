import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ExplainQuery, ExplainResponse, GrantChangesBody, GrantListResponse, GrantPresetsResponse, GrantableResponse, ScopeOptionsResponse,
} from '@mandate/contracts/grants';
import { apiRequest, customerPath, downloadFile } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';

/** The query keys of rights: a user's grants and what may be granted to him, the customer's presets and scope options. */
export const grantsKeys = {
  user: (customerId: string, userId: string) => ['customers', customerId, 'users', userId, 'rights'] as const,
  grants: (customerId: string, userId: string) => [...grantsKeys.user(customerId, userId), 'grants'] as const,
  grantable: (customerId: string, userId: string) => [...grantsKeys.user(customerId, userId), 'grantable'] as const,
  presets: (customerId: string) => ['customers', customerId, 'grant-presets'] as const,
  scopeOptions: (customerId: string) => ['customers', customerId, 'scope-options'] as const,
  explain: (customerId: string, query: ExplainQuery | null) => ['customers', customerId, 'access', 'explain', query] as const,
};

/** GET …/users/:userId/grantable — per app, what the current user may grant (canGrant). */
export function useGrantable(customerId: string, userId: string) {
  return useQuery({
    queryKey: grantsKeys.grantable(customerId, userId),
    queryFn: ({ signal }) => apiRequest<GrantableResponse>(customerPath(customerId, 'users', userId, 'grantable'), { signal }),
  });
}

/** GET …/users/:userId/grants — the user's rights at this customer. */
export function useUserGrants(customerId: string, userId: string) {
  return useQuery({
    queryKey: grantsKeys.grants(customerId, userId),
    queryFn: ({ signal }) => apiRequest<GrantListResponse>(customerPath(customerId, 'users', userId, 'grants'), { signal }),
  });
}

/** GET /customers/:customerId/grant-presets — the sub-profiles' suggested rights. */
export function useGrantPresets(customerId: string) {
  return useQuery({
    queryKey: grantsKeys.presets(customerId),
    queryFn: ({ signal }) => apiRequest<GrantPresetsResponse>(customerPath(customerId, 'grant-presets'), { signal }),
    staleTime: 5 * 60_000,
  });
}

/** GET /customers/:customerId/scope-options — billing accounts and cost centres to pick a scope from. */
export function useScopeOptions(customerId: string) {
  return useQuery({
    queryKey: grantsKeys.scopeOptions(customerId),
    queryFn: ({ signal }) => apiRequest<ScopeOptionsResponse>(customerPath(customerId, 'scope-options'), { signal }),
    staleTime: 60_000,
  });
}

/**
 * PUT …/users/:userId/grants — the rights editor's one Save: several apps at once, all or nothing.
 * The answer is the user's rights after it, put in the cache at once so the matrix shows them.
 */
export function useSaveRights(customerId: string, userId: string) {
  const client = useQueryClient();
  return useChange(
    (body: GrantChangesBody) => apiRequest<GrantListResponse>(customerPath(customerId, 'users', userId, 'grants'), { method: 'PUT', body }),
    [grantsKeys.grants(customerId, userId)],
    (result) => client.setQueryData(grantsKeys.grants(customerId, userId), result),
  );
}

/** GET /customers/:customerId/access/explain — why (or why not) a user sees a billing account, cost centre or SIM card. */
export function useExplainAccess(customerId: string, query: ExplainQuery | null) {
  return useQuery({
    queryKey: grantsKeys.explain(customerId, query),
    queryFn: ({ signal }) => apiRequest<ExplainResponse>(customerPath(customerId, 'access', 'explain'), { query: { ...query }, signal }),
    enabled: query !== null,
    retry: false,
  });
}

/** GET /customers/:customerId/access/export.csv — saves "who has access" as a CSV file. */
export function downloadAccessExport(customerId: string): Promise<void> {
  return downloadFile(customerPath(customerId, 'access', 'export.csv'), undefined, 'access.csv');
}
