import { sql, type RawBuilder } from 'kysely';

/**
 * The conditions under which a row gives access, written once for every query that needs them
 * (the access context, "why can this user see this?", administrators, reviews, delegations).
 * Each takes the alias the row has in the query.
 */

/** An active membership whose employment has not ended on `today`, the Brussels business date (ROLE-7, ACC-5). */
export function membershipGivesAccess(alias: string, today: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${col('status')} = 'active' AND (${col('employment_end')} IS NULL OR ${col('employment_end')} >= ${today}::date))`;
}

/** An active delegation within its validity at `now` (DLG-3). */
export function delegationInForce(alias: string, now: Date): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${col('status')} = 'active' AND ${col('starts_at')} <= ${now}::timestamptz AND ${col('ends_at')} > ${now}::timestamptz)`;
}

/** A customer (or user) that is not suspended or deactivated (ACC-5). */
export function isActive(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.status`)} = 'active')`;
}
