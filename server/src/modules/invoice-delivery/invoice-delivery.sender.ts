import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import { frenchFirst } from '@mandate/domain/dates';
import { eur, formatMoney } from '@mandate/domain/money';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { enqueueMail, mailText } from '../mail/mail.repo.ts';
import { invoicePdfForMail } from '../invoices/invoices.service.ts';
import { claimDueDeliveries, invoiceForDelivery, recordSms, updateDelivery, type ClaimedDelivery } from './invoice-delivery.repo.ts';
import { INVOICE_READY_MAIL, INVOICE_READY_SMS, PAYMENT_DONE, PAYMENT_DUE } from './invoice-delivery.mails.ts';
import { buildUblInvoice, checkUblInvoice, type PeppolInvoiceInput } from './peppol-ubl.ts';

/**
 * What a real SMS gateway, bank (Zoomit) or Peppol access point needs to offer: a send that
 * either hands the message over (resolving) or throws (the sender retries, then gives up).
 */
export interface SmsGateway {
  send(message: { customerId: string; to: string; kind: string; text: string }): Promise<void>;
}
export interface ZoomitChannel {
  /** Hands the invoice to the customer's bank; resolves when the bank took it. */
  deliver(invoice: { customerId: string; iban: string; invoiceNumber: string; amountInclVatCents: number }): Promise<void>;
}
export interface PeppolAccessPoint {
  /** Sends a UBL document to a participant; resolves when the receiving access point acknowledged it. */
  send(document: { receiver: string; xml: string }): Promise<void>;
}
export interface DeliveryGateways {
  sms: SmsGateway;
  zoomit: ZoomitChannel;
  peppol: PeppolAccessPoint;
}

/**
 * The development gateways: the SMS gateway records its messages (the development mailbox shows
 * them), the bank and the access point take everything. A production deployment passes real ones.
 */
export function developmentGateways(db: Kysely<DB>, now: () => Date): DeliveryGateways {
  return {
    sms: { send: (m) => recordSms(db, { customerId: m.customerId, to: m.to, kind: m.kind, text: m.text }, now()) },
    zoomit: { deliver: async () => undefined },
    peppol: { send: async () => undefined },
  };
}

export interface DeliverySendResult {
  done: number;
  retried: number;
  failed: number;
}

const BATCH = 50;
const MAX_ATTEMPTS = 5;
const LEASE_MS = 5 * 60_000;
const retryDelayMs = (attempts: number) => Math.min(3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));

type Invoice = NonNullable<Awaited<ReturnType<typeof invoiceForDelivery>>>;

async function settingLanguage(db: Kysely<DB>, d: ClaimedDelivery): Promise<Language> {
  const row = await db.selectFrom('invoice_delivery_settings').select('language')
    .where('customer_id', '=', d.customerId).where('billing_account_id', '=', d.billingAccountId).executeTakeFirst();
  return (LANGUAGES as readonly string[]).includes(row?.language ?? '') ? row!.language as Language : 'nl';
}

function announcementParams(invoice: Invoice, language: Language, origin: string, customerId: string) {
  return {
    invoice: invoice.number, account: invoice.accountNumber, customer: invoice.customerName,
    amount: formatMoney(eur(Number(invoice.amountInclVatCents)), `${language}-BE`),
    payment: mailText(invoice.paymentStatus === 'paid' ? PAYMENT_DONE[language] : PAYMENT_DUE[language], language, {
      due: frenchFirst(new Intl.DateTimeFormat(`${language}-BE`, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${String(invoice.dueDate).slice(0, 10)}T00:00:00Z`)), language),
    }),
    link: `${origin}/customers/${customerId}/invoices/${invoice.id}`,
  };
}

/** The invoice as a Peppol BIS 3.0 document: lines with their VAT rate, the customer as buyer. */
export function peppolInput(invoice: Invoice): PeppolInvoiceInput {
  return {
    number: invoice.number,
    issueDate: String(invoice.issueDate).slice(0, 10),
    dueDate: String(invoice.dueDate).slice(0, 10),
    currency: 'EUR',
    buyerReference: invoice.accountNumber,
    seller: { name: 'Mandate Telecom NV', enterpriseNumber: '0400000086', vatNumber: 'BE0400000086', street: 'Koning Albert II-laan 27', city: 'Brussel', postalCode: '1030', country: 'BE' },
    buyer: {
      name: invoice.customerName, enterpriseNumber: invoice.enterpriseNumber, vatNumber: `BE${invoice.enterpriseNumber.replace(/\D/g, '')}`,
      street: invoice.street, city: invoice.city, postalCode: invoice.postalCode, country: invoice.country || 'BE',
    },
    lines: invoice.lines.map((l) => ({
      id: String(l.lineNo), description: l.description || l.chargeType, quantity: Number(l.quantity) || 1,
      netAmountCents: Number(l.amountExclVatCents), vatRatePercent: Number(l.vatRateBp) / 100,
    })),
  };
}

async function deliverOne(deps: Deps, gateways: DeliveryGateways, d: ClaimedDelivery, origin: string): Promise<'done' | 'failed'> {
  const now = deps.clock.now();
  const invoice = await invoiceForDelivery(deps.db, d.customerId, d.invoiceId);
  if (!invoice) {
    await updateDelivery(deps.db, d.customerId, d.id, { status: 'failed', reason: 'The invoice no longer exists.' }, now);
    return 'failed';
  }
  switch (d.channel) {
    case 'email': {
      // The outbox sends it; the delivery follows the mail (sent, or failed when the outbox gives up).
      const language = await settingLanguage(deps.db, d);
      const attachment = (await invoicePdfForMail(deps, d.customerId, d.invoiceId, language)) ?? undefined;
      await deps.db.transaction().execute(async (trx) => {
        const mailId = await enqueueMail(trx, {
          to: d.recipient, language, message: INVOICE_READY_MAIL, customerId: d.customerId, params: announcementParams(invoice, language, origin, d.customerId), attachment,
        }, now);
        await updateDelivery(trx, d.customerId, d.id, { status: 'queued', mailId }, now);
      });
      return 'done';
    }
    case 'sms': {
      const language = await settingLanguage(deps.db, d);
      const text = mailText(INVOICE_READY_SMS[language], language, announcementParams(invoice, language, origin, d.customerId));
      await gateways.sms.send({ customerId: d.customerId, to: d.recipient, kind: 'invoice_ready', text });
      await updateDelivery(deps.db, d.customerId, d.id, { status: 'sent', sentAt: now }, now);
      return 'done';
    }
    case 'zoomit': {
      await gateways.zoomit.deliver({ customerId: d.customerId, iban: d.recipient, invoiceNumber: invoice.number, amountInclVatCents: Number(invoice.amountInclVatCents) });
      await updateDelivery(deps.db, d.customerId, d.id, { status: 'delivered', sentAt: now }, now);
      return 'done';
    }
    case 'peppol': {
      let xml: string;
      try {
        xml = buildUblInvoice(peppolInput(invoice));
      } catch (error) {
        // Data no retry will change (an enterprise number that is not one): failed at once, with why.
        await updateDelivery(deps.db, d.customerId, d.id, { status: 'failed', reason: `Not a BIS 3.0 invoice: ${(error as Error).message}` }, now);
        return 'failed';
      }
      const violations = checkUblInvoice(xml);
      if (violations.length > 0) {
        // A document that breaks BIS 3.0 would be refused by the receiving access point: never sent.
        const reason = violations.slice(0, 5).map((v) => `${v.rule}: ${v.message}`).join('; ');
        await updateDelivery(deps.db, d.customerId, d.id, { status: 'failed', reason, document: xml }, now);
        return 'failed';
      }
      await gateways.peppol.send({ receiver: d.recipient, xml });
      await updateDelivery(deps.db, d.customerId, d.id, { status: 'delivered', document: xml, sentAt: now }, now);
      return 'done';
    }
  }
}

/**
 * One run of the delivery sender: every due delivery of a closed period goes out on its channel.
 * Claimed like the mail outbox (FOR UPDATE SKIP LOCKED and a lease), so any number of processes
 * may run it; a failed hand-over is retried with a growing delay, then given up with its reason.
 */
export async function sendDueDeliveries(deps: Deps, gateways?: Partial<DeliveryGateways>, origin?: string): Promise<DeliverySendResult> {
  const result: DeliverySendResult = { done: 0, retried: 0, failed: 0 };
  // Outside production the development gateways stand in; in production a channel without a real
  // gateway keeps its deliveries pending (never "delivered" by a stand-in). E-mail is the outbox's.
  const stand = deps.config.nodeEnv === 'production' ? {} : developmentGateways(deps.db, () => deps.clock.now());
  const using = { ...stand, ...gateways } as DeliveryGateways;
  const channels = (['email', 'sms', 'zoomit', 'peppol'] as const).filter((c) => c === 'email' || using[c] !== undefined);
  const links = origin ?? deps.config.publicUrl ?? `http://localhost:${deps.config.port}`;
  const seen = new Set<string>();
  for (;;) {
    const now = deps.clock.now();
    const batch = await claimDueDeliveries(deps.db, now, new Date(now.getTime() + LEASE_MS), BATCH, channels);
    const fresh = batch.filter((d) => !seen.has(d.id));
    for (const d of batch) seen.add(d.id);
    for (const d of fresh) {
      try {
        result[await deliverOne(deps, using, d, links)]++;
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        const giveUp = d.attempts >= MAX_ATTEMPTS;
        await updateDelivery(deps.db, d.customerId, d.id, giveUp
          ? { status: 'failed', reason }
          : { status: 'pending', reason, nextAttemptAt: new Date(deps.clock.now().getTime() + retryDelayMs(d.attempts)) }, deps.clock.now());
        deps.log.warn({ deliveryId: d.id, channel: d.channel, attempts: d.attempts, giveUp, err: reason }, 'invoice delivery not handed over');
        if (giveUp) result.failed++;
        else result.retried++;
      }
    }
    if (batch.length < BATCH || fresh.length === 0) break;
  }
  return result;
}
