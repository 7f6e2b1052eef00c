/**
 * ROLE-7 and ACC-5: a membership gives rights while it is active and its employment has not
 * ended. The employment end date is a Brussels calendar day and is itself still a valid day;
 * access ends when that day is over. The SQL twin of this rule is `membershipGivesAccess` in
 * server/src/lib/access-sql.ts: both must say the same.
 */
import type { IsoDate } from './dates.ts';

export interface MembershipValidity {
  /** 'active' gives access; anything else (suspended, …) gives none. */
  status: string;
  /** The last day of the employment (Brussels), or null for no known end. */
  employmentEnd: IsoDate | null;
}

/** Whether a membership gives access on `today`, a Brussels calendar day (see `brusselsDate`). */
export function membershipValidOn(membership: MembershipValidity, today: IsoDate): boolean {
  return membership.status === 'active' && (membership.employmentEnd === null || membership.employmentEnd >= today);
}
