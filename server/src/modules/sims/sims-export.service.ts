import type { SimExportQuery, SimSort } from '@mandate/contracts/sims';
import { brusselsDate } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, section, type ExportColumn, type ExportDocument } from '../../lib/export-stream.ts';
import type { Localized } from '../../lib/language.ts';
import type { Principal } from '../../types.ts';
import { exportStream, exportTooLarge, prefetched, type PreparedExport } from '../usage/call-details.service.ts';
import {
  SIM_EXPORT_SQL, countExportedSims, pageExportedSims, simExportRows,
  type SimExportOrder, type SimExportRow, type SimFilters, type SimSortField,
} from './sims.repo.ts';
import { searchOf, usageWindow } from './sims.service.ts';

/**
 * The most SIMs one fleet export holds: a whole fleet (the largest has some 50,000 SIMs) in one
 * file, whatever larger maximum the billing-data exports are given.
 */
export const SIM_EXPORT_MAX_ROWS = 100_000;

/** The filters a too large export can be narrowed with, named in its 422. */
const NARROWING_FIELDS = ['q', 'status', 'tariffPlanId', 'optionId', 'costCentreId', 'billingAccountId', 'usageBand', 'unassigned'] as const;

function orderOf(sort: SimSort | undefined): SimExportOrder {
  const [field, direction] = (sort ?? 'msisdn:asc').split(':') as [SimSortField, 'asc' | 'desc'];
  return { field, desc: direction === 'desc' };
}

/** The columns of the fleet export (PFM-4), with their meaning (in each language) for the data dictionary. */
const text = (header: keyof typeof SIM_EXPORT_SQL, meaning: Localized): ExportColumn<SimExportRow> => (
  { header, meaning, kind: 'text', value: (r) => r[header], sql: SIM_EXPORT_SQL[header] }
);
const date = (header: keyof typeof SIM_EXPORT_SQL, meaning: Localized): ExportColumn<SimExportRow> => (
  { header, meaning, kind: 'date', value: (r) => r[header], sql: SIM_EXPORT_SQL[header] }
);

export const SIM_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<SimExportRow>> = [
  text('msisdn', {
    en: 'mobile number of the SIM (international format)',
    nl: 'gsm-nummer van de simkaart (internationaal formaat)',
    fr: 'numéro de GSM de la carte SIM (format international)',
  }),
  text('iccid', { en: 'number of the SIM card', nl: 'nummer van de simkaart', fr: 'numéro de la carte SIM' }),
  text('status', {
    en: 'active, suspended, blocked, port_out_pending or deactivated',
    nl: 'active, suspended, blocked, port_out_pending of deactivated',
    fr: 'active, suspended, blocked, port_out_pending ou deactivated',
  }),
  text('endUser', {
    en: 'first and last name of the user of the line, empty when no user is linked to it',
    nl: 'voor- en achternaam van de gebruiker van de lijn, leeg als er geen gebruiker aan gekoppeld is',
    fr: 'prénom et nom de l’utilisateur de la ligne, vide si aucun utilisateur n’y est lié',
  }),
  text('costCentreCode', {
    en: 'code of the cost centre of the SIM, empty when it has none',
    nl: 'code van de kostenplaats van de simkaart, leeg als ze er geen heeft',
    fr: 'code du centre de coûts de la carte SIM, vide si elle n’en a pas',
  }),
  text('costCentreName', {
    en: 'name of the cost centre of the SIM, empty when it has none',
    nl: 'naam van de kostenplaats van de simkaart, leeg als ze er geen heeft',
    fr: 'nom du centre de coûts de la carte SIM, vide si elle n’en a pas',
  }),
  text('billingAccount', {
    en: 'number of the billing account the SIM is billed on',
    nl: 'nummer van de facturatierekening waarop de simkaart gefactureerd wordt',
    fr: 'numéro du compte de facturation sur lequel la carte SIM est facturée',
  }),
  text('tariffPlanCode', {
    en: 'code of the tariff plan, empty without a plan',
    nl: 'code van het tariefplan, leeg zonder tariefplan',
    fr: 'code du plan tarifaire, vide sans plan tarifaire',
  }),
  text('tariffPlanName', {
    en: 'name of the tariff plan, empty without a plan',
    nl: 'naam van het tariefplan, leeg zonder tariefplan',
    fr: 'nom du plan tarifaire, vide sans plan tarifaire',
  }),
  text('options', {
    en: 'codes of the options on the SIM, comma-separated in code order, empty without options',
    nl: 'codes van de opties op de simkaart, gescheiden door komma’s in volgorde van code, leeg zonder opties',
    fr: 'codes des options de la carte SIM, séparés par des virgules dans l’ordre des codes, vide sans option',
  }),
  text('clir', {
    en: 'true when the caller id is hidden (CLIR), else false',
    nl: 'true als het nummer van de beller verborgen is (CLIR), anders false',
    fr: 'true si le numéro de l’appelant est masqué (CLIR), sinon false',
  }),
  text('premiumBarring', {
    en: 'true when calls to premium numbers are barred, else false',
    nl: 'true als oproepen naar betaalnummers geblokkeerd zijn, anders false',
    fr: 'true si les appels vers les numéros surtaxés sont bloqués, sinon false',
  }),
  text('euDataCutoffOptOut', {
    en: 'true when the customer opted out of the EU mobile-data cut-off at 60 euros a month, else false',
    nl: 'true als de klant afzag van de EU-blokkering van mobiele data bij 60 euro per maand, anders false',
    fr: 'true si le client a renoncé au blocage européen des données mobiles à 60 euros par mois, sinon false',
  }),
  date('contractStart', { en: 'first day of the subscription', nl: 'eerste dag van het abonnement', fr: 'premier jour de l’abonnement' }),
  date('initialTermEnd', {
    en: 'last day of the initial (fixed) term, empty when there is none',
    nl: 'laatste dag van de initiële (vaste) looptijd, leeg als er geen is',
    fr: 'dernier jour de la durée initiale (fixe), vide s’il n’y en a pas',
  }),
];

/** The one section of the fleet export. */
const SIM_EXPORT_TITLE: Localized = { en: 'SIMs', nl: 'Simkaarten', fr: 'Cartes SIM' };

/**
 * GET …/sims/export: the fleet table as a file (PFM-4), with the list's filters and order, holding
 * only the SIMs the principal may export (filtered in SQL by the export rules on Sim). Counts the
 * rows first (X-Row-Count; more than allowed is 422 before anything is sent), then streams them:
 * a CSV written by COPY, an XLSX from keyset batches. A list of SIMs is no billing data: no INV-6
 * caveat. Its texts (dictionary, sheet titles) are in `language`, its column headers the same in all.
 */
export async function prepareSimExport(
  deps: Deps, principal: Principal, customerId: string, query: SimExportQuery, language: Language,
): Promise<PreparedExport> {
  const now = deps.clock.now();
  const { ability } = principal;
  const { db } = deps;
  const filters: SimFilters = {
    ...searchOf(query.q), unassigned: query.unassigned, endUserId: query.mine ? principal.userId : undefined, updatable: query.updatable,
    status: query.status, tariffPlanId: query.tariffPlanId,
    optionId: query.optionId, costCentreId: query.costCentreId, billingAccountId: query.billingAccountId,
    usageBand: query.usageBand ? { band: query.usageBand, window: usageWindow(now) } : undefined,
  };
  const max = Math.min(deps.config.exportMaxRows, SIM_EXPORT_MAX_ROWS);
  const rowCount = await countExportedSims(db, ability, customerId, filters, max + 1);
  if (rowCount > max) throw exportTooLarge(max, NARROWING_FIELDS.filter((f) => query[f] === undefined));
  const order = orderOf(query.sort);
  const format = query.format ?? 'csv';
  const doc: ExportDocument = {
    billingData: false,
    language,
    sections: [section<SimExportRow>({
      title: SIM_EXPORT_TITLE,
      columns: SIM_EXPORT_COLUMNS,
      batches: () => prefetched(
        (after: { msisdn: string; sortKey?: string | undefined } | undefined, limit) => pageExportedSims(db, ability, customerId, filters, order, after, limit),
        (row) => ({ msisdn: row.msisdn, sortKey: row.sortKey }),
        // Never more than counted: the header told the client how many rows come.
        rowCount,
      ),
      csvRows: () => simExportRows(db, ability, customerId, filters, order, rowCount),
    })],
  };
  return {
    rowCount,
    fileName: `sims-${brusselsDate(now)}.${format}`,
    contentType: format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE,
    stream: exportStream(deps, doc, format),
  };
}
