import { addMonths, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { retentionCutoffDate } from '@mandate/domain/retention';
import type { CallCreditsQuery, CallCreditsResponse } from '@mandate/contracts/invoices';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import type { Principal } from '../../types.ts';
import { listCredits, listTransfers } from './call-credits.repo.ts';

const CREDIT_PAGES = keyset('call-credits:msisdn', 'msisdn');

/**
 * GET …/call-credits (INV-1): a month's call credits per SIM and the transfers from or to the SIMs
 * of the page, for the lines the principal may read usage of (a Service User: his own). Billing
 * data: a month whose last day is past the 12-month window shows nothing (RET-1).
 */
export async function getCallCredits(deps: Deps, principal: Principal, customerId: string, query: CallCreditsQuery): Promise<CallCreditsResponse> {
  const { limit = 50 } = query;
  const [after] = decodeCursor(CREDIT_PAGES, query.cursor) ?? [];
  const now = deps.clock.now();
  const month = query.month ?? brusselsDate(now).slice(0, 7);
  const first = `${month}-01`;
  const next = addMonths(first, 1);
  const lastDay = brusselsDate(new Date(brusselsStartOfDay(next).getTime() - 1));
  if (lastDay < retentionCutoffDate('billing_data', now)) return { items: [], nextCursor: null, transfers: [] };
  const rows = await listCredits(deps.db, principal.ability, customerId, { month: first, billingAccountId: query.billingAccountId, after, limit });
  const page = toPage(rows, limit, CREDIT_PAGES, (r) => [r.msisdn], (r) => ({
    simId: r.simId, msisdn: r.msisdn, billingAccountId: r.billingAccountId, month, grantedCents: r.grantedCents, usedCents: r.usedCents,
  }));
  const transfers = await listTransfers(deps.db, principal.ability, customerId, page.items.map((i) => i.simId), brusselsStartOfDay(first), brusselsStartOfDay(next));
  return {
    ...page,
    transfers: transfers.map((t) => ({ ...t, transferredAt: new Date(t.transferredAt).toISOString() })),
  };
}
