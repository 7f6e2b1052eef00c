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
export const badRequest = (field: string, message: string, code = 'validation_failed') =>
  new HttpProblem(400, code, 'Invalid request', message, [{ field, message }]);
