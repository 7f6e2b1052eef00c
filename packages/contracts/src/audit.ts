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
    action: Type.String(),
    targetType: Type.String(),
    targetId: Type.Union([Type.String(), Type.Null()]),
    /** A readable name of the target when it can be resolved (the user of a membership or a grant, a partner, an affiliate). */
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

/** The action codes the sections write today (labels in the UI; any other code is shown as is). */
export const KNOWN_AUDIT_ACTIONS = [
  'user.invite', 'user.add_membership', 'user.update', 'user.suspend', 'user.reactivate', 'user.remove', 'user.make_primary', 'user.make_deputy',
  'user.deputy_takeover', 'user.primary_takeover', 'user.set_sims', 'invitation.accept',
  'grant.create', 'grant.update', 'grant.delete',
  'affiliate.request', 'affiliate.approve', 'affiliate.refuse',
  'delegation.propose', 'delegation.approve', 'delegation.refuse', 'delegation.accept', 'delegation.decline', 'delegation.end',
  'delegation.revoke', 'delegation.expire', 'delegation.users',
  'customer.suspend', 'customer.reactivate',
  'access_review.start', 'access_review.confirm', 'access_review.remove', 'access_review.auto_remove', 'access_review.keep_last_owner', 'access_review.close',
  'audit.export',
] as const;
export type KnownAuditAction = (typeof KNOWN_AUDIT_ACTIONS)[number];
