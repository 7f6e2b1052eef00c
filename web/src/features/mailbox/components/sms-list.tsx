import { Badge, Stack, Table, Text } from '@mantine/core';
import { KeysetPager, type KeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import type { useSms } from '../api/mailbox-api.ts';
import { formatDateTime } from './mailbox-columns.tsx';

/** The development SMS gateway's log: each SMS as its recipient would read it, newest first. */
export function SmsList({ query, pagination }: { query: ReturnType<typeof useSms>; pagination: KeysetPagination }) {
  const { t, locale } = useI18n();
  return (
    <Stack gap="sm" data-testid="sms-list">
      <Text c="dimmed" size="sm">{t('mailbox.sms.intro')}</Text>
      <ListStates query={query} empty={<Text c="dimmed" data-testid="sms-empty">{t('mailbox.sms.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={t('mailbox.sms.tableLabel')}
            testId="sms-table"
            minWidth={720}
            columns={[t('mailbox.sms.column.date'), t('mailbox.sms.column.to'), t('mailbox.sms.column.kind'), t('mailbox.sms.column.text')]}
          >
            {items.map((sms) => (
              <Table.Tr key={sms.id} data-testid="sms-row">
                <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(sms.createdAt, locale, 'short')}</Text></Table.Td>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="sms-to">{sms.to}</Text></Table.Td>
                <Table.Td><Badge variant="light" color="gray" tt="none">{sms.kind}</Badge></Table.Td>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="sms-text">{sms.text}</Text></Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} busy={query.isFetching} />
    </Stack>
  );
}
