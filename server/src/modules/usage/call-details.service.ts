import type { Readable } from 'node:stream';
import { subject } from '@casl/ability';
import { mayWithinCustomer, type AppAbility } from '@mandate/authz/define-ability';
import type { CallDetailExportQuery, CallDetailItem, CallDetailPage, CallDetailQuery, ExportFormat, UsageType } from '@mandate/contracts/usage';
import { brusselsDate, brusselsEndOfDay, brusselsStartOfDay, isIsoDate, type IsoDate } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import { availableUntil, retentionCutoffDate, retentionStart } from '@mandate/domain/retention';
import type { Deps } from '../../lib/deps.ts';
import {
  CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csvExportStream, section, xlsxExportStream, type ExportColumn, type ExportDocument,
} from '../../lib/export-stream.ts';
import type { Localized } from '../../lib/language.ts';
import { decodeCursor, keyset, queryFingerprint, toPage } from '../../lib/paging.ts';
import { HttpProblem, badRequest, forbidden, notFound } from '../../lib/problem.ts';
import type { Principal } from '../../types.ts';
import { callDetailRows, countCallDetails, findInvoice, pageCallDetails, type CallDetailFilters, type CallDetailRow, type InvoiceRef } from './usage.repo.ts';

/** Rows read from the database per round trip of a streamed export: big enough to be fast, small enough to keep memory flat. */
export const EXPORT_BATCH_ROWS = 2000;

/**
 * A keyset list read batch by batch, the next batch already on its way while the last one is
 * written (database and formatting overlap; two batches in memory at most). Stops after a short
 * batch, or after `max` rows.
 */
export async function* prefetched<Row, Key>(
  fetch: (after: Key | undefined, limit: number) => Promise<Row[]>, keyOf: (row: Row) => Key, max = Number.MAX_SAFE_INTEGER,
): AsyncGenerator<Row[]> {
  let left = max;
  let next: Promise<Row[]> | undefined = left > 0 ? fetch(undefined, Math.min(EXPORT_BATCH_ROWS, left)) : undefined;
  try {
    while (next) {
      const limit = Math.min(EXPORT_BATCH_ROWS, left);
      const batch = await next;
      next = undefined;
      left -= batch.length;
      if (batch.length === limit && left > 0) next = fetch(keyOf(batch[batch.length - 1]!), Math.min(EXPORT_BATCH_ROWS, left));
      if (batch.length > 0) yield batch;
    }
  } finally {
    // The client went away mid-file: the query already on its way still ends here (no unhandled rejection).
    if (next) await next.catch(() => undefined);
  }
}


/**
 * An invoice the principal may read and that is still within its billing-data window (RET-1);
 * anything else is 404, like an invoice that does not exist.
 */
export async function readableInvoice(deps: Deps, ability: AppAbility, customerId: string, invoiceId: string, now: Date): Promise<InvoiceRef> {
  const invoice = await findInvoice(deps.db, customerId, invoiceId);
  if (
    !invoice
    || !ability.can('read', subject('Invoice', { customerId, billingAccountId: invoice.billingAccountId }))
    || invoice.periodEnd < retentionCutoffDate('billing_data', now)
  ) {
    throw notFound('invoice');
  }
  return invoice;
}

type Filters = Pick<CallDetailQuery, 'simId' | 'type' | 'from' | 'to' | 'destinationPrefix'>;

/** The filters as SQL bounds, with RET-1: nothing that started before the 6-month window. */
export function callDetailFilters(query: Filters, now: Date): CallDetailFilters {
  const { from, to } = query;
  if (from !== undefined && !isIsoDate(from)) throw badRequest('querystring.from', 'is not a calendar date (YYYY-MM-DD)');
  if (to !== undefined && !isIsoDate(to)) throw badRequest('querystring.to', 'is not a calendar date (YYYY-MM-DD)');
  if (from !== undefined && to !== undefined && from > to) throw badRequest('querystring.to', 'must be on or after querystring.from');
  const retained = retentionStart('call_details', now);
  const fromStart = from === undefined ? retained : brusselsStartOfDay(from);
  return {
    startsFrom: fromStart > retained ? fromStart : retained,
    startsBefore: to === undefined ? undefined : brusselsEndOfDay(to),
    simId: query.simId,
    type: query.type,
    destinationPrefix: query.destinationPrefix,
  };
}

/**
 * RET-1 for an invoice's call details: the instant the oldest of them still shown leave the
 * 6-month window (the later days follow one by one), never after the invoice itself goes. When
 * its whole period has left the window, the instant its last day's calls went (in the past).
 */
export function callDetailsAvailableUntil(invoice: InvoiceRef, now: Date): Date {
  const oldestShown = callDetailsKeptFrom(invoice, now);
  if (oldestShown === null) return availableUntil('call_details', invoice.periodEnd);
  const calls = availableUntil('call_details', oldestShown);
  const invoiceEnd = availableUntil('billing_data', invoice.periodEnd);
  return calls < invoiceEnd ? calls : invoiceEnd;
}

/** RET-1: the first day of the invoice's period whose call details are still kept; null when none are. */
export function callDetailsKeptFrom(invoice: InvoiceRef, now: Date): IsoDate | null {
  const cutoff = retentionCutoffDate('call_details', now);
  if (invoice.periodEnd < cutoff) return null;
  return invoice.periodStart > cutoff ? invoice.periodStart : cutoff;
}

const toItem = (r: CallDetailRow): CallDetailItem => ({
  id: r.id, startedAt: new Date(r.keyAt).toISOString(), simId: r.simId, msisdn: r.msisdn, type: r.type as UsageType, destination: r.destination,
  durationS: r.durationS, volumeKb: r.volumeKb, standardPriceCents: r.standardPriceCents, billedPriceCents: r.billedPriceCents,
});

/** GET …/invoices/{invoiceId}/call-details: a keyset page, filtered in SQL by what the principal may read of Usage. */
export async function getCallDetailPage(deps: Deps, principal: Principal, customerId: string, invoiceId: string, query: CallDetailQuery): Promise<CallDetailPage> {
  const now = deps.clock.now();
  const invoice = await readableInvoice(deps, principal.ability, customerId, invoiceId, now);
  const filters = callDetailFilters(query, now);
  const direction = query.sort === 'startedAt:desc' ? 'desc' : 'asc';
  const { limit = 50 } = query;
  const pages = keyset(
    `call-details:${direction}:${queryFingerprint([invoiceId, query.simId, query.type, query.from, query.to, query.destinationPrefix])}`,
    'timestamp', 'integer',
  );
  const after = decodeCursor(pages, query.cursor);
  const rows = await pageCallDetails(deps.db, principal.ability, 'read', customerId, invoiceId, filters, { direction, after, limit: limit + 1 });
  const page = toPage(rows, limit, pages, (r) => [r.keyAt, r.id], toItem);
  return { ...page, availableUntil: callDetailsAvailableUntil(invoice, now).toISOString(), keptFrom: callDetailsKeptFrom(invoice, now) };
}

/** The columns of a call-details export, with their meaning (in each language) for the data dictionary. */
export const CALL_DETAIL_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<CallDetailRow>> = [
  {
    header: 'startedAt', kind: 'instant', value: (r) => r.keyAt, sql: 'p.started_at',
    meaning: {
      en: 'start of the call, SMS or data session, Brussels time',
      nl: 'begin van het gesprek, de sms of de datasessie, Brusselse tijd',
      fr: 'début de l’appel, du SMS ou de la session de données, heure de Bruxelles',
    },
  },
  {
    header: 'msisdn', kind: 'text', value: (r) => r.msisdn, sql: 'coalesce(p.msisdn, s.msisdn)',
    meaning: {
      en: 'mobile number of the SIM card that made it, as it was billed',
      nl: 'gsm-nummer van de simkaart waarmee het gebeurde, zoals gefactureerd',
      fr: 'numéro de GSM de la carte SIM concernée, tel que facturé',
    },
  },
  {
    header: 'type', kind: 'text', value: (r) => r.type, sql: 'p.type',
    meaning: {
      en: 'national_voice, international_voice, roaming, sms or data',
      nl: 'national_voice, international_voice, roaming, sms of data',
      fr: 'national_voice, international_voice, roaming, sms ou data',
    },
  },
  {
    header: 'destination', kind: 'text', value: (r) => r.destination, sql: 'p.destination',
    meaning: {
      en: 'called number or SMS recipient (never the content), empty for data',
      nl: 'gebeld nummer of ontvanger van de sms (nooit de inhoud), leeg voor data',
      fr: 'numéro appelé ou destinataire du SMS (jamais le contenu), vide pour les données',
    },
  },
  {
    header: 'durationS', kind: 'integer', value: (r) => r.durationS, sql: 'p.duration_s',
    meaning: { en: 'duration in seconds (calls)', nl: 'duur in seconden (gesprekken)', fr: 'durée en secondes (appels)' },
  },
  {
    header: 'volumeKb', kind: 'integer', value: (r) => r.volumeKb, sql: 'p.volume_kb',
    meaning: { en: 'volume in kilobytes (data)', nl: 'volume in kilobytes (data)', fr: 'volume en kilo-octets (données)' },
  },
  {
    header: 'standardPriceEur', kind: 'money', value: (r) => r.standardPriceCents, sql: 'p.standard_price_cents',
    meaning: {
      en: 'price at the standard tariff, euros excluding VAT',
      nl: 'prijs volgens het standaardtarief, euro excl. btw',
      fr: 'prix au tarif standard, euros hors TVA',
    },
  },
  {
    header: 'billedPriceEur', kind: 'money', value: (r) => r.billedPriceCents, sql: 'p.billed_price_cents',
    meaning: {
      en: 'price billed on the invoice, euros excluding VAT',
      nl: 'prijs aangerekend op de factuur, euro excl. btw',
      fr: 'prix figurant sur la facture, euros hors TVA',
    },
  },
  {
    header: 'callDetailId', kind: 'integer', value: (r) => r.id, sql: 'p.id',
    meaning: {
      en: 'reference of the call detail (to quote in a dispute)',
      nl: 'referentie van het gespreksdetail (te vermelden bij een betwisting)',
      fr: 'référence du détail d’appel (à citer dans une contestation)',
    },
  },
];

/** The title of call details as a section (CSV) or sheet (XLSX). */
export const CALL_DETAILS_TITLE: Localized = { en: 'Call details', nl: 'Gespreksdetails', fr: 'Détails des appels' };

/** The fields that narrow an export, named in a 422 export_too_large. */
const NARROWING_FIELDS = ['simId', 'type', 'from', 'to', 'destinationPrefix'] as const;

export function exportTooLarge(max: number, fields: readonly string[]): HttpProblem {
  return new HttpProblem(
    422, 'export_too_large', 'Export too large',
    `This export would hold more than ${max} rows, the most one export may hold. Narrow it${fields.length > 0 ? ` (${fields.join(', ')})` : ''} and export the parts one by one.`,
    fields.map((f) => ({ field: `querystring.${f}`, message: 'narrow the export with this filter' })),
  );
}

export interface PreparedExport {
  rowCount: number;
  fileName: string;
  contentType: string;
  stream: Readable;
}

/** The streams of a document in the format asked for. */
export function exportStream(deps: Deps, doc: ExportDocument, format: ExportFormat): Readable {
  return format === 'xlsx'
    ? xlsxExportStream(doc, (error) => deps.log.error({ err: error }, 'an XLSX export failed while streaming'))
    : csvExportStream(doc, deps.db);
}

/**
 * GET …/call-details/export: checks the invoice and counts the rows first (X-Row-Count; more than
 * the configured maximum is 422 before anything is sent), then streams the rows batch by batch,
 * the caveat and the dictionary in `language`.
 */
export async function prepareCallDetailExport(
  deps: Deps, principal: Principal, customerId: string, invoiceId: string, query: CallDetailExportQuery, language: Language,
): Promise<PreparedExport> {
  const now = deps.clock.now();
  const { ability } = principal;
  // The route's gate is exporting usage; reading invoices at all is the list's gate, answered alike (403), before any invoice is looked up.
  if (!mayWithinCustomer(ability, 'read', 'Invoice', customerId)) throw forbidden();
  const invoice = await readableInvoice(deps, ability, customerId, invoiceId, now);
  const filters = callDetailFilters(query, now);
  const max = deps.config.exportMaxRows;
  const rowCount = await countCallDetails(deps.db, ability, 'export', customerId, invoiceId, filters, max + 1);
  if (rowCount > max) throw exportTooLarge(max, NARROWING_FIELDS.filter((f) => query[f] === undefined));
  const direction = query.sort === 'startedAt:desc' ? 'desc' : 'asc';
  const format = query.format ?? 'csv';
  const doc: ExportDocument = {
    language,
    sections: [section({
      title: CALL_DETAILS_TITLE,
      columns: CALL_DETAIL_EXPORT_COLUMNS,
      batches: () => prefetched(
        (after: readonly [string, number] | undefined, limit) => pageCallDetails(deps.db, ability, 'export', customerId, invoiceId, filters, { direction, after, limit }),
        (row) => [row.keyAt, row.id] as const,
        // Never more than counted: the header told the client how many rows come.
        rowCount,
      ),
      csvRows: () => callDetailRows(deps.db, ability, 'export', customerId, invoiceId, filters, { direction, limit: rowCount }),
    })],
  };
  return {
    rowCount,
    fileName: `call-details-${invoice.number}-${brusselsDate(now)}.${format}`,
    contentType: format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE,
    stream: exportStream(deps, doc, format),
  };
}
