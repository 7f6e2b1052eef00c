import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** The resident set size of a process (kB → MB), from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** CPU time a process has used so far (user + system), in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The machine's CPU time so far, busy and in all, in ms (from /proc/stat's first line, ticks of 10 ms). */
export async function machineCpuMs(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { busy: (total - idle) * 10, total: total * 10 };
}

/**
 * What the machine spent while `fn` ran: the share of all cores busy and the CPU ms of process
 * `pid` (the app), so a saturated run can be told apart from a slow one.
 */
export async function cpuDuring<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; machineBusy: number; appCpuMs: number }> {
  const [m0, p0] = [await machineCpuMs(), await processCpuMs(pid)];
  const result = await fn();
  const [m1, p1] = [await machineCpuMs(), await processCpuMs(pid)];
  return { result, machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total), appCpuMs: p1 - p0 };
}

/** Samples a process's RSS every `everyMs` until stopped: the largest value seen. */
export function sampleRss(pid: number, everyMs = 50) {
  let max = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      max = Math.max(max, await rssMb(pid).catch(() => 0));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { stop: async () => { stopped = true; await loop; return max; } };
}

export interface Download { status: number; bytes: number; lines: number; rowCountHeader: number | null; ms: number }

/** GETs a (streamed) file and counts its bytes and lines without keeping it. */
export function download(url: string, headers: Record<string, string>): Promise<Download> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { headers }, (res) => {
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => {
        const header = res.headers['x-row-count'];
        resolve({ status: res.statusCode ?? 0, bytes, lines, rowCountHeader: header === undefined ? null : Number(header), ms: performance.now() - t0 });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** One GET, its status and body (JSON when it parses). */
export function getJson<T = unknown>(url: string, headers: Record<string, string>): Promise<{ status: number; body: T; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: body as T, ms: performance.now() - t0 });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * Where a long database operation spends its time: polls pg_stat_activity of `database` (other
 * sessions, active) every `everyMs` and counts the samples per statement (its first words).
 */
export function sampleStatements(url: string, database: string, everyMs = 100) {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let stopped = false;
  let samples = 0;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`, [database]);
      samples++;
      for (const r of rows) {
        const key = r.query.replace(/\s+/g, ' ').trim().slice(0, 70);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([statement, n]) => ({ statement, seconds: (n * everyMs) / 1000 }));
    },
    get samples() { return samples; },
  };
}
