/**
 * RFC 9110 §13.1.1: If-Match holds when it is "*" or lists the resource's current entity tag,
 * compared strongly: a weak tag (W/"3") never matches, as a change needs the exact version read.
 */
export function ifMatchHolds(header: string, etag: string): boolean {
  return header.split(',').map((t) => t.trim()).some((t) => t === '*' || t === etag);
}
