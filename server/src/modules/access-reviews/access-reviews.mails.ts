import type { MailMessage } from '../mail/mail.repo.ts';

/**
 * The access-review mails, in the recipient's language. Placeholders are filled by
 * enqueueMail: started {firstName, customer, starter, count, deadline, link}; closed {customer,
 * deadline, total, confirmed, removed, kept}.
 */
const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

export const REVIEW_STARTED_MAIL: MailMessage = {
  kind: 'access_review_started',
  subject: {
    en: 'Access review for {customer}: please decide by {deadline}',
    nl: 'Toegangscontrole voor {customer}: beslis uiterlijk op {deadline}',
    fr: 'Revue des accès pour {customer} : décidez au plus tard le {deadline}',
  },
  text: {
    en: `Hello {firstName},\n\n{starter} started an access review for {customer}. You review {count} user(s): confirm or remove each one's rights by {deadline} (end of day, Brussels time).\n\nWhat is not confirmed by then is removed automatically.\n\n{link}${SIGN.en}`,
    nl: `Beste {firstName},\n\n{starter} startte een toegangscontrole voor {customer}. U controleert {count} gebruiker(s): bevestig of verwijder de rechten van elk van hen uiterlijk op {deadline} (einde van de dag, Brusselse tijd).\n\nWat dan niet bevestigd is, wordt automatisch verwijderd.\n\n{link}${SIGN.nl}`,
    fr: `Bonjour {firstName},\n\n{starter} a lancé une revue des accès pour {customer}. Vous examinez {count} utilisateur(s) : confirmez ou retirez les droits de chacun au plus tard le {deadline} (fin de journée, heure de Bruxelles).\n\nCe qui n'est pas confirmé à cette date est retiré automatiquement.\n\n{link}${SIGN.fr}`,
  },
};

export const REVIEW_CLOSED_MAIL: MailMessage = {
  kind: 'access_review_closed',
  subject: {
    en: 'Access review for {customer} closed',
    nl: 'Toegangscontrole voor {customer} afgesloten',
    fr: 'Revue des accès pour {customer} clôturée',
  },
  text: {
    en: `The access review for {customer} with deadline {deadline} is closed.\n\nUsers reviewed: {total}\nConfirmed: {confirmed}\nRemoved: {removed}\nKept as the last Access Owner: {kept}${SIGN.en}`,
    nl: `De toegangscontrole voor {customer} met einddatum {deadline} is afgesloten.\n\nGecontroleerde gebruikers: {total}\nBevestigd: {confirmed}\nVerwijderd: {removed}\nBehouden als laatste Access Owner: {kept}${SIGN.nl}`,
    fr: `La revue des accès pour {customer} avec échéance le {deadline} est clôturée.\n\nUtilisateurs examinés : {total}\nConfirmés : {confirmed}\nRetirés : {removed}\nMaintenus comme dernier Access Owner : {kept}${SIGN.fr}`,
  },
};
