/** PostgreSQL's unique_violation: another request got there first (a race the database settles). */
export const isUniqueViolation = (error: unknown): boolean => String((error as { code?: unknown }).code) === '23505';
