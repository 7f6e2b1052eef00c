import type { App } from '@mandate/domain/profiles';
import { mayAtCustomer, type AppAbility } from '../../lib/ability.ts';
import { readsUsageInInvoices } from '../../lib/apps.ts';

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

export function invoicesAccess(ability: AppAbility, customerId: string, apps: readonly App[]): InvoicesAccess {
  const invoices = mayAtCustomer(ability, 'read', 'Invoice', customerId);
  const usage = readsUsageInInvoices(ability, customerId, apps);
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
