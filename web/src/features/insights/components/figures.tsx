import { Box, Group, List, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import {
  useFigure, type BillingAccountRow, type ChangeDriver, type ChangeFigure, type ChargeType, type CostCentreRow, type InsightsFilters,
} from '../api/insights-api.ts';
import { useInsightsI18n, type InsightsI18n } from '../i18n/index.ts';
import { FigureCard, FigureTable } from './figure-card.tsx';

interface FigureProps {
  customerId: string;
  filters: InsightsFilters;
}

/** Recharts' keyboard layer would make a focusable part inside the chart's one image: the table is the keyboard's way in. */
const CHART_PROPS = { accessibilityLayer: false } as const;
const total = (rows: Array<{ amountCents: number }>) => rows.reduce((sum, r) => sum + r.amountCents, 0);
const barHeight = (count: number) => Math.max(140, count * 34 + 40);

export function chargeTypeLabel(i: InsightsI18n, type: ChargeType | string): string {
  return i.ti(`insights.chargeType.${type as ChargeType}`) ?? type;
}
const accountLabel = (r: Pick<BillingAccountRow, 'number' | 'name'>) => (r.name ? `${r.number} · ${r.name}` : r.number);
const centreLabel = (i: InsightsI18n, r: Pick<CostCentreRow, 'code' | 'name'>) => r.name ?? r.code ?? i.ti('insights.noCostCentre');

/** Horizontal bars, one per row: labels stay readable on a phone. */
function Bars({ data, i, color = 'indigo.6', signed = false }: { data: Array<{ label: string; amount: number }>; i: InsightsI18n; color?: string; signed?: boolean }) {
  return (
    <BarChart
      h={barHeight(data.length)}
      data={data}
      dataKey="label"
      orientation="vertical"
      series={[{ name: 'amount', label: i.ti('insights.column.amount'), color }]}
      valueFormatter={(v) => (signed ? i.signedMoney(Math.round(v * 100)) : i.money(Math.round(v * 100)))}
      getBarColor={signed ? (v) => (v > 0 ? 'red.7' : 'teal.7') : undefined}
      yAxisProps={{ width: 150, interval: 0 }}
      xAxisProps={{ hide: true }}
      gridAxis="none"
      barChartProps={CHART_PROPS}
    />
  );
}

export function MonthlyFigure({ customerId, filters }: FigureProps) {
  const i = useInsightsI18n();
  const query = useFigure(customerId, 'monthly', filters);
  const title = i.ti('insights.figure.monthly');
  return (
    <FigureCard
      id="monthly"
      title={title}
      wide
      query={query}
      // The API lists every month of the period, a month without charges as 0: all zeros is nothing to show.
      isEmpty={(a) => a.rows.every((r) => r.amountCents === 0)}
      chart={(a) => (
        <BarChart
          h={280}
          data={a.rows.map((r) => ({ month: i.month(r.month, 'short'), amount: r.amountCents / 100 }))}
          dataKey="month"
          series={[{ name: 'amount', label: i.ti('insights.column.amount'), color: 'indigo.6' }]}
          valueFormatter={(v) => i.money(Math.round(v * 100))}
          yAxisProps={{ width: 90 }}
          barChartProps={CHART_PROPS}
        />
      )}
      table={(a) => (
        <FigureTable
          label={title}
          testId="figure-monthly-table"
          columns={[{ label: i.ti('insights.column.month') }, { label: i.ti('insights.column.amount'), numeric: true }]}
          rows={a.rows.map((r) => ({ key: r.month, cells: [i.month(r.month), i.money(r.amountCents)] }))}
          footer={[i.ti('insights.total'), i.money(total(a.rows))]}
        />
      )}
    />
  );
}

export function ChargeTypesFigure({ customerId, filters }: FigureProps) {
  const i = useInsightsI18n();
  const query = useFigure(customerId, 'charge-types', filters);
  const title = i.ti('insights.figure.charge-types');
  return (
    <FigureCard
      id="charge-types"
      title={title}
      query={query}
      isEmpty={(a) => a.rows.length === 0}
      chart={(a) => <Bars i={i} color="teal.7" data={a.rows.map((r) => ({ label: chargeTypeLabel(i, r.chargeType), amount: r.amountCents / 100 }))} />}
      table={(a) => (
        <FigureTable
          label={title}
          testId="figure-charge-types-table"
          columns={[{ label: i.ti('insights.column.chargeType') }, { label: i.ti('insights.column.amount'), numeric: true }]}
          rows={a.rows.map((r) => ({ key: r.chargeType, cells: [chargeTypeLabel(i, r.chargeType), i.money(r.amountCents)] }))}
          footer={[i.ti('insights.total'), i.money(total(a.rows))]}
        />
      )}
    />
  );
}

export function BillingAccountsFigure({ customerId, filters }: FigureProps) {
  const i = useInsightsI18n();
  const query = useFigure(customerId, 'billing-accounts', filters);
  const title = i.ti('insights.figure.billing-accounts');
  return (
    <FigureCard
      id="billing-accounts"
      title={title}
      query={query}
      isEmpty={(a) => a.rows.length === 0}
      chart={(a) => <Bars i={i} color="grape.7" data={a.rows.map((r) => ({ label: r.number, amount: r.amountCents / 100 }))} />}
      table={(a) => (
        <FigureTable
          label={title}
          testId="figure-billing-accounts-table"
          columns={[{ label: i.ti('insights.column.billingAccount') }, { label: i.ti('insights.column.amount'), numeric: true }]}
          rows={a.rows.map((r) => ({ key: r.billingAccountId, cells: [accountLabel(r), i.money(r.amountCents)] }))}
          footer={[i.ti('insights.total'), i.money(total(a.rows))]}
        />
      )}
    />
  );
}

export function CostCentresFigure({ customerId, filters }: FigureProps) {
  const i = useInsightsI18n();
  const query = useFigure(customerId, 'cost-centres', filters);
  const title = i.ti('insights.figure.cost-centres');
  return (
    <FigureCard
      id="cost-centres"
      title={title}
      query={query}
      isEmpty={(a) => a.rows.length === 0}
      chart={(a) => <Bars i={i} color="orange.8" data={a.rows.map((r) => ({ label: centreLabel(i, r), amount: r.amountCents / 100 }))} />}
      table={(a) => (
        <FigureTable
          label={title}
          testId="figure-cost-centres-table"
          columns={[{ label: i.ti('insights.column.costCentre') }, { label: i.ti('insights.column.amount'), numeric: true }]}
          rows={a.rows.map((r) => ({ key: r.costCentreId ?? 'none', cells: [centreLabel(i, r), i.money(r.amountCents)] }))}
          footer={[i.ti('insights.total'), i.money(total(a.rows))]}
        />
      )}
    />
  );
}

/** The SIM cards that cost the most: a table whose rows carry their bar (the bar is decoration, the amount is text). */
export function TopSimsFigure({ customerId, filters }: FigureProps) {
  const i = useInsightsI18n();
  const query = useFigure(customerId, 'top-sims', filters);
  const title = i.ti('insights.figure.top-sims');
  return (
    <FigureCard
      id="top-sims"
      title={title}
      query={query}
      isEmpty={(a) => a.rows.length === 0}
      chart={null}
      table={(a) => {
        const max = Math.max(1, ...a.rows.map((r) => Math.abs(r.amountCents)));
        return (
          <FigureTable
            label={title}
            testId="figure-top-sims-table"
            columns={[{ label: i.ti('insights.column.sim') }, { label: i.ti('insights.column.amount'), numeric: true }]}
            rows={a.rows.map((r) => ({
              key: r.simId,
              cells: [
                <Text size="sm" key="sim" style={{ fontVariantNumeric: 'tabular-nums' }}>{r.msisdn ?? r.simId}</Text>,
                <Group key="amount" gap="xs" wrap="nowrap" justify="flex-end">
                  <Box aria-hidden className="insights-inline-bar" w={`${Math.round((Math.abs(r.amountCents) / max) * 80)}px`} />
                  <span>{i.money(r.amountCents)}</span>
                </Group>,
              ],
            }))}
          />
        );
      }}
    />
  );
}

function driverLabel(i: InsightsI18n, d: ChangeDriver): string {
  if (d.dimension === 'chargeType') return chargeTypeLabel(i, d.key ?? '');
  if (d.dimension === 'costCentre') return d.label ?? i.ti('insights.noCostCentre');
  return d.label ?? d.key ?? '';
}

/** A driver in a sentence: what kind of thing it is, then which. */
function driverWords(i: InsightsI18n, d: ChangeDriver): string {
  if (d.dimension === 'costCentre') return d.label ? `${i.ti('insights.column.costCentre')} ${d.label}` : i.ti('insights.noCostCentre');
  if (d.dimension === 'sim') return `${i.ti('insights.column.sim')} ${driverLabel(i, d)}`;
  return driverLabel(i, d);
}

/** The five biggest moves, whatever their dimension (charge type, cost centre, SIM). */
function topDrivers(a: ChangeFigure): ChangeDriver[] {
  return a.rows.filter((d) => d.deltaCents !== 0).sort((x, y) => Math.abs(y.deltaCents) - Math.abs(x.deltaCents)).slice(0, 5);
}

function ChangeSummary({ i, a }: { i: InsightsI18n; a: ChangeFigure }) {
  if (!a.month || !a.previousMonth) return null;
  const percent = a.previousCents !== 0
    ? ` (${i.ti('insights.change.percent', { percent: new Intl.NumberFormat(i.locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format((a.deltaCents / Math.abs(a.previousCents)) * 100) })})`
    : '';
  const drivers = topDrivers(a);
  return (
    <Box>
      <Text size="sm" fw={500} data-testid="change-summary">
        {i.ti('insights.change.summary', {
          month: i.month(a.month),
          amount: i.money(a.currentCents),
          delta: `${i.signedMoney(a.deltaCents)}${percent}`,
          previous: i.month(a.previousMonth),
          previousAmount: i.money(a.previousCents),
        })}
      </Text>
      <Text size="sm" mt="xs" fw={500}>{i.ti('insights.change.drivers')}</Text>
      {drivers.length === 0 ? (
        <Text size="sm" c="dimmed">{i.ti('insights.change.noDrivers')}</Text>
      ) : (
        <List size="sm" data-testid="change-drivers">
          {drivers.map((d) => (
            <List.Item key={`${d.dimension}:${d.key ?? ''}`}>{i.ti('insights.change.driverOf', { what: driverWords(i, d), delta: i.signedMoney(d.deltaCents) })}</List.Item>
          ))}
        </List>
      )}
    </Box>
  );
}

/** The last month of the period against the one before: the delta in words, and what drove it (a small bar chart or its table). */
export function ChangeFigureCard({ customerId, filters }: FigureProps) {
  const i = useInsightsI18n();
  const query = useFigure(customerId, 'change', filters);
  const title = i.ti('insights.figure.change');
  return (
    <FigureCard
      id="change"
      title={title}
      wide
      query={query}
      isEmpty={(a) => !a.month || !a.previousMonth}
      emptyText={i.ti('insights.change.none')}
      intro={(a) => <ChangeSummary i={i} a={a} />}
      chart={(a) => <Bars i={i} signed data={topDrivers(a).map((d) => ({ label: driverLabel(i, d), amount: d.deltaCents / 100 }))} />}
      table={(a) => (
        <FigureTable
          label={title}
          testId="figure-change-table"
          columns={[
            { label: i.ti('insights.column.driver') },
            { label: a.previousMonth ? i.month(a.previousMonth, 'short') : '', numeric: true },
            { label: a.month ? i.month(a.month, 'short') : '', numeric: true },
            { label: i.ti('insights.column.change'), numeric: true },
          ]}
          rows={a.rows.map((d) => ({
            key: `${d.dimension}:${d.key ?? ''}`,
            cells: [driverLabel(i, d), i.money(d.previousCents), i.money(d.currentCents), i.signedMoney(d.deltaCents)],
          }))}
          footer={[i.ti('insights.total'), i.money(a.previousCents), i.money(a.currentCents), i.signedMoney(a.deltaCents)]}
        />
      )}
    />
  );
}
