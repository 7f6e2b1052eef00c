import type { AppAbility } from '../../lib/ability.ts';

/**
 * Whether some rule may let the user `action` SIMs at this customer: an AO on all of
 * them, a fleet manager or delegate on his cost centres, a Service User on his own line. A plain
 * `can('update', subject('Sim', { customerId }))` misses the scoped rules (their conditions name
 * fields the bare subject lacks). The server decides per SIM anyway; this only hides controls.
 */
export function mayOnSims(ability: AppAbility, action: 'read' | 'update', customerId: string): boolean {
  return ability.rulesFor(action, 'Sim').some((rule) => {
    if (rule.inverted) return false;
    const scoped = (rule.conditions as { customerId?: unknown } | undefined)?.customerId;
    return scoped === undefined || scoped === customerId;
  });
}
