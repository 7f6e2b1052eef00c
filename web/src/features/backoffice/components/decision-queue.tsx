import { useState, type ReactNode } from 'react';
import { Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { oneOf } from '../../../lib/url-state.ts';

const FILTERS = ['pending', 'all'] as const;

/** The badge colour of a request's status. */
export const DECISION_COLOURS = { pending: 'blue', approved: 'green', refused: 'red' } as const;

/** The status a queue lists, from the URL's filter: the pending requests (the default), or all (null). */
export function queueStatus(filter: string): 'pending' | null {
  return (oneOf(filter, FILTERS) ?? 'pending') === 'pending' ? 'pending' : null;
}

export interface Decision<R> {
  request: R;
  approve: boolean;
}

interface DecisionQueueProps<R extends { id: string; status: string }, Body> {
  /** The filter as in the URL: 'pending' (or anything else) or 'all'. */
  filter: string;
  onFilter: (filter: string) => void;
  /** The queue's list, read with queueStatus(filter). */
  query: Parameters<typeof ListStates<R>>[0]['query'];
  /**
   * `bo-${testId}s` is the table, `bo-${testId}s-empty` the empty state, `bo-${testId}-<id>` a row,
   * `${testId}-approve-<id>` and `${testId}-refuse-<id>` its buttons, `confirm-${testId}-approve|refuse` the dialog's.
   */
  testId: string;
  empty: string;
  /** The table's accessible name, its column headings (the last one heads the buttons) and width. */
  label: string;
  columns: string[];
  minWidth: number;
  /** A row's cells before its buttons. */
  cells: (request: R) => ReactNode;
  /** More attributes of a row (data-*, for the tests to find it). */
  rowAttributes?: (request: R) => Record<`data-${string}`, string>;
  /** What the dialog says of the decision. */
  confirmText: (decision: Decision<R>) => string;
  decide: {
    mutate: (body: Body, options: { onSuccess: () => void }) => void;
    isPending: boolean;
    error: unknown;
    reset: () => void;
  };
  /** The request body of a decision, with its reason (none when approving). */
  body: (decision: Decision<R>, reason: string) => Body;
  /** The refusal shown in the dialog, in the feature's words where it has them. */
  describeError?: (error: unknown, decision: Decision<R>) => unknown;
}

/**
 * A back-office queue of customers' requests: pending or all, and each pending one approved or
 * refused (with a reason the customer sees) after a confirmation.
 */
export function DecisionQueue<R extends { id: string; status: string }, Body>(props: DecisionQueueProps<R, Body>) {
  const { filter, onFilter, query, testId, empty, label, columns, minWidth, cells, rowAttributes, confirmText, decide, body, describeError } = props;
  const { t } = useI18n();
  const [decision, setDecision] = useState<Decision<R> | null>(null);

  return (
    <Stack gap="sm">
      <SegmentedControl
        value={oneOf(filter, FILTERS) ?? 'pending'}
        onChange={onFilter}
        data={[{ value: 'pending', label: t('bo.toReview') }, { value: 'all', label: t('bo.all') }]}
        size="xs"
        data-testid="bo-status-filter"
      />
      <ListStates query={query} empty={<Text c="dimmed" data-testid={`bo-${testId}s-empty`}>{empty}</Text>}>
        {(items) => (
          <ListTable label={label} testId={`bo-${testId}s`} minWidth={minWidth} columns={columns}>
            {items.map((r) => (
              <Table.Tr key={r.id} data-testid={`bo-${testId}-${r.id}`} {...rowAttributes?.(r)}>
                {cells(r)}
                <Table.Td>
                  {r.status === 'pending' ? (
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" onClick={() => setDecision({ request: r, approve: true })} data-testid={`${testId}-approve-${r.id}`}>{t('bo.approve')}</Button>
                      <Button size="xs" color="red" variant="light" onClick={() => setDecision({ request: r, approve: false })} data-testid={`${testId}-refuse-${r.id}`}>{t('bo.refuse')}</Button>
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      {decision ? (
        <ConfirmModal
          title={t(decision.approve ? 'bo.approveTitle' : 'bo.refuseTitle')}
          text={confirmText(decision)}
          confirmLabel={t(decision.approve ? 'bo.approve' : 'bo.refuse')}
          reason={decision.approve ? 'none' : 'required'}
          danger={!decision.approve}
          loading={decide.isPending}
          error={describeError ? describeError(decide.error, decision) : decide.error}
          testId={`${testId}-${decision.approve ? 'approve' : 'refuse'}`}
          onClose={() => {
            setDecision(null);
            decide.reset();
          }}
          onConfirm={(reason) => decide.mutate(body(decision, reason), { onSuccess: () => setDecision(null) })}
        />
      ) : null}
    </Stack>
  );
}
