import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { subject } from '@casl/ability';
import type { Kysely } from 'kysely';
import type { AppAbility } from '@mandate/authz/define-ability';
import type {
  CancelPreview, DeliveryHistoryQuery, DeliveryHistoryResponse, DeliverySetting, DeliverySettingListQuery, DeliverySettingListResponse,
  GreenBillBody, InvoiceDelivery, PendingDeliveryRequest, SmsListQuery, SmsListResponse, Verification, ZoomitBody,
} from '@mandate/contracts/invoice-delivery';
import { ZOOMIT_BANKS, supportedZoomitBic, zoomitBankOfIban } from '@mandate/contracts/invoice-delivery';
import type { DB } from '@mandate/db/database.types';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { frenchFirst } from '@mandate/domain/dates';
import { maskEmail } from '@mandate/domain/email';
import { electronicIban, maskIban } from '@mandate/domain/iban';
import { isBelgianMobile, maskMsisdn, parseMsisdn } from '@mandate/domain/msisdn';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import type { Deps } from '../../lib/deps.ts';
import { auditedBy, delegationFor, type Actor } from '../../lib/actor.ts';
import { decodeCursor, keyset, toPage } from '../../lib/paging.ts';
import { HttpProblem, badRequest, forbidden, notFound, conflict } from '../../lib/problem.ts';
import { ifMatchHolds } from '../../lib/if-match.ts';
import { loadAccessContext } from '../access/access.repo.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { enqueueMail } from '../mail/mail.repo.ts';
import { findInvoice } from '../invoices/invoices.repo.ts';
import { retentionWindow } from '../invoices/retention-window.ts';
import { defineAbilityFor } from '@mandate/authz/define-ability';
import {
  accountDeliveries, accountNumbers, cancelPendingRequests, customerOf, decideRequest, deliveryGrantees, deliveryOfMail, findRequest,
  findRequestByTokenHash, findSetting, fixedAccountIds, insertRequest, invoiceDeliveries, invoicesWithPdf, listSettings, listSms, lockRequestById,
  lockSettings, markSettingBounced, renewToken, touchSettings, updateDelivery, writeSettings, type DeliveryRow, type SettingRow,
} from './invoice-delivery.repo.ts';
import { GREENBILL_BOUNCE_MAIL, GREENBILL_VERIFY_MAIL } from './invoice-delivery.mails.ts';
import { peppolParticipantId } from './peppol-ubl.ts';

/** How long a GreenBill verification link works. */
export const VERIFICATION_TTL_MS = 72 * 3_600_000;

const iso = (value: Date | string | null | undefined) => (value == null ? null : new Date(value).toISOString());
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// ----- settings as the API shows them -----

function toPending(p: NonNullable<SettingRow['pending']>): PendingDeliveryRequest {
  return {
    id: p.id, channel: p.channel,
    email: p.email ? maskEmail(p.email) : null,
    mobile: p.mobile ? maskMsisdn(p.mobile) : null,
    notify: (p.notify as PendingDeliveryRequest['notify']) ?? null,
    iban: p.iban ? maskIban(p.iban) : null,
    bic: p.bic,
    coversFixedAccounts: p.coversFixedAccounts,
    createdAt: iso(p.createdAt)!,
    expiresAt: iso(p.expiresAt),
  };
}

/** paper; active when a channel delivers; else what waits: an address to confirm (pending) or a bank's answer (invited). */
function stateOf(row: SettingRow): DeliverySetting['state'] {
  if (row.channel !== 'paper') return 'active';
  if (row.pending?.channel === 'greenbill') return 'pending';
  if (row.pending?.channel === 'zoomit') return 'invited';
  return 'paper';
}

export function toSetting(row: SettingRow): DeliverySetting {
  return {
    billingAccountId: row.billingAccountId, billingAccountNumber: row.billingAccountNumber, billingAccountName: row.billingAccountName,
    billingAccountType: row.billingAccountType as DeliverySetting['billingAccountType'],
    channel: row.channel as DeliverySetting['channel'],
    state: stateOf(row),
    email: row.email ? maskEmail(row.email) : null,
    mobile: row.mobile ? maskMsisdn(row.mobile) : null,
    notify: (row.notify as DeliverySetting['notify']) ?? null,
    iban: row.iban ? maskIban(row.iban) : null,
    bic: row.bic,
    peppolId: row.peppolId,
    activatedAt: iso(row.activatedAt),
    lastBounce: row.lastBounceAt ? { at: iso(row.lastBounceAt)!, reason: row.lastBounceReason ?? '' } : null,
    pending: row.pending ? toPending(row.pending) : null,
    version: Number(row.version),
  };
}

/** A setting's ETag: its version, which every change (and every change of what waits on it) moves. */
export const etagOf = (setting: Pick<DeliverySetting, 'version'>) => `"${setting.version}"`;

/** DESIGN.md: a versioned resource changes only with If-Match; missing: 428, stale: 412. */
function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new HttpProblem(428, 'precondition_required', 'Precondition required', 'Send the setting\'s ETag in If-Match: read the setting first.',
      [{ field: 'headers.if-match', message: 'is required' }]);
  }
  if (!ifMatchHolds(ifMatch, `"${version}"`)) {
    throw new HttpProblem(412, 'precondition_failed', 'Precondition failed',
      'The delivery setting changed since you read it: read it again and repeat your change if it still applies.',
      [{ field: 'headers.if-match', message: 'does not match the current ETag' }]);
  }
}

const PAGES = keyset('invoice-delivery:number', 'text', 'uuid');

export async function getSettingPage(deps: Deps, actor: Actor, customerId: string, query: DeliverySettingListQuery): Promise<DeliverySettingListResponse> {
  const { limit = 50 } = query;
  const rows = await listSettings(deps.db, actor.principal.ability, customerId, { after: decodeCursor(PAGES, query.cursor), limit });
  return toPage(rows, limit, PAGES, (r) => [r.billingAccountNumber, r.billingAccountId], toSetting);
}

async function readable(db: Kysely<DB>, ability: AppAbility, customerId: string, billingAccountId: string): Promise<SettingRow> {
  const row = await findSetting(db, ability, customerId, billingAccountId);
  if (!row) throw notFound('billing account');
  return row;
}

export async function getSetting(deps: Deps, actor: Actor, customerId: string, billingAccountId: string): Promise<DeliverySetting> {
  return toSetting(await readable(deps.db, actor.principal.ability, customerId, billingAccountId));
}

const mayUpdate = (ability: AppAbility, customerId: string, billingAccountId: string) =>
  ability.can('update', subject('InvoiceDelivery', { customerId, billingAccountId }));

/** The setting the actor may change, with If-Match checked against it: 404 unseen, 403 read-only, 428/412 precondition. */
async function changeable(deps: Deps, actor: Actor, customerId: string, billingAccountId: string, ifMatch: string | undefined): Promise<SettingRow> {
  const row = await readable(deps.db, actor.principal.ability, customerId, billingAccountId);
  if (!mayUpdate(actor.principal.ability, customerId, billingAccountId)) throw forbidden('You may read, but not change, how this billing account receives its invoices.');
  checkIfMatch(ifMatch, Number(row.version));
  return row;
}

/**
 * EBL-2: the accounts one change covers: every fixed-services account of the customer for a
 * fixed account's GreenBill, else the account alone. All of them must be the actor's to change.
 */
async function coveredAccounts(deps: Deps, actor: Actor, customerId: string, row: SettingRow, fixedGroup: boolean) {
  if (!fixedGroup || row.billingAccountType !== 'fix') return [{ id: row.billingAccountId, number: row.billingAccountNumber }];
  const fixed = await fixedAccountIds(deps.db, customerId);
  const refused = fixed.filter((a) => !mayUpdate(actor.principal.ability, customerId, a.id));
  if (refused.length > 0) {
    throw forbidden(`GreenBill for fixed services covers every fixed billing account of the customer, and you may not change ${refused.map((a) => a.number).join(', ')}.`);
  }
  return fixed;
}

/** Inside the change's transaction: the settings locked, and the one read still at the version If-Match named. */
async function lockFor(trx: Kysely<DB>, customerId: string, row: SettingRow, accountIds: readonly string[], now: Date) {
  const versions = await lockSettings(trx, customerId, accountIds, now);
  if ((versions.get(row.billingAccountId) ?? 0) !== Number(row.version)) {
    throw new HttpProblem(412, 'precondition_failed', 'Precondition failed', 'The delivery setting changed meanwhile: read it again.',
      [{ field: 'headers.if-match', message: 'does not match the current ETag' }]);
  }
}

async function requester(db: Kysely<DB>, userId: string) {
  return db.selectFrom('users').select(['email', 'language', 'first_name', 'last_name']).where('id', '=', userId).executeTakeFirstOrThrow();
}

function verificationLink(origin: string, token: string) {
  return `${origin}/greenbill/verify/${token}`;
}

/** The verification mail of a GreenBill address: who asked, for which accounts, the link and until when it works. */
async function mailVerification(
  trx: Kysely<DB>,
  v: {
    customerId: string; to: string; language: Language; requester: Awaited<ReturnType<typeof requester>>;
    accounts: ReadonlyArray<{ number: string }>; origin: string; token: string; expiresAt: Date;
  },
  now: Date,
) {
  const customer = await customerOf(trx, v.customerId);
  await enqueueMail(trx, {
    to: v.to, language: v.language, message: GREENBILL_VERIFY_MAIL, customerId: v.customerId,
    params: {
      requester: `${v.requester.first_name} ${v.requester.last_name}`.trim() || v.requester.email, customer: customer.name,
      accounts: v.accounts.map((a) => a.number).join(', '), link: verificationLink(v.origin, v.token), expires: expiryText(v.expiresAt, v.language),
    },
  }, now);
}

/** The date and time a link stops working, as the mail's reader reads it (Brussels). */
function expiryText(at: Date, language: Language): string {
  return frenchFirst(new Intl.DateTimeFormat(`${language}-BE`, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(at), language);
}

function isBelgianMobileOrAbroad(e164: string, type: string | undefined): boolean {
  if (e164.startsWith('+32')) return isBelgianMobile(e164);
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

function validMobile(mobile: string | null | undefined, notify: string): string | null {
  if (mobile == null || mobile.trim() === '') {
    if (notify !== 'email') throw badRequest('body.mobile', 'is needed to announce invoices by SMS');
    return null;
  }
  // EBL-3: the announcement goes by SMS, which a fixed line cannot take. The full numbering plans
  // (libphonenumber's "max" metadata, kept to the server) tell a mobile number of any country.
  const parsed = parseMsisdn(mobile);
  const type = parsed ? parsePhoneNumberFromString(parsed)?.getType() : undefined;
  if (!parsed || !isBelgianMobileOrAbroad(parsed, type)) throw badRequest('body.mobile', 'is not a mobile number that can take an SMS');
  return parsed;
}

/**
 * POST …/invoice-delivery/{billingAccountId}/greenbill (EBL-1, EBL-2, EBL-4): a new GreenBill
 * address waits for its confirmation: a mail to it carries a single-use link (only its hash is
 * stored) that expires. Nothing changes until the link is followed; the login e-mail never does.
 * The same address already active: only the announcement choice changes, at once.
 */
export async function requestGreenBill(
  deps: Deps, actor: Actor, customerId: string, billingAccountId: string, body: GreenBillBody, ifMatch: string | undefined,
): Promise<{ setting: DeliverySetting; accepted: boolean }> {
  const now = deps.clock.now();
  const row = await changeable(deps, actor, customerId, billingAccountId, ifMatch);
  const email = body.email.trim().toLowerCase();
  const mobile = validMobile(body.mobile, body.notify);
  const accounts = await coveredAccounts(deps, actor, customerId, row, true);
  const ids = accounts.map((a) => a.id);
  const me = await requester(deps.db, actor.principal.userId);
  const language = (body.language ?? me.language) as Language;
  const sameAddress = row.channel === 'greenbill' && row.email === email;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_MS);

  await deps.db.transaction().execute(async (trx) => {
    await lockFor(trx, customerId, row, ids, now);
    if (sameAddress) {
      await writeSettings(trx, customerId, ids, { channel: 'greenbill', email, mobile, notify: body.notify, language, activatedAt: new Date(row.activatedAt ?? now) }, now);
      await appendAudit(trx, {
        at: now, ...auditedBy(actor, customerId), action: 'invoice_delivery.greenbill_notify', targetType: 'billing_account', targetId: billingAccountId,
        before: { notify: row.notify, mobile: row.mobile ? maskMsisdn(row.mobile) : null }, after: { accounts: accounts.map((a) => a.number), notify: body.notify, mobile: mobile ? maskMsisdn(mobile) : null },
      });
      return;
    }
    await cancelPendingRequests(trx, customerId, ids, now);
    const requestId = await insertRequest(trx, {
      customerId, billingAccountId, channel: 'greenbill', email, mobile, notify: body.notify, coversFixedAccounts: ids.length > 1 || row.billingAccountType === 'fix',
      tokenHash: hashToken(token), expiresAt, requestedBy: actor.principal.userId, delegationId: delegationFor(actor.principal, customerId), language,
    }, now);
    await touchSettings(trx, customerId, ids, now);
    await mailVerification(trx, { customerId, to: email, language, requester: me, accounts, origin: actor.origin, token, expiresAt }, now);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'invoice_delivery.greenbill_requested', targetType: 'billing_account', targetId: billingAccountId,
      before: { channel: row.channel, email: row.email ? maskEmail(row.email) : null },
      after: { requestId, accounts: accounts.map((a) => a.number), email: maskEmail(email), mobile: mobile ? maskMsisdn(mobile) : null, notify: body.notify },
    });
  });
  return { setting: await getSetting(deps, actor, customerId, billingAccountId), accepted: !sameAddress };
}

/** A waiting request of an account the actor may change, or 404. */
async function pendingOf(deps: Deps, actor: Actor, customerId: string, billingAccountId: string, requestId: string) {
  const row = await readable(deps.db, actor.principal.ability, customerId, billingAccountId);
  const request = await findRequest(deps.db, customerId, requestId);
  if (!request || row.pending?.id !== request.id) throw notFound('delivery request');
  if (!mayUpdate(actor.principal.ability, customerId, billingAccountId)) throw forbidden('You may not change how this billing account receives its invoices.');
  if (request.status !== 'pending') throw conflict('request_decided', 'This request was already confirmed, answered or cancelled.');
  return { row, request };
}

async function requestAccounts(db: Kysely<DB>, customerId: string, request: { billing_account_id: string; covers_fixed_accounts: boolean }) {
  return request.covers_fixed_accounts ? fixedAccountIds(db, customerId) : accountNumbers(db, customerId, [request.billing_account_id]);
}

/** POST …/requests/{requestId}/resend: a new link (the old one stops working) with a new expiry, to the same address. */
export async function resendVerification(deps: Deps, actor: Actor, customerId: string, billingAccountId: string, requestId: string): Promise<DeliverySetting> {
  const now = deps.clock.now();
  const { request } = await pendingOf(deps, actor, customerId, billingAccountId, requestId);
  if (request.channel !== 'greenbill' || !request.email) throw conflict('not_resendable', 'Only a GreenBill address waits for a verification mail.');
  const me = await requester(deps.db, actor.principal.userId);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_MS);
  const accounts = await requestAccounts(deps.db, customerId, request);
  await deps.db.transaction().execute(async (trx) => {
    await renewToken(trx, customerId, requestId, hashToken(token), expiresAt);
    await touchSettings(trx, customerId, accounts.map((a) => a.id), now);
    await mailVerification(trx, {
      customerId, to: request.email!, language: request.language as Language, requester: me, accounts, origin: actor.origin, token, expiresAt,
    }, now);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'invoice_delivery.greenbill_resent', targetType: 'billing_account', targetId: billingAccountId,
      after: { requestId, email: maskEmail(request.email!) },
    });
  });
  return getSetting(deps, actor, customerId, billingAccountId);
}

/** DELETE …/requests/{requestId}: the waiting address or invitation is dropped; its link stops working. */
export async function cancelRequest(deps: Deps, actor: Actor, customerId: string, billingAccountId: string, requestId: string): Promise<DeliverySetting> {
  const now = deps.clock.now();
  const { request } = await pendingOf(deps, actor, customerId, billingAccountId, requestId);
  const accounts = await requestAccounts(deps.db, customerId, request);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await decideRequest(trx, customerId, requestId, 'cancelled', now))) throw conflict('request_decided', 'This request was decided meanwhile.');
    await trx.updateTable('invoice_delivery_requests').set({ token_hash: null }).where('customer_id', '=', customerId).where('id', '=', requestId).execute();
    await touchSettings(trx, customerId, accounts.map((a) => a.id), now);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: `invoice_delivery.${request.channel}_request_cancelled`, targetType: 'billing_account', targetId: billingAccountId,
      before: { requestId, email: request.email ? maskEmail(request.email) : null, iban: request.iban ? maskIban(request.iban) : null },
    });
  });
  return getSetting(deps, actor, customerId, billingAccountId);
}

/**
 * POST …/zoomit (EBL-6): an invitation with a valid IBAN at a bank that offers Zoomit; the
 * account is "invited from the next billing cycle" and switches only when the bank reports the
 * customer's acceptance (the webhook). Until then its delivery does not change.
 */
export async function requestZoomit(
  deps: Deps, actor: Actor, customerId: string, billingAccountId: string, body: ZoomitBody, ifMatch: string | undefined,
): Promise<DeliverySetting> {
  const now = deps.clock.now();
  const iban = electronicIban(body.iban);
  if (!iban) throw badRequest('body.iban', 'is not a valid IBAN: check its country code and check digits');
  const bic = supportedZoomitBic(body.bic);
  if (!bic) throw badRequest('body.bic', 'is not a bank that offers Zoomit: choose one of the supported banks', 'unsupported_bank');
  const country = bic.slice(4, 6);
  if (country !== iban.slice(0, 2)) throw badRequest('body.iban', `is not an account of a bank in ${country}, where this bank is`);
  // A Belgian IBAN names its bank by its bank code: one of another bank that offers Zoomit is a
  // mix-up whose invitation would never be answered. A code the list does not hold is taken: the
  // customer answers for his IBAN (EBL-7).
  const bank = ZOOMIT_BANKS.find((b) => b.bic === bic)!;
  const holder = zoomitBankOfIban(iban);
  if (holder && holder.bic !== bic) {
    throw new HttpProblem(422, 'iban_not_of_bank', 'Unprocessable content', `This IBAN is not an account at ${bank.name}: its bank code ${iban.slice(4, 7)} belongs to another bank.`,
      [{ field: 'body.iban', message: `is not an account at ${bank.name}` }]);
  }
  const row = await changeable(deps, actor, customerId, billingAccountId, ifMatch);
  if (row.channel === 'zoomit' && row.iban === iban) throw conflict('already_active', 'Zoomit is already active for this IBAN.');
  await deps.db.transaction().execute(async (trx) => {
    await lockFor(trx, customerId, row, [billingAccountId], now);
    await cancelPendingRequests(trx, customerId, [billingAccountId], now);
    const requestId = await insertRequest(trx, {
      customerId, billingAccountId, channel: 'zoomit', iban, bic, coversFixedAccounts: false, requestedBy: actor.principal.userId,
      delegationId: delegationFor(actor.principal, customerId), language: (await requester(trx, actor.principal.userId)).language,
    }, now);
    await touchSettings(trx, customerId, [billingAccountId], now);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'invoice_delivery.zoomit_invited', targetType: 'billing_account', targetId: billingAccountId,
      before: { channel: row.channel }, after: { requestId, iban: maskIban(iban), bic },
    });
  });
  return getSetting(deps, actor, customerId, billingAccountId);
}

export function zoomitBanks() {
  return { items: ZOOMIT_BANKS.map((b) => ({ bic: b.bic, name: b.name })), nextCursor: null };
}

/** POST …/peppol: Peppol BIS 3.0 to the customer's participant id (scheme 0208, its enterprise number), at once. */
export async function activatePeppol(deps: Deps, actor: Actor, customerId: string, billingAccountId: string, ifMatch: string | undefined): Promise<DeliverySetting> {
  const now = deps.clock.now();
  const row = await changeable(deps, actor, customerId, billingAccountId, ifMatch);
  const customer = await customerOf(deps.db, customerId);
  const peppolId = peppolParticipantId(customer.enterpriseNumber);
  if (!peppolId) throw new HttpProblem(422, 'no_peppol_id', 'Unprocessable content', 'The customer has no valid enterprise number to be reached on Peppol.');
  if (row.channel === 'peppol') throw conflict('already_active', 'Peppol is already active for this billing account.');
  await deps.db.transaction().execute(async (trx) => {
    await lockFor(trx, customerId, row, [billingAccountId], now);
    await cancelPendingRequests(trx, customerId, [billingAccountId], now);
    await writeSettings(trx, customerId, [billingAccountId], { channel: 'peppol', peppolId, activatedAt: now }, now);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'invoice_delivery.peppol_activated', targetType: 'billing_account', targetId: billingAccountId,
      before: { channel: row.channel }, after: { channel: 'peppol', peppolId },
    });
  });
  return getSetting(deps, actor, customerId, billingAccountId);
}

/** The accounts a return to paper covers: the fixed accounts on GreenBill together (EBL-2), else the account. */
async function cancelGroup(deps: Deps, actor: Actor, customerId: string, row: SettingRow) {
  if (!(row.channel === 'greenbill' && row.billingAccountType === 'fix')) return [{ id: row.billingAccountId, number: row.billingAccountNumber }];
  const fixed = await fixedAccountIds(deps.db, customerId);
  const settings = await Promise.all(fixed.map((a) => findSetting(deps.db, actor.principal.ability, customerId, a.id)));
  return fixed.filter((a, i) => settings[i]?.channel === 'greenbill' || a.id === row.billingAccountId);
}

/** GET …/cancel-preview (EBL-5): what returning to paper covers, and the invoices whose PDFs to download first. */
export async function cancelPreview(deps: Deps, actor: Actor, customerId: string, billingAccountId: string): Promise<CancelPreview> {
  const row = await readable(deps.db, actor.principal.ability, customerId, billingAccountId);
  const accounts = await cancelGroup(deps, actor, customerId, row);
  const w = retentionWindow(deps.clock.now());
  const invoices = await invoicesWithPdf(deps.db, customerId, accounts.map((a) => a.id), w.pdfCutoff, w.billingCutoff);
  return {
    accounts: accounts.map((a) => ({ billingAccountId: a.id, billingAccountNumber: a.number })),
    invoices: invoices.map((i) => ({ id: i.id, number: i.number, issueDate: String(i.issueDate).slice(0, 10), billingAccountNumber: i.billingAccountNumber })),
  };
}

/** POST …/cancel (EBL-5, EBL-6): back to paper, from GreenBill (every fixed account together), Zoomit or Peppol; what waits is dropped too. */
export async function cancelDelivery(deps: Deps, actor: Actor, customerId: string, billingAccountId: string, ifMatch: string | undefined): Promise<DeliverySetting> {
  const now = deps.clock.now();
  const row = await changeable(deps, actor, customerId, billingAccountId, ifMatch);
  if (row.channel === 'paper' && !row.pending) throw conflict('already_paper', 'This billing account already receives paper invoices.');
  const accounts = await cancelGroup(deps, actor, customerId, row);
  const refused = accounts.filter((a) => !mayUpdate(actor.principal.ability, customerId, a.id));
  if (refused.length > 0) throw forbidden(`GreenBill for fixed services stops for every fixed billing account together, and you may not change ${refused.map((a) => a.number).join(', ')}.`);
  const ids = accounts.map((a) => a.id);
  await deps.db.transaction().execute(async (trx) => {
    await lockFor(trx, customerId, row, ids, now);
    await cancelPendingRequests(trx, customerId, ids, now);
    if (row.pending) await decideRequest(trx, customerId, row.pending.id, 'cancelled', now);
    await writeSettings(trx, customerId, ids, { channel: 'paper', activatedAt: null }, now);
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, customerId), action: 'invoice_delivery.cancelled', targetType: 'billing_account', targetId: billingAccountId,
      before: { channel: row.channel, email: row.email ? maskEmail(row.email) : null, iban: row.iban ? maskIban(row.iban) : null },
      after: { channel: 'paper', accounts: accounts.map((a) => a.number) },
    });
  });
  return getSetting(deps, actor, customerId, billingAccountId);
}

// ----- the GreenBill verification link (no sign-in: the link is the credential) -----

async function verificationByToken(db: Kysely<DB>, token: string, now: Date) {
  const request = await findRequestByTokenHash(db, hashToken(token));
  if (!request || request.channel !== 'greenbill' || request.status === 'cancelled') {
    throw new HttpProblem(404, 'unknown_link', 'Not found', 'This verification link is unknown or was replaced by a newer one.');
  }
  if (request.status === 'pending' && request.expires_at && new Date(request.expires_at) <= now) {
    throw new HttpProblem(410, 'link_expired', 'Gone', 'This verification link has expired: ask for a new one in My invoice online › Settings.');
  }
  return request;
}

async function describeVerification(db: Kysely<DB>, request: Awaited<ReturnType<typeof verificationByToken>>): Promise<Verification> {
  const [customer, accounts] = await Promise.all([customerOf(db, request.customer_id), requestAccounts(db, request.customer_id, request)]);
  return {
    customerName: customer.name, billingAccountNumbers: accounts.map((a) => a.number), email: maskEmail(request.email!),
    status: request.status === 'pending' ? 'pending' : 'confirmed',
  };
}

export async function getVerification(deps: Deps, token: string): Promise<Verification> {
  return describeVerification(deps.db, await verificationByToken(deps.db, token, deps.clock.now()));
}

/** POST /greenbill/verifications/{token} (EBL-1, EBL-2): the address is confirmed; GreenBill is active for its accounts. */
export async function confirmVerification(deps: Deps, token: string, ip: string): Promise<Verification> {
  const now = deps.clock.now();
  const found = await verificationByToken(deps.db, token, now);
  if (found.status !== 'pending') throw new HttpProblem(410, 'link_used', 'Gone', 'This verification link was already used: GreenBill is active for this address.');
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockRequestById(trx, found.id);
    if (!request || request.status !== 'pending') throw new HttpProblem(410, 'link_used', 'Gone', 'This verification link was already used.');
    const accounts = await requestAccounts(trx, request.customer_id, request);
    const ids = accounts.map((a) => a.id);
    await lockSettings(trx, request.customer_id, ids, now);
    await decideRequest(trx, request.customer_id, request.id, 'confirmed', now);
    await writeSettings(trx, request.customer_id, ids, {
      channel: 'greenbill', email: request.email, mobile: request.mobile, notify: request.notify, language: request.language, activatedAt: now,
    }, now);
    await appendAudit(trx, {
      at: now, actorUserId: null, customerId: request.customer_id, delegationId: null, ip, action: 'invoice_delivery.greenbill_confirmed',
      targetType: 'billing_account', targetId: request.billing_account_id,
      after: { requestId: request.id, accounts: accounts.map((a) => a.number), email: maskEmail(request.email!), requestedBy: request.requested_by },
    });
  });
  return describeVerification(deps.db, { ...found, status: 'confirmed' });
}

// ----- Zoomit: the bank's webhook and the development sandbox bank -----

export function zoomitSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

const unauthorizedWebhook = (code: string, detail: string, field: string) =>
  new HttpProblem(401, code, 'Unauthorized', detail, [{ field, message: detail }]);

/**
 * POST /webhooks/zoomit (EBL-6): the bank reports the customer's answer. Authenticated by an
 * HMAC-SHA256 over "<timestamp>.<raw body>" with the shared secret (compared in constant time);
 * a timestamp outside the tolerance is a replay. An invitation is answered once: a second report
 * (a replay, or the bank retrying after our answer got lost) changes nothing and gets 409.
 */
export async function handleZoomitWebhook(
  deps: Deps, headers: { timestamp: string; signature: string }, rawBody: string, body: { eventId: string; invitationId: string; result: 'accepted' | 'refused' }, ip: string,
) {
  const now = deps.clock.now();
  const expected = Buffer.from(zoomitSignature(deps.config.zoomitWebhookSecret, headers.timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw unauthorizedWebhook('bad_signature', 'The signature does not match the body and timestamp.', 'headers.x-zoomit-signature');
  }
  const seconds = Number(headers.timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > deps.config.zoomitWebhookToleranceSeconds) {
    throw unauthorizedWebhook('stale_timestamp', `The timestamp is more than ${deps.config.zoomitWebhookToleranceSeconds} seconds from now: refused as a replay.`, 'headers.x-zoomit-timestamp');
  }
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockRequestById(trx, body.invitationId);
    if (!request || request.channel !== 'zoomit') throw notFound('invitation');
    if (request.status !== 'pending') {
      throw conflict('invitation_answered', `This invitation was already ${request.status}: the report changes nothing.`);
    }
    await decideRequest(trx, request.customer_id, request.id, body.result, now);
    await lockSettings(trx, request.customer_id, [request.billing_account_id], now);
    if (body.result === 'accepted') {
      await writeSettings(trx, request.customer_id, [request.billing_account_id], { channel: 'zoomit', iban: request.iban, bic: request.bic, activatedAt: now }, now);
    } else {
      await touchSettings(trx, request.customer_id, [request.billing_account_id], now);
    }
    await appendAudit(trx, {
      at: now, actorUserId: null, customerId: request.customer_id, delegationId: null, ip, action: `invoice_delivery.zoomit_${body.result}`,
      targetType: 'billing_account', targetId: request.billing_account_id, after: { invitationId: request.id, eventId: body.eventId, iban: maskIban(request.iban!) },
    });
  });
  return { invitationId: body.invitationId, status: body.result };
}

export async function sandboxInvitation(deps: Deps, invitationId: string) {
  const request = await deps.db.selectFrom('invoice_delivery_requests').selectAll().where('id', '=', invitationId).where('channel', '=', 'zoomit').executeTakeFirst();
  if (!request) throw notFound('invitation');
  const [customer, accounts] = await Promise.all([customerOf(deps.db, request.customer_id), accountNumbers(deps.db, request.customer_id, [request.billing_account_id])]);
  const bank = ZOOMIT_BANKS.find((b) => b.bic === request.bic);
  const status = request.status === 'confirmed' ? 'accepted' : request.status;
  return {
    id: request.id, customerName: customer.name, billingAccountNumber: accounts[0]?.number ?? '', iban: maskIban(request.iban!), bank: bank?.name ?? request.bic!,
    status: status as 'pending' | 'accepted' | 'refused' | 'cancelled',
  };
}

/** The sandbox bank answers as a real bank would: a signed webhook, through the same handling. */
export async function sandboxAnswer(deps: Deps, invitationId: string, result: 'accepted' | 'refused', ip: string) {
  await sandboxInvitation(deps, invitationId);
  const body = { eventId: `sandbox-${randomBytes(8).toString('hex')}`, invitationId, result };
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
  await handleZoomitWebhook(deps, { timestamp, signature: zoomitSignature(deps.config.zoomitWebhookSecret, timestamp, raw) }, raw, body, ip);
  return sandboxInvitation(deps, invitationId);
}

// ----- delivery history -----

const HISTORY = keyset('invoice-deliveries:createdAt:desc', 'timestamp', 'date', 'uuid');

function toDelivery(row: DeliveryRow): InvoiceDelivery {
  const recipient = row.channel === 'email' ? maskEmail(row.recipient)
    : row.channel === 'sms' ? maskMsisdn(row.recipient)
      : row.channel === 'zoomit' ? maskIban(row.recipient) : row.recipient;
  return {
    id: row.id, invoiceId: row.invoiceId, invoiceNumber: row.invoiceNumber, billingAccountId: row.billingAccountId,
    channel: row.channel as InvoiceDelivery['channel'], recipient, status: row.status as InvoiceDelivery['status'], reason: row.reason,
    attempts: row.attempts, createdAt: iso(row.createdAt)!, sentAt: iso(row.sentAt), updatedAt: iso(row.updatedAt)!,
  };
}

export async function getAccountDeliveries(deps: Deps, actor: Actor, customerId: string, billingAccountId: string, query: DeliveryHistoryQuery): Promise<DeliveryHistoryResponse> {
  await readable(deps.db, actor.principal.ability, customerId, billingAccountId);
  const { limit = 50 } = query;
  const rows = await accountDeliveries(deps.db, customerId, billingAccountId, retentionWindow(deps.clock.now()), { after: decodeCursor(HISTORY, query.cursor), limit });
  return toPage(rows, limit, HISTORY, (r) => [r.sortKey, r.issueDate, r.id], toDelivery);
}

export async function getInvoiceDeliveries(deps: Deps, actor: Actor, customerId: string, invoiceId: string) {
  const { ability } = actor.principal;
  const invoice = await findInvoice(deps.db, ability, customerId, retentionWindow(deps.clock.now()), invoiceId);
  if (!invoice || !ability.can('read', subject('InvoiceDelivery', { customerId, billingAccountId: invoice.billingAccountId }))) throw notFound('invoice');
  return { items: (await invoiceDeliveries(deps.db, customerId, invoiceId)).map(toDelivery), nextCursor: null };
}

// ----- development: the SMS gateway's log and bounces -----

const SMS_PAGES = keyset('sms', 'timestamp', 'uuid');

export async function readSms(deps: Deps, query: SmsListQuery): Promise<SmsListResponse> {
  const { limit = 50 } = query;
  const rows = await listSms(deps.db, { after: decodeCursor(SMS_PAGES, query.cursor), limit });
  return toPage(rows, limit, SMS_PAGES, (r) => [r.sortKey, r.id], (r) => ({ id: r.id, to: r.to, kind: r.kind, text: r.text, createdAt: iso(r.createdAt)! }));
}

/**
 * A GreenBill announcement bounced (the development mailbox plays the mail server's bounce): the
 * delivery is marked, the setting shows the last bounce, and whoever may change the account's
 * invoice delivery is told, as their ability (from the database) decides.
 */
export async function bounceMail(deps: Deps, actor: Actor, mailId: string, reason: string) {
  const now = deps.clock.now();
  const delivery = await deliveryOfMail(deps.db, mailId);
  if (!delivery) throw notFound('invoice announcement mail');
  if (delivery.status === 'bounced') throw conflict('already_bounced', 'This announcement is already marked as bounced.');
  const grantees = await deliveryGrantees(deps.db, delivery.customerId);
  const recipients: typeof grantees = [];
  for (const g of grantees) {
    const loaded = await loadAccessContext(deps.db, g.id, null, now);
    if (loaded && defineAbilityFor(loaded.context).can('update', subject('InvoiceDelivery', { customerId: delivery.customerId, billingAccountId: delivery.billingAccountId }))) {
      recipients.push(g);
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    await updateDelivery(trx, delivery.customerId, delivery.id, { status: 'bounced', reason }, now);
    await markSettingBounced(trx, delivery.customerId, delivery.billingAccountId, reason, now);
    for (const r of recipients) {
      await enqueueMail(trx, {
        to: r.email, language: (LANGUAGES as readonly string[]).includes(r.language) ? r.language as Language : 'nl', message: GREENBILL_BOUNCE_MAIL,
        customerId: delivery.customerId, params: { invoice: delivery.invoiceNumber, account: delivery.accountNumber, email: maskEmail(delivery.recipient), reason },
      }, now);
    }
    await appendAudit(trx, {
      at: now, ...auditedBy(actor, delivery.customerId), action: 'invoice_delivery.bounced', targetType: 'billing_account', targetId: delivery.billingAccountId,
      after: { deliveryId: delivery.id, mailId, reason, told: recipients.length },
    });
  });
  return { deliveryId: delivery.id, notified: recipients.length };
}

