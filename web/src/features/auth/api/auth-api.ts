import type { LoginBody, TokenResponse } from '@mandate/contracts/auth';
import { apiRequest } from '../../../lib/api-client.ts';

/** POST /auth/login: 200 with the access token (and the refresh cookie), 401, 403 suspended, 429. */
export function login(body: LoginBody): Promise<TokenResponse> {
  return apiRequest<TokenResponse>('/auth/login', { method: 'POST', body, auth: false });
}

/** POST /auth/logout: ends the session on the server and clears the refresh cookie. */
export function logout(): Promise<void> {
  return apiRequest<void>('/auth/logout', { method: 'POST' });
}
