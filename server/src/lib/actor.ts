import type { FastifyRequest } from 'fastify';
import type { Principal } from '../types.ts';
import { principalOf } from '../plugins/authz.ts';
import { publicOrigin } from './public-origin.ts';

/** Who acts, from where: every change is audited with it (SEC-3). */
export interface Actor {
  principal: Principal;
  ip: string;
  /** The portal's origin, for links in mails (e.g. https://portal.example). */
  origin: string;
}

/** The actor of a guarded request. */
export function actorOf(request: FastifyRequest): Actor {
  return { principal: principalOf(request), ip: request.ip, origin: publicOrigin(request) };
}

/**
 * SEC-3: the delegation through which the principal acts for `customerId`, for the audit trail's
 * `delegationId`. Null when he acts as a member of that customer or as AO of one of its parents
 * (DLG-1): a delegation is recorded only when it is what gives him access there.
 */
export function delegationFor(principal: Pick<Principal, 'context'>, customerId: string): string | null {
  const ctx = principal.context;
  if (ctx.memberships.some((m) => m.customerId === customerId || m.affiliates.some((a) => a.customerId === customerId))) return null;
  return ctx.delegations.find((d) => d.customerId === customerId)?.delegationId ?? null;
}

/** The audit trail's "who, for which customer, through which delegation, from where" of a change by this actor. */
export function auditedBy(actor: Actor, customerId: string | null) {
  return {
    actorUserId: actor.principal.userId,
    customerId,
    delegationId: customerId === null ? null : delegationFor(actor.principal, customerId),
    ip: actor.ip,
  };
}
