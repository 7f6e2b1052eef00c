import { Code, Drawer, Stack, Table, Text, Title } from '@mantine/core';
import type { AuditItem } from '@mandate/contracts/audit';
import { useAuditI18n } from '../i18n/audit-i18n.ts';
import { auditActionLabel, auditDiff, formatAuditTime, targetTypeLabel } from './audit-format.ts';

/**
 * One audit entry as an administrator reads it: who, when, for whom, through which delegation,
 * and the changed fields first with their names and labels; the ids only under "technical details".
 */
export function AuditDetailDrawer({ item, onClose }: { item: AuditItem | null; onClose: () => void }) {
  const { t, ta, locale } = useAuditI18n();
  const lines = item ? auditDiff(item, t, ta, locale) : [];
  return (
    <Drawer opened={item !== null} onClose={onClose} position="right" size="lg" title={ta('audit.detail.title')}>
      {item ? (
        <Stack gap="md" data-testid="audit-detail">
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Table.Tr><Table.Th w={180}>{ta('audit.col.at')}</Table.Th><Table.Td>{formatAuditTime(item.at, locale)}</Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th>{ta('audit.col.actor')}</Table.Th>
                <Table.Td>{item.actor ? `${item.actor.name} <${item.actor.email}>` : ta('audit.system')}</Table.Td>
              </Table.Tr>
              <Table.Tr><Table.Th>{ta('audit.col.actingFor')}</Table.Th><Table.Td>{item.actingVia ? `${item.actingFor.name} (${ta('audit.actingVia', { name: item.actingVia.name })})` : item.actingFor.name}</Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th>{ta('audit.col.delegation')}</Table.Th>
                <Table.Td>{item.delegation ? (item.delegation.partnerName ?? ta('audit.targetType.delegation')) : t('common.none')}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{ta('audit.col.action')}</Table.Th>
                <Table.Td data-testid="audit-detail-action">{auditActionLabel(ta, item.action)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{ta('audit.detail.target')}</Table.Th>
                <Table.Td data-testid="audit-detail-target">
                  {item.targetLabel
                    ? ta('audit.detail.targetOf', { kind: targetTypeLabel(ta, item.targetType), name: item.targetLabel })
                    : targetTypeLabel(ta, item.targetType)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Title order={3} size="h5">{ta('audit.detail.changes')}</Title>
          {lines.length === 0 ? (
            <Text c="dimmed" size="sm">{ta('audit.detail.noChanges')}</Text>
          ) : (
            <Table withTableBorder layout="fixed" data-testid="audit-diff">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="30%">{ta('audit.detail.field')}</Table.Th>
                  <Table.Th>{ta('audit.detail.before')}</Table.Th>
                  <Table.Th>{ta('audit.detail.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((line) => (
                  <Table.Tr key={line.key} data-testid={`audit-diff-${line.key}`} data-changed={line.changed || undefined}>
                    <Table.Td fw={line.changed ? 700 : undefined} data-testid="audit-diff-label">{line.label}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }} c={line.changed ? 'red.9' : undefined}>
                      {line.changed ? <del>{line.before}</del> : line.before}
                    </Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }} c={line.changed ? 'teal.9' : undefined} fw={line.changed ? 600 : undefined}>
                      {line.changed ? `→ ${line.after}` : line.after}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <details data-testid="audit-technical">
            <summary style={{ cursor: 'pointer' }}><Text component="span" size="sm" fw={500}>{ta('audit.detail.technical')}</Text></summary>
            <Table variant="vertical" withTableBorder layout="fixed" mt="xs" fz="xs">
              <Table.Tbody>
                <Table.Tr><Table.Th w={180}>{ta('audit.detail.id')}</Table.Th><Table.Td><Code>{item.id}</Code></Table.Td></Table.Tr>
                <Table.Tr><Table.Th>{ta('audit.detail.actionCode')}</Table.Th><Table.Td><Code>{item.action}</Code></Table.Td></Table.Tr>
                <Table.Tr><Table.Th>{ta('audit.detail.targetType')}</Table.Th><Table.Td><Code>{item.targetType}</Code></Table.Td></Table.Tr>
                {item.targetId ? <Table.Tr><Table.Th>{ta('audit.detail.targetId')}</Table.Th><Table.Td><Code>{item.targetId}</Code></Table.Td></Table.Tr> : null}
                {item.delegation ? <Table.Tr><Table.Th>{ta('audit.detail.delegationId')}</Table.Th><Table.Td><Code>{item.delegation.id}</Code></Table.Td></Table.Tr> : null}
                <Table.Tr>
                  <Table.Th>{ta('audit.detail.raw')}</Table.Th>
                  <Table.Td>
                    <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {JSON.stringify({ before: item.before ?? null, after: item.after ?? null }, null, 1)}
                    </Code>
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </details>
        </Stack>
      ) : null}
    </Drawer>
  );
}
