/**
 * French elides "de" and "que" before a vowel ("d'Acme", "ce qu'Acme dépense"). A catalogue writes
 * "de {customer}" for any name, so the elision is made once the name is in: a "de" or "que"
 * standing as a word before a word that starts with a vowel. Written texts elide already, so only
 * filled-in names are changed.
 */
const VOWEL = 'AEIOUYÀÂÉÈÊËÎÏÔÛÙaeiouyàâéèêëîïôûù';
const DE_BEFORE_VOWEL = new RegExp(`(^|[\\s(«"“])([Dd])e ([${VOWEL}])`, 'g');
const QUE_BEFORE_VOWEL = new RegExp(`(^|[\\s(«"“])([Qq])ue ([${VOWEL}])`, 'g');

export function frenchElision(text: string): string {
  return text.replace(DE_BEFORE_VOWEL, '$1$2\u2019$3').replace(QUE_BEFORE_VOWEL, '$1$2u\u2019$3');
}
