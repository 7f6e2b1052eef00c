import { useState, type ReactNode } from 'react';
import { Group, Loader, Skeleton, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type Header,
  type OnChangeFn,
  type SortingState,
} from '@tanstack/react-table';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { ErrorState } from './error-state.tsx';
import { KeysetPager, type KeysetPagination } from './keyset-pager.tsx';

/**
 * The shared server-side table: the server sorts, filters and pages (keyset). The page owns
 * the query; this component renders it with accessible sorting, a debounced search box, the
 * page's filters, Previous/Next pagination and loading, empty and error states.
 */

export interface DataTableSearch {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
}

export interface DataTableProps<T> {
  /** Accessible name of the table. */
  label: string;
  testId?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
  columns: ColumnDef<T, any>[];
  rows: T[] | undefined;
  getRowId: (row: T) => string;
  nextCursor: string | null | undefined;
  pagination: KeysetPagination;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  isPending: boolean;
  isFetching: boolean;
  error: unknown;
  onRetry: () => void;
  emptyMessage: string;
  search?: DataTableSearch;
  /** Filter inputs supplied by the page (e.g. Mantine Selects). */
  filters?: ReactNode;
  skeletonRows?: number;
  /** Opens a row (e.g. the user's detail page); the row's own link stays the keyboard path. */
  onRowClick?: (row: T) => void;
}

function SearchBox({ search }: { search: DataTableSearch }) {
  const [value, setValue] = useState(search.value);
  const commit = useDebouncedCallback((next: string) => search.onChange(next.trim()), 300);
  return (
    <TextInput
      type="search"
      label={search.label}
      placeholder={search.placeholder}
      value={value}
      onChange={(event) => {
        setValue(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          commit.cancel();
          search.onChange(value.trim());
        }
      }}
      w={{ base: '100%', sm: 280 }}
      data-testid="data-table-search"
    />
  );
}

/** The column's name, shown before each value when a phone shows the rows as cards. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as DataTableProps.columns
function columnLabel<T>(column: ColumnDef<T, any>): string {
  return typeof column.header === 'string' ? column.header : '';
}

function ariaSort<T>(header: Header<T, unknown>): 'ascending' | 'descending' | 'none' | undefined {
  if (!header.column.getCanSort()) return undefined;
  const sorted = header.column.getIsSorted();
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}

function SortIndicator({ direction }: { direction: false | 'asc' | 'desc' }) {
  return (
    <Text span aria-hidden c={direction ? undefined : 'dimmed'} fz="xs">
      {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
    </Text>
  );
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useI18n();
  const { columns, rows, sorting, onSortingChange, pagination, nextCursor } = props;

  const handleSorting: OnChangeFn<SortingState> = (updater) =>
    onSortingChange(typeof updater === 'function' ? updater(sorting) : updater);

  const table = useReactTable({
    data: rows ?? [],
    columns,
    getRowId: props.getRowId,
    getCoreRowModel: getCoreRowModel(),
    state: { sorting },
    onSortingChange: handleSorting,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
  });

  const columnCount = table.getVisibleLeafColumns().length;
  const showSkeleton = props.isPending && !rows;
  const failed = props.error !== null && props.error !== undefined && !props.isFetching;

  let body: ReactNode;
  if (showSkeleton) {
    body = Array.from({ length: props.skeletonRows ?? 5 }, (_, i) => (
      <Table.Tr key={`skeleton-${i}`} data-testid="data-table-skeleton">
        {Array.from({ length: columnCount }, (_, j) => (
          <Table.Td key={j}>
            <Skeleton height={14} radius="sm" />
          </Table.Td>
        ))}
      </Table.Tr>
    ));
  } else if (rows && rows.length === 0 && !failed) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={columnCount}>
          <Text c="dimmed" ta="center" py="lg" data-testid="data-table-empty">
            {props.emptyMessage}
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = table.getRowModel().rows.map((row) => (
      <Table.Tr
        key={row.id}
        {...(props.onRowClick
          ? { onClick: () => props.onRowClick?.(row.original), style: { cursor: 'pointer' }, 'data-testid': 'data-table-row' }
          : {})}
      >
        {row.getVisibleCells().map((cell) => (
          <Table.Td key={cell.id} data-label={columnLabel(cell.column.columnDef)}>
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </Table.Td>
        ))}
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="md">
      {props.search || props.filters ? (
        <Group align="flex-end" gap="sm" wrap="wrap">
          {props.search ? <SearchBox search={props.search} /> : null}
          {props.filters}
          {props.isFetching && !showSkeleton ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
        </Group>
      ) : null}

      {failed ? <ErrorState error={props.error} onRetry={props.onRetry} /> : null}

      {failed && !rows ? null : (
        <Table.ScrollContainer minWidth={640} className="mandate-stacked-table">
          <Table
            aria-label={props.label}
            aria-busy={props.isFetching}
            data-testid={props.testId}
            striped
            highlightOnHover
            verticalSpacing="sm"
            // A little under Mantine's 10 px: ten columns of a Dutch invoice list fit a 1,366 px screen.
            horizontalSpacing={8}
            style={{ opacity: props.isFetching && !showSkeleton ? 0.7 : 1 }}
          >
            <Table.Thead>
              {table.getHeaderGroups().map((group) => (
                <Table.Tr key={group.id}>
                  {group.headers.map((header) => {
                    const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
                    return (
                      <Table.Th key={header.id} scope="col" aria-sort={ariaSort(header)}>
                        {header.column.getCanSort() ? (
                          <UnstyledButton
                            onClick={header.column.getToggleSortingHandler()}
                            fw={700}
                            fz="sm"
                            data-testid={`sort-${header.column.id}`}
                          >
                            <Group gap={4} wrap="nowrap">
                              {content}
                              <SortIndicator direction={header.column.getIsSorted()} />
                            </Group>
                          </UnstyledButton>
                        ) : (
                          content
                        )}
                      </Table.Th>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <KeysetPager pagination={pagination} nextCursor={nextCursor} busy={props.isFetching} always />
    </Stack>
  );
}
