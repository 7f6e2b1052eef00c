/** Calendar helpers on ISO dates (YYYY-MM-DD), Europe/Brussels being the business time zone. */
const BRUSSELS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' });

let formattedMinute = Number.NaN;
let formattedDate = '';

/**
 * The date in Brussels at `at`. Every authenticated request asks (is the cached access still of
 * today?), and Intl's formatting was ~5 % of a request's time; a UTC offset is a whole number of
 * minutes, so the date can only change on a whole minute and the last answer serves its minute.
 */
export function brusselsDate(at: Date): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== formattedMinute) {
    formattedDate = BRUSSELS_DATE.format(at);
    formattedMinute = minute;
  }
  return formattedDate;
}

/** ROLE-7: a membership with an employment end date gives access up to and including that day. */
export function membershipEnded(employmentEnd: string | null, at: Date): boolean {
  return employmentEnd !== null && employmentEnd < brusselsDate(at);
}
