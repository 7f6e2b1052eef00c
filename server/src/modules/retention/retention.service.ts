import { addMonths, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { retentionCutoffDate, retentionStart } from '@mandate/domain/retention';
import type { Transaction } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { Deps } from '../../lib/deps.ts';
import {
  PARTITIONED_TABLES, dropMonthPartition, ensureMonthPartitions, monthOf, monthOfInstant, partitionMonths, type PartitionedTable,
} from '../../lib/partitions.ts';
import {
  deleteExpiredBillingDocuments, deleteExpiredBillingPeriods, deleteExpiredCallCreditTransfers, deleteExpiredCallCredits, deleteExpiredDisputes,
  deleteExpiredInvoiceLines, deleteExpiredInvoices, ERASED_ACTION, customersDueForErasure, erasePersonalData, limitLockWait, lockPartitionMaintenance,
  type ErasedCounts,
} from './retention.repo.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { purgeRollupTotals } from '../insights/insights.repo.ts';

/**
 * Partition maintenance and the retention purge (RET-1, RET-2, INV-3; DESIGN.md §10).
 *
 * Queries hide expired data from the boundary instant on (they filter on the windows of
 * packages/domain/src/retention.ts); this job removes it physically, later and never earlier:
 * - call details (6 months, by call instant) and usage events (traffic data, 12 months at most, by
 *   communication instant): whole month partitions are dropped once their whole month is before the
 *   window's start; the expired rows of the boundary month stay, hidden, until their month goes;
 *   each SIM's monthly sums of the usage events (sim_usage_months) go with the events' month;
 * - roll-ups: a month's partition goes once the billing data of that month has expired (reference:
 *   the month's last day, the end of its billing period), with the Insights sums made from them;
 * - invoices: deleted with their lines, PDFs and disputes once their period ended before the
 *   billing cut-off; a fixed-service invoice with a shipped PDF keeps its header and PDF (lines and
 *   disputes go) until 24 months after its issue date (INV-3);
 * - billing periods, call credits and transfers (billing data of their month) and INV-8 documents
 *   (by publication) past the billing window.
 * Each step runs in its own transaction and is idempotent: a second run removes nothing.
 */

/** The current Brussels month and this many after it have their partitions ready. */
export const MONTHS_AHEAD = 2;

const TABLES = Object.keys(PARTITIONED_TABLES) as PartitionedTable[];

export interface EnsuredPartitions {
  /** The months that must exist (first days), the current one first. */
  months: IsoDate[];
  /** The partitions this run created, per table (empty when all were there). */
  created: Record<PartitionedTable, IsoDate[]>;
}

/** Creates the partitions of the current Brussels month and the next two for every partitioned table (idempotent). */
export async function ensureUpcomingPartitions(deps: Deps): Promise<EnsuredPartitions> {
  const current = monthOfInstant(deps.clock.now());
  const months = Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => addMonths(current, i));
  const created = {} as Record<PartitionedTable, IsoDate[]>;
  await deps.db.transaction().execute(async (trx) => {
    await lockPartitionMaintenance(trx);
    for (const table of TABLES) {
      const before = new Set(await partitionMonths(trx, table));
      await ensureMonthPartitions(trx, table, months);
      created[table] = months.filter((m) => !before.has(m));
    }
  });
  const total = TABLES.reduce((n, t) => n + created[t].length, 0);
  if (total > 0) deps.log.info({ created }, 'month partitions created ahead');
  return { months, created };
}

export interface PurgeReport {
  /** The cut-offs applied (first retained Brussels day of each kind). */
  cutoffs: { callDetails: IsoDate; trafficData: IsoDate; billingData: IsoDate; fixedInvoicePdf: IsoDate };
  /** Month partitions dropped this run, per table (first days of the months). */
  droppedPartitions: Record<PartitionedTable, IsoDate[]>;
  /** Rows deleted this run. */
  deleted: {
    invoices: number;
    /** Lines of expired invoices, those of the kept fixed-service PDF invoices included. */
    invoiceLines: number;
    disputes: number;
    billingPeriods: number;
    callCredits: number;
    callCreditTransfers: number;
    billingDocuments: number;
  };
}

/**
 * Drops the month partitions of `tables` that `droppable` selects, in one transaction with `alongside`
 * (what must go in step with them); returns their months per table.
 */
async function dropMonths<T extends PartitionedTable>(
  deps: Deps, tables: readonly T[], droppable: (month: IsoDate) => boolean, alongside?: (trx: Transaction<DB>) => Promise<void>,
): Promise<Record<T, IsoDate[]>> {
  return deps.db.transaction().execute(async (trx) => {
    await lockPartitionMaintenance(trx);
    await limitLockWait(trx);
    const dropped = {} as Record<T, IsoDate[]>;
    for (const table of tables) {
      dropped[table] = (await partitionMonths(trx, table)).filter(droppable);
      for (const month of dropped[table]) await dropMonthPartition(trx, table, month);
    }
    await alongside?.(trx);
    return dropped;
  });
}

/** Removes what has left its retention window at `deps.clock.now()` (scheduled daily and at start). */
export async function purgeExpiredBillingData(deps: Deps): Promise<PurgeReport> {
  const now = deps.clock.now();
  const cutoffs = {
    callDetails: retentionCutoffDate('call_details', now),
    trafficData: retentionCutoffDate('traffic_data', now),
    billingData: retentionCutoffDate('billing_data', now),
    fixedInvoicePdf: retentionCutoffDate('fixed_invoice_pdf', now),
  };
  // A month of rows keyed by instant lies wholly before the window's start (00:00 Brussels of the
  // cut-off day) when the next month starts on or before the cut-off day.
  const wholeMonthBefore = (cutoff: IsoDate) => (month: IsoDate) => addMonths(month, 1) <= cutoff;
  // Billing data of a month is retained while the month's last day is on or after the cut-off:
  // exactly the months from the cut-off's month on.
  const firstBillingMonth = monthOf(cutoffs.billingData);

  const droppedPartitions: PurgeReport['droppedPartitions'] = {
    ...await dropMonths(deps, ['call_details'], wholeMonthBefore(cutoffs.callDetails)),
    // Each SIM's monthly sums of the usage events go with the events' months, in the same transaction.
    ...await dropMonths(deps, ['usage_events', 'sim_usage_months'], wholeMonthBefore(cutoffs.trafficData)),
    // Dropping a partition fires no trigger: the Insights sums of the roll-ups (kept by triggers) go in the same transaction.
    ...await dropMonths(deps, ['usage_rollups'], (month) => month < firstBillingMonth, (trx) => purgeRollupTotals(trx, firstBillingMonth)),
  };

  const invoices = await deps.db.transaction().execute(async (trx) => {
    const disputes = await deleteExpiredDisputes(trx, cutoffs.billingData);
    const invoiceLines = await deleteExpiredInvoiceLines(trx, cutoffs.billingData);
    const deletedInvoices = await deleteExpiredInvoices(trx, cutoffs.billingData, cutoffs.fixedInvoicePdf);
    const billingPeriods = await deleteExpiredBillingPeriods(trx, cutoffs.billingData);
    return { invoices: deletedInvoices, invoiceLines, disputes, billingPeriods };
  });
  const credits = await deps.db.transaction().execute(async (trx) => ({
    callCredits: await deleteExpiredCallCredits(trx, firstBillingMonth),
    callCreditTransfers: await deleteExpiredCallCreditTransfers(trx, brusselsStartOfDay(firstBillingMonth)),
  }));
  const billingDocuments = await deleteExpiredBillingDocuments(deps.db, retentionStart('billing_data', now));

  const report: PurgeReport = { cutoffs, droppedPartitions, deleted: { ...invoices, ...credits, billingDocuments } };
  const removed = Object.values(droppedPartitions).some((m) => m.length > 0) || Object.values(report.deleted).some((n) => n > 0);
  if (removed) deps.log.info({ droppedPartitions, deleted: report.deleted, cutoffs }, 'expired billing data removed');
  return report;
}

export interface ErasureReport {
  /** The first contract end whose personal data is still kept (10 years before today, Brussels). */
  cutoff: IsoDate;
  /** Per customer erased this run, what went. */
  erased: Array<{ customerId: string } & ErasedCounts>;
}

/**
 * RET-2: personal data is kept at most 10 years after the end of the contract. On the day that
 * ends (packages/domain/src/retention.ts, `personal_data`), each such customer's personal data is
 * erased in a transaction of its own, which leaves a trace without any: the customer, the day and
 * the counts. A second run finds nothing left to erase.
 */
export async function eraseExpiredPersonalData(deps: Deps): Promise<ErasureReport> {
  const now = deps.clock.now();
  const cutoff = retentionCutoffDate('personal_data', now);
  const erased: ErasureReport['erased'] = [];
  for (const customerId of await customersDueForErasure(deps.db, cutoff)) {
    const counts = await deps.db.transaction().execute(async (trx) => {
      const done = await erasePersonalData(trx, customerId, now);
      await appendAudit(trx, {
        at: now, actorUserId: null, customerId, action: ERASED_ACTION, targetType: 'customer', targetId: customerId, after: { cutoff, ...done },
      });
      return done;
    });
    erased.push({ customerId, ...counts });
  }
  if (erased.length > 0) deps.log.info({ cutoff, erased }, 'personal data erased (RET-2)');
  return { cutoff, erased };
}
