import type { FastifyInstance } from 'fastify';
import type { AuditExportQuery, AuditItem, AuditListQuery } from '@mandate/contracts/audit';
import { badRequest } from '../../lib/problem.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { toCsv } from '../../lib/csv.ts';
import { delegationFor } from '../../lib/delegation-for.ts';
import type { Principal } from '../../types.ts';
import { appendAudit } from './audit.repo.ts';
import { listAudit, resolveTargetLabels, type AuditFilter, type AuditRow } from './audit-view.repo.ts';

/** At most this many rows in one CSV export (newest first); the answer says when it was cut. */
export const AUDIT_EXPORT_LIMIT = 50_000;

const WALL = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** The Brussels wall-clock time of an instant, as if it were UTC (to compute the zone offset). */
function wallAsUtc(at: number): number {
  const p = Object.fromEntries(WALL.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** The instant a Brussels calendar day (YYYY-MM-DD) begins. */
export function brusselsStartOfDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d);
  let at = midnightUtc - (wallAsUtc(midnightUtc) - midnightUtc);
  at = midnightUtc - (wallAsUtc(at) - at); // the offset at the answer itself (DST changes happen at night, never at midnight)
  return new Date(at);
}

/** An instant as Brussels wall-clock time, 'YYYY-MM-DD HH:mm:ss' (what a spreadsheet reader expects). */
export function brusselsDateTime(at: Date): string {
  return new Date(wallAsUtc(at.getTime())).toISOString().slice(0, 19).replace('T', ' ');
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Validated filters → SQL bounds. The schema checks the format (a real calendar day); here from ≤ to. */
function toFilter(query: AuditExportQuery): AuditFilter {
  if (query.from && query.to && query.from > query.to) {
    throw badRequest('querystring.to', 'must be on or after "from"', 'invalid_date_range');
  }
  return {
    fromAt: query.from ? brusselsStartOfDay(query.from) : undefined,
    toAt: query.to ? brusselsStartOfDay(nextDay(query.to)) : undefined,
    actorId: query.actorId,
    action: query.action,
    targetType: query.targetType,
    q: query.q?.trim() || undefined,
  };
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function parseCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2) as [string, string];
  if (!CURSOR_AT.test(at) || !/^\d{1,19}$/.test(id)) throw badRequest('querystring.cursor', 'is not a cursor this list gave out');
  return [at, id];
}

const userTarget = (r: AuditRow): string | null => {
  const type = r.targetType.toLowerCase();
  if (type === 'user') return r.targetId;
  const fromJson = (v: unknown) => (v && typeof v === 'object' && typeof (v as { userId?: unknown }).userId === 'string' ? (v as { userId: string }).userId : null);
  return fromJson(r.after) ?? fromJson(r.before);
};

async function toItems(app: FastifyInstance, rows: AuditRow[]): Promise<AuditItem[]> {
  const of = (type: string) => rows.filter((r) => r.targetType.toLowerCase() === type && r.targetId).map((r) => r.targetId!);
  const labels = await resolveTargetLabels(app.db, {
    userIds: rows.map(userTarget).filter((id): id is string => id !== null),
    customerIds: of('customer'),
    delegationIds: of('delegation'),
    affiliateLinkIds: of('affiliate_link'),
  });
  return rows.map((r) => {
    const type = r.targetType.toLowerCase();
    const userId = userTarget(r);
    const targetLabel =
      (userId ? labels.users.get(userId) : undefined)
      ?? (type === 'customer' && r.targetId ? labels.customers.get(r.targetId) : undefined)
      ?? (type === 'delegation' && r.targetId ? labels.delegations.get(r.targetId) : undefined)
      ?? (type === 'affiliate_link' && r.targetId ? labels.affiliateLinks.get(r.targetId) : undefined)
      ?? null;
    return {
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actorId
        ? { id: r.actorId, name: `${r.actorFirstName ?? ''} ${r.actorLastName ?? ''}`.trim() || (r.actorEmail ?? ''), email: r.actorEmail ?? '' }
        : null,
      actingFor: { id: r.customerId, name: r.customerName },
      delegation: r.delegationId ? { id: r.delegationId, partnerName: r.partnerName } : null,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetLabel,
      before: r.before ?? null,
      after: r.after ?? null,
    };
  });
}

/** GET …/audit: one page, newest first. */
export async function listCustomerAudit(app: FastifyInstance, principal: Principal, customerId: string, query: AuditListQuery) {
  const { cursor, limit = 50, ...filters } = query;
  const filter = toFilter(filters);
  const after = cursor ? parseCursor(cursor) : undefined;
  const rows = await listAudit(app.db, principal.ability, customerId, { ...filter, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toItems(app, page),
    nextCursor: rows.length > limit && last ? encodeCursor([last.atKey, last.id]) : null,
  };
}

export const AUDIT_CSV_HEADER = [
  'id', 'at_utc', 'at_brussels', 'actor_name', 'actor_email', 'acting_for', 'delegation_id', 'delegation_partner',
  'action', 'target_type', 'target_id', 'target', 'before', 'after',
] as const;

/** GET …/audit/export.csv: the same filters, at most AUDIT_EXPORT_LIMIT rows. The export itself is audited (SEC-3). */
export async function exportCustomerAudit(app: FastifyInstance, principal: Principal, customerId: string, query: AuditExportQuery, ip: string) {
  const filter = toFilter(query);
  const rows = await listAudit(app.db, principal.ability, customerId, { ...filter, limit: AUDIT_EXPORT_LIMIT + 1 });
  const truncated = rows.length > AUDIT_EXPORT_LIMIT;
  const items = await toItems(app, rows.slice(0, AUDIT_EXPORT_LIMIT));
  const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
  const csv = toCsv(AUDIT_CSV_HEADER, items.map((i) => [
    i.id, i.at, brusselsDateTime(new Date(i.at)), i.actor?.name ?? '', i.actor?.email ?? '', i.actingFor.name, i.delegation?.id ?? '', i.delegation?.partnerName ?? '',
    i.action, i.targetType, i.targetId ?? '', i.targetLabel ?? '', json(i.before), json(i.after),
  ]));
  await app.db.transaction().execute((trx) => appendAudit(trx, {
    at: app.clock.now(), actorUserId: principal.userId, customerId, delegationId: delegationFor(principal, customerId),
    action: 'audit.export', targetType: 'audit', after: { filters: { ...query }, rows: items.length, truncated }, ip,
  }));
  return { csv, rows: items.length, truncated };
}
