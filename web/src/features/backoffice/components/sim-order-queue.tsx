import { useState } from 'react';
import { Alert, Badge, Button, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import type { OperatorOrder, OperatorOrderKind } from '@mandate/contracts/operator-orders';
import { parseMsisdn } from '@mandate/domain/msisdn';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { ListStates } from '../../../components/list-states.tsx';
import { CompanyCell, ListTable } from '../../../components/list-table.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';
import { oneOf } from '../../../lib/url-state.ts';
import { useCompleteSimOrder, useRejectSimOrder, useSimOrderQueue } from '../api/sim-orders-api.ts';
import { useBackofficeI18n, type BackofficeTranslate } from '../i18n/backoffice-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';

const STATUS_FILTERS = ['requested', 'all'] as const;
const KIND_FILTERS = ['all', 'number_change', 'port_out'] as const;
const SIM_STATUSES = ['active', 'suspended', 'blocked', 'port_out_pending', 'deactivated'] as const;
const STATUS_COLOURS: Partial<Record<OperatorOrder['status'], string>> = { requested: 'blue', applied: 'green', rejected: 'red', scheduled: 'grape' };

/** The texts of the refusals the dialogs can meet, in the back office's words. */
const problemTexts = (tb: BackofficeTranslate) => ({
  order_not_requested: tb('bo.mob.problem.order_not_requested'),
  msisdn_taken: tb('bo.mob.problem.msisdn_taken'),
  invalid_msisdn: tb('bo.mob.problem.invalid_msisdn'),
  msisdn_required: tb('bo.mob.problem.msisdn_required'),
  msisdn_unchanged: tb('bo.mob.problem.msisdn_unchanged'),
  sim_status: tb('bo.mob.problem.sim_status'),
  precondition_failed: tb('bo.mob.problem.precondition_failed'),
});

/** Refusals of the number typed: said on its field, where staff fix it. */
const NUMBER_PROBLEMS = ['msisdn_taken', 'invalid_msisdn', 'msisdn_required', 'msisdn_unchanged'] as const;

function simStatusLabel(tb: BackofficeTranslate, status: string): string {
  const known = oneOf(status, SIM_STATUSES);
  return known ? tb(`bo.mob.sim.${known}`) : status;
}

/**
 * MOB-8: completing a request, after a confirmation. A number change shows the number the SIM card
 * gets (the one the customer asked for, which staff may replace; required when he asked none); a
 * port-out says the subscription ends.
 */
function CompleteModal({ order, onClose, onDone }: { order: OperatorOrder; onClose: () => void; onDone: (newMsisdn: string | null) => void }) {
  const { t } = useI18n();
  const { tb, localise } = useBackofficeI18n();
  const mutation = useCompleteSimOrder();
  const [msisdn, setMsisdn] = useState(order.desiredMsisdn ?? '');
  const [tried, setTried] = useState(false);
  const numberChange = order.kind === 'number_change';
  const missing = numberChange && msisdn.trim() === '';
  const params = { msisdn: order.msisdn, customer: order.customer.name, operator: order.recipientOperator ?? '' };
  const errorCode = mutation.error instanceof ApiError ? mutation.error.code : null;
  const numberProblem = numberChange && NUMBER_PROBLEMS.find((code) => code === errorCode);
  return (
    <Dialog opened onClose={onClose} centered title={tb(numberChange ? 'bo.mob.completeNumberTitle' : 'bo.mob.completePortOutTitle', params)}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (missing) return;
          const body = numberChange && msisdn.trim() !== order.desiredMsisdn ? { msisdn: msisdn.trim() } : {};
          // The new number as the line has it now (as stored, like the old one), not as typed.
          mutation.mutate({ order, body }, { onSuccess: () => onDone(numberChange ? parseMsisdn(msisdn.trim()) ?? msisdn.trim() : null) });
        }}
      >
        <Stack gap="md">
          <Text>{tb(numberChange ? 'bo.mob.completeNumberText' : 'bo.mob.completePortOutText', params)}</Text>
          {numberChange ? (
            <TextInput
              label={tb('bo.mob.newNumber')}
              description={tb('bo.mob.newNumberHint')}
              value={msisdn}
              onChange={(event) => setMsisdn(event.currentTarget.value)}
              maxLength={40}
              required
              error={tried && missing ? tb('bo.mob.newNumberRequired') : numberProblem ? problemTexts(tb)[numberProblem] : null}
              data-autofocus
              data-testid="new-msisdn"
            />
          ) : null}
          {numberProblem ? null : <ProblemAlert error={localise(mutation.error, problemTexts(tb))} testId="modal-error" />}
          <Group justify="flex-end">
            {/* A port-out cannot be undone: without a field to fill in, focus starts on Cancel. */}
            <Button variant="default" onClick={onClose} data-autofocus={!numberChange || undefined} data-testid="confirm-cancel">{t('common.cancel')}</Button>
            <Button type="submit" color={numberChange ? undefined : 'red'} loading={mutation.isPending} data-testid="confirm-sim-order-complete">
              {tb('bo.mob.complete')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}

interface SimOrderQueueProps {
  /** The filters as in the URL: status 'requested' (the default) or 'all'; kind 'all' (the default), 'number_change' or 'port_out'. */
  status: string;
  kind: string;
  onFilter: (filter: { status?: string; kind?: string }) => void;
}

/** The back office's number changes and port-outs (MOB-8): those to handle first, each completed or rejected after a confirmation. */
export function SimOrderQueue({ status: rawStatus, kind: rawKind, onFilter }: SimOrderQueueProps) {
  const { tb, dateTime, localise } = useBackofficeI18n();
  const status = oneOf(rawStatus, STATUS_FILTERS) ?? 'requested';
  const kind = oneOf(rawKind, KIND_FILTERS) ?? 'all';
  const query = useSimOrderQueue(status, kind === 'all' ? null : kind as OperatorOrderKind);
  const reject = useRejectSimOrder();
  const [completing, setCompleting] = useState<OperatorOrder | null>(null);
  const [rejecting, setRejecting] = useState<OperatorOrder | null>(null);
  const [done, setDone] = useState<string | null>(null);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{tb('bo.mob.intro')}</Text>
      <Group gap="md">
        <SegmentedControl
          value={status}
          onChange={(value) => onFilter({ status: value })}
          data={STATUS_FILTERS.map((s) => ({ value: s, label: tb(`bo.mob.filter.${s}`) }))}
          size="xs"
          data-testid="bo-sim-orders-status"
        />
        <SegmentedControl
          value={kind}
          onChange={(value) => onFilter({ kind: value })}
          data={KIND_FILTERS.map((k) => ({ value: k, label: k === 'all' ? tb('bo.mob.kindFilter.all') : tb(`bo.mob.kind.${k}`) }))}
          size="xs"
          data-testid="bo-sim-orders-kind"
        />
      </Group>
      {done ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setDone(null)} data-testid="sim-order-done">{done}</Alert>
      ) : null}
      <ListStates query={query} empty={<Text c="dimmed" data-testid="bo-sim-orders-empty">{tb(status === 'requested' ? 'bo.mob.empty' : 'bo.mob.emptyAll')}</Text>}>
        {(items) => (
          <ListTable
            label={tb('bo.mob.label')}
            testId="bo-sim-orders"
            minWidth={980}
            columns={[tb('bo.mob.customer'), tb('bo.mob.number'), tb('bo.mob.request'), tb('bo.mob.asked'), tb('bo.mob.status'), tb('bo.mob.actions')]}
          >
            {items.map((o) => (
              <Table.Tr key={o.id} data-testid={`bo-sim-order-${o.id}`} data-msisdn={o.msisdn}>
                <Table.Td><CompanyCell name={o.customer.name} /></Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>{o.msisdn}</Text>
                  <Text size="xs" c="dimmed">{simStatusLabel(tb, o.simStatus)}</Text>
                  {o.simBlockedAt && o.simStatus !== 'blocked'
                    ? <Text size="xs" c="red" data-testid="bo-sim-order-blocked">{tb('bo.mob.sim.blockedSince', { date: dateTime(o.simBlockedAt) })}</Text>
                    : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{tb(`bo.mob.kind.${o.kind}`)}</Text>
                  <Text size="xs" c="dimmed">
                    {o.kind === 'port_out'
                      ? tb('bo.mob.recipient', { operator: o.recipientOperator ?? '' })
                      : o.desiredMsisdn ? tb('bo.mob.desired', { msisdn: o.desiredMsisdn }) : tb('bo.mob.noDesired')}
                  </Text>
                  {o.serviceReason && o.effectiveAt ? <Text size="xs" c="dimmed">{tb('bo.mob.service', { date: dateTime(o.effectiveAt) })}</Text> : null}
                  {o.note ? <Text size="xs" c="dimmed" lineClamp={2}>{o.note}</Text> : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{dateTime(o.createdAt)}</Text>
                  <Text size="xs" c="dimmed">{o.createdBy?.name ?? tb('bo.mob.someone')}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLOURS[o.status] ?? 'gray'} tt="none">{tb(`bo.mob.status.${o.status}`)}</Badge>
                  {o.decidedAt ? <Text size="xs" c="dimmed">{tb('bo.mob.decidedBy', { name: o.decidedBy?.name ?? tb('bo.mob.someone'), date: dateTime(o.decidedAt) })}</Text> : null}
                  {o.reason ? <Text size="xs" c="dimmed">{o.reason}</Text> : null}
                </Table.Td>
                <Table.Td>
                  {o.status === 'requested' ? (
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        onClick={() => {
                          setDone(null);
                          setCompleting(o);
                        }}
                        aria-label={tb('bo.mob.completeOf', { msisdn: o.msisdn })}
                        data-testid={`sim-order-complete-${o.id}`}
                      >
                        {tb('bo.mob.complete')}
                      </Button>
                      <Button
                        size="xs"
                        color="red"
                        variant="light"
                        onClick={() => {
                          setDone(null);
                          setRejecting(o);
                        }}
                        aria-label={tb('bo.mob.rejectOf', { msisdn: o.msisdn })}
                        data-testid={`sim-order-reject-${o.id}`}
                      >
                        {tb('bo.mob.reject')}
                      </Button>
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      {completing ? (
        <CompleteModal
          order={completing}
          onClose={() => setCompleting(null)}
          onDone={(newMsisdn) => {
            setDone(newMsisdn ? tb('bo.mob.completedNumber', { msisdn: completing.msisdn, newMsisdn }) : tb('bo.mob.completed', { msisdn: completing.msisdn }));
            setCompleting(null);
          }}
        />
      ) : null}
      {rejecting ? (
        <ConfirmModal
          title={tb('bo.mob.rejectTitle', { msisdn: rejecting.msisdn })}
          text={tb(rejecting.kind === 'port_out' ? 'bo.mob.rejectPortOutText' : 'bo.mob.rejectNumberText', { msisdn: rejecting.msisdn })}
          confirmLabel={tb('bo.mob.reject')}
          reason="required"
          danger
          loading={reject.isPending}
          error={localise(reject.error, problemTexts(tb))}
          testId="sim-order-reject"
          onClose={() => {
            setRejecting(null);
            reject.reset();
          }}
          onConfirm={(reason) => reject.mutate({ order: rejecting, reason }, {
            onSuccess: () => {
              setDone(tb('bo.mob.rejected', { msisdn: rejecting.msisdn }));
              setRejecting(null);
            },
          })}
        />
      ) : null}
    </Stack>
  );
}
