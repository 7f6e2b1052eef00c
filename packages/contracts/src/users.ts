import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, Uuid, page } from './common.ts';

export const USER_SORT_FIELDS = ['name', 'email', 'profile', 'employmentEnd'] as const;

export const UserListQuery = Type.Object(
  {
    ...PageQuery,
    sort: Type.Optional(Type.String({ pattern: '^(name|email|profile|employmentEnd):(asc|desc)$', default: 'name:asc' })),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'search in name and e-mail' })),
    profile: Type.Optional(Type.Union([
      Type.Literal('access_owner'), Type.Literal('access_manager'), Type.Literal('support_portal_user'), Type.Literal('service_user'),
    ])),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
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
    status: Type.String(),
    employmentBasis: Type.String(),
    employmentEnd: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type UserListItem = Static<typeof UserListItem>;

export const UserListResponse = page(UserListItem);
export type UserListResponse = Static<typeof UserListResponse>;
