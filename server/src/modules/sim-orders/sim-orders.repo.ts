import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import type { SimChange } from '@mandate/contracts/sim-orders';
import { whereAccessible } from '../../lib/accessible-by.ts';
import { SIM_LIST_COLUMNS } from '../sims/sims.repo.ts';
import { holderAt } from '../usage/usage.repo.ts';

/** A timestamp as exact text (microseconds, UTC), for keyset positions. */
const exactTime = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface NewOrder {
  customerId: string;
  simId: string;
  kind: string;
  request: unknown;
  status: string;
  effective: string;
  effectiveAt: Date | null;
  createdAt: Date;
  createdBy: string | null;
  delegationId: string | null;
  decidedAt?: Date | null;
  decidedBy?: string | null;
  reason?: string | null;
  bulkChangeId?: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
}

const orderRow = (o: NewOrder) => ({
  customer_id: o.customerId, sim_id: o.simId, kind: o.kind, request: JSON.stringify(o.request), status: o.status, effective: o.effective,
  effective_at: o.effectiveAt, created_at: o.createdAt, created_by: o.createdBy, delegation_id: o.delegationId,
  decided_at: o.decidedAt ?? null, decided_by: o.decidedBy ?? null, reason: o.reason ?? null, bulk_change_id: o.bulkChangeId ?? null,
  idempotency_key: o.idempotencyKey ?? null, request_hash: o.requestHash ?? null,
});

/** Inserts orders and answers their ids, in the order given. */
export async function insertOrders(trx: Kysely<DB>, orders: readonly NewOrder[]): Promise<string[]> {
  if (orders.length === 0) return [];
  const rows = await trx.insertInto('sim_orders').values(orders.map(orderRow)).returning('id').execute();
  return rows.map((r) => r.id);
}

/** The order a user placed with this idempotency key, if any. */
export function findByIdempotencyKey(db: Kysely<DB>, customerId: string, userId: string, key: string) {
  return db.selectFrom('sim_orders').select(['id', 'request_hash as requestHash'])
    .where('customer_id', '=', customerId).where('created_by', '=', userId).where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** The orders as the API shows them: with the SIM's number and the names of who placed and decided them. */
function ordersView(db: Kysely<DB>) {
  return db
    .selectFrom('sim_orders as o')
    .innerJoin('sims as s', (j) => j.onRef('s.customer_id', '=', 'o.customer_id').onRef('s.id', '=', 'o.sim_id'))
    .leftJoin('users as cu', 'cu.id', 'o.created_by')
    .leftJoin('users as du', 'du.id', 'o.decided_by')
    .select([
      'o.id', 'o.customer_id as customerId', 'o.sim_id as simId', 's.msisdn', 'o.kind', 'o.request', 'o.status', 'o.effective', 'o.effective_at as effectiveAt',
      'o.created_at as createdAt', 'o.created_by as createdById', 'cu.first_name as createdByFirstName', 'cu.last_name as createdByLastName',
      'o.delegation_id as delegationId', 'o.decided_at as decidedAt', 'o.decided_by as decidedById', 'du.first_name as decidedByFirstName',
      'du.last_name as decidedByLastName', 'o.decided_delegation_id as decidedDelegationId', 'o.reason', 'o.bulk_change_id as bulkChangeId',
      's.billing_account_id as billingAccountId', 's.cost_centre_id as costCentreId', 's.end_user_id as endUserId',
      exactTime('o.created_at').as('keyAt'),
    ]);
}
export type OrderRow = Awaited<ReturnType<ReturnType<typeof ordersView>['executeTakeFirstOrThrow']>>;

/**
 * The Sim rule fields of an order's SIM. ROLE-5: an end user reads the orders of his line from the
 * moment it became his, as its history; his predecessor's orders stay out of his sight.
 */
const ORDER_SIM_COLUMNS = { ...SIM_LIST_COLUMNS, endUserId: holderAt('s', sql.ref('o.created_at')) };

/** One order of a SIM the ability lets the caller read (else undefined: 404). */
export function findOrder(db: Kysely<DB>, ability: AppAbility, customerId: string, orderId: string) {
  return ordersView(db)
    .where('o.customer_id', '=', customerId).where('o.id', '=', orderId)
    .where(whereAccessible(ability, 'read', 'Sim', ORDER_SIM_COLUMNS))
    .executeTakeFirst();
}

/** One order, whoever asks (a job, or a service that already decided access). */
export function findOrderById(db: Kysely<DB>, customerId: string, orderId: string) {
  return ordersView(db).where('o.customer_id', '=', customerId).where('o.id', '=', orderId).executeTakeFirst();
}

/** The orders of the SIMs the caller may read, newest first, keyset on (created_at, id). */
export function listOrders(
  db: Kysely<DB>, ability: AppAbility, customerId: string,
  f: { status?: readonly string[] | undefined; simId?: string | undefined; after?: readonly [string, string] | undefined; limit: number },
) {
  let q = ordersView(db)
    .where('o.customer_id', '=', customerId)
    .where(whereAccessible(ability, 'read', 'Sim', ORDER_SIM_COLUMNS));
  if (f.status) q = q.where('o.status', 'in', [...f.status]);
  if (f.simId) q = q.where('o.sim_id', '=', f.simId);
  if (f.after) {
    const [at, id] = f.after;
    q = q.where(sql<boolean>`(o.created_at, o.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(f.limit + 1).execute();
}

/** Locks an order in one of `statuses` for a decision; undefined when it is not (or no longer) in one. */
export function lockOrder(trx: Kysely<DB>, customerId: string, orderId: string, statuses: readonly string[]) {
  return trx.selectFrom('sim_orders').selectAll().where('customer_id', '=', customerId).where('id', '=', orderId)
    .where('status', 'in', [...statuses]).forUpdate().executeTakeFirst();
}

export function decideOrder(
  trx: Kysely<DB>, customerId: string, orderId: string,
  d: { status: string; decidedAt: Date; decidedBy: string | null; decidedDelegationId?: string | null; reason?: string | null; effectiveAt?: Date | null },
) {
  return trx.updateTable('sim_orders')
    .set({
      status: d.status, decided_at: d.decidedAt, decided_by: d.decidedBy, decided_delegation_id: d.decidedDelegationId ?? null, reason: d.reason ?? null,
      ...(d.effectiveAt !== undefined ? { effective_at: d.effectiveAt } : {}),
    })
    .where('customer_id', '=', customerId).where('id', '=', orderId).execute();
}

/**
 * A later change of a setting replaces the one scheduled for it: the scheduled orders of these
 * SIMs that set the same thing (the plan, one option, CLIR, premium barring, the EU data cut-off)
 * are cancelled, naming who replaced them. Without this a change for the next period would be made
 * on the same day as the older one, and a change made at once would be undone on that day.
 * `onlyOf`: only the orders this user asked for (an end user never replaces his manager's).
 * `waiting`: the requests awaiting approval instead, which a later request of the same setting replaces.
 */
export function supersedeSameSetting(
  trx: Kysely<DB>, customerId: string, simIds: readonly string[], change: SimChange,
  by: { at: Date; userId: string | null; delegationId: string | null },
  { effective = 'next_period', onlyOf, waiting = false }: { effective?: 'now' | 'next_period'; onlyOf?: string; waiting?: boolean } = {},
) {
  if (simIds.length === 0) return Promise.resolve([]);
  const reason = waiting ? 'Replaced by a later request.'
    : effective === 'now' ? 'Replaced by a later change made at once.' : 'Replaced by a later change for the next period.';
  let query = trx.updateTable('sim_orders')
    .set({ status: 'cancelled', decided_at: by.at, decided_by: by.userId, decided_delegation_id: by.delegationId, reason })
    .where('customer_id', '=', customerId).where('sim_id', 'in', [...simIds]).where('status', '=', waiting ? 'awaiting_approval' : 'scheduled')
    .where(sameSetting(change));
  if (onlyOf !== undefined) query = query.where('created_by', '=', onlyOf);
  return query.returning(['id', 'sim_id as simId']).execute();
}

/** A change of the same setting as `change` scheduled for the SIM by someone other than `userId`, if any. */
export function scheduledByOther(trx: Kysely<DB>, customerId: string, simId: string, change: SimChange, userId: string) {
  return trx.selectFrom('sim_orders').select('id')
    .where('customer_id', '=', customerId).where('sim_id', '=', simId).where('status', '=', 'scheduled')
    .where(sameSetting(change))
    .where((eb) => eb.or([eb('created_by', 'is', null), eb('created_by', '!=', userId)]))
    .executeTakeFirst();
}

/** The orders that set what `change` sets: the plan, one option (added or removed), CLIR, premium barring, the EU data cut-off. */
function sameSetting(change: SimChange) {
  return (eb: ExpressionBuilder<DB, 'sim_orders'>) => (change.kind === 'add_option' || change.kind === 'remove_option'
    ? eb.and([eb('kind', 'in', ['add_option', 'remove_option']), eb(sql<string>`request->>'optionId'`, '=', change.optionId)])
    : eb('kind', '=', change.kind));
}

/** Scheduled orders whose day has come, oldest first, locked for this worker (another skips them). */
export function lockDueOrders(trx: Kysely<DB>, now: Date, limit: number) {
  return trx.selectFrom('sim_orders').selectAll().where('status', '=', 'scheduled').where('effective_at', '<=', now)
    .orderBy('effective_at').limit(limit).forUpdate().skipLocked().execute();
}

/** The first day after the open billing period of the account that holds `today`, if the account has one. */
export async function nextPeriodStart(db: Kysely<DB>, customerId: string, billingAccountId: string, today: string): Promise<string | undefined> {
  const row = await db.selectFrom('billing_periods').select(sql<string>`to_char(ends_on + 1, 'YYYY-MM-DD')`.as('next'))
    .where('customer_id', '=', customerId).where('billing_account_id', '=', billingAccountId)
    .where('starts_on', '<=', today).where('ends_on', '>=', today)
    .executeTakeFirst();
  return row?.next;
}

/** MOB-4: the SIM's self-service rights. */
export function findSelfService(db: Kysely<DB>, customerId: string, simId: string) {
  return db.selectFrom('sim_self_service as ss').leftJoin('users as u', 'u.id', 'ss.granted_by')
    .select([
      'ss.tariff_plan_ids as tariffPlanIds', 'ss.option_ids as optionIds', 'ss.clir', 'ss.requires_approval as requiresApproval',
      'ss.granted_at as grantedAt', 'ss.granted_by as grantedById', 'u.first_name as grantedByFirstName', 'u.last_name as grantedByLastName',
    ])
    .where('ss.customer_id', '=', customerId).where('ss.sim_id', '=', simId)
    .executeTakeFirst();
}

export async function upsertSelfService(
  trx: Kysely<DB>, customerId: string, simId: string,
  r: { tariffPlanIds: string[]; optionIds: string[]; clir: boolean; requiresApproval: boolean; grantedAt: Date; grantedBy: string },
): Promise<void> {
  const values = {
    tariff_plan_ids: r.tariffPlanIds, option_ids: r.optionIds, clir: r.clir, requires_approval: r.requiresApproval, granted_at: r.grantedAt, granted_by: r.grantedBy,
  };
  await trx.insertInto('sim_self_service').values({ customer_id: customerId, sim_id: simId, ...values })
    .onConflict((oc) => oc.columns(['customer_id', 'sim_id']).doUpdateSet(values)).execute();
}

/** MOB-10: the SIM's billed call amount (voice, SMS, data, roaming) on each of its account's last closed invoices. */
export function lastClosedInvoices(db: Kysely<DB>, customerId: string, billingAccountId: string, simId: string, count: number) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('billing_periods as bp', (j) => j.onRef('bp.customer_id', '=', 'i.customer_id').onRef('bp.id', '=', 'i.billing_period_id'))
    .where('i.customer_id', '=', customerId).where('i.billing_account_id', '=', billingAccountId).where('bp.status', '=', 'closed')
    .select([
      'i.id as invoiceId', 'i.number', sql<string>`to_char(i.period_start, 'YYYY-MM')`.as('period'),
      sql<string>`coalesce((SELECT sum(l.amount_excl_vat_cents) FROM invoice_lines l
        WHERE l.customer_id = i.customer_id AND l.invoice_id = i.id AND l.sim_id = ${simId}
          AND l.charge_type IN ('national_voice', 'international_voice', 'roaming', 'sms', 'data')), 0)`.as('callAmountCents'),
    ])
    .orderBy('i.period_start', 'desc').orderBy('i.id', 'desc')
    .limit(count)
    .execute();
}

/** Whether a number belongs to a SIM already (of any customer: numbers are unique). */
export async function msisdnInUse(db: Kysely<DB>, msisdn: string): Promise<boolean> {
  return Boolean(await db.selectFrom('sims').select('id').where('msisdn', '=', msisdn).executeTakeFirst());
}

/**
 * Whether a number change in one of `statuses`, of any customer, wants this number: `requested`
 * (asked by a customer, waiting for operator staff) or `scheduled` (announced by the operator);
 * `exceptOrderId` is the order being decided, which may have its own number.
 */
export async function msisdnWanted(
  db: Kysely<DB>, msisdn: string, statuses: ReadonlyArray<'requested' | 'scheduled'>, exceptOrderId?: string,
): Promise<boolean> {
  let q = db.selectFrom('sim_orders').select('id')
    .where('kind', '=', 'number_change').where('status', 'in', [...statuses]).where(sql<boolean>`request->>'desiredMsisdn' = ${msisdn}`);
  if (exceptOrderId) q = q.where('id', '<>', exceptOrderId);
  return Boolean(await q.executeTakeFirst());
}

/** The device in a SIM from now: the current one's period ends. A BYOD device keeps no data, only the marking. */
export async function replaceDevice(
  trx: Kysely<DB>, customerId: string, simId: string, now: Date,
  d: { ownership: string; imei: string | null; make: string | null; model: string | null },
): Promise<void> {
  await trx.updateTable('devices').set({ until: now }).where('customer_id', '=', customerId).where('sim_id', '=', simId).where('until', 'is', null).execute();
  await trx.insertInto('devices').values({
    customer_id: customerId, sim_id: simId, imei: d.imei, make: d.make, model: d.model, ownership: d.ownership, since: now,
  }).execute();
}

/** MOB-6: a block after loss or theft starts now. */
export async function openBlock(trx: Kysely<DB>, customerId: string, simId: string, at: Date): Promise<void> {
  // A block closed at the very instant it reopens (a clock that does not move) is the same block, open again.
  await trx.insertInto('sim_blocks').values({ customer_id: customerId, sim_id: simId, blocked_from: at })
    .onConflict((oc) => oc.columns(['customer_id', 'sim_id', 'blocked_from']).doUpdateSet({ blocked_until: null })).execute();
}

/** MOB-6: the SIM's open block ends now. */
export async function closeBlock(trx: Kysely<DB>, customerId: string, simId: string, at: Date): Promise<void> {
  await trx.updateTable('sim_blocks').set({ blocked_until: at })
    .where('customer_id', '=', customerId).where('sim_id', '=', simId).where('blocked_until', 'is', null).execute();
}
