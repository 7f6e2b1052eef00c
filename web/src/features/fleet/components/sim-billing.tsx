import { lazy, Suspense, useMemo, useState } from 'react';
import { Group, Select, Skeleton, Stack, Table, Text } from '@mantine/core';
import { subject } from '@casl/ability';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { DataTable } from '../../../components/data-table.tsx';
import { DateField } from '../../../components/date-field.tsx';
import { ErrorState } from '../../../components/error-state.tsx';
import { useKeysetPagination } from '../../../components/keyset-pager.tsx';
import { useCustomerContext } from '../../../lib/customer-context.tsx';
import { OfficialInvoiceCaveat } from '../../invoices/components/invoices-shell.tsx';
import { usageText } from '../../invoices/components/invoice-format.tsx';
import { useInvoicesI18n, type InvoicesI18n } from '../../invoices/i18n/invoices-i18n.ts';
import type { SimDetail } from '../api/fleet-types.ts';
import {
  CALL_TYPES, CHARGE_TYPES, useSimBilling, useSimCallDetails, type CallType, type ChargeType, type SimBillingMonth, type SimCallDetail,
} from '../api/sim-billing-api.ts';
import { useFleetI18n, type FleetI18n } from '../i18n/fleet-i18n.ts';
import { Section } from './sim-sections.tsx';

/**
 * The chart library (and its styles) loads only when a SIM's billing is shown, as Invoice Insights'
 * charts do with their page: the fleet pages stay light for whoever never opens one.
 */
const BarChart = lazy(async () => {
  const [charts] = await Promise.all([import('@mantine/charts'), import('@mantine/charts/styles.css')]);
  return { default: charts.BarChart };
});

/** Recharts' keyboard layer would make a focusable part inside the chart's one image: the table is the keyboard's way in. */
const CHART_PROPS = { accessibilityLayer: false, stackOffset: 'sign' } as const;

const CHARGE_COLORS: Record<ChargeType, string> = {
  subscription: 'indigo.6', option: 'violet.5', national_voice: 'teal.6', international_voice: 'cyan.6', roaming: 'orange.6',
  sms: 'yellow.6', data: 'blue.5', one_off: 'grape.5', discount: 'gray.5',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the ability lets the user read this SIM's usage and billing (the server filters the rows anyway). */
function useMayReadBilling(customerId: string, sim: SimDetail): boolean {
  const { ability } = useCustomerContext();
  return ability.can('read', subject('Usage', {
    customerId, billingAccountId: sim.billingAccount.id, costCentreId: sim.costCentre?.id ?? null, endUserId: sim.endUser?.id ?? null,
  }));
}

/**
 * PFM-3 on a SIM's page: its billing of the last 12 months (chart and table) and its call details
 * of the last 6 (filters, Previous/Next pages), with the caveat that the official invoice prevails.
 * Nothing for a user who may not read the line's usage.
 */
export function SimBilling({ customerId, sim }: { customerId: string; sim: SimDetail }) {
  if (!useMayReadBilling(customerId, sim)) return null;
  return (
    <>
      <SimBillingMonths customerId={customerId} sim={sim} />
      <SimCallDetails customerId={customerId} sim={sim} />
    </>
  );
}

const amountOf = (month: SimBillingMonth, type: ChargeType): number | null => month.byChargeType.find((c) => c.chargeType === type)?.amountCents ?? null;

function SimBillingMonths({ customerId, sim }: { customerId: string; sim: SimDetail }) {
  const i18n = useFleetI18n();
  const invoices = useInvoicesI18n();
  const { tf, eur, month: monthName, day } = i18n;
  const billing = useSimBilling(customerId, sim.id);
  const months = billing.data?.items ?? [];
  // The charge types billed in the window, in the API's order of types.
  const types = CHARGE_TYPES.filter((type) => months.some((m) => amountOf(m, type) !== null));
  const typeLabel = (type: ChargeType) => invoices.ti(`invoices.chargeType.${type}`);

  let body: React.ReactNode;
  if (billing.isPending) {
    body = <Skeleton height={280} data-testid="sim-billing-loading" />;
  } else if (billing.error) {
    body = <ErrorState error={billing.error} inline onRetry={() => void billing.refetch()} />;
  } else if (months.length === 0) {
    body = <Text size="sm" c="dimmed" data-testid="sim-billing-empty">{tf('fleet.billing.empty')}</Text>;
  } else {
    // Oldest month on the left, as time runs; the table lists the newest first, as the invoices do.
    const data = [...months].reverse().map((m) => ({
      month: monthName(m.month),
      ...Object.fromEntries(types.map((type) => [type, (amountOf(m, type) ?? 0) / 100])),
    }));
    body = (
      <Stack gap="sm">
        <div role="img" aria-label={tf('fleet.billing.chartLabel', { msisdn: sim.msisdn })} data-testid="sim-billing-chart">
          <Suspense fallback={<Skeleton height={280} />}>
            <BarChart
              h={280}
              data={data}
              dataKey="month"
              type="stacked"
              withLegend
              series={types.map((type) => ({ name: type, label: typeLabel(type), color: CHARGE_COLORS[type] }))}
              valueFormatter={(v: number) => eur(Math.round(v * 100))}
              yAxisProps={{ width: 90 }}
              barChartProps={CHART_PROPS}
            />
          </Suspense>
        </div>
        {/* Nothing in the table takes focus: its scrolling box does, so a keyboard reaches the columns a narrow screen hides. */}
        <Table.ScrollContainer
          minWidth={Math.max(480, 160 + types.length * 110)}
          scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': tf('fleet.billing.tableLabel', { msisdn: sim.msisdn }) } }}
          data-testid="sim-billing-scroller"
        >
          <Table striped fz="sm" aria-label={tf('fleet.billing.tableLabel', { msisdn: sim.msisdn })} data-testid="sim-billing-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{tf('fleet.billing.column.month')}</Table.Th>
                {types.map((type) => <Table.Th key={type} scope="col" ta="right">{typeLabel(type)}</Table.Th>)}
                <Table.Th scope="col" ta="right">{tf('fleet.billing.column.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {months.map((m) => (
                <Table.Tr key={m.month} data-testid="sim-billing-row" data-month={m.month}>
                  <Table.Th scope="row" fw={500}>
                    {monthName(m.month)}
                    <Text span display="block" size="xs" c="dimmed">{day(m.periodStart)} – {day(m.periodEnd)}</Text>
                  </Table.Th>
                  {types.map((type) => {
                    const amount = amountOf(m, type);
                    return <Table.Td key={type} ta="right">{amount === null ? '—' : eur(amount)}</Table.Td>;
                  })}
                  <Table.Td ta="right" fw={700} data-testid="sim-billing-total">{eur(m.totalCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    );
  }

  return (
    <Section title={tf('fleet.billing.title')} testId="sim-billing">
      <OfficialInvoiceCaveat />
      <Text size="sm" c="dimmed">{tf('fleet.billing.note')}</Text>
      {body}
    </Section>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
function callColumns(fleet: FleetI18n, invoices: InvoicesI18n): ColumnDef<SimCallDetail, any>[] {
  const { ti } = invoices;
  const column = createColumnHelper<SimCallDetail>();
  return [
    column.accessor('startedAt', { header: ti('invoices.calls.column.startedAt'), enableSorting: false, cell: (info) => <Text size="sm">{fleet.dateTime(info.getValue())}</Text> }),
    column.accessor('type', { header: ti('invoices.calls.column.type'), enableSorting: false, cell: (info) => <Text size="sm">{ti(`invoices.chargeType.${info.row.original.type}`)}</Text> }),
    column.accessor('destination', {
      header: ti('invoices.calls.column.destination'), enableSorting: false, cell: (info) => <Text size="sm" data-testid="sim-call-destination">{info.getValue() ?? '—'}</Text>,
    }),
    column.display({
      id: 'usage',
      header: ti('invoices.calls.column.usage'),
      cell: (info) => <Text size="sm">{usageText(invoices, info.row.original.type, info.row.original.durationS, info.row.original.volumeKb)}</Text>,
    }),
    column.accessor('standardPriceCents', { header: ti('invoices.calls.column.standardPrice'), enableSorting: false, cell: (info) => <Text size="sm">{fleet.eur(info.getValue())}</Text> }),
    column.accessor('billedPriceCents', { header: ti('invoices.calls.column.billedPrice'), enableSorting: false, cell: (info) => <Text size="sm">{fleet.eur(info.getValue())}</Text> }),
  ];
}

function SimCallDetails({ customerId, sim }: { customerId: string; sim: SimDetail }) {
  const fleet = useFleetI18n();
  const invoices = useInvoicesI18n();
  const { tf, lastDayBefore } = fleet;
  // The filters live with the section: on My line each of the user's lines keeps its own.
  const [filters, setFilters] = useState<{ type: CallType | null; from: string; to: string }>({ type: null, from: '', to: '' });
  const from = DAY.test(filters.from) ? filters.from : null;
  const to = DAY.test(filters.to) ? filters.to : null;
  const reversed = from !== null && to !== null && from > to;
  const filter = { type: filters.type, from, to };
  const pagination = useKeysetPagination(JSON.stringify([sim.id, filter]));
  const calls = useSimCallDetails(customerId, sim.id, filter, pagination.cursor, !reversed);
  const columns = useMemo(() => callColumns(fleet, invoices), [fleet, invoices]);
  const availableUntil = calls.data?.availableUntil;

  return (
    <Section title={tf('fleet.calls.title')} testId="sim-calls">
      <OfficialInvoiceCaveat />
      <Text size="sm" c="dimmed">{invoices.ti('invoices.calls.free')}</Text>
      {availableUntil ? <Text size="sm" c="dimmed" data-testid="sim-calls-available-until">{tf('fleet.calls.availableUntil', { date: lastDayBefore(availableUntil) })}</Text> : null}
      <DataTable
        label={tf('fleet.calls.tableLabel', { msisdn: sim.msisdn })}
        testId="sim-calls-table"
        columns={columns}
        rows={reversed ? [] : calls.data?.items}
        getRowId={(row) => String(row.id)}
        nextCursor={reversed ? null : calls.data?.nextCursor}
        pagination={pagination}
        sorting={[]}
        onSortingChange={() => undefined}
        isPending={calls.isPending && !reversed}
        isFetching={calls.isFetching}
        error={reversed ? null : calls.error}
        onRetry={() => void calls.refetch()}
        emptyMessage={tf(reversed ? 'fleet.calls.dateReversed' : 'fleet.calls.empty')}
        filters={
          <Group gap="sm" align="flex-start" wrap="wrap" className="fleet-noprint">
            <Select
              label={tf('fleet.calls.type')}
              placeholder={tf('fleet.calls.any')}
              data={CALL_TYPES.map((type) => ({ value: type, label: invoices.ti(`invoices.chargeType.${type}`) }))}
              value={filters.type}
              onChange={(value) => setFilters((f) => ({ ...f, type: (CALL_TYPES as readonly string[]).includes(value ?? '') ? value as CallType : null }))}
              clearable
              w={{ base: '100%', sm: 220 }}
              data-testid="sim-calls-type"
            />
            <DateField
              label={tf('fleet.calls.from')}
              value={filters.from}
              onChange={(value) => setFilters((f) => ({ ...f, from: value }))}
              error={reversed ? tf('fleet.calls.dateReversed') : undefined}
              w={{ base: '100%', sm: 170 }}
              testId="sim-calls-from"
            />
            <DateField
              label={tf('fleet.calls.to')}
              value={filters.to}
              onChange={(value) => setFilters((f) => ({ ...f, to: value }))}
              w={{ base: '100%', sm: 170 }}
              testId="sim-calls-to"
            />
          </Group>
        }
      />
    </Section>
  );
}
