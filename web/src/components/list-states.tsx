import type { ReactNode } from 'react';
import { Loader } from '@mantine/core';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { ErrorState } from './error-state.tsx';

interface ListQuery<T> {
  isPending: boolean;
  error: unknown;
  data: { items: T[] } | undefined;
  refetch: () => unknown;
}

interface ListStatesProps<T> {
  query: ListQuery<T>;
  /** What an empty list shows (a sentence saying so, and what to do next where there is something to do). */
  empty: ReactNode;
  /** The list itself, once there is something to show. */
  children: (items: T[]) => ReactNode;
  loaderSize?: 'sm';
  /** No retry button on an error (e.g. results of a search the user is still typing). */
  noRetry?: boolean;
}

/** The loading, error and empty states every list shows the same way, then the list. */
export function ListStates<T>({ query, empty, children, loaderSize, noRetry = false }: ListStatesProps<T>) {
  const { t } = useI18n();
  if (query.isPending) return <Loader size={loaderSize} aria-label={t('common.loading')} />;
  if (query.error) return <ErrorState error={query.error} inline onRetry={noRetry ? undefined : () => void query.refetch()} />;
  const items = query.data?.items ?? [];
  if (items.length === 0) return <>{empty}</>;
  return <>{children(items)}</>;
}
