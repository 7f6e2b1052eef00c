import { describe, expect, it } from 'vitest';
import { mailText } from './mail.repo.ts';

describe('a mail in its language', () => {
  it('French: the typographic apostrophe in the portal\'s words, "de" elided before a name that starts with a vowel', () => {
    expect(mailText("Lignes de {customer} sur ce plan tarifaire : {lines}. Jusqu'au {day}.", 'fr', { customer: 'Acme Belgium NV', lines: '5', day: '1er mars' }))
      .toBe('Lignes d\u2019Acme Belgium NV sur ce plan tarifaire : 5. Jusqu\u2019au 1er mars.');
    expect(mailText('Lignes de {customer}.', 'fr', { customer: 'Lumière SRL' })).toBe('Lignes de Lumière SRL.');
  });

  it('what was filled in keeps its own characters', () => {
    expect(mailText('Motif : {reason}', 'fr', { reason: "l'abonnement n'est pas actif" })).toBe("Motif : l'abonnement n'est pas actif");
  });

  it('Dutch and English are filled in as written', () => {
    expect(mailText("Lines of {customer} on the customer's plan", 'en', { customer: 'Acme' })).toBe("Lines of Acme on the customer's plan");
    expect(mailText('Lijnen van {customer}', 'nl', { customer: 'Acme' })).toBe('Lijnen van Acme');
  });
});
