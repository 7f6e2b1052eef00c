import type { MailMessage } from '../mail/mail.repo.ts';

const SIGN = {
  nl: '\n\nMet vriendelijke groeten,\nMandate',
  fr: '\n\nCordialement,\nMandate',
  en: '\n\nKind regards,\nMandate',
};

/** MOB-11: the customer is told a tariff plan it uses is withdrawn, and until when its lines can switch. */
export const PLAN_WITHDRAWN_MAIL: MailMessage = {
  kind: 'plan_withdrawn',
  subject: {
    nl: 'Tariefplan {plan} wordt stopgezet: overstappen kan tot {lastSwitchOn}',
    fr: 'Le plan tarifaire {plan} est retiré : changement possible jusqu\'au {lastSwitchOn}',
    en: 'Tariff plan {plan} is withdrawn: switch until {lastSwitchOn}',
  },
  text: {
    nl: `Het tariefplan {plan} wordt stopgezet vanaf {withdrawnAt}. Lijnen van {customer} met dit tariefplan: {lines}.\n\nU kunt die lijnen tot en met {lastSwitchOn} naar een ander tariefplan laten overstappen in Fleet Manager of bij het beheer van uw gsm-nummers.${SIGN.nl}`,
    fr: `Le plan tarifaire {plan} est retiré à partir du {withdrawnAt}. Lignes de {customer} sur ce plan tarifaire\u00a0: {lines}.\n\nVous pouvez faire passer ces lignes à un autre plan tarifaire jusqu'au {lastSwitchOn} inclus, dans Fleet Manager ou la gestion de vos numéros de GSM.${SIGN.fr}`,
    en: `The tariff plan {plan} is withdrawn from {withdrawnAt}. Lines of {customer} on this tariff plan: {lines}.\n\nYou can switch those lines to another tariff plan until {lastSwitchOn} inclusive, in Fleet Manager or in the management of your mobile numbers.${SIGN.en}`,
  },
};
