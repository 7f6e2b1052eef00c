import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../server/src/server.ts', import.meta.url));
/** What `pnpm build` makes and `pnpm start` runs. */
export const BUILT_SERVER = fileURLToPath(new URL('../../server/dist/server.js', import.meta.url));

/** A real server process (`node --import tsx server/src/server.ts`, or the built one), its log lines parsed as they come. */
export interface ServerProcess {
  child: ChildProcess;
  /** Every JSON log line so far (and `{ msg }` for any other output). */
  lines: Array<Record<string, unknown>>;
  /** Resolves with the first line `match` accepts (already written or still to come). */
  waitFor(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves once it has listened, with its address. */
  listening(timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServerProcess(env: Record<string, string>, options: { built?: boolean } = {}): ServerProcess {
  const child = spawn(process.execPath, options.built ? [BUILT_SERVER] : ['--import', 'tsx', SERVER], {
    env: { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', MANDATE_WEB_DIST: '', DATABASE_URL: '', ...env },
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const onLine = (text: string) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      line = { msg: text };
    }
    lines.push(line);
    for (const waiter of waiters) waiter();
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const waiter of waiters) waiter();
    });
  });

  const waitFor = (match: (line: Record<string, unknown>) => boolean, timeoutMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (found) return done(() => resolve(found));
        if (child.exitCode !== null || child.signalCode !== null) {
          return done(() => reject(new Error(`the server exited (${child.exitCode ?? child.signalCode}); its output:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`)));
        }
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no such line within ${timeoutMs} ms; output:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return {
    child, lines, waitFor, exited,
    listening: async (timeoutMs) => {
      const line = await waitFor((l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening at http://127.0.0.1:'), timeoutMs);
      return /(http:\/\/127\.0\.0\.1:\d+)/.exec(String(line.msg))![1]!;
    },
  };
}
