import { useState } from 'react';
import { Alert, Anchor, Button, Group, Loader, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { NotAvailable } from '../../../components/status-page.tsx';
import { useDecideOrder, useSimOrders, useTariffOptions, useTariffPlans } from '../api/fleet-api.ts';
import type { SimOrder } from '../api/fleet-types.ts';
import { catalogueNames, effectiveText, orderText } from '../components/fleet-format.tsx';
import { FleetGuard, FleetPage } from '../components/fleet-shell.tsx';
import type { FleetAccess } from '../fleet-access.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import '../fleet.css';
import { FleetProblemAlert, localiseFleetError } from '../components/fleet-problem.tsx';

/** /customers/:customerId/fleet/approvals */
export function ApprovalsRoute() {
  return (
    <FleetGuard>
      {({ customer, access }) => (access.update ? <ApprovalsPage key={customer.id} customerId={customer.id} customerName={customer.name} access={access} /> : <NotAvailable />)}
    </FleetGuard>
  );
}

/** The end users' self-service requests waiting for the fleet manager: approve, or reject with a reason. */
function ApprovalsPage({ customerId, customerName, access }: { customerId: string; customerName: string; access: FleetAccess }) {
  const i18n = useFleetI18n();
  const { tf, dateTime } = i18n;
  const orders = useSimOrders(customerId, { status: ['awaiting_approval'] });
  const plans = useTariffPlans();
  const options = useTariffOptions();
  const names = catalogueNames(plans.data?.items, options.data?.items);
  const decide = useDecideOrder(customerId);
  const [rejecting, setRejecting] = useState<SimOrder | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const items = orders.data?.items ?? [];

  return (
    <FleetPage customerId={customerId} customerName={customerName} access={access} tabs title={tf('fleet.approvals.title')} testId="fleet-approvals-page">
      {message ? <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setMessage(null)} data-testid="approvals-message">{message}</Alert> : null}
      {decide.error && !rejecting ? <FleetProblemAlert error={decide.error} approving={decide.variables?.decision === 'approve'} /> : null}
      {orders.isPending ? <Loader aria-label={i18n.t('common.loading')} /> : null}
      {orders.error ? <FleetProblemAlert error={orders.error} onRetry={() => void orders.refetch()} testId="approvals-error" /> : null}
      {!orders.isPending && !orders.error && items.length === 0 ? (
        <Paper withBorder p="lg"><Text c="dimmed" ta="center" data-testid="approvals-empty">{tf('fleet.approvals.empty')}</Text></Paper>
      ) : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-label={tf('fleet.approvals.tableLabel')} data-testid="approvals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tf('fleet.order.column.msisdn')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.what')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.effective')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.by')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.at')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <Table.Tr key={o.id} data-testid="approval-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${customerId}/fleet/${o.simId}`} size="sm">{o.msisdn}</Anchor>
                  </Table.Td>
                  <Table.Td>{orderText(i18n, o, names)}</Table.Td>
                  <Table.Td>{effectiveText(i18n, o)}</Table.Td>
                  <Table.Td>{o.createdBy?.name ?? '—'}</Table.Td>
                  <Table.Td>{dateTime(o.createdAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        loading={decide.isPending && decide.variables?.orderId === o.id && decide.variables.decision === 'approve'}
                        onClick={() => decide.mutate({ orderId: o.id, decision: 'approve' }, { onSuccess: () => setMessage(tf('fleet.approvals.approved')) })}
                        data-testid="approval-approve"
                      >
                        {tf('fleet.approvals.approve')}
                      </Button>
                      <Button size="xs" variant="light" color="red" onClick={() => setRejecting(o)} data-testid="approval-reject">
                        {tf('fleet.approvals.reject')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {rejecting ? (
        <ConfirmModal
          title={tf('fleet.approvals.rejectTitle', { msisdn: rejecting.msisdn })}
          text={tf('fleet.approvals.rejectText')}
          confirmLabel={tf('fleet.approvals.reject')}
          reason="required"
          danger
          loading={decide.isPending}
          error={localiseFleetError(i18n, decide.error)}
          testId="approval-reject"
          onClose={() => {
            setRejecting(null);
            decide.reset();
          }}
          onConfirm={(reason) => decide.mutate({ orderId: rejecting.id, decision: 'reject', reason }, {
            onSuccess: () => {
              setRejecting(null);
              setMessage(tf('fleet.approvals.rejected'));
            },
          })}
        />
      ) : null}
    </FleetPage>
  );
}
