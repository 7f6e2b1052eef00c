import fp from 'fastify-plugin';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { NoQuery, VALIDATION_MESSAGES } from '@mandate/contracts/common';
import { HttpProblem } from '../lib/problem.ts';

export const TITLES: Record<number, string> = {
  400: 'Invalid request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed',
  406: 'Not acceptable', 408: 'Request timeout', 409: 'Conflict', 410: 'Gone', 412: 'Precondition failed', 413: 'Payload too large', 422: 'Unprocessable content',
  428: 'Precondition required',
  415: 'Unsupported media type', 429: 'Too many requests', 431: 'Request header fields too large', 500: 'Internal server error', 503: 'Service unavailable',
};

type FieldErrors = Array<{ field: string; message: string }>;

/** The RFC 9457 body every problem answer carries. */
function problemOf(status: number, code: string, detail?: string, instance?: string, errors?: FieldErrors) {
  return {
    type: `https://mandate.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    ...(instance !== undefined ? { instance } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

function send(reply: FastifyReply, status: number, code: string, detail?: string, errors?: FieldErrors) {
  const body = problemOf(status, code, detail, reply.request.url, errors);
  return reply.code(status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * `body.email`, `querystring.sort`, `body.unknownField`… from Ajv's error. A union picked by a
 * property (`discriminator`) fails on the object: the error names that property (`body.kind`).
 */
function fieldOf(context: string | undefined, e: AjvError): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = (e.params.missingProperty ?? e.params.additionalProperty ?? (e.keyword === 'discriminator' ? e.params.tag : undefined)) as string | undefined;
  return [context ?? 'body', path, extra].filter(Boolean).join('.');
}

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; oneOf?: SchemaNode[]; const?: unknown; type?: unknown };

/** The values a union picked by `tag` takes, read from the route's schema at the error's place. */
function tagValues(schema: SchemaNode | undefined, instancePath: string, tag: string): string[] {
  let node = schema;
  for (const segment of instancePath.split('/').filter(Boolean)) node = node?.properties?.[segment] ?? node?.items;
  return (node?.oneOf ?? []).flatMap((member) => (typeof member.properties?.[tag]?.const === 'string' ? [member.properties[tag].const as string] : []));
}

function messageOf(e: AjvError, schema: SchemaNode | undefined): string {
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'required') return 'is required';
  // Ajv says `value of tag "kind" must be in oneOf`; the field is named already, the words are an enum's.
  if (e.keyword === 'discriminator') {
    if (e.params.error !== 'mapping') return 'must be string';
    const values = tagValues(schema, e.instancePath, String(e.params.tag));
    return values.length > 0 ? `must be one of: ${values.join(', ')}` : 'must be equal to one of the allowed values';
  }
  // A pattern, format or bound fails with exactly one of these parameters.
  const failedAgainst = e.params.pattern ?? e.params.format ?? e.params.limit;
  return VALIDATION_MESSAGES[e.keyword]?.[String(failedAgainst)] ?? e.message ?? 'is invalid';
}

/** Keywords by which Ajv says a value is none of a list: one error per allowed value, then the anyOf's own. */
const CHOICE_KEYWORDS = new Set(['const', 'enum', 'anyOf']);

/**
 * One error per field: a value outside a list of choices (a union of literals) makes Ajv report each
 * literal it is not, and then the union; the client reads once which values the field takes.
 */
function fieldErrors(
  context: string | undefined, validation: readonly AjvError[], schema: SchemaNode | undefined, repeated: ReadonlySet<string> = new Set(),
): Array<{ field: string; message: string }> {
  const byField = new Map<string, AjvError[]>();
  for (const e of validation) {
    const field = fieldOf(context, e);
    byField.set(field, [...(byField.get(field) ?? []), e]);
  }
  return [...byField].flatMap(([field, errors]) => {
    // A query parameter that takes one value, given twice, arrives as an array: its type is not the matter.
    if (repeated.has(field)) return [{ field, message: 'must be given once' }];
    if (errors.every((e) => CHOICE_KEYWORDS.has(e.keyword))) {
      const allowed = errors.flatMap((e) => (e.keyword === 'const' ? [e.params.allowedValue] : e.keyword === 'enum' ? (e.params.allowedValues as unknown[]) : []));
      if (allowed.length > 0) return [{ field, message: `must be one of: ${[...new Set(allowed.map(String))].join(', ')}` }];
    }
    // A nullable field (`anyOf` of a type and null) fails as "must be null" and "must match a schema
    // in anyOf" besides the real reason: that reason is the one to read.
    const reason = errors.find((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null')) ?? errors[0]!;
    return [{ field, message: messageOf(reason, schema) }];
  });
}

/** `querystring.<name>` of each parameter given more than once that takes a single value. */
function repeatedParameters(request: FastifyRequest, schema: SchemaNode | undefined): ReadonlySet<string> {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query || typeof query !== 'object') return new Set();
  return new Set(Object.entries(query)
    .filter(([name, value]) => Array.isArray(value) && schema?.properties?.[name] !== undefined && schema.properties[name]!.type !== 'array')
    .map(([name]) => `querystring.${name}`));
}

/**
 * The longest path parameter the router accepts. Well above every declared `maxLength`, so a
 * parameter that is too long reaches schema validation and is answered 400 naming it.
 */
export const MAX_PARAM_LENGTH = 500;

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): a path that is not
 * valid percent-encoded UTF-8, a parameter past MAX_PARAM_LENGTH. Problem+json like every other 4xx.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, _request: FastifyRequest, reply) => {
  if (error.code === 'FST_ERR_BAD_URL') return send(reply, 400, 'malformed_url', 'The path is not valid percent-encoded UTF-8.', [{ field: 'url', message: 'is not valid percent-encoded UTF-8' }]);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return send(reply, 400, 'validation_failed', 'params is too long', [{ field: 'params', message: 'is too long' }]);
  reply.log.error({ err: error }, 'router error');
  return send(reply, 500, 'internal_error', 'Something went wrong on our side. It has been logged.');
};

/**
 * Errors Node's HTTP parser raises before there is a request (Fastify's `clientErrorHandler`):
 * headers past the size limit, a request that is not HTTP, one that did not arrive in time. Answered
 * as problem+json on the bare socket, which is then destroyed, as Fastify's default handler does.
 * No `instance`: the request line may not have been read.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection is gone already; nothing to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers_too_large', 'The request headers are larger than the server accepts.']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request_timeout', 'The request did not arrive in time.']
    : [400, 'bad_request', 'The request is not valid HTTP.'];
  // Usually a network or load balancer matter, not ours: logged as quietly as Fastify does.
  this.log.trace({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(problemOf(status, code, detail));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** One error handler: RFC 9457 problem+json with a stable code; 5xx never leak internals (DESIGN.md §7). */
export default fp(async function errorsPlugin(app: FastifyInstance, options: { spa?: boolean }) {
  // A query parameter an API route does not know is a mistake the caller should hear about
  // (`?stauts=active` would otherwise list everything), as it is on routes with a query schema.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.schema && !route.schema.querystring) route.schema = { ...route.schema, querystring: NoQuery };
  });
  app.setErrorHandler((error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (error instanceof HttpProblem) {
      return send(reply, error.status, error.code, error.detail, error.errors);
    }
    if (error.validation) {
      const schemas = request.routeOptions.schema as Record<string, SchemaNode | undefined> | undefined;
      const errors = fieldErrors(error.validationContext, error.validation, schemas?.[error.validationContext ?? 'body'], repeatedParameters(request, schemas?.querystring));
      return send(reply, 400, 'validation_failed', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // The web translates by code: Fastify's own error names (FST_ERR_…) are not ours to promise.
      const code =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError ? 'malformed_json'
        : status === 429 ? 'too_many_requests'
        : status === 415 ? 'unsupported_media_type'
        : status === 413 ? 'payload_too_large'
        : status === 408 ? 'request_timeout'
        : !error.code || error.code.startsWith('FST_') ? 'bad_request'
        : error.code.toLowerCase();
      const errors = code === 'malformed_json' ? [{ field: 'body', message: 'is not valid JSON' }] : undefined;
      return send(reply, status, code, error.message, errors);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal_error', 'Something went wrong on our side. It has been logged.');
  });

  app.setNotFoundHandler((request, reply) => {
    // The app's own addresses get the SPA; a file of the build that is not there (a stale hashed
    // asset after a deploy) is a 404, not a page of HTML the browser cannot run as a script.
    if (options.spa && request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    const path = request.url.split('?')[0]!;
    // A known path asked with another method: 405 and the methods it has (RFC 9110 §15.5.6).
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return send(reply, 405, 'method_not_allowed', `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}.`);
    }
    return send(reply, 404, 'not_found', `No route ${request.method} ${path}.`);
  });
});
