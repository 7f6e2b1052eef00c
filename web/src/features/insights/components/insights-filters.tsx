import { Button, Group, MultiSelect, Paper, Select, Stack, Text } from '@mantine/core';
import { CHARGE_TYPES, type ChargeType, type InsightsFilters } from '../api/insights-api.ts';
import { useInsightsI18n } from '../i18n/index.ts';
import { chargeTypeLabel } from './figures.tsx';

export interface Option { value: string; label: string }

interface InsightsFiltersBarProps {
  filters: InsightsFilters;
  /** The closed months the figures can cover (at most the last 12), oldest first. */
  months: string[];
  billingAccounts: Option[];
  costCentres: Option[];
  onChange: (next: InsightsFilters) => void;
}

/** The period (months within the window), billing accounts, cost centres and charge types; every change lands in the URL. */
export function InsightsFiltersBar({ filters, months, billingAccounts, costCentres, onChange }: InsightsFiltersBarProps) {
  const i = useInsightsI18n();
  const { ti } = i;
  const monthOptions = months.map((m) => ({ value: m, label: i.month(m) }));
  const filtered = filters.from !== null || filters.to !== null || filters.billingAccountIds.length + filters.costCentreIds.length + filters.chargeTypes.length > 0;
  const width = { base: '100%', sm: 260 };
  // Keep the period in order: a "from" after "to" moves "to" along, and the other way round.
  const setFrom = (from: string | null) => onChange({ ...filters, from, to: from && filters.to && filters.to < from ? from : filters.to });
  const setTo = (to: string | null) => onChange({ ...filters, to, from: to && filters.from && filters.from > to ? to : filters.from });
  return (
    <Paper component="section" withBorder p="md" radius="md" className="insights-noprint" aria-label={ti('insights.filters')} data-testid="insights-filters">
      <Stack gap="xs">
        <Group gap="md" align="flex-end" wrap="wrap">
          <Select
            label={ti('insights.filter.from')}
            data={monthOptions}
            value={filters.from && months.includes(filters.from) ? filters.from : null}
            placeholder={months[0] ? i.month(months[0]) : undefined}
            onChange={setFrom}
            clearable
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
            data-testid="filter-from"
          />
          <Select
            label={ti('insights.filter.to')}
            data={monthOptions}
            value={filters.to && months.includes(filters.to) ? filters.to : null}
            placeholder={months.at(-1) ? i.month(months.at(-1)!) : undefined}
            onChange={setTo}
            clearable
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
            data-testid="filter-to"
          />
          <MultiSelect
            label={ti('insights.filter.billingAccounts')}
            placeholder={filters.billingAccountIds.length === 0 ? ti('insights.filter.all') : undefined}
            data={billingAccounts}
            value={filters.billingAccountIds}
            onChange={(ids) => onChange({ ...filters, billingAccountIds: [...ids].sort() })}
            clearable
            searchable
            w={width}
            data-testid="filter-billing-accounts"
          />
          <MultiSelect
            label={ti('insights.filter.costCentres')}
            placeholder={filters.costCentreIds.length === 0 ? ti('insights.filter.all') : undefined}
            data={costCentres}
            value={filters.costCentreIds}
            onChange={(ids) => onChange({ ...filters, costCentreIds: [...ids].sort() })}
            clearable
            searchable
            w={width}
            data-testid="filter-cost-centres"
          />
          <MultiSelect
            label={ti('insights.filter.chargeTypes')}
            placeholder={filters.chargeTypes.length === 0 ? ti('insights.filter.all') : undefined}
            data={CHARGE_TYPES.map((type) => ({ value: type, label: chargeTypeLabel(i, type) }))}
            value={filters.chargeTypes}
            onChange={(types) => onChange({ ...filters, chargeTypes: [...(types as ChargeType[])].sort() })}
            clearable
            w={width}
            data-testid="filter-charge-types"
          />
          {filtered ? (
            <Button variant="subtle" onClick={() => onChange({ from: null, to: null, billingAccountIds: [], costCentreIds: [], chargeTypes: [] })} data-testid="filter-reset">
              {ti('insights.filter.reset')}
            </Button>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">{ti('insights.filter.periodHint')}</Text>
      </Stack>
    </Paper>
  );
}

/**
 * What the printed figures are of (INS-3): the saved view's name, the period and the filters, as a
 * line that shows only on paper, where the filters bar is left out.
 */
export function PrintedFilters({ filters, months, billingAccounts, costCentres, viewName }: Omit<InsightsFiltersBarProps, 'onChange'> & { viewName: string | null }) {
  const i = useInsightsI18n();
  const { ti } = i;
  const from = filters.from ?? months[0];
  const to = filters.to ?? months.at(-1);
  const named = (ids: string[], options: Option[]) => (ids.length === 0 ? ti('insights.filter.all') : ids.map((id) => options.find((o) => o.value === id)?.label ?? id).join(', '));
  const parts = [
    ...(viewName ? [ti('insights.views.current', { name: viewName })] : []),
    ...(from && to ? [ti('insights.filter.summary', { from: i.month(from), to: i.month(to) })] : []),
    ti('insights.filter.printed', { label: ti('insights.filter.billingAccounts'), value: named(filters.billingAccountIds, billingAccounts) }),
    ti('insights.filter.printed', { label: ti('insights.filter.costCentres'), value: named(filters.costCentreIds, costCentres) }),
    ti('insights.filter.printed', {
      label: ti('insights.filter.chargeTypes'),
      value: filters.chargeTypes.length === 0 ? ti('insights.filter.all') : filters.chargeTypes.map((type) => chargeTypeLabel(i, type)).join(', '),
    }),
  ];
  return <Text size="sm" className="insights-printonly" data-testid="insights-print-summary">{parts.join(' · ')}</Text>;
}
