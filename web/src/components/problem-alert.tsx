import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { useI18n } from '../lib/i18n/i18n.tsx';
import { describeError } from '../lib/problem.ts';

interface ProblemAlertProps {
  error: unknown;
  /** Offered only where asking again can help (network, 5xx). */
  onRetry?: (() => void) | undefined;
  testId?: string;
}

/** A failed request: its text in the user's language, the fields at fault, and a retry where it can help. */
export function ProblemAlert({ error, onRetry, testId = 'problem-alert' }: ProblemAlertProps) {
  const { t } = useI18n();
  if (!error) return null;
  const problem = describeError(t, error);
  return (
    <Alert color="red" variant="light" title={problem.title} role="alert" data-testid={testId}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{problem.text}</Text>
        {problem.fields.length > 0 ? (
          <List size="sm">
            {problem.fields.map((f) => (
              <List.Item key={`${f.field}:${f.message}`}>
                {f.field}: {f.message}
              </List.Item>
            ))}
          </List>
        ) : null}
        {onRetry && problem.retryable ? (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
