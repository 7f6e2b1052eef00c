import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { oneOf } from '../../../lib/url-state.ts';
import { useDeliveryHistory, type InvoiceDelivery } from '../api/delivery-api.ts';
import { useDeliveryI18n } from '../i18n/delivery-i18n.ts';
import { DeliveryStatusBadge } from './delivery-format.tsx';

const CHANNELS = ['paper', 'email', 'sms', 'zoomit', 'peppol'] as const;

/** The rows of a delivery table: invoice, channel, masked recipient, status with its reason, when. */
export function DeliveryRows({ customerId, items, withInvoice = true }: { customerId: string; items: InvoiceDelivery[]; withInvoice?: boolean }) {
  const { td, dateTime } = useDeliveryI18n();
  // The contract types the channel as a string: a channel this screen does not know is shown as it is.
  const channelText = (channel: string) => {
    const known = oneOf(channel, CHANNELS);
    return known ? td(`delivery.channel.${known}`) : channel;
  };
  return (
    <>
      {items.map((delivery) => (
        <Table.Tr key={delivery.id} data-testid={`delivery-row-${delivery.id}`}>
          {withInvoice ? (
            <Table.Td>
              <Anchor component={Link} to={`/customers/${customerId}/invoices/${delivery.invoiceId}`} size="sm" fw={500}>
                {delivery.invoiceNumber}
              </Anchor>
            </Table.Td>
          ) : null}
          <Table.Td><Text size="sm">{channelText(delivery.channel)}</Text></Table.Td>
          <Table.Td><Text size="sm" style={{ wordBreak: 'break-all' }}>
            {delivery.channel === 'paper' ? td('delivery.history.byPost') : delivery.recipient}
          </Text></Table.Td>
          <Table.Td>
            <DeliveryStatusBadge status={delivery.status} />
            {delivery.attempts > 1 ? <Text size="xs" c="dimmed">{td('delivery.history.attempts', { count: delivery.attempts })}</Text> : null}
          </Table.Td>
          <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{dateTime(delivery.sentAt ?? delivery.createdAt)}</Text></Table.Td>
          <Table.Td><Text size="sm" lineClamp={3}>{delivery.reason ?? '—'}</Text></Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}

export function useDeliveryColumns(withInvoice = true): string[] {
  const { td } = useDeliveryI18n();
  return [
    ...(withInvoice ? [td('delivery.history.column.invoice')] : []),
    td('delivery.history.column.channel'),
    td('delivery.history.column.recipient'),
    td('delivery.history.column.status'),
    td('delivery.history.column.date'),
    td('delivery.history.column.reason'),
  ];
}

/** One billing account's delivery history, newest first, a page at a time. */
export function DeliveryHistory({ customerId, billingAccountId, number, id }: { customerId: string; billingAccountId: string; number: string; id: string }) {
  const { td } = useDeliveryI18n();
  const pagination = useKeysetPagination(billingAccountId);
  const query = useDeliveryHistory(customerId, billingAccountId, pagination.cursor);
  const columns = useDeliveryColumns();
  return (
    <Stack gap="sm" id={id} data-testid="delivery-history-panel">
      <ListStates query={query} loaderSize="sm" empty={<Text size="sm" c="dimmed" data-testid="delivery-history-empty">{td('delivery.history.empty')}</Text>}>
        {(items) => (
          <ListTable label={td('delivery.history.tableLabel', { number })} testId="delivery-history-table" minWidth={760} columns={columns}>
            <DeliveryRows customerId={customerId} items={items} />
          </ListTable>
        )}
      </ListStates>
      <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} busy={query.isFetching} />
    </Stack>
  );
}
