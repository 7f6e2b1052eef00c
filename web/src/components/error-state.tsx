import { ApiError } from '../lib/api-client.ts';
import { ProblemAlert } from './problem-alert.tsx';
import { NotFound } from './status-page.tsx';

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
  /** Show a 404 as an inline message instead of the not-found page. */
  inline?: boolean;
}

/** A page or list that could not load: a 404 is the not-found page (unless inline), anything else a ProblemAlert. */
export function ErrorState({ error, onRetry, inline = false }: ErrorStateProps) {
  if (error instanceof ApiError && error.status === 404 && !inline) return <NotFound />;
  return <ProblemAlert error={error} onRetry={onRetry} testId="error-state" />;
}
