import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Button, Checkbox, Group, Loader, Paper, Popover, Select, Skeleton, Stack, Text, TextInput, type ComboboxItem } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';
import type { FleetViewState } from '@mandate/contracts/fleet-views';
import { ErrorState } from '../../../components/error-state.tsx';
import { customerPath } from '../../../lib/api-client.ts';
import { oneOf, useUrlState } from '../../../lib/url-state.ts';
import { ExportPanel } from '../../invoices/components/export-panel.tsx';
import { toQuery, useFleetSims, useScopeOptions, useTariffOptions, useTariffPlans, type SimListFilter } from '../api/fleet-api.ts';
import { SIM_SORTS, SIM_STATUSES, SIM_USAGE_BANDS, type BulkChange, type SimListItem, type SimStatus, type SimUsageBand, type TariffOption, type TariffPlan } from '../api/fleet-types.ts';
import { FleetBillShockAlerts } from '../components/bill-shock.tsx';
import { BulkBar, BulkProgress } from '../components/fleet-bulk.tsx';
import { FleetGuard, FleetPage } from '../components/fleet-shell.tsx';
import { DEFAULT_COLUMNS, FLEET_COLUMNS, FleetTable, OPTIONAL_COLUMNS, type FleetColumn, type OptionalColumn, type SelectAllState } from '../components/fleet-table.tsx';
import { FleetViews } from '../components/fleet-views.tsx';
import { useCoverage } from '../../insights/api/insights-api.ts';
import { CoverageNotice } from '../../insights/components/coverage-notice.tsx';
import type { FleetAccess } from '../fleet-access.ts';
import { fromFleetList } from '../fleet-return.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import '../fleet.css';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { FleetProblemAlert } from '../components/fleet-problem.tsx';

const FILTERS = { q: '', status: '', plan: '', option: '', cc: '', ba: '', band: '', sort: 'msisdn:asc', cols: DEFAULT_COLUMNS.join(','), view: '' } as const;
type FilterKey = keyof typeof FILTERS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOTHING_SELECTED: ReadonlySet<string> = new Set();
const NO_ROWS: readonly SimListItem[] = [];

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
              <Checkbox key={c} value={c} label={tf(FLEET_COLUMNS[c].label)} data-testid={`fleet-column-${c}`} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}

interface FiltersProps {
  q: string;
  status: SimStatus | null;
  plan: string | null;
  option: string | null;
  cc: string | null;
  ba: string | null;
  band: SimUsageBand | null;
  /** Any filter in the URL, even one the page cannot read: the reset button clears it. */
  filtered: boolean;
  plans: readonly TariffPlan[] | undefined;
  options: readonly TariffOption[] | undefined;
  costCentres: readonly ComboboxItem[];
  accounts: readonly ComboboxItem[];
  onChange: (patch: Partial<Record<FilterKey, string | null>>) => void;
}

interface FilterSelectProps {
  field: FilterKey;
  label: string;
  /** The placeholder: any value. */
  any: string;
  width: number;
  testId: string;
  searchable?: boolean;
  data: readonly ComboboxItem[];
  value: string | null;
  onChange: FiltersProps['onChange'];
}

/** One filter of the table: a clearable picker whose choice goes into the URL under `field`. */
function FilterSelect({ field, label, any, width, testId, searchable = false, data, value, onChange }: FilterSelectProps) {
  return (
    <Select
      label={label}
      placeholder={any}
      data={data}
      value={value}
      onChange={(next) => onChange({ [field]: next })}
      clearable
      searchable={searchable}
      w={{ base: '100%', sm: width }}
      data-testid={testId}
    />
  );
}

/** The filters. Memoised: a new page of SIMs or a scroll of the table leaves the pickers alone. */
const FleetFilters = memo(function FleetFilters({ q, status, plan, option, cc, ba, band, filtered, plans, options, costCentres, accounts, onChange }: FiltersProps) {
  const { tf } = useFleetI18n();
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="group" aria-label={tf('fleet.filter.label')}>
      <SearchBox value={q} onCommit={(value) => onChange({ q: value })} />
      <FilterSelect field="status" label={tf('fleet.filter.status')} any={tf('fleet.filter.any')} width={200} testId="fleet-filter-status"
        data={SIM_STATUSES.map((s) => ({ value: s, label: tf(`fleet.status.${s}`) }))} value={status} onChange={onChange} />
      <FilterSelect field="plan" label={tf('fleet.filter.plan')} any={tf('fleet.filter.any')} width={220} testId="fleet-filter-plan" searchable
        data={(plans ?? []).map((p) => ({ value: p.id, label: p.name }))} value={plan} onChange={onChange} />
      <FilterSelect field="option" label={tf('fleet.filter.option')} any={tf('fleet.filter.any')} width={200} testId="fleet-filter-option" searchable
        data={(options ?? []).map((o) => ({ value: o.id, label: o.name }))} value={option} onChange={onChange} />
      <FilterSelect field="cc" label={tf('fleet.filter.costCentre')} any={tf('fleet.filter.any')} width={180} testId="fleet-filter-cost-centre" searchable
        data={costCentres} value={cc} onChange={onChange} />
      <FilterSelect field="ba" label={tf('fleet.filter.billingAccount')} any={tf('fleet.filter.any')} width={200} testId="fleet-filter-billing-account" searchable
        data={accounts} value={ba} onChange={onChange} />
      <FilterSelect field="band" label={tf('fleet.filter.usageBand')} any={tf('fleet.filter.any')} width={180} testId="fleet-filter-usage-band"
        data={SIM_USAGE_BANDS.map((b) => ({ value: b, label: tf(`fleet.band.${b}`) }))} value={band} onChange={onChange} />
      {filtered ? (
        <Button variant="subtle" onClick={() => onChange({ q: null, status: null, plan: null, option: null, cc: null, ba: null, band: null })} data-testid="fleet-filter-reset">
          {tf('fleet.filter.reset')}
        </Button>
      ) : null}
    </Group>
  );
});

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
  const { apps } = useCustomerContext();
  const { tf, tn } = i18n;
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
  const visible = useMemo(() => filters.cols.split(',').filter((c): c is OptionalColumn => (OPTIONAL_COLUMNS as readonly string[]).includes(c)), [filters.cols]);
  const columns = useMemo<FleetColumn[]>(() => [...(access.update ? ['select' as const] : []), 'msisdn', ...visible], [access.update, visible]);

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
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({ key: filterKey, ids: NOTHING_SELECTED });
  const selected = selection.key === filterKey ? selection.ids : NOTHING_SELECTED;
  const selectedIds = useMemo(() => [...selected], [selected]);
  const toggleRow = useCallback((simId: string, on: boolean) => {
    setSelection((current) => {
      const ids = new Set(current.key === filterKey ? current.ids : []);
      if (on) ids.add(simId);
      else ids.delete(simId);
      return { key: filterKey, ids };
    });
  }, [filterKey]);
  const selectAllLoaded = useCallback((on: boolean) => {
    setSelection({ key: filterKey, ids: on ? new Set(rows.map((sim) => sim.id)) : NOTHING_SELECTED });
  }, [filterKey, rows]);
  const clearSelection = useCallback(() => setSelection({ key: filterKey, ids: NOTHING_SELECTED }), [filterKey]);
  const allSelected = useMemo(() => selected.size > 0 && rows.length > 0 && rows.every((sim) => selected.has(sim.id)), [rows, selected]);
  const selectAll = useMemo<SelectAllState | null>(() => (access.update ? {
    checked: allSelected,
    // Some rows only, or all loaded while more match the filters.
    indeterminate: (selected.size > 0 && !allSelected) || (hasNextPage && allSelected),
    onChange: selectAllLoaded,
  } : null), [access.update, allSelected, selected, hasNextPage, selectAllLoaded]);
  const [bulk, setBulk] = useState<BulkChange | null>(null);
  const [alertsOpen, setAlertsOpen] = useState(false);

  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  // The SIM's page goes back to the list with the filters its address has now.
  const { search } = useLocation();
  const openSim = useCallback((simId: string) => void navigate(`/customers/${customerId}/fleet/${simId}`, { state: fromFleetList(search) }), [navigate, customerId, search]);
  // A new sort draws the table anew (it starts at the top); focus goes back to the header clicked.
  const sortToFocus = useRef<string | null>(null);
  const takeSortFocus = useCallback(() => {
    const field = sortToFocus.current;
    sortToFocus.current = null;
    return field;
  }, []);
  const toggleSort = useCallback((field: string) => {
    sortToFocus.current = field;
    const [sortField, sortDirection] = sort.split(':');
    const next = `${field}:${sortField === field && sortDirection === 'asc' ? 'desc' : 'asc'}`;
    setFilters({ sort: oneOf(next, SIM_SORTS) ?? 'msisdn:asc', view: null });
  }, [sort, setFilters]);
  const setFilter = useCallback((patch: Partial<Record<FilterKey, string | null>>) => setFilters({ ...patch, view: null }), [setFilters]);

  // The cost centre picker offers the scope's cost centres; without the scope list, those of the loaded
  // SIMs (only then do they change as pages load).
  const pickerRows = scope.data ? NO_ROWS : rows;
  const costCentres = useMemo(() => {
    const seen = new Map<string, string>((scope.data?.costCentres ?? []).map((c) => [c.id, `${c.code} · ${c.name}`]));
    for (const sim of pickerRows) if (sim.costCentreId && sim.costCentreName) seen.set(sim.costCentreId, sim.costCentreName);
    if (cc && !seen.has(cc)) seen.set(cc, cc);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [scope.data, pickerRows, cc]);
  // The billing account picker offers Fleet Manager's accounts as its coverage lists them for this user: the
  // mobile accounts he may read or that hold a SIM he may see. The scope options cannot: a right scoped to cost
  // centres lists no billing account there, though its SIMs lie on some. Without the coverage, the loaded SIMs' accounts.
  const coverage = useCoverage(customerId, 'fleet-manager');
  const accountRows = coverage.data ? NO_ROWS : rows;
  const accounts = useMemo(() => {
    const seen = new Map<string, string>((coverage.data?.billingAccounts ?? []).map((a) => [a.id, a.name ? `${a.number} · ${a.name}` : a.number]));
    for (const sim of accountRows) seen.set(sim.billingAccountId, sim.billingAccountNumber);
    if (ba && !seen.has(ba)) seen.set(ba, ba);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [coverage.data, accountRows, ba]);

  const { sort: _sort, ...exportFilter } = filter;
  // What a saved view keeps: the values the page reads from the URL, so a hand-edited URL saves what is shown.
  const viewState: FleetViewState = {
    q, status: status ?? '', plan: plan ?? '', option: option ?? '', cc: cc ?? '', ba: ba ?? '', band: band ?? '', sort, cols: visible.join(','),
  };

  return (
    <FleetPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      tabs
      // Without Fleet Manager the same list is mobile-number management's (MOB-1): named as the app it was opened from.
      title={apps.includes('fleet-manager') ? tf('fleet.title') : i18n.t('app.mobile')}
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
      <CoverageNotice customerId={customerId} app="fleet-manager" />
      {access.update && alertsOpen ? (
        <Box className="fleet-noprint">
          <FleetBillShockAlerts customerId={customerId} costCentres={costCentres} />
        </Box>
      ) : null}
      <Stack gap="sm" className="fleet-noprint">
        <FleetFilters
          q={q}
          status={status}
          plan={plan}
          option={option}
          cc={cc}
          ba={ba}
          band={band}
          filtered={[filters.q, filters.status, filters.plan, filters.option, filters.cc, filters.ba, filters.band].some((v) => v !== '')}
          plans={plans.data?.items}
          options={options.data?.items}
          costCentres={costCentres}
          accounts={accounts}
          onChange={setFilter}
        />
        <Group gap="sm" justify="flex-end">
          <FleetViews
            customerId={customerId}
            current={filters.view}
            state={viewState}
            onPick={(view) => setFilters({ ...Object.fromEntries(Object.keys(FILTERS).map((k) => [k, null])), ...view.state, view: view.name })}
            onSaved={(view) => setFilters({ view: view.name })}
            onRenamed={(view) => setFilters({ view: view.name })}
            onDeleted={() => setFilters({ view: null })}
          />
          <ColumnChooser visible={visible} onChange={(cols) => setFilters({ cols: cols.join(','), view: null })} />
        </Group>
        {scope.error ? <FleetProblemAlert error={scope.error} onRetry={() => void scope.refetch()} /> : null}
      </Stack>

      {access.update && selectedIds.length > 0 ? (
        <BulkBar
          customerId={customerId}
          simIds={selectedIds}
          rows={rows}
          moreMatch={hasNextPage}
          allLoaded={rows.length}
          onSelectAllLoaded={() => selectAllLoaded(true)}
          onClear={clearSelection}
          onStarted={(started) => {
            clearSelection();
            setBulk(started);
          }}
        />
      ) : null}
      {bulk ? <BulkProgress key={bulk.id} customerId={customerId} started={bulk} onClose={() => setBulk(null)} /> : null}

      {sims.error ? <ErrorState error={sims.error} inline onRetry={() => void sims.refetch()} /> : null}

      {sims.isPending ? (
        <Stack gap={4} data-testid="fleet-skeleton">
          {Array.from({ length: 8 }, (_, i) => <Skeleton key={i} height={32} />)}
        </Stack>
      ) : rows.length === 0 && !sims.error ? (
        <Paper withBorder p="lg">
          <Text c="dimmed" ta="center" data-testid="fleet-empty">{tf('fleet.table.empty')}</Text>
        </Paper>
      ) : rows.length > 0 ? (
        <Stack gap="xs">
          <FleetTable
            key={filterKey}
            customerId={customerId}
            label={tf('fleet.table.label', { customer: customerName })}
            rows={rows}
            columns={columns}
            sort={sort}
            onSort={toggleSort}
            takeSortFocus={takeSortFocus}
            selected={selected}
            selectAll={selectAll}
            onToggle={toggleRow}
            onOpen={openSim}
            onNearEnd={loadMore}
            i18n={i18n}
          />
          <Group justify="space-between" wrap="wrap" className="fleet-noprint">
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="fleet-count">
              {tn('fleet.table.loaded', rows.length)}
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
