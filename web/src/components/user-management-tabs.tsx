import { Tabs } from '@mantine/core';
import { subject } from '@casl/ability';
import { useLocation, useNavigate } from 'react-router';
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
 */
export function UserManagementTabs() {
  const { t } = useI18n();
  const { customer, ability, me } = useCustomerContext();
  const navigate = useNavigate();
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
    <Tabs value={active} onChange={(value) => value && navigate(`${base}/${value}`)} keepMounted={false}>
      <Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Tab key={tab.path} value={tab.path} data-testid={tab.testId}>
            {tab.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
