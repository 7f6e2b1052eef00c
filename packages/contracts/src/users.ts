import { Type, type Static } from '@sinclair/typebox';
import { Email, IsoDate, PageQuery, SearchText, StoredDate, Uuid, page, wholeList } from './common.ts';
import { AppT, GrantableActionT } from './grants.ts';

export const USER_SORT_FIELDS = ['name', 'email', 'profile', 'employmentEnd'] as const;

/** A Europe/Brussels business date; null clears it, an empty string is refused. */
const BusinessDate = Type.Union([IsoDate, Type.Null()], { description: 'YYYY-MM-DD (Europe/Brussels business date, 1900-01-01 to 2999-12-31), or null for none' });
const LanguageT = Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')]);
export const ProfileT = Type.Union([
  Type.Literal('access_owner'), Type.Literal('access_manager'), Type.Literal('support_portal_user'), Type.Literal('service_user'),
]);
const SubProfileT = Type.Union([
  Type.Literal('purchaser'), Type.Literal('incident_manager'), Type.Literal('financial_manager'), Type.Literal('fleet_manager'),
]);
const EmploymentBasisT = Type.Union([
  Type.Literal('employment_fixed_term'), Type.Literal('employment_indefinite'), Type.Literal('civil_servant'), Type.Literal('management_contract'),
]);

/**
 * A membership is `invited` from the moment a person is added until he accepts the invitation
 * (ROLE-7: no one becomes a member without his consent); only an `active` one gives access.
 */
export const MEMBERSHIP_STATUSES = ['invited', 'active', 'suspended'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
const MembershipStatusT = Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('suspended')]);

export const USER_SORTS = [
  'name:asc', 'name:desc', 'email:asc', 'email:desc', 'profile:asc', 'profile:desc', 'employmentEnd:asc', 'employmentEnd:desc',
] as const;

export const UserListQuery = Type.Object(
  {
    ...PageQuery,
    sort: Type.Optional(Type.Union(USER_SORTS.map((s) => Type.Literal(s)), { default: 'name:asc' })),
    q: Type.Optional(SearchText({ maxLength: 100, description: 'search in name and e-mail' })),
    profile: Type.Optional(ProfileT),
    subProfile: Type.Optional(SubProfileT),
    status: Type.Optional(MembershipStatusT),
    employmentEndBefore: Type.Optional({ ...IsoDate, description: 'only users whose employment ends on or before this date (YYYY-MM-DD, 1900-01-01 to 2999-12-31)' }),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;

export const UserListItem = Type.Object(
  {
    id: Uuid,
    membershipId: Uuid,
    email: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    profile: Type.String(),
    subProfiles: Type.Array(Type.String()),
    isPrimary: Type.Boolean(),
    isDeputy: Type.Boolean(),
    /** `invited` until the person accepts the invitation, then `active` (or `suspended`). */
    status: MembershipStatusT,
    employmentBasis: Type.String(),
    employmentEnd: Type.Union([StoredDate, Type.Null()]),
  },
  { additionalProperties: false },
);
export type UserListItem = Static<typeof UserListItem>;

export const UserListResponse = page(UserListItem);
export type UserListResponse = Static<typeof UserListResponse>;

// ---------------------------------------------------------------------------------------------
// One user of a customer (ROLE-1..8): add, edit, suspend, reactivate, remove, primary AO, deputy.

export const UserParams = Type.Object({ customerId: Uuid, userId: Uuid }, { additionalProperties: false });
export type UserParams = Static<typeof UserParams>;

export const UserDetail = Type.Object(
  {
    ...UserListItem.properties,
    language: LanguageT,
    /** The portal account: `invited` until the invitation to this customer is accepted. */
    accountStatus: Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('suspended')]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type UserDetail = Static<typeof UserDetail>;

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

/**
 * A right given with the invitation (ROLE-6): an app and its actions on the whole customer. The
 * add-user form sends the preset rights of the chosen sub-profiles as the administrator reviewed
 * them; canGrant decides each, and the rights editor narrows them later.
 */
export const InitialRight = Type.Object(
  { app: AppT, actions: Type.Array(GrantableActionT, { minItems: 1, maxItems: 6, uniqueItems: true }) },
  { additionalProperties: false },
);
export type InitialRight = Static<typeof InitialRight>;

export const CreateUserBody = Type.Object(
  {
    email: Email,
    firstName: Name,
    lastName: Name,
    language: LanguageT,
    profile: ProfileT,
    subProfiles: Type.Optional(Type.Array(SubProfileT, { uniqueItems: true, maxItems: 4 })),
    /** ROLE-7: the basis binding the person to the customer, and its end (not in the past). */
    employmentBasis: EmploymentBasisT,
    employmentEnd: Type.Optional(BusinessDate),
    /** Rights to give him with the membership, one per app, in the same transaction (each decided by canGrant and audited). */
    grants: Type.Optional(Type.Array(InitialRight, { maxItems: 7 })),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const CreateUserResponse = Type.Object(
  {
    user: UserDetail,
    /**
     * Always true: whether or not the address already has a portal account, the person is invited by
     * e-mail and becomes a member once he accepts (ROLE-7). The answer is the same in both cases.
     */
    invited: Type.Literal(true),
    /** The rights given with the membership (empty when none). */
    grants: Type.Array(InitialRight),
  },
  { additionalProperties: false },
);
export type CreateUserResponse = Static<typeof CreateUserResponse>;

export const UpdateUserBody = Type.Object(
  {
    firstName: Type.Optional(Name),
    lastName: Type.Optional(Name),
    language: Type.Optional(LanguageT),
    profile: Type.Optional(ProfileT),
    subProfiles: Type.Optional(Type.Array(SubProfileT, { uniqueItems: true, maxItems: 4 })),
    employmentBasis: Type.Optional(EmploymentBasisT),
    employmentEnd: Type.Optional(BusinessDate),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const GrantableProfilesResponse = Type.Object(
  {
    profiles: Type.Array(ProfileT),
    /**
     * Per sub-profile, its preset rights (ROLE-1) as the signed-in user may give them to a new Support
     * Portal User here (`rights`, by canGrant), and those he may not (`withheld`, with canGrant's reason).
     */
    presets: Type.Array(Type.Object(
      {
        subProfile: SubProfileT,
        rights: Type.Array(InitialRight),
        withheld: Type.Array(Type.Object({ ...InitialRight.properties, reason: Type.String() }, { additionalProperties: false })),
      },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);
export type GrantableProfilesResponse = Static<typeof GrantableProfilesResponse>;

// Service Users and the SIMs they use (the end user of a line).
export const UserSim = Type.Object(
  { id: Uuid, msisdn: Type.String(), status: Type.String(), billingAccountId: Uuid, costCentreId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false },
);
export type UserSim = Static<typeof UserSim>;

export const UserSimsResponse = wholeList(UserSim);
export type UserSimsResponse = Static<typeof UserSimsResponse>;

export const UserSimsBody = Type.Object(
  { simIds: Type.Array(Uuid, { uniqueItems: true, maxItems: 200 }) },
  { additionalProperties: false },
);
export type UserSimsBody = Static<typeof UserSimsBody>;

// ---------------------------------------------------------------------------------------------
// Invitations (public): a single-use, expiring link to accept a membership; a new portal account
// chooses its password with it, an existing one confirms with its password.

export const InvitationParams = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
export type InvitationParams = Static<typeof InvitationParams>;

export const InvitationInfo = Type.Object(
  {
    email: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    language: LanguageT,
    customerName: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
    /** true: the account exists and accepts with its password; false: a new account chooses its password. */
    hasPassword: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type InvitationInfo = Static<typeof InvitationInfo>;

export const AcceptInvitationBody = Type.Object(
  { password: Type.String({ minLength: 12, maxLength: 200 }) },
  { additionalProperties: false },
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;

export const AcceptInvitationResponse = Type.Object({ email: Type.String() }, { additionalProperties: false });
export type AcceptInvitationResponse = Static<typeof AcceptInvitationResponse>;
