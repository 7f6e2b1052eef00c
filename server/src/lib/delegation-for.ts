import type { Principal } from '../types.ts';

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
