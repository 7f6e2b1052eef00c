import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid' });

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
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

export const page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });

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

/** A calendar date (YYYY-MM-DD); an empty string is not a date. */
export const IsoDate = Type.String({ format: 'date' });
