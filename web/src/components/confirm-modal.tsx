import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { OptionalReasonBody } from '@mandate/contracts/delegations';
import { useSchemaForm } from '../lib/form.ts';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { ProblemAlert } from './problem-alert.tsx';
import { Dialog } from './dialog.tsx';

export interface ConfirmModalProps {
  title: string;
  text: string;
  confirmLabel: string;
  /** 'required': a reason must be given (a refusal, a suspension); 'optional': may be given; 'none' (default): no reason field. */
  reason?: 'required' | 'optional' | 'none';
  danger?: boolean;
  loading?: boolean;
  /** The failed request, shown in the dialog. */
  error?: unknown;
  onConfirm: (reason: string) => void;
  onClose: () => void;
  /** data-testid of the confirm button: confirm-<testId>. */
  testId: string;
  /** The button that closes the dialog without acting (default: Cancel), for when the action itself is a cancellation. */
  dismissLabel?: string;
}

/**
 * The one confirmation dialog before a destructive or far-reaching action, with its reason where
 * one is asked. The caller mounts it while it is open; Escape or Cancel closes it. Without a reason
 * to type, focus starts on the confirm button, except for a destructive action: there it starts on
 * Cancel, so that an Enter pressed out of habit does not destroy anything.
 */
export function ConfirmModal({
  title, text, confirmLabel, reason = 'none', danger = false, loading = false, error, onConfirm, onClose, testId, dismissLabel,
}: ConfirmModalProps) {
  const { t } = useI18n();
  const form = useSchemaForm({
    initialValues: { reason: '' },
    schema: OptionalReasonBody,
    toBody: (values) => (values.reason.trim() ? { reason: values.reason.trim() } : {}),
    refine: (values) => ({ reason: reason === 'required' && values.reason.trim() === '' && t('dlg.reasonRequired') }),
  });
  return (
    <Dialog opened onClose={onClose} title={title} centered>
      <form noValidate onSubmit={form.onSubmit((values) => onConfirm(values.reason.trim()))}>
        <Stack gap="md">
          <Text>{text}</Text>
          {reason !== 'none' ? (
            <Textarea
              label={t('dlg.reason')}
              description={reason === 'optional' ? t('dlg.reasonOptional') : undefined}
              required={reason === 'required'}
              maxLength={1000}
              autosize
              minRows={2}
              data-autofocus
              data-testid="reason-input"
              {...form.getInputProps('reason')}
            />
          ) : null}
          <ProblemAlert error={error} testId="modal-error" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="confirm-cancel" data-autofocus={(reason === 'none' && danger) || undefined}>
              {dismissLabel ?? t('common.cancel')}
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={loading} data-testid={`confirm-${testId}`} data-autofocus={(reason === 'none' && !danger) || undefined}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
