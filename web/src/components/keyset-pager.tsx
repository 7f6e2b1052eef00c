import { Button, Group } from '@mantine/core';
import { useI18n } from '../lib/i18n/i18n.tsx';
import type { KeysetPagination } from './data-table.tsx';

/** Previous / Next over a keyset-paginated list (no page numbers); hidden when there is one page. */
export function KeysetPager({ pagination, nextCursor }: { pagination: KeysetPagination; nextCursor: string | null | undefined }) {
  const { t } = useI18n();
  if (!pagination.hasPrevious && !nextCursor) return null;
  return (
    <Group justify="flex-end">
      <Button variant="default" size="xs" disabled={!pagination.hasPrevious} onClick={pagination.previous}>{t('common.previous')}</Button>
      <Button variant="default" size="xs" disabled={!nextCursor} onClick={() => nextCursor && pagination.next(nextCursor)}>{t('common.next')}</Button>
    </Group>
  );
}
