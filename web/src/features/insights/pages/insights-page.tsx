import { useEffect, useMemo } from 'react';
import { Button, Group, SimpleGrid, Text } from '@mantine/core';
import '@mantine/charts/styles.css';
import { Page } from '../../../components/page-header.tsx';
import { CustomerNotFound, NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useFigure, useSavedViews, type InsightsFilters } from '../api/insights-api.ts';
import { CoverageNotice } from '../components/coverage-notice.tsx';
import { BillingAccountsFigure, ChangeFigureCard, ChargeTypesFigure, CostCentresFigure, MonthlyFigure, TopSimsFigure } from '../components/figures.tsx';
import { InsightsFiltersBar, PrintedFilters, type Option } from '../components/insights-filters.tsx';
import { SavedViews } from '../components/saved-views.tsx';
import { filtersToUrl, stateOf, urlOfState, useInsightsUrl, type ChangeBy } from '../filters.ts';
import { useInsightsI18n } from '../i18n/index.ts';
import '../insights.css';

const NO_FILTERS: InsightsFilters = { from: null, to: null, billingAccountIds: [], costCentreIds: [], chargeTypes: [] };

/** The months from `from` to `to` (YYYY-MM), both included. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let key = from; key <= to && months.length < 24; ) {
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    key = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

/** /customers/:customerId/insights: the Invoice Insights app must be usable here (an Access Manager's is not: ROLE-3). */
export function InsightsRoute() {
  const { customer, apps } = useCustomerContext();
  if (!customer) return <CustomerNotFound />;
  if (!apps.includes('insights')) return <NotAvailable />;
  return <InsightsPage key={customer.id} customerId={customer.id} customerName={customer.name} />;
}

/**
 * Invoice Insights (INS-3): what the customer spends per month, charge type, billing account, cost
 * centre and SIM, and what changed since the month before, from the monthly roll-ups. The filters
 * and the chosen saved view live in the URL; the print stylesheet (insights.css) keeps the figures only.
 */
export function InsightsPage({ customerId, customerName }: { customerId: string; customerName: string }) {
  const i = useInsightsI18n();
  const { ti } = i;
  const { filters, changeBy, viewId, set } = useInsightsUrl();

  // The window (the closed months the figures may cover) and the filters' choices, from the figures themselves.
  const windowFigure = useFigure(customerId, 'monthly', NO_FILTERS);
  const period = useMemo<InsightsFilters>(() => ({ ...NO_FILTERS, from: filters.from, to: filters.to }), [filters.from, filters.to]);
  const accounts = useFigure(customerId, 'billing-accounts', period);
  const centres = useFigure(customerId, 'cost-centres', period);
  const months = useMemo(() => (windowFigure.data ? monthsBetween(windowFigure.data.from, windowFigure.data.to) : []), [windowFigure.data]);
  const accountOptions = useMemo<Option[]>(
    () => (accounts.data?.rows ?? []).map((r) => ({ value: r.billingAccountId, label: r.name ? `${r.number} · ${r.name}` : r.number })),
    [accounts.data],
  );
  const centreOptions = useMemo<Option[]>(
    () => (centres.data?.rows ?? []).flatMap((r) => (r.costCentreId ? [{ value: r.costCentreId, label: r.name ?? r.code ?? r.costCentreId }] : [])),
    [centres.data],
  );

  const views = useSavedViews(customerId);
  const view = views.data?.items.find((v) => v.id === viewId);
  const viewName = view?.name ?? null;
  // The URL names the view and its filters; a link naming only the view (a bookmark, a shared
  // address) gets the view's filters once the views are loaded.
  useEffect(() => {
    if (!view) return;
    const wanted = urlOfState(view.state);
    const shown = { ...filtersToUrl(filters), changeBy };
    if ((Object.keys(wanted) as Array<keyof typeof wanted>).some((key) => wanted[key] !== shown[key])) set({ ...wanted, view: view.id });
  }, [view, filters, changeBy, set]);

  // Changing a filter or the breakdown leaves the saved view (its name would no longer say what is shown).
  const setFilters = (next: InsightsFilters) => set({ ...filtersToUrl(next), view: null });
  const setChangeBy = (next: ChangeBy) => set({ changeBy: next, view: null });

  return (
    <div className="insights-page">
      <Page
        title={ti('insights.title')}
        subtitle={ti('insights.subtitle', { customer: customerName })}
        customerName={customerName}
        testId="insights"
        actions={
          <Group gap="sm" className="insights-noprint" wrap="wrap">
            <SavedViews
              customerId={customerId}
              viewId={viewId}
              state={stateOf(filters, changeBy)}
              onPick={(view) => set({ ...urlOfState(view.state), view: view.id })}
              onSaved={(view) => set({ view: view.id })}
              onDeleted={() => set({ view: null })}
            />
            <Button variant="light" onClick={() => window.print()} data-testid="insights-print">
              {ti('insights.print')}
            </Button>
          </Group>
        }
      >
        <CoverageNotice customerId={customerId} />
        <InsightsFiltersBar filters={filters} months={months} billingAccounts={accountOptions} costCentres={centreOptions} onChange={setFilters} />
        <PrintedFilters filters={filters} months={months} billingAccounts={accountOptions} costCentres={centreOptions} viewName={viewName} />
        <Text size="sm" c="dimmed" data-testid="insights-caveat">{ti('insights.caveat')}</Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" className="insights-grid">
          <MonthlyFigure customerId={customerId} filters={filters} />
          <ChangeFigureCard customerId={customerId} filters={filters} dimension={changeBy} onDimension={setChangeBy} />
          <ChargeTypesFigure customerId={customerId} filters={filters} />
          <BillingAccountsFigure customerId={customerId} filters={filters} />
          <CostCentresFigure customerId={customerId} filters={filters} />
          <TopSimsFigure customerId={customerId} filters={filters} />
        </SimpleGrid>
      </Page>
    </div>
  );
}
