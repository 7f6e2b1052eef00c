import { Anchor, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { MeCustomer } from '@mandate/contracts/me';
import { ErrorState } from '../../../components/error-state.tsx';
import { ProfileBadges } from '../../../components/profile-badges.tsx';
import { fullName, withColon } from '../../../lib/format.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useAdministrators } from '../api/profile-api.ts';

/** "Who is my administrator?" for the selected customer (ROLE-8): primary AO first. */
export function MyAdministratorCard({ customer }: { customer: MeCustomer | null }) {
  const { t, locale } = useI18n();
  const query = useAdministrators(customer?.id ?? null);

  let content;
  if (!customer) {
    content = <Text c="dimmed">{t('administrator.noCustomer')}</Text>;
  } else if (query.isPending) {
    content = (
      <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
        <Skeleton height={16} width="50%" />
        <Skeleton height={14} width="70%" />
      </Stack>
    );
  } else if (query.isError) {
    content = <ErrorState error={query.error} onRetry={() => void query.refetch()} inline />;
  } else if (query.data.items.length === 0) {
    content = <Text c="dimmed">{t('administrator.none')}</Text>;
  } else {
    content = (
      <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {query.data.items.map((admin) => (
          <li key={admin.userId} data-testid="administrator">
            <Stack gap={2}>
              <Group gap="xs">
                <Text fw={600}>{fullName(admin)}</Text>
                <ProfileBadges t={t} profile={admin.profile} subProfiles={[]} isPrimary={admin.isPrimary} />
              </Group>
              <Text size="sm">
                {withColon(t('administrator.email'), locale)} <Anchor href={`mailto:${admin.email}`}>{admin.email}</Anchor>
              </Text>
              {admin.phone ? (
                <Text size="sm">
                  {withColon(t('administrator.phone'), locale)} <Anchor href={`tel:${admin.phone.replace(/\s/g, '')}`}>{admin.phone}</Anchor>
                </Text>
              ) : null}
            </Stack>
          </li>
        ))}
      </Stack>
    );
  }

  return (
    <Card withBorder padding="lg" radius="md" data-testid="my-administrator" component="section" aria-labelledby="my-administrator-title">
      <Title order={2} fz="h3" id="my-administrator-title">
        {t('administrator.title')}
      </Title>
      {customer ? (
        <Text size="sm" c="dimmed" mb="md">
          {t('administrator.intro', { customer: customer.name })}
        </Text>
      ) : null}
      {content}
    </Card>
  );
}
