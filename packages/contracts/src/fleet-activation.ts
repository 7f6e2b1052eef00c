import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PageQuery, Uuid, page } from './common.ts';

/** PFM-1: Fleet Manager, activated on the customer's request with at least 30 SIMs; operator staff decide and may end it. */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Person = Type.Object({ id: Uuid, name: Type.String() }, { additionalProperties: false });

export const FLEET_MANAGER_MINIMUM_SIMS = 30;

export const FleetActivationRequest = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    customerName: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')]),
    sims: Type.Integer({ description: 'the SIMs (not deactivated) the customer had when it asked' }),
    requestedAt: DateTime,
    requestedBy: Nullable(Person),
    decidedAt: Nullable(DateTime),
    decidedBy: Nullable(Person),
    reason: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type FleetActivationRequest = Static<typeof FleetActivationRequest>;

export const FleetActivation = Type.Object(
  {
    status: Type.Union([Type.Literal('active'), Type.Literal('requested'), Type.Literal('inactive')]),
    activatedAt: Nullable(DateTime),
    sims: Type.Integer({ description: 'the customer\'s SIMs that are not deactivated' }),
    minimumSims: Type.Integer(),
    lastRequest: Nullable(FleetActivationRequest),
  },
  { additionalProperties: false },
);
export type FleetActivation = Static<typeof FleetActivation>;

export const FleetActivationQueueQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')])) },
  { additionalProperties: false },
);
export type FleetActivationQueueQuery = Static<typeof FleetActivationQueueQuery>;
export const FleetActivationQueue = page(FleetActivationRequest);
export type FleetActivationQueue = Static<typeof FleetActivationQueue>;

export const FleetActivationDecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S', description: 'required to refuse' })),
  },
  { additionalProperties: false },
);
export type FleetActivationDecisionBody = Static<typeof FleetActivationDecisionBody>;

export const FleetActivationParams = Type.Object({ requestId: Uuid }, { additionalProperties: false });
export type FleetActivationParams = Static<typeof FleetActivationParams>;
