import { addMonths, brusselsDate, type IsoDate } from '@mandate/domain/dates';
import { retentionCutoffDate } from '@mandate/domain/retention';
import type {
  ChargeType, InsightCoverage, InsightFigure, InsightQuery, InsightResponse,
} from '@mandate/contracts/insights';
import type { Deps } from '../../lib/deps.ts';
import { badRequest } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import {
  billingAccountsFigure, changeFigure, chargeTypesFigure, costCentresFigure, coveredAccountIds, coverageRows, appActivation, INSIGHTS_APP, type CoveringApp, latestClosedMonth, monthlyFigure,
  topSimsFigure, type FigureFilters,
} from './insights.repo.ts';

const monthOf = (date: IsoDate): IsoDate => `${date.slice(0, 7)}-01`;
const yearMonth = (month: IsoDate): string => month.slice(0, 7);

/** The months a figure covers, as asked and as retained. */
export interface FigureRange {
  /** The first month still retained (INS-2, RET-1: billing data is visible 12 months after its period ends). */
  retainedFrom: IsoDate;
  /**
   * The last closed month (INV-2: an open period has no roll-ups and is never shown as billed): the
   * latest month with a closed period, at most the one before the current Brussels month.
   */
  lastClosed: IsoDate;
  /** The first month asked, cut to the retention window. */
  from: IsoDate;
  to: IsoDate;
}

/**
 * The range of a figure request at `now`: `to` defaults to the last closed month, `from` to 11
 * months before `to` (twelve months in all). Months before the retention window are simply not
 * there (the range starts at the first retained month), never an error; `from` after `to` is.
 * `latestClosed` is the latest month whose period is closed (null: none yet).
 */
export function figureRange(now: Date, query: Pick<InsightQuery, 'from' | 'to'>, latestClosed: IsoDate | null): FigureRange {
  const previousMonth = addMonths(monthOf(brusselsDate(now)), -1);
  const lastClosed = latestClosed === null ? addMonths(monthOf(retentionCutoffDate('billing_data', now)), -1)
    : latestClosed < previousMonth ? latestClosed : previousMonth;
  // A period ending on its month's last day is retained while that day is on or after the cut-off day.
  const retainedFrom = monthOf(retentionCutoffDate('billing_data', now));
  const to = query.to ? `${query.to}-01` : lastClosed;
  const asked = query.from ? `${query.from}-01` : addMonths(to, -11);
  if (asked > to) throw badRequest('querystring.from', 'is after querystring.to (the last closed month when not given)');
  return { retainedFrom, lastClosed, from: asked < retainedFrom ? retainedFrom : asked, to };
}

/**
 * The range a figure answers for. One that lies wholly before the retention window (no month
 * closed inside it yet, or `to` asked before it) holds no month: it reads as its last month, never
 * reversed.
 */
function headOf(range: FigureRange): { from: string; to: string } {
  return { from: yearMonth(range.from > range.to ? range.to : range.from), to: yearMonth(range.to) };
}

/** The filters of a figure: its months end with the last closed one (no roll-up lies beyond it, however far `to` is asked). */
function filtersOf(customerId: string, range: FigureRange, query: InsightQuery, covered: string[]): FigureFilters {
  return {
    customerId, fromMonth: range.from, toMonth: range.to < range.lastClosed ? range.to : range.lastClosed, coveredAccountIds: covered,
    billingAccountIds: query.billingAccountId, costCentreIds: query.costCentreId, chargeTypes: query.chargeType,
  };
}

/** GET …/insights/{figure}: one figure over the range and filters, from the roll-ups only (INS-3). */
export async function getFigure(deps: Deps, principal: Principal, customerId: string, figure: InsightFigure, query: InsightQuery): Promise<InsightResponse> {
  const { db } = deps;
  const covered = (await coveredAccountIds(db, customerId).execute()).map((r) => r.id);
  const range = figureRange(deps.clock.now(), query, await latestClosedMonth(db, customerId, covered));
  const filters = filtersOf(customerId, range, query, covered);
  const { ability } = principal;
  const head = headOf(range);
  const empty = filters.fromMonth > filters.toMonth;
  switch (figure) {
    case 'monthly': {
      const rows = empty ? [] : await monthlyFigure(db, ability, filters);
      // Every month of the range up to the last closed one, a month without charges as 0 (a chart without holes).
      const byMonth = new Map(rows.map((r) => [r.month, r.amountCents]));
      const last = range.to < range.lastClosed ? range.to : range.lastClosed;
      for (let m = range.from; m <= last; m = addMonths(m, 1)) if (!byMonth.has(m)) byMonth.set(m, 0);
      return {
        figure, ...head,
        rows: [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, amountCents]) => ({ month: yearMonth(month), amountCents })),
      };
    }
    case 'charge-types': {
      const rows = empty ? [] : await chargeTypesFigure(db, ability, filters);
      return { figure, ...head, rows: rows.map((r) => ({ chargeType: r.chargeType as ChargeType, amountCents: r.amountCents })) };
    }
    case 'billing-accounts': {
      const rows = empty ? [] : await billingAccountsFigure(db, ability, filters);
      return { figure, ...head, rows: rows.map((r) => ({ billingAccountId: r.billingAccountId, number: r.number, name: r.name, amountCents: r.amountCents })) };
    }
    case 'cost-centres': {
      const rows = empty ? [] : await costCentresFigure(db, ability, filters);
      return { figure, ...head, rows: rows.map((r) => ({ costCentreId: r.costCentreId, code: r.code, name: r.name, amountCents: r.amountCents })) };
    }
    case 'top-sims': {
      const rows = empty ? [] : await topSimsFigure(db, ability, filters);
      return { figure, ...head, rows: rows.map((r) => ({ simId: r.simId, msisdn: r.msisdn, amountCents: r.amountCents })) };
    }
    case 'change':
      return changeOf(deps, principal, range, filters);
  }
}

/**
 * The month-on-month change: the last month of the range (at most the last closed one) against
 * the month before it, as long as that one is still retained; what drove it by charge type, cost
 * centre and SIM.
 */
async function changeOf(deps: Deps, principal: Principal, range: FigureRange, figureFilters: FigureFilters): Promise<InsightResponse> {
  const month = range.to < range.lastClosed ? range.to : range.lastClosed;
  const head = { figure: 'change' as const, ...headOf(range) };
  // No closed month in the range asked (it lies before the window, or after the last closed month): no change to show.
  if (month < range.retainedFrom || month < range.from) {
    return { ...head, month: null, previousMonth: null, currentCents: 0, previousCents: 0, deltaCents: 0, rows: [] };
  }
  const before = addMonths(month, -1);
  const previousMonth = before >= range.retainedFrom ? before : null;
  const filters = { ...figureFilters, fromMonth: previousMonth ?? month, toMonth: month };
  const rows = await changeFigure(deps.db, principal.ability, filters);
  const total = rows.find((r) => r.dimension === 'total');
  const currentCents = total?.currentCents ?? 0;
  const previousCents = total?.previousCents ?? 0;
  return {
    ...head, month: yearMonth(month), previousMonth: previousMonth && yearMonth(previousMonth), currentCents, previousCents, deltaCents: currentCents - previousCents,
    rows: rows.filter((r) => r.dimension !== 'total').map((r) => ({
      dimension: r.dimension as Exclude<typeof r.dimension, 'total'>, key: r.key, label: r.label,
      currentCents: r.currentCents, previousCents: r.previousCents, deltaCents: r.currentCents - r.previousCents,
    })),
  };
}

/**
 * GET …/insights/coverage (INS-1) and GET …/fleet/coverage (PFM-2): which of the billing accounts
 * the user may read the app covers, and the access requests of the others.
 */
export async function getCoverage(deps: Deps, principal: Principal, customerId: string, app: CoveringApp = INSIGHTS_APP): Promise<InsightCoverage> {
  const [activatedAt, rows] = await Promise.all([appActivation(deps.db, customerId, app), coverageRows(deps.db, principal.ability, customerId, app)]);
  return {
    activatedAt: activatedAt ? activatedAt.toISOString() : null,
    billingAccounts: rows.map((r) => ({
      id: r.id, number: r.number, name: r.name, covered: Boolean(r.covered),
      request: r.requestId ? { id: r.requestId, status: r.requestStatus as 'pending' | 'approved' | 'refused' } : null,
    })),
  };
}
