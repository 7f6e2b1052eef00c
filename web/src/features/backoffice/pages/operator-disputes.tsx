import { useState } from 'react';
import { Alert, Button, Radio, Group, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { ListStates } from '../../../components/list-states.tsx';
import { ListTable } from '../../../components/list-table.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { oneOf } from '../../../lib/url-state.ts';
import { useAnswerDispute, useOperatorDisputes } from '../../invoices/api/invoices-api.ts';
import { ANSWER_STATUSES, type AnswerStatus, type OperatorDispute as Dispute } from '../../invoices/api/invoices-types.ts';
import { DisputeStatusBadge } from '../../invoices/components/invoice-format.tsx';
import { useInvoicesI18n } from '../../invoices/i18n/invoices-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';

const FILTERS = ['live', 'in_review', 'all'] as const;
const LIVE = new Set(['open', 'in_review']);

/**
 * INV-7, operator side: answer a dispute (in review, accepted or rejected) with a text the customer
 * receives by e-mail. The answer is written, then read again and confirmed before it is sent.
 */
function AnswerModal({ dispute, onClose, onDone }: { dispute: Dispute; onClose: () => void; onDone: () => void }) {
  const { t, ti, eur } = useInvoicesI18n();
  const mutation = useAnswerDispute();
  // A few lines are named with what they are (the number and the description on the invoice); many, by their numbers.
  const named = dispute.lines.length <= 3
    ? dispute.lines.map((l) => {
      const about = [l.msisdn, l.description].filter((v): v is string => Boolean(v)).join(', ');
      return about ? `${l.lineNo} (${about})` : String(l.lineNo);
    }).join('; ')
    : dispute.lineNos.join(', ');
  const what = dispute.lineNos.length === 0 ? ti('invoices.disputeHistory.wholeInvoice')
    : ti(dispute.lineNos.length === 1 ? 'invoices.disputeHistory.line' : 'invoices.disputeHistory.lines', { lines: named });
  const [status, setStatus] = useState<AnswerStatus>(dispute.status === 'open' ? 'in_review' : 'accepted');
  const [answer, setAnswer] = useState(dispute.answer ?? '');
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const error = tried && answer.trim() === '' ? ti('invoices.operator.answerRequired') : null;

  return (
    <Dialog opened onClose={onClose} title={ti(confirming ? 'invoices.operator.confirmTitle' : 'invoices.operator.answerTitle', { number: dispute.invoiceNumber })} size="lg" centered>
      {confirming ? (
        <Stack gap="md">
          <Text data-testid="answer-confirm-text">
            {ti('invoices.operator.confirmText', { number: dispute.invoiceNumber, status: ti(`invoices.disputeStatus.${status}`), name: dispute.openedBy.name })}
          </Text>
          <Alert color="gray" variant="light">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{answer.trim()}</Text>
          </Alert>
          <ProblemAlert error={mutation.error} testId="modal-error" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-testid="answer-edit">{ti('invoices.operator.edit')}</Button>
            <Button
              loading={mutation.isPending}
              onClick={() => mutation.mutate({ disputeId: dispute.id, body: { status, answer: answer.trim() } }, { onSuccess: onDone })}
              data-autofocus
              data-testid="confirm-answer"
            >
              {ti('invoices.operator.send')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (answer.trim() !== '') setConfirming(true);
          }}
        >
          <Stack gap="md">
            {/* What is at stake, as the customer's invoice page gives it: the lines, the amount, what stays due meanwhile. */}
            <Text size="sm" fw={500} data-testid="answer-summary">
              {ti('invoices.operator.summary', { what, disputed: eur(dispute.disputedCents), undisputed: eur(dispute.undisputedCents) })}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{dispute.reason}</Text>
            <Radio.Group label={ti('invoices.operator.decision')} value={status} onChange={(value) => setStatus(oneOf(value, ANSWER_STATUSES) ?? 'in_review')} required>
              <Group gap="lg" mt={6}>
                {ANSWER_STATUSES.map((s) => (
                  // The dialog starts on the decision, the first thing to choose; the answer follows it.
                  <Radio key={s} value={s} label={ti(`invoices.disputeStatus.${s}`)} data-autofocus={s === status || undefined} data-testid={`answer-status-${s}`} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label={ti('invoices.operator.answerText')}
              value={answer}
              onChange={(event) => setAnswer(event.currentTarget.value)}
              maxLength={2000}
              autosize
              minRows={3}
              required
              error={error}
              data-testid="answer-text"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" data-testid="answer-review">{ti('invoices.operator.review')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Dialog>
  );
}

/** The back office's disputes: those to answer first, then all. */
export function OperatorDisputes({ status: raw, onStatus }: { status: string; onStatus: (status: string) => void }) {
  const { ti, eur, dateTime } = useInvoicesI18n();
  const filter = oneOf(raw, FILTERS) ?? 'live';
  const query = useOperatorDisputes(filter === 'all' ? null : filter === 'in_review' ? 'in_review' : 'open');
  const [answering, setAnswering] = useState<Dispute | null>(null);
  const [answered, setAnswered] = useState(false);
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={filter}
        onChange={onStatus}
        size="xs"
        data={[
          { value: 'live', label: ti('invoices.operator.toAnswer') },
          { value: 'in_review', label: ti('invoices.disputeStatus.in_review') },
          { value: 'all', label: ti('invoices.disputes.all') },
        ]}
        data-testid="bo-disputes-filter"
      />
      {answered ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setAnswered(false)} data-testid="answer-done">
          {ti('invoices.operator.answered')}
        </Alert>
      ) : null}
      <ListStates query={query} empty={<Text c="dimmed" data-testid="bo-disputes-empty">{ti('invoices.operator.empty')}</Text>}>
        {(items) => (
          <ListTable
            label={ti('invoices.operator.tableLabel')}
            testId="bo-disputes"
            minWidth={960}
            columns={[
              ti('invoices.operator.column.customer'),
              ti('invoices.disputes.column.invoice'),
              ti('invoices.disputes.column.openedAt'),
              ti('invoices.disputes.column.amount'),
              ti('invoices.disputes.column.reason'),
              ti('invoices.disputes.column.status'),
              ti('invoices.operator.column.actions'),
            ]}
          >
            {items.map((dispute) => (
              <Table.Tr key={dispute.id} data-testid={`bo-dispute-${dispute.id}`}>
                <Table.Td><Text size="sm">{dispute.customer.name}</Text></Table.Td>
                <Table.Td><Text size="sm" fw={500}>{dispute.invoiceNumber}</Text></Table.Td>
                <Table.Td>
                  <Text size="sm">{dateTime(dispute.openedAt)}</Text>
                  <Text size="xs" c="dimmed">{dispute.openedBy.name}</Text>
                </Table.Td>
                <Table.Td><Text size="sm">{eur(dispute.disputedCents)}</Text></Table.Td>
                <Table.Td><Text size="sm" lineClamp={3}>{dispute.reason}</Text></Table.Td>
                <Table.Td><DisputeStatusBadge status={dispute.status} /></Table.Td>
                <Table.Td>
                  {LIVE.has(dispute.status) ? (
                    <Button
                      size="xs"
                      onClick={() => {
                        setAnswered(false);
                        setAnswering(dispute);
                      }}
                      data-testid={`dispute-answer-${dispute.id}`}
                    >
                      {ti('invoices.operator.answer')}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      {answering ? (
        <AnswerModal
          dispute={answering}
          onClose={() => setAnswering(null)}
          onDone={() => {
            setAnswering(null);
            setAnswered(true);
          }}
        />
      ) : null}
    </Stack>
  );
}

/** The back office tab's name (the texts of disputes live with My invoice online). */
export function DisputesTabLabel() {
  const { ti } = useInvoicesI18n();
  return <>{ti('invoices.operator.tab')}</>;
}
