import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageLoader } from '../components/full-page-loader.tsx';
import { useSession } from '../lib/auth.tsx';
import { useI18n } from '../lib/i18n/i18n.tsx';

/** Where RequireAuth sent the user from, to return there after signing in. */
export interface LoginLocationState {
  from?: string;
  /** Why the previous session ended, to tell the user. */
  reason?: 'expired' | 'suspended';
}

/** Signed-in routes: wait for the session to be restored, else go to /login (and come back after). */
export function RequireAuth() {
  const { t } = useI18n();
  const { status, endedBy } = useSession();
  const location = useLocation();
  if (status === 'restoring') return <FullPageLoader label={t('session.restoring')} />;
  if (status === 'anonymous') {
    const state: LoginLocationState | undefined =
      endedBy === 'user' ? undefined : { from: `${location.pathname}${location.search}`, ...(endedBy ? { reason: endedBy } : {}) };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}
