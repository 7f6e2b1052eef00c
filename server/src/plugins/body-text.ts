import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../lib/problem.ts';

// ES2024, in every Node this runs on (20+); the TypeScript lib of the project stops at ES2023.
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** Why no field can hold this text, or undefined when it is fine. */
function flawOf(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (!isWellFormed(text)) return 'contains a lone UTF-16 surrogate (not Unicode text)';
  return undefined;
}

/** The first string (value or key) of a parsed body no field can hold, with its path (`body.state.q`). */
function findFlawedText(body: unknown): { field: string; message: string } | undefined {
  // An explicit stack, not recursion: a body may nest deeper than the call stack goes.
  const stack: Array<{ value: unknown; path: string }> = [{ value: body, path: 'body' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const flaw = flawOf(value);
      if (flaw) return { field: path, message: flaw };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}.${i}` });
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (const key of keys) {
        const flaw = flawOf(key);
        if (flaw) return { field: `${path}.${key}`, message: `is a key that ${flaw}` };
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (value as Record<string, unknown>)[keys[i]!], path: `${path}.${keys[i]}` });
    }
  }
  return undefined;
}

/** What the JSON parser makes (an object, an array, or a string for a body that is one); not a Buffer or a stream a route's own parser may give. */
function isParsedText(body: unknown): boolean {
  if (typeof body === 'string' || Array.isArray(body)) return true;
  if (typeof body !== 'object' || body === null) return false;
  const proto = Object.getPrototypeOf(body) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * PostgreSQL text cannot hold a NUL, and a lone surrogate is not Unicode (jsonb refuses it, a
 * text column would store U+FFFD instead), so no field can legitimately carry either. Every
 * parsed body is walked once, before validation, and refused as a 400 naming the path.
 */
export default fp(async function bodyTextPlugin(app: FastifyInstance) {
  app.addHook('preValidation', (request, _reply, done) => {
    const { body } = request;
    const unexpected = unexpectedBody(request, body);
    if (unexpected) return done(new HttpProblem(400, 'validation_failed', 'Invalid request', `${unexpected.field} ${unexpected.message}`, [unexpected]));
    if (!isParsedText(body)) return done();
    const flawed = findFlawedText(body);
    if (!flawed) return done();
    done(new HttpProblem(400, 'validation_failed', 'Invalid request', `${flawed.field} ${flawed.message}`, [flawed]));
  });
});

/**
 * An action that takes no body (withdraw, cancel, approve…) refuses one that says something, as a
 * route with a body schema refuses a field it does not know: `{"channel": "zoomit"}` sent to
 * "cancel" must not be read as done. An empty object is what many clients send and means nothing.
 */
function unexpectedBody(request: FastifyRequest, body: unknown): { field: string; message: string } | undefined {
  if (request.routeOptions.schema?.body !== undefined || !request.routeOptions.url?.startsWith('/api/')) return undefined;
  // Nothing sent: no body at all (a JSON `null` that was sent is a body that says something).
  if (body === undefined || (body === null && !hasPayload(request))) return undefined;
  // What a route's own parser makes (a stream, a Buffer) is that route's business.
  if (body !== null && typeof body === 'object' && !isParsedText(body)) return undefined;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const [key] = Object.keys(body);
    return key === undefined ? undefined : { field: `body.${key}`, message: 'is not a known field' };
  }
  return { field: 'body', message: 'must be empty: this request takes no body' };
}

/** Whether the request carried a payload, by its headers (Fastify leaves no body as undefined or null alike). */
function hasPayload(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}
