import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Box, Button, Group, Loader, Select, Skeleton, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link, useParams } from 'react-router';
import { isUuid } from '@mandate/contracts/common';
import { DateField } from '../../../components/date-field.tsx';
import { NotFound } from '../../../components/status-page.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { customerPath } from '../../../lib/api-client.ts';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { useCallDetails, useInvoice } from '../api/invoices-api.ts';
import { USAGE_TYPES, type CallDetail, type CallDetailQuery, type InvoiceDetail } from '../api/invoices-types.ts';
import { ExportPanel } from '../components/export-panel.tsx';
import { usageText } from '../components/invoice-format.tsx';
import { InvoicesGuard, InvoicesPage } from '../components/invoices-shell.tsx';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesAccess } from '../invoices-access.ts';

const FILTERS = { sim: '', type: '', from: '', to: '', dest: '', sort: 'startedAt:asc' } as const;
const SORTS = ['startedAt:asc', 'startedAt:desc'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PREFIX = /^\+?\d{1,15}$/;
const ROW_HEIGHT = 41;
/** Load the next page when the last rows shown come this close to the end of what is loaded. */
const PREFETCH_ROWS = 40;

/** /customers/:customerId/invoices/:invoiceId/call-details; a mistyped invoice id is not found. */
export function CallDetailsRoute() {
  const { invoiceId = '' } = useParams();
  return (
    <InvoicesGuard needs="invoices">
      {({ customer, access }) => (isUuid(invoiceId)
        ? <CallDetailsLoader key={`${customer.id}/${invoiceId}`} customerId={customer.id} customerName={customer.name} invoiceId={invoiceId} access={access} />
        : <NotFound />)}
    </InvoicesGuard>
  );
}

interface PageProps {
  customerId: string;
  customerName: string;
  invoiceId: string;
  access: InvoicesAccess;
}

function CallDetailsLoader(props: PageProps) {
  const { ti } = useInvoicesI18n();
  const invoice = useInvoice(props.customerId, props.invoiceId);
  if (invoice.isPending) {
    return (
      <InvoicesPage customerId={props.customerId} customerName={props.customerName} access={props.access} title={ti('invoices.calls.title', { number: '…' })}>
        <Skeleton height={300} data-testid="call-details-loading" />
      </InvoicesPage>
    );
  }
  if (invoice.error) return <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} />;
  return <CallDetailsPage {...props} invoice={invoice.data} />;
}

/**
 * A filter's label on one line, cut with an ellipsis (the whole label as its tooltip) where a language's
 * is longer than its field: the filters' inputs then share one baseline in every language.
 */
function FilterLabel({ children }: { children: string }) {
  return (
    <span title={children} style={{ display: 'block', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
      {children}
    </span>
  );
}

/** The prefix filters as it is typed (after a short pause), so the field and the table never disagree; Enter or leaving the field applies it at once. */
function DestinationFilter({ value, onCommit }: { value: string; onCommit: (v: string) => void }) {
  const { ti } = useInvoicesI18n();
  const [text, setText] = useState(value);
  const [settled] = useDebouncedValue(text, 400);
  const invalid = text.trim() !== '' && !PREFIX.test(text.trim());
  const commit = () => {
    if (!invalid && text.trim() !== value) onCommit(text.trim());
  };
  const latest = useRef({ value, onCommit });
  latest.current = { value, onCommit };
  useEffect(() => {
    const typed = settled.trim();
    if ((typed === '' || PREFIX.test(typed)) && typed !== latest.current.value) latest.current.onCommit(typed);
  }, [settled]);
  return (
    <TextInput
      label={<FilterLabel>{ti('invoices.calls.destination')}</FilterLabel>}
      value={text}
      inputMode="tel"
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      error={invalid ? ti('invoices.calls.destinationInvalid') : null}
      w={{ base: '100%', sm: 240 }}
      data-testid="filter-destination"
    />
  );
}

const COLUMNS = [
  // Wide enough for the longest value in NL, FR and EN ("Internationale gesprekken", "1 nov. 2026 à 12:34");
  // the headers wrap. Together within a 1,366 px screen's room, so the billed price is in view.
  { id: 'startedAt', width: 168 },
  { id: 'msisdn', width: 132 },
  { id: 'type', width: 206 },
  { id: 'destination', width: 143 },
  { id: 'usage', width: 112 },
  { id: 'standardPrice', width: 140 },
  { id: 'billedPrice', width: 140 },
] as const;
const TABLE_WIDTH = COLUMNS.reduce((sum, c) => sum + c.width, 0);

function CallDetailsPage({ customerId, customerName, invoiceId, access, invoice }: PageProps & { invoice: InvoiceDetail }) {
  const i18n = useInvoicesI18n();
  const { ti, eur, count, dateTime, dayOf, lastDayBefore } = i18n;
  const [filters, setFilters] = useUrlState(FILTERS);
  const sims = invoice.bySim;
  const sim = sims.some((s) => s.simId === filters.sim) ? filters.sim : null;
  const type = oneOf(filters.type, USAGE_TYPES);
  const from = DAY.test(filters.from) ? filters.from : null;
  const to = DAY.test(filters.to) ? filters.to : null;
  const dest = PREFIX.test(filters.dest) ? filters.dest : null;
  const sort = oneOf(filters.sort, SORTS) ?? 'startedAt:asc';
  const reversed = from !== null && to !== null && from > to;

  const query: Omit<CallDetailQuery, 'cursor' | 'limit'> = {
    sort,
    ...(sim ? { simId: sim } : {}),
    ...(type ? { type } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(dest ? { destinationPrefix: dest } : {}),
  };
  const details = useCallDetails(customerId, invoiceId, query, !reversed);
  const rows: CallDetail[] = details.data?.pages.flatMap((page) => page.items) ?? [];
  const availableUntil = details.data?.pages[0]?.availableUntil ?? null;
  // RET-1: none of its calls are kept any more, or only those from a day within its period on.
  const keptFrom = details.data?.pages[0]?.keptFrom;
  const gone = keptFrom === null;
  const partly = keptFrom !== undefined && keptFrom !== null && keptFrom > invoice.periodStart;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = details;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [filters.sim, filters.type, filters.from, filters.to, filters.dest, filters.sort]);

  const headers: Record<(typeof COLUMNS)[number]['id'], string> = {
    startedAt: ti('invoices.calls.column.startedAt'),
    msisdn: ti('invoices.calls.column.msisdn'),
    type: ti('invoices.calls.column.type'),
    destination: ti('invoices.calls.column.destination'),
    usage: ti('invoices.calls.column.usage'),
    standardPrice: ti('invoices.calls.column.standardPrice'),
    billedPrice: ti('invoices.calls.column.billedPrice'),
  };
  const padTop = items.length > 0 ? items[0]!.start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const direction = sort === 'startedAt:asc' ? 'ascending' : 'descending';
  const cell = { padding: '0 8px', height: ROW_HEIGHT, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', borderBottom: '1px solid var(--mantine-color-default-border)', fontSize: 'var(--mantine-font-size-sm)' } as const;

  // The export takes the filters; its rows come in time order.
  const { sort: _sort, ...exportQuery } = query;

  return (
    <InvoicesPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={ti('invoices.calls.title', { number: invoice.number })}
      subtitle={availableUntil === null ? undefined
        : gone ? ti('invoices.calls.gone', { date: dayOf(availableUntil) })
          : ti('invoices.calls.oldestUntil', { date: lastDayBefore(availableUntil) })}
      above={
        <Anchor component={Link} to={`/customers/${customerId}/invoices/${invoiceId}`} size="sm" data-testid="call-details-back">
          ← {ti('invoices.calls.back', { number: invoice.number })}
        </Anchor>
      }
      caveat
      testId="call-details-page"
      actions={
        access.exportUsage && !gone ? (
          <ExportPanel
            path={customerPath(customerId, 'invoices', invoiceId, 'call-details', 'export')}
            query={exportQuery}
            formats={['csv', 'xlsx']}
            baseName={`call-details-${invoice.number}`}
            disabled={reversed}
            testId="call-details-export"
          />
        ) : null
      }
    >
      {partly ? (
        <Alert color="yellow" variant="light" data-testid="call-details-partly">{ti('invoices.calls.partly', { date: dayOf(keptFrom) })}</Alert>
      ) : null}
      {gone ? null : <Text size="sm" c="dimmed">{ti('invoices.calls.free')}</Text>}
      {gone ? null : (
      <>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Select
          label={<FilterLabel>{ti('invoices.calls.sim')}</FilterLabel>}
          placeholder={ti('invoices.filter.any')}
          data={sims.map((s) => ({ value: s.simId, label: s.msisdn }))}
          value={sim}
          onChange={(value) => setFilters({ sim: value })}
          clearable
          searchable
          w={{ base: '100%', sm: 200 }}
          data-testid="filter-sim"
        />
        <Select
          label={<FilterLabel>{ti('invoices.calls.type')}</FilterLabel>}
          placeholder={ti('invoices.filter.any')}
          data={USAGE_TYPES.map((t) => ({ value: t, label: ti(`invoices.chargeType.${t}`) }))}
          value={type}
          onChange={(value) => setFilters({ type: value })}
          clearable
          w={{ base: '100%', sm: 220 }}
          data-testid="filter-type"
        />
        <DateField
          label={<FilterLabel>{ti('invoices.calls.from')}</FilterLabel>}
          value={filters.from}
          onChange={(value) => setFilters({ from: value })}
          minDate={invoice.periodStart}
          maxDate={invoice.periodEnd}
          error={reversed ? ti('invoices.calls.dateReversed') : undefined}
          w={{ base: '100%', sm: 170 }}
          testId="filter-from"
        />
        <DateField
          label={<FilterLabel>{ti('invoices.calls.to')}</FilterLabel>}
          value={filters.to}
          onChange={(value) => setFilters({ to: value })}
          minDate={invoice.periodStart}
          maxDate={invoice.periodEnd}
          w={{ base: '100%', sm: 170 }}
          testId="filter-to"
        />
        <DestinationFilter value={filters.dest} onCommit={(value) => setFilters({ dest: value })} />
        {details.isFetching && !details.isPending ? <Loader size="xs" mt={34} aria-label={i18n.t('common.loading')} /> : null}
      </Group>
      </>
      )}

      {details.error ? <ErrorState error={details.error} inline onRetry={() => void details.refetch()} /> : null}

      {details.isPending && !reversed ? (
        <Stack gap={4} data-testid="call-details-skeleton">
          {Array.from({ length: 6 }, (_, i) => <Skeleton key={i} height={28} />)}
        </Stack>
      ) : rows.length === 0 && !details.error ? (
        reversed ? null : <Text c="dimmed" ta="center" py="lg" data-testid="call-details-empty">{ti(gone ? 'invoices.calls.goneEmpty' : 'invoices.calls.empty')}</Text>
      ) : rows.length > 0 ? (
        <Stack gap="xs">
          <Box
            ref={scroller}
            tabIndex={0}
            role="region"
            aria-label={ti('invoices.calls.tableLabel', { number: invoice.number })}
            aria-describedby="call-details-hint"
            data-testid="call-details-scroller"
            style={{ height: 'min(65vh, 560px)', overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}
          >
            <table
              aria-label={ti('invoices.calls.tableLabel', { number: invoice.number })}
              aria-rowcount={rows.length + 1}
              data-testid="call-details-table"
              style={{ width: TABLE_WIDTH, minWidth: '100%', tableLayout: 'fixed', borderCollapse: 'collapse' }}
            >
              <colgroup>
                {COLUMNS.map((c) => <col key={c.id} style={{ width: c.width }} />)}
              </colgroup>
              <thead style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
                <tr aria-rowindex={1}>
                  {COLUMNS.map((c) => (
                    <th
                      key={c.id}
                      scope="col"
                      aria-sort={c.id === 'startedAt' ? direction : undefined}
                      style={{ ...cell, height: 'auto', padding: '6px 8px', whiteSpace: 'normal', verticalAlign: 'bottom', fontWeight: 700, textAlign: c.id.endsWith('Price') ? 'right' : 'left', borderBottomWidth: 2 }}
                    >
                      {c.id === 'startedAt' ? (
                        <UnstyledButton
                          fw={700}
                          fz="sm"
                          onClick={() => setFilters({ sort: sort === 'startedAt:asc' ? 'startedAt:desc' : 'startedAt:asc' })}
                          data-testid="sort-startedAt"
                        >
                          {headers.startedAt} <span aria-hidden>{sort === 'startedAt:asc' ? '▲' : '▼'}</span>
                        </UnstyledButton>
                      ) : (
                        headers[c.id]
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {padTop > 0 ? <tr aria-hidden style={{ height: padTop }}><td colSpan={COLUMNS.length} /></tr> : null}
                {items.map((item) => {
                  const row = rows[item.index]!;
                  return (
                    <tr key={row.id} aria-rowindex={item.index + 2} data-testid="call-detail-row" style={{ height: ROW_HEIGHT }}>
                      <td style={cell}>{dateTime(row.startedAt)}</td>
                      <td style={cell}>{row.msisdn}</td>
                      <td style={cell}>{ti(`invoices.chargeType.${row.type}`)}</td>
                      <td style={cell}>{row.destination ?? '—'}</td>
                      <td style={cell}>{usageText(i18n, row.type, row.durationS, row.volumeKb)}</td>
                      <td style={{ ...cell, textAlign: 'right' }}>{eur(row.standardPriceCents)}</td>
                      <td style={{ ...cell, textAlign: 'right' }}>{eur(row.billedPriceCents)}</td>
                    </tr>
                  );
                })}
                {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }}><td colSpan={COLUMNS.length} /></tr> : null}
              </tbody>
            </table>
          </Box>
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="call-details-count">
              {ti('invoices.calls.loaded', { count: count(rows.length) })}
              {hasNextPage ? ` · ${ti('invoices.calls.scrollHint')}` : ''}
            </Text>
            <span id="call-details-hint" hidden>{ti('invoices.calls.scrollHint')}</span>
            {hasNextPage ? (
              <Button size="xs" variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="call-details-more">
                {ti('invoices.calls.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </InvoicesPage>
  );
}
