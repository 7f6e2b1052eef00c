import { sql, type RawBuilder } from 'kysely';

/**
 * How a customer names one of its members: as its administrator described him in the invitation
 * until he accepts it, then as his own account says (ROLE-7: nothing of an existing account shows
 * before he consents). `m` is the membership's alias, `u` the user's.
 */
export function memberFirstName(m: string, u: string): RawBuilder<string> {
  return sql<string>`coalesce(${sql.ref(`${m}.invited_first_name`)}, ${sql.ref(`${u}.first_name`)})`;
}

export function memberLastName(m: string, u: string): RawBuilder<string> {
  return sql<string>`coalesce(${sql.ref(`${m}.invited_last_name`)}, ${sql.ref(`${u}.last_name`)})`;
}

/** "First Last", trimmed. */
export function memberName(m: string, u: string): RawBuilder<string> {
  return sql<string>`trim(${memberFirstName(m, u)} || ' ' || ${memberLastName(m, u)})`;
}
