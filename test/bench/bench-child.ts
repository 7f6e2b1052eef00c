import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  name: string;
  pid: number;
  baseUrl: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts one HTTP server under test in a child process (`node --import tsx <script>`), so that it
 * has a core of its own while autocannon runs in this process. The child prints `{"port":N}`;
 * anything else it writes is passed on to stderr.
 */
export function startChildServer(name: string, script: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<ChildServer>((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name}: no port announced within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening (code ${code}, signal ${signal})`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!started) {
        try {
          const message = JSON.parse(line) as { port?: unknown };
          if (typeof message.port === 'number' && Object.keys(message).length === 1) {
            started = true;
            clearTimeout(timer);
            resolve({ name, pid: child.pid!, baseUrl: `http://127.0.0.1:${message.port}`, stop });
            return;
          }
        } catch {
          // not the announcement
        }
      }
      process.stderr.write(`[${name}] ${line}\n`);
    });
  });
}

/**
 * Runs a one-shot measurement script in a child process (`node --import tsx <script>`) with `env`,
 * and returns the JSON it prints as its last line on stdout.
 */
export function runChildJson<T>(script: string, env: Record<string, string>): Promise<T> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let last = '';
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.trim()) last = line;
  });
  return new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${script} failed (code ${code}, signal ${signal})`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result (last line: ${last.slice(0, 200)})`));
      }
    });
  });
}
