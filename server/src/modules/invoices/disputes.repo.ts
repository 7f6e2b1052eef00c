import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { DisputeStatus } from '@mandate/contracts/invoices';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { standingDisputedSql, type RetentionWindow } from './invoices.repo.ts';

/** The columns the Dispute subject's rule fields stand for: a dispute is scoped like its invoice. */
export const DISPUTE_COLUMNS = { customerId: 'd.customer_id', billingAccountId: 'i.billing_account_id' } as const;

/**
 * Disputes with their invoice and opener, limited to invoices retention still shows in full
 * (RET-1: a dispute is billing data of its invoice). `opened_at` is compared at millisecond
 * precision, the precision of a cursor.
 */
function disputes(db: Kysely<DB>, w: RetentionWindow) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'd.customer_id').onRef('i.id', '=', 'd.invoice_id'))
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .innerJoin('users as u', 'u.id', 'd.opened_by')
    .where('i.period_end', '>=', w.billingCutoff)
    .select([
      'd.customer_id as customerId', 'c.name as customerName', 'd.id', 'd.invoice_id as invoiceId', 'i.number as invoiceNumber',
      'i.billing_account_id as billingAccountId', 'i.amount_incl_vat_cents as invoiceInclCents', standingDisputedSql.as('invoiceDisputedCents'), 'd.status', 'd.reason',
      'd.disputed_cents as disputedCents', 'd.detailed_invoice as detailedInvoice', 'd.opened_at as openedAt', 'd.opened_by as openedById',
      sql<string>`trim(u.first_name || ' ' || u.last_name)`.as('openedByName'), 'u.email as openedByEmail', 'u.language as openedByLanguage',
      'd.answer', 'd.request_hash as requestHash',
    ]);
}

export type DisputeRow = Awaited<ReturnType<ReturnType<typeof disputes>['execute']>>[number];

const openedAtMs = sql`date_trunc('milliseconds', d.opened_at)`;

export interface DisputePage {
  status?: DisputeStatus | undefined;
  invoiceId?: string | undefined;
  /** Keyset: the opening instant (ISO, ms) and id of the last row given out. */
  after?: readonly [string, string] | undefined;
  limit: number;
}

/** A customer's disputes the ability lets the principal read, newest first; `limit + 1` rows. */
export function listDisputes(db: Kysely<DB>, ability: AppAbility, customerId: string, w: RetentionWindow, p: DisputePage) {
  let q = disputes(db, w).where('d.customer_id', '=', customerId).where(whereAccessible(ability, 'read', 'Dispute', DISPUTE_COLUMNS));
  if (p.status) q = q.where('d.status', '=', p.status);
  if (p.invoiceId) q = q.where('d.invoice_id', '=', p.invoiceId);
  if (p.after) q = q.where(sql<boolean>`(${openedAtMs}, d.id) < (${p.after[0]}::timestamptz, ${p.after[1]}::uuid)`);
  return q.orderBy(openedAtMs, 'desc').orderBy('d.id', 'desc').limit(p.limit + 1).execute();
}

/** The operator's queue: every customer's disputes, oldest first; `limit + 1` rows. */
export function listAllDisputes(db: Kysely<DB>, w: RetentionWindow, p: DisputePage) {
  let q = disputes(db, w);
  if (p.status) q = q.where('d.status', '=', p.status);
  if (p.after) q = q.where(sql<boolean>`(${openedAtMs}, d.id) > (${p.after[0]}::timestamptz, ${p.after[1]}::uuid)`);
  return q.orderBy(openedAtMs, 'asc').orderBy('d.id', 'asc').limit(p.limit + 1).execute();
}

/** One dispute the ability lets the principal read (undefined: 404). */
export function findDispute(db: Kysely<DB>, ability: AppAbility, customerId: string, w: RetentionWindow, disputeId: string) {
  return disputes(db, w)
    .where('d.customer_id', '=', customerId)
    .where('d.id', '=', disputeId)
    .where(whereAccessible(ability, 'read', 'Dispute', DISPUTE_COLUMNS))
    .executeTakeFirst();
}

/** One dispute of any customer (operator staff). */
export function findAnyDispute(db: Kysely<DB>, w: RetentionWindow, disputeId: string) {
  return disputes(db, w).where('d.id', '=', disputeId).executeTakeFirst();
}

/** The disputes of one invoice, oldest first. */
export function disputesOfInvoice(db: Kysely<DB>, customerId: string, invoiceId: string, w: RetentionWindow) {
  return disputes(db, w).where('d.customer_id', '=', customerId).where('d.invoice_id', '=', invoiceId).orderBy('d.opened_at').orderBy('d.id').execute();
}

/** The disputed lines of these disputes: number, and while the invoice's lines are kept, the number billed and the description. */
export function linesOf(db: Kysely<DB>, disputeIds: readonly string[]) {
  if (disputeIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('dispute_lines as dl')
    .leftJoin('invoice_lines as il', (j) => j.onRef('il.customer_id', '=', 'dl.customer_id').onRef('il.invoice_id', '=', 'dl.invoice_id').onRef('il.line_no', '=', 'dl.line_no'))
    .leftJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'il.customer_id').onRef('s.id', '=', 'il.sim_id'))
    .select(['dl.dispute_id as disputeId', 'dl.line_no as lineNo', sql<string | null>`coalesce(il.msisdn, s.msisdn)`.as('msisdn'), 'il.description'])
    .where('dl.dispute_id', 'in', disputeIds).orderBy('dl.line_no').execute();
}

/** The status history of these disputes, in order, with who made each step. */
export function eventsOf(db: Kysely<DB>, disputeIds: readonly string[]) {
  if (disputeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('dispute_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select([
      'e.dispute_id as disputeId', 'e.seq', 'e.at', 'e.status', 'e.note', 'e.actor_user_id as actorId',
      sql<string | null>`trim(u.first_name || ' ' || u.last_name)`.as('actorName'),
    ])
    .where('e.dispute_id', 'in', disputeIds)
    .orderBy('e.dispute_id')
    .orderBy('e.seq')
    .execute();
}

/** The dispute a user opened with this idempotency key, if any. */
export function findByIdempotencyKey(db: Kysely<DB>, customerId: string, userId: string, key: string) {
  return db
    .selectFrom('disputes')
    .select(['id', 'request_hash as requestHash'])
    .where('customer_id', '=', customerId)
    .where('opened_by', '=', userId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** Locks the invoice for the rest of the transaction: two disputes of one invoice are decided one after the other. */
export async function lockInvoice(trx: Kysely<DB>, customerId: string, invoiceId: string): Promise<void> {
  await trx.selectFrom('invoices').select('id').where('customer_id', '=', customerId).where('id', '=', invoiceId).forUpdate().executeTakeFirstOrThrow();
}

/** The invoice's lines and their amounts (to price a dispute). */
export function lineAmounts(trx: Kysely<DB>, customerId: string, invoiceId: string) {
  return trx
    .selectFrom('invoice_lines')
    .select(['line_no as lineNo', 'amount_excl_vat_cents as amountExclVatCents', 'vat_rate_bp as vatRateBp'])
    .where('customer_id', '=', customerId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

/** The invoice's disputes in one of `statuses`, each with its lines (none: the whole invoice). */
export async function disputesIn(trx: Kysely<DB>, customerId: string, invoiceId: string, statuses: readonly string[]) {
  const rows = await trx
    .selectFrom('disputes as d')
    .leftJoin('dispute_lines as dl', (j) => j.onRef('dl.customer_id', '=', 'd.customer_id').onRef('dl.dispute_id', '=', 'd.id'))
    .select(['d.id', 'd.status', 'd.disputed_cents as disputedCents', 'dl.line_no as lineNo'])
    .where('d.customer_id', '=', customerId)
    .where('d.invoice_id', '=', invoiceId)
    .where('d.status', 'in', [...statuses])
    .execute();
  const byId = new Map<string, { id: string; status: string; disputedCents: number; lineNos: number[] }>();
  for (const r of rows) {
    const dispute = byId.get(r.id) ?? { id: r.id, status: r.status, disputedCents: Number(r.disputedCents), lineNos: [] };
    if (r.lineNo !== null) dispute.lineNos.push(r.lineNo);
    byId.set(r.id, dispute);
  }
  return [...byId.values()];
}

export interface NewDispute {
  customerId: string;
  id: string;
  invoiceId: string;
  reason: string;
  disputedCents: number;
  detailedInvoice: boolean;
  openedBy: string;
  delegationId: string | null;
  openedAt: Date;
  idempotencyKey: string | null;
  requestHash: string | null;
  lineNos: readonly number[];
}

export async function insertDispute(trx: Kysely<DB>, d: NewDispute): Promise<void> {
  await trx.insertInto('disputes').values({
    customer_id: d.customerId, id: d.id, invoice_id: d.invoiceId, status: 'open', reason: d.reason, disputed_cents: d.disputedCents,
    detailed_invoice: d.detailedInvoice, opened_by: d.openedBy, delegation_id: d.delegationId, opened_at: d.openedAt,
    idempotency_key: d.idempotencyKey, request_hash: d.requestHash,
  }).execute();
  if (d.lineNos.length > 0) {
    await trx.insertInto('dispute_lines')
      .values(d.lineNos.map((lineNo) => ({ customer_id: d.customerId, dispute_id: d.id, invoice_id: d.invoiceId, line_no: lineNo })))
      .execute();
  }
}

/** Appends a step to a dispute's status history (seq follows the last one). */
export async function appendEvent(
  trx: Kysely<DB>, e: { customerId: string; disputeId: string; at: Date; status: DisputeStatus; actorUserId: string | null; note: string | null },
): Promise<void> {
  await trx.insertInto('dispute_events').values((eb) => ({
    customer_id: e.customerId, dispute_id: e.disputeId, at: e.at, status: e.status, actor_user_id: e.actorUserId, note: e.note,
    seq: eb.selectFrom('dispute_events').select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
      .where('customer_id', '=', e.customerId).where('dispute_id', '=', e.disputeId),
  })).execute();
}

/**
 * Moves a dispute on from one of `from` (the statuses it may leave): false when it was no longer
 * in one of them (decided or withdrawn meanwhile).
 */
export async function updateStatus(
  trx: Kysely<DB>, customerId: string, disputeId: string, from: readonly string[],
  change: { status: DisputeStatus; answer?: string; decidedBy?: string; decidedAt?: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('disputes')
    .set({
      status: change.status,
      ...(change.answer !== undefined ? { answer: change.answer } : {}),
      ...(change.decidedBy !== undefined ? { decided_by: change.decidedBy, decided_at: change.decidedAt ?? null } : {}),
    })
    .where('customer_id', '=', customerId)
    .where('id', '=', disputeId)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
