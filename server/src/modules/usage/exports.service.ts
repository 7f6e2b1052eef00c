import type { ExpiringExportQuery } from '@mandate/contracts/usage';
import { addDays, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import { availableUntil, retentionCutoffDate, retentionStart } from '@mandate/domain/retention';
import type { Deps } from '../../lib/deps.ts';
import { badRequest } from '../../lib/problem.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, section, type ExportDocument } from '../../lib/export-stream.ts';
import type { Principal } from '../../types.ts';
import { CALL_DETAIL_EXPORT_COLUMNS, exportStream, exportTooLarge, prefetched, type PreparedExport } from './call-details.service.ts';
import {
  countExpiring, pageExpiringCallDetails, pageExpiringInvoices, pageExpiringLines, pageExpiringPdfs,
  type ExpiringCallDetailRow, type ExpiringInvoiceRow, type ExpiringLineRow, type ExpiringPdfRow, type ExpiringWindow,
} from './usage.repo.ts';

/** What "soon" is for the bulk export of data leaving its retention window. */
export const EXPIRING_WITHIN_MS = 30 * 86_400_000;

/** RET-1: what is visible now and gone `EXPIRING_WITHIN_MS` from now. */
export function expiringWindow(now: Date): ExpiringWindow {
  const soon = new Date(now.getTime() + EXPIRING_WITHIN_MS);
  return {
    billingCutoff: retentionCutoffDate('billing_data', now),
    billingCutoffSoon: retentionCutoffDate('billing_data', soon),
    callsFrom: retentionStart('call_details', now),
    callsBefore: retentionStart('call_details', soon),
    pdfCutoff: retentionCutoffDate('fixed_invoice_pdf', now),
    pdfCutoffSoon: retentionCutoffDate('fixed_invoice_pdf', soon),
  };
}

/**
 * The window narrowed as asked: to one billing account, and its call details to Brussels days
 * (a 50,000-SIM customer has millions of them leaving in a month: exported in parts).
 */
function narrowedWindow(w: ExpiringWindow, query: ExpiringExportQuery): ExpiringWindow {
  if (query.from && query.to && query.from > query.to) throw badRequest('querystring.from', 'is after querystring.to');
  const fromDay = query.from ? brusselsStartOfDay(query.from) : null;
  const afterDay = query.to ? brusselsStartOfDay(addDays(query.to, 1)) : null;
  return {
    ...w,
    billingAccountId: query.billingAccountId,
    callsFrom: fromDay && fromDay > w.callsFrom ? fromDay : w.callsFrom,
    callsBefore: afterDay && afterDay < w.callsBefore ? afterDay : w.callsBefore,
  };
}

/**
 * GET …/exports/expiring: everything of the principal's scope that leaves its window within 30
 * days (RET-1, INV-3): invoices and their lines (export on Invoice), call details (export on Usage,
 * of invoices he may read) and the fixed-service PDFs reaching 24 months, listed with their
 * download path; streamed with the caveat (INV-6) and a data dictionary.
 */
export async function prepareExpiringExport(deps: Deps, principal: Principal, customerId: string, query: ExpiringExportQuery): Promise<PreparedExport> {
  const now = deps.clock.now();
  const { ability } = principal;
  const { db } = deps;
  const w = narrowedWindow(expiringWindow(now), query);
  const max = deps.config.exportMaxRows;
  const rowCount = await countExpiring(db, ability, customerId, w, max + 1);
  if (rowCount > max) throw exportTooLarge(max, (['billingAccountId', 'from', 'to'] as const).filter((f) => f !== 'billingAccountId' || query[f] === undefined));
  const format = query.format ?? 'csv';
  const doc: ExportDocument = {
    sections: [
      section<ExpiringInvoiceRow>({
        title: 'Invoices',
        columns: [
          { header: 'invoiceNumber', meaning: 'number of the invoice', kind: 'text', value: (r) => r.number },
          { header: 'billingAccount', meaning: 'number of the billing account', kind: 'text', value: (r) => r.billingAccountNumber },
          { header: 'periodStart', meaning: 'first day of the billed period', kind: 'date', value: (r) => r.periodStart },
          { header: 'periodEnd', meaning: 'last day of the billed period', kind: 'date', value: (r) => r.periodEnd },
          { header: 'issueDate', meaning: 'date of the invoice', kind: 'date', value: (r) => r.issueDate },
          { header: 'dueDate', meaning: 'date by which it is to be paid', kind: 'date', value: (r) => r.dueDate },
          { header: 'amountExclVatEur', meaning: 'total in euros excluding VAT', kind: 'money', value: (r) => r.amountExclVatCents },
          { header: 'vatEur', meaning: 'VAT in euros', kind: 'money', value: (r) => r.vatCents },
          { header: 'amountInclVatEur', meaning: 'total in euros including VAT', kind: 'money', value: (r) => r.amountInclVatCents },
          { header: 'paymentStatus', meaning: 'open or paid', kind: 'text', value: (r) => r.paymentStatus },
          { header: 'availableUntil', meaning: 'when the invoice leaves the 12-month window, Brussels time', kind: 'instant', value: (r) => availableUntil('billing_data', r.periodEnd) },
        ],
        batches: () => prefetched((after: string | undefined, limit) => pageExpiringInvoices(db, ability, customerId, w, after, limit), (r) => r.number),
      }),
      section<ExpiringLineRow>({
        title: 'Invoice lines',
        columns: [
          { header: 'invoiceNumber', meaning: 'number of the invoice the line is on', kind: 'text', value: (r) => r.invoiceNumber },
          { header: 'lineNo', meaning: 'line number on the invoice', kind: 'integer', value: (r) => r.lineNo },
          { header: 'msisdn', meaning: 'mobile number of the SIM, empty for a charge of the account', kind: 'text', value: (r) => r.msisdn },
          { header: 'chargeType', meaning: 'subscription, option, national_voice, international_voice, roaming, sms, data, one_off or discount', kind: 'text', value: (r) => r.chargeType },
          { header: 'description', meaning: 'text of the line', kind: 'text', value: (r) => r.description },
          { header: 'quantity', meaning: 'quantity billed', kind: 'integer', value: (r) => r.quantity },
          { header: 'amountExclVatEur', meaning: 'amount in euros excluding VAT (negative for a discount)', kind: 'money', value: (r) => r.amountExclVatCents },
          { header: 'vatRatePercent', meaning: 'VAT rate in percent', kind: 'money', value: (r) => r.vatRateBp },
        ],
        batches: () => prefetched(
          (after: readonly [string, number] | undefined, limit) => pageExpiringLines(db, ability, customerId, w, after, limit),
          (r) => [r.invoiceNumber, r.lineNo] as const,
        ),
      }),
      section<ExpiringCallDetailRow>({
        title: 'Call details',
        columns: [
          { header: 'invoiceNumber', meaning: 'number of the invoice the call detail is billed on', kind: 'text', value: (r) => r.invoiceNumber },
          ...CALL_DETAIL_EXPORT_COLUMNS,
          { header: 'availableUntil', meaning: 'when the call detail leaves the 6-month window, Brussels time', kind: 'instant', value: (r) => availableUntil('call_details', new Date(r.keyAt)) },
        ],
        batches: () => prefetched(
          (after: readonly [string, number] | undefined, limit) => pageExpiringCallDetails(db, ability, customerId, w, after, limit),
          (r) => [r.keyAt, r.id] as const,
        ),
      }),
      section<ExpiringPdfRow>({
        title: 'Invoice PDFs',
        columns: [
          { header: 'invoiceNumber', meaning: 'number of the fixed-service invoice', kind: 'text', value: (r) => r.number },
          { header: 'billingAccount', meaning: 'number of the billing account', kind: 'text', value: (r) => r.billingAccountNumber },
          { header: 'issueDate', meaning: 'date of the invoice', kind: 'date', value: (r) => r.issueDate },
          { header: 'pdfPath', meaning: 'where the portal serves the PDF until it leaves', kind: 'text', value: (r) => `/api/v1/customers/${customerId}/invoices/${r.id}/pdf` },
          { header: 'availableUntil', meaning: 'when the PDF leaves the 24-month window, Brussels time', kind: 'instant', value: (r) => availableUntil('fixed_invoice_pdf', r.issueDate) },
        ],
        batches: () => prefetched((after: string | undefined, limit) => pageExpiringPdfs(db, ability, customerId, w, after, limit), (r) => r.number),
      }),
    ],
  };
  return {
    rowCount,
    fileName: `expiring-billing-data-${brusselsDate(now)}.${format}`,
    contentType: format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE,
    stream: exportStream(deps, doc, format),
  };
}
