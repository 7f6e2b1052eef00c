import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Options, type RawResult } from 'autocannon';

/** One HTTP load: an endpoint, its headers and the load shape. */
export interface HttpLoad {
  label: string;
  url: string;
  headers?: Record<string, string>;
  connections: number;
  /** Seconds per run. */
  duration: number;
  /** Fixed overall rate (req/s); absent = as fast as the server answers. */
  overallRate?: number;
}

export interface HttpSummary {
  label: string;
  /** autocannon, or the open-loop paced client of bench-paced.ts. */
  tool: 'autocannon' | 'paced';
  path: string;
  connections: number;
  overallRate: number | null;
  rounds: number;
  secondsPerRound: number;
  requests: number;
  /** Mean over the rounds: completed requests / seconds. */
  reqPerSec: number;
  perRoundReqPerSec: number[];
  /** Milliseconds, over all rounds merged (autocannon's histogram has a 1 ms resolution). */
  latency: { mean: number; p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Paced client only: requests not sent because a second's worth was still waiting (overload). */
  dropped: number;
}

function options(load: HttpLoad, duration = load.duration): Options {
  return {
    url: load.url,
    headers: load.headers ?? {},
    connections: load.connections,
    duration,
    timeout: 10,
    // autocannon's coordinated-omission correction assumes a 1 ms interval whenever a rate is set,
    // which invents short samples; record what was measured.
    ...(load.overallRate ? { overallRate: load.overallRate, ignoreCoordinatedOmission: true } : {}),
  };
}

async function runOnce(load: HttpLoad, duration?: number): Promise<RawResult> {
  return autocannon({ ...options(load, duration), skipAggregateResult: true });
}

export function summarize(load: HttpLoad, runs: RawResult[]): HttpSummary {
  const merged = autocannon.aggregateResult(runs, options(load));
  const perRound = runs.map((r) => r.totalCompletedRequests / r.duration);
  const requests = runs.reduce((n, r) => n + r.totalCompletedRequests, 0);
  return {
    label: load.label,
    tool: 'autocannon',
    path: new URL(load.url).pathname + new URL(load.url).search,
    connections: load.connections,
    overallRate: load.overallRate ?? null,
    rounds: runs.length,
    secondsPerRound: load.duration,
    requests,
    reqPerSec: perRound.reduce((a, b) => a + b, 0) / perRound.length,
    perRoundReqPerSec: perRound,
    latency: {
      mean: merged.latency.mean,
      p50: merged.latency.p50,
      p97_5: merged.latency.p97_5,
      p99: merged.latency.p99,
      max: merged.latency.max,
    },
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    timeouts: runs.reduce((n, r) => n + r.timeouts, 0),
    dropped: 0,
  };
}

/** Fails fast when an endpoint does not answer 200 (wrong token, missing data…). */
export async function expectOk(load: HttpLoad): Promise<void> {
  const res = await fetch(load.url, { headers: load.headers ?? {} });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${load.label}: GET ${load.url} answered ${res.status}: ${body.slice(0, 300)}`);
}

/**
 * Runs the loads in interleaved rounds (A B C, C B A, A B C…) so that machine noise and drift
 * hit all of them alike, after a short warm-up of each (not measured).
 */
export async function runInterleaved(
  loads: HttpLoad[],
  options: { rounds: number; warmupSeconds: number; log: (message: string) => void },
): Promise<HttpSummary[]> {
  const runs = await runInterleavedRaw(loads, options);
  return loads.map((load, i) => summarize(load, runs[i]!));
}

/** runInterleaved's measurements, each load's autocannon results in round order (to merge runs of several servers). */
export async function runInterleavedRaw(
  loads: HttpLoad[],
  { rounds, warmupSeconds, log }: { rounds: number; warmupSeconds: number; log: (message: string) => void },
): Promise<RawResult[][]> {
  for (const load of loads) await expectOk(load);
  if (warmupSeconds > 0) {
    for (const load of loads) {
      log(`warm-up ${load.label} (${warmupSeconds} s)`);
      await runOnce(load, warmupSeconds);
      await sleep(200);
    }
  }
  const runs = new Map<HttpLoad, RawResult[]>(loads.map((l) => [l, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? loads : [...loads].reverse();
    for (const load of order) {
      const result = await runOnce(load);
      runs.get(load)!.push(result);
      const rps = result.totalCompletedRequests / result.duration;
      log(`round ${round + 1}/${rounds} ${load.label}: ${rps.toFixed(0)} req/s${result.non2xx || result.errors ? ` (non-2xx ${result.non2xx}, errors ${result.errors})` : ''}`);
      await sleep(200);
    }
  }
  return loads.map((load) => runs.get(load)!);
}

/** Signs in through the API and returns the bearer header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) throw new Error(`sign-in of ${email} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { authorization: `Bearer ${body.accessToken}` };
}
