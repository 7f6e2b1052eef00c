import { Alert, Button, Center, Stack, Text } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { NotFound } from '../components/status-page.tsx';
import { useI18n } from '../lib/i18n/i18n.tsx';

/** Last resort for a page that crashed while rendering: say so and offer a reload, never a blank page. */
export function RouteError() {
  const { t } = useI18n();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Center p="xl">
        <NotFound />
      </Center>
    );
  }
  console.error(error);
  return (
    <Center mih="60vh" p="md">
      <Alert color="red" variant="light" title={t('error.generic.title')} role="alert" maw={520}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('error.generic.text')}</Text>
          <Button size="xs" variant="white" color="red" onClick={() => window.location.reload()}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    </Center>
  );
}
