import type { MailMessage } from '../mail/mail.repo.ts';

/**
 * MOB-8: the mails of number changes and port-outs, in the three portal languages; `{placeholders}`
 * are filled by enqueueMail from its params. The asker of an order hears when operator staff
 * complete or reject it; the Access Owners hear of a number change for service reasons when it is
 * announced, at least 2 months ahead.
 */
const m = (kind: string, subject: MailMessage['subject'], text: MailMessage['text']): MailMessage => ({ kind, subject, text });

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

export const SIM_ORDER_MAILS = {
  numberChangeCompleted: m(
    'number_change_completed',
    // The asker is often the line's manager, not its user: the subject names the number, not "yours".
    { nl: 'Gsm-nummer {old} is gewijzigd in {new}', fr: 'Le numéro de GSM {old} est devenu le {new}', en: 'Mobile number {old} is now {new}' },
    {
      nl: `De nummerwijziging die u aanvroeg is uitgevoerd: de simkaart van {customer} met gsm-nummer {old} heeft nu het gsm-nummer {new}.${SIGN.nl}`,
      fr: `Le changement de numéro que vous avez demandé est fait : la carte SIM de {customer} au numéro de GSM {old} a maintenant le numéro de GSM {new}.${SIGN.fr}`,
      en: `The number change you asked for is done: the SIM card of {customer} with mobile number {old} now has the mobile number {new}.${SIGN.en}`,
    },
  ),
  numberChangeRejected: m(
    'number_change_rejected',
    { nl: 'Uw nummerwijziging voor {msisdn} is afgewezen', fr: 'Votre changement de numéro pour le {msisdn} est refusé', en: 'Your number change for {msisdn} was rejected' },
    {
      nl: `We voeren de nummerwijziging die u voor gsm-nummer {msisdn} van {customer} aanvroeg niet uit.\n\n{reason}\n\nHet gsm-nummer blijft ongewijzigd.${SIGN.nl}`,
      fr: `Nous n'effectuons pas le changement de numéro demandé pour le numéro de GSM {msisdn} de {customer}.\n\n{reason}\n\nLe numéro de GSM reste inchangé.${SIGN.fr}`,
      en: `We do not make the number change you asked for mobile number {msisdn} of {customer}.\n\n{reason}\n\nThe mobile number stays as it is.${SIGN.en}`,
    },
  ),
  portOutCompleted: m(
    'port_out_completed',
    { nl: 'Gsm-nummer {msisdn} is overgedragen', fr: 'Le numéro de GSM {msisdn} est porté vers un autre opérateur', en: 'Mobile number {msisdn} was ported out' },
    {
      nl: `Gsm-nummer {msisdn} van {customer} is overgedragen aan {operator}. Het abonnement van deze simkaart is beëindigd.${SIGN.nl}`,
      fr: `Le portage du numéro de GSM {msisdn} de {customer} vers {operator} est fait. L'abonnement de cette carte SIM a pris fin.${SIGN.fr}`,
      en: `Mobile number {msisdn} of {customer} was ported out to {operator}. The subscription of this SIM card has ended.${SIGN.en}`,
    },
  ),
  portOutRejected: m(
    'port_out_rejected',
    { nl: 'De overdracht van gsm-nummer {msisdn} gaat niet door', fr: 'Le portage du numéro de GSM {msisdn} n\'a pas lieu', en: 'The port-out of mobile number {msisdn} does not go ahead' },
    {
      nl: `De overdracht van gsm-nummer {msisdn} van {customer} aan {operator} gaat niet door.\n\n{reason}\n\nHet abonnement blijft zoals het was.${SIGN.nl}`,
      fr: `Le portage du numéro de GSM {msisdn} de {customer} vers {operator} n'a pas lieu.\n\n{reason}\n\nL'abonnement reste tel qu'il était.${SIGN.fr}`,
      en: `The port-out of mobile number {msisdn} of {customer} to {operator} does not go ahead.\n\n{reason}\n\nThe subscription stays as it was.${SIGN.en}`,
    },
  ),
  serviceNumberChangeAnnounced: m(
    'service_number_change_announced',
    {
      nl: 'Gsm-nummer {old} wijzigt op {date} in {new}',
      fr: 'Le numéro de GSM {old} devient le {new} le {date}',
      en: 'Mobile number {old} changes to {new} on {date}',
    },
    {
      nl: `Om dienstredenen wijzigen we het gsm-nummer van een simkaart van {customer}: op {date} wordt {old} het nummer {new}.\n\n{reason}${SIGN.nl}`,
      fr: `Pour des raisons de service, nous changeons le numéro de GSM d'une carte SIM de {customer} : le {date}, le {old} devient le {new}.\n\n{reason}${SIGN.fr}`,
      en: `For service reasons we change the mobile number of a SIM card of {customer}: on {date}, {old} becomes {new}.\n\n{reason}${SIGN.en}`,
    },
  ),
} as const;
