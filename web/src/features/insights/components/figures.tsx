import { Box, Group, List, SegmentedControl, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useMediaQuery } from '@mantine/hooks';
import {
  useFigure, type BillingAccountRow, type ChangeDriver, type ChangeFigure, type ChargeType, type CostCentreRow, type InsightsFilters,
} from '../api/insights-api.ts';
import { useInsightsI18n, type InsightsI18n } from '../i18n/index.ts';
import { CHANGE_BY as DIMENSIONS } from '../filters.ts';
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

/** Horizontal bars, one per row: labels stay readable on a phone; each bar says its amount (a small or negative one is hardly a bar at all), with room kept for it on the right. */
function Bars({ data, i, color = 'indigo.6', signed = false }: { data: Array<{ label: string; amount: number }>; i: InsightsI18n; color?: string; signed?: boolean }) {
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <BarChart
      h={barHeight(data.length)}
      data={data}
      dataKey="label"
      orientation="vertical"
      series={[{ name: 'amount', label: i.ti('insights.column.amount'), color }]}
      valueFormatter={(v) => (signed ? i.signedMoney(Math.round(v * 100)) : i.money(Math.round(v * 100)))}
      getBarColor={signed ? (v) => (v > 0 ? 'red.7' : 'teal.7') : undefined}
      yAxisProps={{ width: phone ? 110 : 150, interval: 0 }}
      // A bar going left (a discount, a drop) writes its amount on its left: room for it after the axis's labels.
      // From zero whatever the signs, so that a bar's length is its amount (all-negative changes included).
      xAxisProps={{
        hide: true,
        domain: [(min: number) => Math.min(0, min), (max: number) => Math.max(0, max)],
        padding: { left: data.some((d) => d.amount < 0) ? 72 : 0, right: 0 },
      }}
      gridAxis="none"
      withBarValueLabel
      valueLabelProps={{ position: 'right', fontSize: 12 }}
      barChartProps={{ ...CHART_PROPS, margin: { right: 96 } }}
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

type Dimension = ChangeDriver['dimension'];

function driverLabel(i: InsightsI18n, d: ChangeDriver): string {
  if (d.dimension === 'chargeType') return chargeTypeLabel(i, d.key ?? '');
  if (d.dimension === 'costCentre') return d.label ?? i.ti('insights.noCostCentre');
  return d.label ?? d.key ?? '';
}

/**
 * One breakdown of the change, by charge type, cost centre or SIM, never mixed: the same euro
 * shows in each of them, so side by side they would be counted twice. The server gives the
 * biggest moves of each; what they leave out is one "other" row, so the rows add up to the total.
 */
function breakdown(a: ChangeFigure, dimension: Dimension): Array<ChangeDriver & { other?: true }> {
  const rows = a.rows.filter((d) => d.dimension === dimension).sort((x, y) => Math.abs(y.deltaCents) - Math.abs(x.deltaCents));
  const sum = (pick: (d: ChangeDriver) => number) => rows.reduce((total, d) => total + pick(d), 0);
  const other = {
    dimension, key: null, label: null, other: true as const,
    previousCents: a.previousCents - sum((d) => d.previousCents),
    currentCents: a.currentCents - sum((d) => d.currentCents),
    deltaCents: a.deltaCents - sum((d) => d.deltaCents),
  };
  return other.previousCents !== 0 || other.currentCents !== 0 ? [...rows, other] : rows;
}

const rowLabel = (i: InsightsI18n, d: ChangeDriver & { other?: true }) => (d.other ? i.ti(`insights.change.other.${d.dimension}`) : driverLabel(i, d));

function ChangeSummary({ i, a, dimension, onDimension }: { i: InsightsI18n; a: ChangeFigure; dimension: Dimension; onDimension: (d: Dimension) => void }) {
  const phone = useMediaQuery('(max-width: 48em)');
  if (!a.month || !a.previousMonth) return null;
  const percent = a.previousCents !== 0
    ? ` (${new Intl.NumberFormat(i.locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(a.deltaCents / Math.abs(a.previousCents))})`
    : '';
  const drivers = breakdown(a, dimension).filter((d) => d.deltaCents !== 0);
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
      <Group gap="sm" mt="xs" wrap="wrap">
        <Text size="sm" fw={500} id="change-drivers-label">{i.ti('insights.change.drivers')}</Text>
        <SegmentedControl
          size="xs"
          orientation={phone ? 'vertical' : 'horizontal'}
          fullWidth={phone}
          value={dimension}
          onChange={(value) => onDimension(value as Dimension)}
          data={DIMENSIONS.map((d) => ({ value: d, label: i.ti(`insights.change.by.${d}`) }))}
          aria-labelledby="change-drivers-label"
          data-testid="change-dimension"
          className="insights-noprint"
        />
      </Group>
      {drivers.length === 0 ? (
        <Text size="sm" c="dimmed">{i.ti('insights.change.noDrivers')}</Text>
      ) : (
        <List size="sm" data-testid="change-drivers">
          {drivers.map((d) => (
            <List.Item key={d.key ?? (d.other ? 'other' : 'none')}>{i.ti('insights.change.driverOf', { what: rowLabel(i, d), delta: i.signedMoney(d.deltaCents) })}</List.Item>
          ))}
        </List>
      )}
    </Box>
  );
}

/** The last month of the period against the one before: the delta in words, and what drove it by charge type, cost centre or SIM (a bar chart or its table). */
export function ChangeFigureCard({ customerId, filters, dimension, onDimension: setDimension }: FigureProps & { dimension: Dimension; onDimension: (next: Dimension) => void }) {
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
      intro={(a) => <ChangeSummary i={i} a={a} dimension={dimension} onDimension={setDimension} />}
      // The bars are the moves: an "other" row that did not move has none to draw (the table keeps it, for its months' columns).
      chart={(a) => <Bars i={i} signed data={breakdown(a, dimension).filter((d) => !d.other || d.deltaCents !== 0).map((d) => ({ label: rowLabel(i, d), amount: d.deltaCents / 100 }))} />}
      table={(a) => (
        <FigureTable
          label={title}
          testId="figure-change-table"
          columns={[
            { label: i.ti(`insights.change.by.${dimension}`) },
            { label: a.previousMonth ? i.month(a.previousMonth, 'short') : '', numeric: true },
            { label: a.month ? i.month(a.month, 'short') : '', numeric: true },
            { label: i.ti('insights.column.change'), numeric: true },
          ]}
          rows={breakdown(a, dimension).map((d) => ({
            key: d.key ?? (d.other ? 'other' : 'none'),
            cells: [rowLabel(i, d), i.money(d.previousCents), i.money(d.currentCents), i.signedMoney(d.deltaCents)],
          }))}
          footer={[i.ti('insights.total'), i.money(a.previousCents), i.money(a.currentCents), i.signedMoney(a.deltaCents)]}
        />
      )}
    />
  );
}
