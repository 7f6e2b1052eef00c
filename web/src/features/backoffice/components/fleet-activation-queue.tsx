import { Badge, Table, Text } from '@mantine/core';
import { FLEET_MANAGER_MINIMUM_SIMS, type FleetActivationRequest } from '@mandate/contracts/fleet-activation';
import { CompanyCell } from '../../../components/list-table.tsx';
import { useFleetActivationDecision, useFleetActivationQueue } from '../api/fleet-activations-api.ts';
import { useBackofficeI18n } from '../i18n/backoffice-i18n.ts';
import { DECISION_COLOURS, DecisionQueue, queueStatus } from './decision-queue.tsx';

/**
 * The customers' requests to activate Fleet Manager: operator staff approve (the server counts the
 * SIM cards again, at least 30) or refuse with a reason the customer sees, after a confirmation.
 */
export function FleetActivationQueue({ status, onStatus }: { status: string; onStatus: (status: string) => void }) {
  const { tb, dateTime, localise } = useBackofficeI18n();
  const query = useFleetActivationQueue(queueStatus(status));
  const mutation = useFleetActivationDecision();
  const params = (r: FleetActivationRequest) => ({ customer: r.customerName, sims: r.sims, minimum: FLEET_MANAGER_MINIMUM_SIMS });

  return (
    <DecisionQueue
      filter={status}
      onFilter={onStatus}
      query={query}
      testId="fleet-activation"
      empty={tb('bo.fm.empty')}
      label={tb('bo.fm.label')}
      minWidth={760}
      columns={[tb('bo.fm.customer'), tb('bo.fm.sims'), tb('bo.fm.asked'), tb('bo.fm.status'), tb('bo.fm.actions')]}
      rowAttributes={(r) => ({ 'data-customer': r.customerName })}
      cells={(r) => (
        <>
          <Table.Td><CompanyCell name={r.customerName} /></Table.Td>
          <Table.Td><Text size="sm" data-testid="bo-fleet-activation-sims">{r.sims}</Text></Table.Td>
          <Table.Td>
            <Text size="sm">{dateTime(r.requestedAt)}</Text>
            <Text size="xs" c="dimmed">{r.requestedBy?.name ?? tb('bo.fm.someone')}</Text>
          </Table.Td>
          <Table.Td>
            <Badge variant="light" color={DECISION_COLOURS[r.status]} tt="none">{tb(`bo.fm.status.${r.status}`)}</Badge>
            {r.decidedAt ? <Text size="xs" c="dimmed">{tb('bo.fm.decidedBy', { name: r.decidedBy?.name ?? tb('bo.fm.someone'), date: dateTime(r.decidedAt) })}</Text> : null}
            {r.reason ? <Text size="xs" c="dimmed">{r.reason}</Text> : null}
          </Table.Td>
        </>
      )}
      confirmText={({ request, approve }) => tb(approve ? 'bo.fm.approveText' : 'bo.fm.refuseText', params(request))}
      decide={mutation}
      body={({ request, approve }, reason) => ({ id: request.id, decision: approve ? 'approve' as const : 'refuse' as const, ...(reason ? { reason } : {}) })}
      describeError={(error, { request }) => localise(error, {
        too_few_sims: tb('bo.fm.problem.too_few_sims', params(request)),
        already_decided: tb('bo.fm.problem.already_decided'),
      })}
    />
  );
}
