import { Badge, Group, Stack, Text } from '@mantine/core';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import type { SimDetail, SimOrder, SimStatus, SimUsage, TariffOption, TariffPlan } from '../api/fleet-types.ts';
import { useFleetI18n, type FleetI18n } from '../i18n/fleet-i18n.ts';
import { withColon } from '../../../lib/format.ts';

const STATUS_COLOURS: Record<SimStatus, string> = {
  active: 'green', suspended: 'yellow', blocked: 'red', port_out_pending: 'grape', deactivated: 'gray',
};

export function SimStatusBadge({ status }: { status: SimStatus }) {
  const { tf } = useFleetI18n();
  return (
    <Badge color={STATUS_COLOURS[status]} variant="light" data-testid="sim-status" data-status={status}>
      {tf(`fleet.status.${status}`)}
    </Badge>
  );
}

/** MOB-6: a line lost while its port-out waits keeps port_out_pending, and is blocked all the same. */
export function blockedWhilePortingOut(sim: Pick<SimDetail, 'status' | 'blockedAt'>): boolean {
  return sim.status === 'port_out_pending' && sim.blockedAt !== null;
}

/** A deactivated line, or one leaving with its number, takes no change of its subscription any more: the server refuses them. */
export function subscriptionChanges(sim: Pick<SimDetail, 'status'>): boolean {
  return sim.status !== 'deactivated' && sim.status !== 'port_out_pending';
}

/** The status with its period: a suspension's last day (MOB-7), a block's report (MOB-6). */
export function SimStatusLine({ sim }: { sim: Pick<SimDetail, 'status' | 'suspendedUntil' | 'blockedAt'> }) {
  const { tf, day, dateTime } = useFleetI18n();
  const period = sim.status === 'suspended' && sim.suspendedUntil ? tf('fleet.status.suspendedUntil', { date: day(sim.suspendedUntil) })
    : sim.status === 'blocked' && sim.blockedAt && sim.suspendedUntil
      ? tf('fleet.status.blockedSuspended', { date: dateTime(sim.blockedAt), until: day(sim.suspendedUntil) })
      : sim.status === 'blocked' && sim.blockedAt ? tf('fleet.status.blockedSince', { date: dateTime(sim.blockedAt) })
      : blockedWhilePortingOut(sim) ? tf('fleet.status.portOutBlocked', { date: dateTime(sim.blockedAt!) })
      : null;
  return (
    <Group gap="xs" component="span">
      <SimStatusBadge status={sim.status} />
      {period ? <Text span size="sm" c="dimmed" data-testid="sim-status-period">{period}</Text> : null}
    </Group>
  );
}

/** Names of the catalogue's plans and options by id, to say what an order asked. */
export interface CatalogueNames {
  plans: ReadonlyMap<string, string>;
  options: ReadonlyMap<string, string>;
}

export function catalogueNames(plans: readonly TariffPlan[] | undefined, options: readonly TariffOption[] | undefined): CatalogueNames {
  return {
    plans: new Map((plans ?? []).map((p) => [p.id, p.name])),
    options: new Map((options ?? []).map((o) => [o.id, o.name])),
  };
}

/** What an order asks, as a sentence: "Tariff plan: Business Mobile M", "Suspend until 31 Jan 2027". */
export function orderText(i18n: FleetI18n, order: Pick<SimOrder, 'kind' | 'request'>, names: CatalogueNames): string {
  const { tf, day } = i18n;
  const request = (order.request ?? {}) as Record<string, unknown>;
  const onOff = (value: unknown) => (value === true ? tf('fleet.on') : tf('fleet.off'));
  const id = (value: unknown) => (typeof value === 'string' ? value : '');
  switch (order.kind) {
    case 'plan':
      return tf('fleet.order.kind.plan', { value: names.plans.get(id(request.tariffPlanId)) ?? id(request.tariffPlanId) });
    case 'add_option':
    case 'remove_option':
      return tf(`fleet.order.kind.${order.kind}`, { value: names.options.get(id(request.optionId)) ?? id(request.optionId) });
    case 'clir':
    case 'premium_barring':
      return tf(`fleet.order.kind.${order.kind}`, { value: onOff(request.enabled) });
    case 'eu_data_cutoff':
      return tf('fleet.order.kind.eu_data_cutoff', { value: request.optOut === true ? tf('fleet.sub.euCutoffOff') : tf('fleet.sub.euCutoffOn') });
    case 'suspend':
      return tf('fleet.order.kind.suspend', { value: typeof request.until === 'string' ? day(request.until) : '' });
    case 'port_out':
      return tf('fleet.order.kind.port_out', { value: id(request.recipientOperator) });
    default:
      return tf(`fleet.order.kind.${order.kind}`, { value: '' });
  }
}

/** What a tariff plan includes each month ("10 GB · 500 min · 100 SMS"), so that plans can be told apart by more than their fee. */
export function planAllowancesText(i18n: FleetI18n, allowances: TariffPlan['allowances']): string {
  const { tf, count } = i18n;
  const or = (value: number | null, text: (n: number) => string) => (value === null ? tf('fleet.unlimited') : text(value));
  const data = or(allowances.dataMb, (mb) => (mb >= 1024 && mb % 1024 === 0 ? tf('fleet.units.gb', { value: count(mb / 1024) }) : tf('fleet.units.mb', { value: count(mb) })));
  return [
    `${data} ${tf('fleet.plan.data')}`,
    or(allowances.voiceMinutes, (n) => tf('fleet.units.minutes', { value: count(n) })),
    or(allowances.sms, (n) => tf('fleet.units.sms', { value: count(n) })),
  ].join(' · ');
}

/** When an order takes effect: at once, its date (the next billing period), or when the operator completes it (MOB-8). */
export function effectiveText(i18n: FleetI18n, order: Pick<SimOrder, 'effective' | 'effectiveAt' | 'kind'>): string {
  if (order.effectiveAt) return i18n.dateTime(order.effectiveAt);
  if (order.kind === 'number_change' || order.kind === 'port_out') return i18n.tf('fleet.order.byOperator');
  return order.effective === 'next_period' ? i18n.tf('fleet.order.nextPeriod') : i18n.tf('fleet.order.now');
}

type Figure = SimUsage['data'];

function UsageBar({ label, figure, unit, testId }: { label: string; figure: Figure; unit: (n: number) => string; testId: string }) {
  const { tf } = useFleetI18n();
  const percent = figure.percent;
  // A plan that includes none of this kind (allowance 0) charges every unit at its rates: the usage has no
  // allowance to fill, so no gauge, which would read as an overrun from the first unit.
  const none = figure.allowance === 0;
  const gauge = figure.allowance !== null && !none;
  const colour = figure.band === 'over100' ? 'red' : figure.band === '80to100' ? 'orange' : 'blue';
  const text = figure.allowance === null ? tf('fleet.usage.unlimited', { used: unit(figure.used) })
    : none ? unit(figure.used)
      : tf('fleet.usage.of', { used: unit(figure.used), allowance: unit(figure.allowance) });
  return (
    <Stack gap={4} data-testid={testId} data-band={figure.band} data-allowance={figure.allowance === null ? 'unlimited' : none ? 'none' : undefined}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>{label}</Text>
        <Text size="sm" data-testid={`${testId}-text`}>{text}</Text>
      </Group>
      {gauge ? (
        <ProgressBar
          drawn={Math.min(100, percent ?? (figure.used > 0 ? 100 : 0))}
          now={percent ?? undefined}
          color={colour}
          label={label}
          valueText={percent !== null ? `${text} · ${tf('fleet.usage.percent', { percent })}` : text}
        />
      ) : null}
      {none ? <Text size="xs" c="dimmed" data-testid={`${testId}-no-allowance`}>{tf('fleet.usage.noAllowance')}</Text> : null}
      {gauge && percent !== null ? <Text size="xs" c="dimmed">{tf('fleet.usage.percent', { percent })}</Text> : null}
    </Stack>
  );
}

/** This month's data, voice and SMS against the allowance (near real time); what no allowance includes, as used only. */
export function UsageBars({ usage }: { usage: SimUsage }) {
  const i18n = useFleetI18n();
  const { tf, count } = i18n;
  return (
    <Stack gap="sm" data-testid="sim-usage">
      <Text size="sm" c="dimmed">{tf('fleet.usage.month', { month: i18n.month(usage.month), asOf: i18n.dateTime(usage.asOf) })}</Text>
      <UsageBar label={tf('fleet.usage.data')} figure={usage.data} unit={(n) => tf('fleet.units.mb', { value: count(n) })} testId="usage-data" />
      <UsageBar label={tf('fleet.usage.voice')} figure={usage.voice} unit={(n) => tf('fleet.units.minutes', { value: count(n) })} testId="usage-voice" />
      <UsageBar label={tf('fleet.usage.sms')} figure={usage.sms} unit={(n) => tf('fleet.units.sms', { value: count(n) })} testId="usage-sms" />
    </Stack>
  );
}

/** A before/after value of the change history as text: names of plans and options, on/off, dates. */
export function historyValueText(i18n: FleetI18n, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? i18n.tf('fleet.on') : i18n.tf('fleet.off');
  if (typeof value === 'number') return i18n.count(value);
  if (typeof value === 'string') {
    if ((value as string) in STATUS_COLOURS) return i18n.tf(`fleet.status.${value as SimStatus}`);
    if (/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value)) return /T/.test(value) ? i18n.dateTime(value) : i18n.day(value);
    return value;
  }
  if (Array.isArray(value)) return value.length === 0 ? i18n.tf('fleet.none') : value.map((v) => historyValueText(i18n, v)).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string') return record.name;
    const entries = Object.entries(record).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '—';
    if (entries.length === 1) return historyFieldValue(i18n, entries[0]![0], entries[0]![1]);
    // A status change says the status first, as a value of its own, then what came with it.
    const status = entries.find(([k]) => k === 'status');
    const rank = (key: string) => {
      const at = (HISTORY_FIELDS as readonly string[]).indexOf(key);
      return at === -1 ? HISTORY_FIELDS.length : at;
    };
    const fields = entries.filter(([k]) => k !== 'status').sort(([a], [b]) => rank(a) - rank(b))
      .map(([k, v]) => `${withColon(historyFieldLabel(i18n, k), i18n.locale)} ${historyFieldValue(i18n, k, v)}`);
    return [...(status ? [historyValueText(i18n, status[1])] : []), ...fields].join(' · ');
  }
  return String(value);
}

/** The fields a line's status change records beside its status, as the history names them. */
const HISTORY_FIELDS = ['status', 'until', 'blockedAt', 'note', 'recipientOperator', 'earlyTerminationCostCents', 'reason', 'ownership'] as const;
const HISTORY_REASONS = ['port_out', 'port_out_rejected', 'service', 'suspension_ended'] as const;

function historyFieldLabel(i18n: FleetI18n, key: string): string {
  return (HISTORY_FIELDS as readonly string[]).includes(key) ? i18n.tf(`fleet.history.field.${key as (typeof HISTORY_FIELDS)[number]}`) : key;
}

/** A field's value: amounts in cents as euros, the reason of a status change in words. */
function historyFieldValue(i18n: FleetI18n, key: string, value: unknown): string {
  if (key.endsWith('Cents') && typeof value === 'number') return i18n.eur(value);
  if (key === 'reason' && typeof value === 'string' && (HISTORY_REASONS as readonly string[]).includes(value)) {
    return i18n.tf(`fleet.history.reason.${value as (typeof HISTORY_REASONS)[number]}`);
  }
  return historyValueText(i18n, value);
}
