/**
 * French elides "de" before a vowel ("d'Acme", "d'Anna"). A catalogue writes "de {customer}" for any
 * name, so the elision is made once the name is in: a "de" standing as a word before a word that
 * starts with a vowel. Written texts elide already, so only filled-in names are changed.
 */
const DE_BEFORE_VOWEL = /(^|[\s(«"“])([Dd])e ([AEIOUYÀÂÉÈÊËÎÏÔÛÙaeiouyàâéèêëîïôûù])/g;

export function frenchElision(text: string): string {
  return text.replace(DE_BEFORE_VOWEL, '$1$2\u2019$3');
}
