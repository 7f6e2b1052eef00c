import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { subject } from '@casl/ability';
import { Link, useParams } from 'react-router';
import { NotAvailable, NotFound } from '../../../components/status-page.tsx';
import { ProfileBadges } from '../../../components/profile-badges.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { fullName } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { UserManagementTabs } from '../../../components/user-management-tabs.tsx';
import { useGrantable } from '../api/grants-api.ts';
import { AccessExplainPanel } from '../components/access-explain-panel.tsx';
import { RightsEditor } from '../components/rights-editor.tsx';

/** /customers/:customerId/users/:userId/rights — the rights editor and "why can this user see this?". */
export function UserRightsRoute() {
  const { userId } = useParams();
  const { customer, apps, ability } = useCustomerContext();
  if (!customer || !userId) return <NotFound />;
  if (!apps.includes('user-management') && !ability.can('read', subject('Grant', { customerId: customer.id, granteeProfile: 'service_user' }))) return <NotAvailable />;
  return <UserRightsPage key={`${customer.id}:${userId}`} customerId={customer.id} customerName={customer.name} userId={userId} />;
}

function UserRightsPage({ customerId, customerName, userId }: { customerId: string; customerName: string; userId: string }) {
  const { t } = useI18n();
  const { ability } = useCustomerContext();
  const grantable = useGrantable(customerId, userId);
  const user = grantable.data?.user;
  const name = user ? fullName(user) || user.email : '';
  useDocumentTitle(`${t('grants.title', { name })} · ${customerName} · ${t('product.name')}`);
  const mayExplain = ability.can('read', subject('User', { customerId }));

  return (
    <Stack gap="lg">
      <UserManagementTabs />
      <div>
        {mayExplain && user ? (
          <Anchor component={Link} to={`/customers/${customerId}/users/${userId}`} size="sm" data-testid="rights-back">
            ← {t('grants.back', { name })}
          </Anchor>
        ) : null}
        <Title order={1} mt="xs">{user ? t('grants.title', { name }) : t('grants.titleLoading')}</Title>
        {user ? (
          <Group gap="sm" mt={4}>
            <Text c="dimmed">{user.email}</Text>
            <ProfileBadges t={t} profile={user.profile} subProfiles={user.subProfiles} />
          </Group>
        ) : null}
        <Text c="dimmed" size="sm" mt={4}>{t('grants.subtitle')}</Text>
      </div>
      <RightsEditor customerId={customerId} userId={userId} userName={name} />
      {mayExplain ? <AccessExplainPanel customerId={customerId} userId={userId} /> : null}
    </Stack>
  );
}
