import { subject } from '@casl/ability';
import type { AppAbility } from '../../lib/ability.ts';
import { mayAtCustomer } from '../../lib/ability.ts';

/** What the ability opens of Fleet Manager at a customer; the server decides per SIM anyway. */
export interface FleetAccess {
  /** Some rule lets him read SIMs here (AO all, fleet manager his scope, Service User his own line). */
  read: boolean;
  /** Some rule lets him change SIMs here: the bulk bar and the approvals. */
  update: boolean;
  /** The CSV / XLSX export of the table. */
  export: boolean;
  /** The billing accounts and cost centres of his scope, for the filters. */
  scopeOptions: boolean;
}

export function fleetAccess(ability: AppAbility, customerId: string): FleetAccess {
  return {
    read: mayAtCustomer(ability, 'read', 'Sim', customerId),
    update: mayAtCustomer(ability, 'update', 'Sim', customerId),
    export: mayAtCustomer(ability, 'export', 'Sim', customerId),
    scopeOptions: mayAtCustomer(ability, 'read', 'ScopeOption', customerId),
  };
}

/** The fields of a SIM its rules are written on. */
export interface SimScope {
  billingAccountId: string;
  costCentreId: string | null;
  endUserId: string | null;
}

/** Whether the ability lets the user change this SIM (its subscription, its line, its self-service rights). */
export function mayUpdateSim(ability: AppAbility, customerId: string, sim: SimScope): boolean {
  return ability.can('update', subject('Sim', { customerId, billingAccountId: sim.billingAccountId, costCentreId: sim.costCentreId, endUserId: sim.endUserId }));
}
