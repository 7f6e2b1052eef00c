import type { BackofficeMessages } from './backoffice-en.ts';

/** Nederlandse teksten van de eigen delen van de backoffice (zie backoffice-en.ts). */
export const backofficeNl: BackofficeMessages = {
  'bo.fm.tab': 'Fleet Manager',
  'bo.fm.label': 'Aanvragen om Fleet Manager te activeren',
  'bo.fm.empty': 'Geen aanvraag om Fleet Manager te activeren.',
  'bo.fm.customer': 'Klant',
  'bo.fm.sims': 'Simkaarten bij de aanvraag',
  'bo.fm.asked': 'Aangevraagd',
  'bo.fm.status': 'Status',
  'bo.fm.actions': 'Acties',
  'bo.fm.someone': 'een voormalige gebruiker',
  'bo.fm.status.pending': 'Te beoordelen',
  'bo.fm.status.approved': 'Goedgekeurd',
  'bo.fm.status.refused': 'Geweigerd',
  'bo.fm.decidedBy': 'Door {name}, {date}',
  'bo.fm.approveText': 'Activeer Fleet Manager voor {customer}, die {sims} simkaarten had bij de aanvraag. De simkaarten worden opnieuw geteld: er zijn er minstens {minimum} nodig.',
  'bo.fm.refuseText': 'Weiger Fleet Manager aan {customer}. De klant ziet de reden.',
  'bo.fm.end': 'Fleet Manager beëindigen',
  'bo.fm.endOf': 'Fleet Manager beëindigen voor {customer}',
  'bo.fm.endTitle': 'Fleet Manager beëindigen voor {customer}?',
  'bo.fm.endText': 'Fleet Manager stopt meteen voor {customer}: de gebruikers verliezen de applicatie. Dat kan alleen als de klant minder dan {minimum} simkaarten heeft.',
  'bo.fm.ended': 'Fleet Manager is beëindigd voor {customer}.',
  'bo.fm.problem.too_few_sims': '{customer} heeft nu minder dan {minimum} simkaarten: Fleet Manager kan niet worden geactiveerd. Weiger de aanvraag, met de reden.',
  'bo.fm.problem.already_decided': 'Over deze aanvraag is al beslist.',
  'bo.fm.problem.condition_holds': '{customer} heeft nog minstens {minimum} simkaarten: Fleet Manager kan pas worden beëindigd als de klant er minder heeft.',
  'bo.fm.problem.not_active': 'Fleet Manager is niet actief voor {customer}.',
};
