import { useMemo } from 'react';
import { Alert, Select, Text } from '@mantine/core';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { DataTable } from '../../../components/data-table.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { useUnbilledUsage } from '../api/invoices-api.ts';
import { USAGE_TYPES, type UnbilledEvent } from '../api/invoices-types.ts';
import { usageText } from '../components/invoice-format.tsx';
import { SimFilter } from '../components/sim-filter.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n, type InvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';

const FILTERS = { type: '', sim: '' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /customers/:customerId/invoices/unbilled */
export function UnbilledUsageRoute() {
  return (
    <InvoicesGuard needs="usage">
      {({ customer, access }) => <UnbilledUsagePage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </InvoicesGuard>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
function unbilledColumns(i18n: InvoicesI18n): ColumnDef<UnbilledEvent, any>[] {
  const { ti, eur, dateTime } = i18n;
  const column = createColumnHelper<UnbilledEvent>();
  return [
    column.accessor('occurredAt', { header: ti('invoices.unbilled.column.occurredAt'), enableSorting: false, cell: (info) => <Text size="sm">{dateTime(info.getValue())}</Text> }),
    column.accessor('msisdn', { header: ti('invoices.calls.column.msisdn'), enableSorting: false, cell: (info) => <Text size="sm" data-testid="unbilled-msisdn">{info.getValue()}</Text> }),
    column.accessor('type', { header: ti('invoices.calls.column.type'), enableSorting: false, cell: (info) => <Text size="sm">{ti(`invoices.chargeType.${info.row.original.type}`)}</Text> }),
    column.accessor('destination', { header: ti('invoices.calls.column.destination'), enableSorting: false, cell: (info) => <Text size="sm">{info.getValue() ?? '—'}</Text> }),
    column.display({
      id: 'usage',
      header: ti('invoices.calls.column.usage'),
      cell: (info) => <Text size="sm">{usageText(i18n, info.row.original.type, info.row.original.durationS, info.row.original.volumeKb)}</Text>,
    }),
    column.accessor('standardPriceCents', { header: ti('invoices.calls.column.standardPrice'), enableSorting: false, cell: (info) => <Text size="sm">{eur(info.getValue())}</Text> }),
  ];
}

/** INV-4: the open period's communications, at standard prices, at least 8 hours old; never shown as billed. */
export function UnbilledUsagePage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const i18n = useInvoicesI18n();
  const { ti, dateTime } = i18n;
  const [filters, setFilters] = useUrlState(FILTERS);
  const type = oneOf(filters.type, USAGE_TYPES);
  // The SIM filter needs the list of SIM cards; without it (a financial manager) a SIM in the URL is ignored.
  const simId = access.sims && UUID.test(filters.sim) ? filters.sim : null;
  const pagination = useKeysetPagination(JSON.stringify([customerId, type, simId]));
  const query = useUnbilledUsage(customerId, { type, simId }, pagination.cursor);
  const shownMsisdn = simId ? query.data?.items.find((event) => event.simId === simId)?.msisdn ?? null : null;
  const columns = useMemo(() => unbilledColumns(i18n), [i18n]);
  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.unbilled.title')}
      subtitle={ti('invoices.unbilled.subtitle')}
      testId="unbilled-page"
    >
      <Alert color="yellow" variant="light" data-testid="unbilled-caveat">
        {ti('invoices.unbilled.caveat')}
        {query.data?.visibleUntil ? <Text size="sm" mt={4} data-testid="unbilled-visible-until">{ti('invoices.unbilled.visibleUntil', { time: dateTime(query.data.visibleUntil) })}</Text> : null}
      </Alert>
      <DataTable
        label={ti('invoices.unbilled.tableLabel')}
        testId="unbilled-table"
        columns={columns}
        rows={query.data?.items}
        getRowId={(event) => String(event.id)}
        nextCursor={query.data?.nextCursor}
        pagination={pagination}
        sorting={[]}
        onSortingChange={() => undefined}
        isPending={query.isPending}
        isFetching={query.isFetching}
        error={query.error}
        onRetry={() => void query.refetch()}
        emptyMessage={ti('invoices.unbilled.empty')}
        filters={
          <>
            {access.sims ? (
              <SimFilter customerId={customerId} value={simId} knownMsisdn={shownMsisdn} onChange={(value) => setFilters({ sim: value })} testId="filter-sim" />
            ) : null}
            <Select
              label={ti('invoices.calls.type')}
              placeholder={ti('invoices.filter.any')}
              data={USAGE_TYPES.map((t) => ({ value: t, label: ti(`invoices.chargeType.${t}`) }))}
              value={type}
              onChange={(value) => setFilters({ type: value })}
              clearable
              w={{ base: '100%', sm: 220 }}
              data-testid="filter-type"
            />
          </>
        }
      />
    </InvoicesPage>
  );
}
