import type { App } from '@mandate/domain/profiles';

/**
 * The actions the portal knows. `manage` is CASL's wildcard; `act` means "act for a customer";
 * `selfServe` is what a Service User's update right becomes on his own line (MOB-4, ROLE-5): he
 * orders changes within his self-service rights, he does not manage the SIM.
 */
export const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'order', 'act', 'use', 'suspend', 'review', 'selfServe', 'manage'] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that can be granted within an app (ROLE-6: a right is app, actions, scope). */
export const GRANTABLE_ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'order'] as const;
export type GrantableAction = (typeof GRANTABLE_ACTIONS)[number];

/** Customer data: what an Access Manager never sees (ROLE-3). */
export const DATA_SUBJECTS = ['BillingAccount', 'CostCentre', 'Sim', 'Invoice', 'Usage', 'Order', 'Dispute', 'Insight', 'InvoiceDelivery'] as const;
/** Administration of the customer's access (user-management app). */
export const ADMIN_SUBJECTS = ['User', 'Grant', 'Affiliate', 'Delegation', 'Audit', 'AccessRequest'] as const;

export type SubjectType =
  | (typeof DATA_SUBJECTS)[number]
  | (typeof ADMIN_SUBJECTS)[number]
  | 'Customer'
  | 'App'
  | 'Administrator'
  | 'OperatorQueue'
  /** MOB-8: the number changes and port-outs operator staff carry out (read the queue, review: complete or reject, create: announce one). */
  | 'OperatorSimOrder'
  /** The development mailbox (the mail outbox), operator staff only, never in production. */
  | 'Mailbox'
  | 'Profile'
  // The names of a customer's billing accounts and cost centres, to pick a
  // right's scope in the rights editor. Not customer data (ROLE-3: the AM grants without seeing any).
  | 'ScopeOption'
  // A review of the customer's users, and its items (reviewerId: the reviewer of an item).
  | 'AccessReview'
  | 'all';

/**
 * The fields a rule may put conditions on, per subject. These are the only fields
 * whereAccessible translates to SQL; a rule on any other field makes it throw (a programming error).
 */
export const SUBJECT_FIELDS: Record<Exclude<SubjectType, 'all'>, readonly string[]> = {
  Customer: ['id'],
  App: ['customerId', 'app'],
  Administrator: ['customerId'],
  User: ['customerId', 'userId'],
  // granteeProfile: the profile the grantee holds (a fleet manager only writes Service Users' grants, ROLE-6).
  Grant: ['customerId', 'granteeProfile'],
  Affiliate: ['customerId'],
  Delegation: ['customerId', 'partnerId'],
  Audit: ['customerId'],
  BillingAccount: ['customerId', 'billingAccountId'],
  CostCentre: ['customerId', 'costCentreId'],
  Sim: ['customerId', 'billingAccountId', 'costCentreId', 'endUserId'],
  Invoice: ['customerId', 'billingAccountId'],
  Usage: ['customerId', 'billingAccountId', 'costCentreId', 'endUserId'],
  Order: ['customerId', 'billingAccountId'],
  // A dispute of an invoice (INV-7), scoped like the invoice.
  Dispute: ['customerId', 'billingAccountId'],
  // The figures of Invoice Insights, read from the monthly roll-ups (INS-3).
  Insight: ['customerId', 'billingAccountId', 'costCentreId'],
  // How a billing account receives its invoices (paper, GreenBill, Zoomit, Peppol: EBL-1..7), and their delivery history.
  InvoiceDelivery: ['customerId', 'billingAccountId'],
  // A request to bring a later billing account into an app's coverage (INS-1, PFM-2).
  AccessRequest: ['customerId'],
  OperatorQueue: [],
  OperatorSimOrder: [],
  Mailbox: [],
  Profile: ['userId'],
  ScopeOption: ['customerId', 'billingAccountId', 'costCentreId'],
  AccessReview: ['customerId', 'reviewerId'],
};

/**
 * The actions each app can carry (ROLE-6: a right is app, actions, scope). A right with any other
 * action is refused by canGrant and ignored by the ability, so no grant opens an action that its
 * grantor (an AO holds exactly these) does not hold.
 */
export const APP_ACTIONS: Record<App, readonly GrantableAction[]> = {
  'user-management': ['read', 'create', 'update', 'delete', 'export'],
  invoices: ['read', 'export'],
  insights: ['read', 'export'],
  'fleet-manager': ['read', 'update', 'export'],
  mobile: ['read', 'update'],
  'invoice-delivery': ['read', 'update'],
  orders: ['read', 'create', 'order'],
};

/** Which data an app opens to a Support Portal User holding rights in it (ROLE-4). */
export const APP_SUBJECTS: Record<App, readonly SubjectType[]> = {
  'user-management': ['User', 'Grant'],
  invoices: ['Invoice', 'BillingAccount', 'Usage', 'Dispute'],
  insights: ['BillingAccount', 'CostCentre', 'Insight'],
  'fleet-manager': ['Sim', 'Usage', 'BillingAccount', 'CostCentre', 'Invoice'],
  mobile: ['Sim', 'Usage'],
  'invoice-delivery': ['BillingAccount', 'Invoice', 'InvoiceDelivery'],
  orders: ['Order'],
};

/**
 * The scopes a right in each app can carry: billing accounts, cost centres, or both at once, as
 * far as some subject the app opens has those fields (a right narrowed in a way no subject of its
 * app can be narrowed would open nothing). User management always covers the whole customer;
 * invoice delivery and orders narrow by billing account only.
 */
export function scopeApplies(app: App, scope: ScopeIds): boolean {
  return APP_SUBJECTS[app].some((subject) => scopeFits(subject, scope));
}

type ScopeIds = { billingAccountIds: readonly string[]; costCentreIds: readonly string[] };

/** Whether a scope can narrow `subject`: it has a field for each dimension the scope names (and for the end user, when given). */
export function scopeFits(subject: SubjectType, scope: ScopeIds, endUserId?: string): boolean {
  const fields = SUBJECT_FIELDS[subject as Exclude<SubjectType, 'all'>] ?? [];
  return (scope.billingAccountIds.length === 0 || fields.includes('billingAccountId'))
    && (scope.costCentreIds.length === 0 || fields.includes('costCentreId'))
    && (endUserId === undefined || fields.includes('endUserId'));
}

/** Which scope pickers make sense for a right in `app` (each alone; see scopeApplies for both together). */
export function scopeDimensions(app: App): { billingAccounts: boolean; costCentres: boolean } {
  return {
    billingAccounts: scopeApplies(app, { billingAccountIds: ['x'], costCentreIds: [] }),
    costCentres: scopeApplies(app, { billingAccountIds: [], costCentreIds: ['x'] }),
  };
}
