import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Paper, Radio, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  fetchWhatIf, fleetKeys, useBulkChange, useBulkFailures, useIdempotencyKey, useRetryBulkChange, useStartBulkChange, useTariffOptions, useTariffPlans,
} from '../api/fleet-api.ts';
import { WHAT_IF_MAX, type BulkChange, type OrderEffective, type SimChange, type SimListItem } from '../api/fleet-types.ts';
import { useFleetI18n } from '../i18n/fleet-i18n.ts';
import { catalogueNames, planAllowancesText } from './fleet-format.tsx';
import { bulkFailureText, FleetProblemAlert } from './fleet-problem.tsx';
import { Dialog } from '../../../components/dialog.tsx';

type BulkKind = 'plan' | 'add_option' | 'remove_option';

interface BulkBarProps {
  customerId: string;
  simIds: string[];
  /** The loaded rows (to name the options the selected SIMs have). */
  rows: readonly SimListItem[];
  /** More SIMs match the filters than are loaded: "all" can only mean all loaded. */
  moreMatch: boolean;
  allLoaded: number;
  onSelectAllLoaded: () => void;
  onClear: () => void;
  onStarted: (bulk: BulkChange) => void;
}

/** The selection's count, "select all loaded" (saying honestly that more may match), and the bulk changes. */
export function BulkBar({ customerId, simIds, rows, moreMatch, allLoaded, onSelectAllLoaded, onClear, onStarted }: BulkBarProps) {
  const { tf, tn } = useFleetI18n();
  const [kind, setKind] = useState<BulkKind | null>(null);
  return (
    <Paper withBorder p="sm" className="fleet-noprint" data-testid="fleet-bulk-bar" role="region" aria-label={tf('fleet.bulk.label')}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm">
            <Text fw={600} aria-live="polite" data-testid="fleet-selected-count">{tn('fleet.select.count', simIds.length)}</Text>
            {simIds.length < allLoaded ? (
              <Button size="xs" variant="subtle" onClick={onSelectAllLoaded} data-testid="fleet-select-loaded">
                {tn('fleet.select.allLoaded', allLoaded)}
              </Button>
            ) : null}
            <Button size="xs" variant="subtle" color="gray" onClick={onClear} data-testid="fleet-select-clear">{tf('fleet.select.clear')}</Button>
          </Group>
          <Group gap="xs">
            <Button size="xs" onClick={() => setKind('plan')} data-testid="fleet-bulk-plan">{tf('fleet.bulk.plan')}</Button>
            <Button size="xs" variant="default" onClick={() => setKind('add_option')} data-testid="fleet-bulk-add-option">{tf('fleet.bulk.addOption')}</Button>
            <Button size="xs" variant="default" onClick={() => setKind('remove_option')} data-testid="fleet-bulk-remove-option">{tf('fleet.bulk.removeOption')}</Button>
          </Group>
        </Group>
        {moreMatch && simIds.length >= allLoaded ? <Text size="sm" c="dimmed" data-testid="fleet-select-honest">{tf('fleet.select.honest')}</Text> : null}
      </Stack>
      {kind ? (
        <BulkDialog
          customerId={customerId}
          kind={kind}
          simIds={simIds}
          rows={rows}
          onClose={() => setKind(null)}
          onStarted={(bulk) => {
            setKind(null);
            onStarted(bulk);
          }}
        />
      ) : null}
    </Paper>
  );
}

interface BulkDialogProps {
  customerId: string;
  kind: BulkKind;
  simIds: string[];
  rows: readonly SimListItem[];
  onClose: () => void;
  onStarted: (bulk: BulkChange) => void;
}

function BulkDialog({ customerId, kind, simIds, rows, onClose, onStarted }: BulkDialogProps) {
  const i18n = useFleetI18n();
  const { tf, tn, count, eur } = i18n;
  // A difference says its direction: "+€1.47" costs more, "−€55.45" less.
  const signedEur = (cents: number) => (cents > 0 ? `+${eur(cents)}` : eur(cents));
  const plans = useTariffPlans();
  const options = useTariffOptions();
  const start = useStartBulkChange(customerId);
  const keyFor = useIdempotencyKey();
  const [target, setTarget] = useState<string | null>(null);
  const [effective, setEffective] = useState<OrderEffective>('now');
  const whatIf = useMutation({ mutationFn: (planId: string) => fetchWhatIf(customerId, simIds, planId) });
  const previewable = simIds.length <= WHAT_IF_MAX;

  // Each choice is its name; its monthly fee goes beside it in the list and under the field once chosen, so that
  // a narrow field (a phone) cuts neither.
  const choices = useMemo<Array<{ value: string; label: string; fee?: string }>>(() => {
    const fee = (cents: number) => tf('fleet.sub.monthlyFee', { amount: eur(cents) });
    if (kind === 'plan') {
      return (plans.data?.items ?? []).filter((p) => p.withdrawnAt === null)
        .map((p) => ({ value: p.id, label: p.name, fee: `${fee(p.monthlyFeeCents)} · ${planAllowancesText(i18n, p.allowances)}` }));
    }
    if (kind === 'add_option') return (options.data?.items ?? []).filter((o) => o.withdrawnAt === null).map((o) => ({ value: o.id, label: o.name, fee: fee(o.monthlyFeeCents) }));
    // Remove: the options the selected (loaded) SIMs have.
    const selected = new Set(simIds);
    const held = new Map<string, string>();
    for (const sim of rows) if (selected.has(sim.id)) for (const o of sim.options) held.set(o.id, o.name);
    return [...held].map(([value, label]) => ({ value, label }));
  }, [kind, plans.data, options.data, rows, simIds, eur, tf]);
  const feeOf = useMemo(() => new Map(choices.map((c) => [c.value, c.fee])), [choices]);

  // What the server will answer for some of them, said before they are sent: lines that have ended or
  // are leaving with their number fail, those that have the change already stay as they are. The
  // selection holds loaded rows only, so each selected SIM's status and subscription are known.
  const precheck = useMemo(() => {
    const selected = new Set(simIds);
    let ending = 0;
    let already = 0;
    for (const sim of rows) {
      if (!selected.has(sim.id)) continue;
      if (sim.status === 'deactivated' || sim.status === 'port_out_pending') ending += 1;
      else if (target !== null && (kind === 'plan' ? sim.tariffPlan?.id === target
        : kind === 'add_option' ? sim.options.some((o) => o.id === target) : !sim.options.some((o) => o.id === target))) already += 1;
    }
    return { ending, already };
  }, [rows, simIds, kind, target]);

  const preview = whatIf.data && whatIf.data.tariffPlanId === target ? whatIf.data : null;
  const ready = target !== null && (kind !== 'plan' || !previewable || preview !== null);
  const title = kind === 'plan' ? 'fleet.bulk.planTitle' : kind === 'add_option' ? 'fleet.bulk.addOptionTitle' : 'fleet.bulk.removeOptionTitle';

  const submit = () => {
    if (!target) return;
    const change: SimChange = kind === 'plan'
      ? { kind: 'plan', tariffPlanId: target, effective }
      : { kind, optionId: target, effective };
    const body = { simIds, change };
    start.mutate({ body, key: keyFor(body) }, { onSuccess: onStarted });
  };

  return (
    <Dialog opened onClose={onClose} title={tn(title, simIds.length)} size="xl" centered>
      <Stack gap="md">
        <Select
          label={kind === 'plan' ? tf('fleet.change.newPlan') : tf('fleet.change.option')}
          data={choices}
          renderOption={({ option }) => (
            <Stack gap={0}>
              <Text size="sm">{option.label}</Text>
              {feeOf.get(option.value) ? <Text size="xs" c="dimmed">{feeOf.get(option.value)}</Text> : null}
            </Stack>
          )}
          description={target ? feeOf.get(target) : undefined}
          value={target}
          onChange={(value) => {
            setTarget(value);
            whatIf.reset();
          }}
          required
          data-autofocus
          comboboxProps={{ withinPortal: true }}
          data-testid="fleet-bulk-target"
        />
        <Radio.Group label={tf('fleet.change.when')} value={effective} onChange={(value) => setEffective(value === 'next_period' ? 'next_period' : 'now')}>
          <Group gap="md" mt={4}>
            <Radio value="now" label={tf('fleet.change.now')} data-testid="fleet-bulk-now" />
            <Radio value="next_period" label={tf('fleet.change.nextPeriod')} data-testid="fleet-bulk-next-period" />
          </Group>
        </Radio.Group>
        {kind === 'plan' ? (
          <Stack gap="xs" data-testid="fleet-what-if">
            <Title order={3} fz="h5">{tf('fleet.whatIf.title')}</Title>
            {previewable ? (
              <Group>
                <Button variant="default" disabled={!target} loading={whatIf.isPending} onClick={() => target && whatIf.mutate(target)} data-testid="fleet-what-if-run">
                  {tf('fleet.whatIf.run')}
                </Button>
                {target && !preview && !whatIf.isPending ? <Text size="sm" c="dimmed">{tf('fleet.whatIf.required')}</Text> : null}
              </Group>
            ) : (
              <Alert color="yellow" variant="light">{tf('fleet.whatIf.tooMany', { max: count(WHAT_IF_MAX) })}</Alert>
            )}
            <FleetProblemAlert error={whatIf.error} onRetry={() => target && whatIf.mutate(target)} testId="fleet-what-if-error" />
            {preview ? (
              <>
                <Text size="sm" c="dimmed">{tf('fleet.whatIf.months', { months: preview.months.map((m) => i18n.month(m)).join(', ') })}</Text>
                <Text size="xs" c="dimmed" data-testid="fleet-whatif-method">{tf('fleet.whatIf.method')}</Text>
                {/* On a phone each SIM reads as a card of "label: value" lines (app.css), its difference in view. */}
                <ScrollArea.Autosize mah={280} type="auto" className="mandate-stacked-table fleet-cards-only">
                  <Table striped stickyHeader aria-label={tf('fleet.whatIf.tableLabel')} data-testid="fleet-what-if-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{tf('fleet.column.msisdn')}</Table.Th>
                        <Table.Th ta="right">{tf('fleet.whatIf.current')}</Table.Th>
                        <Table.Th ta="right">{tf('fleet.whatIf.candidate')}</Table.Th>
                        <Table.Th ta="right">{tf('fleet.whatIf.difference')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.items.map((item) => (
                        <Table.Tr key={item.simId} data-testid="fleet-what-if-row">
                          <Table.Td data-label={tf('fleet.column.msisdn')}>{item.msisdn}</Table.Td>
                          <Table.Td data-label={tf('fleet.whatIf.current')} ta="right">{eur(item.currentCents)}</Table.Td>
                          <Table.Td data-label={tf('fleet.whatIf.candidate')} ta="right">{eur(item.candidateCents)}</Table.Td>
                          <Table.Td data-label={tf('fleet.whatIf.difference')} data-testid="fleet-what-if-difference" ta="right" c={item.differenceCents > 0 ? 'red.9' : item.differenceCents < 0 ? 'teal.9' : undefined}>{signedEur(item.differenceCents)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                    <Table.Tfoot className="fleet-stacked-foot">
                      <Table.Tr fw={700} data-testid="fleet-what-if-total">
                        <Table.Th>{tf('fleet.whatIf.total')}</Table.Th>
                        <Table.Th data-label={tf('fleet.whatIf.current')} ta="right">{eur(preview.totals.currentCents)}</Table.Th>
                        <Table.Th data-label={tf('fleet.whatIf.candidate')} ta="right">{eur(preview.totals.candidateCents)}</Table.Th>
                        <Table.Th data-label={tf('fleet.whatIf.difference')} ta="right">{signedEur(preview.totals.differenceCents)}</Table.Th>
                      </Table.Tr>
                    </Table.Tfoot>
                  </Table>
                </ScrollArea.Autosize>
              </>
            ) : null}
          </Stack>
        ) : null}
        {precheck.ending > 0 || precheck.already > 0 ? (
          <Alert color="yellow" variant="light" data-testid="fleet-bulk-precheck">
            <Stack gap={2}>
              {precheck.ending > 0 ? <Text size="sm" data-testid="fleet-bulk-precheck-ending">{tn('fleet.bulk.precheck.ending', precheck.ending)}</Text> : null}
              {precheck.already > 0 ? <Text size="sm" data-testid="fleet-bulk-precheck-already">{tn('fleet.bulk.precheck.already', precheck.already)}</Text> : null}
            </Stack>
          </Alert>
        ) : null}
        <FleetProblemAlert error={start.error} testId="fleet-bulk-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{i18n.t('common.cancel')}</Button>
          <Button onClick={submit} disabled={!ready} loading={start.isPending} data-testid="fleet-bulk-confirm">
            {tn('fleet.bulk.confirm', simIds.length)}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}

/**
 * A bulk change as it runs: polled progress, then the SIMs that failed and why, with a retry. It opens
 * on `started`, the start's answer, so its count of SIMs shows before the first poll answers.
 */
export function BulkProgress({ customerId, started, onClose }: { customerId: string; started: BulkChange; onClose: () => void }) {
  const i18n = useFleetI18n();
  const { tf, tn, count } = i18n;
  // The plan or option of the change, named in each failure's reason.
  const plans = useTariffPlans();
  const options = useTariffOptions();
  const names = useMemo(() => catalogueNames(plans.data?.items, options.data?.items), [plans.data, options.data]);
  const client = useQueryClient();
  const bulkChangeId = started.id;
  const bulk = useBulkChange(customerId, started);
  const data = bulk.data;
  const done = data.status === 'done';
  const failures = useBulkFailures(customerId, bulkChangeId, done && data.failed > 0);
  const retry = useRetryBulkChange(customerId, bulkChangeId);
  // Once done, the table and the SIMs show what changed.
  useEffect(() => {
    if (done) void client.invalidateQueries({ queryKey: fleetKeys.all(customerId) });
  }, [done, client, customerId]);

  const percent = data.total > 0 ? Math.round(((data.applied + data.unchanged + data.failed) / data.total) * 100) : 0;
  return (
    <Paper withBorder p="md" className="fleet-noprint" data-testid="fleet-bulk-progress" data-status={data.status}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4">{tn('fleet.bulk.progressTitle', data.total)}</Title>
          <Text size="sm" fw={600}>{tf(`fleet.bulk.status.${data.status}`)}</Text>
        </Group>
        {bulk.error ? <FleetProblemAlert error={bulk.error} onRetry={() => void bulk.refetch()} /> : null}
        <ProgressBar drawn={percent} now={percent} busy={!done} label={tn('fleet.bulk.progressTitle', data.total)} valueText={`${percent} %`} />
        <Text size="sm" role="status" aria-live="polite" data-testid="fleet-bulk-progress-text">
          {tf('fleet.bulk.progress', {
            // A change of the next billing period is scheduled, not made yet: the list still shows the lines as they are.
            applied: tn(data.change.effective === 'next_period' ? 'fleet.bulk.progress.scheduled' : 'fleet.bulk.progress.applied', data.applied),
            unchanged: tn('fleet.bulk.progress.unchanged', data.unchanged),
            failed: tn('fleet.bulk.progress.failed', data.failed),
            pending: tn('fleet.bulk.progress.pending', data.pending),
            total: count(data.total),
          })}
        </Text>
        {done && data.failed > 0 ? (
          <Stack gap="xs" data-testid="fleet-bulk-failed">
            <Title order={3} fz="h5">{tf('fleet.bulk.failedTitle')}</Title>
            {failures.error ? <FleetProblemAlert error={failures.error} onRetry={() => void failures.refetch()} /> : null}
            <ScrollArea.Autosize mah={240} type="auto">
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{tf('fleet.column.msisdn')}</Table.Th>
                    <Table.Th>{tf('fleet.bulk.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(failures.data?.items ?? []).map((item) => (
                    <Table.Tr key={item.simId} data-testid="fleet-bulk-failed-row">
                      <Table.Td>{item.msisdn}</Table.Td>
                      <Table.Td data-testid="fleet-bulk-failed-reason" data-code={item.code ?? undefined}>{bulkFailureText(i18n, item.code, data.change, names)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            <FleetProblemAlert error={retry.error} />
            <Group>
              <Button onClick={() => retry.mutate(undefined)} loading={retry.isPending} data-testid="fleet-bulk-retry">{tf('fleet.bulk.retry')}</Button>
            </Group>
          </Stack>
        ) : null}
        {done || bulk.error ? (
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="fleet-bulk-close">{tf('fleet.bulk.close')}</Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
