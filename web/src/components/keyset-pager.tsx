import { useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useI18n } from '../lib/i18n/i18n.tsx';

/** Keyset pagination: a stack of the cursors of the pages visited; no page numbers to jump to. */
export interface KeysetPagination {
  /** The cursor of the current page (null for the first page). */
  cursor: string | null;
  pageIndex: number;
  hasPrevious: boolean;
  next: (nextCursor: string) => void;
  previous: () => void;
}

/** Starts again from the first page whenever `resetKey` (the list's sort and filters) changes. */
export function useKeysetPagination(resetKey: string): KeysetPagination {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({ key: resetKey, stack: [null] });
  const stack = state.key === resetKey ? state.stack : [null];
  return {
    cursor: stack[stack.length - 1] ?? null,
    pageIndex: stack.length - 1,
    hasPrevious: stack.length > 1,
    next: (nextCursor) => setState({ key: resetKey, stack: [...stack, nextCursor] }),
    previous: () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}

interface KeysetPagerProps {
  pagination: KeysetPagination;
  nextCursor: string | null | undefined;
  /** While a page loads, neither button moves on. */
  busy?: boolean;
  /** Shown (with the page number) even when there is only one page, as under a table. */
  always?: boolean;
}

/** "Page n" with Previous / Next over a keyset-paginated list. */
export function KeysetPager({ pagination, nextCursor, busy = false, always = false }: KeysetPagerProps) {
  const { t } = useI18n();
  if (!always && !pagination.hasPrevious && !nextCursor) return null;
  return (
    <Group justify="space-between" component="nav" aria-label={t('table.pagination')}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('table.page', { page: pagination.pageIndex + 1 })}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={pagination.previous} disabled={!pagination.hasPrevious || busy}>
          {t('common.previous')}
        </Button>
        <Button variant="default" size="xs" onClick={() => nextCursor && pagination.next(nextCursor)} disabled={!nextCursor || busy}>
          {t('common.next')}
        </Button>
      </Group>
    </Group>
  );
}
