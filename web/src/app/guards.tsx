import { Navigate, Outlet, useLocation, useParams } from 'react-router';
import { FullPageLoader } from '../components/full-page-loader.tsx';
import { CustomerNotFound, NotAvailable, NotFound } from '../components/status-page.tsx';
import { AppLandingPage } from '../features/customers/pages/app-landing-page.tsx';
import { UsersPage } from '../features/users/pages/users-page.tsx';
import { BackofficePage } from '../features/backoffice/pages/backoffice-page.tsx';
import type { LoginLocationState } from '../features/auth/pages/login-page.tsx';
import { canUseBackoffice } from '../lib/ability.ts';
import { isApp } from '../lib/apps.ts';
import { useSession } from '../lib/auth.tsx';
import { useCustomerContext } from '../lib/customer-context.tsx';
import { useI18n } from '../lib/i18n/i18n.tsx';

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

/** "/": the home of the first customer, else the back office (operators), else My profile. */
export function HomeRedirect() {
  const { me, ability } = useCustomerContext();
  const first = me.customers[0];
  if (first) return <Navigate to={`/customers/${first.id}`} replace />;
  return <Navigate to={canUseBackoffice(ability) ? '/backoffice' : '/profile'} replace />;
}

/** /customers/:customerId/*: only a customer listed by /me (anything else is "not found", as the API says). */
export function CustomerRoute() {
  const { customer } = useCustomerContext();
  if (!customer) return <CustomerNotFound />;
  return <Outlet />;
}

/** /customers/:customerId/users: the user-management app. */
export function UsersRoute() {
  const { customer, apps } = useCustomerContext();
  if (!customer) return <CustomerNotFound />;
  if (!apps.includes('user-management')) return <NotAvailable />;
  return <UsersPage key={customer.id} customerId={customer.id} customerName={customer.name} />;
}

/** /customers/:customerId/apps/:app: the landing page of an app he may use. */
export function AppRoute() {
  const { app } = useParams();
  const { apps } = useCustomerContext();
  if (!isApp(app)) return <NotFound />;
  if (app === 'user-management') return <Navigate to="../../users" relative="path" replace />;
  if (!apps.includes(app)) return <NotAvailable />;
  return <AppLandingPage app={app} />;
}

/** /backoffice: operators only. */
export function BackofficeRoute() {
  const { ability } = useCustomerContext();
  if (!canUseBackoffice(ability)) return <NotAvailable />;
  return <BackofficePage />;
}
