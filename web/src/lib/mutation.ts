import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/**
 * A change through the API that makes cached lists stale: on success the queries under each of
 * `stale` are refetched (and `onSuccess` may put the answer in the cache first).
 */
export function useChange<V, R>(fn: (variables: V) => Promise<R>, stale: readonly QueryKey[], onSuccess?: (result: R) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result) => {
      onSuccess?.(result);
      await Promise.all(stale.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}
