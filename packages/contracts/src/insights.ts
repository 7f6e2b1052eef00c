import { Type, type Static } from '@sinclair/typebox';
import { Uuid, YearMonth } from './common.ts';
import { SavedViewParams, savedView, savedViewBody, savedViewPatch, savedViewList } from './saved-views.ts';

/**
 * Invoice Insights (INS-1..3): figures read from the monthly roll-ups of closed billing periods,
 * the app's coverage of billing accounts (INS-1), the user's saved views (INS-3) and the access
 * requests that bring a later billing account into the coverage. Money in integer cents (EUR).
 */

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const INSIGHT_FIGURES = ['monthly', 'charge-types', 'billing-accounts', 'cost-centres', 'top-sims', 'change'] as const;
export type InsightFigure = (typeof INSIGHT_FIGURES)[number];
export const InsightFigureT = lit(INSIGHT_FIGURES);

export const CHARGE_TYPES = ['subscription', 'option', 'national_voice', 'international_voice', 'roaming', 'sms', 'data', 'one_off', 'discount'] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];
export const ChargeTypeT = lit(CHARGE_TYPES);

export const InsightParams = Type.Object(
  { customerId: Uuid, figure: InsightFigureT },
  { additionalProperties: false },
);
export type InsightParams = Static<typeof InsightParams>;

/** The filters every figure takes (and a saved view keeps). */
export const InsightQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ ...YearMonth, description: 'first month (YYYY-MM, 1900-01 to 2999-12); default: 11 months before `to`. Months past the 12-month window (INS-2) are not there' })),
    to: Type.Optional(Type.String({ ...YearMonth, description: 'last month (YYYY-MM, 1900-01 to 2999-12); default: the last closed month (the one before the current month)' })),
    billingAccountId: Type.Optional(Type.Array(Uuid, { maxItems: 100, description: 'repeatable' })),
    costCentreId: Type.Optional(Type.Array(Uuid, { maxItems: 100, description: 'repeatable' })),
    chargeType: Type.Optional(Type.Array(ChargeTypeT, { maxItems: CHARGE_TYPES.length, description: 'repeatable' })),
  },
  { additionalProperties: false },
);
export type InsightQuery = Static<typeof InsightQuery>;

/** The range a figure covers: the months asked, less those no longer retained (INS-2, RET-1). */
const Range = {
  from: YearMonth,
  to: YearMonth,
};

export const MonthlyFigure = Type.Object(
  {
    figure: Type.Literal('monthly'), ...Range,
    rows: Type.Array(Type.Object({ month: YearMonth, amountCents: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export const ChargeTypesFigure = Type.Object(
  {
    figure: Type.Literal('charge-types'), ...Range,
    rows: Type.Array(Type.Object({ chargeType: ChargeTypeT, amountCents: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export const BillingAccountsFigure = Type.Object(
  {
    figure: Type.Literal('billing-accounts'), ...Range,
    rows: Type.Array(Type.Object(
      { billingAccountId: Uuid, number: Type.String(), name: Type.String(), amountCents: Type.Integer() },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);
export const CostCentresFigure = Type.Object(
  {
    figure: Type.Literal('cost-centres'), ...Range,
    rows: Type.Array(Type.Object(
      {
        costCentreId: Type.Union([Uuid, Type.Null()], { description: 'null: charges without a cost centre' }),
        code: Type.Union([Type.String(), Type.Null()]),
        name: Type.Union([Type.String(), Type.Null()]),
        amountCents: Type.Integer(),
      },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);
export const TopSimsFigure = Type.Object(
  {
    figure: Type.Literal('top-sims'), ...Range,
    rows: Type.Array(Type.Object(
      { simId: Uuid, msisdn: Type.Union([Type.String(), Type.Null()]), amountCents: Type.Integer() },
      { additionalProperties: false },
    ), { maxItems: 10 }),
  },
  { additionalProperties: false },
);

export const ChangeDriver = Type.Object(
  {
    dimension: lit(['chargeType', 'costCentre', 'sim'] as const),
    /** The charge type, the cost centre id (null: none) or the SIM id. */
    key: Type.Union([Type.String(), Type.Null()]),
    /** What to show: the charge type, the cost centre's name, the SIM's number. */
    label: Type.Union([Type.String(), Type.Null()]),
    currentCents: Type.Integer(),
    previousCents: Type.Integer(),
    deltaCents: Type.Integer(),
  },
  { additionalProperties: false },
);
export type ChangeDriver = Static<typeof ChangeDriver>;

export const ChangeFigure = Type.Object(
  {
    figure: Type.Literal('change'), ...Range,
    /** The last month of the range, compared with the month before it. */
    month: Type.Union([YearMonth, Type.Null()]),
    previousMonth: Type.Union([YearMonth, Type.Null()], { description: 'null when the month before is no longer retained' }),
    currentCents: Type.Integer(),
    previousCents: Type.Integer(),
    deltaCents: Type.Integer(),
    /** The largest changes (by absolute delta) per charge type, cost centre and SIM, at most 5 of each. */
    rows: Type.Array(ChangeDriver),
  },
  { additionalProperties: false },
);

export const InsightResponse = Type.Union([MonthlyFigure, ChargeTypesFigure, BillingAccountsFigure, CostCentresFigure, TopSimsFigure, ChangeFigure]);
export type InsightResponse = Static<typeof InsightResponse>;
export type MonthlyFigure = Static<typeof MonthlyFigure>;
export type ChargeTypesFigure = Static<typeof ChargeTypesFigure>;
export type BillingAccountsFigure = Static<typeof BillingAccountsFigure>;
export type CostCentresFigure = Static<typeof CostCentresFigure>;
export type TopSimsFigure = Static<typeof TopSimsFigure>;
export type ChangeFigure = Static<typeof ChangeFigure>;

// ---- Coverage and access requests (INS-1) -------------------------------------------------------

export const AccessRequestStatus = lit(['pending', 'approved', 'refused'] as const);
/** The apps that cover only some billing accounts, so that a later account needs an access request (INS-1, PFM-2). */
export const AccessRequestApp = lit(['insights', 'fleet-manager'] as const);

export const InsightCoverage = Type.Object(
  {
    activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null: Invoice Insights is not activated for this customer' }),
    billingAccounts: Type.Array(Type.Object(
      {
        id: Uuid,
        number: Type.String(),
        name: Type.String(),
        covered: Type.Boolean(),
        request: Type.Union([Type.Object({ id: Uuid, status: AccessRequestStatus }, { additionalProperties: false }), Type.Null()]),
      },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);
export type InsightCoverage = Static<typeof InsightCoverage>;

export const AccessRequestBody = Type.Object(
  { app: AccessRequestApp, billingAccountId: Uuid },
  { additionalProperties: false },
);
export type AccessRequestBody = Static<typeof AccessRequestBody>;

export const AccessRequest = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    customerName: Type.String(),
    app: AccessRequestApp,
    billingAccount: Type.Object({ id: Uuid, number: Type.String(), name: Type.String() }, { additionalProperties: false }),
    status: AccessRequestStatus,
    requestedAt: Type.String({ format: 'date-time' }),
    requestedBy: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type AccessRequest = Static<typeof AccessRequest>;

export const AccessRequestList = Type.Object({ items: Type.Array(AccessRequest), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });
export type AccessRequestList = Static<typeof AccessRequestList>;

export const AccessRequestListQuery = Type.Object(
  {
    status: Type.Optional(AccessRequestStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type AccessRequestListQuery = Static<typeof AccessRequestListQuery>;

export const AccessRequestParams = Type.Object({ requestId: Uuid }, { additionalProperties: false });
export type AccessRequestParams = Static<typeof AccessRequestParams>;

export const AccessRequestDecisionBody = Type.Object(
  {
    approve: Type.Boolean(),
    reason: Type.Optional(Type.String({ maxLength: 1000, pattern: '^[^\\u0000]*$', description: 'mandatory when refusing' })),
  },
  { additionalProperties: false },
);
export type AccessRequestDecisionBody = Static<typeof AccessRequestDecisionBody>;

// ---- Saved views (INS-3) ------------------------------------------------------------------------

export { MAX_SAVED_VIEWS } from './saved-views.ts';

/** What a saved view keeps: the figure shown and the filters. */
export const InsightViewState = Type.Object(
  {
    figure: InsightFigureT,
    from: Type.Optional(YearMonth),
    to: Type.Optional(YearMonth),
    billingAccountIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
    costCentreIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
    chargeTypes: Type.Optional(Type.Array(ChargeTypeT, { maxItems: CHARGE_TYPES.length, uniqueItems: true })),
    changeBy: Type.Optional(Type.Union([Type.Literal('chargeType'), Type.Literal('costCentre'), Type.Literal('sim')], {
      description: 'how the month-on-month change is broken down (default chargeType)',
    })),
  },
  { additionalProperties: false },
);
export type InsightViewState = Static<typeof InsightViewState>;

export const InsightViewBody = savedViewBody(InsightViewState);
export const InsightViewPatch = savedViewPatch(InsightViewState);
export type InsightViewPatch = Static<typeof InsightViewPatch>;
export type InsightViewBody = Static<typeof InsightViewBody>;

export const InsightView = savedView(InsightViewState);
export type InsightView = Static<typeof InsightView>;

export const InsightViewList = savedViewList(InsightViewState);
export type InsightViewList = Static<typeof InsightViewList>;

export const InsightViewParams = SavedViewParams;
export type InsightViewParams = SavedViewParams;
