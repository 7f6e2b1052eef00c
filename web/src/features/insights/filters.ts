import { useMemo } from 'react';
import { oneOf, useUrlState } from '../../lib/url-state.ts';
import { CHARGE_TYPES, type ChargeType, type InsightsFilters, type ViewState } from './api/insights-api.ts';

/**
 * The filters and the chosen saved view in the URL: a reload, a shared link or a saved view opens
 * the same figures. Lists are comma-separated (`billingAccountId=a,b`); a value a hand-edited URL
 * could carry that the API would refuse is left out.
 */
export const URL_DEFAULTS = { from: '', to: '', billingAccountId: '', costCentreId: '', chargeType: '', changeBy: 'chargeType', view: '' } as const;
type UrlKey = keyof typeof URL_DEFAULTS;
type FilterKey = Exclude<UrlKey, 'view' | 'changeBy'>;

/** How the month-on-month change is broken down. */
export type ChangeBy = NonNullable<ViewState['changeBy']>;
export const CHANGE_BY: readonly ChangeBy[] = ['chargeType', 'costCentre', 'sim'];
const changeByOf = (value: string): ChangeBy => oneOf(value, CHANGE_BY) ?? 'chargeType';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = (value: string) => [...new Set(value.split(',').filter(Boolean))];
const isChargeType = (value: string): value is ChargeType => (CHARGE_TYPES as readonly string[]).includes(value);

export function filtersOf(values: Record<FilterKey, string>): InsightsFilters {
  const from = MONTH.test(values.from) ? values.from : null;
  const to = MONTH.test(values.to) ? values.to : null;
  // A hand-edited link may name the period backwards: it means the same months.
  const reversed = from !== null && to !== null && from > to;
  return {
    from: reversed ? to : from,
    to: reversed ? from : to,
    billingAccountIds: list(values.billingAccountId).filter((id) => UUID.test(id)).sort(),
    costCentreIds: list(values.costCentreId).filter((id) => UUID.test(id)).sort(),
    chargeTypes: list(values.chargeType).filter(isChargeType).sort(),
  };
}

/** A saved view's state as URL values (everything it does not name is cleared). */
export function urlOfState(state: ViewState): Record<Exclude<UrlKey, 'view'>, string> {
  const filters = filtersToUrl(filtersOf({
    from: state.from ?? '',
    to: state.to ?? '',
    billingAccountId: (state.billingAccountIds ?? []).join(','),
    costCentreId: (state.costCentreIds ?? []).join(','),
    chargeType: (state.chargeTypes ?? []).join(','),
  }));
  return { ...filters, changeBy: state.changeBy ?? 'chargeType' };
}

export function filtersToUrl(filters: InsightsFilters): Record<FilterKey, string> {
  return {
    from: filters.from ?? '',
    to: filters.to ?? '',
    billingAccountId: filters.billingAccountIds.join(','),
    costCentreId: filters.costCentreIds.join(','),
    chargeType: filters.chargeTypes.join(','),
  };
}

/** What a saved view keeps: the filters and the change's breakdown (the page shows every figure, so the figure it names is the first). */
export function stateOf(filters: InsightsFilters, changeBy: ChangeBy): ViewState {
  return {
    figure: 'monthly',
    changeBy,
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    billingAccountIds: filters.billingAccountIds,
    costCentreIds: filters.costCentreIds,
    chargeTypes: filters.chargeTypes,
  };
}

export function useInsightsUrl() {
  const [values, set] = useUrlState(URL_DEFAULTS);
  const filters = useMemo(() => filtersOf(values), [values]);
  return { filters, changeBy: changeByOf(values.changeBy), viewId: UUID.test(values.view) ? values.view : null, set };
}
