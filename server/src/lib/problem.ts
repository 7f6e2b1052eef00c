/** An error that becomes an RFC 9457 problem+json answer with a stable code. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Array<{ field: string; message: string }>,
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what = 'resource') => new HttpProblem(404, 'not_found', 'Not found', `The ${what} does not exist or is not available to you.`);
export const forbidden = (detail = 'You may not do this.') => new HttpProblem(403, 'forbidden', 'Forbidden', detail);
export const unauthorized = (code = 'unauthorized', detail = 'Sign in first.') => new HttpProblem(401, code, 'Unauthorized', detail);
/** An Idempotency-Key sent before with another request (a retry must repeat the request it retries). */
export const idempotencyKeyReused = (what: string) => new HttpProblem(422, 'idempotency_key_reused', 'Unprocessable content',
  `This Idempotency-Key was already used for another request. Use a new key for a new ${what}.`,
  [{ field: 'headers.idempotency-key', message: 'was used for another request' }]);
export const badRequest = (field: string, message: string, code = 'validation_failed') =>
  new HttpProblem(400, code, 'Invalid request', message, [{ field, message }]);
/** 409: the request is well-formed but clashes with the current state; `field` names the input at fault. */
export const conflict = (code: string, detail: string, field?: string, message = detail) =>
  new HttpProblem(409, code, 'Conflict', detail, field ? [{ field, message }] : undefined);
