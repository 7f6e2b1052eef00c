import { apiRequest, type RequestOptions } from '../../../lib/api-client.ts';

/** The strong ETag of a setting at `version`, as the server writes it. */
export const etagOf = (version: number): string => `"${version}"`;

/** A change of a versioned resource carries its ETag in If-Match (DESIGN.md, API conventions). */
export function requestIfMatch<T>(path: string, etag: string, options: RequestOptions = {}): Promise<T> {
  return apiRequest<T>(path, { ...options, headers: { ...options.headers, 'If-Match': etag } });
}
