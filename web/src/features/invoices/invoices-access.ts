import type { Action, SubjectType } from '@mandate/authz/subjects';
import type { AppAbility } from '../../lib/ability.ts';

/**
 * Whether some rule may let the user `action` a `subject` at this customer: a financial manager on
 * his billing accounts, a Service User on his own line (ROLE-5), an AO on all. A plain
 * `can('read', subject('Invoice', { customerId }))` misses the scoped rules (their conditions name
 * fields the bare subject lacks). The server decides per record; this only chooses what to show.
 */
export function mayAtCustomer(ability: AppAbility, action: Action, subject: SubjectType, customerId: string): boolean {
  return ability.rulesFor(action, subject).some((rule) => {
    if (rule.inverted) return false;
    const scoped = (rule.conditions as { customerId?: unknown } | undefined)?.customerId;
    return scoped === undefined || scoped === customerId;
  });
}

/** The parts of My invoice online the user's ability opens at a customer. */
export interface InvoicesAccess {
  invoices: boolean;
  usage: boolean;
  disputes: boolean;
  /** Whether he may open a dispute (INV-7). */
  dispute: boolean;
  /** The export of call details. */
  exportUsage: boolean;
  /** The export of what leaves the portal in the next 30 days. */
  exportInvoices: boolean;
  /** Whether he may change disputes of others (withdraw one he did not open). */
  updateDisputes: boolean;
  /** Whether the list of billing accounts answers him (the filters offer it only then). */
  billingAccounts: boolean;
  /** Whether the list of SIM cards answers him (a financial manager reads usage, not SIM cards). */
  sims: boolean;
  /** My invoice online › Settings: how the billing accounts receive their invoices (GreenBill, Zoomit, Peppol, paper). */
  delivery: boolean;
  /** Whether he may change that delivery. */
  updateDelivery: boolean;
  any: boolean;
}

export function invoicesAccess(ability: AppAbility, customerId: string): InvoicesAccess {
  const invoices = mayAtCustomer(ability, 'read', 'Invoice', customerId);
  const usage = mayAtCustomer(ability, 'read', 'Usage', customerId);
  const disputes = mayAtCustomer(ability, 'read', 'Dispute', customerId);
  const delivery = mayAtCustomer(ability, 'read', 'InvoiceDelivery', customerId);
  return {
    invoices,
    usage,
    disputes,
    dispute: mayAtCustomer(ability, 'create', 'Dispute', customerId),
    exportUsage: mayAtCustomer(ability, 'export', 'Usage', customerId),
    exportInvoices: mayAtCustomer(ability, 'export', 'Invoice', customerId),
    updateDisputes: mayAtCustomer(ability, 'update', 'Dispute', customerId),
    billingAccounts: mayAtCustomer(ability, 'read', 'BillingAccount', customerId),
    sims: mayAtCustomer(ability, 'read', 'Sim', customerId),
    delivery,
    updateDelivery: mayAtCustomer(ability, 'update', 'InvoiceDelivery', customerId),
    any: invoices || usage || disputes || delivery,
  };
}
