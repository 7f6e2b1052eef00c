import type { CustomersMessages } from './customers-en.ts';

/** Textes français des parties propres de la page d'accueil du client (voir customers-en.ts). */
export const customersFr: CustomersMessages = {
  'fleetActivation.title': 'Fleet Manager',
  'fleetActivation.intro': 'Gérez votre flotte de cartes SIM, leurs appareils et les données de facturation qu’elles génèrent ; analysez-les et exportez-les.',
  'fleetActivation.condition': 'Fleet Manager est activé sur demande pour un client qui a au moins {minimum} cartes SIM.',
  'fleetActivation.count': '{customer} a {sims} cartes SIM non désactivées.',
  'fleetActivation.tooFew': 'Fleet Manager peut être demandé à partir de {minimum} cartes SIM.',
  'fleetActivation.request': 'Demander l’activation',
  'fleetActivation.confirmTitle': 'Demander Fleet Manager ?',
  'fleetActivation.confirmText': 'L’opérateur est invité à activer Fleet Manager pour {customer}. L’opérateur vérifie à nouveau que le client a au moins {minimum} cartes SIM.',
  'fleetActivation.sent': 'Votre demande est envoyée : l’opérateur décide.',
  'fleetActivation.pending': 'Demandé le {date} par {name} : en attente de l’opérateur.',
  'fleetActivation.pendingNoName': 'Demandé le {date} : en attente de l’opérateur.',
  'fleetActivation.refused': 'Votre dernière demande ({date}) a été refusée par l’opérateur.',
  'fleetActivation.reason': 'Motif : {reason}',
  'fleetActivation.active': 'Fleet Manager est actif.',
  'fleetActivation.loadError': 'Impossible de lire si Fleet Manager peut être demandé.',
  'fleetActivation.problem.too_few_sims': 'La demande a été refusée : {customer} a moins de {minimum} cartes SIM.',
  'fleetActivation.problem.already_active': 'Fleet Manager est déjà actif pour {customer}.',
  'fleetActivation.problem.activation_pending': 'Une demande attend déjà l’opérateur.',
};
