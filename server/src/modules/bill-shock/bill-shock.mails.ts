import type { MailMessage } from '../mail/mail.repo.ts';

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

/**
 * The bill-shock mail to whoever set the alert, in his language; `{remedies}` lists one-click links
 * that open the line with the change ready to confirm (still an order, with its checks), or says none is left.
 */
export const BILL_SHOCK_MAIL: MailMessage = {
  kind: 'bill_shock',
  subject: {
    nl: 'Verbruiksalarm: {msisdn} is over {threshold} ({metric})',
    fr: 'Alerte de consommation : {msisdn} dépasse {threshold} ({metric})',
    en: 'Bill-shock alert: {msisdn} is over {threshold} ({metric})',
  },
  text: {
    nl: `Het {metric} van {msisdn} deze maand bedraagt {spend} (standaardtarieven, nog niet gefactureerd), boven uw drempel van {threshold}.\n\n{remedies}\n\nDe lijn in het portaal: {link}${SIGN.nl}`,
    fr: `La {metric} de {msisdn} ce mois-ci s'élève à {spend} (tarifs standard, pas encore facturés), au-delà de votre seuil de {threshold}.\n\n{remedies}\n\nLa ligne dans le portail : {link}${SIGN.fr}`,
    en: `The {metric} of {msisdn} this month is {spend} (standard prices, not billed yet), over your threshold of {threshold}.\n\n{remedies}\n\nThe line in the portal: {link}${SIGN.en}`,
  },
};

export const METRIC_WORDS = {
  roaming: { nl: 'roamingverbruik', fr: 'consommation en roaming', en: 'roaming usage' },
  total: { nl: 'verbruik', fr: 'consommation', en: 'usage' },
} as const;

export const REMEDY_WORDS = {
  heading: { nl: 'Met één klik, daarna bevestigen:', fr: 'En un clic, puis confirmer :', en: 'One click, then confirm:' },
  none: {
    nl: 'Er is geen oplossing met één klik meer: de afsnijding van mobiele data in de EU geldt al en er is geen roamingoptie toe te voegen. Bekijk het verbruik van de lijn in het portaal.',
    fr: "Plus aucune solution en un clic : la coupure des données mobiles dans l'UE s'applique déjà et aucune option roaming n'est à ajouter. Consultez la consommation de la ligne dans le portail.",
    en: 'No one-click remedy is left: the EU data cut-off applies already and there is no roaming option to add. Look at the line\'s usage in the portal.',
  },
  noneNotRoaming: {
    nl: 'Voor dit verbruik is er geen oplossing met één klik: het is geen roaming en de afsnijding van mobiele data in de EU geldt al. Bekijk het verbruik van de lijn in het portaal.',
    fr: "Cette consommation n'a pas de solution en un clic : ce n'est pas du roaming et la coupure des données mobiles dans l'UE s'applique déjà. Consultez la consommation de la ligne dans le portail.",
    en: 'This usage has no one-click remedy: it is not roaming, and the EU data cut-off applies already. Look at the line\'s usage in the portal.',
  },
  addOption: { nl: 'Optie {name} toevoegen ({fee} per maand)', fr: "Ajouter l'option {name} ({fee} par mois)", en: 'Add the option {name} ({fee} a month)' },
  cutoff: {
    nl: 'Mobiele data in de EU afsnijden bij €60 per maand', fr: "Couper les données mobiles dans l'UE à 60 € par mois", en: 'Cut off mobile data in the EU at €60 a month',
  },
} as const;
