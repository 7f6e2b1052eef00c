import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccessReview, BulkConfirmResponse, ReviewDetail, ReviewItem, ReviewListResponse, StartReviewBody,
} from '@mandate/contracts/access-reviews';
import { apiRequest } from '../../../lib/api-client.ts';

/** Issue 3 — access reviews: the operations of one customer's reviews. */
const base = (customerId: string) => `/customers/${encodeURIComponent(customerId)}/access-reviews`;

export function useReviews(customerId: string, cursor: string | null) {
  return useQuery({
    queryKey: ['customers', customerId, 'access-reviews', 'list', cursor],
    queryFn: ({ signal }) => apiRequest<ReviewListResponse>(base(customerId), { query: { limit: 25, cursor }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useReview(customerId: string, reviewId: string, cursor: string | null, mine: boolean) {
  return useQuery({
    queryKey: ['customers', customerId, 'access-reviews', reviewId, cursor, mine],
    queryFn: ({ signal }) =>
      apiRequest<ReviewDetail>(`${base(customerId)}/${encodeURIComponent(reviewId)}`, { query: { limit: 50, cursor, ...(mine ? { mine: 'true' } : {}) }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Every decision refreshes the review and the user lists (a removed user is gone from them). */
function useReviewMutation<V, R>(customerId: string, fn: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['customers', customerId, 'access-reviews'] }),
        client.invalidateQueries({ queryKey: ['customers', customerId, 'users'] }),
      ]);
    },
  });
}

export function useStartReview(customerId: string) {
  return useReviewMutation(customerId, (body: StartReviewBody) => apiRequest<AccessReview>(base(customerId), { method: 'POST', body }));
}

export function useDecideItem(customerId: string, reviewId: string) {
  return useReviewMutation(customerId, ({ itemId, decision }: { itemId: string; decision: 'confirm' | 'remove' }) =>
    apiRequest<ReviewItem>(`${base(customerId)}/${encodeURIComponent(reviewId)}/items/${encodeURIComponent(itemId)}/${decision}`, { method: 'POST' }));
}

export function useBulkConfirm(customerId: string, reviewId: string) {
  return useReviewMutation(customerId, (itemIds: string[]) =>
    apiRequest<BulkConfirmResponse>(`${base(customerId)}/${encodeURIComponent(reviewId)}/items/confirm`, { method: 'POST', body: { itemIds } }));
}
