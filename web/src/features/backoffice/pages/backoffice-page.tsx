import { Alert, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useI18n } from '../../../lib/i18n/i18n.tsx';

/** /backoffice — the operator's landing page; the work queues come with a later issue. */
export function BackofficePage() {
  const { t } = useI18n();
  useDocumentTitle(`${t('backoffice.title')} · ${t('product.name')}`);
  return (
    <Stack gap="lg" maw={760} data-testid="backoffice">
      <Title order={1}>{t('backoffice.title')}</Title>
      <Text>{t('backoffice.description')}</Text>
      <Alert variant="light" color="blue" title={t('appLanding.laterReleaseTitle')}>
        {t('backoffice.queues')}
      </Alert>
    </Stack>
  );
}
