import type { BillingRunFile } from '@mandate/contracts/billing-runs';
import { addDays, addMonths } from '@mandate/domain/dates';
import { eur, multiply, ratio } from '@mandate/domain/money';
import { depsOf } from '@mandate/server/lib/deps';
import { csvHeader, csvRow, memorySource, pdfPath, type BinaryFile } from '@mandate/server/modules/billing-runs/billing-runs.format';
import { ingestBillingRun } from '@mandate/server/modules/billing-runs/billing-runs.service';
import type { TestApp } from '../support/test-app.ts';

/**
 * Billing data for the invoices and disputes tests, loaded through ingestion like every billing
 * run. The periods are in 2027 and later, after the seeded demo months, so a test's invoices never
 * meet the demo's; tests move the clock there.
 */
export interface LineSpec {
  msisdn?: string;
  chargeType?: 'subscription' | 'option' | 'one_off' | 'discount';
  amount: number;
  vatBp?: number;
  description?: string;
  costCentre?: string;
}

export interface InvoiceSpec {
  /** Enterprise number of the customer (default: Acme). */
  customer?: string;
  account: string;
  number: string;
  /** The billing period, YYYY-MM. */
  month: string;
  issueDate?: string;
  dueDate?: string;
  paidOn?: string | null;
  /** The invoice's VAT as the billing system rounded it on its total (default: the lines' VAT added up). */
  vatCents?: number;
  lines: LineSpec[];
  pdf?: Uint8Array;
}

export interface DocumentSpec {
  customer?: string;
  account: string;
  kind: 'usage_report' | 'statement' | 'notice';
  title: string;
  publishedAt: string;
  content?: Uint8Array;
}

export interface RunSpec {
  invoices?: InvoiceSpec[];
  documents?: DocumentSpec[];
  credits?: Array<{ msisdn: string; month: string; granted: number; used: number }>;
  transfers?: Array<{ from: string; to: string; amount: number; at: string }>;
}

/** The VAT of a line as the test expects it: rounded once per line, half away from zero. */
export const lineVat = (amount: number, bp = 2100) => multiply(eur(amount), ratio({ numerator: BigInt(bp), denominator: 10_000n })).cents;
export const invoiceTotal = (lines: LineSpec[]) => {
  const excl = lines.reduce((s, l) => s + l.amount, 0);
  const vat = lines.reduce((s, l) => s + lineVat(l.amount, l.vatBp), 0);
  return { excl, vat, incl: excl + vat };
};
export const issueDateOf = (month: string) => addMonths(`${month}-01`, 1);
export const periodEndOf = (month: string) => addDays(addMonths(`${month}-01`, 1), -1);

let runs = 0;

export async function enterpriseNumber(t: TestApp, name: string): Promise<string> {
  return (await t.database.db.selectFrom('customers').select('enterprise_number').where('name', '=', name).executeTakeFirstOrThrow()).enterprise_number;
}

/** Loads one billing run with these invoices (their periods included), documents and call credits. */
export async function loadRun(t: TestApp, spec: RunSpec): Promise<Map<string, string>> {
  const acme = await enterpriseNumber(t, 'Acme Belgium NV');
  const files: Partial<Record<BillingRunFile, string>> = {};
  const binaries: BinaryFile[] = [];
  const add = (file: BillingRunFile, row: ReadonlyArray<string | number | null | undefined>) => {
    files[file] = (files[file] ?? csvHeader(file)) + csvRow(row);
  };
  for (const inv of spec.invoices ?? []) {
    const customer = inv.customer ?? acme;
    const start = `${inv.month}-01`;
    const end = periodEndOf(inv.month);
    const issue = inv.issueDate ?? issueDateOf(inv.month);
    const due = inv.dueDate ?? addDays(issue, 30);
    const { excl, vat: linesVat } = invoiceTotal(inv.lines);
    const vat = inv.vatCents ?? linesVat;
    const incl = excl + vat;
    add('periods.csv', [customer, inv.account, start, end]);
    add('invoices.csv', [customer, inv.account, inv.number, start, end, issue, due, excl, vat, incl, 'EUR', inv.paidOn ? 'paid' : 'open', inv.paidOn ?? null]);
    inv.lines.forEach((l, i) => add('invoice_lines.csv', [
      inv.number, i + 1, l.msisdn ?? null, l.costCentre ?? null, l.chargeType ?? 'subscription', l.description ?? `line ${i + 1}`, 1, l.amount, l.vatBp ?? 2100, 'EUR',
    ]));
    if (inv.pdf) binaries.push({ path: pdfPath(inv.number), content: inv.pdf });
  }
  for (const [i, d] of (spec.documents ?? []).entries()) {
    const file = d.content ? `documents/doc-${runs}-${i}.pdf` : null;
    add('documents.csv', [d.customer ?? acme, d.account, d.kind, d.title, d.publishedAt, file]);
    if (d.content && file) binaries.push({ path: file, content: d.content });
  }
  for (const c of spec.credits ?? []) add('call_credits.csv', [c.msisdn, `${c.month}-01`, c.granted, c.used, 'EUR']);
  for (const tr of spec.transfers ?? []) add('call_credit_transfers.csv', [tr.from, tr.to, tr.amount, tr.at, 'EUR']);

  const runId = `test-invoices-${process.pid}-${++runs}-${Date.now()}`;
  const result = await ingestBillingRun(depsOf(t.app), memorySource({ runId }, files, binaries));
  if (result.status !== 'loaded') throw new Error(`billing run refused: ${JSON.stringify(result)}`);
  const ids = new Map<string, string>();
  const numbers = (spec.invoices ?? []).map((i) => i.number);
  if (numbers.length > 0) {
    for (const r of await t.database.db.selectFrom('invoices').select(['id', 'number']).where('number', 'in', numbers).execute()) ids.set(r.number, r.id);
  }
  return ids;
}

/** The msisdns of a billing account's SIMs, in order. */
export async function simsOf(t: TestApp, accountNumber: string): Promise<string[]> {
  return (await t.database.db
    .selectFrom('sims as s')
    .innerJoin('billing_accounts as ba', 'ba.id', 's.billing_account_id')
    .select('s.msisdn')
    .where('ba.number', '=', accountNumber)
    .orderBy('s.msisdn')
    .execute()).map((r) => r.msisdn);
}

/** A minimal valid PDF, recognisable by its text. */
export const tinyPdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
