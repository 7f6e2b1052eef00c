import { useState } from 'react';
import { Alert, Button, Card, Group, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { subject } from '@casl/ability';
import type { SimListItem } from '@mandate/contracts/sims';
import type { UserSim } from '@mandate/contracts/users';
import { ErrorState } from '../../../components/error-state.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { useSetUserSims, useUserSims } from '../api/users-api.ts';
import { SimsLinkModal } from './sims-link-modal.tsx';

interface UserSimsCardProps {
  customerId: string;
  userId: string;
  name: string;
  /** The ability lets the signed-in user change SIMs (AO, fleet manager within his scope). */
  canUpdate: boolean;
}

/**
 * The lines a (Service) User uses: he is their end user (sims.end_user_id). "Link a line" finds
 * one with a server-searched picker; unlinking asks for confirmation. The PUT replaces
 * the list of lines the signed-in user may change, so it sends those he keeps plus the new one.
 */
export function UserSimsCard({ customerId, userId, name, canUpdate }: UserSimsCardProps) {
  const { t } = useI18n();
  const { ability } = useCustomerContext();
  const sims = useUserSims(customerId, userId);
  const save = useSetUserSims(customerId, userId);
  const items = sims.data?.items ?? [];
  const [linking, setLinking] = useState(false);
  const [unlinking, setUnlinking] = useState<UserSim | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // The lines he uses that the signed-in user may change: the only ones a PUT touches.
  const mayChange = (sim: UserSim) =>
    ability.can('update', subject('Sim', { customerId, billingAccountId: sim.billingAccountId, costCentreId: sim.costCentreId, endUserId: userId }));
  const kept = (without?: string) => items.filter((s) => s.id !== without && mayChange(s)).map((s) => s.id);

  const link = (sim: SimListItem) =>
    save.mutate([...kept(sim.id), sim.id], {
      onSuccess: () => {
        setLinking(false);
        setMessage(t('sims.linked', { msisdn: sim.msisdn, name }));
      },
    });
  const unlink = (sim: UserSim) =>
    save.mutate(kept(sim.id), {
      onSuccess: () => setMessage(t('sims.unlinked', { msisdn: sim.msisdn })),
      onSettled: () => setUnlinking(null),
    });

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="user-sims-title" data-testid="user-sims">
      <Group justify="space-between" align="flex-start">
        <Title order={2} fz="h3" id="user-sims-title">
          {t('userAdmin.sims.title')}
        </Title>
        {canUpdate ? (
          <Button size="xs" variant="light" onClick={() => { save.reset(); setMessage(null); setLinking(true); }} data-testid="sims-link">
            {t('sims.link')}
          </Button>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('userAdmin.sims.intro', { name })}
      </Text>
      {message ? (
        <Alert color="green" variant="light" mb="sm" role="status" withCloseButton onClose={() => setMessage(null)} data-testid="sims-message">
          {message}
        </Alert>
      ) : null}
      {save.error && !linking ? <ErrorState error={save.error} inline /> : null}
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
        <Table aria-labelledby="user-sims-title" verticalSpacing="xs" data-testid="user-sims-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('userAdmin.sims.msisdn')}</Table.Th>
              <Table.Th scope="col">{t('userAdmin.sims.status')}</Table.Th>
              {canUpdate ? <Table.Th scope="col"><VisuallyHidden>{t('userAdmin.sims.unlink')}</VisuallyHidden></Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((sim) => (
              <Table.Tr key={sim.id} data-testid={`user-sim-${sim.id}`}>
                <Table.Td>{sim.msisdn}</Table.Td>
                <Table.Td>{sim.status}</Table.Td>
                {canUpdate ? (
                  <Table.Td ta="right">
                    {mayChange(sim) ? (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => { save.reset(); setUnlinking(sim); }}
                        aria-label={`${t('userAdmin.sims.unlink')} ${sim.msisdn}`}
                        data-testid={`sims-unlink-${sim.id}`}
                      >
                        {t('userAdmin.sims.unlink')}
                      </Button>
                    ) : null}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {linking ? (
        <SimsLinkModal
          opened
          customerId={customerId}
          userId={userId}
          name={name}
          linkedIds={items.map((s) => s.id)}
          saving={save.isPending}
          error={save.error}
          onLink={link}
          onClose={() => setLinking(false)}
        />
      ) : null}
      {unlinking ? (
        <ConfirmModal
          title={t('sims.unlinkTitle', { msisdn: unlinking.msisdn })}
          text={t('sims.unlinkText', { msisdn: unlinking.msisdn, name })}
          confirmLabel={t('sims.unlinkConfirm')}
          danger
          loading={save.isPending}
          onConfirm={() => unlink(unlinking)}
          onClose={() => setUnlinking(null)}
          testId="sims-unlink"
        />
      ) : null}
    </Card>
  );
}
