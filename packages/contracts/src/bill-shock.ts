import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PageQuery, Uuid, page } from './common.ts';

/**
 * Bill-shock alerts: a threshold on this month's usage of a SIM (roaming, or all of it), set on
 * one SIM or on every SIM of a cost centre; checked as usage arrives, mailed once per SIM and month.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const BILL_SHOCK_METRICS = ['roaming', 'total'] as const;
export const BillShockMetric = Type.Union(BILL_SHOCK_METRICS.map((m) => Type.Literal(m)), {
  description: "roaming: this month's roaming usage; total: all this month's usage (standard prices, not billed yet)",
});
export type BillShockMetric = Static<typeof BillShockMetric>;

export const CreateBillShockAlertBody = Type.Object(
  {
    simId: Type.Optional(Uuid),
    costCentreId: Type.Optional({ ...Uuid, description: 'the threshold applies to each SIM of the cost centre' }),
    metric: BillShockMetric,
    thresholdCents: Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'in euro cents' }),
  },
  { additionalProperties: false, description: 'exactly one of simId and costCentreId' },
);
export type CreateBillShockAlertBody = Static<typeof CreateBillShockAlertBody>;

export const BillShockAlert = Type.Object(
  {
    id: Uuid,
    sim: Nullable(Type.Object({ id: Uuid, msisdn: Type.String() }, { additionalProperties: false })),
    costCentre: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false })),
    metric: BillShockMetric,
    thresholdCents: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false })),
    lastTriggered: Nullable(Type.Object(
      { at: Type.String({ format: 'date-time' }), simId: Uuid, msisdn: Type.String(), spendCents: Type.Integer() },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false },
);
export type BillShockAlert = Static<typeof BillShockAlert>;

export const BillShockAlertListQuery = Type.Object({ ...PageQuery, simId: Type.Optional(Uuid) }, { additionalProperties: false });
export type BillShockAlertListQuery = Static<typeof BillShockAlertListQuery>;
export const BillShockAlertListResponse = page(BillShockAlert);
export type BillShockAlertListResponse = Static<typeof BillShockAlertListResponse>;

export const BillShockAlertParams = Type.Object({ customerId: Uuid, alertId: Uuid }, { additionalProperties: false });
export type BillShockAlertParams = Static<typeof BillShockAlertParams>;
