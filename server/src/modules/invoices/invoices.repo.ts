import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { InvoiceStatus } from '@mandate/contracts/invoices';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { whereAccessible } from '../../lib/accessible-by.ts';

/** The columns the Invoice subject's rule fields stand for in these queries. */
export const INVOICE_COLUMNS = { customerId: 'i.customer_id', billingAccountId: 'i.billing_account_id' } as const;

/**
 * What a query may show at one instant (RET-1, INV-3), as Brussels days: `today` (for overdue),
 * the first period end whose billing data is still kept, and the first issue date whose fixed-service
 * PDF is still kept.
 */
export interface RetentionWindow {
  today: string;
  billingCutoff: string;
  pdfCutoff: string;
}

/** INV-7: a dispute that makes the invoice "disputed" (it is being handled). */
export const LIVE_DISPUTE = ['open', 'in_review'] as const;
/**
 * A dispute whose amount is not due (INV-7): live, or accepted (the credit follows on a later
 * invoice). Its lines cannot be disputed again.
 */
export const STANDING_DISPUTE = ['open', 'in_review', 'accepted'] as const;
/**
 * A dispute whose lines cannot be disputed again: standing, or rejected (the operator decided;
 * the amount is due again, but the same complaint is not filed twice). Only a withdrawn one frees them.
 */
export const DECIDED_OR_STANDING_DISPUTE = [...STANDING_DISPUTE, 'rejected'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Eb = ExpressionBuilder<any, any>;

const hasPdf = sql<SqlBool>`EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.customer_id = i.customer_id AND p.invoice_id = i.id)`;

/** The part of the invoice under a standing dispute (INV-7: the rest stays due). */
export const standingDisputedSql = sql<number>`(SELECT coalesce(sum(d.disputed_cents), 0)::bigint FROM disputes d
  WHERE d.customer_id = i.customer_id AND d.invoice_id = i.id AND d.status IN ('open', 'in_review', 'accepted'))`;

/**
 * INV-9: unpaid past its due date (a Brussels day) with something still to pay: the undisputed
 * part (INV-7) of a positive amount. A credit note or a fully disputed invoice owes nothing.
 */
const owingPastDueSql = (today: string) =>
  sql<SqlBool>`(i.payment_status = 'open' AND i.due_date < ${today}::date AND i.amount_incl_vat_cents - ${standingDisputedSql} > 0)`;

/** Derived at query time (billing-api.md): disputed, else paid, else overdue when something is owed past the due date, else open. */
export const statusSql = (today: string) => sql<InvoiceStatus>`CASE
  WHEN EXISTS (SELECT 1 FROM disputes d WHERE d.customer_id = i.customer_id AND d.invoice_id = i.id AND d.status IN ('open', 'in_review')) THEN 'disputed'
  WHEN i.payment_status = 'paid' THEN 'paid'
  WHEN ${owingPastDueSql(today)} THEN 'overdue'
  ELSE 'open' END`;

/**
 * RET-1 / INV-3: billing data while its period ended on or after the cut-off; a fixed-service
 * invoice's shipped PDF (and its header) for 24 months after its date.
 */
export function retained(w: RetentionWindow) {
  return (eb: Eb): Expression<SqlBool> => eb.or([
    eb('i.period_end', '>=', w.billingCutoff),
    eb.and([eb('ba.type', '=', 'fix'), eb('i.issue_date', '>=', w.pdfCutoff), hasPdf]),
  ]);
}

/** The invoices of a customer the ability lets `action`-read and retention still shows, with their account. */
export function visibleInvoices(db: Kysely<DB>, ability: AppAbility, customerId: string, w: RetentionWindow) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .where('i.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'read', 'Invoice', INVOICE_COLUMNS))
    .where(retained(w));
}

type VisibleInvoices = ReturnType<typeof visibleInvoices>;

function withSummaryColumns(q: VisibleInvoices, w: RetentionWindow) {
  return q.select([
    'i.id', 'i.number', 'i.billing_account_id as billingAccountId', 'ba.number as accountNumber', 'ba.name as accountName', 'ba.type as accountType',
    'i.period_start as periodStart', 'i.period_end as periodEnd', 'i.issue_date as issueDate', 'i.due_date as dueDate',
    'i.amount_excl_vat_cents as amountExclVatCents', 'i.vat_cents as vatCents', 'i.amount_incl_vat_cents as amountInclVatCents',
    'i.payment_status as paymentStatus', 'i.paid_on as paidOn',
    sql<boolean>`i.period_end < ${w.billingCutoff}::date`.as('pdfOnly'),
    statusSql(w.today).as('status'),
    standingDisputedSql.as('standingDisputedCents'),
  ]);
}

export type InvoiceRow = Awaited<ReturnType<ReturnType<typeof withSummaryColumns>['execute']>>[number];

export type InvoiceSortColumn = 'issue_date' | 'due_date' | 'amount_incl_vat_cents';

export interface InvoiceFilters {
  billingAccountId?: string | undefined;
  /** First day of the first month, inclusive (period start). */
  periodFrom?: string | undefined;
  /** First day of the month after the last one, exclusive (period start). */
  periodToExclusive?: string | undefined;
  status?: InvoiceStatus | undefined;
  minAmountCents?: number | undefined;
  maxAmountCents?: number | undefined;
}

function filtered(q: VisibleInvoices, w: RetentionWindow, f: InvoiceFilters): VisibleInvoices {
  if (f.billingAccountId) q = q.where('i.billing_account_id', '=', f.billingAccountId);
  if (f.periodFrom) q = q.where('i.period_start', '>=', f.periodFrom);
  if (f.periodToExclusive) q = q.where('i.period_start', '<', f.periodToExclusive);
  if (f.minAmountCents !== undefined) q = q.where('i.amount_incl_vat_cents', '>=', f.minAmountCents);
  if (f.maxAmountCents !== undefined) q = q.where('i.amount_incl_vat_cents', '<=', f.maxAmountCents);
  // Overdue is what is owed past its due date, a disputed invoice's undisputed part included (its status stays disputed).
  if (f.status === 'overdue') q = q.where(owingPastDueSql(w.today));
  else if (f.status) q = q.where(sql<boolean>`(${statusSql(w.today)}) = ${f.status}`);
  return q;
}

const CAST: Record<InvoiceSortColumn, string> = { issue_date: 'date', due_date: 'date', amount_incl_vat_cents: 'bigint' };

/**
 * A keyset page of the filtered invoices (`limit + 1` rows tell whether there is a next page) with
 * the totals of the whole filtered set and the amount due of each unpaid invoice past its due date
 * (INV-9). One statement: the page comes back as a JSON array beside the sums, so a list costs one
 * round trip and one plan instead of two.
 */
export async function invoicePage(
  db: Kysely<DB>, ability: AppAbility, customerId: string, w: RetentionWindow, f: InvoiceFilters,
  page: { column: InvoiceSortColumn; desc: boolean; after?: readonly [string | number, string] | undefined; limit: number },
) {
  const all = filtered(visibleInvoices(db, ability, customerId, w), w, f);
  let q = all;
  const column = sql.ref(`i.${page.column}`);
  if (page.after) {
    const [value, id] = page.after;
    q = q.where(sql<boolean>`(${column}, i.id) ${sql.raw(page.desc ? '<' : '>')} (${value}::${sql.raw(CAST[page.column])}, ${id}::uuid)`);
  }
  const dir = page.desc ? 'desc' : 'asc';
  const rows = withSummaryColumns(q, w).orderBy(column, dir).orderBy('i.id', dir).limit(page.limit + 1);
  const row = await all
    .select([
      jsonArrayFrom(rows).as('rows'),
      sql<number>`count(*)::int`.as('count'),
      // RET-1: the amounts add up the 12 months of billing data; a fixed-service invoice kept as a PDF only is counted apart.
      sql<number>`count(*) FILTER (WHERE i.period_end < ${w.billingCutoff}::date)::int`.as('pdfOnlyCount'),
      sql<number>`coalesce(sum(i.amount_excl_vat_cents) FILTER (WHERE i.period_end >= ${w.billingCutoff}::date), 0)::bigint`.as('amountExclVatCents'),
      sql<number>`coalesce(sum(i.amount_incl_vat_cents) FILTER (WHERE i.period_end >= ${w.billingCutoff}::date), 0)::bigint`.as('amountInclVatCents'),
      sql<Array<number | string>>`coalesce(array_agg(i.amount_incl_vat_cents - ${standingDisputedSql})
        FILTER (WHERE ${owingPastDueSql(w.today)} AND i.period_end >= ${w.billingCutoff}::date), '{}')`.as('overdueDue'),
    ])
    .executeTakeFirstOrThrow();
  const { rows: pageRows, ...totals } = row;
  return { rows: pageRows as InvoiceRow[], totals: { ...totals, overdueDue: totals.overdueDue.map(Number) } };
}

/** One visible invoice, or undefined (out of scope, expired or unknown: the caller answers 404). */
export function findInvoice(db: Kysely<DB>, ability: AppAbility, customerId: string, w: RetentionWindow, invoiceId: string) {
  return withSummaryColumns(visibleInvoices(db, ability, customerId, w).where('i.id', '=', invoiceId), w).executeTakeFirst();
}

/** An invoice's lines in line order, with the SIM's number and the cost centre's name; `inDispute`: in a standing dispute; `disputable`: in no dispute but a withdrawn one. */
export function invoiceLines(db: Kysely<DB>, customerId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_lines as l')
    .leftJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'l.customer_id').onRef('s.id', '=', 'l.sim_id'))
    .leftJoin('cost_centres as cc', (j) => j.onRef('cc.customer_id', '=', 'l.customer_id').onRef('cc.id', '=', 'l.cost_centre_id'))
    .where('l.customer_id', '=', customerId)
    .where('l.invoice_id', '=', invoiceId)
    .select([
      'l.line_no as lineNo', 'l.sim_id as simId', sql<string | null>`coalesce(l.msisdn, s.msisdn)`.as('msisdn'), 'l.cost_centre_id as costCentreId', 'cc.name as costCentreName',
      'l.charge_type as chargeType', 'l.description', 'l.quantity', 'l.amount_excl_vat_cents as amountExclVatCents', 'l.vat_rate_bp as vatRateBp',
      sql<boolean>`EXISTS (SELECT 1 FROM dispute_lines dl JOIN disputes d ON d.customer_id = dl.customer_id AND d.id = dl.dispute_id
        WHERE dl.customer_id = l.customer_id AND dl.invoice_id = l.invoice_id AND dl.line_no = l.line_no
        AND d.status IN ('open', 'in_review', 'accepted'))`.as('inDispute'),
      // A rejected dispute was decided too: its lines are not disputed again; only a withdrawn one frees them.
      sql<boolean>`NOT EXISTS (SELECT 1 FROM disputes d LEFT JOIN dispute_lines dl ON dl.customer_id = d.customer_id AND dl.dispute_id = d.id
        WHERE d.customer_id = l.customer_id AND d.invoice_id = l.invoice_id AND d.status <> 'withdrawn'
        AND (dl.line_no = l.line_no OR NOT EXISTS (SELECT 1 FROM dispute_lines whole WHERE whole.customer_id = d.customer_id AND whole.dispute_id = d.id)))`.as('disputable'),
    ])
    .orderBy('l.line_no')
    .execute();
}

/** The PDF the billing run shipped, if any. */
/** The invoice's kept PDF: shipped by its billing run (no language), or rendered by the portal at ingestion (in `language`). */
/** An invoice's header as its PDF shows it, for the portal's own work (a GreenBill mail): no reader's rules. */
export function invoiceForPdf(db: Kysely<DB>, customerId: string, invoiceId: string) {
  return db.selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .where('i.customer_id', '=', customerId)
    .where('i.id', '=', invoiceId)
    .select([
      'i.number', 'ba.number as accountNumber', 'ba.name as accountName', 'c.name as customerName',
      'i.period_start as periodStart', 'i.period_end as periodEnd', 'i.issue_date as issueDate', 'i.due_date as dueDate',
      'i.amount_excl_vat_cents as amountExclVatCents', 'i.vat_cents as vatCents', 'i.amount_incl_vat_cents as amountInclVatCents',
    ])
    .executeTakeFirst();
}

export function keptPdf(db: Kysely<DB>, customerId: string, invoiceId: string) {
  return db.selectFrom('invoice_pdfs').select(['content', 'language']).where('customer_id', '=', customerId).where('invoice_id', '=', invoiceId).executeTakeFirst();
}

/** The billing accounts the ability lets the principal read (BillingAccount), by number. */
export function listBillingAccounts(db: Kysely<DB>, ability: AppAbility, customerId: string) {
  return db
    .selectFrom('billing_accounts as ba')
    .where('ba.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'read', 'BillingAccount', { customerId: 'ba.customer_id', billingAccountId: 'ba.id' }))
    .select(['ba.id', 'ba.number', 'ba.name', 'ba.type'])
    .orderBy('ba.number')
    .execute();
}

/** A customer's name (for a generated PDF's header). */
export async function customerName(db: Kysely<DB>, customerId: string): Promise<string> {
  return (await db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirstOrThrow()).name;
}
