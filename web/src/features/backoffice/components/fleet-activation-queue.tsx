import { useState } from 'react';
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { FLEET_MANAGER_MINIMUM_SIMS, type FleetActivationRequest } from '@mandate/contracts/fleet-activation';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { CompanyCell, ListTable } from '../../../components/list-table.tsx';
import { oneOf } from '../../../lib/url-state.ts';
import { useFleetActivationDecision, useFleetActivationQueue } from '../api/fleet-activations-api.ts';
import { useBackofficeI18n } from '../i18n/backoffice-i18n.ts';

const FILTERS = ['pending', 'all'] as const;
const STATUS_COLOURS = { pending: 'blue', approved: 'green', refused: 'red' } as const;

interface Decision {
  request: FleetActivationRequest;
  approve: boolean;
}

/**
 * The customers' requests to activate Fleet Manager: operator staff approve (the server counts the
 * SIM cards again, at least 30) or refuse with a reason the customer sees, after a confirmation.
 */
export function FleetActivationQueue({ status: raw, onStatus }: { status: string; onStatus: (status: string) => void }) {
  const { t, tb, dateTime, localise } = useBackofficeI18n();
  const status = oneOf(raw, FILTERS) ?? 'pending';
  const query = useFleetActivationQueue(status === 'all' ? null : status);
  const mutation = useFleetActivationDecision();
  const [decision, setDecision] = useState<Decision | null>(null);
  const params = (r: FleetActivationRequest) => ({ customer: r.customerName, sims: r.sims, minimum: FLEET_MANAGER_MINIMUM_SIMS });

  return (
    <Stack gap="sm">
      <SegmentedControl
        value={status}
        onChange={onStatus}
        data={[{ value: 'pending', label: t('bo.toReview') }, { value: 'all', label: t('bo.all') }]}
        size="xs"
        data-testid="bo-status-filter"
      />
      <ListStates query={query} empty={<Text c="dimmed" data-testid="bo-fleet-activations-empty">{tb('bo.fm.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={tb('bo.fm.label')}
            testId="bo-fleet-activations"
            minWidth={760}
            columns={[tb('bo.fm.customer'), tb('bo.fm.sims'), tb('bo.fm.asked'), tb('bo.fm.status'), tb('bo.fm.actions')]}
          >
            {items.map((r) => (
              <Table.Tr key={r.id} data-testid={`bo-fleet-activation-${r.id}`} data-customer={r.customerName}>
                <Table.Td><CompanyCell name={r.customerName} /></Table.Td>
                <Table.Td><Text size="sm" data-testid="bo-fleet-activation-sims">{r.sims}</Text></Table.Td>
                <Table.Td>
                  <Text size="sm">{dateTime(r.requestedAt)}</Text>
                  <Text size="xs" c="dimmed">{r.requestedBy?.name ?? tb('bo.fm.someone')}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLOURS[r.status]} tt="none">{tb(`bo.fm.status.${r.status}`)}</Badge>
                  {r.decidedAt ? <Text size="xs" c="dimmed">{tb('bo.fm.decidedBy', { name: r.decidedBy?.name ?? tb('bo.fm.someone'), date: dateTime(r.decidedAt) })}</Text> : null}
                  {r.reason ? <Text size="xs" c="dimmed">{r.reason}</Text> : null}
                </Table.Td>
                <Table.Td>
                  {r.status === 'pending' ? (
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" onClick={() => setDecision({ request: r, approve: true })} data-testid={`fleet-activation-approve-${r.id}`}>{t('bo.approve')}</Button>
                      <Button size="xs" color="red" variant="light" onClick={() => setDecision({ request: r, approve: false })} data-testid={`fleet-activation-refuse-${r.id}`}>{t('bo.refuse')}</Button>
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      {decision ? (
        <ConfirmModal
          title={t(decision.approve ? 'bo.approveTitle' : 'bo.refuseTitle')}
          text={tb(decision.approve ? 'bo.fm.approveText' : 'bo.fm.refuseText', params(decision.request))}
          confirmLabel={t(decision.approve ? 'bo.approve' : 'bo.refuse')}
          reason={decision.approve ? 'none' : 'required'}
          danger={!decision.approve}
          loading={mutation.isPending}
          error={localise(mutation.error, {
            too_few_sims: tb('bo.fm.problem.too_few_sims', params(decision.request)),
            already_decided: tb('bo.fm.problem.already_decided'),
          })}
          testId={`fleet-activation-${decision.approve ? 'approve' : 'refuse'}`}
          onClose={() => {
            setDecision(null);
            mutation.reset();
          }}
          onConfirm={(reason) =>
            mutation.mutate(
              { id: decision.request.id, decision: decision.approve ? 'approve' : 'refuse', ...(reason ? { reason } : {}) },
              { onSuccess: () => setDecision(null) },
            )}
        />
      ) : null}
    </Stack>
  );
}
