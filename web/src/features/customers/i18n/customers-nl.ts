import type { CustomersMessages } from './customers-en.ts';

/** Nederlandse teksten van de eigen delen van de startpagina van de klant (zie customers-en.ts). */
export const customersNl: CustomersMessages = {
  'fleetActivation.title': 'Fleet Manager',
  'fleetActivation.intro': 'Beheer uw simkaartenvloot, de toestellen erin en de facturatiegegevens die ze opleveren; analyseer en exporteer ze.',
  'fleetActivation.condition': 'Fleet Manager wordt op aanvraag geactiveerd voor een klant met minstens {minimum} simkaarten.',
  'fleetActivation.count': '{customer} heeft {sims} simkaarten die niet gedeactiveerd zijn.',
  'fleetActivation.tooFew': 'Fleet Manager kan worden aangevraagd vanaf {minimum} simkaarten.',
  'fleetActivation.request': 'Activering aanvragen',
  'fleetActivation.confirmTitle': 'Fleet Manager aanvragen?',
  'fleetActivation.confirmText': 'De operator wordt gevraagd Fleet Manager te activeren voor {customer}. De operator controleert opnieuw of de klant minstens {minimum} simkaarten heeft.',
  'fleetActivation.sent': 'Uw aanvraag is verstuurd: de operator beslist.',
  'fleetActivation.pending': 'Aangevraagd op {date} door {name}: wacht op de operator.',
  'fleetActivation.pendingNoName': 'Aangevraagd op {date}: wacht op de operator.',
  'fleetActivation.refused': 'Uw laatste aanvraag ({date}) werd door de operator geweigerd.',
  'fleetActivation.reason': 'Reden: {reason}',
  'fleetActivation.active': 'Fleet Manager is actief.',
  'fleetActivation.loadError': 'Kon niet lezen of Fleet Manager kan worden aangevraagd.',
  'fleetActivation.problem.too_few_sims': 'De aanvraag werd geweigerd: {customer} heeft minder dan {minimum} simkaarten.',
  'fleetActivation.problem.already_active': 'Fleet Manager is al actief voor {customer}.',
  'fleetActivation.problem.activation_pending': 'Er wacht al een aanvraag op de operator.',
};
