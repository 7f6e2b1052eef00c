import { subject } from '@casl/ability';
import { msisdnSearch } from '@mandate/domain/msisdn';
import { brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { kbToMb, usageBand, usagePercent } from '@mandate/domain/usage-bands';
import type {
  SimDetail, SimHistoryItem, SimHistoryQuery, SimHistoryResponse, SimListItem, SimListQuery, SimListResponse, SimSort, SimStatus, SimUsage,
} from '@mandate/contracts/sims';
import type { TariffOptionKind } from '@mandate/contracts/catalogue';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, forQuery, keyset, toPage, type KeyPart, type Keyset } from '../../lib/paging.ts';
import { badRequest, notFound } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import { shownDeviceSide } from './device-shown.ts';
import {
  findCurrentDevice, findSim, findSimOptions, lastByodMarking, listSimChanges, listSims, simUsage, type SimChangeRow, type SimSortField, type UsageWindow,
} from './sims.repo.ts';

/** An instant as the API writes it, or null. */
const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A number as people type it is at most this long; longer input without a letter is no number (nor a name). */
const MAX_NUMBER_SEARCH = 30;

/**
 * One keyset per sort order, so a cursor of another order is refused with a 400: the msisdn alone
 * when sorting by it (the ascending one keeps the name its cursors always had), else the sort key
 * and the msisdn, which is unique.
 */
const sortOrder = (field: SimSortField, desc: boolean, set: Keyset<readonly KeyPart[]>) => ({ field, desc, set });
const SORTS: Record<SimSort, ReturnType<typeof sortOrder>> = {
  'msisdn:asc': sortOrder('msisdn', false, keyset('sims:msisdn', 'msisdn')),
  'msisdn:desc': sortOrder('msisdn', true, keyset('sims:msisdn:desc', 'msisdn')),
  'status:asc': sortOrder('status', false, keyset('sims:status:asc', 'text', 'msisdn')),
  'status:desc': sortOrder('status', true, keyset('sims:status:desc', 'text', 'msisdn')),
  'plan:asc': sortOrder('plan', false, keyset('sims:plan:asc', 'text', 'msisdn')),
  'plan:desc': sortOrder('plan', true, keyset('sims:plan:desc', 'text', 'msisdn')),
  'costCentre:asc': sortOrder('costCentre', false, keyset('sims:costCentre:asc', 'text', 'msisdn')),
  'costCentre:desc': sortOrder('costCentre', true, keyset('sims:costCentre:desc', 'text', 'msisdn')),
  'billingAccount:asc': sortOrder('billingAccount', false, keyset('sims:billingAccount:asc', 'text', 'msisdn')),
  'billingAccount:desc': sortOrder('billingAccount', true, keyset('sims:billingAccount:desc', 'text', 'msisdn')),
  'endUser:asc': sortOrder('endUser', false, keyset('sims:endUser:asc', 'text', 'msisdn')),
  'endUser:desc': sortOrder('endUser', true, keyset('sims:endUser:desc', 'text', 'msisdn')),
  'initialTermEnd:asc': sortOrder('initialTermEnd', false, keyset('sims:initialTermEnd:asc', 'date', 'msisdn')),
  'initialTermEnd:desc': sortOrder('initialTermEnd', true, keyset('sims:initialTermEnd:desc', 'date', 'msisdn')),
};

/**
 * What `q` searches: text with a letter is part of the end user's name (any case, first or last
 * name first); anything else is part of a number as people type it (a prefix of the number, or
 * digits anywhere); nothing to search for is no filter.
 */
export function searchOf(q: string | undefined): { msisdnLike?: string; nameLike?: string } {
  const text = (q ?? '').trim().replace(/\s+/g, ' ');
  if (/\p{L}/u.test(text)) return { nameLike: `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
  if (text.length > MAX_NUMBER_SEARCH) throw badRequest('querystring.q', `is longer than a mobile number (at most ${MAX_NUMBER_SEARCH} characters)`);
  const search = msisdnSearch(text);
  if (!search) return {};
  return { msisdnLike: search.match === 'prefix' ? `${search.value}%` : `%${search.value}%` };
}

/** MOB-2: the Brussels calendar month of `now`, from its first instant up to now. */
export function usageWindow(now: Date): UsageWindow & { month: string } {
  const month = brusselsDate(now).slice(0, 7);
  return { month, from: brusselsStartOfDay(`${month}-01`), upTo: now };
}

/** GET …/sims: a page of the customer's SIMs the principal may see, filtered and in the chosen order. */
export async function getSimPage(deps: Deps, principal: Principal, customerId: string, query: SimListQuery): Promise<SimListResponse> {
  const { limit = 50, cursor } = query;
  const sort = SORTS[query.sort ?? 'msisdn:asc'];
  const pages = forQuery(sort.set, query);
  const position = decodeCursor(pages, cursor) as readonly string[] | undefined;
  const rows = await listSims(deps.db, principal.ability, customerId, {
    ...searchOf(query.q), unassigned: query.unassigned, endUserId: query.mine ? principal.userId : undefined, updatable: query.updatable, status: query.status, tariffPlanId: query.tariffPlanId,
    optionId: query.optionId, costCentreId: query.costCentreId, billingAccountId: query.billingAccountId,
    usageBand: query.usageBand ? { band: query.usageBand, window: usageWindow(deps.clock.now()) } : undefined,
    sort: { field: sort.field, desc: sort.desc },
    after: position?.at(-1), afterKey: position && position.length > 1 ? position[0] : undefined, limit,
  });
  const keyOf = (r: (typeof rows)[number]) => (sort.field === 'msisdn' ? [r.msisdn] : [r.sortKey ?? '', r.msisdn]);
  return toPage(rows, limit, pages, keyOf as never, (r): SimListItem => ({
    id: r.id, msisdn: r.msisdn, iccid: r.iccid, status: r.status as SimStatus, billingAccountId: r.billingAccountId,
    billingAccountNumber: r.billingAccountNumber, costCentreId: r.costCentreId, costCentreName: r.costCentreName,
    endUser: r.endUserId ? { id: r.endUserId, name: `${r.endUserFirstName ?? ''} ${r.endUserLastName ?? ''}`.trim() } : null,
    tariffPlan: r.planId ? { id: r.planId, code: r.planCode!, name: r.planName! } : null,
    options: r.options,
    initialTermEnd: r.initialTermEnd,
    blockedAt: isoOrNull(r.blockedAt),
  }));
}

const allowanceOf = (plan: number | null, extras: number): number | null => (plan === null ? null : plan + extras);

/** One SIM the principal may read, or 404 (out of scope or unknown alike). */
export async function visibleSim(deps: Deps, principal: Principal, customerId: string, simId: string) {
  const sim = await findSim(deps.db, principal.ability, customerId, simId);
  if (!sim) throw notFound('SIM');
  return sim;
}

/** The SIM's ETag: its version, which every change of the SIM raises. */
export const etagOf = (sim: Pick<SimDetail, 'version'>) => `"${sim.version}"`;

/**
 * GET …/sims/{simId}: the SIM with its plan, options, flags and contract dates, the device only
 * when the customer marked it as its own (MOB-5), and this month's usage against the allowance
 * (MOB-2) when the principal may read the SIM's usage.
 */
export async function getSimDetail(deps: Deps, principal: Principal, customerId: string, simId: string): Promise<SimDetail> {
  const sim = await visibleSim(deps, principal, customerId, simId);
  const window = usageWindow(deps.clock.now());
  const usageFields = { customerId, billingAccountId: sim.billingAccountId, costCentreId: sim.costCentreId, endUserId: sim.endUserId };
  const mayReadUsage = principal.ability.can('read', subject('Usage', usageFields));
  // ROLE-5: read only as the line's holder, the month's usage counts from when he got the line.
  const asHolderOnly = mayReadUsage && !principal.ability.can('read', subject('Usage', { ...usageFields, endUserId: null }));
  const from = asHolderOnly && sim.endUserSince !== null && sim.endUserSince > window.from ? sim.endUserSince : window.from;
  const [options, device, used] = await Promise.all([
    findSimOptions(deps.db, customerId, simId),
    findCurrentDevice(deps.db, customerId, simId),
    mayReadUsage ? simUsage(deps.db, customerId, simId, { ...window, from }) : Promise.resolve(null),
  ]);

  let usage: SimUsage | null = null;
  if (used) {
    const hasPlan = sim.planId !== null;
    const extra = (pick: (o: (typeof options)[number]) => number) => options.reduce((t, o) => t + pick(o), 0);
    const dataMb = hasPlan ? allowanceOf(sim.planDataMb, extra((o) => o.extraDataMb)) : null;
    const minutes = hasPlan ? allowanceOf(sim.planVoiceMinutes, extra((o) => o.extraVoiceMinutes)) : null;
    const sms = hasPlan ? allowanceOf(sim.planSms, extra((o) => o.extraSms)) : null;
    const dataAllowanceKb = dataMb === null ? null : dataMb * 1024;
    usage = {
      month: window.month,
      asOf: window.upTo.toISOString(),
      data: { used: kbToMb(used.dataKb), allowance: dataMb, percent: usagePercent(used.dataKb, dataAllowanceKb), band: usageBand(used.dataKb, dataAllowanceKb) },
      voice: { used: used.voiceMinutes, allowance: minutes, percent: usagePercent(used.voiceMinutes, minutes), band: usageBand(used.voiceMinutes, minutes) },
      sms: { used: used.sms, allowance: sms, percent: usagePercent(used.sms, sms), band: usageBand(used.sms, sms) },
    };
  }

  const ownership = device ? (device.ownership as 'customer' | 'byod') : null;
  return {
    id: sim.id, msisdn: sim.msisdn, iccid: sim.iccid, status: sim.status as SimStatus, version: sim.version,
    suspendedUntil: sim.suspendedUntil, blockedAt: isoOrNull(sim.blockedAt),
    billingAccount: { id: sim.billingAccountId, number: sim.billingAccountNumber, name: sim.billingAccountName },
    costCentre: sim.costCentreId ? { id: sim.costCentreId, code: sim.costCentreCode!, name: sim.costCentreName! } : null,
    endUser: sim.endUserId ? { id: sim.endUserId, name: `${sim.endUserFirstName ?? ''} ${sim.endUserLastName ?? ''}`.trim() } : null,
    tariffPlan: sim.planId ? {
      id: sim.planId, code: sim.planCode!, name: sim.planName!, monthlyFeeCents: sim.planMonthlyFeeCents!, currency: 'EUR',
      allowances: { dataMb: sim.planDataMb, voiceMinutes: sim.planVoiceMinutes, sms: sim.planSms },
      rates: { dataCentsPerMb: sim.planDataRate!, voiceCentsPerMinute: sim.planVoiceRate!, smsCents: sim.planSmsRate! },
      withdrawnAt: sim.planWithdrawnAt, lastSwitchOn: sim.planLastSwitchOn,
    } : null,
    options: options.map((o) => ({
      id: o.id, code: o.code, name: o.name, kind: o.kind as TariffOptionKind, monthlyFeeCents: o.monthlyFeeCents, currency: 'EUR' as const,
      extra: { dataMb: o.extraDataMb, voiceMinutes: o.extraVoiceMinutes, sms: o.extraSms }, withdrawnAt: o.withdrawnAt,
      addedAt: new Date(o.addedAt).toISOString(),
    })),
    clir: sim.clir, premiumBarring: sim.premiumBarring, euDataCutoffOptOut: sim.euDataCutoffOptOut,
    contractStart: sim.contractStart, initialTermEnd: sim.initialTermEnd,
    deviceOwnership: ownership,
    device: device && ownership === 'customer' && device.imei !== null
      ? { imei: device.imei, make: device.make, model: device.model, since: new Date(device.since).toISOString() }
      : null,
    usage,
  };
}

const HISTORY_PAGES = keyset('sim-changes', 'timestamp', 'uuid');

/** Orders whose decision is the operator's (MOB-8): completing them is not approving them. */
const OPERATOR_DECIDES = new Set(['port_out', 'number_change']);

/**
 * MOB-3: who approved the end user's request the change made. An order decided by someone other
 * than its asker was approved, except those operator staff complete.
 */
function approverOf(r: SimChangeRow): SimHistoryItem['approvedBy'] {
  if (r.deciderId === null || r.deciderId === r.actorId || (r.orderKind !== null && OPERATOR_DECIDES.has(r.orderKind))) return null;
  return {
    id: r.deciderId, name: `${r.deciderFirstName ?? ''} ${r.deciderLastName ?? ''}`.trim(),
    delegation: r.decisionDelegationId ? { id: r.decisionDelegationId, partnerName: r.decisionPartnerName } : null,
  };
}

/** GET …/sims/{simId}/history: MOB-3, the SIM's changes newest first (who, when, for whom, through which delegation, before and after). */
export async function getSimHistory(
  deps: Deps, principal: Principal, customerId: string, simId: string, query: SimHistoryQuery,
): Promise<SimHistoryResponse> {
  const { limit = 50 } = query;
  const after = decodeCursor(HISTORY_PAGES, query.cursor);
  await visibleSim(deps, principal, customerId, simId);
  const [rows, byodAt] = await Promise.all([
    listSimChanges(deps.db, principal.ability, customerId, simId, { after, limit }),
    lastByodMarking(deps.db, customerId, simId),
  ]);
  const beforeByod = (r: SimChangeRow) => byodAt !== null && new Date(r.keyAt).getTime() <= byodAt.getTime();
  return toPage(rows, limit, HISTORY_PAGES, (r) => [r.keyAt, r.id], (r): SimHistoryItem => ({
    id: r.id, at: new Date(r.keyAt).toISOString(), kind: r.kind as SimHistoryItem['kind'],
    actor: r.actorId ? { id: r.actorId, name: `${r.actorFirstName ?? ''} ${r.actorLastName ?? ''}`.trim() } : null,
    actingFor: { id: r.customerId, name: r.customerName },
    delegation: r.delegationId ? { id: r.delegationId, partnerName: r.partnerName } : null,
    orderId: r.orderId,
    approvedBy: approverOf(r),
    before: r.kind === 'device' ? shownDeviceSide(r.before, beforeByod(r)) : r.before,
    after: r.kind === 'device' ? shownDeviceSide(r.after, beforeByod(r)) : r.after,
  }));
}
