import type { ReactNode } from 'react';
import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../lib/i18n/i18n.tsx';

interface StatusPageProps {
  title: string;
  text: string;
  testId: string;
  action?: ReactNode;
}

/** A full page message: not found, not available. Always offers a way back home. */
export function StatusPage({ title, text, testId, action }: StatusPageProps) {
  const { t } = useI18n();
  return (
    <Stack align="flex-start" gap="md" py="xl" data-testid={testId}>
      <Title order={1}>{title}</Title>
      <Text>{text}</Text>
      {action ?? (
        <Button component={Link} to="/" variant="light">
          {t('common.goHome')}
        </Button>
      )}
    </Stack>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return <StatusPage testId="not-found" title={t('error.notFound.title')} text={t('error.notFound.text')} />;
}

export function CustomerNotFound() {
  const { t } = useI18n();
  return <StatusPage testId="not-found" title={t('error.customerNotFound.title')} text={t('error.customerNotFound.text')} />;
}

export function NotAvailable() {
  const { t } = useI18n();
  return <StatusPage testId="not-available" title={t('error.notAvailable.title')} text={t('error.forbidden')} />;
}
