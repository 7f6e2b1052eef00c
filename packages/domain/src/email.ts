/**
 * EBL-7: an e-mail address shown masked: its first character, then "***", then the domain
 * ("j***@acme.be"). The mask has a fixed width so that it does not tell the address's length.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
