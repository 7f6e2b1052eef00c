import { createHash, randomUUID } from 'node:crypto';
import { subject } from '@casl/ability';
import { canDispute, disputeDeadline } from '@mandate/domain/deadlines';
import { eur, formatMoney, withVat } from '@mandate/domain/money';
import type {
  AnswerDisputeBody, CreateDisputeBody, Dispute, DisputeListQuery, DisputeListResponse, DisputeStatus, OperatorDispute, OperatorDisputeListQuery,
  OperatorDisputeListResponse,
} from '@mandate/contracts/invoices';
import type { Language } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, delegationFor, type Actor } from '../../lib/actor.ts';
import { cursorTime, decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { HttpProblem, badRequest, forbidden, idempotencyKeyReused, notFound, conflict } from '../../lib/problem.ts';
import { isUniqueViolation } from '../../lib/db-errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import { DECIDED_OR_STANDING_DISPUTE, findInvoice, LIVE_DISPUTE, STANDING_DISPUTE } from './invoices.repo.ts';
import {
  appendEvent, disputesIn, disputesOfInvoice as disputeRowsOfInvoice, eventsOf, findAnyDispute, findByIdempotencyKey, findDispute, insertDispute,
  lineAmounts, linesOf, listAllDisputes, listDisputes, lockInvoice, updateStatus, type DisputeRow,
} from './disputes.repo.ts';
import { DISPUTE_MAILS } from './disputes.mails.ts';
import { retentionWindow as windowAt } from './retention-window.ts';


const isLive = (status: string) => (LIVE_DISPUTE as readonly string[]).includes(status);

/** Disputes as the API shows them, with their lines and status history. */
async function withDetails(deps: Deps, rows: DisputeRow[]): Promise<Dispute[]> {
  const ids = rows.map((r) => r.id);
  const [lines, events] = await Promise.all([linesOf(deps.db, ids), eventsOf(deps.db, ids)]);
  return rows.map((r) => ({
    id: r.id, invoiceId: r.invoiceId, invoiceNumber: r.invoiceNumber, status: r.status as DisputeStatus, reason: r.reason,
    disputedCents: r.disputedCents, undisputedCents: r.invoiceInclCents - r.invoiceDisputedCents, detailedInvoice: r.detailedInvoice,
    lineNos: lines.filter((l) => l.disputeId === r.id).map((l) => l.lineNo),
    lines: lines.filter((l) => l.disputeId === r.id).map((l) => ({ lineNo: l.lineNo, msisdn: l.msisdn, description: l.description })),
    openedAt: new Date(r.openedAt).toISOString(), openedBy: { id: r.openedById, name: r.openedByName }, answer: r.answer,
    events: events.filter((e) => e.disputeId === r.id).map((e) => ({
      at: new Date(e.at).toISOString(), status: e.status as DisputeStatus, note: e.note,
      by: e.actorId ? { id: e.actorId, name: e.actorName ?? '' } : null,
    })),
  }));
}

/** The disputes of one (visible) invoice, oldest first. */
export async function disputesOfInvoice(deps: Deps, customerId: string, invoiceId: string): Promise<Dispute[]> {
  return withDetails(deps, await disputeRowsOfInvoice(deps.db, customerId, invoiceId, windowAt(deps.clock.now())));
}

/** INV-7: a line's amount incl. VAT, rounded once to the cent. */
function inclVat(line: { amountExclVatCents: number; vatRateBp: number }): number {
  return withVat(line.amountExclVatCents, line.vatRateBp).cents;
}

/** What an idempotency key is bound to: the invoice and the body, with the lines in order. */
function requestHash(invoiceId: string, body: CreateDisputeBody): string {
  const canonical = JSON.stringify([invoiceId, body.reason, body.lineNos ? [...body.lineNos].sort((a, b) => a - b) : null, body.detailedInvoice]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A dispute the principal may read, or 404. */
async function readableDispute(deps: Deps, actor: Actor, customerId: string, disputeId: string): Promise<Dispute> {
  const row = await findDispute(deps.db, actor.principal.ability, customerId, windowAt(deps.clock.now()), disputeId);
  if (!row) throw notFound('dispute');
  return (await withDetails(deps, [row]))[0]!;
}

/** A key seen before: the same request gets the same dispute back; another request with it is refused. */
async function replay(deps: Deps, actor: Actor, customerId: string, key: string, hash: string): Promise<Dispute | undefined> {
  const existing = await findByIdempotencyKey(deps.db, customerId, actor.principal.userId, key);
  if (!existing) return undefined;
  if (existing.requestHash !== hash) throw idempotencyKeyReused('dispute');
  return readableDispute(deps, actor, customerId, existing.id);
}

/**
 * POST …/invoices/{invoiceId}/disputes (INV-7): a dispute of the whole invoice or of some of its
 * lines, within 30 days of the invoice date (Brussels days). A paid invoice may be disputed in
 * that window too. A line (or the invoice) already in an open, in-review, accepted or rejected
 * dispute cannot be disputed again (409); only a withdrawn dispute frees its lines. The disputed
 * amount is the lines' amounts incl. VAT (or the invoice's); the rest stays due. An
 * `Idempotency-Key` makes a retry answer the same dispute.
 */
export async function openDispute(
  deps: Deps, actor: Actor, customerId: string, invoiceId: string, body: CreateDisputeBody, idempotencyKey: string | undefined,
): Promise<Dispute> {
  const now = deps.clock.now();
  const { ability, userId } = actor.principal;
  const invoice = await findInvoice(deps.db, ability, customerId, windowAt(now), invoiceId);
  if (!invoice) throw notFound('invoice');
  if (!ability.can('create', subject('Dispute', { customerId, billingAccountId: invoice.billingAccountId }))) {
    throw forbidden('You may not dispute invoices of this billing account.');
  }
  const hash = requestHash(invoiceId, body);
  if (idempotencyKey) {
    const earlier = await replay(deps, actor, customerId, idempotencyKey, hash);
    if (earlier) return earlier;
  }
  if (!canDispute(invoice.issueDate, now)) {
    throw new HttpProblem(422, 'dispute_window_closed', 'Unprocessable content',
      `An invoice can be disputed within 30 days of its date: the last day for this one was ${disputeDeadline(invoice.issueDate)}.`,
      [{ field: 'params.invoiceId', message: `could be disputed until ${disputeDeadline(invoice.issueDate)}` }]);
  }
  // Kept as a PDF only, past the billing data's window (INV-3): no lines left to dispute against.
  if (invoice.pdfOnly) {
    throw new HttpProblem(422, 'invoice_pdf_only', 'Unprocessable content', 'This invoice is kept as a PDF only: it can no longer be disputed.',
      [{ field: 'params.invoiceId', message: 'is kept as a PDF only' }]);
  }

  try {
    const answered = await deps.db.transaction().execute(async (trx) => {
      await lockInvoice(trx, customerId, invoiceId);
      // A retry sent while the first request held the invoice answers that request's dispute.
      if (idempotencyKey) {
        const earlier = await findByIdempotencyKey(trx, customerId, userId, idempotencyKey);
        if (earlier) {
          if (earlier.requestHash !== hash) throw idempotencyKeyReused('dispute');
          return earlier.id;
        }
      }
      const lines = new Map((await lineAmounts(trx, customerId, invoiceId)).map((l) => [l.lineNo, l]));
      const lineNos = body.lineNos ? [...body.lineNos].sort((a, b) => a - b) : [];
      const unknown = lineNos.filter((n) => !lines.has(n));
      if (unknown.length > 0) throw badRequest('body.lineNos', `has line numbers this invoice does not have: ${unknown.join(', ')}`);
      const earlier = await disputesIn(trx, customerId, invoiceId, DECIDED_OR_STANDING_DISPUTE);
      const standing = earlier.filter((d) => (STANDING_DISPUTE as readonly string[]).includes(d.status));
      // A line is disputed once: while its dispute stands, and after the operator answered it.
      const wasAnswered = (d: (typeof earlier)[number]) => !(STANDING_DISPUTE as readonly string[]).includes(d.status);
      const whole = earlier.find((d) => d.lineNos.length === 0);
      if (whole) throw conflict('already_disputed', wasAnswered(whole) ? `The whole invoice was disputed already; that dispute was ${whole.status}.` : 'The whole invoice is already disputed.', 'body.lineNos');
      if (lineNos.length === 0 && earlier.length > 0) {
        throw conflict('already_disputed', 'Some lines of this invoice are already disputed: dispute the other lines instead of the whole invoice.', 'body.lineNos');
      }
      const twice = lineNos.filter((n) => earlier.some((d) => d.lineNos.includes(n)));
      if (twice.length > 0) {
        const done = twice.filter((n) => earlier.some((d) => d.lineNos.includes(n) && wasAnswered(d)));
        throw conflict('already_disputed', done.length === twice.length
          ? `Lines disputed already, and that dispute was answered: ${twice.join(', ')}. A line is disputed once.`
          : `Lines already disputed: ${twice.join(', ')}.`, 'body.lineNos');
      }
      const taken = new Set(standing.flatMap((d) => d.lineNos));
      // Lines carry VAT rounded each on its own, the invoice on its total: the disputes of an invoice
      // never add up to more than it, and the last lines left take what remains, so that disputing
      // every line leaves exactly nothing undisputed (INV-7).
      const remaining = invoice.amountInclVatCents - standing.reduce((sum, d) => sum + d.disputedCents, 0);
      const lastLines = lineNos.length > 0 && lines.size === taken.size + lineNos.length;
      const ofLines = lineNos.reduce((sum, n) => sum + inclVat(lines.get(n)!), 0);
      const disputedCents = lineNos.length === 0 ? invoice.amountInclVatCents : lastLines ? remaining : Math.min(ofLines, remaining);
      if (disputedCents <= 0) throw badRequest('body.lineNos', 'the disputed lines must add up to an amount due (not a credit)');

      const id = randomUUID();
      await insertDispute(trx, {
        customerId, id, invoiceId, reason: body.reason.trim(), disputedCents, detailedInvoice: body.detailedInvoice, openedBy: userId,
        delegationId: delegationFor(actor.principal, customerId), openedAt: now, idempotencyKey: idempotencyKey ?? null,
        requestHash: idempotencyKey ? hash : null, lineNos,
      });
      await appendEvent(trx, {
        customerId, disputeId: id, at: now, status: 'open', actorUserId: userId,
        note: null,
      });
      await appendAudit(trx, {
        at: now, ...auditedBy(actor, customerId), action: 'dispute.open', targetType: 'dispute', targetId: id,
        after: { invoiceId, invoiceNumber: invoice.number, lineNos, disputedCents, detailedInvoice: body.detailedInvoice },
      });
      return id;
    });
    return await readableDispute(deps, actor, customerId, answered);
  } catch (error) {
    // The same key sent at once for another invoice: the second insert meets the unique index.
    if (idempotencyKey && isUniqueViolation(error)) {
      const earlier = await replay(deps, actor, customerId, idempotencyKey, hash);
      if (earlier) return earlier;
    }
    throw error;
  }
}

const CUSTOMER_PAGES = keyset('disputes:openedAt:desc', 'timestamp', 'uuid');
const OPERATOR_PAGES = keyset('operator-disputes:openedAt:asc', 'timestamp', 'uuid');

/** GET …/disputes: the customer's disputes the principal may read, newest first. */
export async function getDisputePage(deps: Deps, actor: Actor, customerId: string, query: DisputeListQuery): Promise<DisputeListResponse> {
  const { limit = 50 } = query;
  const after = decodeCursor(CUSTOMER_PAGES, query.cursor);
  const rows = await listDisputes(deps.db, actor.principal.ability, customerId, windowAt(deps.clock.now()), {
    status: query.status, invoiceId: query.invoiceId, after, limit,
  });
  const page = toPage(rows, limit, CUSTOMER_PAGES, (r) => [cursorTime(r.openedAt), r.id], (r) => r);
  return { items: await withDetails(deps, page.items), nextCursor: page.nextCursor };
}

export const getDispute = readableDispute;

/**
 * POST …/disputes/{disputeId}/withdraw: while it is open or in review. Whoever may update
 * disputes of its billing account (the Access Owner) may withdraw any; a user who may only open
 * them (a financial manager, a delegate) withdraws the ones he opened himself.
 */
export async function withdrawDispute(deps: Deps, actor: Actor, customerId: string, disputeId: string): Promise<Dispute> {
  const now = deps.clock.now();
  const { ability, userId } = actor.principal;
  const row = await findDispute(deps.db, ability, customerId, windowAt(now), disputeId);
  if (!row) throw notFound('dispute');
  if (row.openedById !== userId && !ability.can('update', subject('Dispute', { customerId, billingAccountId: row.billingAccountId }))) {
    throw forbidden('Only the user who opened this dispute, or an Access Owner, may withdraw it.');
  }
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateStatus(trx, customerId, disputeId, LIVE_DISPUTE, { status: 'withdrawn' }))) {
      throw conflict('dispute_closed', 'This dispute was already decided or withdrawn.');
    }
    await appendEvent(trx, { customerId, disputeId, at: now, status: 'withdrawn', actorUserId: userId, note: null });
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'dispute.withdraw', targetType: 'dispute', targetId: disputeId,
      before: { status: row.status }, after: { status: 'withdrawn' },
    });
  });
  return readableDispute(deps, actor, customerId, disputeId);
}

const toOperator = (d: Dispute, r: DisputeRow): OperatorDispute => ({ ...d, customer: { id: r.customerId, name: r.customerName } });

/** GET /operator/disputes: every customer's disputes, oldest first (a queue). */
export async function getOperatorDisputePage(deps: Deps, query: OperatorDisputeListQuery): Promise<OperatorDisputeListResponse> {
  const { limit = 50 } = query;
  const after = decodeCursor(OPERATOR_PAGES, query.cursor);
  const rows = await listAllDisputes(deps.db, windowAt(deps.clock.now()), { status: query.status, after, limit });
  const page = toPage(rows, limit, OPERATOR_PAGES, (r) => [cursorTime(r.openedAt), r.id], (r) => r);
  const details = await withDetails(deps, page.items);
  return { items: details.map((d, i) => toOperator(d, page.items[i]!)), nextCursor: page.nextCursor };
}

/**
 * POST /operator/disputes/{disputeId}/answer: operator staff take a live dispute in review, accept
 * or reject it, with an answer; the opener is mailed in his language (INV-7), in the same transaction.
 */
export async function answerDispute(deps: Deps, actor: Actor, disputeId: string, body: AnswerDisputeBody): Promise<OperatorDispute> {
  const now = deps.clock.now();
  const w = windowAt(now);
  const row = await findAnyDispute(deps.db, w, disputeId);
  if (!row) throw notFound('dispute');
  if (!isLive(row.status)) throw conflict('dispute_closed', `This dispute is ${row.status}: it can no longer be answered.`);
  const final = body.status !== 'in_review';
  const answer = body.answer.trim();
  await deps.db.transaction().execute(async (trx) => {
    const moved = await updateStatus(trx, row.customerId, disputeId, LIVE_DISPUTE, {
      status: body.status, answer, ...(final ? { decidedBy: actor.principal.userId, decidedAt: now } : {}),
    });
    if (!moved) throw conflict('dispute_closed', 'This dispute was decided or withdrawn meanwhile.');
    await appendEvent(trx, { customerId: row.customerId, disputeId, at: now, status: body.status, actorUserId: actor.principal.userId, note: answer });
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, row.customerId), action: 'dispute.answer', targetType: 'dispute', targetId: disputeId,
      before: { status: row.status }, after: { status: body.status, answer },
    });
    const language = row.openedByLanguage as Language;
    const money = (cents: number) => formatMoney(eur(cents), `${language}-BE`);
    await enqueueMail(trx, {
      to: row.openedByEmail, language, message: DISPUTE_MAILS[body.status],
      // Incl. VAT, as the invoice's page gives them; what stays due counts every standing dispute of the invoice.
      // A rejected dispute no longer stands: its amount is due again with what was not disputed.
      params: {
        invoice: row.invoiceNumber, answer, disputed: money(row.disputedCents), undisputed: money(row.invoiceInclCents - row.invoiceDisputedCents),
        dueAgain: money(row.invoiceInclCents - row.invoiceDisputedCents + row.disputedCents),
      },
      customerId: row.customerId,
    }, now);
  });
  const updated = (await findAnyDispute(deps.db, w, disputeId))!;
  return toOperator((await withDetails(deps, [updated]))[0]!, updated);
}
