import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { parseTypedMoney } from '@mandate/domain/money';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { schemaErrors } from '../../../lib/form.ts';
import { decimalSeparator } from '../../../lib/format.ts';
import { useBillShockAlerts, useCreateBillShockAlert, useRemoveBillShockAlert } from '../api/fleet-api.ts';
import {
  BILL_SHOCK_METRICS, CreateBillShockAlertSchema, type BillShockAlert, type BillShockMetric, type CreateBillShockAlertBody, type SimDetail,
} from '../api/fleet-types.ts';
import { fromFleetList } from '../fleet-return.ts';
import { useFleetI18n, type FleetI18n } from '../i18n/fleet-i18n.ts';
import { Section } from './sim-sections.tsx';
import { FleetProblemAlert, localiseFleetError } from './fleet-problem.tsx';

/** The largest threshold the API takes (CreateBillShockAlertBody's maximum), in cents. */
const MAX_THRESHOLD_CENTS = 100_000_000;

/** What an alert watches, on what, over how much: "Roaming usage of +32… over €50.00". */
function alertSummary(i18n: FleetI18n, alert: BillShockAlert): string {
  return i18n.tf('fleet.alerts.summary', {
    metric: i18n.tf(`fleet.alerts.metric.${alert.metric}`),
    target: alert.sim ? alert.sim.msisdn : alert.costCentre ? i18n.tf('fleet.alerts.costCentreOf', { name: alert.costCentre.name }) : '—',
    threshold: i18n.eur(alert.thresholdCents),
  });
}

interface AlertFormProps {
  customerId: string;
  /** The SIM the alert is set on; without it, the form asks for one of `costCentres`. */
  simId?: string;
  costCentres?: ReadonlyArray<{ value: string; label: string }>;
  onAdded: () => void;
  /** Counts the alerts removed beside the form: a refusal it shows may no longer hold. */
  removals: number;
}

/**
 * A new alert: what usage to watch and the threshold in euro (sent in cents), on the SIM or on a
 * cost centre picked from the user's scope. Checked by the contracts schema the server uses, with
 * the threshold's own message (above zero) in the user's language.
 */
function AlertForm({ customerId, simId, costCentres = [], onAdded, removals }: AlertFormProps) {
  const i18n = useFleetI18n();
  const { tf } = i18n;
  const create = useCreateBillShockAlert(customerId);
  const [metric, setMetric] = useState<BillShockMetric>('roaming');
  const [threshold, setThreshold] = useState('');
  const [costCentreId, setCostCentreId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ threshold?: string; costCentre?: string }>({});
  const onCentre = simId === undefined;
  useEffect(() => setErrors({}), [removals]);

  const submit = () => {
    const cents = parseTypedMoney(threshold, decimalSeparator(i18n.locale))?.cents ?? null;
    const body: CreateBillShockAlertBody = {
      ...(onCentre ? (costCentreId ? { costCentreId } : {}) : { simId }),
      metric,
      thresholdCents: cents ?? 0,
    };
    const found = schemaErrors(i18n.t, CreateBillShockAlertSchema, body);
    const next = {
      ...(cents === null || cents <= 0 || cents > MAX_THRESHOLD_CENTS || found.thresholdCents ? { threshold: tf('fleet.alerts.thresholdInvalid') } : {}),
      ...(onCentre && (!costCentreId || found.costCentreId) ? { costCentre: tf('fleet.alerts.costCentreRequired') } : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    create.mutate(body, {
      onSuccess: () => {
        setThreshold('');
        setCostCentreId(null);
        onAdded();
      },
      // The same alert exists: said on the threshold, in the user's language.
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'alert_exists') {
          setErrors({ threshold: tf('fleet.alerts.exists') });
          create.reset();
        }
      },
    });
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      aria-label={onCentre ? tf('fleet.alerts.addCentreTitle') : tf('fleet.alerts.addTitle')}
      data-testid={onCentre ? 'alert-centre-form' : 'alert-form'}
    >
      <Stack gap="xs">
        <Title order={3} fz="h5">{onCentre ? tf('fleet.alerts.addCentreTitle') : tf('fleet.alerts.addTitle')}</Title>
        {onCentre ? <Text size="xs" c="dimmed">{tf('fleet.alerts.costCentreHint')}</Text> : null}
        <Group align="flex-start" gap="sm" wrap="wrap">
          {onCentre ? (
            <Select
              label={tf('fleet.alerts.costCentre')}
              data={costCentres as Array<{ value: string; label: string }>}
              value={costCentreId}
              onChange={setCostCentreId}
              required
              searchable
              nothingFoundMessage={tf('fleet.alerts.noCostCentres')}
              error={errors.costCentre}
              comboboxProps={{ withinPortal: true }}
              w={{ base: '100%', sm: 220 }}
              data-testid="alert-cost-centre"
            />
          ) : null}
          <Select
            label={tf('fleet.alerts.metricLabel')}
            data={BILL_SHOCK_METRICS.map((m) => ({ value: m, label: tf(`fleet.alerts.metric.${m}`) }))}
            value={metric}
            onChange={(value) => setMetric(value === 'total' ? 'total' : 'roaming')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            w={{ base: '100%', sm: 200 }}
            data-testid={onCentre ? 'alert-centre-metric' : 'alert-metric'}
          />
          <TextInput
            label={tf('fleet.alerts.threshold')}
            description={tf('fleet.alerts.thresholdHint')}
            value={threshold}
            onChange={(event) => {
              setThreshold(event.currentTarget.value);
              setErrors(({ threshold: _changed, ...rest }) => rest);
            }}
            inputMode="decimal"
            maxLength={12}
            required
            error={errors.threshold}
            w={{ base: '100%', sm: 200 }}
            data-testid={onCentre ? 'alert-centre-threshold' : 'alert-threshold'}
          />
        </Group>
        <FleetProblemAlert error={create.error} testId={onCentre ? 'alert-centre-error' : 'alert-error'} />
        <Group>
          <Button type="submit" loading={create.isPending} data-testid={onCentre ? 'alert-centre-add' : 'alert-add'}>{tf('fleet.alerts.add')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

interface AlertListProps {
  customerId: string;
  /** One SIM's alerts (then no "applies to" column), or all the user may manage. */
  sim?: Pick<SimDetail, 'id' | 'msisdn'>;
  onRemoved: () => void;
}

/** The alerts with their threshold, who set them and when they last went off; each removed after confirmation. */
function AlertList({ customerId, sim, onRemoved }: AlertListProps) {
  const i18n = useFleetI18n();
  const { tf, eur, dateTime } = i18n;
  const alerts = useBillShockAlerts(customerId, sim?.id ?? null);
  const remove = useRemoveBillShockAlert(customerId);
  const [removing, setRemoving] = useState<BillShockAlert | null>(null);
  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  const testId = sim ? 'sim-alerts' : 'fleet-alerts';
  // From the fleet's list, a SIM opens with the way back to the list as its address has it.
  const { search } = useLocation();

  return (
    <Stack gap="xs">
      {alerts.isPending ? <Loader size="sm" aria-label={i18n.t('common.loading')} /> : null}
      {alerts.error ? <FleetProblemAlert error={alerts.error} onRetry={() => void alerts.refetch()} testId={`${testId}-error`} /> : null}
      {!alerts.isPending && !alerts.error && items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>{sim ? tf('fleet.alerts.empty') : tf('fleet.alerts.emptyAll')}</Text>
      ) : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={sim ? tf('fleet.alerts.tableLabel', { msisdn: sim.msisdn }) : tf('fleet.alerts.tableLabelAll')} data-testid={`${testId}-table`}>
            <Table.Thead>
              <Table.Tr>
                {sim ? null : <Table.Th>{tf('fleet.alerts.column.appliesTo')}</Table.Th>}
                <Table.Th>{tf('fleet.alerts.column.metric')}</Table.Th>
                <Table.Th ta="right">{tf('fleet.alerts.column.threshold')}</Table.Th>
                <Table.Th>{tf('fleet.alerts.column.setBy')}</Table.Th>
                <Table.Th>{tf('fleet.alerts.column.lastTriggered')}</Table.Th>
                <Table.Th><span className="mantine-visually-hidden">{tf('fleet.alerts.remove')}</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id} data-testid="alert-row" data-alert={a.id} data-metric={a.metric}>
                  {sim ? null : (
                    <Table.Td>
                      {a.sim ? (
                        <Anchor component={Link} to={`/customers/${customerId}/fleet/${a.sim.id}`} state={fromFleetList(search)} size="sm">{a.sim.msisdn}</Anchor>
                      ) : a.costCentre ? (
                        tf('fleet.alerts.costCentreOf', { name: a.costCentre.name })
                      ) : '—'}
                    </Table.Td>
                  )}
                  <Table.Td>{tf(`fleet.alerts.metric.${a.metric}`)}</Table.Td>
                  <Table.Td ta="right" data-testid="alert-threshold-cell">{eur(a.thresholdCents)}</Table.Td>
                  <Table.Td>{tf('fleet.alerts.setBy', { name: a.createdBy?.name ?? tf('fleet.alerts.someone'), date: dateTime(a.createdAt) })}</Table.Td>
                  <Table.Td data-testid="alert-last">
                    {a.lastTriggered
                      ? a.sim
                        ? tf('fleet.alerts.triggered', { date: dateTime(a.lastTriggered.at), spend: eur(a.lastTriggered.spendCents) })
                        : tf('fleet.alerts.triggeredSim', { date: dateTime(a.lastTriggered.at), msisdn: a.lastTriggered.msisdn, spend: eur(a.lastTriggered.spendCents) })
                      : <Text span size="sm" c="dimmed">{tf('fleet.alerts.never')}</Text>}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={tf('fleet.alerts.removeOf', { what: alertSummary(i18n, a) })}
                      onClick={() => setRemoving(a)}
                      data-testid="alert-remove"
                    >
                      {tf('fleet.alerts.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {alerts.hasNextPage ? (
        <Group>
          <Button variant="default" size="xs" onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage} data-testid={`${testId}-more`}>
            {tf('fleet.alerts.loadMore')}
          </Button>
        </Group>
      ) : null}
      {removing ? (
        <ConfirmModal
          title={tf('fleet.alerts.removeTitle')}
          text={tf('fleet.alerts.removeText', { what: alertSummary(i18n, removing) })}
          confirmLabel={tf('fleet.alerts.remove')}
          danger
          loading={remove.isPending}
          error={localiseFleetError(i18n, remove.error)}
          testId="alert-remove"
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
          onConfirm={() => remove.mutate(removing.id, {
            onSuccess: () => {
              setRemoving(null);
              onRemoved();
            },
          })}
        />
      ) : null}
    </Stack>
  );
}

/** What the last change did, said once (role=status) until the next change or its close button. */
function useDone() {
  const [done, setDone] = useState<string | null>(null);
  const message = done ? (
    <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)} data-testid="alerts-message">{done}</Alert>
  ) : null;
  return { message, say: setDone };
}

/** The SIM's page: its bill-shock alerts, a new one (while the line is live), removing one. */
export function SimBillShockAlerts({ customerId, sim, canAdd }: { customerId: string; sim: SimDetail; canAdd: boolean }) {
  const { tf } = useFleetI18n();
  const { message, say } = useDone();
  const [removals, setRemovals] = useState(0);
  return (
    <Section title={tf('fleet.alerts.title')} testId="sim-bill-shock">
      <Text size="sm" c="dimmed">{tf('fleet.alerts.intro')}</Text>
      {message}
      <AlertList customerId={customerId} sim={sim} onRemoved={() => { say(tf('fleet.alerts.removed')); setRemovals((n) => n + 1); }} />
      {canAdd ? <AlertForm customerId={customerId} simId={sim.id} onAdded={() => say(tf('fleet.alerts.added'))} removals={removals} /> : null}
    </Section>
  );
}

/** The fleet's page: every alert the user may manage, and a new one on a whole cost centre. */
export function FleetBillShockAlerts({ customerId, costCentres }: { customerId: string; costCentres: ReadonlyArray<{ value: string; label: string }> }) {
  const { tf } = useFleetI18n();
  const { message, say } = useDone();
  const [removals, setRemovals] = useState(0);
  return (
    <Section title={tf('fleet.alerts.title')} testId="fleet-bill-shock">
      <Text size="sm" c="dimmed">{tf('fleet.alerts.intro')}</Text>
      {message}
      <AlertList customerId={customerId} onRemoved={() => { say(tf('fleet.alerts.removed')); setRemovals((n) => n + 1); }} />
      <AlertForm customerId={customerId} costCentres={costCentres} onAdded={() => say(tf('fleet.alerts.added'))} removals={removals} />
    </Section>
  );
}
