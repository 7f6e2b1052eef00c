import type { Kysely } from 'kysely';
import pino from 'pino';
import type { DB } from '@mandate/db/database.types';
import type { BillingRunFile } from '@mandate/contracts/billing-runs';
import { addDays, addMonths, brusselsDate, brusselsStartOfDay, type IsoDate } from '@mandate/domain/dates';
import { withVat } from '@mandate/domain/money';
import { csvHeader, csvRow, memorySource, pdfPath, type BinaryFile } from '../modules/billing-runs/billing-runs.format.ts';
import { ingestBillingRun, type IngestDeps } from '../modules/billing-runs/billing-runs.service.ts';
import { DEMO_CUSTOMERS } from './seed.ts';
import { demoLineAt, ensureCatalogue } from './fleet-demo.ts';
import { SeededRandom } from './random.ts';

/**
 * The demo billing data (notes: billing-api.md "Demo data"), generated as a billing run and loaded
 * through ingestion like any other run. Deterministic for a given `now`.
 *
 * Acme: 14 closed months for its three accounts (invoices issued on the 1st of the next month, due
 * 30 days later; paid except each account's latest, an overdue one on ACME-0002 and a dispute on
 * ACME-0001's latest), PDFs shipped for the fixed account, the current month open with usage
 * events up to `now`, call credits and a transfer, and three INV-8 documents. Affiliates, Noordzee
 * and Brightwave get two closed months and an open one. Raw data includes calls to 112, 0800
 * and other INV-5 numbers, which ingestion drops. Call details: 30–70 per SIM in the months call
 * details are kept (6) and the one before; 3–8 in older months, whose details only feed the
 * roll-ups until retention drops them. Every PGlite test database is seeded afresh: keep it small.
 *
 * A SIM's subscription is billed at its tariff plan's monthly fee, named after the plan, and each of
 * its options at the option's fee: the plan and options the fleet demo gives it (seeded after this
 * run, by the same rules: `demoLineAt`). A month bills what is in force on its last day: an option
 * from the month it was added in, and at Acme, whose lines have a change history, Business Classic
 * until the month before a line's recorded switch to its plan.
 */

const CLOSED_MONTHS_ACME = 14;
const CLOSED_MONTHS_OTHERS = 2;
const DETAILED_MONTHS = 7;

/** A monthly charge of a SIM, billed for the months whose last day is on or after `from` and before `until`. */
interface Recurring { chargeType: 'subscription' | 'option'; description: string; cents: number; from: IsoDate | null; until: IsoDate | null }
interface SimRow { id: string; msisdn: string; billingAccountNumber: string; recurring: Recurring[] }
interface AccountRow { number: string; type: string; customerNumber: string }

const USAGE_MIX: Array<[string, number]> = [['national_voice', 45], ['sms', 25], ['data', 20], ['international_voice', 6], ['roaming', 4]];
const FREE_DESTINATIONS = ['112', '0800 12 345', '+32 800 55 123', '1712', '101', '116000'];

/** A small valid PDF (one page of Helvetica text), byte offsets computed so that readers accept it. */
export function tinyPdf(lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const text = lines.map((l, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 22} Td (${esc(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const euros = (cents: number) => `EUR ${(cents / 100).toFixed(2)}`;

interface Call { type: string; destination: string | null; durationS: number | null; volumeKb: number | null; standard: number; billed: number }

function randomCall(rnd: SeededRandom): Call {
  let roll = rnd.int(1, 100);
  let type = 'national_voice';
  for (const [t, weight] of USAGE_MIX) {
    if (roll <= weight) { type = t; break; }
    roll -= weight;
  }
  switch (type) {
    case 'national_voice': {
      const durationS = rnd.int(5, 900);
      const standard = Math.ceil(durationS / 60) * 12;
      const destination = rnd.next() < 0.7 ? `+324${rnd.int(60, 99)}${String(rnd.int(0, 999999)).padStart(6, '0')}` : `+322${String(rnd.int(0, 9999999)).padStart(7, '0')}`;
      return { type, destination, durationS, volumeKb: null, standard, billed: rnd.next() < 0.6 ? 0 : standard };
    }
    case 'international_voice': {
      const durationS = rnd.int(20, 1800);
      const standard = Math.ceil(durationS / 60) * 45;
      return { type, destination: `+${rnd.pick(['33', '31', '49', '44', '352'])}${rnd.int(100000000, 999999999)}`, durationS, volumeKb: null, standard, billed: standard };
    }
    case 'roaming': {
      const durationS = rnd.int(20, 1200);
      const standard = Math.ceil(durationS / 60) * 30;
      return { type, destination: `+324${rnd.int(70, 99)}${String(rnd.int(0, 999999)).padStart(6, '0')}`, durationS, volumeKb: null, standard, billed: Math.round(standard * 0.8) };
    }
    case 'sms':
      return { type, destination: `+324${rnd.int(60, 99)}${String(rnd.int(0, 999999)).padStart(6, '0')}`, durationS: null, volumeKb: null, standard: 10, billed: rnd.next() < 0.5 ? 0 : 10 };
    default: {
      const volumeKb = rnd.int(50, 400_000);
      const standard = Math.ceil(volumeKb / 1024) * 2;
      return { type, destination: null, durationS: null, volumeKb, standard, billed: rnd.next() < 0.7 ? 0 : standard };
    }
  }
}

const monthStarts = new Map<IsoDate, number>();
const monthStart = (month: IsoDate) => {
  let at = monthStarts.get(month);
  if (at === undefined) monthStarts.set(month, (at = brusselsStartOfDay(month).getTime()));
  return at;
};

/** A moment in the Brussels month starting `month`, before `until`. */
function momentIn(rnd: SeededRandom, month: IsoDate, until?: Date): Date {
  const from = monthStart(month);
  const to = Math.min(monthStart(addMonths(month, 1)), until?.getTime() ?? Infinity);
  return new Date(from + Math.floor(rnd.next() * Math.max(1, to - from - 60_000)));
}

export interface DemoRun {
  files: Record<BillingRunFile, string[]>;
  binaries: BinaryFile[];
}

/** The demo run as CSV rows, from the demo customers' accounts and SIMs. */
export function buildDemoRun(now: Date, accounts: AccountRow[], sims: SimRow[]): DemoRun {
  const rnd = new SeededRandom(20261203);
  const files = Object.fromEntries(
    (['periods.csv', 'invoices.csv', 'invoice_lines.csv', 'call_details.csv', 'usage.csv', 'call_credits.csv', 'call_credit_transfers.csv', 'documents.csv'] as BillingRunFile[])
      .map((f) => [f, [csvHeader(f)]]),
  ) as Record<BillingRunFile, string[]>;
  const binaries: BinaryFile[] = [];
  const today = brusselsDate(now);
  const currentMonth = `${today.slice(0, 7)}-01`;
  const simsOf = (account: string) => sims.filter((s) => s.billingAccountNumber === account);

  for (const account of accounts) {
    const isAcme = account.customerNumber === DEMO_CUSTOMERS.acme;
    const closedMonths = isAcme ? CLOSED_MONTHS_ACME : CLOSED_MONTHS_OTHERS;
    const accountSims = simsOf(account.number);
    for (let back = closedMonths; back >= 0; back--) {
      const month = addMonths(currentMonth, -back);
      const end = addDays(addMonths(month, 1), -1);
      files['periods.csv'].push(csvRow([account.customerNumber, account.number, month, end]));
      if (back === 0) continue; // the current month stays open: usage events only (INV-2)

      const number = `${account.number}-${month.slice(0, 4)}${month.slice(5, 7)}`;
      const lines: Array<[string | null, string, string | null, number, number]> = []; // msisdn, charge type, description, quantity, cents
      if (account.type === 'fix') {
        lines.push([null, 'subscription', 'Business fixed line 02 512 34 00 (3 lines)', 3, 3 * 2450]);
        lines.push([null, 'option', 'Fixed IP and firewall', 1, 1500]);
        if (back % 5 === 2) lines.push([null, 'one_off', 'Technician visit', 1, 8900]);
      }
      const detailed = back <= DETAILED_MONTHS;
      for (const sim of accountSims) {
        for (const r of sim.recurring) {
          if ((r.from === null || r.from <= end) && (r.until === null || end < r.until)) lines.push([sim.msisdn, r.chargeType, r.description, 1, r.cents]);
        }
        const calls = detailed ? rnd.int(30, 70) : rnd.int(3, 8);
        const sums = new Map<string, { cents: number; count: number }>();
        for (let i = 0; i < calls; i++) {
          const call = randomCall(rnd);
          const at = momentIn(rnd, month);
          files['call_details.csv'].push(csvRow([number, sim.msisdn, at.toISOString(), call.type, call.destination, call.durationS, call.volumeKb, call.standard, call.billed, 'EUR']));
          const sum = sums.get(call.type) ?? { cents: 0, count: 0 };
          sum.cents += call.billed;
          sum.count += 1;
          sums.set(call.type, sum);
        }
        // INV-5: free and emergency calls as a billing system sends them; ingestion drops them.
        if (rnd.next() < 0.5) {
          files['call_details.csv'].push(csvRow([number, sim.msisdn, momentIn(rnd, month).toISOString(), 'national_voice', rnd.pick(FREE_DESTINATIONS), rnd.int(20, 300), null, 0, 0, 'EUR']));
        }
        // Usage lines carry no text of their own, as billing systems send them: the portal names their type in the user's language.
        for (const [type, sum] of sums) lines.push([sim.msisdn, type, null, sum.count, sum.cents]);
        if (back === 4 && sim.msisdn.endsWith('5')) lines.push([sim.msisdn, 'discount', 'Loyalty discount', 1, -1000]);
      }
      const excl = lines.reduce((t, l) => t + l[4], 0);
      const vat = Math.round(excl * 0.21);
      lines.forEach(([msisdn, type, description, quantity, cents], i) => {
        files['invoice_lines.csv'].push(csvRow([number, i + 1, msisdn, null, type, description, quantity, cents, 2100, 'EUR']));
      });
      const issue = addMonths(month, 1);
      const due = addDays(issue, 30);
      // Paid, except each account's latest invoice and an overdue one on ACME-0002 (INV-9).
      const overdue = account.number === 'ACME-0002' && back === 2;
      const open = back === 1 || overdue;
      const paidOn = open ? null : addDays(issue, rnd.int(5, 25));
      files['invoices.csv'].push(csvRow([
        account.customerNumber, account.number, number, month, end, issue, due, excl, vat, excl + vat, 'EUR', open ? 'open' : 'paid', paidOn,
      ]));
      if (account.type === 'fix' && isAcme) {
        binaries.push({
          path: pdfPath(number),
          content: tinyPdf([`Invoice ${number}`, `Acme Belgium NV - account ${account.number}`, `Period ${month} to ${end}`,
            `Issued ${issue}, due ${due}`, `Amount excl. VAT ${euros(excl)}`, `VAT 21% ${euros(vat)}`, `Total ${euros(excl + vat)}`]),
        });
      }
    }

    // The open month: usage events up to now, some younger than 8 hours (not shown yet: INV-4).
    for (const sim of accountSims) {
      const events = Math.max(3, Math.round(((now.getTime() - brusselsStartOfDay(currentMonth).getTime()) / 86_400_000) * 4));
      const at: Date[] = Array.from({ length: events }, () => momentIn(rnd, currentMonth, now));
      at.push(new Date(now.getTime() - rnd.int(10, 400) * 60_000)); // within the last 8 hours
      for (const moment of at.filter((a) => a.getTime() >= brusselsStartOfDay(currentMonth).getTime())) {
        const call = randomCall(rnd);
        files['usage.csv'].push(csvRow([sim.msisdn, moment.toISOString(), call.type, call.destination, call.durationS, call.volumeKb, call.standard, 'EUR']));
      }
      if (rnd.next() < 0.3) {
        files['usage.csv'].push(csvRow([sim.msisdn, momentIn(rnd, currentMonth, now).toISOString(), 'national_voice', rnd.pick(FREE_DESTINATIONS), 45, null, 0, 'EUR']));
      }
    }
  }

  // INV-1: call credits of four ACME-0001 lines for the last three months and this one, and a transfer.
  const credited = simsOf('ACME-0001').slice(0, 4);
  for (const sim of credited) {
    for (let back = 3; back >= 0; back--) {
      const granted = 1500;
      files['call_credits.csv'].push(csvRow([sim.msisdn, addMonths(currentMonth, -back), granted, back === 0 ? rnd.int(0, 300) : rnd.int(200, granted), 'EUR']));
    }
  }
  if (credited.length >= 2) {
    files['call_credit_transfers.csv'].push(csvRow([credited[0]!.msisdn, credited[1]!.msisdn, 300, momentIn(rnd, addMonths(currentMonth, -1)).toISOString(), 'EUR']));
  }

  // INV-8: documents published recently (one already past its 5 working days).
  const acme = DEMO_CUSTOMERS.acme;
  const lastMonth = addMonths(currentMonth, -1);
  const documents: Array<[string, string, string, number]> = [
    ['ACME-0001', 'usage_report', `Usage report ${lastMonth.slice(0, 7)}, mobile head office`, 1],
    ['ACME-0003', 'statement', `Statement of account ${lastMonth.slice(0, 7)}, fixed lines`, 3],
    ['ACME-0002', 'notice', 'Notice: new roaming zones from next month', 12],
  ];
  documents.forEach(([account, kind, title, daysAgo], i) => {
    const file = `documents/demo-${i + 1}.pdf`;
    binaries.push({ path: file, content: tinyPdf([title, `Acme Belgium NV - account ${account}`, 'Deemed accepted unless you object in writing within 5 working days.']) });
    files['documents.csv'].push(csvRow([acme, account, kind, title, new Date(now.getTime() - daysAgo * 86_400_000).toISOString(), file]));
  });
  return { files, binaries };
}

const silentDeps = (db: Kysely<DB>, now: Date): IngestDeps => ({ db, clock: { now: () => now }, log: pino({ level: 'silent' }) });

/** Generates the demo run and loads it through ingestion, then opens the demo dispute (INV-7). */
export async function seedBillingDemo(db: Kysely<DB>, now: Date, historyCustomerNumber: string): Promise<void> {
  const demoCustomers = [DEMO_CUSTOMERS.acme, DEMO_CUSTOMERS.acmeLogistics, DEMO_CUSTOMERS.acmeRetail, DEMO_CUSTOMERS.noordzee, DEMO_CUSTOMERS.brightwave];
  const accounts = await db.selectFrom('billing_accounts as ba')
    .innerJoin('customers as c', 'c.id', 'ba.customer_id')
    .select(['ba.number', 'ba.type', 'c.enterprise_number as customerNumber'])
    .where('c.enterprise_number', 'in', demoCustomers)
    .orderBy('ba.number').execute();
  const rows = await db.selectFrom('sims as s')
    .innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .select(['s.id', 's.customer_id as customerId', 's.msisdn', 'ba.number as billingAccountNumber', 'c.enterprise_number as customerNumber'])
    .where('c.enterprise_number', 'in', demoCustomers)
    .orderBy('s.msisdn').execute();
  // The plans and options seedFleetDemo gives these SIMs: by position in msisdn order within the customer.
  const catalogue = await ensureCatalogue(db);
  const position = new Map<string, number>();
  const sims = rows.map(({ id, customerId, msisdn, billingAccountNumber, customerNumber }): SimRow => {
    const n = position.get(customerId) ?? 0;
    position.set(customerId, n + 1);
    const line = demoLineAt(n, customerNumber === historyCustomerNumber, now);
    const plan = catalogue.plans.get(line.plan)!;
    const changedOn = line.previousPlan ? brusselsDate(line.previousPlan.changedAt) : null;
    const recurring: Recurring[] = [{ chargeType: 'subscription', description: plan.name, cents: plan.fee, from: changedOn, until: null }];
    if (line.previousPlan) {
      const previous = catalogue.plans.get(line.previousPlan.plan)!;
      recurring.unshift({ chargeType: 'subscription', description: previous.name, cents: previous.fee, from: null, until: changedOn });
    }
    for (const code of line.options) {
      const option = catalogue.options.get(code)!;
      recurring.push({ chargeType: 'option', description: option.name, cents: option.fee, from: brusselsDate(line.optionsAddedAt), until: null });
    }
    return { id, msisdn, billingAccountNumber, recurring };
  });
  const run = buildDemoRun(now, accounts, sims);
  const runId = `demo-${brusselsDate(now)}`;
  const result = await ingestBillingRun(silentDeps(db, now), memorySource({ runId }, Object.fromEntries(
    Object.entries(run.files).map(([file, rows]) => [file, rows.join('')]),
  ), run.binaries));
  if (result.status === 'refused') throw new Error(`the demo billing run was refused: ${JSON.stringify(result.errors.slice(0, 5))}`);

  // INV-7: an open dispute on ACME-0001's latest invoice, on one of its lines.
  const invoice = await db.selectFrom('invoices as i')
    .innerJoin('billing_accounts as ba', 'ba.id', 'i.billing_account_id')
    .select(['i.customer_id', 'i.id', 'i.issue_date'])
    .where('ba.number', '=', 'ACME-0001').orderBy('i.issue_date', 'desc').limit(1).executeTakeFirst();
  const owner = await db.selectFrom('users').select('id').where('email', '=', 'owner@acme.test').executeTakeFirst();
  if (!invoice || !owner) return;
  if (await db.selectFrom('disputes').select('id').where('invoice_id', '=', invoice.id).executeTakeFirst()) return;
  const line = await db.selectFrom('invoice_lines').select(['line_no', 'amount_excl_vat_cents', 'vat_rate_bp'])
    .where('customer_id', '=', invoice.customer_id).where('invoice_id', '=', invoice.id).where('charge_type', '=', 'subscription')
    .orderBy('line_no').limit(1).executeTakeFirstOrThrow();
  const openedAt = new Date(Math.min(now.getTime(), Math.max(now.getTime() - 6 * 3_600_000, brusselsStartOfDay(invoice.issue_date).getTime() + 3_600_000)));
  const reason = 'The subscription of this line was terminated in the previous month but is still charged.';
  const dispute = await db.insertInto('disputes').values({
    customer_id: invoice.customer_id, invoice_id: invoice.id, status: 'open', reason, disputed_cents: withVat(line.amount_excl_vat_cents, line.vat_rate_bp).cents,
    detailed_invoice: true, opened_by: owner.id, opened_at: openedAt,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('dispute_lines').values({ customer_id: invoice.customer_id, dispute_id: dispute.id, invoice_id: invoice.id, line_no: line.line_no }).execute();
  await db.insertInto('dispute_events').values({
    customer_id: invoice.customer_id, dispute_id: dispute.id, seq: 1, at: openedAt, status: 'open', actor_user_id: owner.id, note: null,
  }).execute();
}
