import { memo, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { UnstyledButton, useMantineTheme } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link, useLocation } from 'react-router';
import { FLEET_OPTIONAL_COLUMNS, SIM_STATUSES, type SimListItem, type SimStatus } from '../api/fleet-types.ts';
import { frenchFirst } from '../../../lib/format.ts';
import { fromFleetList, type FleetListState } from '../fleet-return.ts';
import type { FleetI18n } from '../i18n/fleet-i18n.ts';
import type { FleetKey } from '../i18n/fleet-en.ts';
import { blockedWhilePortingOut } from './fleet-format.tsx';

/*
 * The fleet table holds up to the whole fleet (50,000 SIMs and more) and draws only the rows in
 * view. What keeps a scroll step cheap:
 * - only this component re-renders as the window moves, not the page with its filters;
 * - a row is a memoised component whose props change only with its SIM or its selection, so a
 *   scroll step renders just the rows that come into view;
 * - rows have one fixed height (no measuring), with a spacer row above and below them;
 * - cells are plain elements styled by fleet.css: no Mantine component, formatter or hook per cell
 *   (a Mantine Badge and Anchor per row took as long to mount as all the rest of the row);
 * - nothing walks every loaded row on a scroll step or a new page.
 */

/** The columns one may hide, and those shown until he chooses. */
export const OPTIONAL_COLUMNS = FLEET_OPTIONAL_COLUMNS;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
export const DEFAULT_COLUMNS: readonly OptionalColumn[] = ['status', 'endUser', 'plan', 'options', 'costCentre', 'billingAccount'];
export type FleetColumn = 'select' | 'msisdn' | OptionalColumn;

const ROW_HEIGHT = 44;
/** Rows drawn beyond the visible ones, above and below. */
const OVERSCAN = 10;
/** Ask for the next page when the last rows drawn come this close to the end of what is loaded. */
const PREFETCH_ROWS = 60;

/** The colours of SimStatusBadge (fleet-format.tsx). */
const STATUS_COLOURS: Record<SimStatus, string> = {
  active: 'green', suspended: 'yellow', blocked: 'red', port_out_pending: 'grape', deactivated: 'gray',
};

/** What the cells need besides their SIM: made once per table, not per cell. */
interface CellContext {
  customerId: string;
  /** Opens a SIM with the way back to this list as its address has it now. */
  listState: FleetListState;
  tf: FleetI18n['tf'];
  /** A calendar date (YYYY-MM-DD) in the language's medium style. */
  day: (isoDate: string) => string;
  /** Each status's badge colours as the theme resolves a light Badge's (its text darkened for contrast). */
  statusColours: Record<SimStatus, CSSProperties>;
}

interface ColumnSpec {
  label: FleetKey;
  width: number;
  /** The server's sort field, when it sorts by this column. */
  sort?: string;
  cell: (sim: SimListItem, context: CellContext) => ReactNode;
  /**
   * The cell's whole text, for a cell a long value ends in an ellipsis (the columns keep their widths): its title
   * shows it on hover and names it to assistive technology. A plain attribute, cheap on every row.
   */
  title?: (sim: SimListItem) => string | undefined;
}

const dimmed = (text: string) => <span className="fleet-dimmed">{text}</span>;

function optionNames(sim: SimListItem): string | undefined {
  return sim.options.length > 0 ? sim.options.map((o) => o.name).join(', ') : undefined;
}

/** Column ids, their header key, width, the server's sort field and the cell. The select column is drawn by the row itself. */
export const FLEET_COLUMNS: Record<Exclude<FleetColumn, 'select'>, ColumnSpec> & { select: Omit<ColumnSpec, 'cell'> } = {
  select: { label: 'fleet.column.select', width: 48 },
  msisdn: {
    label: 'fleet.column.msisdn', width: 140, sort: 'msisdn',
    cell: (sim, { customerId, listState }) => (
      <Link to={`/customers/${customerId}/fleet/${sim.id}`} state={listState} className="fleet-link" onClick={(e) => e.stopPropagation()} data-testid="fleet-sim-link">
        {sim.msisdn}
      </Link>
    ),
  },
  status: {
    label: 'fleet.column.status', width: 150, sort: 'status',
    // Drawn as SimStatusBadge's light Badge, without a Mantine component per row.
    // A line lost while its port-out waits is shown in the block's colours.
    cell: (sim, { tf, statusColours }) => {
      const blockedPortOut = blockedWhilePortingOut(sim);
      const label = blockedPortOut ? tf('fleet.status.short.portOutBlocked') : tf(`fleet.status.short.${sim.status}`);
      const full = blockedPortOut ? tf('fleet.status.portOutPendingBlocked') : tf(`fleet.status.${sim.status}`);
      return (
        <span className="fleet-status" style={statusColours[blockedPortOut ? 'blocked' : sim.status]} title={full} data-testid="sim-status" data-status={sim.status} data-blocked={blockedPortOut || undefined}>
          {label}
        </span>
      );
    },
  },
  endUser: {
    label: 'fleet.column.endUser', width: 150, sort: 'endUser', cell: (sim, { tf }) => sim.endUser?.name ?? dimmed(tf('fleet.table.unassigned')), title: (sim) => sim.endUser?.name,
  },
  plan: { label: 'fleet.column.plan', width: 150, sort: 'plan', cell: (sim) => sim.tariffPlan?.name ?? '—', title: (sim) => sim.tariffPlan?.name },
  options: { label: 'fleet.column.options', width: 160, cell: (sim) => optionNames(sim) ?? '—', title: optionNames },
  costCentre: { label: 'fleet.column.costCentre', width: 120, sort: 'costCentre', cell: (sim) => sim.costCentreName ?? '—', title: (sim) => sim.costCentreName ?? undefined },
  billingAccount: { label: 'fleet.column.billingAccount', width: 120, sort: 'billingAccount', cell: (sim) => sim.billingAccountNumber, title: (sim) => sim.billingAccountNumber },
  initialTermEnd: { label: 'fleet.column.initialTermEnd', width: 160, sort: 'initialTermEnd', cell: (sim, { day }) => (sim.initialTermEnd ? day(sim.initialTermEnd) : '—') },
  iccid: { label: 'fleet.column.iccid', width: 200, cell: (sim) => sim.iccid, title: (sim) => sim.iccid },
};

export interface SelectAllState {
  checked: boolean;
  indeterminate: boolean;
  onChange: (checked: boolean) => void;
}

/** The header's checkbox: a native one as in the rows, with the indeterminate state only a property can set. */
function SelectAllCheckBox({ label, checked, indeterminate, onChange }: SelectAllState & { label: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="fleet-check"
      aria-label={label}
      checked={checked}
      onChange={(event) => onChange(event.currentTarget.checked)}
      data-testid="fleet-select-all"
    />
  );
}

interface HeaderProps {
  columns: readonly FleetColumn[];
  sort: string;
  onSort: (field: string) => void;
  /** The sort field whose header was just clicked, once: its button gets focus when the table is drawn anew. */
  takeSortFocus?: () => string | null;
  selectAll: SelectAllState | null;
  tf: FleetI18n['tf'];
}

const FleetHeader = memo(function FleetHeader({ columns, sort, onSort, takeSortFocus, selectAll, tf }: HeaderProps) {
  const [sortField, sortDirection] = sort.split(':') as [string, 'asc' | 'desc'];
  const sortButtons = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    const field = takeSortFocus?.();
    if (field) sortButtons.current.get(field)?.focus();
  }, [takeSortFocus]);
  return (
    <thead className="fleet-head">
      <tr aria-rowindex={1}>
        {columns.map((id) => {
          const spec = FLEET_COLUMNS[id];
          const sorted = spec.sort !== undefined && spec.sort === sortField;
          let content: ReactNode = tf(spec.label);
          if (id === 'select') {
            content = selectAll ? <SelectAllCheckBox label={tf('fleet.select.loaded')} {...selectAll} /> : null;
          } else if (spec.sort) {
            content = (
              <UnstyledButton
                ref={(button: HTMLButtonElement | null) => {
                  if (button) sortButtons.current.set(spec.sort!, button);
                  else sortButtons.current.delete(spec.sort!);
                }}
                fw={700}
                fz="sm"
                onClick={() => onSort(spec.sort!)} aria-label={tf('fleet.sort.by', { column: tf(spec.label) })} data-testid={`fleet-sort-${id}`}>
                {tf(spec.label)} <span aria-hidden>{sorted ? (sortDirection === 'asc' ? '▲' : '▼') : '↕'}</span>
              </UnstyledButton>
            );
          }
          return (
            <th key={id} scope="col" aria-sort={sorted ? (sortDirection === 'asc' ? 'ascending' : 'descending') : undefined}>
              {content}
            </th>
          );
        })}
      </tr>
    </thead>
  );
});

interface RowProps {
  sim: SimListItem;
  /** Its place among the loaded rows (from 0). */
  index: number;
  columns: readonly FleetColumn[];
  selected: boolean;
  context: CellContext;
  onToggle: (simId: string, selected: boolean) => void;
  onOpen: (simId: string) => void;
}

/** One SIM. Memoised: a scroll step leaves the rows already drawn alone. */
const FleetRow = memo(function FleetRow({ sim, index, columns, selected, context, onToggle, onOpen }: RowProps) {
  return (
    <tr aria-rowindex={index + 2} className="fleet-row" data-selected={selected || undefined} data-testid="fleet-row" onClick={() => onOpen(sim.id)}>
      {columns.map((id) => (
        <td key={id} title={id === 'select' ? undefined : FLEET_COLUMNS[id].title?.(sim)}>
          {id === 'select' ? (
            <input
              type="checkbox"
              className="fleet-check"
              aria-label={context.tf('fleet.select.row', { msisdn: sim.msisdn })}
              checked={selected}
              onChange={(event) => onToggle(sim.id, event.currentTarget.checked)}
              onClick={(event) => event.stopPropagation()}
              data-testid="fleet-select-row"
            />
          ) : FLEET_COLUMNS[id].cell(sim, context)}
        </td>
      ))}
    </tr>
  );
});

interface FleetTableProps {
  customerId: string;
  /** Names the table for assistive technology. */
  label: string;
  rows: readonly SimListItem[];
  /** The columns shown, in order (with 'select' first when the user may select). */
  columns: readonly FleetColumn[];
  sort: string;
  onSort: (field: string) => void;
  takeSortFocus?: () => string | null;
  selected: ReadonlySet<string>;
  selectAll: SelectAllState | null;
  onToggle: (simId: string, selected: boolean) => void;
  onOpen: (simId: string) => void;
  /** Called as the rows drawn near the end of what is loaded (again on each step there). */
  onNearEnd: () => void;
  i18n: FleetI18n;
}

/**
 * The loaded SIMs in a scrolling table that draws only the rows in view (every row when printing).
 * Mount it anew (key) for another list: it starts at the top.
 */
export function FleetTable({ customerId, label, rows, columns, sort, onSort, takeSortFocus, selected, selectAll, onToggle, onOpen, onNearEnd, i18n }: FleetTableProps) {
  const { tf, locale } = i18n;
  const theme = useMantineTheme();
  const { search } = useLocation();
  const context = useMemo<CellContext>(() => {
    const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const statusColours = Object.fromEntries(SIM_STATUSES.map((status) => {
      const { background, color } = theme.variantColorResolver({ color: STATUS_COLOURS[status], variant: 'light', theme });
      return [status, { background, color }];
    })) as Record<SimStatus, CSSProperties>;
    return {
      customerId, listState: fromFleetList(search), tf, day: (isoDate) => frenchFirst(dayFormat.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)), locale), statusColours,
    };
  }, [customerId, search, tf, locale, theme]);

  // Printing shows every loaded row, not the window the page scrolls.
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => setPrinting(true);
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: rowHeight,
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= rows.length - PREFETCH_ROWS) onNearEnd();
  }, [lastIndex, rows.length, onNearEnd]);

  const shown = printing ? rows.map((_, index) => index) : items.map((item) => item.index);
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = !printing && first ? first.start : 0;
  const padBottom = !printing && last ? virtualizer.getTotalSize() - last.end : 0;
  const width = columns.reduce((sum, id) => sum + FLEET_COLUMNS[id].width, 0);

  return (
    <div ref={scroller} tabIndex={0} role="region" aria-label={label} className="fleet-scroller" data-testid="fleet-scroller">
      <table aria-label={label} aria-rowcount={rows.length + 1} className="fleet-table" data-testid="fleet-table" data-loaded={rows.length} style={{ width }}>
        <colgroup>
          {columns.map((id) => <col key={id} style={{ width: FLEET_COLUMNS[id].width }} />)}
        </colgroup>
        <FleetHeader columns={columns} sort={sort} onSort={onSort} takeSortFocus={takeSortFocus} selectAll={selectAll} tf={tf} />
        <tbody>
          {padTop > 0 ? <tr aria-hidden style={{ height: padTop }}><td colSpan={columns.length} /></tr> : null}
          {shown.map((index) => {
            const sim = rows[index]!;
            return (
              <FleetRow key={sim.id} sim={sim} index={index} columns={columns} selected={selected.has(sim.id)} context={context} onToggle={onToggle} onOpen={onOpen} />
            );
          })}
          {padBottom > 0 ? <tr aria-hidden style={{ height: padBottom }}><td colSpan={columns.length} /></tr> : null}
        </tbody>
      </table>
    </div>
  );
}

function rowHeight() {
  return ROW_HEIGHT;
}
