import type { Problem } from '@mandate/contracts/common';
import type { TokenResponse } from '@mandate/contracts/auth';

/**
 * The one HTTP client of the SPA. The access token lives in memory only (never in storage);
 * the refresh token is an httpOnly cookie scoped to /api/v1/auth. A 401 triggers one refresh
 * (shared by concurrent callers) and one retry; if that fails the session ends.
 */
export const API_BASE = '/api/v1';

/** An HTTP error answered by the API, carrying its RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** The server could not be reached (offline, DNS, connection refused, aborted proxy…). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Network error', { cause });
    this.name = 'NetworkError';
  }
}

let accessToken: string | null = null;

/**
 * The language the interface shows (nl, fr or en), sent as Accept-Language with every request so
 * that what the server writes for people (the texts of exports) is in it. Set by lib/i18n.
 */
let requestLanguage: string | null = null;

export function setRequestLanguage(language: string | null): void {
  requestLanguage = language;
}

/**
 * A non-secret hint that this browser holds a session: set on sign-in and on a successful
 * refresh, cleared on sign-out and when a refresh fails. Without it, loading a page does not try
 * a refresh (an anonymous visit to /login sends no request that counts against a rate limit).
 */
const SIGNED_IN_KEY = 'mandate.signedIn';

export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_KEY, '1');
    else localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // storage unavailable: every page load then tries a refresh, as it must to find a session
  }
}

export function maySignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_KEY) !== null;
  } catch {
    return true;
  }
}
let refreshing: Promise<boolean> | null = null;
export type SessionEndReason = 'expired' | 'suspended';
const sessionEndedListeners = new Set<(reason: SessionEndReason) => void>();

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/**
 * Called when the session ends under the user's feet: the refresh failed after a 401
 * (expired or revoked), or the API answered 403 `suspended` (ACC-5).
 */
export function onSessionEnded(listener: (reason: SessionEndReason) => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (e.g. a proxy's HTML error page)
  }
  const candidate = body as Partial<Problem> | null;
  if (candidate && typeof candidate.title === 'string') {
    return new ApiError({
      type: candidate.type ?? 'about:blank',
      title: candidate.title,
      status: typeof candidate.status === 'number' ? candidate.status : response.status,
      code: typeof candidate.code === 'string' ? candidate.code : `http_${response.status}`,
      ...(candidate.detail !== undefined ? { detail: candidate.detail } : {}),
      ...(candidate.errors !== undefined ? { errors: candidate.errors } : {}),
    });
  }
  return new ApiError({ type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status, code: `http_${response.status}` });
}

async function send(path: string, init: RequestInit, withToken: boolean): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  if (requestLanguage) headers.set('Accept-Language', requestLanguage);
  if (withToken && accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
  try {
    return await fetch(`${API_BASE}${path}`, { ...init, headers, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request,
 * so a rotating refresh token is never presented twice. Resolves false when there is no session.
 */
export function refreshAccessToken(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await send('/auth/refresh', { method: 'POST' }, false);
      if (!response.ok) {
        if (response.status === 401 || response.status === 403) {
          accessToken = null;
          rememberSignedIn(false);
          return false;
        }
        throw await toApiError(response);
      }
      const body = (await response.json()) as TokenResponse;
      accessToken = body.accessToken;
      rememberSignedIn(true);
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A list is sent as the parameter repeated (`status=a&status=b`), as the API's repeatable filters take it. */
  query?: Record<string, string | number | readonly string[] | undefined | null>;
  signal?: AbortSignal;
  /** false for the auth endpoints that do not take a Bearer token (login, refresh). */
  auth?: boolean;
  /** Headers of the request's own, e.g. If-Match with the ETag of the version it changes. */
  headers?: Record<string, string>;
}

function buildPath(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function endSession(reason: SessionEndReason): void {
  accessToken = null;
  rememberSignedIn(false);
  for (const listener of sessionEndedListeners) listener(reason);
}

/** Sends a request to the API and returns its JSON body (undefined for 204). Throws ApiError or NetworkError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, auth = true, headers } = options;
  const init: RequestInit = { method, ...(signal ? { signal } : {}) };
  const own: Record<string, string> = { ...headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    own['Content-Type'] = 'application/json';
  }
  if (Object.keys(own).length > 0) init.headers = own;
  const url = buildPath(path, query);

  let response = await send(url, init, auth);
  if (response.status === 401 && auth) {
    if (await refreshAccessToken()) {
      response = await send(url, init, auth);
    }
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (auth && error.status === 401) endSession(error.code === 'account_suspended' ? 'suspended' : 'expired');
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The path of a customer's resource, every segment encoded: customerPath(id, 'users', userId). */
export function customerPath(customerId: string, ...segments: string[]): string {
  return ['/customers', customerId, ...segments].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/');
}

/**
 * A file answer (e.g. a streamed export) with the same token and one refresh on 401 as apiRequest,
 * returned as it starts to arrive so that the caller can read its body piece by piece (progress,
 * cancel through `signal`). Throws ApiError with the problem details when refused.
 */
export async function fetchFile(path: string, query: RequestOptions['query'], signal?: AbortSignal): Promise<Response> {
  const url = buildPath(path, query);
  const init: RequestInit = signal ? { method: 'GET', signal } : { method: 'GET' };
  let response = await send(url, init, true);
  if (response.status === 401 && (await refreshAccessToken())) response = await send(url, init, true);
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401) endSession(error.code === 'account_suspended' ? 'suspended' : 'expired');
    throw error;
  }
  return response;
}

/**
 * Downloads a file answer (e.g. a CSV export) with the same token and one refresh on 401 as
 * apiRequest, and saves it in the browser. Throws ApiError with the problem details when refused.
 */
export async function downloadFile(path: string, query: RequestOptions['query'], fallbackName: string): Promise<void> {
  const response = await fetchFile(path, query);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = href;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }
}
