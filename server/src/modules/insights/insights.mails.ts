import type { MailMessage } from '../mail/mail.repo.ts';

/**
 * The mails of Invoice Insights' access requests (INS-1), in the three portal languages;
 * `{placeholders}` are filled by enqueueMail from its params.
 */
const m = (kind: string, subject: MailMessage['subject'], text: MailMessage['text']): MailMessage => ({ kind, subject, text });

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

export const ACCESS_REQUEST_MAILS = {
  approved: m(
    'insights_access_approved',
    {
      nl: 'Invoice Insights: facturatierekening {account} toegevoegd',
      fr: 'Invoice Insights : compte de facturation {account} ajouté',
      en: 'Invoice Insights: billing account {account} added',
    },
    {
      nl: `De operator keurde uw aanvraag goed: Invoice Insights toont voortaan de gegevens van facturatierekening {account} ({accountName}) van {customer}.${SIGN.nl}`,
      fr: `L'opérateur a approuvé votre demande : Invoice Insights affiche désormais les données du compte de facturation {account} ({accountName}) de {customer}.${SIGN.fr}`,
      en: `The operator approved your request: Invoice Insights now shows the data of billing account {account} ({accountName}) of {customer}.${SIGN.en}`,
    },
  ),
  refused: m(
    'insights_access_refused',
    {
      nl: 'Invoice Insights: aanvraag voor facturatierekening {account} geweigerd',
      fr: 'Invoice Insights : demande pour le compte de facturation {account} refusée',
      en: 'Invoice Insights: request for billing account {account} refused',
    },
    {
      nl: `De operator weigerde uw aanvraag om facturatierekening {account} ({accountName}) van {customer} aan Invoice Insights toe te voegen. Reden: {reason}${SIGN.nl}`,
      fr: `L'opérateur a refusé votre demande d'ajouter le compte de facturation {account} ({accountName}) de {customer} à Invoice Insights. Motif : {reason}${SIGN.fr}`,
      en: `The operator refused your request to add billing account {account} ({accountName}) of {customer} to Invoice Insights. Reason: {reason}${SIGN.en}`,
    },
  ),
} as const;
