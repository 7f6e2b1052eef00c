import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Group, Loader, MultiSelect, Skeleton, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { useDecideOrder, useSaveSelfService, useSelfService, useSimHistory, useSimOrders } from '../api/fleet-api.ts';
import { isCancellable, type SimDetail, type SimOrder, type SimOrderStatus, type TariffOption, type TariffPlan } from '../api/fleet-types.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import { deviceHistoryText } from './device-history.ts';
import { effectiveText, historyValueText, orderText, type CatalogueNames } from './fleet-format.tsx';
import { FleetProblemAlert, localiseFleetError } from './fleet-problem.tsx';

/** A titled card of the SIM's page. */
export function Section({ title, testId, children, actions }: { title: string; testId: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <Card withBorder padding="lg" data-testid={testId} component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} fz="h4">{title}</Title>
          {actions}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** The change history (who, when, for whom, through which delegation, before → after), newest first, "load more". */
export function SimHistory({ customerId, sim }: { customerId: string; sim: SimDetail }) {
  const i18n = useFleetI18n();
  const { tf, dateTime } = i18n;
  const history = useSimHistory(customerId, sim.id);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Section title={tf('fleet.history.title')} testId="sim-history">
      {history.isPending ? <Skeleton height={120} /> : null}
      {history.error ? <ErrorState error={history.error} inline onRetry={() => void history.refetch()} /> : null}
      {!history.isPending && !history.error && items.length === 0 ? <Text c="dimmed" data-testid="sim-history-empty">{tf('fleet.history.empty')}</Text> : null}
      {items.length > 0 ? (
        // On a phone each change reads as a card of "label: value" lines (app.css): what changed and how stay in view.
        <Table.ScrollContainer minWidth={760} className="mandate-stacked-table fleet-cards-only">
          <Table striped aria-label={tf('fleet.history.tableLabel', { msisdn: sim.msisdn })} data-testid="sim-history-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tf('fleet.history.when')}</Table.Th>
                <Table.Th>{tf('fleet.history.who')}</Table.Th>
                <Table.Th>{tf('fleet.history.for')}</Table.Th>
                <Table.Th>{tf('fleet.history.delegation')}</Table.Th>
                <Table.Th>{tf('fleet.history.what')}</Table.Th>
                <Table.Th>{tf('fleet.history.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => {
                // A device marking reads as its ownership, IMEI and model rather than as raw fields.
                const valueText = (value: unknown) => (item.kind === 'device' ? deviceHistoryText(i18n, value) : historyValueText(i18n, value));
                return (
                  <Table.Tr key={item.id} data-testid="sim-history-row" data-kind={item.kind}>
                    <Table.Td data-label={tf('fleet.history.when')} style={{ whiteSpace: 'nowrap' }}>{dateTime(item.at)}</Table.Td>
                    <Table.Td data-label={tf('fleet.history.who')}>
                      {item.actor?.name ?? <Text span size="sm" c="dimmed">{tf('fleet.history.system')}</Text>}
                      {item.approvedBy ? (
                        <Text size="xs" c="dimmed" data-testid="sim-history-approved-by">
                          {item.approvedBy.delegation
                            ? tf('fleet.history.approvedByThrough', { name: item.approvedBy.name, partner: item.approvedBy.delegation.partnerName ?? '—' })
                            : tf('fleet.history.approvedBy', { name: item.approvedBy.name })}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td data-label={tf('fleet.history.for')}>{item.actingFor.name}</Table.Td>
                    <Table.Td data-label={tf('fleet.history.delegation')} data-testid="sim-history-delegation">
                      {item.delegation ? tf('fleet.history.delegationOf', { partner: item.delegation.partnerName ?? '—' }) : tf('fleet.history.direct')}
                    </Table.Td>
                    <Table.Td data-label={tf('fleet.history.what')} data-testid="sim-history-what">{tf(`fleet.history.kind.${item.kind}`)}</Table.Td>
                    <Table.Td data-label={tf('fleet.history.change')} data-testid="sim-history-change">
                      <Text span size="sm" c="dimmed">{valueText(item.before)}</Text>
                      {' → '}
                      <Text span size="sm" fw={500}>{valueText(item.after)}</Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {history.hasNextPage ? (
        <Group>
          <Button variant="default" size="xs" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage} data-testid="sim-history-more">
            {tf('fleet.history.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Section>
  );
}

/** The orders still to be made: waiting for approval, for the next period, for the operator. */
export const OPEN_STATUSES: SimOrderStatus[] = ['awaiting_approval', 'scheduled', 'requested'];

/** The SIM's orders still waiting (approval, the next period, the operator), each cancellable where the ability lets him change the SIM. */
export function SimPendingOrders({ customerId, sim, names, canCancel }: { customerId: string; sim: SimDetail; names: CatalogueNames; canCancel: boolean }) {
  const i18n = useFleetI18n();
  const { tf, dateTime } = i18n;
  const orders = useSimOrders(customerId, { simId: sim.id, status: OPEN_STATUSES });
  const decide = useDecideOrder(customerId);
  const [cancelling, setCancelling] = useState<SimOrder | null>(null);
  const open = orders.data?.items ?? [];
  return (
    <Section title={tf('fleet.orders.title')} testId="sim-orders">
      {orders.isPending ? <Loader size="sm" aria-label={i18n.t('common.loading')} /> : null}
      {orders.error ? <FleetProblemAlert error={orders.error} onRetry={() => void orders.refetch()} testId="sim-orders-error" /> : null}
      {!orders.isPending && !orders.error && open.length === 0 ? <Text c="dimmed" data-testid="sim-orders-empty">{tf('fleet.orders.empty')}</Text> : null}
      {open.length > 0 ? (
        <Table.ScrollContainer minWidth={640} className="mandate-stacked-table fleet-cards-only">
          <Table aria-label={tf('fleet.orders.tableLabel', { msisdn: sim.msisdn })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tf('fleet.order.column.what')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.status')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.effective')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.by')}</Table.Th>
                <Table.Th>{tf('fleet.order.column.at')}</Table.Th>
                {canCancel ? <Table.Th data-empty><span className="mantine-visually-hidden">{tf('fleet.order.cancel')}</span></Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {open.map((o) => (
                <Table.Tr key={o.id} data-testid="sim-order-row">
                  <Table.Td data-label={tf('fleet.order.column.what')}>{orderText(i18n, o, names)}</Table.Td>
                  <Table.Td data-label={tf('fleet.order.column.status')}>{tf(`fleet.order.status.${o.status}`)}</Table.Td>
                  <Table.Td data-label={tf('fleet.order.column.effective')}>{effectiveText(i18n, o)}</Table.Td>
                  <Table.Td data-label={tf('fleet.order.column.by')}>{o.createdBy?.name ?? '—'}</Table.Td>
                  <Table.Td data-label={tf('fleet.order.column.at')}>{dateTime(o.createdAt)}</Table.Td>
                  {canCancel ? (
                    <Table.Td data-label="">
                      {isCancellable(o) ? (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setCancelling(o)} data-testid="sim-order-cancel">{tf('fleet.order.cancel')}</Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {cancelling ? (
        <ConfirmModal
          title={tf('fleet.order.cancelTitle')}
          text={tf('fleet.order.cancelText', { what: orderText(i18n, cancelling, names) })}
          confirmLabel={tf('fleet.order.cancel')}
          dismissLabel={tf('fleet.order.keep')}
          danger
          loading={decide.isPending}
          error={localiseFleetError(i18n, decide.error)}
          testId="sim-order-cancel"
          onClose={() => {
            setCancelling(null);
            decide.reset();
          }}
          onConfirm={() => decide.mutate({ orderId: cancelling.id, decision: 'cancel' }, { onSuccess: () => setCancelling(null) })}
        />
      ) : null}
    </Section>
  );
}

interface SelfServiceProps {
  customerId: string;
  sim: SimDetail;
  plans: readonly TariffPlan[];
  options: readonly TariffOption[];
}

/** The fleet manager sets what the SIM's end user may change himself: plans, options, CLIR, and whether he needs approval. */
export function SelfServiceEditor({ customerId, sim, plans, options }: SelfServiceProps) {
  const i18n = useFleetI18n();
  const { tf, dateTime } = i18n;
  const rights = useSelfService(customerId, sim.id, sim.endUser !== null);
  const save = useSaveSelfService(customerId, sim.id);
  const [draft, setDraft] = useState({ tariffPlanIds: [] as string[], optionIds: [] as string[], clir: false, requiresApproval: true });
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (rights.data) {
      const { tariffPlanIds, optionIds, clir, requiresApproval } = rights.data;
      setDraft({ tariffPlanIds, optionIds, clir, requiresApproval });
    }
  }, [rights.data]);
  const name = sim.endUser?.name ?? '';
  // The line is over: its rights are shown as they were left, not offered for change (its end user can order nothing on it either).
  const closed = sim.status === 'deactivated';
  return (
    <Section title={name ? tf('fleet.self.title', { name }) : tf('fleet.self.titleNoEndUser')} testId="sim-self-service">
      {!sim.endUser ? (
        <Text size="sm" c="dimmed">{tf('fleet.self.noEndUser')}</Text>
      ) : rights.isPending ? (
        <Skeleton height={140} />
      ) : rights.error ? (
        <FleetProblemAlert error={rights.error} onRetry={() => void rights.refetch()} testId="sim-self-service-error" />
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (closed) return;
            setSaved(false);
            save.mutate({ body: draft, version: sim.version }, { onSuccess: () => setSaved(true) });
          }}
        >
          <Stack gap="sm">
            <Text size="sm" c="dimmed">{tf('fleet.self.intro')}</Text>
            {closed ? <Alert color="gray" variant="light" data-testid="sim-self-service-closed">{tf('fleet.self.deactivated')}</Alert> : null}
            <MultiSelect
              label={tf('fleet.self.plans')}
              data={plans.filter((p) => p.withdrawnAt === null || draft.tariffPlanIds.includes(p.id)).map((p) => ({ value: p.id, label: p.name }))}
              value={draft.tariffPlanIds}
              onChange={(tariffPlanIds) => setDraft({ ...draft, tariffPlanIds })}
              searchable
              clearable
              disabled={closed}
              comboboxProps={{ withinPortal: true }}
              data-testid="self-plans"
            />
            <MultiSelect
              label={tf('fleet.self.options')}
              data={options.filter((o) => o.withdrawnAt === null || draft.optionIds.includes(o.id)).map((o) => ({ value: o.id, label: o.name }))}
              value={draft.optionIds}
              onChange={(optionIds) => setDraft({ ...draft, optionIds })}
              searchable
              clearable
              disabled={closed}
              comboboxProps={{ withinPortal: true }}
              data-testid="self-options"
            />
            <Switch label={tf('fleet.self.clir')} checked={draft.clir} disabled={closed} onChange={(e) => setDraft({ ...draft, clir: e.currentTarget.checked })} data-testid="self-clir" />
            <Checkbox label={tf('fleet.self.approval')} checked={draft.requiresApproval} disabled={closed} onChange={(e) => setDraft({ ...draft, requiresApproval: e.currentTarget.checked })} data-testid="self-approval" />
            <Text size="xs" c="dimmed">
              {rights.data?.grantedAt && rights.data.grantedBy
                ? tf('fleet.self.granted', { name: rights.data.grantedBy.name, date: dateTime(rights.data.grantedAt) })
                : tf('fleet.self.notGranted')}
            </Text>
            <FleetProblemAlert error={save.error} testId="sim-self-service-save-error" />
            {saved ? <Alert color="green" variant="light" role="status" data-testid="sim-self-service-saved">{tf('fleet.self.saved')}</Alert> : null}
            {closed ? null : (
              <Group>
                <Button type="submit" loading={save.isPending} data-testid="self-save">{tf('fleet.self.save')}</Button>
              </Group>
            )}
          </Stack>
        </form>
      )}
    </Section>
  );
}
