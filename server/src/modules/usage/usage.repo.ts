import { sql, type Expression, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { Action } from '@mandate/authz/subjects';
import type { IsoDate } from '@mandate/domain/dates';
import { destinationPrefixes } from '@mandate/domain/msisdn';
import { whereAccessible } from '../../lib/accessible-by.ts';

/**
 * ROLE-5: the end user a usage record of the instant `at` belongs to, read from its SIM `sim`: the
 * SIM's holder when he held it by then, else no one. A line's usage before it changed hands stays
 * the previous holder's, so the new holder's "own line" rules never reach it.
 */
export function holderAt(sim: string, at: Expression<unknown>): Expression<string | null> {
  const since = sql.ref(`${sim}.end_user_since`);
  return sql<string | null>`CASE WHEN ${since} IS NULL OR ${at} >= ${since} THEN ${sql.ref(`${sim}.end_user_id`)} END`;
}

/** The first instant of a month (a date column holding its first day), in Brussels time, where billing months are counted. */
export const brusselsMonthStart = (month: string) => sql<Date>`timezone('Europe/Brussels', ${sql.ref(month)}::timestamp)`;

/** The columns the Usage subject's rule fields stand for in call-detail queries (`s` the SIM). */
export const callDetailColumns = (sim: string) => ({
  customerId: 'cd.customer_id', billingAccountId: 'cd.billing_account_id', costCentreId: 'cd.cost_centre_id', endUserId: holderAt(sim, sql.ref('cd.started_at')),
});
const EVENT_COLUMNS = {
  customerId: 'ue.customer_id', billingAccountId: 'ue.billing_account_id', costCentreId: 'ue.cost_centre_id', endUserId: holderAt('s', sql.ref('ue.occurred_at')),
};
/** The columns of the Usage rule fields in roll-up queries (`s` the SIM): a month is the holder's when he held the line from its start. */
export const ROLLUP_COLUMNS = {
  customerId: 'r.customer_id', billingAccountId: 'r.billing_account_id', costCentreId: 'r.cost_centre_id', endUserId: holderAt('s', brusselsMonthStart('r.month')),
};
const INVOICE_COLUMNS = { customerId: 'i.customer_id', billingAccountId: 'i.billing_account_id' } as const;

/** A timestamp as exact text (microseconds, UTC): a keyset position must not lose what a JS Date drops. */
export const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface InvoiceRef {
  id: string;
  number: string;
  billingAccountId: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
}

/** One invoice of the customer (the caller checks it may be read and is within its window). */
export function findInvoice(db: Kysely<DB>, customerId: string, invoiceId: string): Promise<InvoiceRef | undefined> {
  return db.selectFrom('invoices')
    .where('customer_id', '=', customerId).where('id', '=', invoiceId)
    .select(['id', 'number', 'billing_account_id as billingAccountId', 'period_start as periodStart', 'period_end as periodEnd'])
    .executeTakeFirst();
}

export interface CallDetailFilters {
  /** RET-1 and the from-day together: the earliest start shown. */
  startsFrom: Date;
  /** The end of the to-day (exclusive), when given. */
  startsBefore?: Date | undefined;
  simId?: string | undefined;
  type?: string | undefined;
  /** Digits, optionally after a leading +: no LIKE wildcard can be in it (validated before). */
  destinationPrefix?: string | undefined;
}

export interface CallDetailRow {
  id: number;
  keyAt: string;
  simId: string;
  msisdn: string;
  type: string;
  destination: string | null;
  durationS: number | null;
  volumeKb: number | null;
  standardPriceCents: number;
  billedPriceCents: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelect = SelectQueryBuilder<any, any, any>;

/** Whether the rules for `action` on Usage look at the end user (a Service User's own line), which only the SIM knows. */
function rulesNeedEndUser(ability: AppAbility, action: Action): boolean {
  return ability.rulesFor(action, 'Usage').some((rule) => rule.conditions !== undefined && JSON.stringify(rule.conditions).includes('"endUserId"'));
}

/**
 * An invoice's call details the ability allows for `action` on Usage, with the filters (no order,
 * no limit), from call_details alone unless the rules look at the SIM's end user: the planner then
 * always walks call_details_invoice_idx in order and stops at the limit, whatever it guesses of
 * the join with sims (the SIM's number is joined to the page afterwards).
 */
function callDetailsOf(db: Kysely<DB>, ability: AppAbility, action: Action, customerId: string, invoiceId: string, f: CallDetailFilters): AnySelect {
  let q: AnySelect = db.selectFrom('call_details as cd');
  if (rulesNeedEndUser(ability, action)) {
    q = q.innerJoin('sims as su', (j) => j.onRef('su.customer_id', '=', 'cd.customer_id').onRef('su.id', '=', 'cd.sim_id'));
  }
  q = q
    .where('cd.customer_id', '=', customerId)
    .where('cd.invoice_id', '=', invoiceId)
    .where('cd.started_at', '>=', f.startsFrom)
    .where(whereAccessible(ability, action, 'Usage', callDetailColumns('su')));
  if (f.startsBefore) q = q.where('cd.started_at', '<', f.startsBefore);
  if (f.simId) q = q.where('cd.sim_id', '=', f.simId);
  if (f.type) q = q.where('cd.type', '=', f.type);
  if (f.destinationPrefix) {
    const patterns = destinationPrefixes(f.destinationPrefix).map((p) => `${p}%`);
    q = q.where(sql<boolean>`cd.destination LIKE ANY(${patterns}::text[])`);
  }
  return q;
}

/**
 * Call details in (started_at, id) order from a keyset position, walking call_details_invoice_idx
 * (customer_id, invoice_id, started_at, id): a page deep in the set costs what the first does.
 * The rows are `p` (call_details' columns) joined to their SIM `s`; no select list yet.
 */
export function callDetailRows(
  db: Kysely<DB>, ability: AppAbility, action: Action, customerId: string, invoiceId: string, f: CallDetailFilters,
  page: { direction: 'asc' | 'desc'; after?: readonly [string, number] | undefined; limit: number },
): AnySelect {
  let inner = callDetailsOf(db, ability, action, customerId, invoiceId, f).select([
    'cd.id', 'cd.started_at', 'cd.sim_id', 'cd.msisdn', 'cd.type', 'cd.destination', 'cd.duration_s', 'cd.volume_kb', 'cd.standard_price_cents', 'cd.billed_price_cents',
  ]);
  if (page.after) {
    const [at, id] = page.after;
    inner = inner.where(page.direction === 'asc'
      ? sql<boolean>`(cd.started_at, cd.id) > (${at}::timestamptz, ${id}::bigint)`
      : sql<boolean>`(cd.started_at, cd.id) < (${at}::timestamptz, ${id}::bigint)`);
  }
  inner = inner.orderBy('cd.started_at', page.direction).orderBy('cd.id', page.direction).limit(page.limit);
  return db
    .selectFrom(inner.as('p'))
    .innerJoin('sims as s', (j) => j.on('s.customer_id', '=', customerId).onRef('s.id', '=', sql.ref('p.sim_id')))
    .orderBy(sql`p.started_at`, page.direction).orderBy(sql`p.id`, page.direction);
}

/** A keyset page of call details (see `callDetailRows`). */
export async function pageCallDetails(
  db: Kysely<DB>, ability: AppAbility, action: Action, customerId: string, invoiceId: string, f: CallDetailFilters,
  page: { direction: 'asc' | 'desc'; after?: readonly [string, number] | undefined; limit: number },
): Promise<CallDetailRow[]> {
  return callDetailRows(db, ability, action, customerId, invoiceId, f, page)
    .select([
      sql<number>`p.id`.as('id'), exactTime('p.started_at').as('keyAt'), sql<string>`p.sim_id`.as('simId'), sql<string>`coalesce(p.msisdn, s.msisdn)`.as('msisdn'), sql<string>`p.type`.as('type'),
      sql<string | null>`p.destination`.as('destination'), sql<number | null>`p.duration_s`.as('durationS'), sql<number | null>`p.volume_kb`.as('volumeKb'),
      sql<number>`p.standard_price_cents`.as('standardPriceCents'), sql<number>`p.billed_price_cents`.as('billedPriceCents'),
    ])
    .execute() as Promise<CallDetailRow[]>;
}

/** How many call details match, counting at most `cap` (enough to tell "more than the export allows"). */
export function countCallDetails(
  db: Kysely<DB>, ability: AppAbility, action: Action, customerId: string, invoiceId: string, f: CallDetailFilters, cap: number,
): Promise<number> {
  return countRows(db, callDetailsOf(db, ability, action, customerId, invoiceId, f).select(sql`1`.as('one')).limit(cap));
}

export interface UnbilledFilters {
  /** INV-4: the latest communication instant shown (8 hours before now). */
  occurredUpTo: Date;
  /** The traffic-data window (RET-1): nothing older is kept. */
  occurredFrom: Date;
  simId?: string | undefined;
  /** The SIM card's number as stored (E.164). */
  msisdn?: string | undefined;
  type?: string | undefined;
  after?: readonly [string, number] | undefined;
  limit: number;
}

/**
 * Unbilled usage: events no closed billing period covers (INV-2: a closed period's usage is billed,
 * never "unbilled"; usage exists only for open periods), at least 8 hours old (INV-4), newest
 * first, keyset on (occurred_at, id) along the primary key.
 */
export function pageUnbilled(db: Kysely<DB>, ability: AppAbility, customerId: string, f: UnbilledFilters) {
  let q = db
    .selectFrom('usage_events as ue')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'ue.customer_id').onRef('s.id', '=', 'ue.sim_id'))
    .where('ue.customer_id', '=', customerId)
    .where('ue.occurred_at', '<=', f.occurredUpTo)
    .where('ue.occurred_at', '>=', f.occurredFrom)
    .where(whereAccessible(ability, 'read', 'Usage', EVENT_COLUMNS))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('billing_periods as bp')
      .select(sql`1`.as('one'))
      .whereRef('bp.customer_id', '=', 'ue.customer_id')
      .whereRef('bp.billing_account_id', '=', 'ue.billing_account_id')
      .where('bp.status', '=', 'closed')
      .where(sql<boolean>`(ue.occurred_at AT TIME ZONE 'Europe/Brussels')::date BETWEEN bp.starts_on AND bp.ends_on`))))
    .select([
      'ue.id', exactTime('ue.occurred_at').as('keyAt'), 'ue.sim_id as simId', sql<string>`coalesce(ue.msisdn, s.msisdn)`.as('msisdn'), 'ue.type', 'ue.destination', 'ue.duration_s as durationS',
      'ue.volume_kb as volumeKb', 'ue.standard_price_cents as standardPriceCents',
      // MOB-6: usage while the line was blocked after loss or theft is not charged.
      (eb) => eb.exists(eb.selectFrom('sim_blocks as b').select(sql`1`.as('one'))
        .whereRef('b.customer_id', '=', 'ue.customer_id').whereRef('b.sim_id', '=', 'ue.sim_id')
        .whereRef('b.blocked_from', '<=', 'ue.occurred_at')
        .where((w) => w.or([w('b.blocked_until', 'is', null), w('b.blocked_until', '>', w.ref('ue.occurred_at'))]))).as('notCharged'),
    ]);
  if (f.simId) q = q.where('ue.sim_id', '=', f.simId);
  if (f.msisdn) q = q.where('s.msisdn', '=', f.msisdn);
  if (f.type) q = q.where('ue.type', '=', f.type);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where(sql<boolean>`(ue.occurred_at, ue.id) < (${at}::timestamptz, ${id}::bigint)`);
  }
  return q.orderBy('ue.occurred_at', 'desc').orderBy('ue.id', 'desc').limit(f.limit + 1).execute();
}

export interface ChargeFilters {
  month: IsoDate;
  /** RET-1: billing data of invoices whose period ends before this day is gone. */
  billingCutoff: IsoDate;
  simId?: string | undefined;
  /** (msisdn or '' for charges of the account, charge type) of the last row of the previous page. */
  after?: readonly [string, string] | undefined;
  limit: number;
}

/**
 * Billed charges of a month per SIM and charge type, from the roll-ups (built only when a period
 * closes, INV-2), filtered by Usage: a Service User gets his own line only (ROLE-5).
 */
export function pageCharges(db: Kysely<DB>, ability: AppAbility, customerId: string, f: ChargeFilters) {
  // Byte order ("C"): the same order in ORDER BY and in the keyset comparison, whatever the database's collation.
  const msisdn = sql<string | null>`coalesce(r.msisdn, s.msisdn)`;
  const msisdnKey = sql<string>`coalesce(r.msisdn, s.msisdn, '') COLLATE "C"`;
  const typeKey = sql<string>`r.charge_type COLLATE "C"`;
  let q = db
    .selectFrom('usage_rollups as r')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'r.customer_id').onRef('i.id', '=', 'r.invoice_id'))
    .leftJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'r.customer_id').onRef('s.id', '=', 'r.sim_id'))
    .where('r.customer_id', '=', customerId)
    .where('r.month', '=', f.month)
    .where('i.period_end', '>=', f.billingCutoff)
    .where(whereAccessible(ability, 'read', 'Usage', ROLLUP_COLUMNS));
  if (f.simId) q = q.where('r.sim_id', '=', f.simId);
  if (f.after) q = q.where(sql<boolean>`(${msisdnKey}, ${typeKey}) > (${f.after[0]}, ${f.after[1]})`);
  return q
    .select(['r.sim_id as simId', msisdn.as('msisdn'), 'r.charge_type as chargeType', msisdnKey.as('msisdnKey')])
    .select((eb) => eb.fn.sum<number>('r.amount_cents').as('amountCents'))
    .groupBy(['r.sim_id', 'r.msisdn', 's.msisdn', 'r.charge_type'])
    .orderBy(msisdnKey).orderBy(typeKey)
    .limit(f.limit + 1)
    .execute();
}

/* ---- What leaves its window soon (RET-1): the bulk export ---- */

export interface ExpiringWindow {
  /** Invoices whose period ends on or after this day are still visible… */
  billingCutoff: IsoDate;
  /** …and those ending before this day are gone within 30 days. */
  billingCutoffSoon: IsoDate;
  /** Call details from this instant are still visible… */
  callsFrom: Date;
  /** …and those before this instant are gone within 30 days. */
  callsBefore: Date;
  /** Fixed-service PDFs issued on or after this day are still visible… */
  pdfCutoff: IsoDate;
  /** …and those issued before this day are gone within 30 days (INV-3: 24 months). */
  pdfCutoffSoon: IsoDate;
  /** Only this billing account's, when the export is narrowed to one. */
  billingAccountId?: string | undefined;
}

/** The customer's invoices `i` with their account `ba`, the ability allowing `export` on Invoice. */
function exportableInvoices(db: Kysely<DB>, ability: AppAbility, customerId: string) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .where('i.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'export', 'Invoice', INVOICE_COLUMNS));
}

/** The invoices leaving the window. */
function expiringInvoices(db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow) {
  return exportableInvoices(db, ability, customerId)
    .where('i.period_end', '>=', w.billingCutoff)
    .where('i.period_end', '<', w.billingCutoffSoon)
    .$if(w.billingAccountId !== undefined, (q) => q.where('i.billing_account_id', '=', w.billingAccountId!));
}

export interface ExpiringInvoiceRow {
  id: string;
  number: string;
  billingAccountNumber: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  issueDate: IsoDate;
  dueDate: IsoDate;
  amountExclVatCents: number;
  vatCents: number;
  amountInclVatCents: number;
  paymentStatus: string;
}

export function pageExpiringInvoices(db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow, after: string | undefined, limit: number): Promise<ExpiringInvoiceRow[]> {
  let q = expiringInvoices(db, ability, customerId, w).select([
    'i.id', 'i.number', 'ba.number as billingAccountNumber', 'i.period_start as periodStart', 'i.period_end as periodEnd', 'i.issue_date as issueDate',
    'i.due_date as dueDate', 'i.amount_excl_vat_cents as amountExclVatCents', 'i.vat_cents as vatCents', 'i.amount_incl_vat_cents as amountInclVatCents',
    'i.payment_status as paymentStatus',
  ]);
  if (after !== undefined) q = q.where('i.number', '>', after);
  return q.orderBy('i.number').limit(limit).execute();
}

export interface ExpiringLineRow {
  invoiceNumber: string;
  lineNo: number;
  msisdn: string | null;
  chargeType: string;
  description: string;
  quantity: number;
  amountExclVatCents: number;
  vatRateBp: number;
}

export function pageExpiringLines(
  db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow, after: readonly [string, number] | undefined, limit: number,
): Promise<ExpiringLineRow[]> {
  let q = expiringInvoices(db, ability, customerId, w)
    .innerJoin('invoice_lines as il', (j) => j.onRef('il.customer_id', '=', 'i.customer_id').onRef('il.invoice_id', '=', 'i.id'))
    .leftJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'il.customer_id').onRef('s.id', '=', 'il.sim_id'))
    .select([
      'i.number as invoiceNumber', 'il.line_no as lineNo', sql<string | null>`coalesce(il.msisdn, s.msisdn)`.as('msisdn'), 'il.charge_type as chargeType', 'il.description', 'il.quantity',
      'il.amount_excl_vat_cents as amountExclVatCents', 'il.vat_rate_bp as vatRateBp',
    ]);
  if (after) q = q.where(sql<boolean>`(i.number, il.line_no) > (${after[0]}, ${after[1]}::integer)`);
  return q.orderBy('i.number').orderBy('il.line_no').limit(limit).execute();
}

/**
 * Call details leaving their window within 30 days, of invoices still visible and readable,
 * the ability allowing `export` on Usage. Keyset on (started_at, id) along the primary key.
 */
function expiringCallDetails(db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow) {
  return db
    .selectFrom('call_details as cd')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'cd.customer_id').onRef('s.id', '=', 'cd.sim_id'))
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'cd.customer_id').onRef('i.id', '=', 'cd.invoice_id'))
    .where('cd.customer_id', '=', customerId)
    .where('cd.started_at', '>=', w.callsFrom)
    .where('cd.started_at', '<', w.callsBefore)
    .where('i.period_end', '>=', w.billingCutoff)
    .$if(w.billingAccountId !== undefined, (q) => q.where('i.billing_account_id', '=', w.billingAccountId!))
    .where(whereAccessible(ability, 'read', 'Invoice', INVOICE_COLUMNS))
    .where(whereAccessible(ability, 'export', 'Usage', callDetailColumns('s')));
}

export interface ExpiringCallDetailRow extends CallDetailRow {
  invoiceNumber: string;
}

export function pageExpiringCallDetails(
  db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow, after: readonly [string, number] | undefined, limit: number,
): Promise<ExpiringCallDetailRow[]> {
  let q = expiringCallDetails(db, ability, customerId, w).select([
    'cd.id', exactTime('cd.started_at').as('keyAt'), 'i.number as invoiceNumber', 'cd.sim_id as simId', sql<string>`coalesce(cd.msisdn, s.msisdn)`.as('msisdn'), 'cd.type', 'cd.destination',
    'cd.duration_s as durationS', 'cd.volume_kb as volumeKb', 'cd.standard_price_cents as standardPriceCents', 'cd.billed_price_cents as billedPriceCents',
  ]);
  if (after) q = q.where(sql<boolean>`(cd.started_at, cd.id) > (${after[0]}::timestamptz, ${after[1]}::bigint)`);
  return q.orderBy('cd.started_at').orderBy('cd.id').limit(limit).execute();
}

/**
 * Fixed-service invoice PDFs leaving their 24-month window within 30 days (INV-3): listed with
 * where to download them while they still can be.
 */
function expiringPdfs(db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow) {
  return exportableInvoices(db, ability, customerId)
    .innerJoin('invoice_pdfs as p', (j) => j.onRef('p.customer_id', '=', 'i.customer_id').onRef('p.invoice_id', '=', 'i.id'))
    .where('ba.type', '=', 'fix')
    .where('i.issue_date', '>=', w.pdfCutoff)
    .where('i.issue_date', '<', w.pdfCutoffSoon)
    .$if(w.billingAccountId !== undefined, (q) => q.where('i.billing_account_id', '=', w.billingAccountId!));
}

export interface ExpiringPdfRow {
  id: string;
  number: string;
  billingAccountNumber: string;
  issueDate: IsoDate;
}

export function pageExpiringPdfs(db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow, after: string | undefined, limit: number): Promise<ExpiringPdfRow[]> {
  let q = expiringPdfs(db, ability, customerId, w).select(['i.id', 'i.number', 'ba.number as billingAccountNumber', 'i.issue_date as issueDate']);
  if (after !== undefined) q = q.where('i.number', '>', after);
  return q.orderBy('i.number').limit(limit).execute();
}

/** How many rows `inner` (already limited) yields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function countRows(db: Kysely<DB>, inner: SelectQueryBuilder<any, any, any>): Promise<number> {
  const row = await db.selectFrom(inner.as('x')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows of the expiring export (invoices, their lines, call details, PDFs), each part counted up to `cap`. */
export async function countExpiring(db: Kysely<DB>, ability: AppAbility, customerId: string, w: ExpiringWindow, cap: number): Promise<number> {
  const invoices = await countRows(db, expiringInvoices(db, ability, customerId, w).select(sql`1`.as('one')).limit(cap));
  const lines = await countRows(db, expiringInvoices(db, ability, customerId, w)
    .innerJoin('invoice_lines as il', (j) => j.onRef('il.customer_id', '=', 'i.customer_id').onRef('il.invoice_id', '=', 'i.id'))
    .select(sql`1`.as('one')).limit(cap));
  const calls = await countRows(db, expiringCallDetails(db, ability, customerId, w).select(sql`1`.as('one')).limit(cap));
  const pdfs = await countRows(db, expiringPdfs(db, ability, customerId, w).select(sql`1`.as('one')).limit(cap));
  return invoices + lines + calls + pdfs;
}
