import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { IsoDate } from '@mandate/domain/dates';

type Db = Kysely<DB> | Transaction<DB>;

const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);

/**
 * Serialises the partition and retention jobs across processes (two app instances starting at
 * once): concurrent CREATE TABLE … PARTITION OF of the same name fail on the catalogue, so one runs
 * and the other waits, then finds the work done. Held until the transaction ends.
 */
export async function lockPartitionMaintenance(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('mandate:partition-maintenance'))`.execute(trx);
}

/**
 * A DROP of a partition takes an exclusive lock on its parent: never wait behind a long reader
 * (every query queued behind the DROP would wait too); give up and try again on the next run.
 */
export async function limitLockWait(trx: Transaction<DB>): Promise<void> {
  await sql`SET LOCAL lock_timeout = '5s'`.execute(trx);
}

/** An invoice (alias `i`) is a fixed-service invoice with a shipped PDF issued on or after `pdfCutoff` (INV-3: kept 24 months). */
function pdfKept(pdfCutoff: IsoDate) {
  return sql<boolean>`(i.issue_date >= ${pdfCutoff}
    AND EXISTS (SELECT 1 FROM billing_accounts ba WHERE ba.customer_id = i.customer_id AND ba.id = i.billing_account_id AND ba.type = 'fix')
    AND EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.customer_id = i.customer_id AND p.invoice_id = i.id))`;
}

/** Disputes (their lines and events go by cascade) of invoices whose billing period ended before `billingCutoff`. */
export async function deleteExpiredDisputes(db: Db, billingCutoff: IsoDate): Promise<number> {
  return count(await db.deleteFrom('disputes as d')
    .where(sql<boolean>`EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = d.customer_id AND i.id = d.invoice_id AND i.period_end < ${billingCutoff})`)
    .executeTakeFirst());
}

/** Lines of invoices whose billing period ended before `billingCutoff` (a kept PDF invoice keeps its header and PDF only). */
export async function deleteExpiredInvoiceLines(db: Db, billingCutoff: IsoDate): Promise<number> {
  return count(await db.deleteFrom('invoice_lines as l')
    .where(sql<boolean>`EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = l.customer_id AND i.id = l.invoice_id AND i.period_end < ${billingCutoff})`)
    .executeTakeFirst());
}

/** Invoices past the billing window, except the fixed-service PDF invoices still kept (their PDFs go by cascade). */
export async function deleteExpiredInvoices(db: Db, billingCutoff: IsoDate, pdfCutoff: IsoDate): Promise<number> {
  return count(await db.deleteFrom('invoices as i')
    .where('i.period_end', '<', billingCutoff)
    .where(sql<boolean>`NOT ${pdfKept(pdfCutoff)}`)
    .executeTakeFirst());
}

/** Billing periods that ended before the cut-off and that no remaining invoice (a kept PDF invoice) refers to. */
export async function deleteExpiredBillingPeriods(db: Db, billingCutoff: IsoDate): Promise<number> {
  return count(await db.deleteFrom('billing_periods as bp')
    .where('bp.ends_on', '<', billingCutoff)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('invoices as i').select(sql`1`.as('one'))
      .whereRef('i.customer_id', '=', 'bp.customer_id').whereRef('i.billing_period_id', '=', 'bp.id'))))
    .executeTakeFirst());
}

/** Call credits of months before `firstMonth` (a month's credits are billing data of that month). */
export async function deleteExpiredCallCredits(db: Db, firstMonth: IsoDate): Promise<number> {
  return count(await db.deleteFrom('call_credits').where('month', '<', firstMonth).executeTakeFirst());
}

/** Call-credit transfers made before `from` (the start of the first retained month). */
export async function deleteExpiredCallCreditTransfers(db: Db, from: Date): Promise<number> {
  return count(await db.deleteFrom('call_credit_transfers').where('transferred_at', '<', from).executeTakeFirst());
}

/** INV-8 documents published before `from`. */
export async function deleteExpiredBillingDocuments(db: Db, from: Date): Promise<number> {
  return count(await db.deleteFrom('billing_documents').where('published_at', '<', from).executeTakeFirst());
}
