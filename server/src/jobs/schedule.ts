import type { FastifyInstance } from 'fastify';

export interface ScheduledJob {
  /** For the log. */
  name: string;
  /** How often it runs (ms); 0: never (tests call the job's function after moving the clock). */
  intervalMs: number;
  /** Run once as soon as the app is ready too (a process that was down catches up). */
  runAtStart?: boolean;
  run: () => Promise<void>;
}

/**
 * Runs an idempotent job on an interval while the app is up: started when the app is ready, never
 * two runs at once in this process, stopped on close after the run under way. Jobs coordinate
 * across processes through PostgreSQL (row locks, SKIP LOCKED, recorded work), not here.
 */
export function scheduleJob(app: FastifyInstance, job: ScheduledJob): void {
  if (!job.intervalMs) return;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= job
      .run()
      .catch((error: unknown) => app.log.error({ err: error }, `${job.name} failed`))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onReady', async () => {
    if (job.runAtStart) tick();
    timer = setInterval(tick, job.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
