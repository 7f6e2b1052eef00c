import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { ConfirmModal } from '../../../components/confirm-modal.tsx';
import { useWithdrawDispute } from '../api/invoices-api.ts';
import type { Dispute, DisputeEvent } from '../api/invoices-types.ts';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import { DisputeStatusBadge } from './invoice-format.tsx';

const LIVE = new Set(['open', 'in_review']);

function nameOf(by: DisputeEvent['by']): string | null {
  return by?.name ?? null;
}

/** One dispute: what is disputed, what stays due, the answer, and the history of its status. */
export function DisputeCard({ dispute, onWithdraw }: { dispute: Dispute; onWithdraw?: (() => void) | undefined }) {
  const { ti, eur, dateTime } = useInvoicesI18n();
  return (
    <Paper withBorder p="md" data-testid={`dispute-${dispute.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <DisputeStatusBadge status={dispute.status} />
            <Text size="sm" c="dimmed">{ti('invoices.disputeHistory.opened', { date: dateTime(dispute.openedAt), name: dispute.openedBy.name })}</Text>
          </Group>
          {onWithdraw && LIVE.has(dispute.status) ? (
            <Button size="xs" variant="subtle" color="red" onClick={onWithdraw} data-testid="dispute-withdraw">
              {ti('invoices.disputeHistory.withdraw')}
            </Button>
          ) : null}
        </Group>
        <Text size="sm" fw={500}>
          {dispute.lineNos.length > 0
            ? ti(dispute.lineNos.length === 1 ? 'invoices.disputeHistory.line' : 'invoices.disputeHistory.lines', { lines: dispute.lineNos.join(', ') })
            : ti('invoices.disputeHistory.wholeInvoice')}
          {' · '}
          {ti('invoices.disputeHistory.amounts', { disputed: eur(dispute.disputedCents), undisputed: eur(dispute.undisputedCents) })}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="dispute-reason-text">{dispute.reason}</Text>
        {dispute.detailedInvoice ? <Text size="sm" c="dimmed">{ti('invoices.disputeHistory.detailedInvoice')}</Text> : null}
        {dispute.answer ? (
          <div>
            <Text size="sm" fw={600}>{ti('invoices.disputeHistory.answer')}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="dispute-answer">{dispute.answer}</Text>
          </div>
        ) : null}
        {dispute.events.length > 0 ? (
          <div>
            <Text size="sm" fw={600} mb={6}>{ti('invoices.disputeHistory.history')}</Text>
            <Timeline bulletSize={14} lineWidth={2} active={dispute.events.length - 1} data-testid="dispute-events">
              {dispute.events.map((event, i) => (
                <Timeline.Item key={`${event.at}-${i}`} title={ti(`invoices.disputeStatus.${event.status}`)}>
                  <Text size="xs" c="dimmed">
                    {dateTime(event.at)}
                    {nameOf(event.by) ? ` · ${nameOf(event.by)}` : ''}
                  </Text>
                  {event.note ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{event.note}</Text> : null}
                </Timeline.Item>
              ))}
            </Timeline>
          </div>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** The disputes of one invoice, with withdraw for a live one (its opener, or whoever may change disputes; confirmed first). */
export function DisputeHistory({ customerId, invoiceNumber, disputes, mayWithdraw }: { customerId: string; invoiceNumber: string; disputes: Dispute[]; mayWithdraw: (dispute: Dispute) => boolean }) {
  const { ti } = useInvoicesI18n();
  const withdraw = useWithdrawDispute(customerId);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  return (
    <Stack gap="sm" component="section" aria-labelledby="dispute-history-title" data-testid="dispute-history">
      <Title order={2} size="h3" id="dispute-history-title">{ti('invoices.disputeHistory.title')}</Title>
      {disputes.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="dispute-history-empty">{ti('invoices.disputeHistory.none')}</Text>
      ) : (
        disputes.map((dispute) => (
          <DisputeCard key={dispute.id} dispute={dispute} onWithdraw={mayWithdraw(dispute) ? () => setWithdrawing(dispute.id) : undefined} />
        ))
      )}
      {withdrawing ? (
        <ConfirmModal
          title={ti('invoices.disputeHistory.withdrawTitle')}
          text={ti('invoices.disputeHistory.withdrawText', { number: invoiceNumber })}
          confirmLabel={ti('invoices.disputeHistory.withdraw')}
          danger
          loading={withdraw.isPending}
          error={withdraw.error}
          testId="dispute-withdraw"
          onClose={() => {
            setWithdrawing(null);
            withdraw.reset();
          }}
          onConfirm={() => withdraw.mutate(withdrawing, { onSuccess: () => setWithdrawing(null) })}
        />
      ) : null}
    </Stack>
  );
}
