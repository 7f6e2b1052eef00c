import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { ApiError } from '../../../lib/api-client.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';

export interface ReasonConfirmModalProps {
  opened: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  /** 'required': the reason must be given; 'optional': may be given; 'none': no reason field. */
  reason: 'required' | 'optional' | 'none';
  danger?: boolean;
  loading?: boolean;
  error?: unknown;
  onConfirm: (reason: string) => void;
  onClose: () => void;
  /** data-testid of the confirm button: confirm-<testId>. */
  testId: string;
}

/** A confirmation before a far-reaching action, with its reason where one is asked (refusal, suspension…). */
export function ReasonConfirmModal(props: ReasonConfirmModalProps) {
  const { opened, title, text, confirmLabel, reason, danger = false, loading = false, error, onConfirm, onClose, testId } = props;
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = reason === 'required' && value.trim() === '';
  const close = () => {
    setValue('');
    setTouched(false);
    onClose();
  };
  const problem = error instanceof ApiError ? (error.problem.detail ?? error.problem.title) : error ? t('error.generic.text') : null;
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (!missing) onConfirm(value.trim());
        }}
      >
        <Stack gap="md">
          <Text>{text}</Text>
          {reason !== 'none' && (
            <Textarea
              label={t('dlg.reason')}
              description={reason === 'optional' ? t('dlg.reasonOptional') : undefined}
              required={reason === 'required'}
              value={value}
              onChange={(event) => setValue(event.currentTarget.value)}
              error={touched && missing ? t('dlg.reasonRequired') : undefined}
              maxLength={1000}
              autosize
              minRows={2}
              data-autofocus
              data-testid="reason-input"
            />
          )}
          {problem && (
            <Alert color="red" variant="light" role="alert" data-testid="modal-error">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-testid="confirm-cancel">
              {t('dlg.cancel')}
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={loading} data-testid={`confirm-${testId}`}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
