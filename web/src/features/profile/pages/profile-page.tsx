import { useState } from 'react';
import { Badge, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { MeCustomer } from '@mandate/contracts/me';
import { LANGUAGES, type Language } from '@mandate/domain/profiles';
import { ProfileBadges } from '../../../components/profile-badges.tsx';
import { relationLabel } from '../../../components/relation-badge.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { displayEnterpriseNumber, fullName } from '../../../lib/format.ts';
import { isLanguage, useI18n, type Translate } from '../../../lib/i18n/i18n.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useUpdateMe } from '../api/profile-api.ts';
import { MyAdministratorCard } from '../components/my-administrator-card.tsx';

function relationText(t: Translate, customer: MeCustomer, customers: readonly MeCustomer[]): string {
  if (customer.relation === 'member') return t('relation.member');
  const label = relationLabel(t, customer, customers) ?? '';
  return customer.relation === 'affiliate' ? `${t('myProfile.viaAffiliate')} (${label})` : `${t('myProfile.viaDelegation')} (${label})`;
}

/** The language of the mails and text messages sent to him; saved as soon as he picks one. */
function OwnLanguage({ language }: { language: Language }) {
  const { t } = useI18n();
  const update = useUpdateMe();
  const [saved, setSaved] = useState(false);
  return (
    <Stack gap={4} mt="md">
      <Select
        label={t('myProfile.language')}
        description={t('myProfile.languageHint')}
        data={LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))}
        value={update.isPending && update.variables ? update.variables.language : language}
        allowDeselect={false}
        disabled={update.isPending}
        onChange={(value) => {
          setSaved(false);
          if (value && isLanguage(value) && value !== language) update.mutate({ language: value }, { onSuccess: () => setSaved(true) });
        }}
        maw={320}
        data-testid="profile-language"
      />
      {saved ? <Text size="sm" c="teal.9" role="status" data-testid="profile-language-saved">{t('myProfile.languageSaved')}</Text> : null}
      {update.error ? <ProblemAlert error={update.error} testId="profile-language-error" /> : null}
    </Stack>
  );
}

/** /profile — his own details, his profiles per customer and "who is my administrator?" (ROLE-8). */
export function ProfilePage() {
  const { t } = useI18n();
  const { me, customer } = useCustomerContext();
  useDocumentTitle(`${t('myProfile.title')} · ${t('product.name')}`);
  const { user, customers } = me;

  return (
    <Stack gap="lg" data-testid="my-profile">
      <Title order={1}>{t('myProfile.title')}</Title>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="profile-details-title">
          <Title order={2} fz="h3" id="profile-details-title" mb="md">
            {t('myProfile.details')}
          </Title>
          <Stack gap="xs" component="dl" m={0}>
            <Group gap="xs">
              <Text component="dt" fw={600}>
                {t('myProfile.name')}
              </Text>
              <Text component="dd" m={0} data-testid="profile-name">
                {fullName(user)}
              </Text>
              {user.isOperator ? (
                <Badge size="sm" variant="light">
                  {t('myProfile.operator')}
                </Badge>
              ) : null}
            </Group>
            <Group gap="xs">
              <Text component="dt" fw={600}>
                {t('myProfile.email')}
              </Text>
              <Text component="dd" m={0} data-testid="profile-email">
                {user.email}
              </Text>
            </Group>
          </Stack>
          <OwnLanguage language={user.language} />
        </Card>

        <MyAdministratorCard customer={customer} />
      </SimpleGrid>

      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="profile-customers-title">
        <Title order={2} fz="h3" id="profile-customers-title" mb="md">
          {t('myProfile.profiles')}
        </Title>
        {customers.length === 0 ? (
          <Text c="dimmed">{t('myProfile.noCustomers')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-labelledby="profile-customers-title" data-testid="my-profiles" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('myProfile.customer')}</Table.Th>
                  <Table.Th scope="col">{t('myProfile.enterpriseNumber')}</Table.Th>
                  <Table.Th scope="col">{t('myProfile.profile')}</Table.Th>
                  <Table.Th scope="col">{t('myProfile.relation')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {customers.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{displayEnterpriseNumber(c.enterpriseNumber)}</Table.Td>
                    <Table.Td>
                      {c.profile || c.subProfiles.length > 0 ? (
                        <ProfileBadges t={t} profile={c.profile} subProfiles={c.subProfiles} />
                      ) : (
                        t('common.none')
                      )}
                    </Table.Td>
                    <Table.Td>{relationText(t, c, customers)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
