import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { HttpProblem } from '../lib/problem.ts';

const TITLES: Record<number, string> = {
  400: 'Invalid request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed',
  406: 'Not acceptable', 409: 'Conflict', 410: 'Gone', 412: 'Precondition failed', 413: 'Payload too large', 415: 'Unsupported media type',
  429: 'Too many requests', 500: 'Internal server error', 503: 'Service unavailable',
};

function send(reply: FastifyReply, status: number, code: string, detail?: string, errors?: Array<{ field: string; message: string }>) {
  const body = {
    type: `https://mandate.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    instance: reply.request.url,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `body.email`, `querystring.sort`, `body.unknownField`… from Ajv's error. */
function fieldOf(context: string | undefined, e: AjvError): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = (e.params.missingProperty ?? e.params.additionalProperty) as string | undefined;
  return [context ?? 'body', path, extra].filter(Boolean).join('.');
}

function messageOf(e: AjvError): string {
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'required') return 'is required';
  return e.message ?? 'is invalid';
}

/** One error handler: RFC 9457 problem+json with a stable code; 5xx never leak internals (DESIGN.md §7). */
export default fp(async function errorsPlugin(app: FastifyInstance, options: { spa?: boolean }) {
  app.setErrorHandler((error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (error instanceof HttpProblem) {
      return send(reply, error.status, error.code, error.detail, error.errors);
    }
    if (error.validation) {
      const errors = error.validation.map((e) => ({ field: fieldOf(error.validationContext, e), message: messageOf(e) }));
      return send(reply, 400, 'validation_failed', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'malformed_json'
        : status === 429 ? 'too_many_requests'
        : status === 415 ? 'unsupported_media_type'
        : status === 413 ? 'payload_too_large'
        : (error.code ?? 'bad_request').toLowerCase();
      const errors = code === 'malformed_json' ? [{ field: 'body', message: 'is not valid JSON' }] : undefined;
      return send(reply, status, code, error.message, errors);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal_error', 'Something went wrong on our side. It has been logged.');
  });

  app.setNotFoundHandler((request, reply) => {
    if (options.spa && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return send(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
  });
});
