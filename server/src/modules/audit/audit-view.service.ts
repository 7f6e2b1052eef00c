import { brusselsDateTime, brusselsEndOfDay, brusselsStartOfDay } from '@mandate/domain/dates';
import type { AuditExportQuery, AuditItem, AuditListQuery } from '@mandate/contracts/audit';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { badRequest } from '../../lib/problem.ts';
import { toCsv } from '../../lib/csv.ts';
import { appendAudit } from './audit.repo.ts';
import { shownDeviceSide } from '../sims/device-shown.ts';
import { lastByodMarkings } from '../sims/sims.repo.ts';
import { listAudit, resolveAffiliateVia, resolveTargetLabels, resolveValueNames, type AuditFilter, type AuditRow, type TargetLabels, type ValueRefs } from './audit-view.repo.ts';

/** At most this many rows in one CSV export (newest first); the answer says when it was cut. */
export const AUDIT_EXPORT_LIMIT = 50_000;

/** Newest first: a cursor holds the entry's time (microseconds) and its id (a bigint). */
const AUDIT_KEYSET = keyset('audit', 'timestamp', 'integer');

/** Validated filters → SQL bounds. The schema checks the format (a real calendar day); here from ≤ to. */
function toFilter(query: AuditExportQuery): AuditFilter {
  if (query.from && query.to && query.from > query.to) {
    throw badRequest('querystring.to', 'must be on or after "from"', 'invalid_date_range');
  }
  return {
    fromAt: query.from ? brusselsStartOfDay(query.from) : undefined,
    toAt: query.to ? brusselsEndOfDay(query.to) : undefined,
    actorId: query.actorId,
    action: query.action,
    targetType: query.targetType,
    q: query.q?.trim() || undefined,
  };
}

const userTarget = (r: AuditRow): string | null => {
  const type = r.targetType.toLowerCase();
  if (type === 'user') return r.targetId;
  const fromJson = (v: unknown) => (v && typeof v === 'object' && typeof (v as { userId?: unknown }).userId === 'string' ? (v as { userId: string }).userId : null);
  return fromJson(r.after) ?? fromJson(r.before);
};

/** The fields of before/after whose values are ids, by what they name (the sections write these names). */
const ID_FIELDS: Record<string, keyof ValueRefs> = {
  userId: 'userIds', userIds: 'userIds', reviewerIds: 'userIds',
  partnerId: 'customerIds', affiliateId: 'customerIds', actingFor: 'customerIds',
  billingAccountIds: 'billingAccountIds', costCentreIds: 'costCentreIds',
  simIds: 'simIds', linked: 'simIds', unlinked: 'simIds',
};

/** The ids inside one entry's before/after, by kind (a map of SIM → previous end user names both). */
function valueRefs(r: Pick<AuditRow, 'before' | 'after'>): ValueRefs {
  const refs: ValueRefs = { userIds: [], customerIds: [], billingAccountIds: [], costCentreIds: [], simIds: [] };
  for (const side of [r.before, r.after]) {
    if (!side || typeof side !== 'object' || Array.isArray(side)) continue;
    for (const [key, value] of Object.entries(side as Record<string, unknown>)) {
      const kind = ID_FIELDS[key];
      if (kind) refs[kind].push(...(Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string'));
      if (key === 'previousEndUsers' && value && typeof value === 'object') {
        refs.simIds.push(...Object.keys(value));
        refs.userIds.push(...Object.values(value as Record<string, unknown>).filter((v): v is string => typeof v === 'string'));
      }
    }
  }
  return refs;
}

/** A string field of before/after, the later side first (a deleted alert keeps its line only in `before`). */
const fieldOf = (r: Pick<AuditRow, 'before' | 'after'>, key: string): string | null => {
  for (const side of [r.after, r.before]) {
    const value = side && typeof side === 'object' && !Array.isArray(side) ? (side as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'string' && value) return value;
  }
  return null;
};

/**
 * Where the name of each kind of target comes from: the table of the target itself (a SIM, an
 * order's SIM, a dispute's invoice, a billing account…), or for a bill-shock alert the line or
 * cost centre it watches, as the entry recorded them (the alert itself may be gone).
 */
const TARGET_LOOKUPS: Record<string, (r: AuditRow) => Partial<Record<keyof TargetLabels, string | null>>> = {
  customer: (r) => ({ customer: r.targetId }),
  delegation: (r) => ({ delegation: r.targetId }),
  affiliate_link: (r) => ({ affiliateLink: r.targetId }),
  sim: (r) => ({ sim: r.targetId }),
  sim_order: (r) => ({ simOrder: r.targetId }),
  dispute: (r) => ({ dispute: r.targetId }),
  billing_account: (r) => ({ billingAccount: r.targetId }),
  app_access_request: (r) => ({ accessRequest: r.targetId }),
  bill_shock_alert: (r) => ({ sim: fieldOf(r, 'simId'), costCentre: fieldOf(r, 'costCentreId') }),
  tariff_plan: (r) => ({ tariffPlan: r.targetId }),
};

const lookupsOf = (r: AuditRow) => TARGET_LOOKUPS[r.targetType.toLowerCase()]?.(r) ?? {};

/**
 * The target as the customer knows it: by its own table, else the user the entry concerns (a
 * grant, a review item); a dispute whose invoice has left the portal keeps the number its opening recorded.
 */
function targetLabelOf(r: AuditRow, labels: TargetLabels): string | null {
  for (const [kind, id] of Object.entries(lookupsOf(r)) as Array<[keyof TargetLabels, string | null]>) {
    const name = id ? labels[kind].get(id) : undefined;
    if (name) return name;
  }
  const userId = userTarget(r);
  const user = userId ? labels.user.get(userId) : undefined;
  if (user) return user;
  return r.targetType.toLowerCase() === 'dispute' ? fieldOf(r, 'invoiceNumber') : null;
}

const isDeviceChange = (r: AuditRow) => r.action === 'sim.device' && r.targetId !== null;

/** MOB-5: a device change keeps its IMEI, make and model only as far as the SIM's history shows them. */
function shown(r: AuditRow, side: unknown, byod: Map<string, Date>): unknown {
  if (side === null || side === undefined) return null;
  if (!isDeviceChange(r)) return side;
  const markedByod = byod.get(r.targetId!);
  return shownDeviceSide(side, markedByod !== undefined && new Date(r.at).getTime() <= markedByod.getTime());
}

/**
 * Entries as their reader sees them. A trail may hold entries acted for an affiliate (DLG-1): each
 * entry's names come from the customer it was acted for, as that customer's own trail gives them.
 */
async function toItems(deps: Deps, rows: AuditRow[], withNames = false): Promise<AuditItem[]> {
  const byCustomer = new Map<string, AuditRow[]>();
  for (const r of rows) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r]);
  const parts = await Promise.all([...byCustomer].map(([customerId, own]) => itemsOf(deps, customerId, own, withNames)));
  const items = new Map(parts.flat().map((item) => [item.id, item]));
  return rows.map((r) => items.get(r.id)!);
}

async function itemsOf(deps: Deps, customerId: string, rows: AuditRow[], withNames: boolean): Promise<AuditItem[]> {
  const lookups = rows.map(lookupsOf);
  const ids = (kind: keyof TargetLabels) => lookups.map((l) => l[kind]).filter((id): id is string => typeof id === 'string');
  const labels = await resolveTargetLabels(deps.db, customerId, {
    userIds: rows.map(userTarget).filter((id): id is string => id !== null),
    customerIds: ids('customer'),
    delegationIds: ids('delegation'),
    affiliateLinkIds: ids('affiliateLink'),
    simIds: ids('sim'),
    simOrderIds: ids('simOrder'),
    disputeIds: ids('dispute'),
    billingAccountIds: ids('billingAccount'),
    accessRequestIds: ids('accessRequest'),
    costCentreIds: ids('costCentre'),
    tariffPlanIds: ids('tariffPlan'),
  });
  // Without a delegation, an actor who is no member here acted for this affiliate through his own company.
  const via = await resolveAffiliateVia(deps.db, customerId, rows.filter((r) => r.actorId && !r.delegationId).map((r) => r.actorId!));
  const byod = await lastByodMarkings(deps.db, customerId, rows.filter(isDeviceChange).map((r) => r.targetId!));
  const refs = rows.map(valueRefs);
  const names = withNames
    ? await resolveValueNames(deps.db, customerId, {
      userIds: refs.flatMap((x) => x.userIds), customerIds: refs.flatMap((x) => x.customerIds),
      billingAccountIds: refs.flatMap((x) => x.billingAccountIds), costCentreIds: refs.flatMap((x) => x.costCentreIds), simIds: refs.flatMap((x) => x.simIds),
    })
    : new Map<string, string>();
  return rows.map((r, i) => {
    const own = Object.values(refs[i]!).flat() as string[];
    const itemNames = Object.fromEntries(own.filter((id) => names.has(id)).map((id) => [id, names.get(id)!]));
    const targetLabel = targetLabelOf(r, labels);
    return {
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actorId
        ? { id: r.actorId, name: `${r.actorFirstName ?? ''} ${r.actorLastName ?? ''}`.trim() || (r.actorEmail ?? ''), email: r.actorEmail ?? '' }
        : null,
      actingFor: { id: r.customerId, name: r.customerName },
      delegation: r.delegationId ? { id: r.delegationId, partnerName: r.partnerName } : null,
      actingVia: r.actorId && !r.delegationId ? via.get(r.actorId) ?? null : null,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetLabel,
      before: shown(r, r.before, byod),
      after: shown(r, r.after, byod),
      names: itemNames,
    };
  });
}

/** GET …/audit: one page, newest first. */
export async function listCustomerAudit(deps: Deps, actor: Actor, customerId: string, query: AuditListQuery) {
  const { cursor, limit = 50, ...filters } = query;
  const filter = toFilter(filters);
  const after = decodeCursor(AUDIT_KEYSET, cursor);
  const rows = await listAudit(deps.db, actor.principal.ability, customerId, { ...filter, after, limit: limit + 1 });
  const page = toPage(rows, limit, AUDIT_KEYSET, (r) => [r.sortKey, Number(r.id)], (r) => r);
  return { items: await toItems(deps, page.items, true), nextCursor: page.nextCursor };
}

export const AUDIT_CSV_HEADER = [
  'id', 'at_utc', 'at_brussels', 'actor_name', 'actor_email', 'acting_for', 'delegation_id', 'delegation_partner',
  'action', 'target_type', 'target_id', 'target', 'before', 'after',
] as const;

/** GET …/audit/export.csv: the same filters, at most AUDIT_EXPORT_LIMIT rows. The export itself is audited (SEC-3). */
export async function exportCustomerAudit(deps: Deps, actor: Actor, customerId: string, query: AuditExportQuery) {
  const filter = toFilter(query);
  const rows = await listAudit(deps.db, actor.principal.ability, customerId, { ...filter, limit: AUDIT_EXPORT_LIMIT + 1 });
  const truncated = rows.length > AUDIT_EXPORT_LIMIT;
  const items = await toItems(deps, rows.slice(0, AUDIT_EXPORT_LIMIT));
  const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
  const csv = toCsv(AUDIT_CSV_HEADER, items.map((i) => [
    i.id, i.at, brusselsDateTime(new Date(i.at)), i.actor?.name ?? '', i.actor?.email ?? '', i.actingFor.name, i.delegation?.id ?? '', i.delegation?.partnerName ?? '',
    i.action, i.targetType, i.targetId ?? '', i.targetLabel ?? '', json(i.before), json(i.after),
  ]));
  const at = deps.clock.now();
  await deps.db.transaction().execute((trx) => appendAudit(trx, {
    at, ...auditedBy(actor, customerId), action: 'audit.export', targetType: 'audit', after: { filters: { ...query }, rows: items.length, truncated },
  }));
  return { csv, rows: items.length, truncated, date: at.toISOString().slice(0, 10) };
}
