import type { Localized, MailMessage } from '../mail/mail.repo.ts';

/**
 * The mails and SMS of invoice delivery in the three portal languages; `{placeholders}` are
 * filled from the params. The words are the glossary's: GreenBill, Zoomit, My invoice online.
 */
const m = (kind: string, subject: MailMessage['subject'], text: MailMessage['text']): MailMessage => ({ kind, subject, text });

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

/** EBL-1, EBL-4: the single-use link that activates GreenBill for this address; nothing happens until it is followed. */
export const GREENBILL_VERIFY_MAIL = m(
  'greenbill_verify',
  { nl: 'Bevestig uw e-mailadres voor GreenBill', fr: 'Confirmez votre adresse e-mail pour GreenBill', en: 'Confirm your e-mail address for GreenBill' },
  {
    nl: `{requester} wil de facturen van {customer} (facturatierekening {accounts}) voortaan per e-mail naar dit adres laten sturen (GreenBill).\n\nBevestig dit adres met deze link, geldig tot {expires}:\n{link}\n\nZolang niemand de link volgt, verandert er niets. Verwachtte u deze e-mail niet, dan kunt u ze negeren.${SIGN.nl}`,
    fr: `{requester} souhaite que les factures de {customer} (compte de facturation {accounts}) soient désormais envoyées par e-mail à cette adresse (GreenBill).\n\nConfirmez cette adresse avec ce lien, valable jusqu'au {expires} :\n{link}\n\nTant que personne ne suit le lien, rien ne change. Si vous n'attendiez pas cet e-mail, ignorez-le.${SIGN.fr}`,
    en: `{requester} wants the invoices of {customer} (billing account {accounts}) sent to this address by e-mail from now on (GreenBill).\n\nConfirm this address with this link, valid until {expires}:\n{link}\n\nAs long as nobody follows the link, nothing changes. If you did not expect this mail, ignore it.${SIGN.en}`,
  },
);

/** EBL-3: a new invoice, announced by e-mail when its period closes. */
export const INVOICE_READY_MAIL = m(
  'invoice_ready',
  { nl: 'Uw factuur {invoice} staat klaar', fr: 'Votre facture {invoice} est disponible', en: 'Your invoice {invoice} is ready' },
  {
    nl: `De factuur {invoice} voor facturatierekening {account} van {customer} staat klaar: {amount}, {payment}.\n\nDe factuur zit als pdf in bijlage. U vindt ze ook in Mijn factuur online:\n{link}${SIGN.nl}`,
    fr: `La facture {invoice} du compte de facturation {account} de {customer} est disponible : {amount}, {payment}.\n\nLa facture est jointe en PDF. Vous la trouverez aussi dans Ma facture en ligne :\n{link}${SIGN.fr}`,
    en: `Invoice {invoice} for billing account {account} of {customer} is ready: {amount}, {payment}.\n\nThe invoice is attached as PDF. You will also find it in My invoice online:\n{link}${SIGN.en}`,
  },
);

/** A GreenBill address bounced: the account's financial managers are told, the invoice stays in the portal. */
export const GREENBILL_BOUNCE_MAIL = m(
  'greenbill_bounce',
  { nl: 'GreenBill-adres onbereikbaar voor facturatierekening {account}', fr: 'Adresse GreenBill injoignable pour le compte de facturation {account}', en: 'GreenBill address unreachable for billing account {account}' },
  {
    nl: `De aankondiging van factuur {invoice} aan {email} (facturatierekening {account}) kwam niet aan: {reason}.\n\nDe factuur staat in Mijn factuur online. Controleer het adres in Mijn factuur online › Instellingen.${SIGN.nl}`,
    fr: `L'annonce de la facture {invoice} à {email} (compte de facturation {account}) n'est pas arrivée : {reason}.\n\nLa facture est dans Ma facture en ligne. Vérifiez l'adresse dans Ma facture en ligne › Paramètres.${SIGN.fr}`,
    en: `The announcement of invoice {invoice} to {email} (billing account {account}) did not arrive: {reason}.\n\nThe invoice is in My invoice online. Check the address in My invoice online › Settings.${SIGN.en}`,
  },
);

/** EBL-3: the SMS that announces a new invoice. */
export const INVOICE_READY_SMS: Localized = {
  nl: 'Mandate: factuur {invoice} ({amount}, {payment}) staat klaar in Mijn factuur online.',
  fr: 'Mandate : la facture {invoice} ({amount}, {payment}) est disponible dans Ma facture en ligne.',
  en: 'Mandate: invoice {invoice} ({amount}, {payment}) is ready in My invoice online.',
};

/** What the announcement says of the payment: when it is due, or that it is paid already (EBL-3: a paid invoice is not announced as due). */
export const PAYMENT_DUE: Localized = { nl: 'te betalen tegen {due}', fr: 'à payer pour le {due}', en: 'due on {due}' };
export const PAYMENT_DONE: Localized = { nl: 'al betaald', fr: 'déjà payée', en: 'already paid' };
