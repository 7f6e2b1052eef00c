import type { MailMessage } from '../mail/mail.repo.ts';

/**
 * INV-7: the mail to the user who opened a dispute when operator staff answer it, in the three
 * portal languages; `{placeholders}` are filled by enqueueMail from its params.
 */
const m = (kind: string, subject: MailMessage['subject'], text: MailMessage['text']): MailMessage => ({ kind, subject, text });

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

export const DISPUTE_MAILS = {
  in_review: m(
    'dispute_in_review',
    { nl: 'Uw betwisting van factuur {invoice} wordt onderzocht', fr: 'Votre contestation de la facture {invoice} est en cours d\'examen', en: 'Your dispute of invoice {invoice} is being reviewed' },
    {
      nl: `We onderzoeken uw betwisting van factuur {invoice}.\n\n{answer}\n\nHet betwiste bedrag is {disputed} (incl. btw); het niet-betwiste bedrag, {undisputed}, blijft verschuldigd. U vindt de stand van zaken in Mijn factuur online › Betwistingen.${SIGN.nl}`,
      fr: `Nous examinons votre contestation de la facture {invoice}.\n\n{answer}\n\nLe montant contesté est de {disputed} TVA comprise\u00a0; le montant non contesté, {undisputed}, reste dû. Vous suivez l'état de la contestation dans Ma facture en ligne › Contestations.${SIGN.fr}`,
      en: `We are reviewing your dispute of invoice {invoice}.\n\n{answer}\n\nThe disputed amount is {disputed} incl. VAT; the undisputed amount, {undisputed}, stays due. You can follow it in My invoice online › Disputes.${SIGN.en}`,
    },
  ),
  accepted: m(
    'dispute_accepted',
    { nl: 'Uw betwisting van factuur {invoice} is aanvaard', fr: 'Votre contestation de la facture {invoice} est acceptée', en: 'Your dispute of invoice {invoice} was accepted' },
    {
      nl: `We aanvaarden uw betwisting van factuur {invoice}.\n\n{answer}\n\nHet betwiste bedrag, {disputed} (incl. btw), wordt gecrediteerd op een volgende factuur; het niet-betwiste bedrag, {undisputed}, blijft verschuldigd.${SIGN.nl}`,
      fr: `Nous acceptons votre contestation de la facture {invoice}.\n\n{answer}\n\nLe montant contesté, {disputed} TVA comprise, sera crédité sur une prochaine facture\u00a0; le montant non contesté, {undisputed}, reste dû.${SIGN.fr}`,
      en: `We accept your dispute of invoice {invoice}.\n\n{answer}\n\nThe disputed amount, {disputed} incl. VAT, will be credited on a later invoice; the undisputed amount, {undisputed}, stays due.${SIGN.en}`,
    },
  ),
  rejected: m(
    'dispute_rejected',
    { nl: 'Uw betwisting van factuur {invoice} is afgewezen', fr: 'Votre contestation de la facture {invoice} est rejetée', en: 'Your dispute of invoice {invoice} was rejected' },
    {
      nl: `We wijzen uw betwisting van factuur {invoice} af.\n\n{answer}\n\nHet betwiste bedrag, {disputed} (incl. btw), is opnieuw verschuldigd: {dueAgain} blijft verschuldigd voor deze factuur.${SIGN.nl}`,
      fr: `Nous rejetons votre contestation de la facture {invoice}.\n\n{answer}\n\nLe montant contesté, {disputed} TVA comprise, est à nouveau dû\u00a0: {dueAgain} reste dû pour cette facture.${SIGN.fr}`,
      en: `We reject your dispute of invoice {invoice}.\n\n{answer}\n\nThe disputed amount, {disputed} incl. VAT, is due again: {dueAgain} stays due for this invoice.${SIGN.en}`,
    },
  ),
} as const;
