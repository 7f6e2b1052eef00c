import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useI18n } from '../../../lib/i18n/i18n.tsx';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  danger?: boolean;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** e.g. "suspend" → data-testid confirm-suspend on the confirm button. */
  testId: string;
}

/** A confirmation before a destructive or far-reaching action; Escape or Cancel closes it. */
export function ConfirmModal({ opened, title, text, confirmLabel, danger = false, loading = false, onConfirm, onClose, testId }: ConfirmModalProps) {
  const { t } = useI18n();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack gap="md">
        <Text>{text}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="confirm-cancel">
            {t('userAdmin.cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={loading} onClick={onConfirm} data-testid={`confirm-${testId}`} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
