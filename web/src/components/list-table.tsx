import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { Table, Text } from '@mantine/core';
import { displayEnterpriseNumber } from '../lib/format.ts';

interface ListTableProps {
  /** Accessible name of the table. */
  label: string;
  testId: string;
  /** Column headings. */
  columns: ReactNode[];
  minWidth?: number;
  children: ReactNode;
}

/** A plain striped table of a short list (the long, sortable ones use DataTable). */
export function ListTable({ label, testId, columns, minWidth = 720, children }: ListTableProps) {
  const table = useRef<HTMLTableElement>(null);
  // On a phone the rows are cards (styles/app.css): each cell shows its column's heading.
  useLayoutEffect(() => {
    const headings = [...(table.current?.tHead?.rows[0]?.cells ?? [])].map((th) => th.textContent?.trim() ?? '');
    for (const row of table.current?.tBodies[0]?.rows ?? []) {
      [...row.cells].forEach((cell, i) => {
        if (cell.colSpan === 1) cell.dataset.label = headings[i] ?? '';
      });
    }
  });
  return (
    <Table.ScrollContainer minWidth={minWidth} className="mandate-stacked-table">
      <Table ref={table} striped highlightOnHover data-testid={testId} aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, i) => (
              <Table.Th key={i} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A company in a cell: its name, and its enterprise number below. */
export function CompanyCell({ name, enterpriseNumber }: { name: string; enterpriseNumber?: string | undefined }) {
  return (
    <>
      <Text size="sm" fw={500}>{name}</Text>
      {enterpriseNumber ? <Text size="xs" c="dimmed">{displayEnterpriseNumber(enterpriseNumber)}</Text> : null}
    </>
  );
}
