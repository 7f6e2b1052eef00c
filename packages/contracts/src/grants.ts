import { Type, type Static } from '@sinclair/typebox';
import { Uuid, wholeList } from './common.ts';

/** The rights editor (ROLE-6), "why can this user see this?" and the "who has access" export. */

export const AppT = Type.Union([
  Type.Literal('user-management'), Type.Literal('invoices'), Type.Literal('insights'), Type.Literal('fleet-manager'),
  Type.Literal('mobile'), Type.Literal('invoice-delivery'), Type.Literal('orders'),
]);
export const GrantableActionT = Type.Union([
  Type.Literal('read'), Type.Literal('create'), Type.Literal('update'), Type.Literal('delete'), Type.Literal('export'), Type.Literal('order'),
]);
const SubProfileT = Type.Union([
  Type.Literal('purchaser'), Type.Literal('incident_manager'), Type.Literal('financial_manager'), Type.Literal('fleet_manager'),
]);
const ProfileT = Type.Union([
  Type.Literal('access_owner'), Type.Literal('access_manager'), Type.Literal('support_portal_user'), Type.Literal('service_user'),
]);

export const UserGrantsParams = Type.Object({ customerId: Uuid, userId: Uuid }, { additionalProperties: false });
export type UserGrantsParams = Static<typeof UserGrantsParams>;
export const UserGrantParams = Type.Object({ customerId: Uuid, userId: Uuid, app: AppT }, { additionalProperties: false });
export type UserGrantParams = Static<typeof UserGrantParams>;

const Ids = Type.Array(Uuid, { maxItems: 500, uniqueItems: true, default: [] });

export const GrantItem = Type.Object(
  {
    id: Uuid,
    app: AppT,
    actions: Type.Array(GrantableActionT),
    /** Empty lists mean the whole customer. */
    billingAccountIds: Type.Array(Uuid),
    costCentreIds: Type.Array(Uuid),
    grantedBy: Type.Union([Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type GrantItem = Static<typeof GrantItem>;

export const GrantListResponse = wholeList(GrantItem);
export type GrantListResponse = Static<typeof GrantListResponse>;

/** PUT …/grants/{app}: create or replace the right for that app. */
export const GrantBody = Type.Object(
  {
    actions: Type.Array(GrantableActionT, { minItems: 1, maxItems: 6, uniqueItems: true }),
    billingAccountIds: Type.Optional(Ids),
    costCentreIds: Type.Optional(Ids),
  },
  { additionalProperties: false },
);
export type GrantBody = Static<typeof GrantBody>;

/**
 * PUT …/users/{userId}/grants: the rights editor's one Save — several apps at once, in one
 * transaction (all or nothing). An app not listed keeps its right.
 */
export const GrantChange = Type.Object(
  {
    app: AppT,
    /** The right's actions; empty removes the user's right in this app. */
    actions: Type.Array(GrantableActionT, { maxItems: 6, uniqueItems: true }),
    billingAccountIds: Type.Optional(Ids),
    costCentreIds: Type.Optional(Ids),
  },
  { additionalProperties: false },
);
export type GrantChange = Static<typeof GrantChange>;
export const GrantChangesBody = Type.Object({ changes: Type.Array(GrantChange, { minItems: 1, maxItems: 7 }) }, { additionalProperties: false });
export type GrantChangesBody = Static<typeof GrantChangesBody>;

export const RightT = Type.Object({ app: AppT, actions: Type.Array(GrantableActionT) }, { additionalProperties: false });

export const GrantPresetsResponse = Type.Object(
  { items: Type.Array(Type.Object({ subProfile: SubProfileT, rights: Type.Array(RightT) }, { additionalProperties: false })) },
  { additionalProperties: false },
);
export type GrantPresetsResponse = Static<typeof GrantPresetsResponse>;

export const ScopeT = Type.Object({ billingAccountIds: Type.Array(Uuid), costCentreIds: Type.Array(Uuid) }, { additionalProperties: false });

/** What the signed-in user may grant to this user, per app of the customer (computed with canGrant). */
export const GrantableResponse = Type.Object(
  {
    user: Type.Object(
      {
        id: Uuid, email: Type.String(), firstName: Type.String(), lastName: Type.String(), profile: ProfileT,
        subProfiles: Type.Array(SubProfileT), status: Type.String(),
      },
      { additionalProperties: false },
    ),
    apps: Type.Array(Type.Object(
      {
        app: AppT,
        /** The actions he may grant in this app (empty: none). */
        actions: Type.Array(GrantableActionT),
        /** The widest scope he may grant; empty lists mean the whole customer. */
        scope: Type.Union([ScopeT, Type.Null()]),
        /** Why nothing can be granted in this app (a canGrant refusal), else null. */
        refusal: Type.Union([Type.String(), Type.Null()]),
      },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);
export type GrantableResponse = Static<typeof GrantableResponse>;

export const ScopeOptionsResponse = Type.Object(
  {
    billingAccounts: Type.Array(Type.Object({ id: Uuid, number: Type.String(), name: Type.String(), type: Type.String() }, { additionalProperties: false })),
    costCentres: Type.Array(Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type ScopeOptionsResponse = Static<typeof ScopeOptionsResponse>;

/** GET …/access/explain: name exactly one target (a SIM by id or by number). */
export const ExplainQuery = Type.Object(
  {
    userId: Uuid,
    billingAccountId: Type.Optional(Uuid),
    costCentreId: Type.Optional(Uuid),
    simId: Type.Optional(Uuid),
    msisdn: Type.Optional(Type.String({ minLength: 4, maxLength: 20, description: 'a SIM by its number, e.g. +32470000001 or 0470000001' })),
  },
  { additionalProperties: false },
);
export type ExplainQuery = Static<typeof ExplainQuery>;

export const ExplainReason = Type.Object(
  {
    kind: Type.Union([Type.Literal('membership'), Type.Literal('grant'), Type.Literal('affiliate'), Type.Literal('delegation')]),
    profile: Type.Optional(ProfileT),
    app: Type.Optional(AppT),
    actions: Type.Optional(Type.Array(Type.String())),
    via: Type.Optional(Type.Object({ customerId: Uuid, name: Type.String() }, { additionalProperties: false })),
    delegationId: Type.Optional(Uuid),
    partnerName: Type.Optional(Type.String()),
    /** An English sentence; the web composes its own text from the fields above. */
    text: Type.String(),
  },
  { additionalProperties: false },
);
export type ExplainReason = Static<typeof ExplainReason>;

export const ExplainResponse = Type.Object(
  {
    allowed: Type.Boolean(),
    target: Type.Object(
      {
        type: Type.Union([Type.Literal('BillingAccount'), Type.Literal('CostCentre'), Type.Literal('Sim')]),
        id: Uuid,
        label: Type.String(),
      },
      { additionalProperties: false },
    ),
    user: Type.Object({ id: Uuid, email: Type.String(), name: Type.String(), status: Type.String() }, { additionalProperties: false }),
    reasons: Type.Array(ExplainReason),
  },
  { additionalProperties: false },
);
export type ExplainResponse = Static<typeof ExplainResponse>;

/** The "who has access" export: text/csv (UTF-8 with BOM, `;`-separated, header row). */
export const AccessCsv = Type.String({ description: 'text/csv; charset=utf-8 (with BOM), `;`-separated, one row per user × right' });
