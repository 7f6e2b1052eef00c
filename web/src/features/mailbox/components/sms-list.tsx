import { Badge, Stack, Table, Text } from '@mantine/core';
import { KeysetPager, type KeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { useMailboxI18n } from '../i18n/mailbox-i18n.ts';
import type { useSms } from '../api/mailbox-api.ts';
import { formatDateTime } from './mailbox-columns.tsx';

/** The development SMS gateway's log: each SMS as its recipient would read it, newest first. */
export function SmsList({ query, pagination }: { query: ReturnType<typeof useSms>; pagination: KeysetPagination }) {
  const { tm, locale } = useMailboxI18n();
  return (
    <Stack gap="sm" data-testid="sms-list">
      <Text c="dimmed" size="sm">{tm('mailbox.sms.intro')}</Text>
      <ListStates query={query} empty={<Text c="dimmed" data-testid="sms-empty">{tm('mailbox.sms.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={tm('mailbox.sms.tableLabel')}
            testId="sms-table"
            minWidth={720}
            columns={[tm('mailbox.sms.column.date'), tm('mailbox.sms.column.to'), tm('mailbox.sms.column.kind'), tm('mailbox.sms.column.text')]}
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
