import type { MailMessage } from '../mail/mail.repo.ts';

/** Issue 3 "Mail": the user-administration mails, in the recipient's language. Params: firstName, customer, inviter, link, expires. */
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

export const ACCESS_GRANTED_MAIL: MailMessage = {
  kind: 'access-granted',
  subject: {
    en: 'You now have access to {customer} on Mandate',
    nl: 'U hebt nu toegang tot {customer} op Mandate',
    fr: 'Vous avez maintenant accès à {customer} sur Mandate',
  },
  text: {
    en: 'Hello {firstName},\n\n{inviter} gave you access to {customer} on Mandate. Sign in with your usual password and choose {customer} in the customer switcher:\n{link}',
    nl: 'Beste {firstName},\n\n{inviter} gaf u toegang tot {customer} op Mandate. Meld u aan met uw gewone wachtwoord en kies {customer} in de klantenkeuze:\n{link}',
    fr: 'Bonjour {firstName},\n\n{inviter} vous a donné accès à {customer} sur Mandate. Connectez-vous avec votre mot de passe habituel et choisissez {customer} dans le sélecteur de clients :\n{link}',
  },
};
