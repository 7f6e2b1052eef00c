import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { isUuid } from '@mandate/contracts/common';
import { ErrorState } from '../../../components/error-state.tsx';
import { NotFound } from '../../../components/status-page.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { useSim, useSimOrders, useTariffOptions, useTariffPlans } from '../api/fleet-api.ts';
import type { SimDetail, SimOrder, TariffOption } from '../api/fleet-types.ts';
import { SimBillShockAlerts } from '../components/bill-shock.tsx';
import { catalogueNames, SimStatusLine, subscriptionChanges, UsageBars } from '../components/fleet-format.tsx';
import {
  lineActionLabel, LineActionDialog, lineActionsFor, offeredOptions, orderResultText, SubscriptionDialog, type LineAction, type SubscriptionChange,
} from '../components/fleet-orders.tsx';
import { FleetGuard, FleetPage } from '../components/fleet-shell.tsx';
import { SimBilling } from '../components/sim-billing.tsx';
import { SimDevice } from '../components/sim-device.tsx';
import { OPEN_STATUSES, Section, SelfServiceEditor, SimHistory, SimPendingOrders } from '../components/sim-sections.tsx';
import { MAY_NOTHING, mayEverything, SimSubscription } from '../components/sim-subscription.tsx';
import { mayUpdateSim, type FleetAccess } from '../fleet-access.ts';
import { fleetListSearch } from '../fleet-return.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import type { FleetKey } from '../i18n/fleet-en.ts';
import '../fleet.css';

/** /customers/:customerId/fleet/:simId; an address whose SIM id is no id (a mistyped one) is not found, as a SIM out of scope. */
export function SimDetailRoute() {
  const { simId = '' } = useParams();
  return (
    <FleetGuard>
      {({ customer, access }) => (isUuid(simId)
        ? <SimDetailLoader key={`${customer.id}/${simId}`} customerId={customer.id} customerName={customer.name} simId={simId} access={access} />
        : <NotFound />)}
    </FleetGuard>
  );
}

interface PageProps {
  customerId: string;
  customerName: string;
  simId: string;
  access: FleetAccess;
}

function SimDetailLoader(props: PageProps) {
  const { tf } = useFleetI18n();
  const sim = useSim(props.customerId, props.simId);
  // Back to the list as it was when the SIM was opened from it: its filters are in its address.
  const listSearch = fleetListSearch(useLocation().state);
  const back = (
    <Anchor component={Link} to={`/customers/${props.customerId}/fleet${listSearch}`} size="sm" className="fleet-noprint" data-testid="sim-back">
      {tf('fleet.sim.back')}
    </Anchor>
  );
  if (sim.isPending) {
    return (
      <FleetPage customerId={props.customerId} customerName={props.customerName} access={props.access} title={tf('fleet.sim.title', { msisdn: '…' })} above={back}>
        <Skeleton height={300} data-testid="sim-loading" />
      </FleetPage>
    );
  }
  if (sim.error) return <ErrorState error={sim.error} onRetry={() => void sim.refetch()} />;
  return <SimDetailPage {...props} sim={sim.data} back={back} onReload={() => void sim.refetch()} />;
}

/**
 * A one-click remedy of a bill-shock mail (?remedy=add_option&optionId=…, ?remedy=eu_data_cutoff):
 * the change to open, prefilled, for the user to confirm as any order; or why it is not opened.
 */
export function remedyChange(
  remedy: string, optionId: string | null, sim: SimDetail, options: readonly TariffOption[], may: boolean,
): { change: SubscriptionChange } | { notice: FleetKey } {
  if (remedy !== 'add_option' && remedy !== 'eu_data_cutoff') return { notice: 'fleet.remedy.unknown' };
  if (!may) return { notice: 'fleet.remedy.notAllowed' };
  if (remedy === 'eu_data_cutoff') return sim.euDataCutoffOptOut ? { change: { kind: 'eu_data_cutoff', optOut: false } } : { notice: 'fleet.remedy.cutoffOn' };
  const option = optionId ? offeredOptions(sim, options).find((o) => o.id === optionId) : undefined;
  return option ? { change: { kind: 'add_option', optionId: option.id } } : { notice: 'fleet.remedy.optionNotOffered' };
}

/** The SIM's header, usage this month, subscription and line with their changes, billing and call details, waiting orders, history, device and self-service rights. */
function SimDetailPage({ customerId, customerName, access, sim, back, onReload }: PageProps & { sim: SimDetail; back: React.ReactNode; onReload: () => void }) {
  const i18n = useFleetI18n();
  const { tf } = i18n;
  const { ability } = useCustomerContext();
  const plans = useTariffPlans();
  const options = useTariffOptions();
  const names = catalogueNames(plans.data?.items, options.data?.items);
  const [change, setChange] = useState<SubscriptionChange | null>(null);
  const [action, setAction] = useState<LineAction | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [notice, setNotice] = useState<FleetKey | null>(null);
  const [params, setParams] = useSearchParams();
  // The ability decides, on this SIM's own fields, whether its changes are offered.
  const mayUpdate = mayUpdateSim(ability, customerId, {
    billingAccountId: sim.billingAccount.id, costCentreId: sim.costCentre?.id ?? null, endUserId: sim.endUser?.id ?? null,
  });
  const live = subscriptionChanges(sim);
  // A line leaving with its number takes no change of its subscription, but can still be blocked when lost.
  // A number change waiting at the operator is listed with the line's changes; a second is not offered.
  const openOrders = useSimOrders(customerId, { simId: sim.id, status: OPEN_STATUSES });
  const numberChangeWaiting = (openOrders.data?.items ?? []).some((o) => o.kind === 'number_change');
  const lineActions = lineActionsFor(sim).filter((a) => a !== 'number_change' || !numberChangeWaiting);

  // A remedy link opens its change once the catalogue is known, then leaves the URL, so that a
  // reload or going back does not open it again.
  const remedy = params.get('remedy');
  const remedyOption = params.get('optionId');
  const catalogueKnown = !options.isPending;
  useEffect(() => {
    if (remedy === null || !catalogueKnown) return;
    const outcome = remedyChange(remedy, remedyOption, sim, options.data?.items ?? [], mayUpdate && live);
    if ('change' in outcome) {
      setAction(null);
      setChange(outcome.change);
    } else {
      setNotice(outcome.notice);
    }
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.delete('remedy');
      next.delete('optionId');
      return next;
    }, { replace: true });
  }, [remedy, remedyOption, catalogueKnown, sim, options.data, mayUpdate, live, setParams]);
  const done = (order: SimOrder) => {
    setChange(null);
    setAction(null);
    setResult(orderResultText(i18n, order));
  };

  const facts: Array<[string, React.ReactNode, string]> = [
    [tf('fleet.sim.endUser'), sim.endUser?.name ?? <Text span c="dimmed">{tf('fleet.table.unassigned')}</Text>, 'sim-end-user'],
    [tf('fleet.sim.costCentre'), sim.costCentre ? `${sim.costCentre.code} · ${sim.costCentre.name}` : '—', 'sim-cost-centre'],
    [tf('fleet.sim.billingAccount'), `${sim.billingAccount.number} · ${sim.billingAccount.name}`, 'sim-billing-account'],
    [tf('fleet.sim.iccid'), sim.iccid, 'sim-iccid'],
  ];

  return (
    <FleetPage
      customerId={customerId}
      customerName={customerName}
      access={access}
      title={tf('fleet.sim.title', { msisdn: sim.msisdn })}
      subtitle={<SimStatusLine sim={sim} />}
      above={back}
      testId="sim-detail-page"
    >
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" component="dl" m={0}>
        {facts.map(([label, value, testId]) => (
          <div key={testId}>
            <Text component="dt" size="xs" c="dimmed">{label}</Text>
            <Text component="dd" m={0} fw={500} data-testid={testId}>{value}</Text>
          </div>
        ))}
      </SimpleGrid>
      {notice ? (
        <Alert color="yellow" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} data-testid="sim-remedy-notice">{tf(notice)}</Alert>
      ) : null}
      {result ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setResult(null)} data-testid="sim-order-result">{result}</Alert>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title={tf('fleet.usage.title')} testId="sim-usage-card">
          {sim.usage ? <UsageBars usage={sim.usage} /> : <Text size="sm" c="dimmed" data-testid="sim-usage-none">{tf('fleet.usage.none')}</Text>}
        </Section>
        <SimSubscription sim={sim} may={mayUpdate && live ? mayEverything() : MAY_NOTHING} onChange={setChange} />
      </SimpleGrid>

      {mayUpdate && lineActions.length > 0 ? (
        <Section title={tf('fleet.line.title')} testId="sim-line-actions">
          <Group gap="xs" className="fleet-noprint">
            {lineActions.map((a) => (
              <Button
                key={a}
                size="xs"
                variant={a === 'block' || a === 'terminate' ? 'light' : 'default'}
                color={a === 'block' || a === 'terminate' ? 'red' : undefined}
                onClick={() => setAction(a)}
                data-testid={`sim-line-${a}`}
              >
                {tf(lineActionLabel(a, sim))}
              </Button>
            ))}
          </Group>
        </Section>
      ) : null}

      <SimBilling customerId={customerId} sim={sim} />
      <SimPendingOrders customerId={customerId} sim={sim} names={names} canCancel={mayUpdate} />
      {mayUpdate ? <SimBillShockAlerts customerId={customerId} sim={sim} canAdd={live} /> : null}
      <SimHistory customerId={customerId} sim={sim} />
      <SimDevice customerId={customerId} sim={sim} canMark={mayUpdate && live} onReload={onReload} />
      {mayUpdate ? (
        <Stack className="fleet-noprint">
          <SelfServiceEditor customerId={customerId} sim={sim} plans={plans.data?.items ?? []} options={options.data?.items ?? []} />
        </Stack>
      ) : null}

      {change ? (
        <SubscriptionDialog
          customerId={customerId}
          sim={sim}
          change={change}
          plans={plans.data?.items ?? []}
          options={options.data?.items ?? []}
          onClose={() => setChange(null)}
          onDone={done}
          onReload={onReload}
        />
      ) : null}
      {action ? <LineActionDialog customerId={customerId} sim={sim} action={action} onClose={() => setAction(null)} onDone={done} onReload={onReload} /> : null}
    </FleetPage>
  );
}
