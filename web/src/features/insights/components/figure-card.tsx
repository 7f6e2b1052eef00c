import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorState } from '../../../components/error-state.tsx';
import { useInsightsI18n } from '../i18n/index.ts';

interface FigureQuery<A> {
  isPending: boolean;
  isFetching: boolean;
  error: unknown;
  data: A | undefined;
  refetch: () => unknown;
}

interface FigureCardProps<A> {
  /** The figure's name, for the heading and its test id (figure-<id>). */
  id: string;
  title: string;
  query: FigureQuery<A>;
  isEmpty: (answer: A) => boolean;
  /** What an empty figure says (default: no costs for these filters). */
  emptyText?: string;
  /** The chart; null for a figure that is a table already. */
  chart: ((answer: A) => ReactNode) | null;
  /** The same figures as a table: the chart's accessible alternative. */
  table: (answer: A) => ReactNode;
  /** Words above the chart (the month-on-month change says what drove it). */
  intro?: (answer: A) => ReactNode;
  /** Spans the whole width of the grid. */
  wide?: boolean;
}

/**
 * One figure: its heading, its loading, error and empty states, and its chart with a "show as
 * table" toggle. The chart is one image to assistive technologies, named after the figure; its
 * numbers are read from the table.
 */
export function FigureCard<A>({ id, title, query, isEmpty, emptyText, chart, table, intro, wide = false }: FigureCardProps<A>) {
  const { ti, t } = useInsightsI18n();
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const answer = query.data;
  const showTable = asTable || chart === null;
  let body: ReactNode;
  if (query.isPending) body = <Loader size="sm" aria-label={t('common.loading')} />;
  else if (query.error && !answer) body = <ErrorState error={query.error} inline onRetry={() => void query.refetch()} />;
  else if (!answer || isEmpty(answer)) body = <Text c="dimmed" size="sm" data-testid={`figure-${id}-empty`}>{emptyText ?? ti('insights.empty')}</Text>;
  else {
    body = (
      <Stack gap="sm">
        {intro?.(answer)}
        {showTable ? (
          table(answer)
        ) : (
          <>
            <div role="img" aria-label={ti('insights.chartLabel', { figure: title })} className="insights-chart" data-testid={`figure-${id}-chart`}>
              {chart?.(answer)}
            </div>
            {/* On paper a chart cannot show its amounts on hover: its table is printed under it. */}
            <div className="insights-printonly">
              <PrintedCopy.Provider value>{table(answer)}</PrintedCopy.Provider>
            </div>
          </>
        )}
      </Stack>
    );
  }
  return (
    <Paper
      component="section"
      withBorder
      p="md"
      radius="md"
      aria-labelledby={headingId}
      aria-busy={query.isFetching || undefined}
      className={`insights-figure${wide ? ' insights-figure-wide' : ''}`}
      data-testid={`figure-${id}`}
    >
      {/* On a phone the toggle goes under the title rather than lose its words. */}
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} fz="h4" id={headingId}>{title}</Title>
        {chart !== null && answer && !isEmpty(answer) ? (
          <Button
            size="compact-sm"
            variant="subtle"
            className="insights-noprint"
            style={{ flexShrink: 0 }}
            onClick={() => setAsTable((v) => !v)}
            data-testid={`figure-${id}-toggle`}
          >
            {asTable ? ti('insights.showChart') : ti('insights.showTable')}
          </Button>
        ) : null}
      </Group>
      {body}
    </Paper>
  );
}

/** Inside the copy of a figure's table printed under its chart (its test id says so). */
const PrintedCopy = createContext(false);

interface FigureTableProps {
  label: string;
  testId: string;
  columns: Array<{ label: ReactNode; numeric?: boolean }>;
  rows: Array<{ key: string; cells: ReactNode[] }>;
  /** A closing row (the total). */
  footer?: ReactNode[];
}

/**
 * A figure's numbers: amounts right-aligned, readable on a phone. A table wider than its card
 * scrolls sideways, its scrollbar always shown so that the columns out of view are seen to be
 * there, and its box takes keyboard focus (its cells hold nothing focusable).
 */
export function FigureTable({ label, testId, columns, rows, footer }: FigureTableProps) {
  const printed = useContext(PrintedCopy);
  return (
    <Table.ScrollContainer minWidth={320} scrollAreaProps={{ type: 'auto', viewportProps: { tabIndex: 0, role: 'region', 'aria-label': label } }}>
      <Table striped aria-label={label} data-testid={printed ? `${testId}-printed` : testId} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => (
              <Table.Th key={i} scope="col" ta={c.numeric ? 'right' : undefined}>{c.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key}>
              {row.cells.map((cell, i) => (
                <Table.Td key={i} ta={columns[i]?.numeric ? 'right' : undefined} style={columns[i]?.numeric ? { whiteSpace: 'nowrap' } : undefined}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {footer ? (
          <Table.Tfoot>
            <Table.Tr>
              {footer.map((cell, i) => (
                <Table.Th key={i} scope={i === 0 ? 'row' : undefined} ta={columns[i]?.numeric ? 'right' : undefined}>{cell}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        ) : null}
      </Table>
    </Table.ScrollContainer>
  );
}
