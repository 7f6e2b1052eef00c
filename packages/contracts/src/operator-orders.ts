import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, PageQuery, Uuid, page } from './common.ts';
import { SimOrderStatus } from './sim-orders.ts';

/**
 * MOB-8 in the back office: the number changes and port-outs customers ask for wait as
 * `requested` orders until operator staff complete or reject them. Completing a number change
 * gives the SIM its new number; completing a port-out ends the subscription (the SIM is
 * deactivated). A number change for service reasons is announced at least 2 months ahead.
 */

const DateTime = Type.String({ format: 'date-time' });
const Person = Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false });

export const OPERATOR_ORDER_KINDS = ['number_change', 'port_out'] as const;
export const OperatorOrderKind = Type.Union(OPERATOR_ORDER_KINDS.map((k) => Type.Literal(k)));
export type OperatorOrderKind = Static<typeof OperatorOrderKind>;

/** A Belgian mobile number as typed: spaces, dots, dashes and a national or international prefix are fine (validated by the server). */
const MsisdnInput = Type.String({ minLength: 1, maxLength: 40, description: 'a Belgian mobile number, e.g. 0470 12 34 56 or +32470123456' });

export const OperatorOrder = Type.Object(
  {
    id: Uuid,
    kind: OperatorOrderKind,
    status: SimOrderStatus,
    customer: Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false }),
    simId: Uuid,
    /** The SIM's number now (after a completed number change: the new one). */
    msisdn: Type.String(),
    /** The SIM's status now (port_out_pending while a port-out waits). */
    simStatus: Type.String(),
    /** MOB-6: when a loss or theft of the line was reported, while it is blocked (also while its port-out waits). */
    simBlockedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** The SIM's version: its ETag is `"<simVersion>"`, for If-Match. */
    simVersion: Type.Integer(),
    desiredMsisdn: Type.Union([Type.String(), Type.Null()], { description: 'number_change: the number the customer would like, if any' }),
    recipientOperator: Type.Union([Type.String(), Type.Null()], { description: 'port_out: the operator the number leaves for' }),
    note: Type.Union([Type.String(), Type.Null()], { description: "the customer's note" }),
    /** A number change for service reasons (MOB-8): the operator's, announced with its date. */
    serviceReason: Type.Boolean(),
    effectiveAt: Type.Union([DateTime, Type.Null()], { description: 'a scheduled number change: when it takes effect (00:00 Europe/Brussels)' }),
    createdAt: DateTime,
    createdBy: Type.Union([Person, Type.Null()]),
    decidedAt: Type.Union([DateTime, Type.Null()]),
    decidedBy: Type.Union([Person, Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'why it was rejected or failed, or the service reason of an announced change' }),
  },
  { additionalProperties: false },
);
export type OperatorOrder = Static<typeof OperatorOrder>;

export const OperatorOrderListQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(OperatorOrderKind),
    status: Type.Optional(Type.Union([SimOrderStatus, Type.Literal('all')], { description: 'requested (the queue, when left out), another status, or all' })),
  },
  { additionalProperties: false },
);
export type OperatorOrderListQuery = Static<typeof OperatorOrderListQuery>;

export const OperatorOrderListResponse = page(OperatorOrder);
export type OperatorOrderListResponse = Static<typeof OperatorOrderListResponse>;

export const OperatorOrderParams = Type.Object({ orderId: Uuid }, { additionalProperties: false });
export type OperatorOrderParams = Static<typeof OperatorOrderParams>;

export const CompleteOrderBody = Type.Object(
  {
    msisdn: Type.Optional({
      ...MsisdnInput,
      description: "number_change: the SIM's new number, a free Belgian mobile number; left out: the number the customer asked for (required when he asked none)",
    }),
  },
  { additionalProperties: false },
);
export type CompleteOrderBody = Static<typeof CompleteOrderBody>;

export const RejectOperatorOrderBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S', description: 'why; the customer is mailed it' }) },
  { additionalProperties: false },
);
export type RejectOperatorOrderBody = Static<typeof RejectOperatorOrderBody>;

export const OperatorOrderHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 100, description: "the SIM's ETag (\"<simVersion>\"); when sent, a stale one is refused (412)" })),
});

export const ServiceNumberChangeParams = Type.Object({ customerId: Uuid, simId: Uuid }, { additionalProperties: false });
export type ServiceNumberChangeParams = Static<typeof ServiceNumberChangeParams>;

export const ServiceNumberChangeBody = Type.Object(
  {
    msisdn: MsisdnInput,
    effectiveOn: { ...IsoDate, description: 'the day the new number takes effect (00:00 Europe/Brussels), at least 2 months after today (MOB-8)' },
    reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'the service reason, told to the customer' }),
  },
  { additionalProperties: false },
);
export type ServiceNumberChangeBody = Static<typeof ServiceNumberChangeBody>;
