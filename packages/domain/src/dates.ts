/** Calendar helpers on ISO dates (YYYY-MM-DD), Europe/Brussels being the business time zone. */
const BRUSSELS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' });

export function brusselsDate(at: Date): string {
  return BRUSSELS_DATE.format(at);
}

/** ROLE-7: a membership with an employment end date gives access up to and including that day. */
export function membershipEnded(employmentEnd: string | null, at: Date): boolean {
  return employmentEnd !== null && employmentEnd < brusselsDate(at);
}
