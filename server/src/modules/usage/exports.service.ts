import type { ExpiringExportQuery } from '@mandate/contracts/usage';
import { addDays, brusselsDate, brusselsStartOfDay } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import { availableUntil, retentionCutoffDate, retentionStart } from '@mandate/domain/retention';
import type { Deps } from '../../lib/deps.ts';
import { badRequest } from '../../lib/problem.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, section, type ExportDocument } from '../../lib/export-stream.ts';
import type { Localized } from '../../lib/language.ts';
import type { Principal } from '../../types.ts';
import { CALL_DETAILS_TITLE, CALL_DETAIL_EXPORT_COLUMNS, exportStream, exportTooLarge, prefetched, type PreparedExport } from './call-details.service.ts';
import {
  countExpiring, pageExpiringCallDetails, pageExpiringInvoices, pageExpiringLines, pageExpiringPdfs,
  type ExpiringCallDetailRow, type ExpiringInvoiceRow, type ExpiringLineRow, type ExpiringPdfRow, type ExpiringWindow,
} from './usage.repo.ts';

/** The last Brussels day before an instant: the day a record is last shown, as the screens say it. */
const lastDayBefore = (until: Date) => brusselsDate(new Date(until.getTime() - 1));

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
  if (query.from && query.to && query.from > query.to) throw badRequest('querystring.to', 'must be on or after querystring.from');
  const fromDay = query.from ? brusselsStartOfDay(query.from) : null;
  const afterDay = query.to ? brusselsStartOfDay(addDays(query.to, 1)) : null;
  return {
    ...w,
    billingAccountId: query.billingAccountId,
    callsFrom: fromDay && fromDay > w.callsFrom ? fromDay : w.callsFrom,
    callsBefore: afterDay && afterDay < w.callsBefore ? afterDay : w.callsBefore,
  };
}

/** Meanings used by more than one section of the expiring export. */
const INVOICE_NUMBER: Localized = { en: 'number of the invoice', nl: 'nummer van de factuur', fr: 'numéro de la facture' };
const BILLING_ACCOUNT: Localized = { en: 'number of the billing account', nl: 'nummer van de facturatierekening', fr: 'numéro du compte de facturation' };
const ISSUE_DATE: Localized = { en: 'date of the invoice', nl: 'datum van de factuur', fr: 'date de la facture' };

/**
 * GET …/exports/expiring: everything of the principal's scope that leaves its window within 30
 * days (RET-1, INV-3): invoices and their lines (export on Invoice), call details (export on Usage,
 * of invoices he may read) and the fixed-service PDFs reaching 24 months, listed with their
 * download path; streamed with the caveat (INV-6) and a data dictionary, in `language`.
 */
export async function prepareExpiringExport(
  deps: Deps, principal: Principal, customerId: string, query: ExpiringExportQuery, language: Language,
): Promise<PreparedExport> {
  const now = deps.clock.now();
  const { ability } = principal;
  const { db } = deps;
  const w = narrowedWindow(expiringWindow(now), query);
  const max = deps.config.exportMaxRows;
  const rowCount = await countExpiring(db, ability, customerId, w, max + 1);
  if (rowCount > max) throw exportTooLarge(max, (['billingAccountId', 'from', 'to'] as const).filter((f) => f !== 'billingAccountId' || query[f] === undefined));
  const format = query.format ?? 'csv';
  const doc: ExportDocument = {
    language,
    sections: [
      section<ExpiringInvoiceRow>({
        title: { en: 'Invoices', nl: 'Facturen', fr: 'Factures' },
        columns: [
          { header: 'invoiceNumber', meaning: INVOICE_NUMBER, kind: 'text', value: (r) => r.number },
          { header: 'billingAccount', meaning: BILLING_ACCOUNT, kind: 'text', value: (r) => r.billingAccountNumber },
          {
            header: 'periodStart', kind: 'date', value: (r) => r.periodStart,
            meaning: { en: 'first day of the billed period', nl: 'eerste dag van de gefactureerde periode', fr: 'premier jour de la période facturée' },
          },
          {
            header: 'periodEnd', kind: 'date', value: (r) => r.periodEnd,
            meaning: { en: 'last day of the billed period', nl: 'laatste dag van de gefactureerde periode', fr: 'dernier jour de la période facturée' },
          },
          { header: 'issueDate', meaning: ISSUE_DATE, kind: 'date', value: (r) => r.issueDate },
          {
            header: 'dueDate', kind: 'date', value: (r) => r.dueDate,
            meaning: { en: 'date by which it is to be paid', nl: 'datum waarop ze betaald moet zijn', fr: 'date à laquelle elle doit être payée' },
          },
          {
            header: 'amountExclVatEur', kind: 'money', value: (r) => r.amountExclVatCents,
            meaning: { en: 'total in euros excluding VAT', nl: 'totaal in euro excl. btw', fr: 'total en euros hors TVA' },
          },
          { header: 'vatEur', kind: 'money', value: (r) => r.vatCents, meaning: { en: 'VAT in euros', nl: 'btw in euro', fr: 'TVA en euros' } },
          {
            header: 'amountInclVatEur', kind: 'money', value: (r) => r.amountInclVatCents,
            meaning: { en: 'total in euros including VAT', nl: 'totaal in euro incl. btw', fr: 'total en euros TVA comprise' },
          },
          { header: 'paymentStatus', kind: 'text', value: (r) => r.paymentStatus, meaning: { en: 'open or paid', nl: 'open of paid', fr: 'open ou paid' } },
          {
            header: 'availableUntil', kind: 'date', value: (r) => lastDayBefore(availableUntil('billing_data', r.periodEnd)),
            meaning: {
              en: 'last day the invoice is in the portal: it leaves the 12-month window at the end of that day, Brussels time',
              nl: 'laatste dag dat de factuur in het portaal staat: ze verlaat het venster van 12 maanden aan het einde van die dag, Brusselse tijd',
              fr: 'dernier jour où la facture est dans le portail : elle quitte la fenêtre de 12 mois à la fin de ce jour, heure de Bruxelles',
            },
          },
        ],
        batches: () => prefetched((after: string | undefined, limit) => pageExpiringInvoices(db, ability, customerId, w, after, limit), (r) => r.number),
      }),
      section<ExpiringLineRow>({
        title: { en: 'Invoice lines', nl: 'Factuurregels', fr: 'Lignes de facture' },
        columns: [
          {
            header: 'invoiceNumber', kind: 'text', value: (r) => r.invoiceNumber,
            meaning: { en: 'number of the invoice the line is on', nl: 'nummer van de factuur waarop de regel staat', fr: 'numéro de la facture qui porte la ligne' },
          },
          {
            header: 'lineNo', kind: 'integer', value: (r) => r.lineNo,
            meaning: { en: 'line number on the invoice', nl: 'regelnummer op de factuur', fr: 'numéro de ligne sur la facture' },
          },
          {
            header: 'msisdn', kind: 'text', value: (r) => r.msisdn,
            meaning: {
              en: 'mobile number the line was invoiced under, empty for a charge of the account',
              nl: 'gsm-nummer waaronder de regel gefactureerd werd, leeg voor een kost van de facturatierekening',
              fr: 'numéro de GSM sous lequel la ligne a été facturée, vide pour des frais du compte de facturation',
            },
          },
          {
            header: 'chargeType', kind: 'text', value: (r) => r.chargeType,
            meaning: {
              en: 'subscription, option, national_voice, international_voice, roaming, sms, data, one_off or discount',
              nl: 'subscription, option, national_voice, international_voice, roaming, sms, data, one_off of discount',
              fr: 'subscription, option, national_voice, international_voice, roaming, sms, data, one_off ou discount',
            },
          },
          { header: 'description', kind: 'text', value: (r) => r.description, meaning: { en: 'text of the line', nl: 'tekst van de regel', fr: 'texte de la ligne' } },
          { header: 'quantity', kind: 'integer', value: (r) => r.quantity, meaning: { en: 'quantity billed', nl: 'gefactureerde hoeveelheid', fr: 'quantité facturée' } },
          {
            header: 'amountExclVatEur', kind: 'money', value: (r) => r.amountExclVatCents,
            meaning: {
              en: 'amount in euros excluding VAT (negative for a discount)',
              nl: 'bedrag in euro excl. btw (negatief voor een korting)',
              fr: 'montant en euros hors TVA (négatif pour une remise)',
            },
          },
          {
            header: 'vatRatePercent', kind: 'money', value: (r) => r.vatRateBp,
            meaning: { en: 'VAT rate in percent', nl: 'btw-tarief in procent', fr: 'taux de TVA en pour cent' },
          },
        ],
        batches: () => prefetched(
          (after: readonly [string, number] | undefined, limit) => pageExpiringLines(db, ability, customerId, w, after, limit),
          (r) => [r.invoiceNumber, r.lineNo] as const,
        ),
      }),
      section<ExpiringCallDetailRow>({
        title: CALL_DETAILS_TITLE,
        columns: [
          {
            header: 'invoiceNumber', kind: 'text', value: (r) => r.invoiceNumber,
            meaning: {
              en: 'number of the invoice the call detail is billed on',
              nl: 'nummer van de factuur waarop het gespreksdetail gefactureerd is',
              fr: 'numéro de la facture sur laquelle le détail d’appel est facturé',
            },
          },
          ...CALL_DETAIL_EXPORT_COLUMNS,
          {
            header: 'availableUntil', kind: 'date', value: (r) => lastDayBefore(availableUntil('call_details', new Date(r.keyAt))),
            meaning: {
              en: 'last day the call detail is in the portal: it leaves the 6-month window at the end of that day, Brussels time',
              nl: 'laatste dag dat het gespreksdetail in het portaal staat: het verlaat het venster van 6 maanden aan het einde van die dag, Brusselse tijd',
              fr: 'dernier jour où le détail d’appel est dans le portail : il quitte la fenêtre de 6 mois à la fin de ce jour, heure de Bruxelles',
            },
          },
        ],
        batches: () => prefetched(
          (after: readonly [string, number] | undefined, limit) => pageExpiringCallDetails(db, ability, customerId, w, after, limit),
          (r) => [r.keyAt, r.id] as const,
        ),
      }),
      section<ExpiringPdfRow>({
        title: { en: 'Invoice PDFs', nl: 'Facturen in pdf', fr: 'Factures en PDF' },
        columns: [
          {
            header: 'invoiceNumber', kind: 'text', value: (r) => r.number,
            meaning: { en: 'number of the fixed-service invoice', nl: 'nummer van de factuur voor vaste diensten', fr: 'numéro de la facture de services fixes' },
          },
          { header: 'billingAccount', meaning: BILLING_ACCOUNT, kind: 'text', value: (r) => r.billingAccountNumber },
          { header: 'issueDate', meaning: ISSUE_DATE, kind: 'date', value: (r) => r.issueDate },
          {
            header: 'pdfPath', kind: 'text', value: (r) => `/api/v1/customers/${customerId}/invoices/${r.id}/pdf`,
            meaning: {
              en: 'where the portal serves the PDF until it leaves',
              nl: 'waar het portaal de pdf aanbiedt tot hij verdwijnt',
              fr: 'où le portail met le PDF à disposition jusqu’à son retrait',
            },
          },
          {
            header: 'availableUntil', kind: 'date', value: (r) => lastDayBefore(availableUntil('fixed_invoice_pdf', r.issueDate)),
            meaning: {
              en: 'last day the PDF is in the portal: it leaves the 24-month window at the end of that day, Brussels time',
              nl: 'laatste dag dat de pdf in het portaal staat: hij verlaat het venster van 24 maanden aan het einde van die dag, Brusselse tijd',
              fr: 'dernier jour où le PDF est dans le portail : il quitte la fenêtre de 24 mois à la fin de ce jour, heure de Bruxelles',
            },
          },
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
