import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, PageQuery, SearchText, Uuid, page } from './common.ts';

/** The audit view of a customer (SEC-3): who changed what, when, acting for whom, through which delegation. */

const Day = { ...IsoDate, description: 'YYYY-MM-DD, a Europe/Brussels calendar day (inclusive), 1900-01-01 to 2999-12-31' };

export const AUDIT_FILTERS = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  actorId: Type.Optional(Uuid),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9_.-]+$', description: 'an action code, e.g. grant.update' })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9_.-]+$' })),
  q: Type.Optional(SearchText({ description: 'search in the name and e-mail of the actor or the target user' })),
};

export const AuditListQuery = Type.Object({ ...PageQuery, ...AUDIT_FILTERS }, { additionalProperties: false });
export type AuditListQuery = Static<typeof AuditListQuery>;

export const AuditExportQuery = Type.Object(AUDIT_FILTERS, { additionalProperties: false });
export type AuditExportQuery = Static<typeof AuditExportQuery>;

export const AuditItem = Type.Object(
  {
    id: Type.String({ description: 'the audit entry (a bigint, as a string)' }),
    at: Type.String({ format: 'date-time' }),
    actor: Type.Union([Type.Object({ id: Uuid, name: Type.String(), email: Type.String() }, { additionalProperties: false }), Type.Null()]),
    actingFor: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    delegation: Type.Union([Type.Object({ id: Uuid, partnerName: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }), Type.Null()]),
    actingVia: Type.Union([Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }), Type.Null()], {
      description: 'DLG-1: the company of the actor, when he acted for this affiliate of it (without a membership or delegation of his own here)',
    }),
    action: Type.String(),
    targetType: Type.String(),
    targetId: Type.Union([Type.String(), Type.Null()]),
    /**
     * The target as the customer knows it, when it can be resolved: the user of a membership or a grant,
     * a partner, an affiliate, a SIM's (or its order's) mobile number, a dispute's invoice number, a
     * billing account's number, a tariff plan's name, the line or cost centre of a bill-shock alert.
     */
    targetLabel: Type.Union([Type.String(), Type.Null()]),
    before: Type.Unknown(),
    after: Type.Unknown(),
    /**
     * Readable names of the ids inside before/after (users, customers, billing accounts, cost centres,
     * SIMs), limited to what the customer whose trail it is may know; an id missing here stays unnamed.
     */
    names: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);
export type AuditItem = Static<typeof AuditItem>;

export const AuditListResponse = page(AuditItem);
export type AuditListResponse = Static<typeof AuditListResponse>;

export const AuditCsv = Type.String({ description: 'CSV, UTF-8 with BOM, `;`-separated, CRLF; at most 50,000 rows, newest first' });

/**
 * Every action code the server writes to the audit trail, by section (each has a label in the UI;
 * a code missing here is shown as it is). test/integration/audit-labels.test.ts reads the server's
 * sources and fails when a section writes a code that is not listed.
 */
export const KNOWN_AUDIT_ACTIONS = [
  'user.invite', 'user.add_membership', 'user.update', 'user.suspend', 'user.reactivate', 'user.remove', 'user.make_primary', 'user.make_deputy',
  'user.deputy_takeover', 'user.primary_takeover', 'user.set_sims', 'invitation.accept',
  'grant.create', 'grant.update', 'grant.delete',
  'affiliate.request', 'affiliate.approve', 'affiliate.refuse',
  'delegation.propose', 'delegation.approve', 'delegation.refuse', 'delegation.accept', 'delegation.decline', 'delegation.end',
  'delegation.revoke', 'delegation.expire', 'delegation.users',
  'customer.suspend', 'customer.reactivate', 'customer.end_contract', 'customer.personal_data_erased',
  'access_review.start', 'access_review.confirm', 'access_review.remove', 'access_review.auto_remove', 'access_review.keep_last_owner', 'access_review.close',
  'audit.export',
  // Fleet: a change made to a line (MOB-3, MOB-5, MOB-6, MOB-8), the line's self-service rights (MOB-4), a bulk change.
  'sim.plan', 'sim.options', 'sim.clir', 'sim.premium_barring', 'sim.eu_data_cutoff', 'sim.status', 'sim.msisdn', 'sim.device',
  'sim.self_service', 'sim.number_change_announced', 'sim.bulk_change', 'sim.bulk_change_retry',
  // Fleet: an order that does not change the line yet, and the decision on it.
  'sim_order.request', 'sim_order.schedule', 'sim_order.cancel', 'sim_order.approve', 'sim_order.reject',
  'bill_shock.create', 'bill_shock.delete',
  'fleet_manager.activation_requested', 'fleet_manager.activation_approved', 'fleet_manager.activation_refused', 'fleet_manager.ended',
  'access_request.create', 'access_request.approve', 'access_request.refuse',
  // Invoices (INV-7) and their delivery (EBL-1..7).
  'dispute.open', 'dispute.withdraw', 'dispute.answer',
  'invoice_delivery.greenbill_requested', 'invoice_delivery.greenbill_resent', 'invoice_delivery.greenbill_confirmed', 'invoice_delivery.greenbill_notify',
  'invoice_delivery.greenbill_request_cancelled', 'invoice_delivery.zoomit_invited', 'invoice_delivery.zoomit_accepted', 'invoice_delivery.zoomit_refused',
  'invoice_delivery.zoomit_request_cancelled', 'invoice_delivery.peppol_activated', 'invoice_delivery.cancelled', 'invoice_delivery.bounced',
  // Written without a customer (the operator's catalogue and billing runs, sign-ins): never in a customer's trail.
  'tariff_plan.withdraw', 'billing_run.load', 'auth.login', 'auth.logout', 'auth.refresh_token_reused',
] as const;
export type KnownAuditAction = (typeof KNOWN_AUDIT_ACTIONS)[number];

/** The known codes no customer's trail holds (written with no customer): the trail's action filter leaves them out. */
export const CUSTOMERLESS_AUDIT_ACTIONS: readonly KnownAuditAction[] = ['tariff_plan.withdraw', 'billing_run.load', 'auth.login', 'auth.logout', 'auth.refresh_token_reused'];

/**
 * The kinds of object an entry concerns, as the sections write them (`targetType`; the user
 * management sections write some in PascalCase: the view compares them in lower case).
 */
export const KNOWN_AUDIT_TARGET_TYPES = [
  'user', 'grant', 'delegation', 'affiliate_link', 'customer', 'accessreview', 'accessreviewitem', 'audit',
  'sim', 'sim_order', 'sim_bulk_change', 'bill_shock_alert', 'app_activation_request', 'app_access_request',
  'dispute', 'billing_account', 'tariff_plan', 'billing_run', 'session',
] as const;
export type KnownAuditTargetType = (typeof KNOWN_AUDIT_TARGET_TYPES)[number];
