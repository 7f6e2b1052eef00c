import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { ApiError, type RequestOptions } from '../../../lib/api-client.ts';
import { saveBlob, streamExport, type ExportProgress } from '../api/stream-export.ts';
import { useInvoicesI18n } from '../i18n/invoices-i18n.ts';
import { sizeText } from './invoice-format.tsx';

export type ExportFormat = 'csv' | 'xlsx';

/** A long label (e.g. Dutch) wraps on a phone rather than widening the page. */
const WRAPPING = { root: { height: 'auto', minHeight: 'var(--button-height)', paddingBlock: 6, maxWidth: '100%' }, label: { whiteSpace: 'normal', textAlign: 'center' } } as const;

type State =
  | { kind: 'idle' }
  | { kind: 'running'; format: ExportFormat; progress: ExportProgress }
  | { kind: 'done'; format: ExportFormat; filename: string; progress: ExportProgress }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: unknown };

interface ExportPanelProps {
  /** The export's path (…/call-details/export); the format is added to `query`. */
  path: string;
  query: RequestOptions['query'];
  formats: readonly ExportFormat[];
  /** The file name when the server names none (without extension). */
  baseName: string;
  /** Labels of the buttons, by format. */
  labels?: Partial<Record<ExportFormat, string>>;
  /** What the file holds, under the buttons. */
  description?: string;
  testId: string;
  disabled?: boolean;
}

/**
 * Export buttons with the progress of the file as it streams in: the rows received of those the
 * server announced (CSV), or the size received (XLSX arrives zipped); cancel at any moment. The
 * file is then saved by the browser.
 */
export function ExportPanel({ path, query, formats, baseName, labels, description, testId, disabled = false }: ExportPanelProps) {
  const i18n = useInvoicesI18n();
  const { ti, count } = i18n;
  const [state, setState] = useState<State>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = async (format: ExportFormat) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    let last: ExportProgress = { total: null, rows: null, bytes: 0 };
    setState({ kind: 'running', format, progress: last });
    try {
      const result = await streamExport(path, { ...query, format }, {
        signal: abort.signal,
        fallbackName: `${baseName}.${format}`,
        onProgress: (progress) => {
          last = progress;
          if (!abort.signal.aborted) setState({ kind: 'running', format, progress });
        },
      });
      if (abort.signal.aborted) return;
      saveBlob(result.blob, result.filename);
      setState({ kind: 'done', format, filename: result.filename, progress: { ...last, rows: last.rows ?? last.total } });
    } catch (error) {
      if (abort.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) setState({ kind: 'cancelled' });
      else setState({ kind: 'failed', error });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const cancel = () => {
    controller.current?.abort();
    setState({ kind: 'cancelled' });
  };

  const running = state.kind === 'running';
  // The finished export keeps its last figures (all rows received) next to the message that the file was saved.
  const progress = state.kind === 'running' || state.kind === 'done' ? state.progress : null;
  const rows = progress?.rows ?? null;
  const total = progress?.total ?? null;
  const percent = rows !== null && total ? Math.min(100, Math.round((rows / total) * 100)) : running ? null : 100;

  return (
    <Stack gap="xs" data-testid={testId}>
      <Group gap="sm">
        {formats.map((format) => (
          <Button
            key={format}
            variant="default"
            styles={WRAPPING}
            onClick={() => void start(format)}
            disabled={disabled || running}
            loading={running && state.format === format}
            data-testid={`${testId}-${format}`}
          >
            {labels?.[format] ?? ti(format === 'csv' ? 'invoices.export.csv' : 'invoices.export.xlsx')}
          </Button>
        ))}
      </Group>
      {description ? <Text size="xs" c="dimmed" maw={360}>{description}</Text> : null}
      {progress ? (
        <Paper withBorder p="sm" data-testid={`${testId}-progress`} data-state={state.kind}>
          <Stack gap={6}>
            <Group justify="space-between" wrap="wrap">
              <Text size="sm" role="status" aria-live="polite" data-testid={`${testId}-progress-text`}>
                {running ? `${ti('invoices.export.running')} ` : ''}
                {rows !== null && total !== null
                  ? ti('invoices.export.rows', { done: count(Math.min(rows, total)), total: count(total) })
                  : ti('invoices.export.bytes', { size: sizeText(i18n, progress.bytes) })}
              </Text>
              {running ? (
                <Button size="xs" variant="subtle" color="red" onClick={cancel} data-testid={`${testId}-cancel`}>
                  {ti('invoices.export.cancel')}
                </Button>
              ) : null}
            </Group>
            <ProgressBar
              drawn={running ? (percent ?? 100) : 100}
              now={percent ?? undefined}
              busy={running && percent === null}
              label={ti('invoices.export.progress')}
              valueText={percent === null ? sizeText(i18n, progress.bytes) : `${percent} %`}
              testId={`${testId}-progress-bar`}
            />
          </Stack>
        </Paper>
      ) : null}
      {state.kind === 'done' ? (
        <Alert color="green" variant="light" role="status" withCloseButton onClose={() => setState({ kind: 'idle' })} data-testid={`${testId}-done`}>
          {ti('invoices.export.done', { name: state.filename })}
        </Alert>
      ) : null}
      {state.kind === 'cancelled' ? (
        <Text size="sm" c="dimmed" role="status" data-testid={`${testId}-cancelled`}>
          {ti('invoices.export.cancelled')}
        </Text>
      ) : null}
      {state.kind === 'failed' ? (
        state.error instanceof ApiError && state.error.code === 'export_too_large' ? (
          <Alert color="red" variant="light" role="alert" data-testid={`${testId}-error`}>
            {ti('invoices.export.tooLarge')}
          </Alert>
        ) : (
          <ProblemAlert error={state.error} onRetry={() => void start(formats[0]!)} testId={`${testId}-error`} />
        )
      ) : null}
    </Stack>
  );
}
