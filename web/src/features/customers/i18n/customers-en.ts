/**
 * English texts of the customer home's own parts (Fleet Manager on request): the type source of the
 * keys (a key missing from customers-nl.ts or customers-fr.ts fails the typecheck). Words follow
 * shared/GLOSSARY.md; the app keeps its name in every language.
 */
export const customersEn = {
  'fleetActivation.title': 'Fleet Manager',
  'fleetActivation.intro': 'Manage your fleet of SIM cards, their devices and the billing data they generate; analyse and export it.',
  'fleetActivation.condition': 'Fleet Manager is activated on request for a customer with at least {minimum} SIM cards.',
  'fleetActivation.count': '{customer} has {sims} SIM cards that are not deactivated.',
  'fleetActivation.tooFew': 'Fleet Manager can be requested from {minimum} SIM cards on.',
  'fleetActivation.request': 'Request activation',
  'fleetActivation.confirmTitle': 'Request Fleet Manager?',
  'fleetActivation.confirmText': 'The operator is asked to activate Fleet Manager for {customer}. The operator checks again that it has at least {minimum} SIM cards.',
  'fleetActivation.sent': 'Your request is sent: the operator decides.',
  'fleetActivation.pending': 'Requested on {date} by {name}: waiting for the operator.',
  'fleetActivation.pendingNoName': 'Requested on {date}: waiting for the operator.',
  'fleetActivation.refused': 'Your last request ({date}) was refused by the operator.',
  'fleetActivation.reason': 'Reason: {reason}',
  'fleetActivation.active': 'Fleet Manager is active.',
  'fleetActivation.loadError': 'Whether Fleet Manager can be requested could not be read.',
  'fleetActivation.problem.too_few_sims': 'The request was refused: {customer} has fewer than {minimum} SIM cards.',
  'fleetActivation.problem.already_active': 'Fleet Manager is already active for {customer}.',
  'fleetActivation.problem.activation_pending': 'A request is already waiting for the operator.',
} as const;

export type CustomersMessages = Record<keyof typeof customersEn, string>;
export type CustomersKey = keyof typeof customersEn;
