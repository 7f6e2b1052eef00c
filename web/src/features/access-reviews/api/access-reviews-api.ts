import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  AccessReview, BulkConfirmResponse, ReviewDetail, ReviewItem, ReviewListResponse, StartReviewBody,
} from '@mandate/contracts/access-reviews';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import { usersKeys } from '../../users/api/users-api.ts';

export const reviewsKeys = {
  all: (customerId: string) => ['customers', customerId, 'access-reviews'] as const,
  list: (customerId: string, cursor: string | null) => [...reviewsKeys.all(customerId), 'list', cursor] as const,
  detail: (customerId: string, reviewId: string, cursor: string | null, mine: boolean) =>
    [...reviewsKeys.all(customerId), 'detail', reviewId, { cursor, mine }] as const,
};

/** GET /customers/:customerId/access-reviews — newest first. */
export function useReviews(customerId: string, cursor: string | null) {
  return useQuery({
    queryKey: reviewsKeys.list(customerId, cursor),
    queryFn: ({ signal }) => apiRequest<ReviewListResponse>(customerPath(customerId, 'access-reviews'), { query: { limit: 25, cursor }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** GET …/access-reviews/:reviewId — the review and a page of its items (only those assigned to him with `mine`). */
export function useReview(customerId: string, reviewId: string, cursor: string | null, mine: boolean) {
  return useQuery({
    queryKey: reviewsKeys.detail(customerId, reviewId, cursor, mine),
    queryFn: ({ signal }) =>
      apiRequest<ReviewDetail>(customerPath(customerId, 'access-reviews', reviewId), { query: { limit: 50, cursor, ...(mine ? { mine: 'true' } : {}) }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Every decision refreshes the reviews and the user lists (a removed user is gone from them). */
function useReviewMutation<V, R>(customerId: string, fn: (variables: V) => Promise<R>) {
  return useChange(fn, [reviewsKeys.all(customerId), usersKeys.all(customerId)]);
}

export function useStartReview(customerId: string) {
  return useReviewMutation(customerId, (body: StartReviewBody) => apiRequest<AccessReview>(customerPath(customerId, 'access-reviews'), { method: 'POST', body }));
}

export function useDecideItem(customerId: string, reviewId: string) {
  return useReviewMutation(customerId, ({ itemId, decision }: { itemId: string; decision: 'confirm' | 'remove' }) =>
    apiRequest<ReviewItem>(customerPath(customerId, 'access-reviews', reviewId, 'items', itemId, decision), { method: 'POST' }));
}

export function useBulkConfirm(customerId: string, reviewId: string) {
  return useReviewMutation(customerId, (itemIds: string[]) =>
    apiRequest<BulkConfirmResponse>(customerPath(customerId, 'access-reviews', reviewId, 'items', 'confirm'), { method: 'POST', body: { itemIds } }));
}
