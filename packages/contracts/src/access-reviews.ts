import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, Uuid, page } from './common.ts';
import { AppT, GrantableActionT } from './grants.ts';

/**
 * Access reviews: the AO starts a review; each reviewer confirms or removes each listed user's
 * rights by the deadline; what is not confirmed by then is removed automatically.
 */

const ProfileT = Type.Union([
  Type.Literal('access_owner'), Type.Literal('access_manager'), Type.Literal('support_portal_user'), Type.Literal('service_user'),
]);
const DateT = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a calendar day in Europe/Brussels' });

export const REVIEW_DECISIONS = ['pending', 'confirmed', 'removed', 'kept'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
const DecisionT = Type.Union(REVIEW_DECISIONS.map((d) => Type.Literal(d)));

export const ReviewParams = Type.Object({ customerId: Uuid, reviewId: Uuid }, { additionalProperties: false });
export type ReviewParams = Static<typeof ReviewParams>;
export const ReviewItemParams = Type.Object({ customerId: Uuid, reviewId: Uuid, itemId: Uuid }, { additionalProperties: false });
export type ReviewItemParams = Static<typeof ReviewItemParams>;

export const StartReviewBody = Type.Object(
  {
    /** The last day to decide (Brussels); at least tomorrow, at most 90 days ahead. */
    deadline: DateT,
    /** Reviewers among the customer's active AOs and AMs; default: the AO who starts the review. */
    reviewerIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true })),
    /** The profiles under review; default: Support Portal Users and Service Users. */
    profiles: Type.Optional(Type.Array(ProfileT, { minItems: 1, maxItems: 4, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type StartReviewBody = Static<typeof StartReviewBody>;

const Person = Type.Object({ id: Uuid, firstName: Type.String(), lastName: Type.String(), email: Type.String() }, { additionalProperties: false });

export const ReviewProgress = Type.Object(
  { total: Type.Integer(), decided: Type.Integer(), confirmed: Type.Integer(), removed: Type.Integer(), kept: Type.Integer() },
  { additionalProperties: false },
);

export const AccessReview = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    deadline: DateT,
    profiles: Type.Array(ProfileT),
    startedBy: Person,
    startedAt: Type.String({ format: 'date-time' }),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** Counted over the items the caller may read (an AM: the ones assigned to him). */
    progress: ReviewProgress,
  },
  { additionalProperties: false },
);
export type AccessReview = Static<typeof AccessReview>;

export const ReviewListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ReviewListQuery = Static<typeof ReviewListQuery>;
export const ReviewListResponse = page(AccessReview);
export type ReviewListResponse = Static<typeof ReviewListResponse>;

/** A right of the reviewed user, summarised: app, actions and the size of its scope (0 and 0: the whole customer). */
export const ReviewRight = Type.Object(
  { app: AppT, actions: Type.Array(GrantableActionT), billingAccounts: Type.Integer(), costCentres: Type.Integer() },
  { additionalProperties: false },
);

export const ReviewItem = Type.Object(
  {
    id: Uuid,
    user: Person,
    /** The profile when the review started. */
    profile: ProfileT,
    subProfiles: Type.Array(Type.String()),
    /** The user's rights now (empty once removed). */
    rights: Type.Array(ReviewRight),
    /** False once the membership under review is gone (removed here or elsewhere). */
    memberNow: Type.Boolean(),
    reviewer: Person,
    decision: DecisionT,
    decidedBy: Type.Union([Person, Type.Null()]),
    decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ReviewItem = Static<typeof ReviewItem>;

export const ReviewItemsQuery = Type.Object(
  {
    ...PageQuery,
    decision: Type.Optional(DecisionT),
    /** Only the items assigned to the caller. */
    mine: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReviewItemsQuery = Static<typeof ReviewItemsQuery>;

/** One review with a keyset page of its items (sorted by name), as far as the caller may read them. */
export const ReviewDetail = Type.Object(
  { review: AccessReview, items: Type.Array(ReviewItem), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
export type ReviewDetail = Static<typeof ReviewDetail>;

export const BulkConfirmBody = Type.Object(
  { itemIds: Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);
export type BulkConfirmBody = Static<typeof BulkConfirmBody>;
export const BulkConfirmResponse = Type.Object({ items: Type.Array(ReviewItem) }, { additionalProperties: false });
export type BulkConfirmResponse = Static<typeof BulkConfirmResponse>;

/** The customer's AOs and AMs who may be named reviewers (for the start form). */
export const ReviewerCandidates = Type.Object(
  { items: Type.Array(Type.Object({ ...Person.properties, profile: ProfileT }, { additionalProperties: false })) },
  { additionalProperties: false },
);
export type ReviewerCandidates = Static<typeof ReviewerCandidates>;
