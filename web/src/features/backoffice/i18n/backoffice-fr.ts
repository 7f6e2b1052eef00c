import type { BackofficeMessages } from './backoffice-en.ts';

/** Textes français des parties propres du back-office (voir backoffice-en.ts). */
export const backofficeFr: BackofficeMessages = {
  'bo.fm.tab': 'Fleet Manager',
  'bo.fm.label': 'Demandes d\'activation de Fleet Manager',
  'bo.fm.empty': 'Aucune demande d\'activation de Fleet Manager.',
  'bo.fm.customer': 'Client',
  'bo.fm.sims': 'Cartes SIM à la demande',
  'bo.fm.asked': 'Demandé',
  'bo.fm.status': 'Statut',
  'bo.fm.actions': 'Actions',
  'bo.fm.someone': 'un ancien utilisateur',
  'bo.fm.status.pending': 'À examiner',
  'bo.fm.status.approved': 'Approuvée',
  'bo.fm.status.refused': 'Refusée',
  'bo.fm.decidedBy': 'Par {name}, {date}',
  'bo.fm.approveText': 'Activer Fleet Manager pour {customer}, qui avait {sims} cartes SIM lors de sa demande. Les cartes SIM sont recomptées : il en faut au moins {minimum}.',
  'bo.fm.refuseText': 'Refuser Fleet Manager à {customer}. Le client voit le motif.',
  'bo.fm.end': 'Mettre fin à Fleet Manager',
  'bo.fm.endOf': 'Mettre fin à Fleet Manager pour {customer}',
  'bo.fm.endTitle': 'Mettre fin à Fleet Manager pour {customer} ?',
  'bo.fm.endText': 'Fleet Manager prend fin immédiatement pour {customer} : ses utilisateurs perdent l\'application. Ce n\'est possible que si le client a moins de {minimum} cartes SIM.',
  'bo.fm.ended': 'Fleet Manager a pris fin pour {customer}.',
  'bo.fm.problem.too_few_sims': '{customer} a maintenant moins de {minimum} cartes SIM : Fleet Manager ne peut pas être activé. Refusez la demande, avec le motif.',
  'bo.fm.problem.already_decided': 'Cette demande a déjà été tranchée.',
  'bo.fm.problem.condition_holds': '{customer} a encore au moins {minimum} cartes SIM : il ne peut être mis fin à Fleet Manager que lorsqu\'il en a moins.',
  'bo.fm.problem.not_active': 'Fleet Manager n\'est pas actif pour {customer}.',
};
