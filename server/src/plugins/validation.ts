import { AjvCompiler, type BuildCompilerFromPool } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
type RouteValidatorCompiler = (route: { schema: unknown; method: string; url: string; httpPart?: string }) => unknown;

/** What every part shares: unknown fields are refused (not dropped), defaults filled in, first error only. */
const COMMON = { removeAdditional: false, useDefaults: true, allErrors: false } as const;

const pool = AjvCompiler();

/**
 * The schema is the contract, so a JSON body is validated as sent: `{"reason": 42}` is not a
 * string. The URL and headers carry only text, so the query string, path parameters and headers
 * are coerced to the types their schemas declare (`?limit=20` is an integer). Both Ajv instances
 * come from Fastify's own compiler, with its formats (email, date, uuid…) and the shared schemas.
 */
export const buildValidator = ((externalSchemas: Parameters<BuildCompilerFromPool>[0], options?: { plugins?: NonNullable<Parameters<BuildCompilerFromPool>[1]>['plugins'] }) => {
  const plugins = options?.plugins ?? [];
  const forBody = pool(externalSchemas, { plugins, customOptions: { ...COMMON, coerceTypes: false } }) as unknown as RouteValidatorCompiler;
  const forText = pool(externalSchemas, { plugins, customOptions: { ...COMMON, coerceTypes: 'array' } }) as unknown as RouteValidatorCompiler;
  const compile: RouteValidatorCompiler = (route) => (route.httpPart === 'body' ? forBody : forText)(route);
  return compile;
}) as unknown as ValidatorFactory;
