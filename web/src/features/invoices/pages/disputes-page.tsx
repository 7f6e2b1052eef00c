import { Anchor, Select, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { KeysetPager, useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { useDisputes } from '../api/invoices-api.ts';
import { DISPUTE_STATUSES } from '../api/invoices-types.ts';
import { DisputeStatusBadge } from '../components/invoice-format.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';

const FILTERS = { status: '' } as const;

/** /customers/:customerId/invoices/disputes */
export function DisputesRoute() {
  return (
    <InvoicesGuard needs="disputes">
      {({ customer, access }) => <DisputesPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </InvoicesGuard>
  );
}

/** INV-7: the disputes of the invoices the user may see, their status and the operator's answer. */
export function DisputesPage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const { ti, eur, dateTime } = useInvoicesI18n();
  const [filters, setFilters] = useUrlState(FILTERS);
  const status = oneOf(filters.status, DISPUTE_STATUSES);
  const pagination = useKeysetPagination(JSON.stringify([customerId, status]));
  const query = useDisputes(customerId, status, pagination.cursor);
  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.disputes.title')}
      subtitle={ti('invoices.disputes.subtitle')}
      testId="disputes-page"
    >
      <Select
        label={ti('invoices.disputes.statusFilter')}
        placeholder={ti('invoices.disputes.all')}
        data={DISPUTE_STATUSES.map((s) => ({ value: s, label: ti(`invoices.disputeStatus.${s}`) }))}
        value={status}
        onChange={(value) => setFilters({ status: value })}
        clearable
        w={{ base: '100%', sm: 240 }}
        data-testid="disputes-status"
      />
      <Stack gap="sm">
        <ListStates query={query} empty={<Text c="dimmed" data-testid="disputes-empty">{ti('invoices.disputes.empty')}</Text>}>
          {(items) => (
            <ListTable
              label={ti('invoices.disputes.tableLabel')}
              testId="disputes-table"
              minWidth={900}
              columns={[
                ti('invoices.disputes.column.invoice'),
                ti('invoices.disputes.column.openedAt'),
                ti('invoices.disputes.column.status'),
                ti('invoices.disputes.column.amount'),
                ti('invoices.disputes.column.undisputed'),
                ti('invoices.disputes.column.reason'),
                ti('invoices.disputes.column.answer'),
              ]}
            >
              {items.map((dispute) => (
                <Table.Tr key={dispute.id} data-testid={`dispute-row-${dispute.id}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${customerId}/invoices/${dispute.invoiceId}`} size="sm" fw={500}>
                      {dispute.invoiceNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{dateTime(dispute.openedAt)}</Text>
                    <Text size="xs" c="dimmed">{dispute.openedBy.name}</Text>
                  </Table.Td>
                  <Table.Td><DisputeStatusBadge status={dispute.status} /></Table.Td>
                  <Table.Td><Text size="sm">{eur(dispute.disputedCents)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{eur(dispute.undisputedCents)}</Text></Table.Td>
                  <Table.Td><Text size="sm" lineClamp={3}>{dispute.reason}</Text></Table.Td>
                  <Table.Td><Text size="sm" lineClamp={3}>{dispute.answer ?? '—'}</Text></Table.Td>
                </Table.Tr>
              ))}
            </ListTable>
          )}
        </ListStates>
        <KeysetPager pagination={pagination} nextCursor={query.data?.nextCursor} busy={query.isFetching} />
      </Stack>
    </InvoicesPage>
  );
}
