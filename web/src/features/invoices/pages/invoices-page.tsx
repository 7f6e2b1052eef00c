import { useEffect, useMemo, useRef, useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { createColumnHelper, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { Link, useNavigate } from 'react-router';
import { brusselsDate } from '@mandate/domain/dates';
import { parseTypedMoney } from '@mandate/domain/money';
import { DataTable } from '../../../components/data-table.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { customerPath } from '../../../lib/api-client.ts';
import { decimalSeparator, formatDate } from '../../../lib/format.ts';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { downloadInvoicePdf, useBillingAccounts, useInvoices } from '../api/invoices-api.ts';
import { INVOICE_SORTS, INVOICE_STATUSES, type InvoiceListQuery, type InvoiceSort, type InvoiceSummary } from '../api/invoices-types.ts';
import { ExportPanel } from '../components/export-panel.tsx';
import { InvoiceStatusBadge, periodLabel, useMonthOptions } from '../components/invoice-format.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n, type InvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';
import { useDownload } from '../../../lib/use-download.ts';

const FILTERS = { account: '', from: '', to: '', status: '', min: '', max: '', sort: 'issueDate:desc' } as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Billing data stays 12 months, fixed-service PDFs 24 (INV-3): the periods worth offering. */
const MONTHS_OFFERED = 25;

/** /customers/:customerId/invoices */
export function InvoicesRoute() {
  return (
    <InvoicesGuard needs="invoices" entry>
      {({ customer, access }) => <InvoiceListPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </InvoicesGuard>
  );
}

/** An amount typed in euro, thousands grouped or not as the language writes them: cents, null when empty, or invalid. */
function amountOf(text: string, decimal: ',' | '.'): { cents: number | null; invalid: boolean } {
  if (text.trim() === '') return { cents: null, invalid: false };
  const parsed = parseTypedMoney(text, decimal);
  return parsed && parsed.cents >= 0 ? { cents: parsed.cents, invalid: false } : { cents: null, invalid: true };
}

/** The sort in the URL as TanStack's sorting state: `amount:desc` → [{ id: 'amount', desc: true }]. */
function sortingOf(sort: InvoiceSort): SortingState {
  const [id, direction] = sort.split(':') as [string, string];
  return [{ id, desc: direction === 'desc' }];
}

function sortOf(sorting: SortingState): InvoiceSort {
  const first = sorting[0];
  return (first && oneOf(`${first.id}:${first.desc ? 'desc' : 'asc'}`, INVOICE_SORTS)) ?? 'issueDate:desc';
}

/** How long typing rests before a valid amount filters the list (Enter or leaving the field apply it at once). */
const AMOUNT_SETTLE_MS = 700;

function AmountFilter({ label, value, error, decimal, onCommit, testId }: {
  label: string; value: string; error: string | null; decimal: ',' | '.'; onCommit: (v: string) => void; testId: string;
}) {
  const [text, setText] = useState(value);
  // The URL's value changed elsewhere (the filters reset, a link followed): the field shows it.
  useEffect(() => setText(value), [value]);
  // The latest onCommit, so that the page's renders do not restart the wait.
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => {
    const typed = text.trim();
    if (typed === value || amountOf(typed, decimal).invalid) return undefined;
    const timer = setTimeout(() => commit.current(typed), AMOUNT_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [text, value, decimal]);
  return (
    <TextInput
      label={label}
      value={text}
      inputMode="decimal"
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={() => onCommit(text.trim())}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onCommit(text.trim());
      }}
      error={error}
      w={{ base: '100%', sm: 190 }}
      data-testid={testId}
    />
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
function invoiceColumns(i18n: InvoicesI18n, customerId: string): ColumnDef<InvoiceSummary, any>[] {
  const { ti, eur, locale, lastDayBefore } = i18n;
  const column = createColumnHelper<InvoiceSummary>();
  return [
    column.accessor('number', {
      header: ti('invoices.column.number'),
      enableSorting: false,
      cell: (info) => {
        const invoice = info.row.original;
        return invoice.pdfOnly ? (
          <Stack gap={2}>
            <Text size="sm" fw={500}>{invoice.number}</Text>
            <Tooltip label={ti('invoices.pdfOnly.hint')} multiline w={240}>
              <Badge size="sm" variant="outline" color="gray" data-testid="invoice-pdf-only">{ti('invoices.pdfOnly')}</Badge>
            </Tooltip>
          </Stack>
        ) : (
          <Anchor component={Link} to={`/customers/${customerId}/invoices/${invoice.id}`} fw={500} size="sm" style={{ whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()} data-testid="invoice-link">
            {invoice.number}
          </Anchor>
        );
      },
    }),
    column.accessor((invoice) => invoice.billingAccount.number, {
      id: 'billingAccount',
      header: ti('invoices.column.billingAccount'),
      enableSorting: false,
      cell: (info) => (
        <>
          <Text size="sm">{info.row.original.billingAccount.number}</Text>
          <Text size="xs" c="dimmed">{info.row.original.billingAccount.name}</Text>
        </>
      ),
    }),
    column.accessor('periodStart', {
      id: 'period',
      header: ti('invoices.column.period'),
      enableSorting: false,
      cell: (info) => <Text size="sm">{periodLabel(i18n, info.row.original.periodStart, info.row.original.periodEnd)}</Text>,
    }),
    column.accessor('issueDate', {
      header: ti('invoices.column.issueDate'),
      cell: (info) => <Text size="sm">{formatDate(info.getValue(), locale)}</Text>,
    }),
    column.accessor('dueDate', {
      header: ti('invoices.column.dueDate'),
      cell: (info) => <Text size="sm">{formatDate(info.getValue(), locale)}</Text>,
    }),
    column.accessor('amountInclVatCents', {
      id: 'amount',
      header: ti('invoices.column.amount'),
      cell: (info) => (
        <>
          <Text size="sm" fw={500} data-testid="invoice-amount">{eur(info.getValue())}</Text>
          <Text size="xs" c="dimmed">{ti('invoices.exclVat', { amount: eur(info.row.original.amountExclVatCents) })}</Text>
        </>
      ),
    }),
    column.accessor('status', {
      header: ti('invoices.column.status'),
      enableSorting: false,
      cell: (info) => <InvoiceStatusBadge status={info.getValue()} />,
    }),
    column.accessor('owed', {
      header: ti('invoices.column.owed'),
      enableSorting: false,
      // INV-9: an overdue invoice shows what is owed, the late-payment fee included.
      cell: (info) => {
        const owed = info.getValue();
        return owed ? (
          <div data-testid="invoice-owed">
            <Text size="sm" fw={600} c="red.9">{eur(owed.totalCents)}</Text>
            <Text size="xs" c="dimmed">{ti('invoices.owed.detail', { due: eur(owed.amountDueCents), fee: eur(owed.lateFeeCents) })}</Text>
          </div>
        ) : (
          <Text size="sm" c="dimmed">—</Text>
        );
      },
    }),
    column.accessor('availableUntil', {
      header: ti('invoices.availableUntil.column'),
      enableSorting: false,
      cell: (info) => <Text size="sm" data-testid="invoice-available-until">{lastDayBefore(info.getValue())}</Text>,
    }),
    column.display({
      id: 'pdf',
      header: ti('invoices.column.pdf'),
      cell: (info) => <PdfButton customerId={customerId} invoice={info.row.original} />,
    }),
  ];
}

function PdfButton({ customerId, invoice }: { customerId: string; invoice: InvoiceSummary }) {
  const { ti } = useInvoicesI18n();
  const { busy, error, start } = useDownload();
  const label = ti('invoices.downloadPdfOf', { number: invoice.number });
  return (
    <Stack gap={4}>
      <Tooltip label={label}>
        <ActionIcon
          variant="light"
          aria-label={label}
          loading={busy}
          onClick={(event) => {
            event.stopPropagation();
            start(() => downloadInvoicePdf(customerId, invoice.id, invoice.number));
          }}
          data-testid="invoice-pdf"
        >
          <span aria-hidden>⤓</span>
        </ActionIcon>
      </Tooltip>
      {error ? <ProblemAlert error={error} /> : null}
    </Stack>
  );
}

function Totals({ totals }: { totals: { count: number; pdfOnlyCount: number; amountExclVatCents: number; amountInclVatCents: number; owedCents: number } }) {
  const { ti, eur, count } = useInvoicesI18n();
  const items: Array<[string, string, string]> = [
    [ti('invoices.totals.count'), count(totals.count), 'count'],
    [ti('invoices.totals.exclVat'), eur(totals.amountExclVatCents), 'excl'],
    [ti('invoices.totals.inclVat'), eur(totals.amountInclVatCents), 'incl'],
    [ti('invoices.totals.owed'), eur(totals.owedCents), 'owed'],
  ];
  return (
    <Stack gap={4}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" component="dl" aria-label={ti('invoices.totals.label')} data-testid="invoices-totals" m={0}>
        {items.map(([label, value, id]) => (
          <Paper key={id} withBorder p="sm" component="div">
            <Text component="dt" size="xs" c="dimmed">{label}</Text>
            <Text component="dd" m={0} fw={700} size="lg" data-testid={`invoices-total-${id}`}>{value}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      {totals.pdfOnlyCount > 0 ? (
        <Text size="xs" c="dimmed" data-testid="invoices-totals-pdf-only">{ti('invoices.totals.pdfOnly', { count: count(totals.pdfOnlyCount) })}</Text>
      ) : null}
    </Stack>
  );
}

/** The invoices of the billing accounts the user may read: filters, sort and page in the URL and the server. */
export function InvoiceListPage({ customerId, customerName, access }: { customerId: string; customerName: string; access: InvoicesAccess }) {
  const i18n = useInvoicesI18n();
  const { ti } = i18n;
  const [filters, setFilters] = useUrlState(FILTERS);
  const navigate = useNavigate();
  const accounts = useBillingAccounts(customerId);
  const months = useMonthOptions(brusselsDate(new Date()), MONTHS_OFFERED);

  const sort = oneOf(filters.sort, INVOICE_SORTS) ?? 'issueDate:desc';
  const status = oneOf(filters.status, INVOICE_STATUSES);
  const account = /^[0-9a-f-]{36}$/i.test(filters.account) ? filters.account : null;
  const from = MONTH.test(filters.from) ? filters.from : null;
  const to = MONTH.test(filters.to) ? filters.to : null;
  const decimal = decimalSeparator(i18n.locale);
  const min = amountOf(filters.min, decimal);
  const max = amountOf(filters.max, decimal);
  const reversedAmounts = min.cents !== null && max.cents !== null && min.cents > max.cents;
  const reversedPeriods = from !== null && to !== null && from > to;
  const valid = !min.invalid && !max.invalid && !reversedAmounts && !reversedPeriods;

  const query: InvoiceListQuery = {
    sort,
    ...(account ? { billingAccountId: account } : {}),
    ...(from ? { periodFrom: from } : {}),
    ...(to ? { periodTo: to } : {}),
    ...(status ? { status } : {}),
    ...(min.cents !== null ? { minAmountCents: min.cents } : {}),
    ...(max.cents !== null ? { maxAmountCents: max.cents } : {}),
  };
  const pagination = useKeysetPagination(JSON.stringify([customerId, query]));
  const list = useInvoices(customerId, { ...query, ...(pagination.cursor ? { cursor: pagination.cursor } : {}) }, valid);
  const columns = useMemo(() => invoiceColumns(i18n, customerId), [i18n, customerId]);
  const filtered = Object.entries(filters).some(([key, value]) => key !== 'sort' && value !== '');

  const filterInputs = (
    <>
      <Select
        label={ti('invoices.filter.billingAccount')}
        placeholder={ti('invoices.filter.any')}
        data={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.number} · ${a.name}` }))}
        value={account}
        onChange={(value) => setFilters({ account: value })}
        clearable
        searchable
        w={{ base: '100%', sm: 260 }}
        data-testid="filter-billing-account"
      />
      <Select
        label={ti('invoices.filter.periodFrom')}
        placeholder={ti('invoices.filter.any')}
        data={months}
        value={from}
        onChange={(value) => setFilters({ from: value })}
        clearable
        error={reversedPeriods ? ti('invoices.filter.periodReversed') : null}
        w={{ base: '100%', sm: 200 }}
        data-testid="filter-period-from"
      />
      <Select
        label={ti('invoices.filter.periodTo')}
        placeholder={ti('invoices.filter.any')}
        data={months}
        value={to}
        onChange={(value) => setFilters({ to: value })}
        clearable
        w={{ base: '100%', sm: 200 }}
        data-testid="filter-period-to"
      />
      <Select
        label={ti('invoices.filter.status')}
        placeholder={ti('invoices.filter.any')}
        data={INVOICE_STATUSES.map((s) => ({ value: s, label: ti(`invoices.status.${s}`) }))}
        value={status}
        onChange={(value) => setFilters({ status: value })}
        clearable
        w={{ base: '100%', sm: 160 }}
        data-testid="filter-status"
      />
      <AmountFilter
        label={ti('invoices.filter.minAmount')}
        value={filters.min}
        error={min.invalid ? ti('invoices.filter.amountInvalid') : reversedAmounts ? ti('invoices.filter.amountReversed') : null}
        decimal={decimal}
        onCommit={(value) => setFilters({ min: value })}
        testId="filter-min-amount"
      />
      <AmountFilter
        label={ti('invoices.filter.maxAmount')}
        value={filters.max}
        error={max.invalid ? ti('invoices.filter.amountInvalid') : null}
        decimal={decimal}
        onCommit={(value) => setFilters({ max: value })}
        testId="filter-max-amount"
      />
      {filtered ? (
        <Button
          variant="subtle"
          onClick={() => setFilters({ account: null, from: null, to: null, status: null, min: null, max: null })}
          data-testid="filter-reset"
        >
          {ti('invoices.filter.reset')}
        </Button>
      ) : null}
    </>
  );

  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.list.title')}
      subtitle={ti('invoices.list.subtitle', { customer: customerName })}
      caveat
      testId="invoices-page"
      actions={
        access.exportInvoices ? (
          <ExportPanel
            path={customerPath(customerId, 'exports', 'expiring')}
            query={account ? { billingAccountId: account } : {}}
            formats={['xlsx']}
            baseName="expiring"
            labels={{ xlsx: ti('invoices.expiring.button') }}
            description={account ? ti('invoices.expiring.hintAccount') : ti('invoices.expiring.hint')}
            testId="export-expiring"
          />
        ) : null
      }
    >
      {accounts.error ? <ProblemAlert error={accounts.error} onRetry={() => void accounts.refetch()} /> : null}
      {/* Outside the table so that fixing an invalid filter keeps the inputs (and the focus) where they are. */}
      <Group align="flex-end" gap="sm" wrap="wrap">{filterInputs}</Group>
      {valid && list.data ? <Totals totals={list.data.totals} /> : null}
      {valid ? (
        <DataTable
          label={ti('invoices.list.tableLabel', { customer: customerName })}
          testId="invoices-table"
          columns={columns}
          rows={list.data?.items}
          getRowId={(invoice) => invoice.id}
          onRowClick={(invoice) => {
            if (!invoice.pdfOnly) void navigate(`/customers/${customerId}/invoices/${invoice.id}`);
          }}
          nextCursor={list.data?.nextCursor}
          pagination={pagination}
          sorting={sortingOf(sort)}
          onSortingChange={(next) => setFilters({ sort: sortOf(next) })}
          isPending={list.isPending}
          isFetching={list.isFetching}
          error={list.error}
          onRetry={() => void list.refetch()}
          emptyMessage={ti('invoices.list.empty')}
        />
      ) : (
        <Alert color="yellow" variant="light" role="status" data-testid="invoices-filter-invalid">{ti('invoices.list.filterInvalid')}</Alert>
      )}
    </InvoicesPage>
  );
}
