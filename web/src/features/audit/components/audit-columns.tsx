import { Anchor, Stack, Text } from '@mantine/core';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { AuditItem } from '@mandate/contracts/audit';
import type { Translate } from '../../../lib/i18n/i18n.tsx';
import type { AuditTranslate } from '../i18n/audit-i18n.ts';
import { auditActionLabel, formatAuditTime, targetTypeLabel } from './audit-format.ts';

const column = createColumnHelper<AuditItem>();

/** The audit table: when, who, acting for, through delegation, action, target. Not sortable: always newest first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column helper yields ColumnDef<T, any>
export function auditColumns(t: Translate, ta: AuditTranslate, locale: string, onOpen: (item: AuditItem) => void): ColumnDef<AuditItem, any>[] {
  return [
    column.accessor('at', {
      header: ta('audit.col.at'),
      enableSorting: false,
      // The time opens the detail: the keyboard path (a click anywhere on the row does the same).
      cell: (info) => (
        <Anchor
          component="button"
          type="button"
          size="sm"
          fw={500}
          onClick={(e) => {
            e.stopPropagation();
            onOpen(info.row.original);
          }}
          aria-label={`${ta('audit.detail.open')}: ${formatAuditTime(info.getValue(), locale)}`}
          data-testid={`audit-row-${info.row.original.id}`}
          style={{ whiteSpace: 'nowrap' }}
        >
          {formatAuditTime(info.getValue(), locale)}
        </Anchor>
      ),
    }),
    column.accessor((item) => item.actor?.name ?? '', {
      id: 'actor',
      header: ta('audit.col.actor'),
      enableSorting: false,
      cell: (info) => {
        const actor = info.row.original.actor;
        if (!actor) return <Text size="sm" c="dimmed">{ta('audit.system')}</Text>;
        return (
          <Stack gap={0}>
            <Text size="sm" data-testid="audit-actor">{actor.name}</Text>
            <Text size="xs" c="dimmed">{actor.email}</Text>
          </Stack>
        );
      },
    }),
    column.accessor((item) => item.actingFor.name, {
      id: 'actingFor',
      header: ta('audit.col.actingFor'),
      enableSorting: false,
      // DLG-1: an affiliate's entry also names the company its actor belongs to.
      cell: (info) => {
        const via = info.row.original.actingVia;
        return (
          <Stack gap={0}>
            <Text size="sm">{info.getValue<string>()}</Text>
            {via ? <Text size="xs" c="dimmed" data-testid="audit-acting-via">{ta('audit.actingVia', { name: via.name })}</Text> : null}
          </Stack>
        );
      },
    }),
    column.accessor((item) => item.delegation?.partnerName ?? '', {
      id: 'delegation',
      header: ta('audit.col.delegation'),
      enableSorting: false,
      cell: (info) => {
        const d = info.row.original.delegation;
        return d ? <Text size="sm" data-testid="audit-delegation">{d.partnerName ?? d.id}</Text> : <Text size="sm" c="dimmed">{t('common.none')}</Text>;
      },
    }),
    column.accessor('action', {
      header: ta('audit.col.action'),
      enableSorting: false,
      cell: (info) => <Text size="sm" title={info.getValue()} data-testid="audit-action">{auditActionLabel(ta, info.getValue())}</Text>,
    }),
    // A name where the server found one (a person, a mobile number, an invoice number…) over the kind
    // of object, which tells what the name is; else the kind alone ("Right"); never a bare id.
    column.accessor((item) => item.targetLabel ?? targetTypeLabel(ta, item.targetType), {
      id: 'target',
      header: ta('audit.col.target'),
      enableSorting: false,
      cell: (info) => {
        const { targetLabel, targetType } = info.row.original;
        if (!targetLabel) return <Text size="sm" data-testid="audit-target">{targetTypeLabel(ta, targetType) || t('common.none')}</Text>;
        return (
          <Stack gap={0} data-testid="audit-target">
            <Text size="sm">{targetLabel}</Text>
            <Text size="xs" c="dimmed">{targetTypeLabel(ta, targetType)}</Text>
          </Stack>
        );
      },
    }),
  ];
}
