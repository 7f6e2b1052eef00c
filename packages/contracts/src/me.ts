import { Type, type Static } from '@sinclair/typebox';
import { Uuid, wholeList } from './common.ts';

const Lang = Type.Union([Type.Literal('nl'), Type.Literal('fr'), Type.Literal('en')]);
const ProfileT = Type.Union([
  Type.Literal('access_owner'), Type.Literal('access_manager'), Type.Literal('support_portal_user'), Type.Literal('service_user'),
]);

/** Packed CASL rules (`packRules` from @casl/ability/extra): the web only hides what the server refuses anyway. */
export const PackedRules = Type.Array(Type.Array(Type.Unknown()));

export const MeCustomer = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    enterpriseNumber: Type.String(),
    /** How the user comes to act for this customer. */
    relation: Type.Union([Type.Literal('member'), Type.Literal('affiliate'), Type.Literal('delegation')]),
    /** His profile at this customer (null when he acts through an affiliate link or a delegation). */
    profile: Type.Union([ProfileT, Type.Null()]),
    subProfiles: Type.Array(Type.String()),
    /** For relation=affiliate: the parent customer through which he is AO (DLG-1). */
    viaCustomerId: Type.Union([Uuid, Type.Null()]),
    /** For relation=delegation: the delegation and the partner company he exercises it for (DLG-2..4). */
    delegationId: Type.Union([Uuid, Type.Null()]),
    partnerName: Type.Union([Type.String(), Type.Null()]),
    /** The apps he may use at this customer. */
    apps: Type.Array(Type.String()),
    /** Packed CASL rules that concern this customer. */
    rules: PackedRules,
  },
  { additionalProperties: false },
);
export type MeCustomer = Static<typeof MeCustomer>;

export const MeResponse = Type.Object(
  {
    user: Type.Object(
      {
        id: Uuid,
        email: Type.String(),
        firstName: Type.String(),
        lastName: Type.String(),
        language: Lang,
        isOperator: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    customers: Type.Array(MeCustomer),
    /** Rules that concern no particular customer (operator back office). */
    globalRules: PackedRules,
  },
  { additionalProperties: false },
);
export type MeResponse = Static<typeof MeResponse>;

/** PATCH /me: what the user sets for himself. `language`: of the mails and text messages sent to him, and of the portal where his browser has no choice of its own. */
export const UpdateMeBody = Type.Object({ language: Lang }, { additionalProperties: false });
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const Administrator = Type.Object(
  {
    userId: Uuid,
    firstName: Type.String(),
    lastName: Type.String(),
    email: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    profile: ProfileT,
    isPrimary: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const AdministratorsResponse = wholeList(Administrator);
export type AdministratorsResponse = Static<typeof AdministratorsResponse>;

export const HealthResponse = Type.Object(
  {
    status: Type.Literal('ok'),
    engine: Type.Union([Type.Literal('postgres'), Type.Literal('pglite')]),
    migration: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type HealthResponse = Static<typeof HealthResponse>;
