import { useState } from 'react';
import { withVat } from '@mandate/domain/money';
import { Alert, Button, Checkbox, Group, Radio, ScrollArea, Stack, Text, Textarea } from '@mantine/core';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { formatDate } from '../../../lib/format.ts';
import { useCreateDispute } from '../api/invoices-api.ts';
import type { Dispute, InvoiceDetail } from '../api/invoices-types.ts';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import { Dialog } from '../../../components/dialog.tsx';

const REASON_MAX = 2000;

/**
 * The lines that may still be disputed, as the server says: those in no dispute but a withdrawn
 * one (a rejected dispute was decided: its amount is due again, but its lines are not disputed twice).
 */
export function disputableLines(invoice: InvoiceDetail): InvoiceDetail['lines'] {
  return invoice.lines.filter((line) => line.disputable);
}

/**
 * INV-7: what a dispute of `lineNos` (null: the whole invoice) takes from what is due, incl. VAT as the
 * invoice's total, and what stays due, as the server will count them: each line with its VAT rounded on
 * its own, never more than is still undisputed, and the last lines left take exactly what remains.
 */
export function disputedAmounts(invoice: InvoiceDetail, lineNos: readonly number[] | null): { disputedCents: number; stillDueCents: number } {
  const remaining = invoice.undisputedCents;
  if (lineNos === null) return { disputedCents: invoice.amountInclVatCents, stillDueCents: Math.max(0, remaining - invoice.amountInclVatCents) };
  const chosen = disputableLines(invoice).filter((line) => lineNos.includes(line.lineNo));
  if (chosen.length === 0) return { disputedCents: 0, stillDueCents: remaining };
  const ofLines = chosen.reduce((sum, line) => sum + withVat(line.amountExclVatCents, line.vatRateBp).cents, 0);
  const lastLines = invoice.lines.length === invoice.lines.filter((line) => line.disputed).length + chosen.length;
  const disputedCents = lastLines ? remaining : Math.min(ofLines, remaining);
  return { disputedCents, stillDueCents: remaining - disputedCents };
}

interface DisputeModalProps {
  customerId: string;
  invoice: InvoiceDetail;
  onClose: () => void;
  onSent: (dispute: Dispute) => void;
}

/**
 * INV-7: dispute the whole invoice or some of its lines, with a reason, and ask for a free detailed
 * invoice. The deadline (30 days after the invoice date) is said; the undisputed part stays due.
 */
export function DisputeModal({ customerId, invoice, onClose, onSent }: DisputeModalProps) {
  const { t, ti, eur, locale } = useInvoicesI18n();
  const mutation = useCreateDispute(customerId, invoice.id);
  const open = disputableLines(invoice);
  const [scope, setScope] = useState<'whole' | 'lines'>(open.length < invoice.lines.length ? 'lines' : 'whole');
  const [lineNos, setLineNos] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [detailedInvoice, setDetailedInvoice] = useState(false);
  const [tried, setTried] = useState(false);

  const reasonError = tried && reason.trim() === '' ? ti('invoices.dispute.reasonRequired') : null;
  const linesError = tried && scope === 'lines' && lineNos.length === 0 ? ti('invoices.dispute.chooseLines') : null;
  const { disputedCents, stillDueCents } = disputedAmounts(invoice, scope === 'whole' ? null : lineNos.map(Number));

  const submit = () => {
    setTried(true);
    if (reason.trim() === '' || (scope === 'lines' && lineNos.length === 0)) return;
    mutation.mutate(
      { reason: reason.trim(), detailedInvoice, ...(scope === 'lines' ? { lineNos: lineNos.map(Number).sort((a, b) => a - b) } : {}) },
      { onSuccess: onSent },
    );
  };

  const error = mutation.error;
  const knownError =
    error instanceof ApiError && error.code === 'dispute_window_closed'
      ? ti('invoices.dispute.windowClosed')
      : error instanceof ApiError && error.code === 'already_disputed'
        ? ti('invoices.dispute.alreadyDisputed')
        : null;

  return (
    <Dialog opened onClose={onClose} title={ti('invoices.dispute.title', { number: invoice.number })} size="lg" centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm" data-testid="dispute-deadline">{ti('invoices.dispute.deadline', { date: formatDate(invoice.disputeDeadline, locale) })}</Text>
          <Radio.Group label={ti('invoices.dispute.scope')} value={scope} onChange={(value) => setScope(value === 'lines' ? 'lines' : 'whole')}>
            <Group gap="lg" mt={6}>
              {/* The dialog starts on its first choice, what is disputed; the reason follows it. */}
              <Radio value="whole" label={ti('invoices.dispute.whole')} disabled={open.length < invoice.lines.length} data-autofocus={scope === 'whole' || undefined} data-testid="dispute-scope-whole" />
              <Radio value="lines" label={ti('invoices.dispute.someLines')} data-autofocus={scope === 'lines' || undefined} data-testid="dispute-scope-lines" />
            </Group>
          </Radio.Group>
          {scope === 'lines' ? (
            open.length === 0 ? (
              <Text size="sm" c="dimmed">{ti('invoices.dispute.noLinesLeft')}</Text>
            ) : (
              <Checkbox.Group label={ti('invoices.dispute.linesLabel')} value={lineNos} onChange={setLineNos} error={linesError} required>
                <ScrollArea.Autosize mah={240} mt={6} type="auto">
                  <Stack gap={6} pr="sm">
                    {open.map((line) => (
                      <Checkbox
                        key={line.lineNo}
                        value={String(line.lineNo)}
                        label={`${ti('invoices.dispute.lineOption', { no: line.lineNo, description: line.description || ti(`invoices.chargeType.${line.chargeType}`) })}${line.msisdn ? ` · ${line.msisdn}` : ''} · ${eur(line.amountExclVatCents)}`}
                        data-testid={`dispute-line-${line.lineNo}`}
                      />
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              </Checkbox.Group>
            )
          ) : null}
          <Textarea
            label={ti('invoices.dispute.reason')}
            description={ti('invoices.dispute.reasonHint')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            maxLength={REASON_MAX}
            autosize
            minRows={3}
            required
            error={reasonError}
            data-testid="dispute-reason"
          />
          <Checkbox
            label={ti('invoices.dispute.detailedInvoice')}
            checked={detailedInvoice}
            onChange={(event) => setDetailedInvoice(event.currentTarget.checked)}
            data-testid="dispute-detailed-invoice"
          />
          <Alert color="gray" variant="light">
            <Text size="sm" fw={500} data-testid="dispute-amount">{ti('invoices.dispute.disputedAmount', { amount: eur(disputedCents) })}</Text>
            <Text size="sm" data-testid="dispute-still-due">{ti('invoices.dispute.remaining', { amount: eur(stillDueCents) })}</Text>
          </Alert>
          {knownError ? (
            <Alert color="red" variant="light" role="alert" data-testid="modal-error">{knownError}</Alert>
          ) : (
            <ProblemAlert error={error} testId="modal-error" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="dispute-cancel">{t('common.cancel')}</Button>
            <Button type="submit" loading={mutation.isPending} data-testid="dispute-submit">{ti('invoices.dispute.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
