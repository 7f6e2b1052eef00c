import { AjvCompiler, type BuildCompilerFromPool } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
type RouteValidatorCompiler = (route: { schema: unknown; method: string; url: string; httpPart?: string }) => unknown;

/** The parts of an Ajv validate function Fastify uses. */
interface AjvValidate {
  (this: unknown, data: unknown, context?: unknown): unknown;
  errors?: unknown[] | null;
  /** Fastify passes the parent (so Ajv may coerce a root value) only when this is present. */
  schemaEnv?: unknown;
  $async?: boolean;
}

/**
 * What every part shares: unknown fields are refused (not dropped), defaults filled in, every failing
 * field named (the problem's `errors` then says all a client must fix at once), and a union with a `discriminator` (OpenAPI's keyword, which Ajv reads when asked) checked
 * against the one branch its property names, not against every branch.
 */
const COMMON = { removeAdditional: false, useDefaults: true, allErrors: true, discriminator: true } as const;

const pool = AjvCompiler();

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer of the first number that is not finite, arrays included; undefined when there is none. */
function nonFinitePath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinitePath(value[i], `${path}/${i}`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nonFinitePath(item, `${path}/${pointer(key)}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

type NumberKind = 'integer' | 'number';

/** The fields of a part's schema (query string, params, headers) that hold numbers, or arrays of them. */
function numberFields(schema: unknown): Map<string, NumberKind> {
  const fields = new Map<string, NumberKind>();
  const properties = (schema as { properties?: Record<string, { type?: unknown; items?: { type?: unknown } }> } | undefined)?.properties ?? {};
  const kindOf = (type: unknown): NumberKind | undefined => (type === 'integer' || type === 'number' ? type : undefined);
  for (const [name, property] of Object.entries(properties)) {
    const kind = kindOf(property.type) ?? (property.type === 'array' ? kindOf(property.items?.type) : undefined);
    if (kind) fields.set(name, kind);
  }
  return fields;
}

/** Decimal digits only: Ajv's coercion (Number()) would also take "0x2A", "0b11", "+5" and " " (as 0). */
const WRITTEN = { integer: /^-?\d+$/, number: /^-?\d+(?:\.\d+)?$/ } as const;

/** The first number field written otherwise than in decimal digits, as an Ajv error; undefined when there is none. */
function badlyWritten(data: unknown, fields: Map<string, NumberKind>): { instancePath: string; schemaPath: string; keyword: string; params: object; message: string } | undefined {
  if (fields.size === 0 || data === null || typeof data !== 'object') return undefined;
  for (const [name, kind] of fields) {
    const value = (data as Record<string, unknown>)[name];
    const texts = Array.isArray(value) ? value : [value];
    const at = texts.findIndex((text) => typeof text === 'string' && text !== '' && !WRITTEN[kind].test(text));
    if (at >= 0) {
      const instancePath = Array.isArray(value) ? `/${pointer(name)}/${at}` : `/${pointer(name)}`;
      return { instancePath, schemaPath: '#', keyword: 'type', params: { type: kind }, message: `must be ${kind === 'integer' ? 'an integer' : 'a number'} written in decimal digits` };
    }
  }
  return undefined;
}

/**
 * Ajv coerces the text "Infinity" (or "1e309") to a number that satisfies `type: integer` and
 * even `maximum`; no field of ours can mean it, and PostgreSQL refuses it. After coercion such a
 * number fails validation as an Ajv error on its field, so the error handler names it. Before
 * coercion, a number must be written in decimal digits.
 */
function strictNumbers(validate: AjvValidate, fields: Map<string, NumberKind>): AjvValidate {
  if (validate.$async) return validate;
  const wrapped: AjvValidate = function (this: unknown, data, context) {
    const written = badlyWritten(data, fields);
    if (written) {
      wrapped.errors = [written];
      return false;
    }
    const valid = validate.call(this, data, context);
    wrapped.errors = validate.errors;
    if (valid !== true) return valid;
    const instancePath = nonFinitePath(data);
    if (instancePath === undefined) return true;
    wrapped.errors = [{ instancePath, schemaPath: '#', keyword: 'finite', params: {}, message: 'must be a finite number' }];
    return false;
  };
  if (validate.schemaEnv) wrapped.schemaEnv = validate.schemaEnv;
  return wrapped;
}

/**
 * The schema is the contract, so a JSON body is validated as sent: `{"reason": 42}` is not a
 * string. The URL and headers carry only text, so the query string, path parameters and headers
 * are coerced to the types their schemas declare (`?limit=20` is an integer), and must then be
 * finite numbers. Both Ajv instances come from Fastify's own compiler, with its formats (email,
 * date, uuid…) and the shared schemas.
 */
export const buildValidator = ((externalSchemas: Parameters<BuildCompilerFromPool>[0], options?: { plugins?: NonNullable<Parameters<BuildCompilerFromPool>[1]>['plugins'] }) => {
  const plugins = options?.plugins ?? [];
  const forBody = pool(externalSchemas, { plugins, customOptions: { ...COMMON, coerceTypes: false } }) as unknown as RouteValidatorCompiler;
  const forText = pool(externalSchemas, { plugins, customOptions: { ...COMMON, coerceTypes: 'array' } }) as unknown as RouteValidatorCompiler;
  const compile: RouteValidatorCompiler = (route) => (route.httpPart === 'body' ? forBody(route) : strictNumbers(forText(route) as AjvValidate, numberFields(route.schema)));
  return compile;
}) as unknown as ValidatorFactory;
