import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDate, StoredDate, Uuid, wholeList } from './common.ts';

/**
 * The operator's catalogue of tariff plans and options (MOB-3, MOB-11): the same for every
 * customer, nothing customer-specific in it. Money is integer euro cents; an allowance of null is
 * unlimited; rates are what a unit beyond the allowance costs.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Cents = Type.Integer({ minimum: 0, description: 'euro cents' });

export const TariffPlanAllowances = Type.Object(
  {
    dataMb: Nullable(Type.Integer({ minimum: 0, description: 'MB of national data per month; null: unlimited' })),
    voiceMinutes: Nullable(Type.Integer({ minimum: 0, description: 'minutes of calls per month; null: unlimited' })),
    sms: Nullable(Type.Integer({ minimum: 0, description: 'text messages per month; null: unlimited' })),
  },
  { additionalProperties: false },
);
export type TariffPlanAllowances = Static<typeof TariffPlanAllowances>;

export const TariffPlanRates = Type.Object(
  {
    dataCentsPerMb: Cents,
    voiceCentsPerMinute: Cents,
    smsCents: Cents,
  },
  { additionalProperties: false, description: 'standard rates beyond the allowance' },
);

export const TariffPlan = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    monthlyFeeCents: Cents,
    currency: Type.Literal('EUR'),
    allowances: TariffPlanAllowances,
    rates: TariffPlanRates,
    withdrawnAt: Nullable({ ...StoredDate, description: 'the plan is withdrawn from this day: no new subscriptions (MOB-11)' }),
    lastSwitchOn: Nullable({ ...StoredDate, description: 'MOB-11: the last day subscribers of a withdrawn plan can switch to another plan' }),
  },
  { additionalProperties: false },
);
export type TariffPlan = Static<typeof TariffPlan>;

/** A plan as a list row or a SIM names it. */
export const TariffPlanRef = Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }, { additionalProperties: false });
export type TariffPlanRef = Static<typeof TariffPlanRef>;

export const TariffOptionKind = Type.Union([Type.Literal('data'), Type.Literal('voice'), Type.Literal('sms'), Type.Literal('roaming')]);
export type TariffOptionKind = Static<typeof TariffOptionKind>;

export const TariffOption = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    kind: TariffOptionKind,
    monthlyFeeCents: Cents,
    currency: Type.Literal('EUR'),
    extra: Type.Object(
      { dataMb: Type.Integer({ minimum: 0 }), voiceMinutes: Type.Integer({ minimum: 0 }), sms: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false, description: "what the option adds to the plan's monthly allowances" },
    ),
    withdrawnAt: Nullable(StoredDate),
    planIds: Type.Array(Uuid, { description: 'the plans this option can be added to' }),
  },
  { additionalProperties: false },
);
export type TariffOption = Static<typeof TariffOption>;

export const TariffPlanListQuery = Type.Object({}, { additionalProperties: false });
export const TariffPlanListResponse = wholeList(TariffPlan);
export type TariffPlanListResponse = Static<typeof TariffPlanListResponse>;

export const TariffOptionListQuery = Type.Object(
  { planId: Type.Optional({ ...Uuid, description: 'only the options that can be added to this plan' }) },
  { additionalProperties: false },
);
export type TariffOptionListQuery = Static<typeof TariffOptionListQuery>;

export const TariffOptionListResponse = wholeList(TariffOption);
export type TariffOptionListResponse = Static<typeof TariffOptionListResponse>;

/** MOB-11: the operator withdraws a plan; its subscribers can switch until the last switch date. */
export const WithdrawPlanBody = Type.Object(
  {
    withdrawnAt: { ...IsoDate, description: 'from this day the plan can no longer be chosen (today or later; YYYY-MM-DD, at most 2999-12-31)' },
    lastSwitchOn: { ...IsoDate, description: 'its subscribers can switch to another plan until this day (on or after withdrawnAt; YYYY-MM-DD, at most 2999-12-31)' },
  },
  { additionalProperties: false },
);
export type WithdrawPlanBody = Static<typeof WithdrawPlanBody>;

export const TariffPlanParams = Type.Object({ planId: Uuid }, { additionalProperties: false });
export type TariffPlanParams = Static<typeof TariffPlanParams>;

export const WithdrawPlanResult = Type.Object(
  { plan: TariffPlan, customersTold: Type.Integer({ description: 'customers with lines on the plan whose Access Owners were mailed' }) },
  { additionalProperties: false },
);
export type WithdrawPlanResult = Static<typeof WithdrawPlanResult>;
