import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@mandate/contracts/common';
import type { Dispute, DisputeListResponse, InvoiceDetail, InvoiceListResponse, OperatorDispute, OperatorDisputeListResponse } from '@mandate/contracts/invoices';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { enterpriseNumber, loadRun, type InvoiceSpec } from './invoices.fixtures.ts';

/**
 * INV-7 disputes: within 30 days of the invoice date (Brussels days), on the whole invoice or some
 * lines, never twice on the same line while a dispute stands; the undisputed part stays due (and
 * INV-9 applies to it); Idempotency-Key; withdrawal; the operator's answer mails the opener.
 */
let t: TestApp;
let acme: string;
const ids = new Map<string, string>();
const db = () => t.database.db;
const problem = (res: { body: unknown }) => res.body as Problem;
const as = (email: string) => signedIn(t.url, email);
const at = async (instant: string, email = 'finance@acme.test') => {
  t.clock.set(new Date(instant));
  return as(email);
};
const inv = (number: string) => ids.get(number)!;
const disputesOf = (number: string) => `/api/v1/customers/${acme}/invoices/${inv(number)}/disputes`;
const dispute = (id: string, suffix = '') => `/api/v1/customers/${acme}/disputes/${id}${suffix}`;

const D = (account: string, month: string, amounts: number[], extra: Partial<InvoiceSpec> = {}): InvoiceSpec => ({
  account, month, number: `D-${account}-${month}`, lines: amounts.map((amount) => ({ amount })), ...extra,
});

beforeAll(async () => {
  t = await startTestApp({ config: { loginMaxPerAccount: 10_000 } });
  acme = (await db().selectFrom('customers').select('id').where('name', '=', 'Acme Belgium NV').executeTakeFirstOrThrow()).id;
  const noordzee = await enterpriseNumber(t, 'Noordzee Bouw NV');
  const loaded = await loadRun(t, {
    invoices: [
      // Issued 1 February 2027: the 30th day after it, the last to dispute, is 3 March 2027.
      D('ACME-0001', '2027-01', [10_000, 20_000, 5_000]),
      D('ACME-0002', '2027-01', [10_000]),
      // Paid, still disputable within the window. Incl. VAT: 12,100 + 24,200 + 6,050 = 42,350.
      D('ACME-0003', '2027-01', [10_000, 20_000, 5_000], { paidOn: '2027-02-10' }),
      // Issued 1 March 2027, due 31 March: 60,500 + 12,100 incl. VAT.
      D('ACME-0002', '2027-02', [50_000, 10_000]),
      D('ACME-0001', '2027-02', [30_000, 3_000]),
      D('ACME-0003', '2027-02', [8_000, 2_000, -1_000]),
      // Each line €10.01 + 21 % = €12.11 (VAT rounded on each line); the billing system's VAT on the total is €6.27: €36.30, 3 cents less than the lines.
      D('ACME-0002', '2027-03', [1_001, 1_001, 1_001], { vatCents: 627 }),
      // Issued 1 April 2027: a line disputed and rejected. 4,840 + 7,260 incl. VAT.
      D('ACME-0001', '2027-03', [4_000, 6_000]),
      { ...D('NOOR-0001', '2027-01', [9_900]), customer: noordzee },
    ],
  });
  for (const [number, id] of loaded) ids.set(number, id);
  // On PGlite each file seeds its own database, demo billing data included: slower than a template clone.
}, 180_000);
afterAll(async () => t?.close());

describe('the dispute window (INV-7: 30 days after the invoice date, Brussels days)', () => {
  it('the last instant of day 30 is in time; the first instant of day 31 is refused with 422 dispute_window_closed', async () => {
    // 22:59:59.999 UTC on 3 March 2027 is 23:59:59.999 in Brussels (CET).
    const late = await at('2027-03-03T22:59:59.999Z');
    const ok = await late.post<Dispute>(disputesOf('D-ACME-0001-2027-01'), { reason: 'Roaming charged twice', lineNos: [3], detailedInvoice: false });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const tooLate = await at('2027-03-03T23:00:00Z');
    const refused = await tooLate.post(disputesOf('D-ACME-0002-2027-01'), { reason: 'Too late', detailedInvoice: false });
    expect(refused.status).toBe(422);
    expect(problem(refused)).toMatchObject({ code: 'dispute_window_closed', detail: expect.stringContaining('2027-03-03') });
    const list = await tooLate.get<InvoiceListResponse>(`/api/v1/customers/${acme}/invoices?periodFrom=2027-01&periodTo=2027-01&sort=amount:asc`);
    expect(list.body.items.find((i) => i.number === 'D-ACME-0002-2027-01')?.disputeDeadline).toBe('2027-03-03');
    expect(await db().selectFrom('disputes').select('id').where('invoice_id', '=', inv('D-ACME-0002-2027-01')).execute()).toEqual([]);
  });
});

describe('opening disputes', () => {
  it('a paid invoice, line by line: the lines incl. VAT are disputed, the rest stays due; a line in a standing dispute → 409', async () => {
    const finance = await at('2027-02-10T10:00:00Z');
    const first = await finance.post<Dispute>(disputesOf('D-ACME-0003-2027-01'), { reason: 'Unknown option', lineNos: [1], detailedInvoice: true });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      invoiceNumber: 'D-ACME-0003-2027-01', status: 'open', reason: 'Unknown option', disputedCents: 12_100, undisputedCents: 30_250,
      detailedInvoice: true, lineNos: [1], openedBy: { name: 'Fiona Finance' }, answer: null, openedAt: '2027-02-10T10:00:00.000Z',
    });
    // The detailed invoice is the dispute's flag, said by each screen in its language: no English note in its history.
    expect(first.body.events).toEqual([{ at: '2027-02-10T10:00:00.000Z', status: 'open', by: { id: expect.any(String), name: 'Fiona Finance' }, note: null }]);

    const twice = await finance.post(disputesOf('D-ACME-0003-2027-01'), { reason: 'Again', lineNos: [2, 1], detailedInvoice: false });
    expect(twice.status).toBe(409);
    expect(problem(twice)).toMatchObject({ code: 'already_disputed', errors: [{ field: 'body.lineNos' }] });
    const whole = await finance.post(disputesOf('D-ACME-0003-2027-01'), { reason: 'All of it', detailedInvoice: false });
    expect(whole.status).toBe(409);
    const unknown = await finance.post(disputesOf('D-ACME-0003-2027-01'), { reason: 'No such line', lineNos: [2, 99], detailedInvoice: false });
    expect(unknown.status).toBe(400);
    expect(problem(unknown).errors).toEqual([{ field: 'body.lineNos', message: expect.stringContaining('99') }]);

    t.clock.advance(60_000);
    const second = await finance.post<Dispute>(disputesOf('D-ACME-0003-2027-01'), { reason: 'Wrong data bundle', lineNos: [2], detailedInvoice: false });
    expect(second.status).toBe(201);
    // What stays due is the invoice less both disputes, not less this one alone.
    expect(second.body).toMatchObject({ disputedCents: 24_200, undisputedCents: 6_050 });

    const detail = await finance.get<InvoiceDetail>(`/api/v1/customers/${acme}/invoices/${inv('D-ACME-0003-2027-01')}`);
    expect(detail.body.status).toBe('disputed');
    expect(detail.body.undisputedCents).toBe(6_050);
    expect(detail.body.disputes.map((d) => d.undisputedCents)).toEqual([6_050, 6_050]);
    expect(detail.body.lines.map((l) => l.disputed)).toEqual([true, true, false]);
    expect(detail.body.disputes.map((d) => d.lineNos)).toEqual([[1], [2]]);
    // Nothing half-written by the refused attempts.
    expect(await db().selectFrom('dispute_lines').select('line_no').where('invoice_id', '=', inv('D-ACME-0003-2027-01')).orderBy('line_no').execute())
      .toEqual([{ line_no: 1 }, { line_no: 2 }]);

    // SEC-3: audited with who and for whom.
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'dispute.open').where('target_id', '=', first.body.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ customer_id: acme, delegation_id: null, target_type: 'dispute' });
  });

  it('every line disputed leaves exactly nothing undisputed, though each line\'s VAT is rounded on its own', async () => {
    const finance = await at('2027-04-10T10:00:00Z');
    const first = await finance.post<Dispute>(disputesOf('D-ACME-0002-2027-03'), { reason: 'Line 1', lineNos: [1], detailedInvoice: false });
    expect(first.body).toMatchObject({ disputedCents: 1_211, undisputedCents: 2_419 });
    const rest = await finance.post<Dispute>(disputesOf('D-ACME-0002-2027-03'), { reason: 'The rest', lineNos: [2, 3], detailedInvoice: false });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body).toMatchObject({ disputedCents: 2_419, undisputedCents: 0 });
    expect((await finance.get<InvoiceDetail>(`/api/v1/customers/${acme}/invoices/${inv('D-ACME-0002-2027-03')}`)).body.undisputedCents).toBe(0);
  });

  it('a whole-invoice dispute blocks every line; a credit line alone cannot be disputed', async () => {
    const finance = await at('2027-03-05T10:00:00Z');
    const whole = await finance.post<Dispute>(disputesOf('D-ACME-0001-2027-02'), { reason: 'Not our contract', detailedInvoice: false });
    expect(whole.status).toBe(201);
    expect(whole.body).toMatchObject({ lineNos: [], disputedCents: 39_930, undisputedCents: 0 });
    expect((await finance.post(disputesOf('D-ACME-0001-2027-02'), { reason: 'One line', lineNos: [2], detailedInvoice: false })).status).toBe(409);
    const detail = await finance.get<InvoiceDetail>(`/api/v1/customers/${acme}/invoices/${inv('D-ACME-0001-2027-02')}`);
    expect(detail.body.lines.every((l) => l.disputed && !l.disputable)).toBe(true);
    const credit = await finance.post(disputesOf('D-ACME-0003-2027-02'), { reason: 'The discount', lineNos: [3], detailedInvoice: false });
    expect(credit.status).toBe(400);
    expect(problem(credit).errors?.[0]?.field).toBe('body.lineNos');
  });

  it('INV-7 + INV-9: an overdue disputed invoice owes its undisputed part plus the fee on it', async () => {
    const finance = await at('2027-03-05T10:00:00Z');
    expect((await finance.post(disputesOf('D-ACME-0002-2027-02'), { reason: 'Option never ordered', lineNos: [2], detailedInvoice: false })).status).toBe(201);
    const later = await at('2027-04-10T10:00:00Z');
    const list = await later.get<InvoiceListResponse>(`/api/v1/customers/${acme}/invoices?billingAccountId=${(await db().selectFrom('billing_accounts').select('id').where('number', '=', 'ACME-0002').executeTakeFirstOrThrow()).id}&periodFrom=2027-02&periodTo=2027-02`);
    // 72,600 incl. VAT, 12,100 disputed: 60,500 due, fee 15 % = 9,075.
    expect(list.body.items).toEqual([expect.objectContaining({ status: 'disputed', amountInclVatCents: 72_600, owed: { amountDueCents: 60_500, lateFeeCents: 9_075, totalCents: 69_575 } })]);
    expect(list.body.totals.owedCents).toBe(69_575);
  });

  it('Idempotency-Key: the same request answers the same dispute once; the key with another request → 422', async () => {
    const finance = await at('2027-03-06T10:00:00Z');
    const body = { reason: 'Double charge', lineNos: [1], detailedInvoice: true };
    const key = { 'idempotency-key': 'retry-7f3a' };
    const first = await finance.post<Dispute>(disputesOf('D-ACME-0002-2027-01'), body, key);
    // That invoice's window closed on 3 March: refused, and the key stays unused.
    expect(first.status).toBe(422);
    const a = await finance.post<Dispute>(disputesOf('D-ACME-0003-2027-02'), body, key);
    expect(a.status).toBe(201);
    const b = await finance.post<Dispute>(disputesOf('D-ACME-0003-2027-02'), { ...body, lineNos: [1] }, key);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect(await db().selectFrom('disputes').select('id').where('invoice_id', '=', inv('D-ACME-0003-2027-02')).execute()).toHaveLength(1);
    const other = await finance.post(disputesOf('D-ACME-0003-2027-02'), { ...body, lineNos: [2] }, key);
    expect(other.status).toBe(422);
    expect(problem(other).code).toBe('idempotency_key_reused');
    expect(await db().selectFrom('disputes').select('id').where('invoice_id', '=', inv('D-ACME-0003-2027-02')).execute()).toHaveLength(1);
    // Without the key the same body is a second attempt: the line is taken.
    expect((await finance.post(disputesOf('D-ACME-0003-2027-02'), body)).status).toBe(409);
  });

  it('retries with the same Idempotency-Key sent at once all answer the one dispute (none gets 409)', async () => {
    const finance = await at('2027-03-06T10:00:00Z');
    const body = { reason: 'Roaming never used', lineNos: [1], detailedInvoice: false };
    const key = { 'idempotency-key': 'retry-parallel-51c2' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => finance.post<Dispute>(disputesOf('D-ACME-0002-2027-02'), body, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await db().selectFrom('disputes').select('id').where('idempotency_key', '=', key['idempotency-key']).execute()).toHaveLength(1);
  });

  it('who may dispute: AO and financial manager; AM, Service User, fleet manager and delegate 403; another customer 404', async () => {
    t.clock.set(new Date('2027-02-12T10:00:00Z'));
    const body = { reason: 'x', lineNos: [1], detailedInvoice: false };
    for (const email of ['manager@acme.test', 'employee@acme.test', 'fleet@acme.test', 'admin@brightwave.test']) {
      expect((await (await as(email)).post(disputesOf('D-ACME-0002-2027-01'), body)).status, email).toBe(403);
    }
    expect((await (await as('owner@noordzee.test')).post(disputesOf('D-ACME-0002-2027-01'), body)).status).toBe(404);
    expect((await (await as('finance@acme.test')).post(disputesOf('D-NOOR-0001-2027-01'), body)).status).toBe(404);
    expect((await (await as('finance@acme.test')).post(`/api/v1/customers/${acme}/invoices/not-a-uuid/disputes`, body)).status).toBe(400);
    const missing = await (await as('finance@acme.test')).post(disputesOf('D-ACME-0002-2027-01'), { lineNos: [1], detailedInvoice: false });
    expect(problem(missing).errors?.[0]?.field).toBe('body.reason');
  });
});

describe('following and withdrawing disputes', () => {
  it('lists disputes newest first with keyset pages; a cursor of another list → 400', async () => {
    const finance = await at('2027-03-10T10:00:00Z');
    const all: Dispute[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: DisputeListResponse } = await finance.get<DisputeListResponse>(`/api/v1/customers/${acme}/disputes?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const expected = await db().selectFrom('disputes').select(['id', 'opened_at']).where('customer_id', '=', acme).orderBy('opened_at', 'desc').orderBy('id', 'desc').execute();
    expect(all.map((d) => d.id)).toEqual(expected.map((d) => d.id));
    const invoicesPage = await finance.get<InvoiceListResponse>(`/api/v1/customers/${acme}/invoices?limit=1`);
    expect((await finance.get(`/api/v1/customers/${acme}/disputes?cursor=${encodeURIComponent(invoicesPage.body.nextCursor!)}`)).status).toBe(400);
    expect((await (await as('manager@acme.test')).get(`/api/v1/customers/${acme}/disputes`)).status).toBe(403);
  });

  it('the opener withdraws his own; the AO may withdraw any; a financial manager not the AO\'s; a closed one → 409', async () => {
    const owner = await at('2027-02-15T10:00:00Z', 'owner@acme.test');
    const byOwner = await owner.post<Dispute>(disputesOf('D-ACME-0002-2027-01'), { reason: 'Owner dispute', detailedInvoice: false });
    expect(byOwner.status).toBe(201);
    const finance = await as('finance@acme.test');
    expect((await finance.post(dispute(byOwner.body.id, '/withdraw'))).status).toBe(403);
    const withdrawn = await owner.post<Dispute>(dispute(byOwner.body.id, '/withdraw'));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.events.map((e) => e.status)).toEqual(['open', 'withdrawn']);
    expect((await owner.post(dispute(byOwner.body.id, '/withdraw'))).status).toBe(409);
    // The invoice can be disputed again once nothing stands.
    const again = await finance.post<Dispute>(disputesOf('D-ACME-0002-2027-01'), { reason: 'Finance dispute', lineNos: [1], detailedInvoice: false });
    expect(again.status).toBe(201);
    expect((await finance.post<Dispute>(dispute(again.body.id, '/withdraw'))).body.status).toBe('withdrawn');
    expect((await finance.get(dispute('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    expect((await (await as('owner@noordzee.test')).get(dispute(again.body.id))).status).toBe(404);
  });
});

describe('the operator answers (back office)', () => {
  it('lists the queue, takes a dispute in review then accepts it; the opener is mailed in his language each time', async () => {
    t.clock.set(new Date('2027-03-12T09:00:00Z'));
    const operator = await as('operator@mandate.test');
    const queue = await operator.get<OperatorDisputeListResponse>('/api/v1/operator/disputes?status=open&limit=200');
    expect(queue.status).toBe(200);
    const target = queue.body.items.find((d) => d.invoiceNumber === 'D-ACME-0003-2027-02')!;
    expect(target).toMatchObject({ customer: { id: acme, name: 'Acme Belgium NV' }, openedBy: { name: 'Fiona Finance' } });
    // Each disputed line says what it is, as the invoice's lines do.
    const invoiceLines = await db().selectFrom('invoice_lines as il').leftJoin('sims as s', 's.id', 'il.sim_id')
      .select(['il.line_no', 'il.description', 's.msisdn']).where('il.invoice_id', '=', target.invoiceId).where('il.line_no', 'in', target.lineNos.length ? target.lineNos : [-1]).orderBy('il.line_no').execute();
    expect(target.lines).toEqual(invoiceLines.map((l) => ({ lineNo: l.line_no, msisdn: l.msisdn, description: l.description })));
    expect(target.lines.map((l) => l.lineNo)).toEqual(target.lineNos);
    expect(target.lines.length).toBeGreaterThan(0);

    const review = await operator.post<OperatorDispute>(`/api/v1/operator/disputes/${target.id}/answer`, { status: 'in_review', answer: 'We are checking the usage records.' });
    expect(review.status).toBe(200);
    const operatorLater = await at('2027-03-15T09:00:00Z', 'operator@mandate.test');
    const accepted = await operatorLater.post<OperatorDispute>(`/api/v1/operator/disputes/${target.id}/answer`, { status: 'accepted', answer: 'A credit note follows on your next invoice.' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', answer: 'A credit note follows on your next invoice.' });
    expect(accepted.body.events.map((e) => [e.status, e.by?.name, e.note])).toEqual([
      ['open', 'Fiona Finance', null],
      ['in_review', 'Olga Operator', 'We are checking the usage records.'],
      ['accepted', 'Olga Operator', 'A credit note follows on your next invoice.'],
    ]);
    // finance@acme.test reads French.
    const mails = await db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'finance@acme.test').where('kind', 'like', 'dispute_%').orderBy('created_at').execute();
    expect(mails.map((m) => [m.kind, m.language])).toEqual([['dispute_in_review', 'fr'], ['dispute_accepted', 'fr']]);
    expect(mails[1]!.subject).toBe('Votre contestation de la facture D-ACME-0003-2027-02 est acceptée');
    expect(mails[1]!.body_text).toContain('A credit note follows on your next invoice.');
    expect(mails[1]!.customer_id).toBe(acme);
    // The amounts, incl. VAT, as the invoice's page gives them, written as French writes them.
    const euros = (cents: number) => new Intl.NumberFormat('fr-BE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
    const invoiceNow = (await (await as('finance@acme.test')).get<InvoiceDetail>(`/api/v1/customers/${acme}/invoices/${target.invoiceId}`)).body;
    expect(mails[0]!.body_text).toContain(`Le montant contesté est de ${euros(target.disputedCents)} TVA comprise\u00a0; le montant non contesté, ${euros(invoiceNow.undisputedCents)}, reste dû.`);
    expect(mails[1]!.body_text).toContain(`Le montant contesté, ${euros(target.disputedCents)} TVA comprise, sera crédité sur une prochaine facture\u00a0; le montant non contesté, ${euros(invoiceNow.undisputedCents)}, reste dû.`);

    const finance = await as('finance@acme.test');
    expect((await finance.get<Dispute>(dispute(target.id))).body).toMatchObject({ status: 'accepted', answer: 'A credit note follows on your next invoice.' });
    // Decided: neither answered again nor withdrawn; its line stays taken.
    expect((await operatorLater.post(`/api/v1/operator/disputes/${target.id}/answer`, { status: 'rejected', answer: 'No.' })).status).toBe(409);
    expect((await finance.post(dispute(target.id, '/withdraw'))).status).toBe(409);
    expect((await finance.post(`/api/v1/operator/disputes/${target.id}/answer`, { status: 'rejected', answer: 'No.' })).status).toBe(403);
    expect((await operatorLater.post('/api/v1/operator/disputes/00000000-0000-4000-8000-000000000000/answer', { status: 'rejected', answer: 'No.' })).status).toBe(404);
  });

  it('a rejected dispute is decided: its amount is due again, and its line is not disputed a second time (409); the other line still may be', async () => {
    const finance = await at('2027-04-05T09:00:00Z');
    const first = await finance.post<Dispute>(disputesOf('D-ACME-0001-2027-03'), { reason: 'Option never ordered', lineNos: [1], detailedInvoice: false });
    expect(first.status).toBe(201);
    const operator = await as('operator@mandate.test');
    expect((await operator.post(`/api/v1/operator/disputes/${first.body.id}/answer`, { status: 'rejected', answer: 'The option was ordered on 3 March.' })).status).toBe(200);
    const invoice = `/api/v1/customers/${acme}/invoices/${inv('D-ACME-0001-2027-03')}`;
    const decided = (await finance.get<InvoiceDetail>(invoice)).body;
    expect(decided).toMatchObject({ status: 'open', undisputedCents: 12_100 });
    // The mail says what is due again, in the opener's language (French): the invoice's whole amount here.
    const rejected = await db().selectFrom('mail_outbox').select('body_text').where('kind', '=', 'dispute_rejected').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const whole = new Intl.NumberFormat('fr-BE', { style: 'currency', currency: 'EUR' }).format(121);
    expect(rejected.body_text).toContain(`est à nouveau dû\u00a0: ${whole} reste dû pour cette facture.`);
    // Due again, so not "disputed"; decided, so not disputable either.
    expect(decided.lines.map((l) => [l.lineNo, l.disputed, l.disputable])).toEqual([[1, false, false], [2, false, true]]);

    const again = await finance.post(disputesOf('D-ACME-0001-2027-03'), { reason: 'Option never ordered, really', lineNos: [1], detailedInvoice: false });
    expect(again.status).toBe(409);
    expect(problem(again)).toMatchObject({ code: 'already_disputed', errors: [{ field: 'body.lineNos' }] });
    // It says the line's dispute was answered, not that one is running.
    expect(problem(again).detail).toBe('Lines disputed already, and that dispute was answered: 1. A line is disputed once.');
    expect((await finance.post(disputesOf('D-ACME-0001-2027-03'), { reason: 'All of it', detailedInvoice: false })).status).toBe(409);
    const other = await finance.post<Dispute>(disputesOf('D-ACME-0001-2027-03'), { reason: 'Data bundle billed twice', lineNos: [2], detailedInvoice: false });
    expect(other.status).toBe(201);
    expect(other.body).toMatchObject({ disputedCents: 7_260, undisputedCents: 4_840 });
    expect(await db().selectFrom('disputes').select('status').where('invoice_id', '=', inv('D-ACME-0001-2027-03')).orderBy('opened_at').execute())
      .toEqual([{ status: 'rejected' }, { status: 'open' }]);
  });
});
