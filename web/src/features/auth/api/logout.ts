import { apiRequest } from '../../../lib/api-client.ts';

/** POST /auth/logout: ends the session on the server and clears the refresh cookie. */
export function logout(): Promise<void> {
  return apiRequest<void>('/auth/logout', { method: 'POST' });
}
