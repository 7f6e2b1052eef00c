import type { MailMessage } from '../mail/mail.repo.ts';

/**
 * The mails of "Across organisations" and the back office (DLG-1..4, ACC-5), in the
 * three portal languages; `{placeholders}` are filled by enqueueMail from its params.
 */
const m = (kind: string, subject: MailMessage['subject'], text: MailMessage['text']): MailMessage => ({ kind, subject, text });

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

export const DELEGATION_MAILS = {
  proposedToOperator: m(
    'delegation_proposed',
    { nl: 'Nieuwe delegatie te beoordelen: {customer} → {partner}', fr: 'Nouvelle délégation à examiner : {customer} → {partner}', en: 'New delegation to review: {customer} → {partner}' },
    {
      nl: `{customer} wil rechten delegeren aan {partner} tot en met {endDate}. Beoordeel de delegatie in de back office.${SIGN.nl}`,
      fr: `{customer} souhaite déléguer des droits à {partner} jusqu'au {endDate} inclus. Examinez la délégation dans le back-office.${SIGN.fr}`,
      en: `{customer} wants to delegate rights to {partner} until {endDate} inclusive. Review the delegation in the back office.${SIGN.en}`,
    },
  ),
  approvedToCustomer: m(
    'delegation_approved',
    { nl: 'Uw delegatie aan {partner} is goedgekeurd', fr: 'Votre délégation à {partner} est approuvée', en: 'Your delegation to {partner} was approved' },
    {
      nl: `De operator keurde de delegatie van {customer} aan {partner} goed. Ze wordt actief zodra {partner} ze aanvaardt.${SIGN.nl}`,
      fr: `L'opérateur a approuvé la délégation de {customer} à {partner}. Elle deviendra active dès que {partner} l'acceptera.${SIGN.fr}`,
      en: `The operator approved the delegation from {customer} to {partner}. It becomes active once {partner} accepts it.${SIGN.en}`,
    },
  ),
  approvedToPartner: m(
    'delegation_awaiting_acceptance',
    { nl: '{customer} delegeert rechten aan {partner}', fr: '{customer} délègue des droits à {partner}', en: '{customer} delegates rights to {partner}' },
    {
      nl: `{customer} delegeert rechten aan {partner} tot en met {endDate}. Aanvaard of weiger de delegatie in Gebruikersbeheer › Delegaties, en kies wie ze uitoefent.${SIGN.nl}`,
      fr: `{customer} délègue des droits à {partner} jusqu'au {endDate} inclus. Acceptez ou déclinez la délégation dans Gestion des utilisateurs › Délégations, et choisissez qui l'exerce.${SIGN.fr}`,
      en: `{customer} delegates rights to {partner} until {endDate} inclusive. Accept or decline it in User management › Delegations, and choose who exercises it.${SIGN.en}`,
    },
  ),
  refused: m(
    'delegation_refused',
    { nl: 'Delegatie {customer} → {partner} geweigerd', fr: 'Délégation {customer} → {partner} refusée', en: 'Delegation {customer} → {partner} refused' },
    {
      nl: `De operator weigerde de delegatie van {customer} aan {partner}. Reden: {reason}. Ze geeft geen toegang meer.${SIGN.nl}`,
      fr: `L'opérateur a refusé la délégation de {customer} à {partner}. Motif : {reason}. Elle ne donne plus aucun accès.${SIGN.fr}`,
      en: `The operator refused the delegation from {customer} to {partner}. Reason: {reason}. It no longer gives any access.${SIGN.en}`,
    },
  ),
  accepted: m(
    'delegation_accepted',
    { nl: '{partner} aanvaardde uw delegatie', fr: '{partner} a accepté votre délégation', en: '{partner} accepted your delegation' },
    {
      nl: `{partner} aanvaardde de delegatie van {customer}. Ze is actief tot en met {endDate}.${SIGN.nl}`,
      fr: `{partner} a accepté la délégation de {customer}. Elle est active jusqu'au {endDate} inclus.${SIGN.fr}`,
      en: `{partner} accepted the delegation from {customer}. It is active until {endDate} inclusive.${SIGN.en}`,
    },
  ),
  declined: m(
    'delegation_declined',
    { nl: '{partner} weigerde uw delegatie', fr: '{partner} a décliné votre délégation', en: '{partner} declined your delegation' },
    {
      nl: `{partner} weigerde de delegatie van {customer}.${SIGN.nl}`,
      fr: `{partner} a décliné la délégation de {customer}.${SIGN.fr}`,
      en: `{partner} declined the delegation from {customer}.${SIGN.en}`,
    },
  ),
  ended: m(
    'delegation_ended',
    { nl: '{partner} beëindigde uw delegatie', fr: '{partner} a mis fin à votre délégation', en: '{partner} ended your delegation' },
    {
      nl: `{partner} beëindigde de delegatie van {customer}. Ze geeft geen toegang meer.${SIGN.nl}`,
      fr: `{partner} a mis fin à la délégation de {customer}. Elle ne donne plus aucun accès.${SIGN.fr}`,
      en: `{partner} ended the delegation from {customer}. It no longer gives any access.${SIGN.en}`,
    },
  ),
  revoked: m(
    'delegation_revoked',
    { nl: '{customer} trok de delegatie in', fr: '{customer} a révoqué la délégation', en: '{customer} revoked the delegation' },
    {
      nl: `{customer} trok de delegatie aan {partner} in. Ze geeft geen toegang meer.${SIGN.nl}`,
      fr: `{customer} a révoqué la délégation à {partner}. Elle ne donne plus aucun accès.${SIGN.fr}`,
      en: `{customer} revoked the delegation to {partner}. It no longer gives any access.${SIGN.en}`,
    },
  ),
  expired: m(
    'delegation_expired',
    { nl: 'Delegatie {customer} → {partner} verlopen', fr: 'Délégation {customer} → {partner} expirée', en: 'Delegation {customer} → {partner} expired' },
    {
      nl: `De delegatie van {customer} aan {partner} liep af op {endDate}. Stel een nieuwe delegatie voor om ze te verlengen.${SIGN.nl}`,
      fr: `La délégation de {customer} à {partner} a expiré le {endDate}. Proposez une nouvelle délégation pour la prolonger.${SIGN.fr}`,
      en: `The delegation from {customer} to {partner} ended on {endDate}. Propose a new delegation to renew it.${SIGN.en}`,
    },
  ),
  reminder30: m(
    'delegation_reminder_30d',
    { nl: 'Delegatie {customer} → {partner} loopt af binnen 30 dagen', fr: 'La délégation {customer} → {partner} expire dans 30 jours', en: 'Delegation {customer} → {partner} ends within 30 days' },
    {
      nl: `De delegatie van {customer} aan {partner} loopt af op {endDate}. Wilt u ze verlengen, stel dan een nieuwe delegatie voor.${SIGN.nl}`,
      fr: `La délégation de {customer} à {partner} expire le {endDate}. Pour la prolonger, proposez une nouvelle délégation.${SIGN.fr}`,
      en: `The delegation from {customer} to {partner} ends on {endDate}. To renew it, propose a new delegation.${SIGN.en}`,
    },
  ),
  reminder7: m(
    'delegation_reminder_7d',
    { nl: 'Delegatie {customer} → {partner} loopt af binnen 7 dagen', fr: 'La délégation {customer} → {partner} expire dans 7 jours', en: 'Delegation {customer} → {partner} ends within 7 days' },
    {
      nl: `De delegatie van {customer} aan {partner} loopt af op {endDate}. Wilt u ze verlengen, stel dan nu een nieuwe delegatie voor.${SIGN.nl}`,
      fr: `La délégation de {customer} à {partner} expire le {endDate}. Pour la prolonger, proposez dès maintenant une nouvelle délégation.${SIGN.fr}`,
      en: `The delegation from {customer} to {partner} ends on {endDate}. To renew it, propose a new delegation now.${SIGN.en}`,
    },
  ),
} as const;

export const AFFILIATE_MAILS = {
  approved: m(
    'affiliate_approved',
    { nl: 'Toegang tot {affiliate} goedgekeurd', fr: 'Accès à {affiliate} approuvé', en: 'Access to {affiliate} approved' },
    {
      nl: `De operator keurde de toegang van {customer} tot de gegevens van {affiliate} goed. U vindt {affiliate} nu in de klantkeuze.${SIGN.nl}`,
      fr: `L'opérateur a approuvé l'accès de {customer} aux données de {affiliate}. Vous trouvez désormais {affiliate} dans le choix du client.${SIGN.fr}`,
      en: `The operator approved access for {customer} to the data of {affiliate}. You now find {affiliate} in the customer switcher.${SIGN.en}`,
    },
  ),
  refused: m(
    'affiliate_refused',
    { nl: 'Toegang tot {affiliate} geweigerd', fr: 'Accès à {affiliate} refusé', en: 'Access to {affiliate} refused' },
    {
      nl: `De operator weigerde de toegang van {customer} tot de gegevens van {affiliate}. Reden: {reason}.${SIGN.nl}`,
      fr: `L'opérateur a refusé l'accès de {customer} aux données de {affiliate}. Motif : {reason}.${SIGN.fr}`,
      en: `The operator refused access for {customer} to the data of {affiliate}. Reason: {reason}.${SIGN.en}`,
    },
  ),
} as const;

export const SUSPENSION_MAILS = {
  customerSuspended: m(
    'customer_suspended',
    { nl: 'Toegang van {customer} opgeschort', fr: 'Accès de {customer} suspendu', en: 'Access of {customer} suspended' },
    {
      nl: `De operator schortte de toegang tot de portal voor {customer} op. Reden: {reason}. Neem contact op met de operator.${SIGN.nl}`,
      fr: `L'opérateur a suspendu l'accès au portail pour {customer}. Motif : {reason}. Contactez l'opérateur.${SIGN.fr}`,
      en: `The operator suspended portal access for {customer}. Reason: {reason}. Please contact the operator.${SIGN.en}`,
    },
  ),
  customerReactivated: m(
    'customer_reactivated',
    { nl: 'Toegang van {customer} hersteld', fr: 'Accès de {customer} rétabli', en: 'Access of {customer} restored' },
    {
      nl: `De operator herstelde de toegang tot de portal voor {customer}.${SIGN.nl}`,
      fr: `L'opérateur a rétabli l'accès au portail pour {customer}.${SIGN.fr}`,
      en: `The operator restored portal access for {customer}.${SIGN.en}`,
    },
  ),
  userSuspended: m(
    'user_suspended',
    { nl: 'Uw toegang is opgeschort', fr: 'Votre accès est suspendu', en: 'Your access was suspended' },
    {
      nl: `De operator schortte uw toegang tot de portal op. Reden: {reason}. Neem contact op met de operator.${SIGN.nl}`,
      fr: `L'opérateur a suspendu votre accès au portail. Motif : {reason}. Contactez l'opérateur.${SIGN.fr}`,
      en: `The operator suspended your access to the portal. Reason: {reason}. Please contact the operator.${SIGN.en}`,
    },
  ),
  userReactivated: m(
    'user_reactivated',
    { nl: 'Uw toegang is hersteld', fr: 'Votre accès est rétabli', en: 'Your access was restored' },
    {
      nl: `De operator herstelde uw toegang tot de portal.${SIGN.nl}`,
      fr: `L'opérateur a rétabli votre accès au portail.${SIGN.fr}`,
      en: `The operator restored your access to the portal.${SIGN.en}`,
    },
  ),
} as const;
