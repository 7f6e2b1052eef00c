import { Alert, Button, Card, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorState } from '../../../components/error-state.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { useSetUserSims, useUserSims } from '../api/user-sims.ts';

interface UserSimsCardProps {
  customerId: string;
  userId: string;
  name: string;
  /** The ability lets the signed-in user change SIMs (AO, fleet manager within his scope). */
  canUpdate: boolean;
}

/** The lines a (Service) User uses: he is their end user (sims.end_user_id). */
export function UserSimsCard({ customerId, userId, name, canUpdate }: UserSimsCardProps) {
  const { t } = useI18n();
  const sims = useUserSims(customerId, userId, true);
  const save = useSetUserSims(customerId, userId);
  const items = sims.data?.items ?? [];

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="user-sims-title" data-testid="user-sims">
      <Title order={2} fz="h3" id="user-sims-title">
        {t('userAdmin.sims.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('userAdmin.sims.intro', { name })}
      </Text>
      {save.isSuccess ? <Alert color="green" variant="light" mb="sm" role="status">{t('userAdmin.sims.saved')}</Alert> : null}
      {save.error ? <ErrorState error={save.error} inline /> : null}
      {sims.isPending ? (
        <Stack gap="xs">
          <Skeleton height={14} />
          <Skeleton height={14} />
        </Stack>
      ) : sims.error ? (
        <ErrorState error={sims.error} onRetry={() => void sims.refetch()} inline />
      ) : items.length === 0 ? (
        <Text c="dimmed" data-testid="user-sims-empty">{t('userAdmin.sims.none')}</Text>
      ) : (
        <Table aria-labelledby="user-sims-title" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('userAdmin.sims.msisdn')}</Table.Th>
              <Table.Th scope="col">{t('userAdmin.sims.status')}</Table.Th>
              {canUpdate ? <Table.Th scope="col" /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((sim) => (
              <Table.Tr key={sim.id}>
                <Table.Td>{sim.msisdn}</Table.Td>
                <Table.Td>{sim.status}</Table.Td>
                {canUpdate ? (
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={save.isPending}
                      onClick={() => save.mutate(items.filter((s) => s.id !== sim.id).map((s) => s.id))}
                      data-testid={`user-sim-unlink-${sim.msisdn}`}
                    >
                      {t('userAdmin.sims.unlink')}
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
