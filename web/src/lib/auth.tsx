import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MeResponse } from '@mandate/contracts/me';
import { apiRequest, maySignedIn, onSessionEnded, refreshAccessToken, rememberSignedIn, setAccessToken, type SessionEndReason } from './api-client.ts';

/**
 * Session state of the SPA. On load, when this browser was signed in, the refresh cookie is
 * exchanged for an access token ("restoring"); afterwards the user is signed in or anonymous.
 */
export type SessionStatus = 'restoring' | 'authenticated' | 'anonymous';

interface SessionValue {
  status: SessionStatus;
  /** Why the user is anonymous: he signed out, or his session ended (expired or revoked, suspended). */
  endedBy: 'user' | SessionEndReason | null;
  /** Stores the token returned by a successful login. */
  signedIn: (accessToken: string) => void;
  /** Forgets the token and every cached response after he signed out. */
  signedOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>(() => (maySignedIn() ? 'restoring' : 'anonymous'));
  const [endedBy, setEndedBy] = useState<SessionValue['endedBy']>(null);

  const end = useCallback(
    (reason: 'user' | SessionEndReason) => {
      setAccessToken(null);
      rememberSignedIn(false);
      queryClient.clear();
      setEndedBy(reason);
      setStatus('anonymous');
    },
    [queryClient],
  );
  const signedOut = useCallback(() => end('user'), [end]);

  const signedIn = useCallback(
    (accessToken: string) => {
      queryClient.clear();
      setAccessToken(accessToken);
      rememberSignedIn(true);
      setEndedBy(null);
      setStatus('authenticated');
    },
    [queryClient],
  );

  useEffect(() => {
    if (!maySignedIn()) return;
    let active = true;
    refreshAccessToken()
      .then((ok) => {
        if (active) setStatus((current) => (current === 'restoring' ? (ok ? 'authenticated' : 'anonymous') : current));
      })
      .catch(() => {
        if (active) setStatus((current) => (current === 'restoring' ? 'anonymous' : current));
      });
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => onSessionEnded(end), [end]);

  const value = useMemo(() => ({ status, endedBy, signedIn, signedOut }), [status, endedBy, signedIn, signedOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The query key of GET /me (changes to delegations and memberships refresh it). */
export const meQueryKey = ['me'] as const;

/** The signed-in user, the customers he can act for and his packed CASL rules (GET /me). */
export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => apiRequest<MeResponse>('/me', { signal }),
    enabled: status === 'authenticated',
    staleTime: 30_000,
  });
}
