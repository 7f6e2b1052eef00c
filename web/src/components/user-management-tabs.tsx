import { Box, Group, UnstyledButton } from '@mantine/core';
import { subject } from '@casl/ability';
import { Link, useLocation } from 'react-router';
import { useCustomerContext } from '../lib/customer-context.tsx';
import { useI18n } from '../lib/i18n/i18n.tsx';

interface Tab {
  /** Path below /customers/:customerId/ */
  path: string;
  label: string;
  testId: string;
}

/**
 * The sections of the user-management app (users, affiliates, delegations, audit trail, access
 * reviews), each shown only when the ability lets the user read it, so the app reads as one place.
 * Each section is a page of its own: this is navigation (links, the current one marked), drawn as
 * tabs, not a tab list whose panels would be on the same page.
 */
export function UserManagementTabs() {
  const { t } = useI18n();
  const { customer, ability, me } = useCustomerContext();
  const { pathname } = useLocation();
  if (!customer) return null;
  const customerId = customer.id;
  const base = `/customers/${customerId}`;
  const tabs: Tab[] = [
    { path: 'users', label: t('users.title'), testId: 'tab-users' },
    ...(ability.can('read', subject('Affiliate', { customerId })) ? [{ path: 'affiliates', label: t('aff.title'), testId: 'tab-affiliates' }] : []),
    ...(ability.can('read', subject('Delegation', { customerId, partnerId: customerId }))
      ? [{ path: 'delegations', label: t('dlg.title'), testId: 'tab-delegations' }]
      : []),
    ...(ability.can('read', subject('Audit', { customerId })) ? [{ path: 'audit', label: t('audit.title'), testId: 'tab-audit' }] : []),
    // The AO reads every review; an AM those with items assigned to him (the ability's reviewerId rule).
    ...(ability.can('read', subject('AccessReview', { customerId, reviewerId: me.user.id }))
      ? [{ path: 'reviews', label: t('reviews.title'), testId: 'tab-reviews' }]
      : []),
  ];
  const active = tabs.find((tab) => pathname === `${base}/${tab.path}` || pathname.startsWith(`${base}/${tab.path}/`))?.path ?? 'users';
  if (tabs.length < 2) return null;
  return (
    <Box component="nav" aria-label={t('layout.sections')} className="mandate-section-tabs">
      <Group component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none', borderBottom: '2px solid var(--mantine-color-default-border)' }}>
        {tabs.map((tab) => {
          const current = tab.path === active;
          return (
            <li key={tab.path}>
              <UnstyledButton
                component={Link}
                to={`${base}/${tab.path}`}
                aria-current={current ? 'page' : undefined}
                data-active={current || undefined}
                data-testid={tab.testId}
                className="mandate-section-tab"
              >
                {tab.label}
              </UnstyledButton>
            </li>
          );
        })}
      </Group>
    </Box>
  );
}
