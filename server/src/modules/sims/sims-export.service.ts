import type { SimExportQuery, SimSort } from '@mandate/contracts/sims';
import { brusselsDate } from '@mandate/domain/dates';
import type { Deps } from '../../lib/deps.ts';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, section, type ExportColumn, type ExportDocument } from '../../lib/export-stream.ts';
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

/** The columns of the fleet export (PFM-4), with their meaning for the data dictionary. */
const text = (header: keyof typeof SIM_EXPORT_SQL, meaning: string): ExportColumn<SimExportRow> => (
  { header, meaning, kind: 'text', value: (r) => r[header], sql: SIM_EXPORT_SQL[header] }
);
const date = (header: keyof typeof SIM_EXPORT_SQL, meaning: string): ExportColumn<SimExportRow> => (
  { header, meaning, kind: 'date', value: (r) => r[header], sql: SIM_EXPORT_SQL[header] }
);

export const SIM_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<SimExportRow>> = [
  text('msisdn', 'mobile number of the SIM (international format)'),
  text('iccid', 'number of the SIM card'),
  text('status', 'active, suspended, blocked, port_out_pending or deactivated'),
  text('endUser', 'first and last name of the user of the line, empty when no user is linked to it'),
  text('costCentreCode', 'code of the cost centre of the SIM, empty when it has none'),
  text('costCentreName', 'name of the cost centre of the SIM, empty when it has none'),
  text('billingAccount', 'number of the billing account the SIM is billed on'),
  text('tariffPlanCode', 'code of the tariff plan, empty without a plan'),
  text('tariffPlanName', 'name of the tariff plan, empty without a plan'),
  text('options', 'codes of the options on the SIM, comma-separated in code order, empty without options'),
  text('clir', 'true when the caller id is hidden (CLIR), else false'),
  text('premiumBarring', 'true when calls to premium numbers are barred, else false'),
  text('euDataCutoffOptOut', 'true when the customer opted out of the EU mobile-data cut-off at 60 euros a month, else false'),
  date('contractStart', 'first day of the subscription'),
  date('initialTermEnd', 'last day of the initial (fixed) term, empty when there is none'),
];

/**
 * GET …/sims/export: the fleet table as a file (PFM-4), with the list's filters and order, holding
 * only the SIMs the principal may export (filtered in SQL by the export rules on Sim). Counts the
 * rows first (X-Row-Count; more than allowed is 422 before anything is sent), then streams them:
 * a CSV written by COPY, an XLSX from keyset batches. A list of SIMs is no billing data: no INV-6
 * caveat.
 */
export async function prepareSimExport(deps: Deps, principal: Principal, customerId: string, query: SimExportQuery): Promise<PreparedExport> {
  const now = deps.clock.now();
  const { ability } = principal;
  const { db } = deps;
  const filters: SimFilters = {
    ...searchOf(query.q), unassigned: query.unassigned, status: query.status, tariffPlanId: query.tariffPlanId,
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
    sections: [section<SimExportRow>({
      title: 'SIMs',
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
