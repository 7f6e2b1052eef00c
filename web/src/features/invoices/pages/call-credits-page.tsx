import { useMemo } from 'react';
import { Group, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { brusselsDate } from '@mandate/domain/dates';
import { DataTable } from '../../../components/data-table.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { useUrlState } from '../../../lib/url-state.ts';
import { useBillingAccounts, useCallCredits } from '../api/invoices-api.ts';
import type { CallCredit, CallCreditsQuery, CallCreditTransfer } from '../api/invoices-types.ts';
import { pastMonths } from '../components/invoice-format.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n, type InvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';

/** Billing data stays 12 months: the current month and the 12 before it can still hold call credits. */
const MONTHS_OFFERED = 13;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /customers/:customerId/invoices/call-credits */
export function CallCreditsRoute() {
  return (
    <InvoicesGuard needs="usage">
      {({ customer, access }) => <CallCreditsPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </InvoicesGuard>
  );
}

/** What is left of a credit; negative when more was used than granted. */
const remainingOf = (credit: CallCredit) => credit.grantedCents - credit.usedCents;

/** How much of the credit went, 0..1 (a credit of nothing that was used counts as all gone). */
function shareUsed(credit: CallCredit): number {
  if (credit.grantedCents <= 0) return credit.usedCents > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, credit.usedCents / credit.grantedCents));
}

function UseBar({ credit, percent }: { credit: CallCredit; percent: (share: number) => string }) {
  const { ti } = useInvoicesI18n();
  const share = shareUsed(credit);
  const text = percent(share);
  return (
    <Group gap="xs" wrap="nowrap" miw={140}>
      <Progress
        value={Math.round(share * 100)}
        size="md"
        w={90}
        color={share >= 1 ? 'red' : share >= 0.8 ? 'orange' : 'blue'}
        aria-label={ti('invoices.callCredits.usedShare', { percent: text })}
        data-testid="call-credit-use"
      />
      <Text size="sm" aria-hidden>{text}</Text>
    </Group>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
function creditColumns(i18n: InvoicesI18n, percent: (share: number) => string): ColumnDef<CallCredit, any>[] {
  const { ti, eur } = i18n;
  const column = createColumnHelper<CallCredit>();
  return [
    column.accessor('msisdn', { header: ti('invoices.line.msisdn'), enableSorting: false, cell: (info) => <Text size="sm" data-testid="call-credit-msisdn">{info.getValue()}</Text> }),
    column.accessor('grantedCents', { header: ti('invoices.callCredits.column.granted'), enableSorting: false, cell: (info) => <Text size="sm" data-testid="call-credit-granted">{eur(info.getValue())}</Text> }),
    column.accessor('usedCents', { header: ti('invoices.callCredits.column.used'), enableSorting: false, cell: (info) => <Text size="sm" data-testid="call-credit-used">{eur(info.getValue())}</Text> }),
    column.display({
      id: 'remaining',
      header: ti('invoices.callCredits.column.remaining'),
      cell: (info) => {
        const remaining = remainingOf(info.row.original);
        return <Text size="sm" c={remaining < 0 ? 'red' : undefined} data-testid="call-credit-remaining">{eur(remaining)}</Text>;
      },
    }),
    column.display({ id: 'use', header: ti('invoices.callCredits.column.use'), cell: (info) => <UseBar credit={info.row.original} percent={percent} /> }),
  ];
}

function Transfers({ transfers, monthName }: { transfers: CallCreditTransfer[]; monthName: string }) {
  const { ti, eur, dateTime } = useInvoicesI18n();
  // A SIM whose usage the user may not read is not named.
  const line = (msisdn: string | null) => msisdn ?? <Text span inherit fs="italic" c="dimmed">{ti('invoices.callCredits.transfers.otherLine')}</Text>;
  return (
    <Stack gap="xs" component="section" aria-labelledby="call-credit-transfers-title" data-testid="call-credit-transfers">
      <Title order={2} size="h3" id="call-credit-transfers-title">{ti('invoices.callCredits.transfers.title', { month: monthName })}</Title>
      <Text size="sm" c="dimmed">{ti('invoices.callCredits.transfers.hint')}</Text>
      {transfers.length === 0 ? (
        <Text c="dimmed" data-testid="call-credit-transfers-empty">{ti('invoices.callCredits.transfers.empty', { month: monthName })}</Text>
      ) : (
        <Table.ScrollContainer minWidth={520} className="mandate-stacked-table">
          <Table aria-label={ti('invoices.callCredits.transfers.tableLabel', { month: monthName })} striped highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{ti('invoices.callCredits.transfers.from')}</Table.Th>
                <Table.Th scope="col">{ti('invoices.callCredits.transfers.to')}</Table.Th>
                <Table.Th scope="col" ta="right">{ti('invoices.callCredits.transfers.amount')}</Table.Th>
                <Table.Th scope="col">{ti('invoices.callCredits.transfers.date')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {transfers.map((transfer) => (
                <Table.Tr key={transfer.id} data-testid="call-credit-transfer">
                  <Table.Td data-label={ti('invoices.callCredits.transfers.from')}>
                    <Text span size="sm" data-testid="call-credit-transfer-from">{line(transfer.fromMsisdn)}</Text>
                  </Table.Td>
                  <Table.Td data-label={ti('invoices.callCredits.transfers.to')}>
                    <Group gap={6} wrap="nowrap">
                      <Text span size="sm" c="dimmed" aria-hidden>→</Text>
                      <Text span size="sm" data-testid="call-credit-transfer-to">{line(transfer.toMsisdn)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td data-label={ti('invoices.callCredits.transfers.amount')} ta="right" data-testid="call-credit-transfer-amount">{eur(transfer.amountCents)}</Table.Td>
                  <Table.Td data-label={ti('invoices.callCredits.transfers.date')}>{dateTime(transfer.transferredAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/**
 * A month's call credit of each line the user may read the usage of (a Service User: his own):
 * granted, used, what remains, and the credit moved between lines that month.
 */
export function CallCreditsPage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const i18n = useInvoicesI18n();
  const { ti, locale, month: monthName } = i18n;
  const months = useMemo(() => pastMonths(brusselsDate(new Date()), MONTHS_OFFERED, true), []);
  const defaults = useMemo(() => ({ month: months[0]!, account: '' }), [months]);
  const [view, setView] = useUrlState(defaults);
  const month = months.includes(view.month) ? view.month : months[0]!;
  // The accounts' list answers only who may read billing accounts (not a Service User): no filter then.
  const accounts = useBillingAccounts(customerId, access.billingAccounts);
  const account = access.billingAccounts && UUID.test(view.account) ? view.account : null;

  const filter: Omit<CallCreditsQuery, 'cursor'> = { month, ...(account ? { billingAccountId: account } : {}) };
  const pagination = useKeysetPagination(JSON.stringify([customerId, filter]));
  const query = useCallCredits(customerId, { ...filter, ...(pagination.cursor ? { cursor: pagination.cursor } : {}) });
  const percent = useMemo(() => {
    const format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    return (share: number) => format.format(share);
  }, [locale]);
  const columns = useMemo(() => creditColumns(i18n, percent), [i18n, percent]);
  // The transfers shown belong to the month on screen (the previous month's stay out while the next loads).
  const shown = query.data && !query.isPlaceholderData ? query.data : undefined;

  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.callCredits.title')}
      subtitle={ti('invoices.callCredits.subtitle')}
      caveat
      testId="call-credits-page"
    >
      <DataTable
        label={ti('invoices.callCredits.tableLabel', { month: monthName(month) })}
        testId="call-credits-table"
        columns={columns}
        rows={query.data?.items}
        getRowId={(credit) => credit.simId}
        nextCursor={query.data?.nextCursor}
        pagination={pagination}
        sorting={[]}
        onSortingChange={() => undefined}
        isPending={query.isPending}
        isFetching={query.isFetching}
        error={query.error}
        onRetry={() => void query.refetch()}
        emptyMessage={ti('invoices.callCredits.empty')}
        filters={
          <>
            <Select
              label={ti('invoices.callCredits.month')}
              data={months.map((m) => ({ value: m, label: monthName(m) }))}
              value={month}
              onChange={(value) => setView({ month: value })}
              allowDeselect={false}
              w={{ base: '100%', sm: 220 }}
              data-testid="call-credits-month"
            />
            {access.billingAccounts ? (
              <Select
                label={ti('invoices.filter.billingAccount')}
                placeholder={ti('invoices.filter.any')}
                data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.number} · ${a.name}` }))}
                value={account}
                onChange={(value) => setView({ account: value })}
                clearable
                searchable
                w={{ base: '100%', sm: 260 }}
                data-testid="filter-billing-account"
              />
            ) : null}
          </>
        }
      />
      {shown && shown.items.length > 0 ? <Transfers transfers={shown.transfers} monthName={monthName(month)} /> : null}
    </InvoicesPage>
  );
}
