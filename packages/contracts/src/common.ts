import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Ids are lowercase, as the API gives them out: PostgreSQL would match an uppercase one, but the
 * server's own comparisons (a SIM's id against the rows it locked) would not, so it is refused at
 * the door, naming the field, rather than half-understood.
 */
const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const UUID_REGEXP = new RegExp(UUID_PATTERN);
export const isUuid = (value: string): boolean => UUID_REGEXP.test(value);
export const Uuid = Type.String({ format: 'uuid', pattern: UUID_PATTERN });

/** RFC 9457 problem details with a stable `code` and, for validation, the failing fields. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: false }))),
  },
  { additionalProperties: false, $id: 'Problem' },
);
export type Problem = Static<typeof Problem>;

/** Keyset pagination (DESIGN.md API conventions): `?limit=&cursor=&sort=field:asc|desc`. */
/** A route that takes no query parameters: any one sent is a 400 naming it. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

export const page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });

/** A list short enough to answer whole: the shape of every list (`{items, nextCursor}`), never a next page. */
export const wholeList = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Null({ description: 'always null: the whole list is in this answer' }) }, { additionalProperties: false });

export const CustomerParams = Type.Object({ customerId: Uuid }, { additionalProperties: false });
export type CustomerParams = Static<typeof CustomerParams>;

/**
 * Free text a client searches with: never a NUL byte, which PostgreSQL text cannot hold (the
 * request is refused with a 400 naming the parameter instead of failing in the database).
 */
export const SearchText = (options: { maxLength?: number; description?: string } = {}) =>
  Type.String({ maxLength: options.maxLength ?? 100, pattern: '^[^\\u0000]*$', ...(options.description ? { description: options.description } : {}) });

/**
 * An e-mail address, one format for the schema and the server: what Ajv's `email` format accepts
 * is what the server stores (lower-cased by the service).
 */
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });

/**
 * The calendar the API accepts: years 1900 to 2999. Wide enough for any business date, narrow
 * enough that a date or month from a client, moved by a year or so of date arithmetic (an
 * exclusive end, a default range), stays within what the date helpers and PostgreSQL hold: year
 * 0000 or 9999 is refused here with a 400 naming the field, never a database error.
 */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2999-12-31';

/**
 * A calendar date (YYYY-MM-DD) from FIRST_DAY to LAST_DAY; an empty string is not a date.
 * `formatMinimum`/`formatMaximum` are Ajv's (ajv-formats) date comparisons: a date out of range is
 * answered "must be between 1900-01-01 and 2999-12-31" (VALIDATION_MESSAGES).
 */
export const IsoDate = Type.String({
  format: 'date', formatMinimum: FIRST_DAY, formatMaximum: LAST_DAY, description: `a calendar day, YYYY-MM-DD, from ${FIRST_DAY} to ${LAST_DAY}`,
});

/**
 * A calendar date the API gives out (YYYY-MM-DD): what is stored, unbounded. A date stored before
 * the bounds above (an employment end of 9999-12-31) is still shown, not turned into a 500 by the
 * serializer, which checks a date against its schema where the date may also be null.
 */
export const StoredDate = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD' });

/** The pattern of a calendar month, YYYY-MM, from 1900-01 to 2999-12 (the months of FIRST_DAY..LAST_DAY). */
const YEAR_MONTH_PATTERN = '^(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])$';

/** A calendar month, YYYY-MM, from 1900-01 to 2999-12 (the months of FIRST_DAY..LAST_DAY). */
export const YearMonth = Type.String({ pattern: YEAR_MONTH_PATTERN, description: 'a calendar month, YYYY-MM, from 1900-01 to 2999-12' });

const DAY_RANGE = `must be between ${FIRST_DAY} and ${LAST_DAY}`;

/**
 * What a failed check of a month, a date or an instant means, in words, by Ajv keyword and then by
 * the value it failed against (the pattern, the format, the bound): Ajv's own message quotes a
 * regular expression or a bare bound. The error handler answers with these; any other failure
 * keeps Ajv's message.
 */
export const VALIDATION_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pattern: {
    [YEAR_MONTH_PATTERN]: `must be a month as YYYY-MM, from ${FIRST_DAY.slice(0, 7)} to ${LAST_DAY.slice(0, 7)}`,
    [UUID_PATTERN]: 'must be an id as the API gives it (a lowercase UUID)',
  },
  format: { 'date': 'must be a date as YYYY-MM-DD', 'date-time': 'must be a date and time (RFC 3339)', 'uuid': 'must be an id as the API gives it (a lowercase UUID)' },
  formatMinimum: { [FIRST_DAY]: DAY_RANGE },
  formatMaximum: { [LAST_DAY]: DAY_RANGE },
};

/**
 * The e-mail addresses the server's `email` format takes (ajv-formats in its full mode, as Fastify
 * loads it): the domain has at least one dot, so "compta@acme" is refused. The web's forms check
 * the same, so an address the server would refuse is refused on its field.
 */
const EMAIL_ADDRESS = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
export const isEmailAddress = (input: string): boolean => input.length <= 254 && EMAIL_ADDRESS.test(input.trim());
