import type { ReactNode } from 'react';
import { Alert, Box, Group, Stack, UnstyledButton } from '@mantine/core';
import { Link, Navigate, useLocation } from 'react-router';
import { Page } from '../../../components/page-header.tsx';
import { CustomerNotFound, NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import type { MeCustomer } from '@mandate/contracts/me';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import type { InvoicesKey } from '../i18n/invoices-en.ts';
import { invoicesAccess, type InvoicesAccess } from '../invoices-access.ts';

interface Section {
  /** Path below /customers/:customerId/invoices ('' for the invoices themselves). */
  path: string;
  label: InvoicesKey;
  testId: string;
  needs: keyof InvoicesAccess;
}

const SECTIONS: readonly Section[] = [
  { path: '', label: 'invoices.tab.invoices', testId: 'invoices-tab-invoices', needs: 'invoices' },
  { path: '/unbilled', label: 'invoices.tab.unbilled', testId: 'invoices-tab-unbilled', needs: 'usage' },
  { path: '/charges', label: 'invoices.tab.charges', testId: 'invoices-tab-charges', needs: 'usage' },
  { path: '/call-credits', label: 'invoices.tab.callCredits', testId: 'invoices-tab-call-credits', needs: 'usage' },
  { path: '/disputes', label: 'invoices.tab.disputes', testId: 'invoices-tab-disputes', needs: 'disputes' },
  { path: '/documents', label: 'invoices.tab.documents', testId: 'invoices-tab-documents', needs: 'invoices' },
  { path: '/settings', label: 'invoices.tab.settings', testId: 'invoices-tab-settings', needs: 'delivery' },
];

/** The first section the user may open (the navigation's "My invoice online" leads there). */
export function firstSection(access: InvoicesAccess): string | null {
  return SECTIONS.find((s) => access[s.needs])?.path ?? null;
}

/**
 * The sections of My invoice online the ability opens (a Service User: his usage and charges only),
 * as links drawn as tabs; an invoice's detail and call details belong to "Invoices".
 */
function InvoicesTabs({ customerId, access }: { customerId: string; access: InvoicesAccess }) {
  const { ti } = useInvoicesI18n();
  const { pathname } = useLocation();
  const base = `/customers/${customerId}/invoices`;
  const sections = SECTIONS.filter((s) => access[s.needs]);
  if (sections.length < 2) return null;
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : '';
  const active = sections.find((s) => s.path !== '' && (rest === s.path || rest.startsWith(`${s.path}/`)))?.path ?? '';
  return (
    <Box component="nav" aria-label={ti('invoices.sections')} className="mandate-section-tabs">
      <Group component="ul" gap={0} m={0} p={0} wrap="wrap" style={{ listStyle: 'none', borderBottom: '2px solid var(--mantine-color-default-border)' }}>
        {sections.map((section) => {
          const current = section.path === active;
          return (
            <li key={section.path}>
              <UnstyledButton
                component={Link}
                to={`${base}${section.path}`}
                aria-current={current ? 'page' : undefined}
                data-active={current || undefined}
                data-testid={section.testId}
                className="mandate-section-tab"
              >
                {ti(section.label)}
              </UnstyledButton>
            </li>
          );
        })}
      </Group>
    </Box>
  );
}

/** INV-6: the portal's figures are for information; the official invoice prevails. */
export function OfficialInvoiceCaveat() {
  const { ti } = useInvoicesI18n();
  return (
    <Alert color="blue" variant="light" data-testid="invoice-caveat">
      {ti('invoices.caveat')}
    </Alert>
  );
}

interface InvoicesPageProps {
  customerId: string;
  customerName: string;
  access: InvoicesAccess;
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  above?: ReactNode;
  /** The INV-6 caveat under the title (every page showing billed figures). */
  caveat?: boolean;
  testId?: string;
  children: ReactNode;
}

/** A page of My invoice online: its sections on top, the heading, the caveat, then the content. */
export function InvoicesPage({ customerId, customerName, access, title, subtitle, actions, above, caveat = false, testId, children }: InvoicesPageProps) {
  return (
    <Stack gap="lg">
      <InvoicesTabs customerId={customerId} access={access} />
      <Page title={title} subtitle={subtitle} customerName={customerName} actions={actions} above={above} testId={testId}>
        {caveat ? <OfficialInvoiceCaveat /> : null}
        {children}
      </Page>
    </Stack>
  );
}

export interface InvoicesRouteContext {
  customer: MeCustomer;
  access: InvoicesAccess;
}

/**
 * The guard of every page of My invoice online: the customer must be one the user acts for, and
 * the ability must open the section (else "not available", as the server would answer 403).
 * Someone who may not read invoices but may read usage is led from the app's first page, the
 * invoices, to his usage (`entry`); an address deeper in, an invoice's, is not available to him.
 */
export function InvoicesGuard({ needs, entry = false, children }: { needs: keyof InvoicesAccess; entry?: boolean; children: (context: InvoicesRouteContext) => ReactNode }) {
  const { customer, ability, apps } = useCustomerContext();
  if (!customer) return <CustomerNotFound />;
  const access = invoicesAccess(ability, customer.id, apps);
  if (!access[needs]) {
    const first = entry ? firstSection(access) : null;
    if (first !== null && first !== '') return <Navigate to={`/customers/${customer.id}/invoices${first}`} replace />;
    return <NotAvailable />;
  }
  return <>{children({ customer, access })}</>;
}
