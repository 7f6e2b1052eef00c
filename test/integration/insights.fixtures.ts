import { sql, type Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { addDays, addMonths } from '@mandate/domain/dates';
import { ensureMonthPartitions } from '@mandate/server/lib/partitions';

/**
 * Billing data for the Invoice Insights tests, written the way ingestion writes it (notes:
 * billing-api.md invariants): a closed period, its invoice and lines, one call detail per usage
 * line carrying the line's amount, and the period's roll-ups (the lines summed per billing
 * account × SIM × cost centre × charge type). Used only where the demo data does not already
 * hold what a test needs.
 */
export interface FixtureLine {
  simId: string | null;
  costCentreId: string | null;
  chargeType: string;
  amountCents: number;
}

const USAGE = new Set(['national_voice', 'international_voice', 'roaming', 'sms', 'data']);
let runs = 0;

export async function closeMonth(db: Kysely<DB>, customerId: string, account: { id: string; number: string }, month: string, lines: FixtureLine[]) {
  const runId = `insights-test-${process.pid}-${++runs}`;
  const end = addDays(addMonths(month, 1), -1);
  const issue = addMonths(month, 1);
  const total = lines.reduce((s, l) => s + l.amountCents, 0);
  await ensureMonthPartitions(db, 'usage_rollups', [month]);
  await ensureMonthPartitions(db, 'call_details', [month]);
  await db.insertInto('billing_runs').values({ id: runId, checksum: runId }).execute();
  const period = await db.insertInto('billing_periods').values({
    customer_id: customerId, billing_account_id: account.id, starts_on: month, ends_on: end, status: 'closed', closed_at: new Date(`${issue}T06:00:00Z`), run_id: runId,
  }).returning('id').executeTakeFirstOrThrow();
  const invoice = await db.insertInto('invoices').values({
    customer_id: customerId, billing_account_id: account.id, billing_period_id: period.id, number: `T-${account.number}-${month.slice(0, 7)}-${runs}`,
    issue_date: issue, due_date: addDays(issue, 30), period_start: month, period_end: end,
    amount_excl_vat_cents: total, vat_cents: Math.round(total * 0.21), amount_incl_vat_cents: total + Math.round(total * 0.21), run_id: runId,
  }).returning('id').executeTakeFirstOrThrow();
  if (lines.length === 0) return invoice.id;
  await db.insertInto('invoice_lines').values(lines.map((l, i) => ({
    customer_id: customerId, invoice_id: invoice.id, line_no: i + 1, sim_id: l.simId, cost_centre_id: l.costCentreId, charge_type: l.chargeType,
    description: l.chargeType, amount_excl_vat_cents: l.amountCents,
  }))).execute();
  const details = lines.filter((l) => USAGE.has(l.chargeType) && l.simId);
  if (details.length > 0) {
    await db.insertInto('call_details').values(details.map((l, i) => ({
      customer_id: customerId, invoice_id: invoice.id, billing_account_id: account.id, sim_id: l.simId!, cost_centre_id: l.costCentreId,
      started_at: new Date(`${month.slice(0, 8)}10T10:00:00Z`), type: l.chargeType, destination: `+3247${String(i).padStart(7, '0')}`,
      duration_s: 60, standard_price_cents: l.amountCents, billed_price_cents: l.amountCents,
    }))).execute();
  }
  await sql`
    INSERT INTO usage_rollups (customer_id, month, billing_account_id, invoice_id, sim_id, cost_centre_id, charge_type, amount_cents)
    SELECT il.customer_id, ${month}::date, ${account.id}::uuid, il.invoice_id, il.sim_id, il.cost_centre_id, il.charge_type, sum(il.amount_excl_vat_cents)
      FROM invoice_lines il WHERE il.customer_id = ${customerId} AND il.invoice_id = ${invoice.id}
     GROUP BY il.customer_id, il.invoice_id, il.sim_id, il.cost_centre_id, il.charge_type`.execute(db);
  return invoice.id;
}

/**
 * Acme's 14 closed months before `now`'s month, unless the demo data already holds Acme invoices:
 * subscriptions and usage per SIM, a one-off on the fixed account, and in the last month a
 * roaming bill on one SIM (the change's obvious driver).
 */
export async function ensureAcmeBilling(db: Kysely<DB>, customerId: string, lastClosed: string): Promise<void> {
  if (await db.selectFrom('invoices').where('customer_id', '=', customerId).select('id').executeTakeFirst()) return;
  const accounts = await db.selectFrom('billing_accounts').where('customer_id', '=', customerId).select(['id', 'number']).orderBy('number').execute();
  const sims = await db.selectFrom('sims').where('customer_id', '=', customerId).select(['id', 'billing_account_id', 'cost_centre_id']).orderBy('msisdn').execute();
  for (let k = 13; k >= 0; k--) {
    const month = addMonths(lastClosed, -k);
    for (const account of accounts) {
      const lines: FixtureLine[] = [];
      sims.filter((s) => s.billing_account_id === account.id).forEach((s, i) => {
        lines.push({ simId: s.id, costCentreId: s.cost_centre_id, chargeType: 'subscription', amountCents: 1500 + k });
        lines.push({ simId: s.id, costCentreId: s.cost_centre_id, chargeType: 'data', amountCents: 100 + i * 7 + k * 3 });
        lines.push({ simId: s.id, costCentreId: s.cost_centre_id, chargeType: 'national_voice', amountCents: 50 + ((i * 13 + k * 5) % 200) });
        if (k === 0 && i === 2) lines.push({ simId: s.id, costCentreId: s.cost_centre_id, chargeType: 'roaming', amountCents: 48_000 });
      });
      if (lines.length === 0) lines.push({ simId: null, costCentreId: null, chargeType: 'one_off', amountCents: 9_900 + k * 100 });
      lines.push({ simId: null, costCentreId: null, chargeType: 'discount', amountCents: -250 });
      await closeMonth(db, customerId, account, month, lines);
    }
  }
}
