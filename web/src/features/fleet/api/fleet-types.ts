/**
 * The shapes of the fleet API the screens use: the read side from packages/contracts sims and
 * catalogue, the orders, self-service, bulk changes and what-if from contracts sim-orders, the
 * bill-shock alerts from contracts bill-shock (the fetch functions are typed by hand on these
 * contract types, the same the server validates with).
 */
export type {
  SimDetail, SimHistoryItem, SimHistoryResponse, SimListItem, SimListQuery, SimListResponse, SimSort, SimStatus, SimUsage, SimUsageBand,
} from '@mandate/contracts/sims';
export { SIM_SORTS, SIM_STATUSES, SIM_USAGE_BANDS } from '@mandate/contracts/sims';
export { FLEET_OPTIONAL_COLUMNS } from '@mandate/contracts/fleet-views';
export type { TariffOption, TariffOptionListResponse, TariffPlan, TariffPlanListResponse } from '@mandate/contracts/catalogue';
export type {
  BulkChange, BulkChangeBody, BulkChangeItemResponse, SelfServiceRights, SelfServiceRightsBody, SimChange, SimOrder, SimOrderBody,
  SimOrderKind, SimOrderListResponse, SimOrderStatus, TerminationQuote, WhatIfResult, OrderEffective,
} from '@mandate/contracts/sim-orders';
export { isCancellable } from '@mandate/contracts/sim-orders';
export type { ScopeOptionsResponse } from '@mandate/contracts/grants';
export type { BillShockAlert, BillShockAlertListResponse, BillShockMetric, CreateBillShockAlertBody } from '@mandate/contracts/bill-shock';
export { BILL_SHOCK_METRICS, CreateBillShockAlertBody as CreateBillShockAlertSchema } from '@mandate/contracts/bill-shock';

/** The most SIMs one what-if compares (WhatIfBody's maxItems). */
export const WHAT_IF_MAX = 5000;
