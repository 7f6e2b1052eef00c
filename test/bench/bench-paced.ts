import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpLoad, HttpSummary } from './bench-http.ts';
import { summarize } from './bench-stats.ts';

function get(url: URL, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent, timeout: 10_000 }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * An open-loop load at a truly fixed rate: request k is due at start + k/rate, whatever happened
 * to the earlier ones, and its latency counts from that due time (no coordinated omission).
 * autocannon's `overallRate` instead lets every connection send its share back-to-back at the top
 * of each second, which measures one-second bursts rather than a steady rate.
 * Bounded: when a second's worth of requests is still waiting the server is overloaded; further
 * requests are dropped (counted) instead of piling up.
 */
export async function runPaced(load: HttpLoad & { overallRate: number }, duration = load.duration): Promise<HttpSummary> {
  const url = new URL(load.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const interval = 1000 / load.overallRate;
  const total = Math.round(load.overallRate * duration);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let dropped = 0;
  let waiting = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let k = 0; k < total; k++) {
    const due = start + k * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    if (waiting >= load.overallRate) {
      dropped++;
      continue;
    }
    waiting++;
    pending.push(get(url, load.headers ?? {}, agent).then(
      (status) => {
        if (status >= 200 && status < 300) latencies.push(performance.now() - due);
        else non2xx++;
      },
      () => {
        errors++;
      },
    ).finally(() => {
      waiting--;
    }));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const stats = summarize(latencies);
  return {
    label: load.label,
    tool: 'paced',
    path: url.pathname + url.search,
    connections: load.connections,
    overallRate: load.overallRate,
    rounds: 1,
    secondsPerRound: duration,
    requests: latencies.length,
    reqPerSec: latencies.length / seconds,
    perRoundReqPerSec: [latencies.length / seconds],
    latency: { mean: stats.mean, p50: stats.p50, p97_5: stats.p97_5, p99: stats.p99, max: stats.max },
    non2xx,
    errors,
    timeouts: 0,
    dropped,
  };
}
