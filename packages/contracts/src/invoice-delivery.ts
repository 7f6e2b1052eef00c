import { Type, type Static } from '@sinclair/typebox';
import { Email, PageQuery, StoredDate, Uuid, page } from './common.ts';

/**
 * Invoice delivery (EBL-1..7, Peppol): how each billing account receives its invoices. Addresses,
 * numbers and IBANs leave the server masked only (EBL-7).
 */
export const DELIVERY_CHANNELS = ['paper', 'greenbill', 'zoomit', 'peppol'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const NOTIFY_BY = ['email', 'sms', 'both'] as const;
export type NotifyBy = (typeof NOTIFY_BY)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const DeliveryParams = Type.Object({ customerId: Uuid, billingAccountId: Uuid }, { additionalProperties: false });
export type DeliveryParams = Static<typeof DeliveryParams>;
export const DeliveryRequestParams = Type.Object({ customerId: Uuid, billingAccountId: Uuid, requestId: Uuid }, { additionalProperties: false });
export type DeliveryRequestParams = Static<typeof DeliveryRequestParams>;

/** A confirmation that waits: a GreenBill address until its link is followed, a Zoomit invitation until the bank answers. */
export const PendingDeliveryRequest = Type.Object(
  {
    id: Uuid,
    channel: Type.Union([Type.Literal('greenbill'), Type.Literal('zoomit')]),
    email: Nullable(Type.String()),
    mobile: Nullable(Type.String()),
    notify: Nullable(Type.Union(NOTIFY_BY.map((n) => Type.Literal(n)))),
    iban: Nullable(Type.String()),
    bic: Nullable(Type.String()),
    /** EBL-2: a GreenBill address for a fixed-services account covers every fixed account of the customer. */
    coversFixedAccounts: Type.Boolean(),
    createdAt: DateTime,
    /** When the verification link stops working (GreenBill); null for Zoomit. */
    expiresAt: Nullable(DateTime),
  },
  { additionalProperties: false },
);
export type PendingDeliveryRequest = Static<typeof PendingDeliveryRequest>;

export const DeliverySetting = Type.Object(
  {
    billingAccountId: Uuid,
    billingAccountNumber: Type.String(),
    billingAccountName: Type.String(),
    billingAccountType: Type.Union([Type.Literal('fix'), Type.Literal('mobile')]),
    channel: Type.Union(DELIVERY_CHANNELS.map((c) => Type.Literal(c))),
    /** paper; active (GreenBill, Zoomit or Peppol delivers); pending (an address awaits its confirmation); invited (Zoomit: from the next billing cycle, once the customer accepts in his bank). */
    state: Type.Union([Type.Literal('paper'), Type.Literal('active'), Type.Literal('pending'), Type.Literal('invited')]),
    email: Nullable(Type.String()),
    mobile: Nullable(Type.String()),
    notify: Nullable(Type.Union(NOTIFY_BY.map((n) => Type.Literal(n)))),
    iban: Nullable(Type.String()),
    bic: Nullable(Type.String()),
    peppolId: Nullable(Type.String()),
    activatedAt: Nullable(DateTime),
    /** The last announcement to the GreenBill address bounced (cleared when the address changes). */
    lastBounce: Nullable(Type.Object({ at: DateTime, reason: Type.String() }, { additionalProperties: false })),
    pending: Nullable(PendingDeliveryRequest),
    /** The setting's version, also its ETag: changes send it back in If-Match. */
    version: Type.Integer(),
  },
  { additionalProperties: false },
);
export type DeliverySetting = Static<typeof DeliverySetting>;

export const DeliverySettingListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type DeliverySettingListQuery = Static<typeof DeliverySettingListQuery>;
export const DeliverySettingListResponse = page(DeliverySetting);
export type DeliverySettingListResponse = Static<typeof DeliverySettingListResponse>;

/** Changes of a setting carry its version (DESIGN.md: a versioned resource changes with If-Match). */
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 100 })) });

export const GreenBillBody = Type.Object(
  {
    email: Email,
    /** Optional: for announcements by SMS (notify sms or both). */
    mobile: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    notify: Type.Union(NOTIFY_BY.map((n) => Type.Literal(n))),
    language: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')], { description: 'the language of the verification mail and the announcements; default: yours' })),
  },
  { additionalProperties: false },
);
export type GreenBillBody = Static<typeof GreenBillBody>;

export const ZoomitBody = Type.Object(
  {
    iban: Type.String({ minLength: 1, maxLength: 64 }),
    bic: Type.String({ minLength: 8, maxLength: 11 }),
  },
  { additionalProperties: false },
);
export type ZoomitBody = Static<typeof ZoomitBody>;

/**
 * EBL-6: Zoomit shows invoices in the banking app of the banks that take part; an invitation to any
 * other bank would never be answered, so only these are offered and accepted, by BIC. Several
 * brands share one (Fintro and Hello bank! are BNP Paribas Fortis). Crelan took over AXA Bank
 * Belgium: one bank, whose accounts keep their AXA bank codes.
 *
 * `codes`: the bank's Belgian bank identification codes, the three digits after "BEkk" in its
 * accounts' IBANs, from the National Bank of Belgium's list "Bank identification codes"
 * (https://www.nbb.be/en/payment-systems/payment-standards/bank-identification-codes, version of
 * 1 October 2022), as [first, last] ranges.
 */
export const ZOOMIT_BANKS: ReadonlyArray<{ bic: string; name: string; codes: ReadonlyArray<readonly [number, number]> }> = [
  { bic: 'ARSPBE22', name: 'Argenta', codes: [[973, 973], [978, 980]] },
  { bic: 'BBRUBEBB', name: 'ING Belgium', codes: [[185, 185], [300, 399], [630, 631], [652, 652], [673, 673], [828, 828], [880, 881], [883, 884], [887, 888], [910, 910], [920, 920], [922, 923], [929, 931], [934, 934], [936, 936], [939, 939], [961, 961], [971, 971], [976, 976]] },
  { bic: 'BPOTBEB1', name: 'bpost bank', codes: [[0, 0], [299, 299]] },
  { bic: 'CREGBEBB', name: 'CBC Banque', codes: [[190, 199], [728, 729], [732, 732], [742, 742]] },
  { bic: 'CTBKBEBX', name: 'Beobank', codes: [[109, 110], [113, 114], [119, 124], [127, 127], [129, 129], [131, 131], [133, 134], [595, 601], [950, 959]] },
  { bic: 'GEBABEBB', name: 'BNP Paribas Fortis / Fintro / Hello bank!', codes: [[1, 49], [137, 137], [140, 149], [200, 214], [220, 298]] },
  { bic: 'GKCCBEBB', name: 'Belfius', codes: [[50, 99], [550, 560], [562, 569], [624, 625], [638, 638], [657, 657], [672, 672], [680, 680], [682, 683], [775, 799], [830, 839]] },
  { bic: 'KREDBEBB', name: 'KBC', codes: [[400, 499], [725, 727], [730, 731], [733, 741], [743, 749], [868, 868]] },
  { bic: 'NICABEBB', name: 'Crelan', codes: [[103, 108], [700, 709], [750, 774], [800, 816], [850, 853], [859, 860], [862, 863], [865, 866], [963, 963], [975, 975]] },
  { bic: 'VDSPBE91', name: 'vdk bank', codes: [[890, 899]] },
];

/** A BIC as typed ("kredbebb", "KREDBEBBXXX") → its 8-character form when it is a supported bank, else null. */
export function supportedZoomitBic(input: string): string | null {
  const bic = input.trim().toUpperCase();
  if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) return null;
  if (bic.length === 11 && bic.slice(8) !== 'XXX') return null;
  const short = bic.slice(0, 8);
  return ZOOMIT_BANKS.some((b) => b.bic === short) ? short : null;
}

/** The supported bank that holds a Belgian IBAN (electronic format, "BE68539007547034"), by its bank code; null for any other. */
export function zoomitBankOfIban(iban: string): (typeof ZOOMIT_BANKS)[number] | null {
  const match = /^BE\d{2}(\d{3})\d{9}$/.exec(iban);
  if (!match) return null;
  const code = Number(match[1]);
  return ZOOMIT_BANKS.find((b) => b.codes.some(([first, last]) => code >= first && code <= last)) ?? null;
}

export const ZoomitBank = Type.Object({ bic: Type.String(), name: Type.String() }, { additionalProperties: false });
export const ZoomitBanksResponse = Type.Object({ items: Type.Array(ZoomitBank), nextCursor: Type.Null() }, { additionalProperties: false });

/** The invoices whose PDFs to offer before returning to paper (EBL-5). */
export const CancelPreview = Type.Object(
  {
    accounts: Type.Array(Type.Object({ billingAccountId: Uuid, billingAccountNumber: Type.String() }, { additionalProperties: false })),
    invoices: Type.Array(Type.Object({
      id: Uuid, number: Type.String(), issueDate: StoredDate, billingAccountNumber: Type.String(),
    }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type CancelPreview = Static<typeof CancelPreview>;

export const DELIVERY_STATUSES = ['pending', 'queued', 'sent', 'delivered', 'bounced', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const InvoiceDelivery = Type.Object(
  {
    id: Uuid,
    invoiceId: Uuid,
    invoiceNumber: Type.String(),
    billingAccountId: Uuid,
    channel: Type.Union(['paper', 'email', 'sms', 'zoomit', 'peppol'].map((c) => Type.Literal(c))),
    /** Masked (EBL-7). */
    recipient: Type.String(),
    status: Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s))),
    reason: Nullable(Type.String()),
    attempts: Type.Integer(),
    createdAt: DateTime,
    sentAt: Nullable(DateTime),
    updatedAt: DateTime,
  },
  { additionalProperties: false },
);
export type InvoiceDelivery = Static<typeof InvoiceDelivery>;

export const DeliveryHistoryQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type DeliveryHistoryQuery = Static<typeof DeliveryHistoryQuery>;
export const DeliveryHistoryResponse = page(InvoiceDelivery);
export type DeliveryHistoryResponse = Static<typeof DeliveryHistoryResponse>;
/** One invoice's deliveries: one per channel, never paged. */
export const InvoiceDeliveryListResponse = Type.Object({ items: Type.Array(InvoiceDelivery), nextCursor: Type.Null() }, { additionalProperties: false });

/** A GreenBill verification link, as its follower sees it before confirming (no sign-in: the link is the credential). */
export const VerificationParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });
export const Verification = Type.Object(
  {
    customerName: Type.String(),
    billingAccountNumbers: Type.Array(Type.String()),
    email: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed')]),
  },
  { additionalProperties: false },
);
export type Verification = Static<typeof Verification>;

/** The bank's report of the customer's answer to a Zoomit invitation (signed: X-Zoomit-Signature over "<timestamp>.<body>"). */
export const ZoomitWebhookBody = Type.Object(
  {
    eventId: Type.String({ minLength: 1, maxLength: 100 }),
    invitationId: Uuid,
    result: Type.Union([Type.Literal('accepted'), Type.Literal('refused')]),
  },
  { additionalProperties: false },
);
export type ZoomitWebhookBody = Static<typeof ZoomitWebhookBody>;
export const ZoomitWebhookHeaders = Type.Object({
  'x-zoomit-timestamp': Type.String({ pattern: '^[0-9]{1,13}$' }),
  'x-zoomit-signature': Type.String({ pattern: '^sha256=[0-9a-f]{64}$' }),
});
export const ZoomitWebhookResponse = Type.Object({ invitationId: Uuid, status: Type.Union([Type.Literal('accepted'), Type.Literal('refused')]) }, { additionalProperties: false });

/** The development sandbox bank: an invitation as the customer would see it in his banking app. */
export const SandboxInvitation = Type.Object(
  {
    id: Uuid, customerName: Type.String(), billingAccountNumber: Type.String(), iban: Type.String(), bank: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('refused'), Type.Literal('cancelled')]),
  },
  { additionalProperties: false },
);
export const SandboxInvitationParams = Type.Object({ invitationId: Uuid }, { additionalProperties: false });
export const SandboxAnswerBody = Type.Object({ result: Type.Union([Type.Literal('accepted'), Type.Literal('refused')]) }, { additionalProperties: false });

/** The development SMS gateway's log, beside the development mailbox. */
export const SmsItem = Type.Object(
  { id: Uuid, to: Type.String(), kind: Type.String(), text: Type.String(), createdAt: DateTime },
  { additionalProperties: false },
);
export const SmsListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type SmsListQuery = Static<typeof SmsListQuery>;
export const SmsListResponse = page(SmsItem);
export type SmsListResponse = Static<typeof SmsListResponse>;

export const BounceParams = Type.Object({ mailId: Uuid }, { additionalProperties: false });
export const BounceBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '^[^\\u0000]*$' }) }, { additionalProperties: false });
