import type { ReactNode } from 'react';
import { Box, Button, Group, Stack, UnstyledButton } from '@mantine/core';
import { Link, Navigate, useLocation } from 'react-router';
import type { MeCustomer } from '@mandate/contracts/me';
import { Page } from '../../../components/page-header.tsx';
import { CustomerNotFound, NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { readsOwnLinesOnly } from '@mandate/authz/self-service';
import { fleetAccess, type FleetAccess } from '../fleet-access.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';

export interface FleetRouteContext {
  customer: MeCustomer;
  access: FleetAccess;
}

/**
 * The guard of the fleet's pages, Fleet Manager's and mobile-number management's alike (MOB-1: every
 * customer with a mobile contract manages its SIMs, with or without Fleet Manager): a customer the
 * user acts for, one of the two apps usable there (the ability's `use App` rule, as the navigation)
 * and some rule to read SIMs; else "not available", as the server would answer 403. An end user who
 * reads only his own line is taken to My line. What each may do there (change, export) is the ability's.
 */
export function FleetGuard({ children }: { children: (context: FleetRouteContext) => ReactNode }) {
  const { customer, ability, apps } = useCustomerContext();
  if (!customer) return <CustomerNotFound />;
  const access = fleetAccess(ability, customer.id);
  if (!(apps.includes('fleet-manager') || apps.includes('mobile')) || !access.read) return <NotAvailable />;
  if (readsOwnLinesOnly(ability, customer.id)) return <Navigate to={`/customers/${customer.id}/my-line`} replace />;
  return <>{children({ customer, access })}</>;
}

/** The sections of Fleet Manager as links drawn as tabs: the SIM cards, and the requests to approve for whoever may change SIMs. */
function FleetTabs({ customerId, access }: { customerId: string; access: FleetAccess }) {
  const { tf } = useFleetI18n();
  const { pathname } = useLocation();
  if (!access.update) return null;
  const base = `/customers/${customerId}/fleet`;
  const sections = [
    { to: base, label: tf('fleet.tab.sims'), testId: 'fleet-tab-sims', current: pathname !== `${base}/approvals` },
    { to: `${base}/approvals`, label: tf('fleet.tab.approvals'), testId: 'fleet-tab-approvals', current: pathname === `${base}/approvals` },
  ];
  return (
    <Box component="nav" aria-label={tf('fleet.sections')} className="mandate-section-tabs fleet-noprint">
      <Group component="ul" gap={0} m={0} p={0} wrap="wrap" style={{ listStyle: 'none', borderBottom: '2px solid var(--mantine-color-default-border)' }}>
        {sections.map((s) => (
          <li key={s.to}>
            <UnstyledButton component={Link} to={s.to} aria-current={s.current ? 'page' : undefined} data-active={s.current || undefined} data-testid={s.testId} className="mandate-section-tab">
              {s.label}
            </UnstyledButton>
          </li>
        ))}
      </Group>
    </Box>
  );
}

interface FleetPageProps {
  customerId: string;
  customerName: string;
  access: FleetAccess;
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  above?: ReactNode;
  /** The tabs of the fleet's lists (not on a SIM's page). */
  tabs?: boolean;
  testId?: string;
  children: ReactNode;
}

/**
 * A page of Fleet Manager: its tabs, the heading, then the content; `fleet-page` scopes the print
 * rules (PFM-4: what the page shows can be printed, without the portal around it).
 */
export function FleetPage({ customerId, customerName, access, title, subtitle, actions, above, tabs = false, testId, children }: FleetPageProps) {
  const { tf } = useFleetI18n();
  const withPrint = (
    <Group gap="sm" className="fleet-noprint">
      {actions}
      <Button variant="default" onClick={() => window.print()} data-testid="fleet-print">{tf('fleet.print')}</Button>
    </Group>
  );
  return (
    <Stack gap="lg" className="fleet-page">
      {tabs ? <FleetTabs customerId={customerId} access={access} /> : null}
      <Page title={title} subtitle={subtitle} customerName={customerName} actions={withPrint} above={above} testId={testId}>
        {children}
      </Page>
    </Stack>
  );
}
