import { useEffect, useMemo, useRef, useState } from 'react';
import { Anchor, Box, Button, Checkbox, Group, Loader, Paper, Popover, Select, Skeleton, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link, useNavigate } from 'react-router';
import { ErrorState } from '../../../components/error-state.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { customerPath } from '../../../lib/api-client.ts';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { ExportPanel } from '../../invoices/components/export-panel.tsx';
import { toQuery, useFleetSims, useScopeOptions, useTariffOptions, useTariffPlans, type SimListFilter } from '../api/fleet-api.ts';
import { SIM_SORTS, SIM_STATUSES, SIM_USAGE_BANDS, type SimListItem } from '../api/fleet-types.ts';
import { FleetBillShockAlerts } from '../components/bill-shock.tsx';
import { BulkBar, BulkProgress } from '../components/fleet-bulk.tsx';
import { SimStatusBadge } from '../components/fleet-format.tsx';
import { FleetGuard, FleetPage } from '../components/fleet-shell.tsx';
import { FleetViews } from '../components/fleet-views.tsx';
import type { FleetAccess } from '../fleet-access.ts';
import { useFleetI18n, type FleetI18n } from '../i18n/fleet-i18n.ts';
import type { FleetKey } from '../i18n/fleet-en.ts';
import '../fleet.css';

/** The columns one may hide, and those shown until he chooses. */
const OPTIONAL_COLUMNS = ['status', 'endUser', 'plan', 'options', 'costCentre', 'billingAccount', 'initialTermEnd', 'iccid'] as const;
type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
const DEFAULT_COLUMNS: readonly OptionalColumn[] = ['status', 'endUser', 'plan', 'options', 'costCentre', 'billingAccount'];

const FILTERS = { q: '', status: '', plan: '', option: '', cc: '', ba: '', band: '', sort: 'msisdn:asc', cols: DEFAULT_COLUMNS.join(','), view: '' } as const;
type FilterKey = keyof typeof FILTERS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROW_HEIGHT = 44;
/** Load the next page when the last rows shown come this close to the end of what is loaded. */
const PREFETCH_ROWS = 60;

/** Column ids, their header key, width and the server's sort field (when it sorts by it). */
const COLUMN_SPECS: Record<'select' | 'msisdn' | OptionalColumn, { label: FleetKey; width: number; sort?: string }> = {
  select: { label: 'fleet.column.select', width: 48 },
  msisdn: { label: 'fleet.column.msisdn', width: 150, sort: 'msisdn' },
  status: { label: 'fleet.column.status', width: 190, sort: 'status' },
  endUser: { label: 'fleet.column.endUser', width: 180, sort: 'endUser' },
  plan: { label: 'fleet.column.plan', width: 200, sort: 'plan' },
  options: { label: 'fleet.column.options', width: 220 },
  costCentre: { label: 'fleet.column.costCentre', width: 150, sort: 'costCentre' },
  billingAccount: { label: 'fleet.column.billingAccount', width: 150, sort: 'billingAccount' },
  initialTermEnd: { label: 'fleet.column.initialTermEnd', width: 160, sort: 'initialTermEnd' },
  iccid: { label: 'fleet.column.iccid', width: 200 },
};

/** /customers/:customerId/fleet */
export function FleetRoute() {
  return (
    <FleetGuard>
      {({ customer, access }) => <FleetListPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} />}
    </FleetGuard>
  );
}

function SearchBox({ value, onCommit }: { value: string; onCommit: (v: string) => void }) {
  const { tf } = useFleetI18n();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  // The search reaches the URL (and the server) once typing pauses.
  useEffect(() => {
    if (text.trim() === value) return undefined;
    const timer = setTimeout(() => onCommit(text.trim()), 350);
    return () => clearTimeout(timer);
  }, [text, value, onCommit]);
  return (
    <TextInput
      label={tf('fleet.search')}
      placeholder={tf('fleet.search.placeholder')}
      value={text}
      maxLength={60}
      type="search"
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onCommit(text.trim());
      }}
      w={{ base: '100%', sm: 260 }}
      data-testid="fleet-search"
    />
  );
}

function ColumnChooser({ visible, onChange }: { visible: readonly OptionalColumn[]; onChange: (cols: OptionalColumn[]) => void }) {
  const { tf } = useFleetI18n();
  return (
    <Popover position="bottom-end" withinPortal trapFocus>
      <Popover.Target>
        <Button variant="default" data-testid="fleet-columns">{tf('fleet.columns')}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group
          label={tf('fleet.columns.hint')}
          value={[...visible]}
          onChange={(values) => onChange(OPTIONAL_COLUMNS.filter((c) => values.includes(c)))}
        >
          <Stack gap={6} mt="xs">
            {OPTIONAL_COLUMNS.map((c) => (
              <Checkbox key={c} value={c} label={tf(COLUMN_SPECS[c].label)} data-testid={`fleet-column-${c}`} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column definitions of mixed value types
function simColumns(i18n: FleetI18n, customerId: string, hasMore: boolean): ColumnDef<SimListItem, any>[] {
  const { tf, day } = i18n;
  return [
    {
      id: 'select',
      header: ({ table }) => (
        <Checkbox
          aria-label={tf('fleet.select.loaded')}
          checked={table.getIsAllRowsSelected()}
          indeterminate={table.getIsSomeRowsSelected() || (hasMore && table.getIsAllRowsSelected())}
          onChange={table.getToggleAllRowsSelectedHandler()}
          data-testid="fleet-select-all"
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          aria-label={tf('fleet.select.row', { msisdn: row.original.msisdn })}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
          onClick={(event) => event.stopPropagation()}
          data-testid="fleet-select-row"
        />
      ),
    },
    {
      id: 'msisdn',
      accessorKey: 'msisdn',
      cell: ({ row }) => (
        <Anchor component={Link} to={`/customers/${customerId}/fleet/${row.original.id}`} fw={500} size="sm" onClick={(e) => e.stopPropagation()} data-testid="fleet-sim-link">
          {row.original.msisdn}
        </Anchor>
      ),
    },
    { id: 'status', accessorKey: 'status', cell: ({ row }) => <SimStatusBadge status={row.original.status} /> },
    {
      id: 'endUser',
      cell: ({ row }) => (row.original.endUser ? row.original.endUser.name : <Text span size="sm" c="dimmed">{tf('fleet.table.unassigned')}</Text>),
    },
    { id: 'plan', cell: ({ row }) => row.original.tariffPlan?.name ?? '—' },
    { id: 'options', cell: ({ row }) => (row.original.options.length > 0 ? row.original.options.map((o) => o.name).join(', ') : '—') },
    { id: 'costCentre', cell: ({ row }) => row.original.costCentreName ?? '—' },
    { id: 'billingAccount', cell: ({ row }) => row.original.billingAccountNumber },
    { id: 'initialTermEnd', cell: ({ row }) => (row.original.initialTermEnd ? day(row.original.initialTermEnd) : '—') },
    { id: 'iccid', cell: ({ row }) => row.original.iccid },
  ];
}

interface ListPageProps {
  customerId: string;
  customerName: string;
  access: FleetAccess;
}

/**
 * The fleet table (up to the whole fleet): filters, search, sort and columns in the URL; keyset
 * pages loaded as the user scrolls, only the rows in view in the page; a selection of loaded
 * rows for bulk changes; export of everything the filters match.
 */
function FleetListPage({ customerId, customerName, access }: ListPageProps) {
  const i18n = useFleetI18n();
  const { tf, count } = i18n;
  const { me } = useCustomerContext();
  const navigate = useNavigate();
  const [filters, setFilters] = useUrlState(FILTERS);
  const plans = useTariffPlans();
  const options = useTariffOptions();
  const scope = useScopeOptions(customerId, access.scopeOptions);

  const sort = oneOf(filters.sort, SIM_SORTS) ?? 'msisdn:asc';
  const status = oneOf(filters.status, SIM_STATUSES);
  const band = oneOf(filters.band, SIM_USAGE_BANDS);
  const uuid = (value: string) => (UUID.test(value) ? value : null);
  const plan = uuid(filters.plan);
  const option = uuid(filters.option);
  const cc = uuid(filters.cc);
  const ba = uuid(filters.ba);
  const q = filters.q.slice(0, 60);
  const visible = filters.cols.split(',').filter((c): c is OptionalColumn => (OPTIONAL_COLUMNS as readonly string[]).includes(c));

  const filter: SimListFilter = {
    sort,
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(plan ? { tariffPlanId: plan } : {}),
    ...(option ? { optionId: option } : {}),
    ...(cc ? { costCentreId: cc } : {}),
    ...(ba ? { billingAccountId: ba } : {}),
    ...(band ? { usageBand: band } : {}),
  };
  const filterKey = JSON.stringify(filter);
  const sims = useFleetSims(customerId, filter);
  const rows = useMemo(() => sims.data?.pages.flatMap((page) => page.items) ?? [], [sims.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = sims;

  // The selection holds loaded rows only, and starts again when the filters change.
  const [selection, setSelection] = useState<{ key: string; rows: RowSelectionState }>({ key: filterKey, rows: {} });
  const rowSelection = selection.key === filterKey ? selection.rows : {};
  const columnVisibility: VisibilityState = Object.fromEntries(OPTIONAL_COLUMNS.map((c) => [c, visible.includes(c)]));
  if (!access.update) columnVisibility.select = false;

  const columns = useMemo(() => simColumns(i18n, customerId, hasNextPage), [i18n, customerId, hasNextPage]);
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (sim) => sim.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableRowSelection: access.update,
    state: { rowSelection, columnVisibility },
    onRowSelectionChange: (updater) => setSelection({ key: filterKey, rows: typeof updater === 'function' ? updater(rowSelection) : updater }),
  });
  const tableRows = table.getRowModel().rows;
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const [bulkId, setBulkId] = useState<string | null>(null);
  const [alertsOpen, setAlertsOpen] = useState(false);

  // Printing shows every loaded row, not the window the page scrolls.
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => setPrinting(true);
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= tableRows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [lastIndex, tableRows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [filterKey]);

  const shown = printing ? tableRows.map((_, index) => ({ index, start: index * ROW_HEIGHT, end: (index + 1) * ROW_HEIGHT, key: index })) : items;
  const padTop = !printing && items.length > 0 ? items[0]!.start : 0;
  const padBottom = !printing && items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const tableWidth = headers.reduce((sum, h) => sum + COLUMN_SPECS[h.column.id as keyof typeof COLUMN_SPECS].width, 0);
  const cell = { padding: '0 10px', height: ROW_HEIGHT, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', borderBottom: '1px solid var(--mantine-color-default-border)', fontSize: 'var(--mantine-font-size-sm)' } as const;

  const [sortField, sortDirection] = sort.split(':') as [string, 'asc' | 'desc'];
  const toggleSort = (field: string) => {
    const next = `${field}:${sortField === field && sortDirection === 'asc' ? 'desc' : 'asc'}`;
    setFilters({ sort: oneOf(next, SIM_SORTS) ?? 'msisdn:asc', view: null });
  };
  const setFilter = (patch: Partial<Record<FilterKey, string | null>>) => setFilters({ ...patch, view: null });

  // The pickers offer the scope's accounts and cost centres; without the scope list, those of the loaded SIMs.
  const costCentres = useMemo(() => {
    const seen = new Map<string, string>((scope.data?.costCentres ?? []).map((c) => [c.id, `${c.code} · ${c.name}`]));
    if (!scope.data) for (const sim of rows) if (sim.costCentreId && sim.costCentreName) seen.set(sim.costCentreId, sim.costCentreName);
    if (cc && !seen.has(cc)) seen.set(cc, cc);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [scope.data, rows, cc]);
  const accounts = useMemo(() => {
    const seen = new Map<string, string>((scope.data?.billingAccounts ?? []).filter((a) => a.type === 'mobile').map((a) => [a.id, `${a.number} · ${a.name}`]));
    if (!scope.data) for (const sim of rows) seen.set(sim.billingAccountId, sim.billingAccountNumber);
    if (ba && !seen.has(ba)) seen.set(ba, ba);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [scope.data, rows, ba]);
  const filtered = [filters.q, filters.status, filters.plan, filters.option, filters.cc, filters.ba, filters.band].some((v) => v !== '');

  const { sort: _sort, ...exportFilter } = filter;
  const viewState = Object.fromEntries(Object.entries(filters).filter(([key]) => key !== 'view'));

  return (
    <FleetPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      tabs
      title={tf('fleet.title')}
      subtitle={tf('fleet.subtitle', { customer: customerName })}
      testId="fleet-page"
      actions={
        access.export || access.update ? (
          <Group gap="sm" className="fleet-noprint">
            {access.update ? (
              <Button variant={alertsOpen ? 'light' : 'default'} aria-expanded={alertsOpen} onClick={() => setAlertsOpen((open) => !open)} data-testid="fleet-alerts-toggle">
                {alertsOpen ? tf('fleet.alerts.hide') : tf('fleet.alerts.show')}
              </Button>
            ) : null}
            {access.export ? (
              <Box>
                <ExportPanel path={customerPath(customerId, 'sims', 'export')} query={toQuery(exportFilter)} formats={['csv', 'xlsx']} baseName="fleet" testId="fleet-export" />
              </Box>
            ) : null}
          </Group>
        ) : null
      }
    >
      {access.update && alertsOpen ? (
        <Box className="fleet-noprint">
          <FleetBillShockAlerts customerId={customerId} costCentres={costCentres} />
        </Box>
      ) : null}
      <Stack gap="sm" className="fleet-noprint">
        <Group align="flex-end" gap="sm" wrap="wrap" role="group" aria-label={tf('fleet.filter.label')}>
          <SearchBox value={q} onCommit={(value) => setFilter({ q: value })} />
          <Select
            label={tf('fleet.filter.status')}
            placeholder={tf('fleet.filter.any')}
            data={SIM_STATUSES.map((s) => ({ value: s, label: tf(`fleet.status.${s}`) }))}
            value={status}
            onChange={(value) => setFilter({ status: value })}
            clearable
            w={{ base: '100%', sm: 200 }}
            data-testid="fleet-filter-status"
          />
          <Select
            label={tf('fleet.filter.plan')}
            placeholder={tf('fleet.filter.any')}
            data={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={plan}
            onChange={(value) => setFilter({ plan: value })}
            clearable
            searchable
            w={{ base: '100%', sm: 220 }}
            data-testid="fleet-filter-plan"
          />
          <Select
            label={tf('fleet.filter.option')}
            placeholder={tf('fleet.filter.any')}
            data={(options.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            value={option}
            onChange={(value) => setFilter({ option: value })}
            clearable
            searchable
            w={{ base: '100%', sm: 200 }}
            data-testid="fleet-filter-option"
          />
          <Select
            label={tf('fleet.filter.costCentre')}
            placeholder={tf('fleet.filter.any')}
            data={costCentres}
            value={cc}
            onChange={(value) => setFilter({ cc: value })}
            clearable
            searchable
            w={{ base: '100%', sm: 180 }}
            data-testid="fleet-filter-cost-centre"
          />
          <Select
            label={tf('fleet.filter.billingAccount')}
            placeholder={tf('fleet.filter.any')}
            data={accounts}
            value={ba}
            onChange={(value) => setFilter({ ba: value })}
            clearable
            searchable
            w={{ base: '100%', sm: 200 }}
            data-testid="fleet-filter-billing-account"
          />
          <Select
            label={tf('fleet.filter.usageBand')}
            placeholder={tf('fleet.filter.any')}
            data={SIM_USAGE_BANDS.map((b) => ({ value: b, label: tf(`fleet.band.${b}`) }))}
            value={band}
            onChange={(value) => setFilter({ band: value })}
            clearable
            w={{ base: '100%', sm: 180 }}
            data-testid="fleet-filter-usage-band"
          />
          {filtered ? (
            <Button variant="subtle" onClick={() => setFilter({ q: null, status: null, plan: null, option: null, cc: null, ba: null, band: null })} data-testid="fleet-filter-reset">
              {tf('fleet.filter.reset')}
            </Button>
          ) : null}
        </Group>
        <Group gap="sm" justify="flex-end">
          <FleetViews
            userId={me.user.id}
            customerId={customerId}
            current={filters.view}
            state={viewState}
            onPick={(view) => setFilters({ ...Object.fromEntries(Object.keys(FILTERS).map((k) => [k, null])), ...view.state, view: view.name })}
            onSaved={(view) => setFilters({ view: view.name })}
            onDeleted={() => setFilters({ view: null })}
          />
          <ColumnChooser visible={visible} onChange={(cols) => setFilters({ cols: cols.join(','), view: null })} />
        </Group>
        {scope.error ? <ProblemAlert error={scope.error} onRetry={() => void scope.refetch()} /> : null}
      </Stack>

      {access.update && selectedIds.length > 0 ? (
        <BulkBar
          customerId={customerId}
          simIds={selectedIds}
          rows={rows}
          moreMatch={hasNextPage}
          allLoaded={tableRows.length}
          onSelectAllLoaded={() => table.toggleAllRowsSelected(true)}
          onClear={() => setSelection({ key: filterKey, rows: {} })}
          onStarted={(bulk) => {
            setSelection({ key: filterKey, rows: {} });
            setBulkId(bulk.id);
          }}
        />
      ) : null}
      {bulkId ? <BulkProgress key={bulkId} customerId={customerId} bulkChangeId={bulkId} onClose={() => setBulkId(null)} /> : null}

      {sims.error ? <ErrorState error={sims.error} inline onRetry={() => void sims.refetch()} /> : null}

      {sims.isPending ? (
        <Stack gap={4} data-testid="fleet-skeleton">
          {Array.from({ length: 8 }, (_, i) => <Skeleton key={i} height={32} />)}
        </Stack>
      ) : tableRows.length === 0 && !sims.error ? (
        <Paper withBorder p="lg">
          <Text c="dimmed" ta="center" data-testid="fleet-empty">{tf('fleet.table.empty')}</Text>
        </Paper>
      ) : tableRows.length > 0 ? (
        <Stack gap="xs">
          <Box
            ref={scroller}
            tabIndex={0}
            role="region"
            aria-label={tf('fleet.table.label', { customer: customerName })}
            className="fleet-scroller"
            data-testid="fleet-scroller"
            style={{ height: 'min(65vh, 620px)', overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}
          >
            <table
              aria-label={tf('fleet.table.label', { customer: customerName })}
              aria-rowcount={tableRows.length + 1}
              data-testid="fleet-table"
              data-loaded={tableRows.length}
              style={{ width: tableWidth, minWidth: '100%', tableLayout: 'fixed', borderCollapse: 'collapse' }}
            >
              <colgroup>
                {headers.map((h) => <col key={h.id} style={{ width: COLUMN_SPECS[h.column.id as keyof typeof COLUMN_SPECS].width }} />)}
              </colgroup>
              <thead style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
                <tr aria-rowindex={1}>
                  {headers.map((h) => {
                    const spec = COLUMN_SPECS[h.column.id as keyof typeof COLUMN_SPECS];
                    const sorted = spec.sort === sortField;
                    return (
                      <th key={h.id} scope="col" aria-sort={sorted ? (sortDirection === 'asc' ? 'ascending' : 'descending') : undefined} style={{ ...cell, fontWeight: 700, textAlign: 'left', borderBottomWidth: 2 }}>
                        {h.column.id === 'select' ? (
                          typeof h.column.columnDef.header === 'function' ? h.column.columnDef.header(h.getContext()) : null
                        ) : spec.sort ? (
                          <UnstyledButton fw={700} fz="sm" onClick={() => toggleSort(spec.sort!)} aria-label={tf('fleet.sort.by', { column: tf(spec.label) })} data-testid={`fleet-sort-${h.column.id}`}>
                            {tf(spec.label)} <span aria-hidden>{sorted ? (sortDirection === 'asc' ? '▲' : '▼') : '↕'}</span>
                          </UnstyledButton>
                        ) : (
                          tf(spec.label)
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {padTop > 0 ? <tr aria-hidden style={{ height: padTop }}><td colSpan={headers.length} /></tr> : null}
                {shown.map((item) => {
                  const row = tableRows[item.index]!;
                  return (
                    <tr
                      key={row.id}
                      aria-rowindex={item.index + 2}
                      className="fleet-row"
                      data-selected={row.getIsSelected() || undefined}
                      data-testid="fleet-row"
                      onClick={() => void navigate(`/customers/${customerId}/fleet/${row.original.id}`)}
                      style={{ height: ROW_HEIGHT, cursor: 'pointer' }}
                    >
                      {row.getVisibleCells().map((c) => (
                        <td key={c.id} style={cell}>
                          {typeof c.column.columnDef.cell === 'function' ? c.column.columnDef.cell(c.getContext()) : null}
                        </td>
                      ))}
                    </tr>
                  );
                })}
                {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }}><td colSpan={headers.length} /></tr> : null}
              </tbody>
            </table>
          </Box>
          <Group justify="space-between" wrap="wrap" className="fleet-noprint">
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="fleet-count">
              {tf('fleet.table.loaded', { count: count(tableRows.length) })}
              {' · '}
              {hasNextPage ? tf('fleet.table.scrollHint') : tf('fleet.table.all')}
            </Text>
            <Group gap="xs">
              {sims.isFetching && !isFetchingNextPage ? <Loader size="xs" aria-label={i18n.t('common.loading')} /> : null}
              {hasNextPage ? (
                <Button size="xs" variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="fleet-load-more">
                  {tf('fleet.table.loadMore')}
                </Button>
              ) : null}
            </Group>
          </Group>
        </Stack>
      ) : null}
    </FleetPage>
  );
}
