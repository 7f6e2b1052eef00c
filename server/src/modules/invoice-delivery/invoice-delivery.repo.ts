import { sql, type Kysely } from 'kysely';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { Action } from '@mandate/authz/subjects';
import type { DB } from '@mandate/db/database.types';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { retained, type RetentionWindow } from '../invoices/invoices.repo.ts';

const ACCOUNT_COLUMNS = { customerId: 'ba.customer_id', billingAccountId: 'ba.id' } as const;

/**
 * The request waiting for a confirmation that concerns an account: its own, or a GreenBill
 * address for fixed services that covers every fixed account of the customer (EBL-2).
 */
const pendingRequest = sql<PendingRow | null>`(
  SELECT to_jsonb(r) FROM (
    SELECT r.id, r.channel, r.email, r.mobile, r.notify, r.iban, r.bic, r.covers_fixed_accounts AS "coversFixedAccounts",
           r.created_at AS "createdAt", r.expires_at AS "expiresAt", r.billing_account_id AS "billingAccountId"
      FROM invoice_delivery_requests r
     WHERE r.customer_id = ba.customer_id AND r.status = 'pending'
       AND (r.billing_account_id = ba.id OR (r.covers_fixed_accounts AND ba.type = 'fix'))
     ORDER BY r.created_at DESC LIMIT 1) r)`;

export interface PendingRow {
  id: string;
  channel: 'greenbill' | 'zoomit';
  email: string | null;
  mobile: string | null;
  notify: string | null;
  iban: string | null;
  bic: string | null;
  coversFixedAccounts: boolean;
  createdAt: string;
  expiresAt: string | null;
  billingAccountId: string;
}

/** The billing accounts the ability lets `action` InvoiceDelivery, with their setting (none: paper) and waiting request. */
function settingsQuery(db: Kysely<DB>, ability: AppAbility, customerId: string, action: Action = 'read') {
  return db
    .selectFrom('billing_accounts as ba')
    .leftJoin('invoice_delivery_settings as s', (j) => j.onRef('s.customer_id', '=', 'ba.customer_id').onRef('s.billing_account_id', '=', 'ba.id'))
    .where('ba.customer_id', '=', customerId)
    .where(whereAccessible(ability, action, 'InvoiceDelivery', ACCOUNT_COLUMNS))
    .select([
      'ba.id as billingAccountId', 'ba.number as billingAccountNumber', 'ba.name as billingAccountName', 'ba.type as billingAccountType',
      sql<string>`coalesce(s.channel, 'paper')`.as('channel'),
      's.email', 's.mobile', 's.notify', 's.iban', 's.bic', 's.peppol_id as peppolId', 's.activated_at as activatedAt',
      's.last_bounce_at as lastBounceAt', 's.last_bounce_reason as lastBounceReason',
      sql<number>`coalesce(s.version, 0)`.as('version'),
      pendingRequest.as('pending'),
    ]);
}

export type SettingRow = Awaited<ReturnType<ReturnType<typeof settingsQuery>['execute']>>[number];

export function listSettings(db: Kysely<DB>, ability: AppAbility, customerId: string, page: { after?: readonly [string, string] | undefined; limit: number }) {
  let q = settingsQuery(db, ability, customerId);
  if (page.after) q = q.where(sql<boolean>`(ba.number, ba.id) > (${page.after[0]}, ${page.after[1]}::uuid)`);
  return q.orderBy('ba.number').orderBy('ba.id').limit(page.limit + 1).execute();
}

/** One account's setting if the ability lets `action` its invoice delivery; undefined otherwise (404). */
export function findSetting(db: Kysely<DB>, ability: AppAbility, customerId: string, billingAccountId: string, action: Action = 'read') {
  return settingsQuery(db, ability, customerId, action).where('ba.id', '=', billingAccountId).executeTakeFirst();
}

/** Locks the settings of these accounts (creating paper rows) so concurrent changes queue, and returns their versions. */
export async function lockSettings(trx: Kysely<DB>, customerId: string, accountIds: readonly string[], now: Date): Promise<Map<string, number>> {
  await trx
    .insertInto('invoice_delivery_settings')
    .values(accountIds.map((id) => ({ customer_id: customerId, billing_account_id: id, channel: 'paper', version: 0, updated_at: now })))
    .onConflict((oc) => oc.columns(['customer_id', 'billing_account_id']).doNothing())
    .execute();
  const rows = await trx
    .selectFrom('invoice_delivery_settings')
    .select(['billing_account_id', 'version'])
    .where('customer_id', '=', customerId)
    .where('billing_account_id', 'in', accountIds)
    .orderBy('billing_account_id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.billing_account_id, r.version]));
}

export interface SettingChange {
  channel: 'paper' | 'greenbill' | 'zoomit' | 'peppol';
  email?: string | null;
  mobile?: string | null;
  notify?: string | null;
  iban?: string | null;
  bic?: string | null;
  peppolId?: string | null;
  /** The language of the announcements (GreenBill). */
  language?: string;
  activatedAt: Date | null;
}

/** Sets the delivery of these (locked) accounts; a new address also forgets the last bounce. */
export async function writeSettings(trx: Kysely<DB>, customerId: string, accountIds: readonly string[], change: SettingChange, now: Date) {
  if (accountIds.length === 0) return;
  await trx
    .updateTable('invoice_delivery_settings')
    .set((eb) => ({
      channel: change.channel,
      email: change.email ?? null,
      mobile: change.mobile ?? null,
      notify: change.notify ?? null,
      iban: change.iban ?? null,
      bic: change.bic ?? null,
      peppol_id: change.peppolId ?? null,
      ...(change.language ? { language: change.language } : {}),
      activated_at: change.activatedAt,
      last_bounce_at: null,
      last_bounce_reason: null,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('customer_id', '=', customerId)
    .where('billing_account_id', 'in', accountIds)
    .execute();
}

/** Moves the version of accounts whose waiting request changed (their ETag must change too). */
export async function touchSettings(trx: Kysely<DB>, customerId: string, accountIds: readonly string[], now: Date) {
  if (accountIds.length === 0) return;
  await trx
    .updateTable('invoice_delivery_settings')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('customer_id', '=', customerId)
    .where('billing_account_id', 'in', accountIds)
    .execute();
}

export interface NewRequest {
  customerId: string;
  billingAccountId: string;
  channel: 'greenbill' | 'zoomit';
  email?: string | null;
  mobile?: string | null;
  notify?: string | null;
  iban?: string | null;
  bic?: string | null;
  coversFixedAccounts: boolean;
  tokenHash?: string | null;
  expiresAt?: Date | null;
  requestedBy: string;
  delegationId: string | null;
  language: string;
}

export async function insertRequest(trx: Kysely<DB>, r: NewRequest, now: Date): Promise<string> {
  const row = await trx
    .insertInto('invoice_delivery_requests')
    .values({
      customer_id: r.customerId, billing_account_id: r.billingAccountId, channel: r.channel, email: r.email ?? null, mobile: r.mobile ?? null,
      notify: r.notify ?? null, iban: r.iban ?? null, bic: r.bic ?? null, covers_fixed_accounts: r.coversFixedAccounts,
      token_hash: r.tokenHash ?? null, expires_at: r.expiresAt ?? null, requested_by: r.requestedBy, delegation_id: r.delegationId,
      language: r.language, created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Ends the waiting requests of these accounts (replaced by a newer choice, or cancelled); returns the accounts they were on. */
export async function cancelPendingRequests(trx: Kysely<DB>, customerId: string, accountIds: readonly string[], now: Date, channel?: 'greenbill' | 'zoomit') {
  if (accountIds.length === 0) return [];
  let q = trx
    .updateTable('invoice_delivery_requests')
    .set({ status: 'cancelled', decided_at: now, token_hash: null })
    .where('customer_id', '=', customerId)
    .where('status', '=', 'pending')
    .where('billing_account_id', 'in', accountIds);
  if (channel) q = q.where('channel', '=', channel);
  return (await q.returning(['id', 'billing_account_id as billingAccountId']).execute());
}

export function findRequest(db: Kysely<DB>, customerId: string, requestId: string) {
  return db
    .selectFrom('invoice_delivery_requests')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', requestId)
    .executeTakeFirst();
}

/** A request by id alone, locked (the bank's webhook and the verification link know no customer). */
export function lockRequestById(trx: Kysely<DB>, requestId: string) {
  return trx.selectFrom('invoice_delivery_requests').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
}

export function findRequestByTokenHash(db: Kysely<DB>, tokenHash: string) {
  return db.selectFrom('invoice_delivery_requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function decideRequest(trx: Kysely<DB>, customerId: string, requestId: string, status: 'confirmed' | 'accepted' | 'refused' | 'cancelled', now: Date) {
  const row = await trx
    .updateTable('invoice_delivery_requests')
    .set({ status, decided_at: now })
    .where('customer_id', '=', customerId)
    .where('id', '=', requestId)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function renewToken(trx: Kysely<DB>, customerId: string, requestId: string, tokenHash: string, expiresAt: Date) {
  await trx
    .updateTable('invoice_delivery_requests')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('customer_id', '=', customerId)
    .where('id', '=', requestId)
    .execute();
}

export function accountNumbers(db: Kysely<DB>, customerId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('billing_accounts').select(['id', 'number']).where('customer_id', '=', customerId).where('id', 'in', ids).orderBy('number').execute();
}

export function fixedAccountIds(db: Kysely<DB>, customerId: string) {
  return db.selectFrom('billing_accounts').select(['id', 'number']).where('customer_id', '=', customerId).where('type', '=', 'fix').orderBy('number').execute();
}

/** The invoices of these accounts whose PDF can still be downloaded (EBL-5), newest first. */
export function invoicesWithPdf(db: Kysely<DB>, customerId: string, accountIds: readonly string[], pdfCutoff: string, billingCutoff: string) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .where('i.customer_id', '=', customerId)
    .where('i.billing_account_id', 'in', accountIds)
    .where((eb) => eb.or([
      eb('i.period_end', '>=', billingCutoff),
      eb.and([eb('ba.type', '=', 'fix'), eb('i.issue_date', '>=', pdfCutoff)]),
    ]))
    .select(['i.id', 'i.number', 'i.issue_date as issueDate', 'ba.number as billingAccountNumber'])
    .orderBy('i.issue_date', 'desc')
    .orderBy('i.number', 'desc')
    .limit(200)
    .execute();
}

// ----- deliveries -----

const DELIVERY_COLUMNS = [
  'd.id', 'd.invoice_id as invoiceId', 'i.number as invoiceNumber', 'd.billing_account_id as billingAccountId', 'd.channel', 'd.recipient',
  'd.status', 'd.reason', 'd.attempts', 'd.created_at as createdAt', 'd.sent_at as sentAt', 'd.updated_at as updatedAt',
  sql<string>`to_char(i.issue_date, 'YYYY-MM-DD')`.as('issueDate'),
  sql<string>`to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('sortKey'),
] as const;

function deliveriesQuery(db: Kysely<DB>, customerId: string) {
  return db
    .selectFrom('invoice_deliveries as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'd.customer_id').onRef('i.id', '=', 'd.invoice_id'))
    .where('d.customer_id', '=', customerId)
    .select(DELIVERY_COLUMNS);
}

export type DeliveryRow = Awaited<ReturnType<ReturnType<typeof deliveriesQuery>['execute']>>[number];

/** An account's delivery history, newest first: the deliveries of the invoices retention still shows (RET-1, INV-3). */
export function accountDeliveries(
  db: Kysely<DB>, customerId: string, billingAccountId: string, w: RetentionWindow, page: { after?: readonly [string, string, string] | undefined; limit: number },
) {
  let q = deliveriesQuery(db, customerId)
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .where('d.billing_account_id', '=', billingAccountId)
    .where(retained(w));
  if (page.after) {
    q = q.where(sql<boolean>`(d.created_at, i.issue_date, d.id) < (${page.after[0]}::timestamptz, ${page.after[1]}::date, ${page.after[2]}::uuid)`);
  }
  // Deliveries scheduled together (one billing run) read newest invoice first.
  return q.orderBy('d.created_at', 'desc').orderBy('i.issue_date', 'desc').orderBy('d.id', 'desc').limit(page.limit + 1).execute();
}

/** One invoice's deliveries (a handful: one per channel). */
export function invoiceDeliveries(db: Kysely<DB>, customerId: string, invoiceId: string) {
  return deliveriesQuery(db, customerId).where('d.invoice_id', '=', invoiceId).orderBy('d.channel').execute();
}

/**
 * Within a billing run's transaction: one delivery per channel for each invoice of the run, as
 * its account's setting says when its period closes. Paper only while no electronic channel is
 * active (EBL-5); GreenBill announces by e-mail, SMS or both (EBL-3). The unique key (invoice,
 * channel) keeps anything from being scheduled twice.
 */
export async function scheduleRunDeliveries(trx: Kysely<DB>, now: Date): Promise<number> {
  const result = await sql`
    INSERT INTO invoice_deliveries (customer_id, billing_account_id, invoice_id, channel, recipient, status, next_attempt_at, created_at, sent_at, updated_at)
    SELECT ri.customer_id, ri.billing_account_id, ri.id, c.channel, c.recipient,
           CASE WHEN c.channel = 'paper' THEN 'sent' ELSE 'pending' END, ${now}, ${now},
           CASE WHEN c.channel = 'paper' THEN ${now}::timestamptz END, ${now}
      FROM run_invoices ri
      LEFT JOIN invoice_delivery_settings s ON s.customer_id = ri.customer_id AND s.billing_account_id = ri.billing_account_id
      CROSS JOIN LATERAL (VALUES
        ('paper', 'post', coalesce(s.channel, 'paper') = 'paper'),
        ('email', s.email, s.channel = 'greenbill' AND s.notify IN ('email', 'both')),
        ('sms', s.mobile, s.channel = 'greenbill' AND s.notify IN ('sms', 'both')),
        ('zoomit', s.iban, s.channel = 'zoomit'),
        ('peppol', s.peppol_id, s.channel = 'peppol')
      ) AS c(channel, recipient, wanted)
     WHERE c.wanted
    ON CONFLICT (customer_id, invoice_id, channel) DO NOTHING`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export interface ClaimedDelivery {
  customerId: string;
  id: string;
  billingAccountId: string;
  invoiceId: string;
  channel: 'email' | 'sms' | 'zoomit' | 'peppol';
  recipient: string;
  attempts: number;
}

/** Claims due deliveries (FOR UPDATE SKIP LOCKED, then a lease), as the mail sender claims mails. */
export async function claimDueDeliveries(
  db: Kysely<DB>, now: Date, leaseUntil: Date, limit: number, channels: readonly ClaimedDelivery['channel'][],
): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    UPDATE invoice_deliveries d SET attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}
     WHERE (d.customer_id, d.id) IN (
             SELECT customer_id, id FROM invoice_deliveries
              WHERE status = 'pending' AND next_attempt_at <= ${now} AND channel = ANY(${[...channels]}::text[])
              ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
       AND d.status = 'pending'
    RETURNING d.customer_id AS "customerId", d.id, d.billing_account_id AS "billingAccountId", d.invoice_id AS "invoiceId",
              d.channel, d.recipient, d.attempts`.execute(db);
  return rows;
}

export async function updateDelivery(
  db: Kysely<DB>, customerId: string, id: string,
  change: { status: string; reason?: string | null; mailId?: string | null; document?: string | null; sentAt?: Date | null; nextAttemptAt?: Date },
  now: Date,
) {
  await db
    .updateTable('invoice_deliveries')
    .set({
      status: change.status,
      reason: change.reason ?? null,
      ...(change.mailId !== undefined ? { mail_id: change.mailId } : {}),
      ...(change.document !== undefined ? { document: change.document } : {}),
      ...(change.sentAt !== undefined ? { sent_at: change.sentAt } : {}),
      ...(change.nextAttemptAt !== undefined ? { next_attempt_at: change.nextAttemptAt } : {}),
      updated_at: now,
    })
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .execute();
}

/** The invoice and parties a delivery needs: number, dates, amounts, lines, the customer and the account. */
export async function invoiceForDelivery(db: Kysely<DB>, customerId: string, invoiceId: string) {
  const invoice = await db
    .selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .where('i.customer_id', '=', customerId)
    .where('i.id', '=', invoiceId)
    .select([
      'i.id', 'i.number', 'i.issue_date as issueDate', 'i.due_date as dueDate', 'i.amount_incl_vat_cents as amountInclVatCents', 'i.payment_status as paymentStatus',
      'ba.number as accountNumber', 'ba.name as accountName', 'c.name as customerName', 'c.enterprise_number as enterpriseNumber',
      'c.street', 'c.postal_code as postalCode', 'c.city', 'c.country',
    ])
    .executeTakeFirst();
  if (!invoice) return undefined;
  const lines = await db
    .selectFrom('invoice_lines')
    .select(['line_no as lineNo', 'description', 'charge_type as chargeType', 'quantity', 'amount_excl_vat_cents as amountExclVatCents', 'vat_rate_bp as vatRateBp'])
    .where('customer_id', '=', customerId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('line_no')
    .execute();
  return { ...invoice, lines };
}

/** The announcement mail of a delivery bounced or was given up: mark it so (and the setting's last bounce). */
export function deliveryOfMail(db: Kysely<DB>, mailId: string) {
  return db
    .selectFrom('invoice_deliveries as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.customer_id', '=', 'd.customer_id').onRef('i.id', '=', 'd.invoice_id'))
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'd.customer_id').onRef('ba.id', '=', 'd.billing_account_id'))
    .where('d.mail_id', '=', mailId)
    .select(['d.customer_id as customerId', 'd.id', 'd.billing_account_id as billingAccountId', 'd.recipient', 'd.status', 'i.number as invoiceNumber', 'ba.number as accountNumber'])
    .executeTakeFirst();
}

export async function markSettingBounced(trx: Kysely<DB>, customerId: string, billingAccountId: string, reason: string, now: Date) {
  await trx
    .updateTable('invoice_delivery_settings')
    .set((eb) => ({ last_bounce_at: now, last_bounce_reason: reason, version: eb('version', '+', 1), updated_at: now }))
    .where('customer_id', '=', customerId)
    .where('billing_account_id', '=', billingAccountId)
    .execute();
}

/** Members of the customer with an invoice-delivery grant: whose ability then decides who is told of a bounce. */
export function deliveryGrantees(db: Kysely<DB>, customerId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.customer_id', '=', customerId)
    .where('u.status', '=', 'active')
    .where((eb) => eb.exists(eb.selectFrom('grants as g').select('g.id').whereRef('g.membership_id', '=', 'm.id').where('g.app', '=', 'invoice-delivery')))
    .select(['u.id', 'u.email', 'u.language'])
    .distinct()
    .execute();
}

export async function recordSms(trx: Kysely<DB>, sms: { customerId: string | null; to: string; kind: string; text: string }, now: Date) {
  await trx.insertInto('sms_messages').values({ customer_id: sms.customerId, to_number: sms.to, kind: sms.kind, body_text: sms.text, created_at: now }).execute();
}

export function listSms(db: Kysely<DB>, page: { after?: readonly [string, string] | undefined; limit: number }) {
  let q = db.selectFrom('sms_messages').select([
    'id', 'to_number as to', 'kind', 'body_text as text', 'created_at as createdAt',
    sql<string>`to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('sortKey'),
  ]);
  if (page.after) q = q.where(sql<boolean>`(created_at, id) < (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
}

export function customerOf(db: Kysely<DB>, customerId: string) {
  return db.selectFrom('customers').select(['name', 'enterprise_number as enterpriseNumber']).where('id', '=', customerId).executeTakeFirstOrThrow();
}
