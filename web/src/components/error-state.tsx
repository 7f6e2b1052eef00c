import { Alert, Button, Stack, Text } from '@mantine/core';
import { ApiError, NetworkError } from '../lib/api-client.ts';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { NotFound } from './status-page.tsx';

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
  /** Show a 404 as an inline message instead of the not-found page. */
  inline?: boolean;
}

/**
 * How the SPA shows a failed request: 403 → no access; 404 → not found; network → retry;
 * anything else → the problem's title and detail (RFC 9457) with a retry.
 */
export function ErrorState({ error, onRetry, inline = false }: ErrorStateProps) {
  const { t } = useI18n();

  if (error instanceof ApiError && error.status === 404 && !inline) return <NotFound />;

  let title: string;
  let text: string | undefined;
  let retry = onRetry;
  let fieldErrors: { field: string; message: string }[] = [];
  if (error instanceof NetworkError) {
    title = t('error.network.title');
    text = t('error.network.text');
  } else if (error instanceof ApiError && error.status === 403) {
    title = t('error.notAvailable.title');
    text = t('error.forbidden');
    retry = undefined;
  } else if (error instanceof ApiError) {
    title = error.problem.title || (error.status === 400 ? t('error.validation.title') : t('error.generic.title'));
    text = error.problem.detail ?? (error.status >= 500 ? t('error.generic.text') : undefined);
    fieldErrors = error.problem.errors ?? [];
    if (error.status < 500) retry = undefined;
  } else {
    title = t('error.generic.title');
    text = t('error.generic.text');
  }

  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid="error-state">
      <Stack gap="xs" align="flex-start">
        {text ? <Text size="sm">{text}</Text> : null}
        {fieldErrors.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: '1.25rem' }}>
            {fieldErrors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                <Text size="sm">
                  <strong>{e.field}</strong>: {e.message}
                </Text>
              </li>
            ))}
          </ul>
        ) : null}
        {retry ? (
          <Button size="xs" variant="white" color="red" onClick={retry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
