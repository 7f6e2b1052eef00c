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

// ---- RET-2: personal data, 10 years after the end of the contract --------------------------------

export const ERASED_ACTION = 'customer.personal_data_erased';

/** Customers whose contract ended before `cutoff` (the first contract end still retained) and whose personal data is still there. */
export async function customersDueForErasure(db: Db, cutoff: IsoDate): Promise<string[]> {
  const rows = await db.selectFrom('customers as c').select('c.id')
    .where('c.status', '=', 'terminated').where('c.contract_end', '<', cutoff)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('audit_log as a').select('a.id')
      .whereRef('a.customer_id', '=', 'c.id').where('a.action', '=', ERASED_ACTION))))
    .orderBy('c.contract_end').execute();
  return rows.map((r) => r.id);
}

export interface ErasedCounts {
  users: number;
  devices: number;
  simChanges: number;
  auditEntries: number;
  mails: number;
}

/**
 * Erases what identifies people at one customer whose contract ended over 10 years ago: its users
 * who belong to no customer still under contract lose name, e-mail, phone and password (the row
 * stays for the records that point at it, as an anonymous suspended user) and their sessions; the
 * lines' end users, devices and change history, the saved views, the mails and SMS sent, the
 * invoice-delivery addresses and accounts, the names of invitations, and the audit trail of the
 * customer and of those users. Company data (billing accounts, cost centres, SIMs) stays.
 */
export async function erasePersonalData(trx: Transaction<DB>, customerId: string, now: Date): Promise<ErasedCounts> {
  await sql`SET LOCAL mandate.erasure = 'personal_data'`.execute(trx);
  const erased = (await trx.selectFrom('users as u').select(['u.id', 'u.email'])
    .where('u.is_operator', '=', false)
    .where(({ exists, selectFrom }) => exists(selectFrom('memberships as m').select('m.id').whereRef('m.user_id', '=', 'u.id').where('m.customer_id', '=', customerId)))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('memberships as m').innerJoin('customers as c', 'c.id', 'm.customer_id').select('m.id')
      .whereRef('m.user_id', '=', 'u.id').where('m.customer_id', '<>', customerId).where('c.status', '<>', 'terminated'))))
    .execute());
  const ids = erased.map((u) => u.id);
  const emails = erased.map((u) => u.email);

  const mails = count(await trx.deleteFrom('mail_outbox')
    .where((eb) => eb.or([eb('customer_id', '=', customerId), ...(emails.length > 0 ? [eb('to_address', 'in', emails)] : [])])).executeTakeFirst());
  await trx.deleteFrom('sms_messages').where('customer_id', '=', customerId).execute();
  const auditEntries = count(await trx.deleteFrom('audit_log').where((eb) => eb.or([
    eb('customer_id', '=', customerId),
    ...(ids.length > 0 ? [eb('actor_user_id', 'in', ids), eb.and([eb('target_type', '=', 'user'), eb('target_id', 'in', ids)])] : []),
  ])).executeTakeFirst());
  if (ids.length > 0) {
    await trx.updateTable('sessions').set({ revoked_at: now, revoked_reason: 'personal data erased', ip: null, user_agent: null })
      .where('user_id', 'in', ids).execute();
    await trx.updateTable('users').set((eb) => ({
      email: sql<string>`'erased-' || ${eb.ref('id')}::text || '@erased.invalid'`, first_name: '', last_name: '', phone: null, password_hash: null,
      status: 'suspended', suspended_at: now, suspension_reason: 'personal data erased (RET-2)',
    })).where('id', 'in', ids).execute();
  }
  await trx.updateTable('memberships').set({ invited_first_name: null, invited_last_name: null }).where('customer_id', '=', customerId).execute();
  await trx.deleteFrom('saved_views').where('customer_id', '=', customerId).execute();
  await trx.updateTable('sims').set({ end_user_id: null, end_user_since: null }).where('customer_id', '=', customerId).where('end_user_id', 'is not', null).execute();
  const devices = count(await trx.deleteFrom('devices').where('customer_id', '=', customerId).executeTakeFirst());
  const simChanges = count(await trx.deleteFrom('sim_changes').where('customer_id', '=', customerId).executeTakeFirst());
  await trx.updateTable('sim_orders').set({ request: JSON.stringify({}), reason: null }).where('customer_id', '=', customerId).execute();
  await trx.updateTable('sim_bulk_changes').set({ ip: null }).where('customer_id', '=', customerId).execute();
  await trx.deleteFrom('invoice_delivery_requests').where('customer_id', '=', customerId).execute();
  await trx.updateTable('invoice_delivery_settings').set((eb) => ({
    channel: 'paper', activated_at: null, email: null, mobile: null, notify: null, iban: null, bic: null, peppol_id: null, version: eb('version', '+', 1),
  })).where('customer_id', '=', customerId).execute();
  await trx.updateTable('customers').set({ contact_email: '' }).where('id', '=', customerId).execute();
  return { users: ids.length, devices, simChanges, auditEntries, mails };
}
