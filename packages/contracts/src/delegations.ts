import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, PageQuery, SearchText, StoredDate, Uuid, page } from './common.ts';

/** "Across organisations" (DLG-1..4): affiliate links and third-party delegations. */

export const CONTROL_BASIS = Type.Union([
  Type.Literal('de_jure_voting_rights'), Type.Literal('de_jure_directors'), Type.Literal('de_jure_statutes'), Type.Literal('de_facto_general_meetings'),
]);

export const AFFILIATE_STATUSES = ['pending', 'active', 'refused', 'ended'] as const;
const AffiliateStatus = Type.Union(AFFILIATE_STATUSES.map((s) => Type.Literal(s)));
export type AffiliateStatus = (typeof AFFILIATE_STATUSES)[number];

/** ACC-2, DLG-1: a customer's link to an affiliate it controls, with its basis of control. */
export const AffiliateLink = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    customerName: Type.String(),
    customerEnterpriseNumber: Type.String(),
    affiliateId: Uuid,
    affiliateName: Type.String(),
    affiliateEnterpriseNumber: Type.String(),
    basis: CONTROL_BASIS,
    status: AffiliateStatus,
    reason: Type.Union([Type.String(), Type.Null()]),
    requestedAt: Type.String({ format: 'date-time' }),
    decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type AffiliateLink = Static<typeof AffiliateLink>;
export const AffiliateListResponse = page(AffiliateLink);
export type AffiliateListResponse = Static<typeof AffiliateListResponse>;

export const AffiliateListQuery = Type.Object({ ...PageQuery, status: Type.Optional(AffiliateStatus) }, { additionalProperties: false });
export type AffiliateListQuery = Static<typeof AffiliateListQuery>;

export const AffiliateRequestBody = Type.Object(
  { enterpriseNumber: Type.String({ minLength: 1, maxLength: 20 }), basis: CONTROL_BASIS },
  { additionalProperties: false },
);
export type AffiliateRequestBody = Static<typeof AffiliateRequestBody>;

export const DELEGATION_STATUSES = ['pending_operator', 'pending_partner', 'active', 'refused', 'declined', 'revoked', 'ended', 'expired'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];
const DelegationStatusT = Type.Union(DELEGATION_STATUSES.map((s) => Type.Literal(s)));

const AppT = Type.Union(
  ['user-management', 'invoices', 'insights', 'fleet-manager', 'mobile', 'invoice-delivery', 'orders'].map((a) => Type.Literal(a)),
);
const ActionT = Type.Union(['read', 'create', 'update', 'delete', 'export', 'order'].map((a) => Type.Literal(a)));

export const DelegationRight = Type.Object(
  { app: AppT, actions: Type.Array(ActionT, { minItems: 1, maxItems: 6, uniqueItems: true }) },
  { additionalProperties: false },
);
export type DelegationRight = Static<typeof DelegationRight>;

export const DelegationUser = Type.Object(
  { userId: Uuid, firstName: Type.String(), lastName: Type.String(), email: Type.String() },
  { additionalProperties: false },
);

export const Delegation = Type.Object(
  {
    id: Uuid,
    /** Seen from the customer of the route: it delegates (outgoing) or receives (incoming); null in the back office. */
    direction: Type.Union([Type.Literal('outgoing'), Type.Literal('incoming'), Type.Null()]),
    customerId: Uuid,
    customerName: Type.String(),
    customerEnterpriseNumber: Type.String(),
    partnerId: Uuid,
    partnerName: Type.String(),
    partnerEnterpriseNumber: Type.String(),
    rights: Type.Array(DelegationRight),
    billingAccountIds: Type.Array(Uuid),
    costCentreIds: Type.Array(Uuid),
    /** The scope by name (the delegating customer's accounts and centres); both empty: all its data. */
    billingAccounts: Type.Array(Type.Object({ id: Uuid, number: Type.String(), name: Type.String() }, { additionalProperties: false })),
    costCentres: Type.Array(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }, { additionalProperties: false })),
    status: DelegationStatusT,
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    /** The last day it can be exercised (Europe/Brussels). */
    endDate: StoredDate,
    reason: Type.Union([Type.String(), Type.Null()]),
    decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    users: Type.Array(DelegationUser),
  },
  { additionalProperties: false },
);
export type Delegation = Static<typeof Delegation>;
export const DelegationListResponse = page(Delegation);
export type DelegationListResponse = Static<typeof DelegationListResponse>;

export const DelegationListQuery = Type.Object(
  {
    ...PageQuery,
    direction: Type.Optional(Type.Union([Type.Literal('outgoing'), Type.Literal('incoming')])),
    status: Type.Optional(DelegationStatusT),
  },
  { additionalProperties: false },
);
export type DelegationListQuery = Static<typeof DelegationListQuery>;

export const DelegationParams = Type.Object({ customerId: Uuid, delegationId: Uuid }, { additionalProperties: false });
export type DelegationParams = Static<typeof DelegationParams>;

/** DLG-2: only an AO proposes; the end date is mandatory and at most two years ahead. */
export const DelegationProposeBody = Type.Object(
  {
    partnerEnterpriseNumber: Type.String({ minLength: 1, maxLength: 20 }),
    rights: Type.Array(DelegationRight, { minItems: 1, maxItems: 7 }),
    billingAccountIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, uniqueItems: true })),
    costCentreIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, uniqueItems: true })),
    /** The last day (Europe/Brussels) the delegation may be exercised. */
    endDate: IsoDate,
  },
  { additionalProperties: false },
);
export type DelegationProposeBody = Static<typeof DelegationProposeBody>;

/** DLG-4: the partner's AO or AM chooses which of its own users exercise the delegation. */
export const DelegationUsersBody = Type.Object(
  { userIds: Type.Array(Uuid, { maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);
export type DelegationUsersBody = Static<typeof DelegationUsersBody>;

/**
 * A reason stored as written (trimmed): text PostgreSQL can hold (no NUL byte). A required one
 * has at least one character that is not blank; an optional one may be left out or blank.
 */
const ReasonText = Type.String({ maxLength: 1000, pattern: '^[^\\u0000]*$' });
const RequiredReasonText = Type.String({
  minLength: 1, maxLength: 1000, pattern: '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$', description: 'mandatory; not blank',
});

/** The operator's refusal, suspension and reactivation: the reason is mandatory (DLG-2, ACC-5). */
export const ReasonBody = Type.Object({ reason: RequiredReasonText }, { additionalProperties: false });
export type ReasonBody = Static<typeof ReasonBody>;
/** An approval, a decline or an end: a reason may be given (it is recorded with the decision). */
export const OptionalReasonBody = Type.Object({ reason: Type.Optional(ReasonText) }, { additionalProperties: false });
export type OptionalReasonBody = Static<typeof OptionalReasonBody>;

export const DelegationScopeOptions = Type.Object(
  {
    billingAccounts: Type.Array(Type.Object({ id: Uuid, number: Type.String(), name: Type.String(), type: Type.String() }, { additionalProperties: false })),
    costCentres: Type.Array(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type DelegationScopeOptions = Static<typeof DelegationScopeOptions>;

// ---- Operator back office (ACC-5, DLG-1/2) ------------------------------------------------------

export const OperatorAffiliateQuery = Type.Object({ ...PageQuery, status: Type.Optional(AffiliateStatus) }, { additionalProperties: false });
export type OperatorAffiliateQuery = Static<typeof OperatorAffiliateQuery>;

export const OperatorDelegationQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(DelegationStatusT), customerId: Type.Optional(Uuid), partnerId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type OperatorDelegationQuery = Static<typeof OperatorDelegationQuery>;

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;
export const OperatorCustomerParams = Type.Object({ customerId: Uuid }, { additionalProperties: false });
export const OperatorUserParams = Type.Object({ userId: Uuid }, { additionalProperties: false });

export const SearchQuery = Type.Object(
  { ...PageQuery, q: Type.Optional(SearchText()) },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const OperatorCustomer = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    enterpriseNumber: Type.String(),
    city: Type.String(),
    status: Type.String(),
    suspendedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    suspensionReason: Type.Union([Type.String(), Type.Null()]),
    contractEnd: Type.Union([StoredDate, Type.Null()], { description: 'the last day of the contract, once it has ended (status terminated)' }),
    personalDataErasedOn: Type.Union([StoredDate, Type.Null()], {
      description: 'RET-2: the day the personal data held for the customer is erased, 10 years after the end of its contract',
    }),
    fleetManagerSims: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description: 'PFM-1: while Fleet Manager is active, the SIMs that count for it (not deactivated); below 30 operator staff may end it. Null: not active',
    }),
  },
  { additionalProperties: false },
);
export type OperatorCustomer = Static<typeof OperatorCustomer>;

/**
 * The end of a customer's contract as operator staff record it (RET-2): its last day (today at
 * the latest, not before its start) and why. Its members lose access at once; the personal data
 * goes 10 years later.
 */
export const EndContractBody = Type.Object({ contractEnd: IsoDate, reason: RequiredReasonText }, { additionalProperties: false });
export type EndContractBody = Static<typeof EndContractBody>;
export const OperatorCustomerList = page(OperatorCustomer);
export type OperatorCustomerList = Static<typeof OperatorCustomerList>;

export const OperatorUser = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    status: Type.String(),
    isOperator: Type.Boolean(),
    suspendedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    suspensionReason: Type.Union([Type.String(), Type.Null()]),
    customers: Type.Array(Type.Object({ id: Uuid, name: Type.String(), profile: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type OperatorUser = Static<typeof OperatorUser>;
export const OperatorUserList = page(OperatorUser);
export type OperatorUserList = Static<typeof OperatorUserList>;
