import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Group, Radio, Select, Skeleton, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { addDays, brusselsDate } from '@mandate/domain/dates';
import { MAX_SUSPENSION_DAYS } from '@mandate/contracts/sim-orders';
import { DateField } from '../../../components/date-field.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useIdempotencyKey, useOrderSim, useTerminationQuote } from '../api/fleet-api.ts';
import type { OrderEffective, SimDetail, SimOrder, SimOrderBody, TariffOption, TariffPlan } from '../api/fleet-types.ts';
import { useFleetI18n, type FleetI18n } from '../i18n/fleet-i18n.ts';
import { FleetProblemAlert } from './fleet-problem.tsx';
import { planAllowancesText } from './fleet-format.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import '../fleet.css';

/** What the page says once an order is placed. */
export function orderResultText(i18n: FleetI18n, order: SimOrder): string {
  if (order.status === 'scheduled') return i18n.tf('fleet.order.result.scheduled', { date: order.effectiveAt ? i18n.dateTime(order.effectiveAt) : i18n.tf('fleet.order.nextPeriod') });
  if (order.status === 'requested') return i18n.tf('fleet.order.result.requested');
  if (order.status === 'awaiting_approval') return i18n.tf('fleet.order.result.awaiting_approval');
  return i18n.tf('fleet.order.result.applied');
}

/**
 * A refused order: a stale version (412, someone changed the SIM meanwhile) says so and offers to
 * reload the SIM; anything else is the problem as the server described it.
 */
export function OrderError({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { tf } = useFleetI18n();
  if (!error) return null;
  if (error instanceof ApiError && error.status === 412) {
    return (
      <Alert color="orange" variant="light" role="alert" data-testid="fleet-order-stale">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{tf('fleet.order.stale')}</Text>
          <Button size="xs" variant="white" color="orange" onClick={onReload} data-testid="fleet-order-reload">{tf('fleet.order.reload')}</Button>
        </Stack>
      </Alert>
    );
  }
  return <FleetProblemAlert error={error} testId="fleet-order-error" />;
}

/** Places one order on a SIM against the version the user saw, once per body (Idempotency-Key). */
function useSubmitOrder(customerId: string, sim: SimDetail, onDone: (order: SimOrder) => void) {
  const order = useOrderSim(customerId, sim.id);
  const keyFor = useIdempotencyKey();
  return {
    submit: (body: SimOrderBody) => order.mutate({ body, version: sim.version, key: keyFor(body) }, { onSuccess: onDone }),
    pending: order.isPending,
    error: order.error,
  };
}

export type SubscriptionChange =
  | { kind: 'plan' }
  /** optionId: the option chosen already (a one-click remedy link), still to be confirmed. */
  | { kind: 'add_option'; optionId?: string }
  | { kind: 'remove_option'; optionId: string; name: string }
  | { kind: 'clir' | 'premium_barring'; enabled: boolean }
  | { kind: 'eu_data_cutoff'; optOut: boolean };

interface SubscriptionDialogProps {
  customerId: string;
  sim: SimDetail;
  change: SubscriptionChange;
  /** The plans and options he may choose (all for a fleet manager; his self-service rights for an end user). */
  plans: readonly TariffPlan[];
  options: readonly TariffOption[];
  onClose: () => void;
  onDone: (order: SimOrder) => void;
  onReload: () => void;
}

/** The options one may add to the SIM: not held, not withdrawn, and fitting its tariff plan. */
export function offeredOptions(sim: Pick<SimDetail, 'options' | 'tariffPlan'>, options: readonly TariffOption[]): TariffOption[] {
  const held = new Set(sim.options.map((o) => o.id));
  return options.filter((o) => !held.has(o.id) && o.withdrawnAt === null && (!sim.tariffPlan || o.planIds.includes(sim.tariffPlan.id)));
}

/** One change of the subscription: what, and from when (now or the next billing period). */
export function SubscriptionDialog({ customerId, sim, change, plans, options, onClose, onDone, onReload }: SubscriptionDialogProps) {
  const i18n = useFleetI18n();
  const { tf, eur } = i18n;
  const [target, setTarget] = useState<string | null>(change.kind === 'add_option' ? change.optionId ?? null : null);
  const [effective, setEffective] = useState<OrderEffective>('now');
  const [acknowledged, setAcknowledged] = useState(false);
  const order = useSubmitOrder(customerId, sim, onDone);
  const msisdn = sim.msisdn;
  // A change chosen already (a remedy link) is only to be confirmed: the focus goes to the confirmation, not the picker.
  const prefilled = change.kind === 'add_option' && change.optionId !== undefined;

  let title: string;
  let body: SimOrderBody | null;
  let content: React.ReactNode = null;
  switch (change.kind) {
    case 'plan':
      title = tf('fleet.change.planTitle', { msisdn });
      body = target ? { kind: 'plan', tariffPlanId: target, effective } : null;
      content = (
        <Select
          label={tf('fleet.change.newPlan')}
          data={plans.filter((p) => p.id !== sim.tariffPlan?.id && p.withdrawnAt === null).map((p) => ({ value: p.id, label: `${p.name} · ${tf('fleet.sub.monthlyFee', { amount: eur(p.monthlyFeeCents) })} · ${planAllowancesText(i18n, p.allowances)}` }))}
          value={target}
          onChange={setTarget}
          required
          data-autofocus
          comboboxProps={{ withinPortal: true }}
          data-testid="fleet-change-plan"
        />
      );
      break;
    case 'add_option':
      title = tf('fleet.change.addOptionTitle', { msisdn });
      body = target ? { kind: 'add_option', optionId: target, effective } : null;
      content = (
        <Select
          label={tf('fleet.change.option')}
          data={offeredOptions(sim, options).map((o) => ({ value: o.id, label: `${o.name} · ${tf('fleet.sub.monthlyFee', { amount: eur(o.monthlyFeeCents) })}` }))}
          value={target}
          onChange={setTarget}
          required
          data-autofocus={!prefilled || undefined}
          comboboxProps={{ withinPortal: true }}
          data-testid="fleet-change-option"
        />
      );
      break;
    case 'remove_option':
      title = tf('fleet.change.removeOptionTitle', { name: change.name, msisdn });
      body = { kind: 'remove_option', optionId: change.optionId, effective };
      break;
    case 'clir':
      title = tf(change.enabled ? 'fleet.change.clirTitle' : 'fleet.change.clirOffTitle', { msisdn });
      body = { kind: 'clir', enabled: change.enabled, effective };
      content = <Text size="sm">{tf('fleet.change.free')}</Text>;
      break;
    case 'premium_barring':
      title = tf(change.enabled ? 'fleet.change.barringTitle' : 'fleet.change.barringOffTitle', { msisdn });
      body = { kind: 'premium_barring', enabled: change.enabled, effective };
      break;
    case 'eu_data_cutoff':
      title = tf('fleet.change.euTitle', { msisdn });
      // Opting out needs the warning read first; opting back in needs nothing.
      body = change.optOut ? (acknowledged ? { kind: 'eu_data_cutoff', optOut: true, warningAcknowledged: true, effective } : null) : { kind: 'eu_data_cutoff', optOut: false, effective };
      content = change.optOut ? (
        <Stack gap="xs">
          <Alert color="orange" variant="light" role="alert" data-testid="fleet-eu-warning">{tf('fleet.change.euWarning')}</Alert>
          <Checkbox label={tf('fleet.change.euAcknowledge')} checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} data-testid="fleet-eu-acknowledge" />
        </Stack>
      ) : (
        <Text size="sm">{tf('fleet.change.euOptInText')}</Text>
      );
      break;
  }

  return (
    <Dialog opened onClose={onClose} title={title} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (body) order.submit(body);
        }}
      >
        <Stack gap="md">
          {content}
          <Radio.Group label={tf('fleet.change.when')} value={effective} onChange={(value) => setEffective(value === 'next_period' ? 'next_period' : 'now')}>
            <Stack gap={6} mt={4}>
              <Radio value="now" label={tf('fleet.change.now')} data-testid="fleet-change-now" />
              <Radio value="next_period" label={tf('fleet.change.nextPeriod')} data-testid="fleet-change-next-period" />
            </Stack>
          </Radio.Group>
          <OrderError error={order.error} onReload={onReload} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{i18n.t('common.cancel')}</Button>
            <Button type="submit" disabled={!body} loading={order.pending} data-autofocus={prefilled || undefined} data-testid="fleet-change-submit">{tf('fleet.change.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

export type LineAction = 'block' | 'reactivate' | 'suspend' | 'number_change' | 'port_out' | 'terminate';

/** The line actions a SIM's status allows (MOB-6..8, MOB-10). */
export function lineActionsFor(sim: Pick<SimDetail, 'status' | 'initialTermEnd' | 'blockedAt'>): LineAction[] {
  const s = sim.status;
  const actions: LineAction[] = [];
  // A SIM lost while its number waits to leave is blocked all the same: the port-out goes on.
  if (s === 'active' || s === 'suspended' || (s === 'port_out_pending' && !sim.blockedAt)) actions.push('block');
  if (s === 'blocked' || s === 'suspended') actions.push('reactivate');
  if (s === 'active') actions.push('suspend', 'number_change');
  // A line leaving with its number ends with the port-out (its cost was accepted then): nothing more to end.
  if (s !== 'deactivated' && s !== 'port_out_pending') actions.push('port_out', 'terminate');
  return actions;
}

export const LINE_ACTION_LABELS = {
  block: 'fleet.line.block',
  reactivate: 'fleet.line.reactivate',
  suspend: 'fleet.line.suspend',
  number_change: 'fleet.line.numberChange',
  port_out: 'fleet.line.portOut',
  terminate: 'fleet.line.terminate',
} as const;

/** A line past its initial term (or without one) ends without an early-termination cost: its button does not say "early". */
export function lineActionLabel(action: LineAction, sim: SimDetail) {
  const inInitialTerm = sim.initialTermEnd !== null && sim.initialTermEnd.slice(0, 10) >= brusselsDate(new Date());
  return action === 'terminate' && !inInitialTerm ? 'fleet.line.terminateAfterTerm' : LINE_ACTION_LABELS[action];
}

interface LineActionDialogProps {
  customerId: string;
  sim: SimDetail;
  action: LineAction;
  onClose: () => void;
  onDone: (order: SimOrder) => void;
  onReload: () => void;
}

/** A change of the line's status, always at once, confirmed first (block, suspend, port-out, termination…). */
export function LineActionDialog({ customerId, sim, action, onClose, onDone, onReload }: LineActionDialogProps) {
  const i18n = useFleetI18n();
  const { tf } = i18n;
  const order = useSubmitOrder(customerId, sim, onDone);
  const [note, setNote] = useState('');
  const [until, setUntil] = useState('');
  const [recipient, setRecipient] = useState('');
  const [tried, setTried] = useState(false);
  // The cost he accepted: a quote that changes meanwhile (refetched) must be accepted again, never ordered unseen.
  const [acceptedCents, setAcceptedCents] = useState<number | null>(null);
  // A port-out ends the subscription too: within its initial term it costs what terminating does (MOB-8, MOB-10).
  const quote = useTerminationQuote(customerId, sim.id, action === 'terminate' || action === 'port_out');
  const accepted = quote.data !== undefined && acceptedCents === quote.data.totalCents;
  // The server refused the accepted cost as no longer current: show the figures it now quotes.
  const costChanged = order.error instanceof ApiError && order.error.code === 'termination_cost_changed';
  const refetchQuote = quote.refetch;
  useEffect(() => {
    if (costChanged) void refetchQuote();
  }, [costChanged, refetchQuote]);
  const msisdn = sim.msisdn;
  const tomorrow = addDays(brusselsDate(new Date()), 1);
  const danger = action === 'block' || action === 'terminate' || action === 'port_out';

  let title: string;
  let text: string;
  let body: SimOrderBody | null;
  let fields: React.ReactNode = null;
  let confirm = tf('fleet.line.confirm');
  const noteField = (
    <Textarea label={tf('fleet.line.note')} value={note} maxLength={500} autosize minRows={2} onChange={(e) => setNote(e.currentTarget.value)} data-testid="fleet-line-note" />
  );
  const withNote = note.trim() ? { note: note.trim() } : {};
  switch (action) {
    case 'block':
      title = tf('fleet.line.blockTitle', { msisdn });
      text = tf(sim.status === 'port_out_pending' ? 'fleet.line.blockPortOutText' : 'fleet.line.blockText');
      body = { kind: 'block_lost_stolen', ...withNote };
      fields = noteField;
      confirm = tf('fleet.line.block');
      break;
    case 'reactivate':
      title = tf('fleet.line.reactivateTitle', { msisdn });
      // A lost line reported during its suspension returns to the suspension, as the server does.
      text = sim.status === 'blocked' && sim.suspendedUntil
        ? tf('fleet.line.reactivateSuspendedText', { date: i18n.day(sim.suspendedUntil) })
        : tf('fleet.line.reactivateText');
      body = { kind: 'reactivate' };
      break;
    case 'suspend': {
      title = tf('fleet.line.suspendTitle', { msisdn });
      text = tf('fleet.line.suspendText');
      // A year at most, as the server takes it (MOB-7): said on the field, not after a refused request.
      const lastDay = addDays(brusselsDate(new Date()), MAX_SUSPENSION_DAYS);
      const valid = until !== '' && until >= tomorrow && until <= lastDay;
      body = valid ? { kind: 'suspend', until } : null;
      fields = (
        <DateField
          label={tf('fleet.line.suspendUntil')}
          value={until}
          onChange={setUntil}
          minDate={tomorrow}
          maxDate={lastDay}
          required
          error={until !== '' && !valid ? tf('fleet.problem.suspension_period') : tried && !valid ? tf('fleet.line.dateRequired') : undefined}
          testId="fleet-line-until"
        />
      );
      break;
    }
    case 'number_change':
      title = tf('fleet.line.numberChangeTitle', { msisdn });
      text = tf('fleet.line.numberChangeText');
      body = { kind: 'number_change', ...withNote };
      fields = noteField;
      break;
    case 'port_out': {
      title = tf('fleet.line.portOutTitle', { msisdn });
      text = tf('fleet.line.portOutText');
      const cost = quote.data?.totalCents;
      const costSettled = cost === 0 || (cost !== undefined && accepted);
      body = recipient.trim() && costSettled ? { kind: 'port_out', recipientOperator: recipient.trim(), acceptedCostCents: cost } : null;
      fields = (
        <Stack gap="sm">
          <TextInput
            label={tf('fleet.line.recipient')}
            value={recipient}
            maxLength={100}
            required
            onChange={(e) => setRecipient(e.currentTarget.value)}
            error={tried && !recipient.trim() ? tf('fleet.line.recipientRequired') : undefined}
            data-autofocus
            data-testid="fleet-line-recipient"
          />
          {quote.isPending ? <Skeleton height={120} /> : null}
          {quote.error ? <FleetProblemAlert error={quote.error} onRetry={() => void quote.refetch()} /> : null}
          {quote.data && cost === 0 ? <Text size="sm" c="dimmed" data-testid="fleet-port-out-no-cost">{tf('fleet.line.portOutNoCost')}</Text> : null}
          {quote.data && cost !== undefined && cost > 0 ? (
            <>
              <Text size="sm">{tf('fleet.line.portOutCost')}</Text>
              <QuoteFigures quote={quote.data} />
              <Checkbox
                label={tf('fleet.line.terminateAccept')}
                checked={accepted}
                onChange={(e) => setAcceptedCents(e.currentTarget.checked ? cost : null)}
                error={tried && !accepted ? tf('fleet.line.portOutAcceptRequired') : undefined}
                data-testid="fleet-port-out-accept"
              />
            </>
          ) : null}
        </Stack>
      );
      break;
    }
    case 'terminate': {
      // Past its initial term a line ends at no cost (MOB-10): nothing to accept, no figures of zeros.
      const free = quote.data?.totalCents === 0;
      title = tf('fleet.line.terminateTitle', { msisdn });
      text = free ? tf('fleet.quote.noCost') : tf('fleet.quote.intro');
      body = quote.data && (accepted || free) ? { kind: 'terminate', acceptedCostCents: quote.data.totalCents } : null;
      if (quote.data) confirm = free ? tf('fleet.line.terminateFree') : tf('fleet.line.terminateConfirm', { amount: i18n.eur(quote.data.totalCents) });
      fields = (
        <Stack gap="sm">
          {quote.isPending ? <Skeleton height={160} /> : null}
          {quote.error ? <FleetProblemAlert error={quote.error} onRetry={() => void quote.refetch()} /> : null}
          {quote.data && !free ? <QuoteFigures quote={quote.data} /> : null}
          {quote.data && !free ? (
            <Checkbox
              label={tf('fleet.line.terminateAccept')}
              checked={accepted}
              onChange={(e) => setAcceptedCents(e.currentTarget.checked ? quote.data.totalCents : null)}
              data-testid="fleet-terminate-accept"
            />
          ) : null}
        </Stack>
      );
      break;
    }
  }

  return (
    <Dialog opened onClose={onClose} title={title} centered size={action === 'terminate' || action === 'port_out' ? 'lg' : 'md'}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (body) order.submit(body);
        }}
      >
        <Stack gap="md">
          <Text size="sm">{text}</Text>
          {fields}
          <OrderError
            error={order.error}
            onReload={() => {
              onReload();
              if (action === 'terminate' || action === 'port_out') void quote.refetch();
            }}
          />
          {/* The figures of a cost may be taller than a laptop's screen: the buttons stay in view below them. */}
          <Group justify="flex-end" className="fleet-dialog-footer" data-testid="fleet-line-footer">
            {/* Every line action is far-reaching: focus starts on Cancel, except where a required field comes first (the port-out's operator). */}
            <Button variant="default" onClick={onClose} data-autofocus={action !== 'port_out' || undefined} data-testid="fleet-line-cancel">
              {i18n.t('common.cancel')}
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} disabled={action === 'terminate' && !body} loading={order.pending} data-testid={`fleet-line-confirm-${action}`}>
              {confirm}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

/** The quote's tables: tight rows, so that its figures, the acceptance and the buttons fit a 1,366 × 768 screen. */
const COMPACT = { verticalSpacing: 4, fz: 'sm' } as const;

/** Every figure the early-termination cost comes from, before the user confirms it. */
function QuoteFigures({ quote }: { quote: NonNullable<ReturnType<typeof useTerminationQuote>['data']> }) {
  const i18n = useFleetI18n();
  const { tf, eur, day, count } = i18n;
  const row = (label: string, value: string, testId: string, strong = false) => (
    <Table.Tr data-testid={testId}>
      <Table.Th fw={strong ? 700 : 500} scope="row">{label}</Table.Th>
      <Table.Td ta="right" fw={strong ? 700 : undefined}>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack gap={6} data-testid="fleet-termination-quote">
      <Text size="xs" c="dimmed">{tf('fleet.quote.asOf', { date: day(quote.asOf) })}</Text>
      <Table withRowBorders {...COMPACT}>
        <Table.Tbody>
          {row(tf('fleet.quote.initialTermEnd'), quote.initialTermEnd ? day(quote.initialTermEnd) : '—', 'quote-term-end')}
          {row(tf('fleet.quote.remainingMonths'), count(quote.remainingMonths), 'quote-months')}
          {row(tf('fleet.quote.monthlyFee'), eur(quote.monthlyFeeCents), 'quote-monthly-fee')}
          {row(tf('fleet.quote.remainingFees'), eur(quote.remainingFeesCents), 'quote-remaining-fees')}
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={600} mt={4}>{tf('fleet.quote.invoices')}</Text>
      {quote.closedInvoices.length === 0 ? (
        <Text size="sm" c="dimmed">{tf('fleet.quote.noInvoices')}</Text>
      ) : (
        <Table {...COMPACT}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tf('fleet.quote.invoice')}</Table.Th>
              <Table.Th>{tf('fleet.quote.period')}</Table.Th>
              <Table.Th ta="right">{tf('fleet.quote.callAmount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {quote.closedInvoices.map((inv) => (
              <Table.Tr key={inv.invoiceId}>
                <Table.Td>{inv.number}</Table.Td>
                <Table.Td>{/^\d{4}-\d{2}$/.test(inv.period) ? i18n.month(inv.period) : inv.period}</Table.Td>
                <Table.Td ta="right">{eur(inv.callAmountCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Table withRowBorders {...COMPACT}>
        <Table.Tbody>
          {row(tf('fleet.quote.average'), eur(quote.averageCallAmountCents), 'quote-average')}
          {row(tf('fleet.quote.compensation'), eur(quote.callCompensationCents), 'quote-compensation')}
          {row(tf('fleet.quote.perSim'), eur(quote.perSimFeeCents), 'quote-per-sim')}
          {row(tf('fleet.quote.total'), eur(quote.totalCents), 'quote-total', true)}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
