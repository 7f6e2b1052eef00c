import { sql, type RawBuilder } from 'kysely';

/**
 * The conditions under which a row gives access, for every query that needs them (administrators,
 * reviews, delegations, "why can this user see this?"). They call the SQL functions that the access
 * context itself uses (migration 0019), so the rule is written once; PostgreSQL inlines them. Each
 * takes the alias the row has in the query.
 */

const col = (alias: string, name: string) => sql.ref(`${alias}.${name}`);

/** An active membership whose employment has not ended on `today`, the Brussels business date (ROLE-7, ACC-5). */
export function membershipGivesAccess(alias: string, today: string): RawBuilder<boolean> {
  return sql<boolean>`membership_gives_access(${col(alias, 'status')}, ${col(alias, 'employment_end')}, ${today}::date)`;
}

/** An active delegation within its validity at `now` (DLG-3). */
export function delegationInForce(alias: string, now: Date): RawBuilder<boolean> {
  return sql<boolean>`delegation_in_force(${col(alias, 'status')}, ${col(alias, 'starts_at')}, ${col(alias, 'ends_at')}, ${now}::timestamptz)`;
}

/** A customer (or user, or link) that is not suspended or deactivated (ACC-5). */
export function isActive(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${col(alias, 'status')} = 'active')`;
}
