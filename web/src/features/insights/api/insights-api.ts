import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, customerPath } from '../../../lib/api-client.ts';
import { useChange } from '../../../lib/mutation.ts';
import type {
  BillingAccountsFigure, ChangeFigure, ChargeType, ChargeTypesFigure, CostCentresFigure, InsightCoverage, InsightFigure, InsightView, InsightViewBody, InsightViewPatch,
  InsightViewList, InsightViewState, MonthlyFigure, TopSimsFigure,
} from '@mandate/contracts/insights';

export { CHARGE_TYPES, INSIGHT_FIGURES as FIGURES, type ChargeType, type ChangeDriver, type ChangeFigure } from '@mandate/contracts/insights';
export type Figure = InsightFigure;

/** The filters of every figure (INS-3); the period in months (YYYY-MM), null for the server's default window. */
export interface InsightsFilters {
  from: string | null;
  to: string | null;
  billingAccountIds: string[];
  costCentreIds: string[];
  chargeTypes: ChargeType[];
}

interface FigureAnswers {
  monthly: MonthlyFigure;
  'charge-types': ChargeTypesFigure;
  'billing-accounts': BillingAccountsFigure;
  'cost-centres': CostCentresFigure;
  'top-sims': TopSimsFigure;
  change: ChangeFigure;
}
export type FigureAnswer<F extends Figure> = FigureAnswers[F];
export type BillingAccountRow = BillingAccountsFigure['rows'][number];
export type CostCentreRow = CostCentresFigure['rows'][number];
export type CoverageAccount = InsightCoverage['billingAccounts'][number];
export type ViewState = InsightViewState;
export type SavedView = InsightView;

/** The query keys of Invoice Insights: a saved view or an access request refetches what is under views() or coverage(). */
export const insightsKeys = {
  all: (customerId: string) => ['customers', customerId, 'insights'] as const,
  figure: (customerId: string, figure: Figure, filters: InsightsFilters) => [...insightsKeys.all(customerId), 'figure', figure, filters] as const,
  coverage: (customerId: string) => [...insightsKeys.all(customerId), 'coverage'] as const,
  views: (customerId: string) => [...insightsKeys.all(customerId), 'views'] as const,
};

/** ?from&to&billingAccountId=…&billingAccountId=…: the filters as the API takes them, repeatable ones repeated. */
export function figureSearch(filters: InsightsFilters): string {
  const params = new URLSearchParams();
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  for (const id of filters.billingAccountIds) params.append('billingAccountId', id);
  for (const id of filters.costCentreIds) params.append('costCentreId', id);
  for (const type of filters.chargeTypes) params.append('chargeType', type);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** GET …/insights/{figure}: one figure from the monthly roll-ups, for the filters. */
export function useFigure<F extends Figure>(customerId: string, figure: F, filters: InsightsFilters, enabled = true) {
  return useQuery({
    queryKey: insightsKeys.figure(customerId, figure, filters),
    queryFn: ({ signal }) => apiRequest<FigureAnswer<F>>(`${customerPath(customerId, 'insights', figure)}${figureSearch(filters)}`, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled,
  });
}

/** The apps that cover only some billing accounts (INS-1, PFM-2), and where each says which. */
export type CoveringApp = 'insights' | 'fleet-manager';
const COVERAGE_PATHS: Record<CoveringApp, readonly string[]> = { insights: ['insights', 'coverage'], 'fleet-manager': ['fleet-manager', 'coverage'] };
const coverageKey = (customerId: string, app: CoveringApp) =>
  (app === 'insights' ? insightsKeys.coverage(customerId) : ['customers', customerId, 'fleet-manager', 'coverage'] as const);

/** GET …/insights/coverage or …/fleet-manager/coverage: the billing accounts the app covers and those that need an access request. */
export function useCoverage(customerId: string, app: CoveringApp = 'insights') {
  return useQuery({
    queryKey: coverageKey(customerId, app),
    queryFn: ({ signal }) => apiRequest<InsightCoverage>(customerPath(customerId, ...COVERAGE_PATHS[app]), { signal }),
  });
}

/** GET …/insights/views: the signed-in user's own saved views. */
export function useSavedViews(customerId: string) {
  return useQuery({
    queryKey: insightsKeys.views(customerId),
    queryFn: ({ signal }) => apiRequest<InsightViewList>(customerPath(customerId, 'insights', 'views'), { signal }),
  });
}

/** POST …/insights/views {name, state}: 409 when he already has a view of that name. */
export function useSaveView(customerId: string) {
  return useChange(
    (body: InsightViewBody) => apiRequest<InsightView>(customerPath(customerId, 'insights', 'views'), { method: 'POST', body }),
    [insightsKeys.views(customerId)],
  );
}

/** PATCH …/insights/views/{viewId}: a new name, or the filters as they are now. */
export function useUpdateView(customerId: string) {
  return useChange(
    ({ id, body }: { id: string; body: InsightViewPatch }) => apiRequest<InsightView>(customerPath(customerId, 'insights', 'views', id), { method: 'PATCH', body }),
    [insightsKeys.views(customerId)],
  );
}

/** DELETE …/insights/views/{viewId}. */
export function useDeleteView(customerId: string) {
  return useChange(
    (viewId: string) => apiRequest<undefined>(customerPath(customerId, 'insights', 'views', viewId), { method: 'DELETE' }),
    [insightsKeys.views(customerId)],
  );
}

/** POST …/access-requests {app, billingAccountId}: operator staff then approve or refuse (INS-1, PFM-2). */
export function useRequestAccess(customerId: string, app: CoveringApp = 'insights') {
  return useChange(
    (billingAccountId: string) => apiRequest<unknown>(customerPath(customerId, 'access-requests'), { method: 'POST', body: { app, billingAccountId } }),
    [coverageKey(customerId, app)],
  );
}
