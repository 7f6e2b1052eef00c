import type { MailMessage } from '../mail/mail.repo.ts';

/**
 * The user-administration mails, in the recipient's language. Params: firstName, customer, inviter, link, expires.
 * Both are invitations (ROLE-7: a person becomes a member only by accepting): a new account chooses
 * its password with the link, an existing one confirms with its own.
 */
export const INVITATION_MAIL: MailMessage = {
  kind: 'invitation',
  subject: {
    en: 'You are invited to {customer} on Mandate',
    nl: 'U bent uitgenodigd voor {customer} op Mandate',
    fr: 'Vous êtes invité(e) pour {customer} sur Mandate',
  },
  text: {
    en: 'Hello {firstName},\n\n{inviter} gave you access to {customer} on Mandate, the self-care portal for business customers.\n\nChoose your password with this link (it works once, until {expires}):\n{link}\n\nThen sign in with this e-mail address. If you did not expect this mail, you can ignore it.',
    nl: 'Beste {firstName},\n\n{inviter} gaf u toegang tot {customer} op Mandate, het selfcareportaal voor zakelijke klanten.\n\nKies uw wachtwoord via deze link (eenmalig bruikbaar, tot {expires}):\n{link}\n\nMeld u daarna aan met dit e-mailadres. Verwachtte u deze mail niet, dan mag u hem negeren.',
    fr: 'Bonjour {firstName},\n\n{inviter} vous a donné accès à {customer} sur Mandate, le portail self-care des clients professionnels.\n\nChoisissez votre mot de passe avec ce lien (utilisable une seule fois, jusqu’au {expires}) :\n{link}\n\nConnectez-vous ensuite avec cette adresse e-mail. Si vous n’attendiez pas ce message, ignorez-le.',
  },
};

export const MEMBERSHIP_INVITATION_MAIL: MailMessage = {
  kind: 'invitation',
  subject: INVITATION_MAIL.subject,
  text: {
    en: 'Hello {firstName},\n\n{inviter} invites you to {customer} on Mandate, the self-care portal for business customers.\n\nTo accept, open this link (it works once, until {expires}) and confirm with the password of your Mandate account:\n{link}\n\nYou get access to {customer} only once you accept. If you did not expect this mail, ignore it: nothing changes.',
    nl: 'Beste {firstName},\n\n{inviter} nodigt u uit voor {customer} op Mandate, het selfcareportaal voor zakelijke klanten.\n\nOm te aanvaarden opent u deze link (eenmalig bruikbaar, tot {expires}) en bevestigt u met het wachtwoord van uw Mandate-account:\n{link}\n\nU krijgt pas toegang tot {customer} als u aanvaardt. Verwachtte u deze mail niet, negeer hem dan: er verandert niets.',
    fr: 'Bonjour {firstName},\n\n{inviter} vous invite pour {customer} sur Mandate, le portail self-care des clients professionnels.\n\nPour accepter, ouvrez ce lien (utilisable une seule fois, jusqu’au {expires}) et confirmez avec le mot de passe de votre compte Mandate :\n{link}\n\nVous n’aurez accès à {customer} qu’après avoir accepté. Si vous n’attendiez pas ce message, ignorez-le : rien ne change.',
  },
};
