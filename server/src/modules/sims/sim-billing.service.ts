import { CHARGE_TYPES, type CallDetailItem, type UsageType } from '@mandate/contracts/usage';
import type { SimBillingMonth, SimBillingResponse, SimCallDetailPage, SimCallDetailQuery } from '@mandate/contracts/sim-billing';
import { brusselsEndOfDay, brusselsStartOfDay, isIsoDate, type IsoDate } from '@mandate/domain/dates';
import { availableUntil, retentionCutoffDate, retentionStart } from '@mandate/domain/retention';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, keyset, queryFingerprint, toPage } from '../../lib/paging.ts';
import { badRequest } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import { retentionWindow } from '../invoices/retention-window.ts';
import { visibleSim } from './sims.service.ts';
import type { CallDetailRow } from '../usage/usage.repo.ts';
import { pageSimCallDetails, simChargesByMonth } from './sim-billing.repo.ts';

const chargeOrder = (type: string): number => {
  const index = (CHARGE_TYPES as readonly string[]).indexOf(type);
  return index === -1 ? CHARGE_TYPES.length : index;
};

/**
 * GET …/sims/{simId}/billing (PFM-3): the SIM's billed charges per month and charge type over the
 * 12-month window (RET-1), from the roll-ups of closed periods only (INV-2), newest month first.
 * The rows are filtered in SQL by the caller's Usage rules: a fleet manager sees the months the SIM
 * was billed within his scope, a Service User his own line (ROLE-5).
 */
export async function getSimBilling(deps: Deps, principal: Principal, customerId: string, simId: string): Promise<SimBillingResponse> {
  const now = deps.clock.now();
  await visibleSim(deps, principal, customerId, simId);
  const { billingCutoff } = retentionWindow(now);
  const rows = await simChargesByMonth(deps.db, principal.ability, customerId, simId, billingCutoff);

  const months = new Map<IsoDate, { periodStart: IsoDate; periodEnd: IsoDate; charges: Array<{ chargeType: string; amountCents: number }> }>();
  for (const row of rows) {
    let month = months.get(row.month);
    if (!month) months.set(row.month, (month = { periodStart: row.periodStart, periodEnd: row.periodEnd, charges: [] }));
    if (row.periodStart < month.periodStart) month.periodStart = row.periodStart;
    if (row.periodEnd > month.periodEnd) month.periodEnd = row.periodEnd;
    month.charges.push({ chargeType: row.chargeType, amountCents: Number(row.amountCents) });
  }
  const items = [...months].map(([month, m]): SimBillingMonth => {
    const byChargeType = m.charges
      .sort((a, b) => chargeOrder(a.chargeType) - chargeOrder(b.chargeType))
      .map((c) => ({ chargeType: c.chargeType as SimBillingMonth['byChargeType'][number]['chargeType'], amountCents: c.amountCents }));
    return {
      month: month.slice(0, 7),
      periodStart: m.periodStart,
      periodEnd: m.periodEnd,
      totalCents: byChargeType.reduce((sum, c) => sum + c.amountCents, 0),
      byChargeType,
      availableUntil: availableUntil('billing_data', m.periodEnd).toISOString(),
    };
  });
  return { items, nextCursor: null };
}

/**
 * The filters as SQL bounds, with RET-1: nothing that started before 00:00 Brussels of the day
 * 6 months ago, whatever day `from` names.
 */
function callDetailBounds(query: Pick<SimCallDetailQuery, 'from' | 'to'>, now: Date): { startsFrom: Date; startsBefore: Date | undefined; oldestDay: IsoDate } {
  const { from, to } = query;
  if (from !== undefined && !isIsoDate(from)) throw badRequest('querystring.from', 'must be a date as YYYY-MM-DD');
  if (to !== undefined && !isIsoDate(to)) throw badRequest('querystring.to', 'must be a date as YYYY-MM-DD');
  if (from !== undefined && to !== undefined && from > to) throw badRequest('querystring.to', 'must be on or after querystring.from');
  const cutoff = retentionCutoffDate('call_details', now);
  const oldestDay = from !== undefined && from > cutoff ? from : cutoff;
  const startsFrom = oldestDay === cutoff ? retentionStart('call_details', now) : brusselsStartOfDay(oldestDay);
  return { startsFrom, startsBefore: to === undefined ? undefined : brusselsEndOfDay(to), oldestDay };
}

const toItem = (r: CallDetailRow): CallDetailItem => ({
  id: Number(r.id), startedAt: new Date(r.keyAt).toISOString(), simId: r.simId, msisdn: r.msisdn, type: r.type as UsageType, destination: r.destination,
  durationS: r.durationS, volumeKb: r.volumeKb === null ? null : Number(r.volumeKb), standardPriceCents: r.standardPriceCents, billedPriceCents: r.billedPriceCents,
});

/**
 * GET …/sims/{simId}/call-details (PFM-3): the SIM's billed call details of the 6-month window
 * (RET-1), newest first, in keyset pages; filtered in SQL by the caller's Usage rules, so no
 * read right on the invoice is needed (a fleet manager scoped to a cost centre reads none).
 */
export async function getSimCallDetails(deps: Deps, principal: Principal, customerId: string, simId: string, query: SimCallDetailQuery): Promise<SimCallDetailPage> {
  const now = deps.clock.now();
  const { limit = 50 } = query;
  // A cursor of another SIM, filter or list is refused (400), never misread.
  const pages = keyset(`sim-call-details:${queryFingerprint([simId, query.type, query.from, query.to])}`, 'timestamp', 'integer');
  const after = decodeCursor(pages, query.cursor);
  const bounds = callDetailBounds(query, now);
  await visibleSim(deps, principal, customerId, simId);
  const rows = await pageSimCallDetails(deps.db, principal.ability, customerId, simId, {
    startsFrom: bounds.startsFrom, startsBefore: bounds.startsBefore, type: query.type, after, limit: limit + 1,
  });
  const page = toPage(rows, limit, pages, (r) => [r.keyAt, Number(r.id)], toItem);
  return { ...page, availableUntil: availableUntil('call_details', bounds.oldestDay).toISOString() };
}
