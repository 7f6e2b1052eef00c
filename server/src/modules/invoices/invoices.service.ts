import { addMonths } from '@mandate/domain/dates';
import { disputeDeadline } from '@mandate/domain/deadlines';
import { latePaymentFee } from '@mandate/domain/fees';
import { eur } from '@mandate/domain/money';
import { availableUntil } from '@mandate/domain/retention';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import type {
  BillingAccountListResponse, BillingAccountRef, InvoiceDetail, InvoiceListQuery, InvoiceListResponse, InvoiceSort, InvoiceSummary,
} from '@mandate/contracts/invoices';
import type { Deps } from '../../lib/deps.ts';
import { decodeCursor, forQuery, keyset, toPage, type KeyPart, type Keyset } from '../../lib/paging.ts';
import { badRequest, notFound } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import {
  customerName, findInvoice, invoiceForPdf, invoiceLines, invoicePage, keptPdf, listBillingAccounts,
  type InvoiceFilters, type InvoiceRow, type InvoiceSortColumn, type RetentionWindow,
} from './invoices.repo.ts';
import { disputesOfInvoice } from './disputes.service.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';
import { retentionWindow } from './retention-window.ts';


/** INV-9: what an unpaid invoice past its due date costs: its undisputed part (INV-7) plus the late-payment fee; null when nothing is due. */
export function owedOf(amountDueCents: number): InvoiceSummary['owed'] {
  if (amountDueCents <= 0) return null;
  const fee = latePaymentFee(eur(amountDueCents)).cents;
  return { amountDueCents, lateFeeCents: fee, totalCents: amountDueCents + fee };
}

const accountOf = (r: { billingAccountId: string; accountNumber: string; accountName: string; accountType: string }): BillingAccountRef => ({
  id: r.billingAccountId, number: r.accountNumber, name: r.accountName, type: r.accountType as BillingAccountRef['type'],
});

export function toSummary(r: InvoiceRow, w: RetentionWindow): InvoiceSummary {
  const overdue = r.paymentStatus === 'open' && r.dueDate < w.today;
  return {
    id: r.id, number: r.number, billingAccount: accountOf(r),
    periodStart: r.periodStart, periodEnd: r.periodEnd, issueDate: r.issueDate, dueDate: r.dueDate,
    amountExclVatCents: r.amountExclVatCents, vatCents: r.vatCents, amountInclVatCents: r.amountInclVatCents, currency: 'EUR',
    status: r.status, paidOn: r.paidOn,
    availableUntil: (r.pdfOnly ? availableUntil('fixed_invoice_pdf', r.issueDate) : availableUntil('billing_data', r.periodEnd)).toISOString(),
    pdfOnly: r.pdfOnly,
    disputeDeadline: disputeDeadline(r.issueDate),
    owed: overdue ? owedOf(r.amountInclVatCents - r.standingDisputedCents) : null,
  };
}

interface SortSpec {
  column: InvoiceSortColumn;
  desc: boolean;
  set: Keyset<readonly KeyPart[]>;
}

/** One keyset per sort order: a cursor of another order (or list) is refused with a 400. */
const SORTS: Record<InvoiceSort, SortSpec> = {
  'issueDate:desc': { column: 'issue_date', desc: true, set: keyset('invoices:issueDate:desc', 'date', 'uuid') },
  'issueDate:asc': { column: 'issue_date', desc: false, set: keyset('invoices:issueDate:asc', 'date', 'uuid') },
  'amount:desc': { column: 'amount_incl_vat_cents', desc: true, set: keyset('invoices:amount:desc', 'integer', 'uuid') },
  'amount:asc': { column: 'amount_incl_vat_cents', desc: false, set: keyset('invoices:amount:asc', 'integer', 'uuid') },
  'dueDate:asc': { column: 'due_date', desc: false, set: keyset('invoices:dueDate:asc', 'date', 'uuid') },
  'dueDate:desc': { column: 'due_date', desc: true, set: keyset('invoices:dueDate:desc', 'date', 'uuid') },
};

/** The list's filters, checked beyond their schema: a reversed range names the field that reverses it. */
function filtersOf(query: InvoiceListQuery): InvoiceFilters {
  const { periodFrom, periodTo, minAmountCents, maxAmountCents } = query;
  if (periodFrom && periodTo && periodFrom > periodTo) throw badRequest('querystring.periodTo', 'is before periodFrom');
  if (minAmountCents !== undefined && maxAmountCents !== undefined && minAmountCents > maxAmountCents) {
    throw badRequest('querystring.maxAmountCents', 'is less than minAmountCents');
  }
  return {
    billingAccountId: query.billingAccountId,
    periodFrom: periodFrom ? `${periodFrom}-01` : undefined,
    periodToExclusive: periodTo ? addMonths(`${periodTo}-01`, 1) : undefined,
    status: query.status, minAmountCents, maxAmountCents,
  };
}

/** GET …/invoices: a keyset page of the invoices the principal may read and retention still shows, with the totals of the whole filtered set. */
export async function getInvoicePage(deps: Deps, principal: Principal, customerId: string, query: InvoiceListQuery): Promise<InvoiceListResponse> {
  const { limit = 50, cursor } = query;
  const sort = SORTS[query.sort ?? 'issueDate:desc'];
  const pages = forQuery(sort.set, query);
  const after = decodeCursor(pages, cursor) as [string | number, string] | undefined;
  const filters = filtersOf(query);
  const w = retentionWindow(deps.clock.now());
  const { rows, totals } = await invoicePage(deps.db, principal.ability, customerId, w, filters, { column: sort.column, desc: sort.desc, after, limit });
  const keyOf = (r: InvoiceRow): [string | number, string] => [
    sort.column === 'issue_date' ? r.issueDate : sort.column === 'due_date' ? r.dueDate : r.amountInclVatCents, r.id,
  ];
  const page = toPage(rows, limit, pages, keyOf as never, (r) => toSummary(r, w));
  return {
    ...page,
    totals: {
      count: totals.count,
      pdfOnlyCount: totals.pdfOnlyCount,
      amountExclVatCents: totals.amountExclVatCents,
      amountInclVatCents: totals.amountInclVatCents,
      owedCents: totals.overdueDue.reduce((sum, due) => sum + (owedOf(due)?.totalCents ?? 0), 0),
    },
  };
}

const CHARGE_TYPES = ['subscription', 'option', 'national_voice', 'international_voice', 'roaming', 'sms', 'data', 'one_off', 'discount'] as const;

/** A visible invoice or 404 (out of scope, expired, unknown). */
async function visibleInvoice(deps: Deps, principal: Principal, customerId: string, invoiceId: string) {
  const w = retentionWindow(deps.clock.now());
  const row = await findInvoice(deps.db, principal.ability, customerId, w, invoiceId);
  if (!row) throw notFound('invoice');
  return { row, w };
}

/** GET …/invoices/{invoiceId}: the header, its lines grouped by SIM and charge type, its disputes; a PDF-only invoice gives its header alone (INV-3). */
export async function getInvoiceDetail(deps: Deps, principal: Principal, customerId: string, invoiceId: string): Promise<InvoiceDetail> {
  const { row, w } = await visibleInvoice(deps, principal, customerId, invoiceId);
  const summary = toSummary(row, w);
  if (row.pdfOnly) {
    return { ...summary, undisputedCents: row.amountInclVatCents - row.standingDisputedCents, lines: [], bySim: [], withoutSimCents: 0, byChargeType: [], disputes: [] };
  }
  const [lines, disputes] = await Promise.all([invoiceLines(deps.db, customerId, invoiceId), disputesOfInvoice(deps, customerId, invoiceId)]);
  const wholeInvoice = disputes.some((d) => d.lineNos.length === 0 && ['open', 'in_review', 'accepted'].includes(d.status));
  const bySim = new Map<string, { simId: string; msisdn: string; totalCents: number }>();
  const byType = new Map<string, number>();
  let withoutSimCents = 0;
  for (const l of lines) {
    if (l.simId) {
      const sim = bySim.get(l.simId) ?? { simId: l.simId, msisdn: l.msisdn ?? '', totalCents: 0 };
      sim.totalCents += l.amountExclVatCents;
      bySim.set(l.simId, sim);
    } else {
      withoutSimCents += l.amountExclVatCents;
    }
    byType.set(l.chargeType, (byType.get(l.chargeType) ?? 0) + l.amountExclVatCents);
  }
  return {
    ...summary,
    undisputedCents: row.amountInclVatCents - row.standingDisputedCents,
    lines: lines.map((l) => ({
      lineNo: l.lineNo, simId: l.simId, msisdn: l.msisdn, costCentre: l.costCentreId ? { id: l.costCentreId, name: l.costCentreName ?? '' } : null,
      chargeType: l.chargeType as InvoiceDetail['lines'][number]['chargeType'], description: l.description, quantity: l.quantity,
      amountExclVatCents: l.amountExclVatCents, vatRateBp: l.vatRateBp, disputed: wholeInvoice || l.inDispute, disputable: l.disputable,
    })),
    bySim: [...bySim.values()].sort((a, b) => a.msisdn.localeCompare(b.msisdn)),
    withoutSimCents,
    byChargeType: CHARGE_TYPES.filter((t) => byType.has(t)).map((t) => ({ chargeType: t, totalCents: byType.get(t)! })),
    disputes,
  };
}

/**
 * GET …/invoices/{invoiceId}/pdf: the shipped PDF; else, while the invoice's lines are retained, one
 * generated now in `language` (INV-6 caveat included); else the one the portal kept at ingestion (INV-3).
 */
export async function getInvoicePdf(
  deps: Deps, principal: Principal, customerId: string, invoiceId: string, language: Language,
): Promise<{ number: string; pdf: Buffer; /** The language it is written in: generated here, not the one the billing run shipped. */ language: Language | null }> {
  const { row } = await visibleInvoice(deps, principal, customerId, invoiceId);
  const kept = await keptPdf(deps.db, customerId, invoiceId);
  if (kept && (kept.language === null || row.pdfOnly)) return { number: row.number, pdf: Buffer.from(kept.content), language: LANGUAGES.find((l) => l === kept.language) ?? null };
  // A PDF-only invoice always has a kept PDF (that is what keeps it visible), so its lines are still here.
  const [lines, customer] = await Promise.all([
    invoiceLines(deps.db, customerId, invoiceId),
    customerName(deps.db, customerId),
  ]);
  const pdf = await renderInvoicePdf({
    number: row.number, account: { number: row.accountNumber, name: row.accountName }, customerName: customer,
    periodStart: row.periodStart, periodEnd: row.periodEnd, issueDate: row.issueDate, dueDate: row.dueDate,
    amountExclVatCents: row.amountExclVatCents, vatCents: row.vatCents, amountInclVatCents: row.amountInclVatCents, lines,
  }, deps.clock.now(), language);
  return { number: row.number, pdf, language };
}

/**
 * The PDF a GreenBill mail carries (EBL-1: the invoice is received as PDF at the confirmed address):
 * the one the billing run shipped, else one generated in the recipient's language; null when the
 * invoice is gone.
 */
export async function invoicePdfForMail(deps: Pick<Deps, 'db' | 'clock'>, customerId: string, invoiceId: string, language: Language): Promise<{ name: string; content: Buffer } | null> {
  const [row, kept] = await Promise.all([invoiceForPdf(deps.db, customerId, invoiceId), keptPdf(deps.db, customerId, invoiceId)]);
  if (!row) return null;
  const name = `${row.number.replaceAll('/', '-')}.pdf`;
  if (kept && kept.language === null) return { name, content: Buffer.from(kept.content) };
  const lines = await invoiceLines(deps.db, customerId, invoiceId);
  const content = await renderInvoicePdf({ ...row, account: { number: row.accountNumber, name: row.accountName }, lines }, deps.clock.now(), language);
  return { name, content };
}

/** GET …/billing-accounts: the accounts the principal may read (BillingAccount), by number. */
export async function getBillingAccounts(deps: Deps, principal: Principal, customerId: string): Promise<BillingAccountListResponse> {
  const rows = await listBillingAccounts(deps.db, principal.ability, customerId);
  return { items: rows.map((r) => ({ id: r.id, number: r.number, name: r.name, type: r.type as BillingAccountRef['type'] })), nextCursor: null };
}
