import type { Deps } from '../../lib/deps.ts';
import { HttpProblem } from '../../lib/problem.ts';
import { ping } from './health.repo.ts';

/** A database slower than this to answer `SELECT 1` counts as not ready: the probe must not hang. */
const READY_TIMEOUT_MS = 2000;

/** Throws 503 problem+json when the database does not answer (in time). */
export async function assertReady({ db, log }: Pick<Deps, 'db' | 'log'>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([ping(db), timeout]);
  } catch (error) {
    log.warn({ err: error }, 'readiness: the database does not answer');
    throw new HttpProblem(503, 'not_ready', 'Service unavailable', 'The database does not answer.');
  } finally {
    clearTimeout(timer);
  }
}
