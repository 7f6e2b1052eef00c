import { Tabs } from '@mantine/core';
import { subject } from '@casl/ability';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';

interface Tab {
  /** Path below /customers/:customerId/ */
  path: string;
  label: string;
  testId: string;
}

/**
 * The sections of the user-management app. Each section adds its own tab below (shown only when the
 * ability lets the user see it), so the app reads as one place for company administrators.
 */
export function UserManagementTabs() {
  const { t } = useI18n();
  const { customer, ability, me } = useCustomerContext();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (!customer) return null;
  const base = `/customers/${customer.id}`;
  const tabs: Tab[] = [
    { path: 'users', label: t('users.title'), testId: 'tab-users' },
    // @@tabs:grants
    ...(ability.can('read', subject('Affiliate', { customerId: customer.id }))
      ? [{ path: 'affiliates', label: t('aff.title'), testId: 'tab-affiliates' }] : []),
    ...(ability.can('read', subject('Delegation', { customerId: customer.id, partnerId: customer.id }))
      ? [{ path: 'delegations', label: t('dlg.title'), testId: 'tab-delegations' }] : []),
    // @@tabs:delegations
    ...(ability.can('read', subject('Audit', { customerId: customer.id }))
      ? [{ path: 'audit', label: t('audit.title'), testId: 'tab-audit' }] : []),
    // @@tabs:audit
    // Issue 3, access reviews: the AO, or an AM with review items assigned to him (the ability's reviewerId rule).
    ...(ability.can('read', subject('AccessReview', { customerId: customer.id, reviewerId: me.user.id }))
      ? [{ path: 'reviews', label: t('reviews.title'), testId: 'tab-reviews' }] : []),
    // @@tabs:reviews
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
