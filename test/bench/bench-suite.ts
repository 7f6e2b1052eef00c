import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { ChildServer } from './bench-child.ts';
import type { SuiteReport } from './bench-report.ts';

/** What bench.ts hands a suite: a fresh, migrated database of its own and the run's settings. */
export interface SuiteContext {
  db: Kysely<DB>;
  databaseUrl: string;
  /** Command-line overrides; a suite falls back to its own defaults. */
  overrides: { pairs?: number; rounds?: number; duration?: number; connections?: number; iterations?: number };
  log(message: string): void;
  /** Starts a server under test in a child process; it is stopped when the run ends, whatever happens. */
  startServer(name: string, script: './serve-app.ts' | './serve-hello.ts', env?: Record<string, string>): Promise<ChildServer>;
}

export type SuiteResult = Pick<SuiteReport, 'parameters' | 'http' | 'timings' | 'targets'>;

export interface Suite {
  name: string;
  description: string;
  /** Longer than the harness's 10-minute watchdog (a suite that may build a large database first). */
  watchdogMinutes?: number;
  run(context: SuiteContext): Promise<SuiteResult>;
}
