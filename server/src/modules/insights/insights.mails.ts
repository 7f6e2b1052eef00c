import type { MailMessage } from '../mail/mail.repo.ts';

/**
 * The mails of the access requests of Invoice Insights (INS-1) and Fleet Manager (PFM-2), in the
 * three portal languages; `{placeholders}` are filled by enqueueMail from its params, `{app}` with
 * the app's name (a product name, the same in every language).
 */
const m = (kind: string, subject: MailMessage['subject'], text: MailMessage['text']): MailMessage => ({ kind, subject, text });

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

export const ACCESS_REQUEST_MAILS = {
  approved: m(
    'app_access_approved',
    {
      nl: '{app}: facturatierekening {account} toegevoegd',
      fr: '{app} : compte de facturation {account} ajouté',
      en: '{app}: billing account {account} added',
    },
    {
      nl: `De operator keurde uw aanvraag goed: {app} toont voortaan de gegevens van facturatierekening {account} ({accountName}) van {customer}.${SIGN.nl}`,
      fr: `L'opérateur a approuvé votre demande : {app} affiche désormais les données du compte de facturation {account} ({accountName}) de {customer}.${SIGN.fr}`,
      en: `The operator approved your request: {app} now shows the data of billing account {account} ({accountName}) of {customer}.${SIGN.en}`,
    },
  ),
  refused: m(
    'app_access_refused',
    {
      nl: '{app}: aanvraag voor facturatierekening {account} geweigerd',
      fr: '{app} : demande pour le compte de facturation {account} refusée',
      en: '{app}: request for billing account {account} refused',
    },
    {
      nl: `De operator weigerde uw aanvraag om facturatierekening {account} ({accountName}) van {customer} aan {app} toe te voegen. Reden: {reason}${SIGN.nl}`,
      fr: `L'opérateur a refusé votre demande d'ajouter le compte de facturation {account} ({accountName}) de {customer} à {app}. Motif : {reason}${SIGN.fr}`,
      en: `The operator refused your request to add billing account {account} ({accountName}) of {customer} to {app}. Reason: {reason}${SIGN.en}`,
    },
  ),
} as const;
