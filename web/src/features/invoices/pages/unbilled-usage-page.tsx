import { useMemo, useState } from 'react';
import { Alert, Select, Text, TextInput } from '@mantine/core';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { DataTable } from '../../../components/data-table.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { useUnbilledUsage } from '../api/invoices-api.ts';
import { USAGE_TYPES, type UnbilledEvent } from '../api/invoices-types.ts';
import { usageText } from '../components/invoice-format.tsx';
import { SimFilter } from '../components/sim-filter.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n, type InvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';

const FILTERS = { type: '', sim: '', number: '' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the server refused the mobile number (a 400 naming it). */
function refusesNumber(error: unknown): boolean {
  return error instanceof ApiError && error.status === 400 && (error.problem.errors ?? []).some((e) => e.field === 'querystring.msisdn');
}

/**
 * The mobile number for those who may not list SIM cards to pick one from: applied on Enter or
 * when the field is left, not on every keystroke. A refused number shows under the field until
 * the text changes.
 */
function NumberFilter({ value, refused, onCommit }: { value: string; refused: boolean; onCommit: (v: string) => void }) {
  const { ti } = useInvoicesI18n();
  const [text, setText] = useState(value);
  // The URL changed under the field (back, a shared link): show what applies now.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const commit = () => onCommit(text.trim());
  return (
    <TextInput
      label={ti('invoices.unbilled.number')}
      placeholder={ti('invoices.unbilled.numberPlaceholder')}
      value={text}
      type="tel"
      inputMode="tel"
      autoComplete="off"
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      error={refused && text.trim() === value ? ti('invoices.unbilled.numberInvalid') : null}
      w={{ base: '100%', sm: 220 }}
      data-testid="filter-number"
    />
  );
}

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
    column.accessor('standardPriceCents', {
      header: ti('invoices.calls.column.standardPrice'),
      enableSorting: false,
      // MOB-6: usage while the line was blocked after loss or theft is not charged.
      cell: (info) => (info.row.original.notCharged
        ? <Text size="sm" c="dimmed" data-testid="unbilled-not-charged">{ti('invoices.unbilled.notCharged')}</Text>
        : <Text size="sm">{eur(info.getValue())}</Text>),
    }),
  ];
}

/** INV-4: the open period's communications, at standard prices, at least 8 hours old; never shown as billed. */
export function UnbilledUsagePage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const i18n = useInvoicesI18n();
  const { ti, dateTime } = i18n;
  const [filters, setFilters] = useUrlState(FILTERS);
  const type = oneOf(filters.type, USAGE_TYPES);
  // The SIM filter needs the list of SIM cards; without it (a financial manager) a SIM in the URL is
  // ignored and he narrows by mobile number instead.
  const simId = access.sims && UUID.test(filters.sim) ? filters.sim : null;
  const msisdn = !access.sims && filters.number.trim() !== '' ? filters.number.trim() : null;
  const pagination = useKeysetPagination(JSON.stringify([customerId, type, simId, msisdn]));
  const query = useUnbilledUsage(customerId, { type, simId, msisdn }, pagination.cursor);
  const refused = msisdn !== null && refusesNumber(query.error);
  const shownMsisdn = simId ? query.data?.items.find((event) => event.simId === simId)?.msisdn ?? null : null;
  const columns = useMemo(() => unbilledColumns(i18n), [i18n]);
  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.unbilled.title')}
      subtitle={ti('invoices.unbilled.subtitle')}
      caveat
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
        rows={refused ? [] : query.data?.items}
        getRowId={(event) => String(event.id)}
        nextCursor={query.data?.nextCursor}
        pagination={pagination}
        sorting={[]}
        onSortingChange={() => undefined}
        isPending={query.isPending}
        isFetching={query.isFetching}
        error={refused ? null : query.error}
        onRetry={() => void query.refetch()}
        emptyMessage={ti(refused ? 'invoices.unbilled.numberFix' : msisdn !== null ? 'invoices.unbilled.emptyNumber' : 'invoices.unbilled.empty')}
        filters={
          <>
            {access.sims ? (
              <SimFilter customerId={customerId} value={simId} knownMsisdn={shownMsisdn} onChange={(value) => setFilters({ sim: value })} testId="filter-sim" />
            ) : (
              <NumberFilter value={msisdn ?? ''} refused={refused} onCommit={(value) => setFilters({ number: value })} />
            )}
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
