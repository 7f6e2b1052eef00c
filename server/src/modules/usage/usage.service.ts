import type { ChargeItem, ChargesQuery, ChargesResponse, UnbilledPage, UnbilledQuery, UsageType } from '@mandate/contracts/usage';
import { parseMsisdn } from '@mandate/domain/msisdn';
import { retentionCutoffDate, retentionStart, unbilledVisibilityCutoff } from '@mandate/domain/retention';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, keyset, queryFingerprint, toPage } from '../../lib/paging.ts';
import { badRequest } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import { pageCharges, pageUnbilled } from './usage.repo.ts';

/**
 * GET …/usage/unbilled: usage of periods not billed yet (INV-2), at standard prices, shown only
 * 8 hours after the communication (INV-4, to the millisecond), newest first; a Service User sees
 * his own line's only (ROLE-5), as the Usage rules say. A mobile number narrows it to that SIM
 * card's events for those who may not list SIM cards to pick one; it never widens what the Usage
 * rules let through (a number outside them, or of no SIM of the customer, gives an empty page).
 */
export async function getUnbilledPage(deps: Deps, principal: Principal, customerId: string, query: UnbilledQuery): Promise<UnbilledPage> {
  const now = deps.clock.now();
  const { limit = 50 } = query;
  const msisdn = query.msisdn === undefined ? undefined : parseMsisdn(query.msisdn);
  if (msisdn === null) throw badRequest('querystring.msisdn', 'is not a valid mobile number (e.g. 0470 12 34 56 or +32470123456)');
  const pages = keyset(`unbilled:${queryFingerprint([query.simId, msisdn, query.type])}`, 'timestamp', 'integer');
  const after = decodeCursor(pages, query.cursor);
  const visibleUntil = unbilledVisibilityCutoff(now);
  const rows = await pageUnbilled(deps.db, principal.ability, customerId, {
    occurredUpTo: visibleUntil, occurredFrom: retentionStart('traffic_data', now), simId: query.simId, msisdn, type: query.type, after, limit,
  });
  const page = toPage(rows, limit, pages, (r) => [r.keyAt, r.id], (r) => ({
    id: r.id, occurredAt: new Date(r.keyAt).toISOString(), simId: r.simId, msisdn: r.msisdn, type: r.type as UsageType,
    destination: r.destination, durationS: r.durationS, volumeKb: r.volumeKb,
    standardPriceCents: r.notCharged ? 0 : r.standardPriceCents, notCharged: Boolean(r.notCharged),
  }));
  return { ...page, visibleUntil: visibleUntil.toISOString() };
}

/**
 * GET …/usage/charges?month=YYYY-MM: the billed charges of a month per SIM and charge type, from
 * the roll-ups of closed periods (INV-2), within the 12-month window (RET-1): an older month is
 * simply empty. Filtered by Usage: a Service User sees his own line only (ROLE-5).
 */
export async function getCharges(deps: Deps, principal: Principal, customerId: string, query: ChargesQuery): Promise<ChargesResponse> {
  const now = deps.clock.now();
  const { limit = 50 } = query;
  const month = `${query.month}-01`;
  const pages = keyset(`charges:${queryFingerprint([month, query.simId])}`, 'text', 'text');
  const after = decodeCursor(pages, query.cursor);
  const rows = await pageCharges(deps.db, principal.ability, customerId, {
    month, billingCutoff: retentionCutoffDate('billing_data', now), simId: query.simId, after, limit,
  });
  return toPage(rows, limit, pages, (r) => [r.msisdnKey, r.chargeType], (r): ChargeItem => ({
    simId: r.simId, msisdn: r.msisdn, month, chargeType: r.chargeType as ChargeItem['chargeType'], amountCents: Number(r.amountCents),
  }));
}
