import { Alert, List } from '@mantine/core';
import { ApiError, NetworkError } from '../../../lib/api-client.ts';
import { useI18n } from '../../../lib/i18n/i18n.tsx';

/** The problem+json of a failed change, shown next to the form that caused it (with the fields at fault). */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const title = error instanceof NetworkError ? t('error.network.title') : error instanceof ApiError ? error.problem.title : t('error.generic.title');
  const detail = error instanceof NetworkError ? t('error.network.text') : error instanceof ApiError ? error.problem.detail : t('error.generic.text');
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid="problem-alert">
      {fields.length > 0 ? (
        <List size="sm">
          {fields.map((f) => (
            <List.Item key={f.field}>
              {f.field}: {f.message}
            </List.Item>
          ))}
        </List>
      ) : (
        detail
      )}
    </Alert>
  );
}
