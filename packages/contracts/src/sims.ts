import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, Uuid, page } from './common.ts';

/**
 * A customer's SIMs as the signed-in user may see them, to find the lines a
 * Service User uses (the end user of a line). Keyset pagination on the msisdn.
 */
export const SimListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({
      maxLength: 30, pattern: '^[0-9 +./()-]*$',
      description: 'part of the mobile number, e.g. 0470 12 34 or +32470 (digits; spaces, dots, slashes and dashes are ignored)',
    })),
    unassigned: Type.Optional(Type.Boolean({ description: 'true: only SIMs without an end user; false: only SIMs with one' })),
    updatable: Type.Optional(Type.Boolean({ description: 'true: only SIMs the signed-in user may update (e.g. to link them to a user)' })),
    costCentreId: Type.Optional(Uuid),
    billingAccountId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type SimListQuery = Static<typeof SimListQuery>;

export const SimEndUser = Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false });

export const SimListItem = Type.Object(
  {
    id: Uuid,
    msisdn: Type.String(),
    iccid: Type.String(),
    status: Type.String(),
    billingAccountId: Uuid,
    billingAccountNumber: Type.String(),
    costCentreId: Type.Union([Uuid, Type.Null()]),
    costCentreName: Type.Union([Type.String(), Type.Null()]),
    endUser: Type.Union([SimEndUser, Type.Null()]),
  },
  { additionalProperties: false },
);
export type SimListItem = Static<typeof SimListItem>;

export const SimListResponse = page(SimListItem);
export type SimListResponse = Static<typeof SimListResponse>;
