import { Navigate, Outlet } from 'react-router';
import { CustomerNotFound } from '../components/status-page.tsx';
import { canUseBackoffice } from '../lib/ability.ts';
import { useCustomerContext } from '../lib/customer-context.tsx';

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
