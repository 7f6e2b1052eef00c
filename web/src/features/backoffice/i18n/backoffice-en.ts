/**
 * English texts of the back office's own parts (Fleet Manager requests): the type source of the
 * keys (a key missing from backoffice-nl.ts or backoffice-fr.ts fails the typecheck). Words follow
 * shared/GLOSSARY.md; the app keeps its name in every language.
 */
export const backofficeEn = {
  'bo.fm.tab': 'Fleet Manager',
  'bo.fm.label': 'Requests to activate Fleet Manager',
  'bo.fm.empty': 'No request to activate Fleet Manager.',
  'bo.fm.customer': 'Customer',
  'bo.fm.sims': 'SIM cards when asked',
  'bo.fm.asked': 'Asked',
  'bo.fm.status': 'Status',
  'bo.fm.actions': 'Actions',
  'bo.fm.someone': 'a former user',
  'bo.fm.status.pending': 'To review',
  'bo.fm.status.approved': 'Approved',
  'bo.fm.status.refused': 'Refused',
  'bo.fm.decidedBy': 'By {name}, {date}',
  'bo.fm.approveText': 'Activate Fleet Manager for {customer}, which had {sims} SIM cards when it asked. The SIM cards are counted again: at least {minimum} are needed.',
  'bo.fm.refuseText': 'Refuse Fleet Manager to {customer}. The customer sees the reason.',
  'bo.fm.end': 'End Fleet Manager',
  'bo.fm.endOf': 'End Fleet Manager for {customer}',
  'bo.fm.endTitle': 'End Fleet Manager for {customer}?',
  'bo.fm.endText': 'Fleet Manager ends at once for {customer}: its users lose the app. This is possible only when the customer has fewer than {minimum} SIM cards.',
  'bo.fm.ended': 'Fleet Manager ended for {customer}.',
  'bo.fm.problem.too_few_sims': '{customer} now has fewer than {minimum} SIM cards: Fleet Manager cannot be activated. Refuse the request, with the reason.',
  'bo.fm.problem.already_decided': 'This request was decided already.',
  'bo.fm.problem.condition_holds': '{customer} still has at least {minimum} SIM cards: Fleet Manager can be ended only once it has fewer.',
  'bo.fm.problem.not_active': 'Fleet Manager is not active for {customer}.',
} as const;

export type BackofficeMessages = Record<keyof typeof backofficeEn, string>;
export type BackofficeKey = keyof typeof backofficeEn;
