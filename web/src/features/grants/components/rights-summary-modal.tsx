import { Button, Group, List, Stack, Text } from '@mantine/core';
import type { ScopeOptionsResponse } from '@mandate/contracts/grants';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import type { Translate } from '../../../lib/i18n/i18n.tsx';
import { columnWord, scopeText, type AppSummary } from './rights-matrix.ts';
import { Dialog } from '../../../components/dialog.tsx';

interface RightsSummaryModalProps {
  userName: string;
  /** One per app that changes, in the order the changes are sent. */
  summaries: AppSummary[];
  scopeOptions: ScopeOptionsResponse | undefined;
  saving: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
  t: Translate;
}

/** The index of the change a refusal names (`body.changes.N…`), to say which app could not be saved. */
function failedIndex(error: unknown): number | null {
  if (!(error instanceof ApiError)) return null;
  for (const e of error.problem.errors ?? []) {
    const match = /^body\.changes\.(\d+)/.exec(e.field);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * The confirmation step of the rights editor's one Save: per app, the right that is added or
 * removed, the actions added or removed and the scope before → after, all named. The changes are
 * saved together or not at all, so a refusal says which app failed and that nothing was saved.
 */
export function RightsSummaryModal({ userName, summaries, scopeOptions, saving, error, onConfirm, onClose, t }: RightsSummaryModalProps) {
  const words = (columns: AppSummary['added']) => columns.map((c) => columnWord(t, c)).join(', ');
  const failed = failedIndex(error);
  const failedApp = failed !== null ? summaries[failed]?.app : undefined;
  return (
    <Dialog opened onClose={onClose} title={t('grants.summary.title')} centered size="lg">
      <Stack gap="md" data-testid="rights-summary">
        <Text>{t('grants.summary.intro', { name: userName })}</Text>
        <List spacing="sm">
          {summaries.map((s) => (
            <List.Item key={s.app} data-testid={`rights-summary-${s.app}`}>
              <Text fw={600} span>{t(`app.${s.app}`)}</Text>
              {s.kind === 'new' ? <Text span>{` — ${t('grants.summary.new')}`}</Text> : null}
              {s.kind === 'removed' ? <Text span>{` — ${t('grants.summary.removed')}`}</Text> : null}
              {s.added.length > 0 ? <Text size="sm">{t('grants.summary.added', { actions: words(s.added) })}</Text> : null}
              {s.removed.length > 0 ? <Text size="sm">{t('grants.summary.taken', { actions: words(s.removed) })}</Text> : null}
              {s.scope ? (
                <Text size="sm">
                  {s.scope.before
                    ? t('grants.summary.scope', { before: scopeText(t, s.scope.before, scopeOptions), after: scopeText(t, s.scope.after, scopeOptions) })
                    : t('grants.summary.scopeNew', { scope: scopeText(t, s.scope.after, scopeOptions) })}
                </Text>
              ) : null}
            </List.Item>
          ))}
        </List>
        {error ? (
          <Stack gap="xs">
            {failedApp ? (
              <Text c="red.8" fw={500} data-testid="rights-failed">{t('grants.summary.failed', { app: t(`app.${failedApp}`) })}</Text>
            ) : null}
            <ProblemAlert error={error} testId="rights-error" />
          </Stack>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="confirm-cancel">{t('common.cancel')}</Button>
          <Button onClick={onConfirm} loading={saving} data-autofocus data-testid="rights-confirm-save">{t('grants.summary.confirm')}</Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
