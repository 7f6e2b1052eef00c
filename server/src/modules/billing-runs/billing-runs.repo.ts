import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { BILLING_RUN_FILES, type BillingRunFile } from '@mandate/contracts/billing-runs';
import { FREE_NUMBER_PREFIXES, FREE_SHORT_NUMBERS, NUMBER_SEPARATORS } from '@mandate/domain/free-numbers';
import { addMonths, brusselsStartOfDay } from '@mandate/domain/dates';
import type { Language } from '@mandate/domain/profiles';
import { partitionName } from '../../lib/partitions.ts';
import { scheduleRunDeliveries } from '../invoice-delivery/invoice-delivery.repo.ts';
import { FILE_COLUMNS, stagingTable } from './billing-runs.format.ts';

/**
 * The SQL of ingestion (docs/ingestion.md). Everything runs on the one connection of the run's
 * transaction: the files are COPYed into temporary staging tables (dropped at the end of the
 * transaction), checked in SQL, then written to the real tables with one INSERT … SELECT each.
 * Identifiers here come from constants, never from input.
 */

export const USAGE_TYPES = ['national_voice', 'international_voice', 'roaming', 'sms', 'data'] as const;
export const CHARGE_TYPES = ['subscription', 'option', ...USAGE_TYPES, 'one_off', 'discount'] as const;
export const DOCUMENT_KINDS = ['usage_report', 'statement', 'notice'] as const;

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));

/**
 * INV-5 in SQL, the same rule as `isFreeOrEmergencyNumber` (packages/domain/src/free-numbers.ts):
 * true when `column` is a free number or an emergency / social-utility short number, in national
 * or +32 / 0032 form, separators ignored.
 */
export function freeNumberSql(column: string): RawBuilder<boolean> {
  const quoted = (values: string[]) => values.map((v) => `'${v}'`).join(', ');
  const shortForms = FREE_SHORT_NUMBERS.flatMap((n) => [n, `+32${n}`, `0032${n}`]);
  // '0800…' nationally; '+32800…', '+320800…', '0032800…', '00320800…' internationally.
  const prefixes = FREE_NUMBER_PREFIXES.flatMap((p) => [p, `+32${p.slice(1)}`, `+32${p}`, `0032${p.slice(1)}`, `0032${p}`]);
  const test = (v: string) => `(${prefixes.map((p) => `${v} LIKE '${p}%'`).join(' OR ')} OR ${v} IN (${quoted(shortForms)}))`;
  // Runs on every call detail: the separators are removed only from the (rare) numbers that have any.
  // '-' last in the bracket: a literal there; no separator is special otherwise in a bracket.
  const bracket = `[${NUMBER_SEPARATORS.replace('-', '')}-]`;
  return sql<boolean>`coalesce(CASE WHEN ${sql.raw(column)} ~ ${bracket}
    THEN (SELECT ${sql.raw(test('x.v'))} FROM (SELECT translate(${sql.raw(column)}, ${NUMBER_SEPARATORS}, '') AS v) x)
    ELSE ${sql.raw(test(column))} END, false)`;
}

/** Enterprise number as written in a file ("0403.170.701", "BE0403170701") → the stored 10 digits. */
const enterpriseSql = (column: string) => `regexp_replace(upper(${column}), '^BE|[. ]', '', 'g')`;

export async function beginRun(db: Kysely<DB>, engine: 'postgres' | 'pglite') {
  await sql`BEGIN`.execute(db);
  // Timestamps without an offset are Brussels time (the billing calendar); periods are Brussels months.
  await sql`SET LOCAL TimeZone = 'Europe/Brussels'`.execute(db);
  if (engine === 'postgres') {
    await sql`SET LOCAL work_mem = '256MB'`.execute(db);
    // The indexes of a new month partition are built in one sort each when it is attached.
    await sql`SET LOCAL maintenance_work_mem = '1GB'`.execute(db);
  }
}

export const commitRun = (db: Kysely<DB>) => sql`COMMIT`.execute(db);
export const rollbackRun = (db: Kysely<DB>) => sql`ROLLBACK`.execute(db);

/** Takes the run id (a concurrent run of the same id waits here); false when it was loaded before. */
export async function claimRun(db: Kysely<DB>, runId: string, loadedBy: string | null, at: Date): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO billing_runs (id, checksum, loaded_at, loaded_by) VALUES (${runId}, 'loading', ${at}, ${loadedBy})
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function loadedRun(db: Kysely<DB>, runId: string) {
  return db.selectFrom('billing_runs').select(['checksum', 'loaded_at', 'counts']).where('id', '=', runId).executeTakeFirstOrThrow();
}

/**
 * INS-1: Invoice Insights is activated for every customer once its first billing data exists. The
 * run that brings a customer's first invoices activates it, at that moment, which is when its
 * coverage (the billing accounts existing then) is taken. An app already there, active or ended by
 * operator staff, is left as it is.
 */
export async function activateInsights(db: Kysely<DB>, runId: string, now: Date) {
  await db.insertInto('customer_apps')
    .columns(['customer_id', 'app', 'activated_at'])
    .expression(db.selectFrom('invoices').where('run_id', '=', runId).distinct()
      .select(['customer_id', sql<string>`'insights'`.as('app'), sql<Date>`${now}::timestamptz`.as('activated_at')]))
    .onConflict((oc) => oc.columns(['customer_id', 'app']).doNothing())
    .execute();
}

/** INV-3: the fixed-service invoices of a run that shipped no PDF for them, with what their PDF shows. */
export function fixedInvoicesWithoutPdf(db: Kysely<DB>, runId: string) {
  return db.selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', (j) => j.onRef('ba.customer_id', '=', 'i.customer_id').onRef('ba.id', '=', 'i.billing_account_id'))
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .where('i.run_id', '=', runId)
    .where('ba.type', '=', 'fix')
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.customer_id = i.customer_id AND p.invoice_id = i.id)`)
    .select([
      'i.customer_id as customerId', 'i.id', 'i.number', 'ba.number as accountNumber', 'ba.name as accountName', 'c.name as customerName',
      'i.period_start as periodStart', 'i.period_end as periodEnd', 'i.issue_date as issueDate', 'i.due_date as dueDate',
      'i.amount_excl_vat_cents as amountExclVatCents', 'i.vat_cents as vatCents', 'i.amount_incl_vat_cents as amountInclVatCents',
    ])
    .orderBy('i.number')
    .execute();
}

/** A PDF the portal rendered, in `language` (a shipped one is inserted with the run's other rows, with none). */
export async function insertInvoicePdf(db: Kysely<DB>, customerId: string, invoiceId: string, content: Buffer, sha256: string, language: Language) {
  await db.insertInto('invoice_pdfs').values({ customer_id: customerId, invoice_id: invoiceId, content, sha256, language }).execute();
}

export async function finishRun(db: Kysely<DB>, runId: string, checksum: string, counts: Record<string, number>) {
  await db.updateTable('billing_runs').set({ checksum, counts: JSON.stringify(counts) }).where('id', '=', runId).execute();
}

export async function createStagingTables(db: Kysely<DB>) {
  for (const file of BILLING_RUN_FILES) {
    const columns = FILE_COLUMNS[file].map((c) => `${c.name} ${c.type}`).join(', ');
    await sql.raw(`CREATE TEMP TABLE ${stagingTable(file)} (line bigint GENERATED ALWAYS AS IDENTITY, ${columns}) ON COMMIT DROP`).execute(db);
  }
  await sql`CREATE TEMP TABLE stg_binaries (path text PRIMARY KEY, content bytea NOT NULL) ON COMMIT DROP`.execute(db);
}

/** The COPY target and options of a file: the header must name the columns, in order. */
export function copyTarget(file: BillingRunFile) {
  return { target: `${stagingTable(file)} (${FILE_COLUMNS[file].map((c) => c.name).join(', ')})`, options: 'FORMAT csv, HEADER MATCH' };
}

export async function stageBinary(db: Kysely<DB>, path: string, content: Uint8Array) {
  await sql`INSERT INTO stg_binaries (path, content) VALUES (${path}, ${Buffer.from(content)})`.execute(db);
}

/** Statistics for the planner on big runs; PGlite runs are small and ANALYZE costs more than it saves there. */
export async function analyzeStaging(db: Kysely<DB>, engine: 'postgres' | 'pglite') {
  if (engine === 'pglite') return;
  for (const file of BILLING_RUN_FILES) await sql.raw(`ANALYZE ${stagingTable(file)}`).execute(db);
}

// ---------------------------------------------------------------------------------------------
// Validation: one query per file, one scan; each row gets its first problem as 'column|reason'.

export interface RowProblem {
  file: string;
  line: number;
  column: string | null;
  reason: string;
}

const required = (file: BillingRunFile) =>
  FILE_COLUMNS[file].filter((c) => c.required).map((c) => `WHEN s.${c.name} IS NULL THEN '${c.name}|required'`).join('\n');

async function problems(db: Kysely<DB>, file: string, query: string, limit: number): Promise<RowProblem[]> {
  const { rows } = await sql<{ line: string | number; problem: string }>`
    SELECT line, problem FROM (${sql.raw(query)}) x WHERE problem IS NOT NULL ORDER BY line LIMIT ${limit}`.execute(db);
  return rows.map((r) => {
    const [column, ...reason] = r.problem.split('|');
    return { file, line: Number(r.line) + 1, column: column || null, reason: reason.join('|') };
  });
}

const eur = (column = 'currency') => `WHEN s.${column} <> 'EUR' THEN '${column}|currency must be EUR'`;
const brusselsDate = (column: string) => `(${column} AT TIME ZONE 'Europe/Brussels')::date`;

/** Checks every file; returns at most `limit` problems, in file order then line order. */
export async function validateRun(db: Kysely<DB>, limit: number, step: (label: string) => void = () => undefined): Promise<RowProblem[]> {
  const found: RowProblem[] = [];
  const check = async (file: BillingRunFile, query: string) => {
    if (found.length < limit) found.push(...(await problems(db, file, query, limit - found.length)));
    step(`check ${file}`);
  };

  await check('periods.csv', `SELECT s.line, CASE ${required('periods.csv')}
      WHEN c.id IS NULL THEN 'customer|unknown customer'
      WHEN ba.id IS NULL THEN 'billing_account|unknown billing account'
      WHEN ba.customer_id <> c.id THEN 'billing_account|billing account of another customer'
      WHEN extract(day FROM s.starts_on) <> 1 THEN 'starts_on|a period starts on the first day of a month'
      WHEN s.ends_on <> (date_trunc('month', s.starts_on) + interval '1 month - 1 day')::date THEN 'ends_on|a period ends on the last day of its month'
      WHEN count(*) OVER (PARTITION BY s.billing_account, s.starts_on) > 1 THEN 'starts_on|the period is listed twice'
      WHEN bp.status = 'closed' THEN 'starts_on|the period is already closed'
    END AS problem
    FROM stg_periods s
    LEFT JOIN customers c ON c.enterprise_number = ${enterpriseSql('s.customer')}
    LEFT JOIN billing_accounts ba ON ba.number = s.billing_account
    LEFT JOIN billing_periods bp ON bp.customer_id = ba.customer_id AND bp.billing_account_id = ba.id AND bp.starts_on = s.starts_on`);

  // The run's periods, resolved (what the other files refer to).
  await sql`CREATE TEMP TABLE run_periods ON COMMIT DROP AS
    SELECT DISTINCT ON (ba.id, s.starts_on) ba.customer_id, ba.id AS billing_account_id, s.starts_on, s.ends_on, bp.id AS existing_id, bp.status AS existing_status
      FROM stg_periods s
      JOIN billing_accounts ba ON ba.number = s.billing_account
      LEFT JOIN billing_periods bp ON bp.customer_id = ba.customer_id AND bp.billing_account_id = ba.id AND bp.starts_on = s.starts_on
     WHERE s.starts_on IS NOT NULL
     ORDER BY ba.id, s.starts_on, s.line`.execute(db);

  await check('invoices.csv', `SELECT s.line, CASE ${required('invoices.csv')}
      WHEN c.id IS NULL THEN 'customer|unknown customer'
      WHEN ba.id IS NULL THEN 'billing_account|unknown billing account'
      WHEN ba.customer_id <> c.id THEN 'billing_account|billing account of another customer'
      WHEN s.number !~ '^[A-Za-z0-9/_-]{1,40}$' THEN 'number|an invoice number has 1 to 40 letters, digits, /, _ or -'
      WHEN count(*) OVER (PARTITION BY s.number) > 1 THEN 'number|invoice number twice in this run'
      WHEN EXISTS (SELECT 1 FROM invoices i WHERE i.number = s.number) THEN 'number|invoice number already loaded by another run'
      WHEN rp.billing_account_id IS NULL THEN 'period_start|the invoice''s period is not in this run''s periods.csv'
      WHEN rp.existing_status = 'closed' THEN 'period_start|the invoice''s period is already closed'
      WHEN s.period_end <> rp.ends_on THEN 'period_end|not the end of the invoice''s period'
      WHEN count(*) OVER (PARTITION BY s.billing_account, s.period_start) > 1 THEN 'period_start|a second invoice for this period'
      ${eur()}
      WHEN s.amount_incl_vat_cents <> s.amount_excl_vat_cents + s.vat_cents THEN 'amount_incl_vat_cents|the amount incl. VAT is not the amount excl. VAT plus the VAT'
      WHEN coalesce(ls.total, 0) <> s.amount_excl_vat_cents THEN 'amount_excl_vat_cents|the invoice''s lines sum to ' || coalesce(ls.total, 0) || ' cents'
      WHEN s.issue_date <= s.period_end THEN 'issue_date|issued before its period is over (INV-2: a period is billed once it has ended)'
      WHEN s.due_date < s.issue_date THEN 'due_date|due before it is issued'
      WHEN s.payment_status NOT IN ('open', 'paid') THEN 'payment_status|open or paid'
      WHEN (s.payment_status = 'paid') <> (s.paid_on IS NOT NULL) THEN 'paid_on|a paid invoice has a payment date, an open one none'
    END AS problem
    FROM stg_invoices s
    LEFT JOIN customers c ON c.enterprise_number = ${enterpriseSql('s.customer')}
    LEFT JOIN billing_accounts ba ON ba.number = s.billing_account
    LEFT JOIN run_periods rp ON rp.billing_account_id = ba.id AND rp.starts_on = s.period_start
    LEFT JOIN (SELECT invoice_number, sum(amount_excl_vat_cents) AS total FROM stg_invoice_lines GROUP BY invoice_number) ls ON ls.invoice_number = s.number`);

  // The run's invoices, resolved, with the ids they will have.
  await sql`CREATE TEMP TABLE run_invoices ON COMMIT DROP AS
    SELECT DISTINCT ON (s.number) gen_random_uuid() AS id, ba.customer_id, ba.id AS billing_account_id, s.number, s.period_start, s.period_end
      FROM stg_invoices s JOIN billing_accounts ba ON ba.number = s.billing_account
     WHERE s.number IS NOT NULL
     ORDER BY s.number, s.line`.execute(db);
  await sql`ANALYZE run_invoices`.execute(db); // a few rows: cheap on both engines, and the joins below need it

  await check('invoice_lines.csv', `SELECT s.line, CASE ${required('invoice_lines.csv')}
      WHEN ri.number IS NULL THEN 'invoice_number|unknown invoice (not in this run''s invoices.csv)'
      WHEN s.line_no <= 0 THEN 'line_no|a line number is positive'
      WHEN count(*) OVER (PARTITION BY s.invoice_number, s.line_no) > 1 THEN 'line_no|line number twice in this invoice'
      WHEN s.charge_type NOT IN (${CHARGE_TYPES.map((t) => `'${t}'`).join(', ')}) THEN 'charge_type|unknown charge type'
      WHEN s.msisdn IS NOT NULL AND m.id IS NULL THEN 'msisdn|unknown SIM'
      WHEN m.customer_id <> ri.customer_id THEN 'msisdn|SIM of another customer'
      WHEN m.billing_account_id <> ri.billing_account_id THEN 'msisdn|SIM of another billing account than the invoice''s'
      WHEN s.msisdn IS NULL AND s.charge_type IN (${USAGE_TYPES.map((t) => `'${t}'`).join(', ')}) THEN 'msisdn|a usage line names its SIM'
      WHEN s.cost_centre IS NOT NULL AND cc.id IS NULL THEN 'cost_centre|unknown cost centre'
      ${eur()}
      WHEN s.vat_rate_bp NOT BETWEEN 0 AND 10000 THEN 'vat_rate_bp|a VAT rate in basis points, 0 to 10000'
      WHEN s.quantity < 0 THEN 'quantity|a quantity is not negative'
    END AS problem
    FROM stg_invoice_lines s
    LEFT JOIN run_invoices ri ON ri.number = s.invoice_number
    LEFT JOIN sims m ON m.msisdn = s.msisdn
    LEFT JOIN cost_centres cc ON cc.customer_id = ri.customer_id AND cc.code = s.cost_centre`);

  // One pass over the call details (the big file): per invoice × SIM × type, what the kept rows
  // (INV-5) add up to — the usage lines must say the same, and the roll-ups take their counts from
  // here — and whether any row of the group is bad. The row-by-row report below runs only then.
  const badRow = [
    ...FILE_COLUMNS['call_details.csv'].filter((c) => c.required).map((c) => `s.${c.name} IS NULL`),
    `s.type NOT IN (${USAGE_TYPES.map((t) => `'${t}'`).join(', ')})`, 's.duration_s < 0', 's.volume_kb < 0', 's.standard_price_cents < 0',
    's.billed_price_cents < 0', "s.currency <> 'EUR'",
  ].map((c) => `(${c}) IS TRUE`).join(' OR ');
  await sql`CREATE TEMP TABLE run_call_sums ON COMMIT DROP AS
    SELECT s.invoice_number, s.msisdn, s.type,
           count(*) FILTER (WHERE NOT s.free)::integer AS events,
           coalesce(sum(s.duration_s) FILTER (WHERE NOT s.free), 0)::bigint AS duration_s,
           coalesce(sum(s.volume_kb) FILTER (WHERE NOT s.free), 0)::bigint AS volume_kb,
           coalesce(sum(s.billed_price_cents) FILTER (WHERE NOT s.free), 0)::bigint AS billed_cents,
           min(s.line) AS first_line, bool_or(s.bad) AS bad, min(s.started_at) AS first_at, max(s.started_at) AS last_at
      FROM (SELECT s.*, ${freeNumberSql('s.destination')} AS free, (${sql.raw(badRow)}) AS bad FROM stg_call_details s) s
     GROUP BY s.invoice_number, s.msisdn, s.type`.execute(db);
  step('call sums');
  const { rows: suspect } = await sql<{ n: number }>`
    SELECT count(*)::integer AS n FROM run_call_sums d
      LEFT JOIN run_invoices ri ON ri.number = d.invoice_number
      LEFT JOIN sims m ON m.msisdn = d.msisdn
     WHERE d.bad OR ri.number IS NULL OR m.id IS NULL OR m.customer_id <> ri.customer_id OR m.billing_account_id <> ri.billing_account_id
        OR ${sql.raw(brusselsDate('d.first_at'))} < ri.period_start OR ${sql.raw(brusselsDate('d.last_at'))} > ri.period_end`.execute(db);
  if (suspect[0]!.n > 0) {
    await check('call_details.csv', `SELECT s.line, CASE ${required('call_details.csv')}
        WHEN ri.number IS NULL THEN 'invoice_number|unknown invoice (not in this run''s invoices.csv)'
        WHEN m.id IS NULL THEN 'msisdn|unknown SIM'
        WHEN m.customer_id <> ri.customer_id THEN 'msisdn|SIM of another customer'
        WHEN m.billing_account_id <> ri.billing_account_id THEN 'msisdn|SIM of another billing account than the invoice''s'
        WHEN s.type NOT IN (${USAGE_TYPES.map((t) => `'${t}'`).join(', ')}) THEN 'type|unknown type'
        WHEN s.duration_s < 0 THEN 'duration_s|negative duration'
        WHEN s.volume_kb < 0 THEN 'volume_kb|negative volume'
        WHEN s.standard_price_cents < 0 THEN 'standard_price_cents|negative price'
        WHEN s.billed_price_cents < 0 THEN 'billed_price_cents|negative price'
        ${eur()}
        WHEN ${brusselsDate('s.started_at')} NOT BETWEEN ri.period_start AND ri.period_end THEN 'started_at|outside the invoice''s period'
      END AS problem
      FROM stg_call_details s
      LEFT JOIN run_invoices ri ON ri.number = s.invoice_number
      LEFT JOIN sims m ON m.msisdn = s.msisdn`);
  }

  // Only meaningful (and only reported) when the lines and call details themselves are sound.
  if (found.length === 0) {
    const { rows } = await sql<{ file: string; line: string | number; column: string; reason: string }>`
      SELECT CASE WHEN l.first_line IS NOT NULL THEN 'invoice_lines.csv' ELSE 'call_details.csv' END AS file,
             coalesce(l.first_line, d.first_line) AS line,
             CASE WHEN l.first_line IS NOT NULL THEN 'amount_excl_vat_cents' ELSE 'type' END AS column,
             CASE WHEN l.first_line IS NOT NULL
               THEN 'the ' || l.charge_type || ' lines of ' || l.msisdn || ' sum to ' || l.amount || ' cents, its call details to ' || coalesce(d.billed_cents, 0) || ' cents'
               ELSE 'no invoice line of type ' || d.type || ' for ' || d.msisdn || ' on this invoice' END AS reason
        FROM (SELECT invoice_number, msisdn, charge_type, sum(amount_excl_vat_cents) AS amount, min(line) AS first_line
                FROM stg_invoice_lines WHERE charge_type IN (${list(USAGE_TYPES)}) AND msisdn IS NOT NULL
               GROUP BY invoice_number, msisdn, charge_type) l
        FULL JOIN (SELECT * FROM run_call_sums WHERE events > 0) d ON d.invoice_number = l.invoice_number AND d.msisdn = l.msisdn AND d.type = l.charge_type
       WHERE l.amount IS DISTINCT FROM d.billed_cents AND coalesce(l.invoice_number, d.invoice_number) IN (SELECT number FROM run_invoices)
       ORDER BY 1 DESC, 2 LIMIT ${limit - found.length}`.execute(db);
    found.push(...rows.map((r) => ({ file: r.file, line: Number(r.line) + 1, column: r.column, reason: r.reason })));
  }

  await check('usage.csv', `SELECT s.line, CASE ${required('usage.csv')}
      WHEN m.id IS NULL THEN 'msisdn|unknown SIM'
      WHEN s.type NOT IN (${USAGE_TYPES.map((t) => `'${t}'`).join(', ')}) THEN 'type|unknown type'
      WHEN s.duration_s < 0 THEN 'duration_s|negative duration'
      WHEN s.volume_kb < 0 THEN 'volume_kb|negative volume'
      WHEN s.standard_price_cents < 0 THEN 'standard_price_cents|negative price'
      ${eur()}
      WHEN bp.status = 'closed' OR ri.number IS NOT NULL THEN 'occurred_at|usage in a closed billing period'
      WHEN bp.id IS NULL AND rp.billing_account_id IS NULL THEN 'occurred_at|no billing period of the SIM''s account for this date'
    END AS problem
    FROM stg_usage s
    LEFT JOIN sims m ON m.msisdn = s.msisdn
    LEFT JOIN billing_periods bp ON bp.customer_id = m.customer_id AND bp.billing_account_id = m.billing_account_id
      AND bp.starts_on = date_trunc('month', ${brusselsDate('s.occurred_at')})::date
    LEFT JOIN run_periods rp ON rp.billing_account_id = m.billing_account_id AND rp.starts_on = date_trunc('month', ${brusselsDate('s.occurred_at')})::date
    LEFT JOIN run_invoices ri ON ri.billing_account_id = m.billing_account_id AND ri.period_start = date_trunc('month', ${brusselsDate('s.occurred_at')})::date`);

  await check('call_credits.csv', `SELECT s.line, CASE ${required('call_credits.csv')}
      WHEN m.id IS NULL THEN 'msisdn|unknown SIM'
      WHEN extract(day FROM s.month) <> 1 THEN 'month|the first day of a month'
      WHEN s.granted_cents < 0 THEN 'granted_cents|negative amount'
      WHEN s.used_cents < 0 THEN 'used_cents|negative amount'
      ${eur()}
      WHEN count(*) OVER (PARTITION BY s.msisdn, s.month) > 1 THEN 'month|a second call credit for this SIM and month'
      WHEN EXISTS (SELECT 1 FROM call_credits cr WHERE cr.customer_id = m.customer_id AND cr.sim_id = m.id AND cr.month = s.month)
        THEN 'month|the call credit of this SIM and month is already loaded'
    END AS problem
    FROM stg_call_credits s LEFT JOIN sims m ON m.msisdn = s.msisdn`);

  await check('call_credit_transfers.csv', `SELECT s.line, CASE ${required('call_credit_transfers.csv')}
      WHEN f.id IS NULL THEN 'from_msisdn|unknown SIM'
      WHEN t.id IS NULL THEN 'to_msisdn|unknown SIM'
      WHEN f.id = t.id THEN 'to_msisdn|a transfer goes to another SIM'
      WHEN f.customer_id <> t.customer_id THEN 'to_msisdn|SIM of another customer'
      WHEN s.amount_cents <= 0 THEN 'amount_cents|a positive amount'
      ${eur()}
    END AS problem
    FROM stg_call_credit_transfers s LEFT JOIN sims f ON f.msisdn = s.from_msisdn LEFT JOIN sims t ON t.msisdn = s.to_msisdn`);

  await check('documents.csv', `SELECT s.line, CASE ${required('documents.csv')}
      WHEN c.id IS NULL THEN 'customer|unknown customer'
      WHEN ba.id IS NULL THEN 'billing_account|unknown billing account'
      WHEN ba.customer_id <> c.id THEN 'billing_account|billing account of another customer'
      WHEN s.kind NOT IN (${DOCUMENT_KINDS.map((t) => `'${t}'`).join(', ')}) THEN 'kind|unknown kind of document'
      WHEN length(s.title) > 200 THEN 'title|at most 200 characters'
      WHEN s.file IS NOT NULL AND b.path IS NULL THEN 'file|no such file in this run'
    END AS problem
    FROM stg_documents s
    LEFT JOIN customers c ON c.enterprise_number = ${enterpriseSql('s.customer')}
    LEFT JOIN billing_accounts ba ON ba.number = s.billing_account
    LEFT JOIN stg_binaries b ON b.path = s.file`);

  // A file the run does not use is refused too: a misnamed PDF would otherwise be dropped without a word.
  if (found.length < limit) {
    const { rows } = await sql<{ path: string; invoicePdf: boolean }>`
      SELECT b.path, b.path LIKE 'pdfs/%' AS "invoicePdf" FROM stg_binaries b
       WHERE NOT EXISTS (SELECT 1 FROM run_invoices ri WHERE b.path = 'pdfs/' || replace(ri.number, '/', '%2F') || '.pdf')
         AND NOT EXISTS (SELECT 1 FROM stg_documents s WHERE s.file = b.path)
       ORDER BY b.path LIMIT ${limit - found.length}`.execute(db);
    found.push(...rows.map((r) => ({
      file: r.path, line: 0, column: null, reason: r.invoicePdf ? 'a PDF of an invoice that is not in this run' : 'a file no invoice or document of this run names',
    })));
  }
  // An invoice's PDF is served as one: a file that does not start as a PDF is not taken for it.
  if (found.length < limit) {
    const { rows } = await sql<{ path: string }>`
      SELECT b.path FROM stg_binaries b WHERE b.path LIKE 'pdfs/%' AND substring(b.content FROM 1 FOR 5) <> decode('255044462d', 'hex')
       ORDER BY b.path LIMIT ${limit - found.length}`.execute(db);
    found.push(...rows.map((r) => ({ file: r.path, line: 0, column: null, reason: 'not a PDF file (a PDF starts with %PDF-)' })));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Writing: one INSERT … SELECT per table.

/** Months (first days) the run's call details and usage events fall in: their partitions must exist. */
export async function runMonths(db: Kysely<DB>) {
  const invoices = await sql<{ month: string }>`SELECT DISTINCT period_start::text AS month FROM run_invoices`.execute(db);
  const usage = await sql<{ month: string }>`
    SELECT DISTINCT date_trunc('month', ${sql.raw(brusselsDate('occurred_at'))})::date::text AS month FROM stg_usage`.execute(db);
  return { invoiceMonths: invoices.rows.map((r) => r.month), usageMonths: usage.rows.map((r) => r.month) };
}

const count = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

/** The months (first days) among `months` whose partition of `table` does not exist yet. */
export async function monthsWithoutPartition(db: Kysely<DB>, table: 'call_details', months: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const month of months) {
    const { rows } = await sql<{ found: string | null }>`SELECT to_regclass(${partitionName(table, month)})::text AS found`.execute(db);
    if (rows[0]!.found === null) missing.push(month);
  }
  return missing;
}

/**
 * Gives `table` (a full table about to be attached as a partition of `parent`) the parent's
 * primary key and indexes, read from the catalogue so they cannot drift from the migrations.
 * Built here, each a sort that may use parallel workers; ATTACH then adopts them instead of
 * building its own, one after the other.
 */
async function indexLikeParent(db: Kysely<DB>, parent: 'call_details', table: string) {
  const { rows: keys } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = ${parent}::regclass AND contype = 'p'`.execute(db);
  for (const key of keys) await sql`ALTER TABLE ${sql.table(table)} ADD ${sql.raw(key.def)}`.execute(db);
  const { rows: indexes } = await sql<{ def: string }>`
    SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = ${parent}::regclass AND NOT indisprimary`.execute(db);
  for (const index of indexes) {
    // "CREATE INDEX call_details_sim_idx ON ONLY public.call_details USING btree (…)" → unnamed, on `table`.
    const def = index.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ USING /, (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ON "${table}" USING `);
    if (def === index.def) throw new Error(`indexLikeParent: unexpected index definition ${index.def}`);
    await sql.raw(def).execute(db);
  }
}

/** The columns of usage_events that arrive with an event, in the order `insertUsageEvents` takes a SELECT's. */
export const USAGE_EVENT_COLUMNS = [
  'customer_id', 'billing_account_id', 'sim_id', 'cost_centre_id', 'occurred_at', 'type', 'destination', 'duration_s', 'volume_kb', 'standard_price_cents',
] as const;

export type NewUsageEvent = Pick<Insertable<DB['usage_events']>, (typeof USAGE_EVENT_COLUMNS)[number]>;

const isRows = (events: readonly NewUsageEvent[] | RawBuilder<unknown>): events is readonly NewUsageEvent[] => Array.isArray(events);

/**
 * Writes usage events, and adds them to each SIM's sums of their Brussels month (sim_usage_months)
 * in the same statement, so the sums are exactly those of the rows inserted: the events are rows, or
 * a SELECT of USAGE_EVENT_COLUMNS. The sums are written in key order, so that two runs adding to the
 * same SIMs at once wait for each other instead of deadlocking. Returns the number of events.
 */
export async function insertUsageEvents(db: Kysely<DB>, events: readonly NewUsageEvent[] | RawBuilder<unknown>): Promise<number> {
  if (isRows(events) && events.length === 0) return 0;
  const month = sql<string>`date_trunc('month', e.occurred_at AT TIME ZONE 'Europe/Brussels')::date`;
  const row = await db
    .with('e', (qc) => {
      const into = qc.insertInto('usage_events');
      return (isRows(events) ? into.values([...events]) : into.columns(USAGE_EVENT_COLUMNS).expression(events))
        .returning(['customer_id', 'billing_account_id', 'sim_id', 'occurred_at', 'type', 'duration_s', 'volume_kb']);
    })
    .with('summed', (qc) => qc
      .insertInto('sim_usage_months')
      .columns(['customer_id', 'month', 'sim_id', 'billing_account_id', 'data_kb', 'voice_minutes', 'sms'])
      .expression((eb) => eb.selectFrom('e')
        .select([
          'e.customer_id', month.as('month'), 'e.sim_id', 'e.billing_account_id',
          sql<number>`coalesce(sum(e.volume_kb) FILTER (WHERE e.type = 'data'), 0)`.as('data_kb'),
          sql<number>`coalesce(sum(ceil(e.duration_s / 60.0)) FILTER (WHERE e.type IN ('national_voice', 'international_voice')), 0)`.as('voice_minutes'),
          sql<number>`count(*) FILTER (WHERE e.type = 'sms')`.as('sms'),
        ])
        .groupBy(['e.customer_id', month, 'e.sim_id', 'e.billing_account_id'])
        .orderBy('e.customer_id').orderBy(month).orderBy('e.sim_id').orderBy('e.billing_account_id'))
      .onConflict((oc) => oc.columns(['customer_id', 'month', 'sim_id', 'billing_account_id']).doUpdateSet({
        data_kb: sql`sim_usage_months.data_kb + excluded.data_kb`,
        voice_minutes: sql`sim_usage_months.voice_minutes + excluded.voice_minutes`,
        sms: sql`sim_usage_months.sms + excluded.sms`,
      })))
    .selectFrom('e')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `staged`: the rows COPY read of the call details and usage files (the dropped ones are the difference). */
export async function writeRun(
  db: Kysely<DB>, runId: string, now: Date, staged: { callDetails: number; usage: number }, freshCallMonths: string[],
  step: (label: string) => void = () => undefined,
) {
  const counts: Record<string, number> = {};
  counts.periods = count(await sql`
    INSERT INTO billing_periods (customer_id, billing_account_id, starts_on, ends_on, status, run_id)
    SELECT customer_id, billing_account_id, starts_on, ends_on, 'open', ${runId} FROM run_periods WHERE existing_id IS NULL`.execute(db));
  step('periods');

  counts.invoices = count(await sql`
    INSERT INTO invoices (customer_id, id, billing_account_id, billing_period_id, number, issue_date, due_date, period_start, period_end,
                          amount_excl_vat_cents, vat_cents, amount_incl_vat_cents, currency, payment_status, paid_on, run_id)
    SELECT ri.customer_id, ri.id, ri.billing_account_id, bp.id, s.number, s.issue_date, s.due_date, s.period_start, s.period_end,
           s.amount_excl_vat_cents, s.vat_cents, s.amount_incl_vat_cents, s.currency, s.payment_status, s.paid_on, ${runId}
      FROM stg_invoices s
      JOIN run_invoices ri ON ri.number = s.number
      JOIN billing_periods bp ON bp.customer_id = ri.customer_id AND bp.billing_account_id = ri.billing_account_id AND bp.starts_on = ri.period_start`.execute(db));
  step('invoices');

  // INV-2: a period closes when its invoice arrives, in this same transaction as its roll-ups.
  counts.periodsClosed = count(await sql`
    UPDATE billing_periods bp SET status = 'closed', closed_at = ${now}, run_id = ${runId}
      FROM run_invoices ri
     WHERE bp.customer_id = ri.customer_id AND bp.billing_account_id = ri.billing_account_id AND bp.starts_on = ri.period_start`.execute(db));
  step('periodsClosed');

  // EBL-3, EBL-5: each invoice of a closing period goes out as its account's delivery setting says.
  await scheduleRunDeliveries(db, now);
  step('deliveries');

  counts.invoicePdfs = count(await sql`
    INSERT INTO invoice_pdfs (customer_id, invoice_id, content, sha256)
    SELECT ri.customer_id, ri.id, b.content, encode(sha256(b.content), 'hex')
      FROM stg_binaries b JOIN run_invoices ri ON b.path = 'pdfs/' || replace(ri.number, '/', '%2F') || '.pdf'`.execute(db));
  step('invoicePdfs');

  counts.invoiceLines = count(await sql`
    INSERT INTO invoice_lines (customer_id, invoice_id, line_no, sim_id, cost_centre_id, charge_type, description, quantity, amount_excl_vat_cents, vat_rate_bp)
    SELECT ri.customer_id, ri.id, s.line_no, m.id, coalesce(cc.id, m.cost_centre_id), s.charge_type, coalesce(s.description, ''),
           coalesce(s.quantity, 1), s.amount_excl_vat_cents, coalesce(s.vat_rate_bp, 2100)
      FROM stg_invoice_lines s
      JOIN run_invoices ri ON ri.number = s.invoice_number
      LEFT JOIN sims m ON m.msisdn = s.msisdn
      LEFT JOIN cost_centres cc ON cc.customer_id = ri.customer_id AND cc.code = s.cost_centre`.execute(db));
  step('invoiceLines');

  // INV-5: calls to free numbers and emergency services never enter call_details.
  const insertCalls = (target: string, months: RawBuilder<boolean>) => sql`
    INSERT INTO ${sql.table(target)} (customer_id, invoice_id, billing_account_id, sim_id, cost_centre_id, started_at, type, destination,
                              duration_s, volume_kb, standard_price_cents, billed_price_cents)
    SELECT ri.customer_id, ri.id, ri.billing_account_id, m.id, m.cost_centre_id, s.started_at, s.type, s.destination,
           s.duration_s, s.volume_kb, s.standard_price_cents, s.billed_price_cents
      FROM stg_call_details s
      JOIN run_invoices ri ON ri.number = s.invoice_number
      JOIN sims m ON m.msisdn = s.msisdn
     WHERE NOT ${freeNumberSql('s.destination')} AND ${months}`.execute(db);
  counts.callDetails = 0;
  // A month without a partition yet is loaded into a table of its own, indexed once full and then
  // attached: building the indexes in one sort is far cheaper than maintaining them row by row. Its
  // CHECK of the month's bounds, there from the start, spares ATTACH a scan to prove them.
  for (const month of freshCallMonths) {
    const name = partitionName('call_details', month);
    const from = sql.lit(brusselsStartOfDay(month).toISOString());
    const to = sql.lit(brusselsStartOfDay(addMonths(month, 1)).toISOString());
    await sql`CREATE TABLE ${sql.table(name)} (LIKE call_details INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
      CONSTRAINT ${sql.id(`${name}_month`)} CHECK (started_at >= ${from} AND started_at < ${to}))`.execute(db);
    counts.callDetails += count(await insertCalls(name, sql<boolean>`ri.period_start = ${month}::date`));
    step('callDetails insert');
    await indexLikeParent(db, 'call_details', name);
    step('callDetails indexes');
    await sql`ALTER TABLE call_details ATTACH PARTITION ${sql.table(name)} FOR VALUES FROM (${from}) TO (${to})`.execute(db);
    step('callDetails attach');
  }
  counts.callDetails += count(await insertCalls('call_details', freshCallMonths.length === 0
    ? sql<boolean>`true`
    : sql<boolean>`ri.period_start <> ALL(${freshCallMonths}::date[])`));
  step('callDetails');
  counts.callDetailsDropped = staged.callDetails - counts.callDetails;

  counts.usageEvents = await insertUsageEvents(db, sql`
    SELECT m.customer_id, m.billing_account_id, m.id, m.cost_centre_id, s.occurred_at, s.type, s.destination, s.duration_s, s.volume_kb, s.standard_price_cents
      FROM stg_usage s JOIN sims m ON m.msisdn = s.msisdn
     WHERE NOT ${freeNumberSql('s.destination')}`);
  step('usageEvents');
  counts.usageEventsDropped = staged.usage - counts.usageEvents;

  counts.callCredits = count(await sql`
    INSERT INTO call_credits (customer_id, billing_account_id, sim_id, month, granted_cents, used_cents, run_id)
    SELECT m.customer_id, m.billing_account_id, m.id, s.month, s.granted_cents, s.used_cents, ${runId}
      FROM stg_call_credits s JOIN sims m ON m.msisdn = s.msisdn`.execute(db));
  step('callCredits');

  counts.callCreditTransfers = count(await sql`
    INSERT INTO call_credit_transfers (customer_id, from_sim_id, to_sim_id, billing_account_id, amount_cents, transferred_at, run_id)
    SELECT f.customer_id, f.id, t.id, f.billing_account_id, s.amount_cents, s.transferred_at, ${runId}
      FROM stg_call_credit_transfers s JOIN sims f ON f.msisdn = s.from_msisdn JOIN sims t ON t.msisdn = s.to_msisdn`.execute(db));
  step('callCreditTransfers');

  counts.documents = count(await sql`
    INSERT INTO billing_documents (customer_id, billing_account_id, kind, title, published_at, content, run_id)
    SELECT ba.customer_id, ba.id, s.kind, s.title, s.published_at, b.content, ${runId}
      FROM stg_documents s JOIN billing_accounts ba ON ba.number = s.billing_account LEFT JOIN stg_binaries b ON b.path = s.file`.execute(db));
  step('documents');

  counts.rollups = await buildRollups(db);
  step('rollups');
  return counts;
}

/**
 * INV-2: the roll-ups of the periods this run closes, one row per invoice (billing account ×
 * month) × SIM or none × cost centre or none × charge type: the sum of the invoice lines, and for
 * the usage types the count, duration and volume of the call details (which the lines equal,
 * checked by validateRun). When a SIM's lines of one type carry several cost centres, the counts
 * go to the first of them, so that they are counted once.
 */
export async function buildRollups(db: Kysely<DB>): Promise<number> {
  return count(await sql`
    INSERT INTO usage_rollups (customer_id, month, billing_account_id, invoice_id, sim_id, cost_centre_id, charge_type, amount_cents, events, duration_s, volume_kb)
    SELECT g.customer_id, g.month, g.billing_account_id, g.invoice_id, g.sim_id, g.cost_centre_id, g.charge_type, g.amount,
           coalesce(d.events, 0), coalesce(d.duration_s, 0), coalesce(d.volume_kb, 0)
      FROM (
        SELECT l.customer_id, date_trunc('month', ri.period_start)::date AS month, ri.billing_account_id, ri.id AS invoice_id, ri.number,
               m.msisdn, l.sim_id, l.cost_centre_id, l.charge_type, sum(l.amount_excl_vat_cents) AS amount,
               row_number() OVER (PARTITION BY ri.id, l.sim_id, l.charge_type ORDER BY l.cost_centre_id NULLS FIRST) AS rn
          FROM invoice_lines l
          JOIN run_invoices ri ON ri.customer_id = l.customer_id AND ri.id = l.invoice_id
          LEFT JOIN sims m ON m.id = l.sim_id
         GROUP BY l.customer_id, ri.period_start, ri.billing_account_id, ri.id, ri.number, m.msisdn, l.sim_id, l.cost_centre_id, l.charge_type
      ) g
      LEFT JOIN run_call_sums d ON g.rn = 1 AND d.invoice_number = g.number AND d.msisdn = g.msisdn AND d.type = g.charge_type`.execute(db));
}
