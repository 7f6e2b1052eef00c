import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, Loader, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { Page } from '../../../components/page-header.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { CustomerNotFound, NotAvailable } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useMe } from '../../../lib/auth.tsx';
import { useDecideOrder, useMyLines, useSelfService, useSim, useSimOrders, useTariffOptions, useTariffPlans } from '../api/fleet-api.ts';
import type { SelfServiceRights, SimDetail, SimListItem, SimOrder } from '../api/fleet-types.ts';
import { catalogueNames, effectiveText, orderText, SimStatusLine, subscriptionChanges, UsageBars } from '../components/fleet-format.tsx';
import { orderResultText, SubscriptionDialog, type SubscriptionChange } from '../components/fleet-orders.tsx';
import { SimBilling } from '../components/sim-billing.tsx';
import { Section } from '../components/sim-sections.tsx';
import { MAY_NOTHING, SimSubscription, type SubscriptionMay } from '../components/sim-subscription.tsx';
import { fleetAccess } from '../fleet-access.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import { FleetProblemAlert, localiseFleetError } from '../components/fleet-problem.tsx';

/** /customers/:customerId/my-line — the end user's own line(s): usage, subscription, billing and call details, what his self-service rights let him change. */
export function MyLineRoute() {
  const { customer, ability } = useCustomerContext();
  if (!customer) return <CustomerNotFound />;
  const access = fleetAccess(ability, customer.id);
  if (!access.read) return <NotAvailable />;
  return (
    <MyLinePage
      key={customer.id} customerId={customer.id} customerName={customer.name}
      manages={access.update}
    />
  );
}

function MyLinePage({ customerId, customerName, manages }: { customerId: string; customerName: string; manages: boolean }) {
  const { tf } = useFleetI18n();
  const lines = useMyLines(customerId);
  const items = lines.data?.items ?? [];
  return (
    <Page title={tf('fleet.myLine.title')} subtitle={tf('fleet.myLine.subtitle', { customer: customerName })} customerName={customerName} testId="my-line-page">
      {/* Whoever manages lines (MOB-3) finds them from here too, not only his own. */}
      {manages ? (
        <Paper withBorder p="md" data-testid="my-line-manage">
          <Group justify="space-between" gap="sm">
            <Text size="sm">{tf('fleet.myLine.manageText', { customer: customerName })}</Text>
            <Button component={Link} to={`/customers/${customerId}/fleet`} variant="light" data-testid="my-line-manage-link">{tf('fleet.myLine.manageLink')}</Button>
          </Group>
        </Paper>
      ) : null}
      {lines.isPending ? <Skeleton height={240} data-testid="my-line-loading" /> : null}
      {/* A refusal (403) says plainly what the server answered. */}
      {lines.error ? <ErrorState error={lines.error} inline onRetry={() => void lines.refetch()} /> : null}
      {!lines.isPending && !lines.error && items.length === 0 ? (
        <Paper withBorder p="lg"><Text data-testid="my-line-none">{tf('fleet.myLine.none', { customer: customerName })}</Text></Paper>
      ) : null}
      {items.map((line) => <MyLine key={line.id} customerId={customerId} line={line} />)}
    </Page>
  );
}

function MyLine({ customerId, line }: { customerId: string; line: SimListItem }) {
  const { tf } = useFleetI18n();
  const sim = useSim(customerId, line.id);
  if (sim.isPending) return <Skeleton height={240} />;
  if (sim.error) return <ErrorState error={sim.error} inline onRetry={() => void sim.refetch()} />;
  return (
    <Stack gap="md" data-testid="my-line" data-sim={line.id}>
      <Title order={2} fz="h3">{tf('fleet.sim.title', { msisdn: sim.data.msisdn })} <SimStatusLine sim={sim.data} /></Title>
      <MyLineBody customerId={customerId} sim={sim.data} onReload={() => void sim.refetch()} />
    </Stack>
  );
}

function mayOf(rights: SelfServiceRights | undefined, sim: SimDetail): SubscriptionMay {
  if (!rights || !subscriptionChanges(sim)) return MAY_NOTHING;
  const held = new Set(sim.options.map((o) => o.id));
  return {
    plan: rights.tariffPlanIds.some((id) => id !== sim.tariffPlan?.id),
    addOption: rights.optionIds.some((id) => !held.has(id)),
    removeOption: (optionId) => rights.optionIds.includes(optionId),
    clir: rights.clir,
    premiumBarring: false,
    euDataCutoff: false,
  };
}

function MyLineBody({ customerId, sim, onReload }: { customerId: string; sim: SimDetail; onReload: () => void }) {
  const i18n = useFleetI18n();
  const { tf, dateTime } = i18n;
  const rights = useSelfService(customerId, sim.id);
  const plans = useTariffPlans();
  const options = useTariffOptions();
  const names = catalogueNames(plans.data?.items, options.data?.items);
  const waiting = useSimOrders(customerId, { simId: sim.id, status: ['awaiting_approval', 'scheduled'] });
  const [change, setChange] = useState<SubscriptionChange | null>(null);
  const [result, setResult] = useState<string | null>(null);
  // On a phone the page is scrolled to the change's button: the outcome is brought into view.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);
  // His own request awaiting approval, or his change scheduled for the next period, he may withdraw (the server lets its asker cancel
  // it); a change his manager scheduled is shown, with who asked for it, but is not his to cancel.
  const me = useMe().data?.user.id;
  const decide = useDecideOrder(customerId);
  const [cancelling, setCancelling] = useState<SimOrder | null>(null);
  const may = mayOf(rights.data, sim);
  const allowedPlans = (plans.data?.items ?? []).filter((p) => rights.data?.tariffPlanIds.includes(p.id));
  const allowedOptions = (options.data?.items ?? []).filter((o) => rights.data?.optionIds.includes(o.id));
  const nothing = rights.data && !may.plan && !may.addOption && !sim.options.some((o) => may.removeOption(o.id)) && !may.clir;

  return (
    <Stack gap="md">
      {result ? <Alert ref={resultRef} color="green" variant="light" role="status" withCloseButton onClose={() => setResult(null)} data-testid="my-line-result">{result}</Alert> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title={tf('fleet.usage.title')} testId="my-line-usage">
          {sim.usage ? <UsageBars usage={sim.usage} /> : <Text size="sm" c="dimmed">{tf('fleet.usage.none')}</Text>}
          {/* MOB-2 against INV-4: the same month's usage reads differently in My invoice online, and says why. */}
          {sim.usage ? <Text size="xs" c="dimmed" data-testid="my-line-usage-timing">{tf('fleet.myLine.usageTiming')}</Text> : null}
        </Section>
        <SimSubscription sim={sim} may={may} onChange={setChange} />
      </SimpleGrid>
      <SimBilling customerId={customerId} sim={sim} />
      <Section title={tf('fleet.myLine.may')} testId="my-line-rights">
        {rights.isPending ? <Loader size="sm" aria-label={i18n.t('common.loading')} /> : null}
        {rights.error ? (
          <Stack gap="xs">
            <Text size="sm">{tf('fleet.myLine.selfUnavailable')}</Text>
            <FleetProblemAlert error={rights.error} onRetry={() => void rights.refetch()} testId="my-line-rights-error" />
          </Stack>
        ) : null}
        {nothing ? <Text size="sm" c="dimmed" data-testid="my-line-nothing">{tf('fleet.myLine.nothing')}</Text> : null}
        {rights.data && !nothing ? (
          <Stack gap={4} data-testid="my-line-allowed">
            {allowedPlans.length > 0 ? <Text size="sm">{tf('fleet.myLine.plans', { plans: allowedPlans.map((p) => p.name).join(', ') })}</Text> : null}
            {allowedOptions.length > 0 ? <Text size="sm">{tf('fleet.myLine.options', { options: allowedOptions.map((o) => o.name).join(', ') })}</Text> : null}
            {rights.data.clir ? <Text size="sm">{tf('fleet.myLine.clir')}</Text> : null}
          </Stack>
        ) : null}
        {rights.data?.requiresApproval && !nothing ? <Text size="sm" data-testid="my-line-approval">{tf('fleet.myLine.approvalNote')}</Text> : null}
      </Section>
      <Section title={tf('fleet.myLine.waiting')} testId="my-line-waiting">
        {waiting.isPending ? <Loader size="sm" aria-label={i18n.t('common.loading')} /> : null}
        {waiting.error ? <FleetProblemAlert error={waiting.error} onRetry={() => void waiting.refetch()} testId="my-line-waiting-error" /> : null}
        {waiting.data && waiting.data.items.length === 0 ? <Text size="sm" c="dimmed">{tf('fleet.myLine.noWaiting')}</Text> : null}
        {waiting.data && waiting.data.items.length > 0 ? (
          // On a phone each change reads as a card of "label: value" lines, its cancel button in reach (app.css).
          <Table.ScrollContainer minWidth={640} className="mandate-stacked-table fleet-cards-only">
            <Table aria-label={tf('fleet.myLine.waiting')} data-testid="my-line-waiting-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{tf('fleet.order.column.what')}</Table.Th>
                  <Table.Th>{tf('fleet.order.column.status')}</Table.Th>
                  <Table.Th>{tf('fleet.order.column.effective')}</Table.Th>
                  <Table.Th>{tf('fleet.order.column.by')}</Table.Th>
                  <Table.Th>{tf('fleet.order.column.at')}</Table.Th>
                  <Table.Th data-empty><span className="mantine-visually-hidden">{tf('fleet.myLine.cancel')}</span></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {waiting.data.items.map((o: SimOrder) => (
                  <Table.Tr key={o.id} data-testid="my-line-waiting-row">
                    <Table.Td data-label={tf('fleet.order.column.what')}>{orderText(i18n, o, names)}</Table.Td>
                    <Table.Td data-label={tf('fleet.order.column.status')}>{tf(`fleet.order.status.${o.status}`)}</Table.Td>
                    <Table.Td data-label={tf('fleet.order.column.effective')}>{effectiveText(i18n, o)}</Table.Td>
                    <Table.Td data-label={tf('fleet.order.column.by')} data-testid="my-line-waiting-by">{o.createdBy?.name ?? '—'}</Table.Td>
                    <Table.Td data-label={tf('fleet.order.column.at')} data-testid="my-line-waiting-at">{dateTime(o.createdAt)}</Table.Td>
                    <Table.Td data-label="" ta="right">
                      {o.createdBy?.id === me
                        ? <Button size="xs" variant="subtle" color="red" onClick={() => setCancelling(o)} data-testid="my-line-cancel">{tf('fleet.myLine.cancel')}</Button>
                        : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Section>
      {cancelling ? (
        <ConfirmModal
          title={tf('fleet.myLine.cancelTitle')}
          text={tf('fleet.myLine.cancelText', { what: orderText(i18n, cancelling, names) })}
          confirmLabel={tf('fleet.myLine.cancel')}
          dismissLabel={tf('fleet.order.keep')}
          danger
          loading={decide.isPending}
          error={localiseFleetError(i18n, decide.error)}
          testId="my-line-cancel"
          onClose={() => {
            setCancelling(null);
            decide.reset();
          }}
          onConfirm={() => decide.mutate({ orderId: cancelling.id, decision: 'cancel' }, {
            onSuccess: () => {
              setCancelling(null);
              setResult(tf('fleet.myLine.cancelled'));
            },
          })}
        />
      ) : null}
      {change ? (
        <SubscriptionDialog
          customerId={customerId}
          sim={sim}
          change={change}
          plans={allowedPlans}
          options={allowedOptions}
          onClose={() => setChange(null)}
          onDone={(order) => {
            setChange(null);
            setResult(orderResultText(i18n, order));
          }}
          onReload={onReload}
        />
      ) : null}
    </Stack>
  );
}
